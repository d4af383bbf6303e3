"""practice/watch.py: a save is noticed once, whether the editor writes in place or renames a new
file over the old one, with file events (watchfiles) and with the polling fallback."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from sftkl.practice import watch


def wait_changed(w, timeout: float = 5.0) -> float | None:
    """Seconds until `changed()` said True, asked at the screen's own pace; None if never."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if w.changed():
            return time.monotonic() - start
        time.sleep(w.mode.interval_s)
    return None


def save_in_place(path: Path, text: str) -> None:
    with open(path, "w") as f:  # truncate, then write: what `shutil.copy`, nano and many editors do
        f.write(text[: len(text) // 2])
        f.flush()
        f.write(text[len(text) // 2:])


def save_by_rename(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.swp")  # write a new file beside it, rename it over (vim, VS Code)
    tmp.write_text(text)
    os.replace(tmp, path)


def settle(w) -> None:
    """Let an event watcher's thread start watching before the first save."""
    time.sleep(0.3)
    assert not w.changed()


@pytest.mark.parametrize("force", ["events", "poll"])
@pytest.mark.parametrize("save", [save_in_place, save_by_rename], ids=["in-place", "rename"])
def test_a_save_is_noticed_once(tmp_path, force, save):
    target = tmp_path / "softmax.py"
    target.write_text("# v0\n")
    (tmp_path / "other.py").write_text("")
    w = watch.Watch(target, force=force)
    try:
        assert w.mode.name == ("events" if force == "events" else "polling")
        settle(w)
        (tmp_path / "other.py").write_text("another file changed")  # not ours
        assert wait_changed(w, 1.0) is None
        for n in range(1, 4):
            save(target, f"# v{n}\n" + "x = 1\n" * n)
            took = wait_changed(w)
            assert took is not None, f"save {n} went unnoticed"
            if force == "events":
                assert took < 1.0
            assert wait_changed(w, 0.8) is None  # once per save
        assert w.mode.name == ("events" if force == "events" else "polling")  # no silent fallback on the way
    finally:
        w.close()


def test_a_file_deleted_then_written_again_counts_once_it_is_back(tmp_path):
    target = tmp_path / "f.py"
    target.write_text("a")
    w = watch.Watch(target, force="events")
    try:
        settle(w)
        target.unlink()
        assert wait_changed(w, 0.5) is None  # missing: nothing to grade
        target.write_text("bb")
        assert wait_changed(w) is not None
    finally:
        w.close()


def test_sftkl_watch_poll_forces_polling(tmp_path, monkeypatch):
    monkeypatch.setenv("SFTKL_WATCH", "poll")
    w = watch.Watch(tmp_path / "f.py")
    assert (w.mode.name, w.mode.interval_s, w.mode.why) == ("polling", watch.POLL_S, "forced")


def test_without_watchfiles_it_polls(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # import fails as if not installed
    target = tmp_path / "f.py"
    target.write_text("a")
    w = watch.Watch(target)
    assert (w.mode.name, w.mode.why) == ("polling", "missing")
    save_by_rename(target, "bbb")
    assert wait_changed(w) is not None


def test_when_the_event_thread_fails_it_falls_back_to_polling(tmp_path, monkeypatch):
    """e.g. inotify's watch limit reached: watchfiles raises in its thread; the next question
    regrades once (a save may have been missed) and polling takes over."""
    import watchfiles

    def broken(*a, **kw):
        raise OSError(28, "OS file watch limit reached")
        yield  # pragma: no cover - a generator, as watchfiles.watch is

    monkeypatch.setattr(watchfiles, "watch", broken)
    target = tmp_path / "f.py"
    target.write_text("a")
    w = watch.Watch(target)
    time.sleep(0.2)
    assert w.changed() is True
    assert w.mode.name == "polling" and "OS file watch limit reached" in w.mode.why
    assert wait_changed(w, 0.8) is None
    save_in_place(target, "changed")
    assert wait_changed(w) is not None
