"""`sftkl practice ID --edit`: the stub is written (or the learner's file kept), then opened in
$VISUAL, else $EDITOR; a fake editor records the command line it was started with."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SFTKL = str(Path(sys.executable).with_name("sftkl"))


def fake_editor(tmp_path: Path, name: str = "fake-editor") -> tuple[Path, Path]:
    log = tmp_path / f"{name}.log"
    script = tmp_path / name
    script.write_text(f"#!{sys.executable}\nimport json, os, sys\n"
                      f"open({str(log)!r}, 'w').write(json.dumps({{'argv': sys.argv[1:], 'cwd': os.getcwd(), "
                      "'text': open(sys.argv[-1]).read()}))\n")
    script.chmod(0o755)
    return script, log


def run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR")}
    full.update(env)
    return subprocess.run([SFTKL, "practice", *args], cwd=cwd, env=full, capture_output=True, text=True, timeout=60)


def test_edit_writes_the_stub_then_opens_it_in_editor_with_its_arguments(tmp_path):
    editor, log = fake_editor(tmp_path)
    r = run(tmp_path, "softmax", "--edit", EDITOR=f"'{editor}' --wait -n")
    assert r.returncode == 0, r.stderr
    seen = json.loads(log.read_text())
    assert seen["argv"] == ["--wait", "-n", "softmax.py"] and seen["cwd"] == str(tmp_path)
    assert seen["text"].startswith("# sftkl: problem=softmax track=numpy")  # written before the editor ran
    assert "Wrote softmax.py" in r.stdout


def test_visual_wins_over_editor_and_dir_is_followed(tmp_path):
    visual, vlog = fake_editor(tmp_path, "visual")
    editor, elog = fake_editor(tmp_path, "editor")
    r = run(tmp_path, "sft-loss", "-t", "torch", "--dir", "work", "-e", VISUAL=str(visual), EDITOR=str(editor))
    assert r.returncode == 0, r.stderr
    assert json.loads(vlog.read_text())["argv"] == [os.path.join("work", "sft_loss.py")]
    assert not elog.exists()


def test_edit_opens_the_learners_file_as_it_is(tmp_path):
    editor, log = fake_editor(tmp_path)
    mine = tmp_path / "softmax.py"
    mine.write_text("# sftkl: problem=softmax track=numpy\nmy work\n")
    r = run(tmp_path, "softmax", "--edit", "--json", EDITOR=str(editor))
    assert r.returncode == 0, r.stderr
    assert mine.read_text().endswith("my work\n") and json.loads(log.read_text())["text"].endswith("my work\n")
    assert json.loads(r.stdout)["backup"] is None
    r = run(tmp_path, "softmax", "--edit", "--lang", "zh", EDITOR=str(editor))
    assert "softmax.py 已存在:按原样打开" in r.stdout and mine.read_text().endswith("my work\n")
    # without --edit the old rule holds: an existing file is an error, untouched
    r = run(tmp_path, "softmax")
    assert r.returncode == 2 and mine.read_text().endswith("my work\n")


def test_no_editor_is_one_line_exit_2_and_the_stub_is_there(tmp_path):
    r = run(tmp_path, "softmax", "--edit")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "Error: softmax.py is ready, but no editor is set: set $VISUAL or $EDITOR (e.g. export EDITOR=nano), "
        "or open the file yourself"]
    assert (tmp_path / "softmax.py").is_file()
    r = run(tmp_path, "softmax", "--edit", "--lang", "zh", EDITOR="   ")
    assert r.returncode == 2 and "没有设置编辑器" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_an_editor_that_cannot_start_is_one_line_exit_2(tmp_path):
    r = run(tmp_path, "softmax", "--edit", EDITOR=str(tmp_path / "no-such-editor"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "cannot start the editor" in r.stderr and "softmax.py is ready" in r.stderr
    r = run(tmp_path, "softmax", "--edit", EDITOR="code 'unclosed")
    assert r.returncode == 2 and "fix its quoting" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_under_json_an_editor_error_is_the_one_object_on_stdout(tmp_path):
    """`--edit --json` whose editor is unset or cannot start prints the error object alone, not the
    practice object followed by the error (stdout holds exactly one JSON object); the stub is written."""
    for env in ({}, {"EDITOR": str(tmp_path / "no-such-editor")}):
        r = run(tmp_path, "softmax", "--edit", "--json", **env)
        assert r.returncode == 2
        out = json.loads(r.stdout)  # one object, or this raises
        assert out["exit_code"] == 2 and "softmax.py is ready" in out["error"], out
        assert (tmp_path / "softmax.py").is_file()


def test_edit_reopens_the_track_the_file_holds_and_refuses_another(tmp_path):
    """`practice softmax -e` on a torch softmax.py opens it as the torch track it is; asking for
    --track numpy there is refused like `practice` without --edit (the file is not the numpy one)."""
    editor, log = fake_editor(tmp_path)
    mine = tmp_path / "softmax.py"
    mine.write_text("# sftkl: problem=softmax track=torch\nmy torch work\n")
    r = run(tmp_path, "softmax", "--edit", "--json", EDITOR=str(editor))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["track"] == "torch" and log.is_file()
    log.unlink()
    r = run(tmp_path, "softmax", "--edit", "--track", "numpy", EDITOR=str(editor))
    assert r.returncode == 2 and "already exists and was left untouched" in r.stderr, r.stderr
    assert not log.exists() and mine.read_text().endswith("my torch work\n")
