"""The data directory: SFTKL_HOME, else platformdirs' user data directory; an older
hand-computed location is moved there once; the sandbox hides every one of them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sftkl.practice import workspace


@pytest.fixture
def no_sftkl_home(monkeypatch):
    monkeypatch.delenv("SFTKL_HOME", raising=False)
    monkeypatch.setattr(workspace, "_migrated", False)


def _locations(monkeypatch, tmp_path, old_name="old", new_name="new"):
    import platformdirs

    old, new = tmp_path / old_name / "sftkl", tmp_path / new_name / "sftkl"
    monkeypatch.setattr(workspace, "legacy_home", lambda: old)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app, appauthor=None: str(new))
    return old, new


def test_sftkl_home_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("SFTKL_HOME", str(tmp_path / "mine"))
    assert workspace.data_home() == tmp_path / "mine"


def test_default_is_platformdirs_user_data_dir(no_sftkl_home, monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert workspace.data_home() == Path(platformdirs.user_data_dir("sftkl", appauthor=False))
    if sys.platform.startswith("linux"):
        assert workspace.data_home() == tmp_path / "xdg" / "sftkl"
        # here the old hand-computed place and platformdirs' agree: nothing to move
        assert workspace.legacy_home() == workspace.data_home()


def test_an_old_directory_is_moved_in_place_once(no_sftkl_home, monkeypatch, tmp_path, capsys):
    old, new = _locations(monkeypatch, tmp_path)
    (old / "backups").mkdir(parents=True)
    (old / "progress.sqlite3").write_bytes(b"db")
    (old / "backups" / "x.py").write_text("mine")
    assert workspace.data_home() == new
    assert not old.exists()
    assert (new / "progress.sqlite3").read_bytes() == b"db" and (new / "backups" / "x.py").read_text() == "mine"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"moved sftkl's data directory from {old} to {new}" in err
    workspace.data_home()  # once per process, and nothing left to move
    assert capsys.readouterr().err == ""


def test_a_move_across_filesystems_copies_then_renames(no_sftkl_home, monkeypatch, tmp_path, capsys):
    import errno

    old, new = _locations(monkeypatch, tmp_path)
    old.mkdir(parents=True)
    (old / "progress.sqlite3").write_bytes(b"db")
    real_rename = os.rename

    def rename(src, dst):
        if Path(src) == old:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    assert workspace.data_home() == new
    assert (new / "progress.sqlite3").read_bytes() == b"db" and not old.exists()
    assert [p.name for p in new.parent.iterdir()] == ["sftkl"]  # no staging copy left
    assert "moved sftkl's data directory" in capsys.readouterr().err


def test_when_both_exist_the_new_one_is_used_and_the_old_left_alone(no_sftkl_home, monkeypatch, tmp_path, capsys):
    old, new = _locations(monkeypatch, tmp_path)
    old.mkdir(parents=True)
    (old / "progress.sqlite3").write_bytes(b"old")
    new.mkdir(parents=True)
    (new / "progress.sqlite3").write_bytes(b"new")
    monkeypatch.setenv("SFTKL_LANG", "zh")
    assert workspace.data_home() == new
    assert (old / "progress.sqlite3").read_bytes() == b"old" and (new / "progress.sqlite3").read_bytes() == b"new"
    assert f"旧目录 {old} 保持不动" in capsys.readouterr().err
    monkeypatch.setattr(workspace, "_migrated", False)  # a later process: said once only
    workspace.data_home()
    assert capsys.readouterr().err == ""


def test_a_failed_move_leaves_the_old_directory_and_says_what_to_do(no_sftkl_home, monkeypatch, tmp_path, capsys):
    old, new = _locations(monkeypatch, tmp_path)
    old.mkdir(parents=True)
    (old / "progress.sqlite3").write_bytes(b"db")
    monkeypatch.setattr(os, "rename", lambda *a: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    assert workspace.data_home() == new
    assert (old / "progress.sqlite3").read_bytes() == b"db"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"set SFTKL_HOME={old}" in err


def test_migration_through_the_cli(tmp_path):
    """A real `sftkl progress` with the old location at a different place than platformdirs'
    (XDG_DATA_HOME relative: the old code took it, platformdirs ignores it)."""
    home = tmp_path / "home"
    old = tmp_path / "rel" / "sftkl"
    old.mkdir(parents=True)
    (old / "workspaces.json").write_text("{}")
    env = {k: v for k, v in os.environ.items() if k != "SFTKL_HOME"}
    env.update(HOME=str(home), XDG_DATA_HOME="rel")
    if not sys.platform.startswith("linux"):
        pytest.skip("the relative XDG_DATA_HOME difference is Linux's")
    sftkl = Path(sys.executable).with_name("sftkl")
    r = subprocess.run([str(sftkl), "progress", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    new = home / ".local" / "share" / "sftkl"
    assert (new / "workspaces.json").is_file() and not old.exists()
    assert r.stderr.strip() == f"moved sftkl's data directory from rel/sftkl to {new} (this platform's standard place)"
    import json

    json.loads(r.stdout)  # stdout stays one JSON object


def test_sandbox_hides_the_default_data_directory_too(monkeypatch, tmp_path):
    """With SFTKL_HOME unset the learner's real data directory (platformdirs') is hidden when
    it lies inside what the sandbox binds (a Python installed under ~/.local, say)."""
    import platformdirs

    from sftkl.sandbox import jail

    for xdg in (None, str(tmp_path / "xdg")):
        if xdg:
            monkeypatch.setenv("XDG_DATA_HOME", xdg)
        else:
            monkeypatch.delenv("XDG_DATA_HOME", raising=False)
        monkeypatch.setenv("HOME", str(tmp_path / "h"))
        monkeypatch.delenv("SFTKL_HOME", raising=False)
        default = platformdirs.user_data_dir("sftkl", appauthor=False)
        if sys.platform.startswith("linux"):
            assert default in jail._data_dirs()
        os.makedirs(default, exist_ok=True)
        args = jail._hide([str(tmp_path)], ())
        assert args[args.index(os.path.realpath(default)) - 1] == "--tmpfs"
    monkeypatch.setenv("SFTKL_HOME", str(tmp_path / "explicit"))
    (tmp_path / "explicit").mkdir()
    args = jail._hide([str(tmp_path)], ())
    for hidden in (tmp_path / "explicit", Path(default)):
        assert args[args.index(os.path.realpath(hidden)) - 1] == "--tmpfs"
