"""`sftkl completion bash|zsh|fish`: static scripts generated from the command tree and the catalog.

The bash script is sourced in a real bash and asked what it completes; completing must
run no Python (the script calls nothing but shell built-ins)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from sftkl.graders.catalog import catalog

SFTKL = str(Path(sys.executable).with_name("sftkl"))


def _script(shell: str) -> str:
    r = subprocess.run([SFTKL, "completion", shell], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("completion") / "sftkl.bash"
    path.write_text(_script("bash"))
    return path


def complete(script: Path, line: list[str], tmp_path: Path | None = None) -> list[str]:
    """What bash offers for the last word of `line`, as Tab would (COMP_WORDS/COMP_CWORD set,
    the function `complete` registered for sftkl called). PATH is emptied: no program runs."""
    words = " ".join(f"'{w}'" for w in line)
    prog = (f"source '{script}'\n"
            "fn=$(complete -p sftkl | sed -E 's/.*-F ([^ ]+).*/\\1/')\n"
            f"COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n"
            'PATH=/nonexistent "$fn"\nprintf "%s\\n" "${COMPREPLY[@]}"\n')
    r = subprocess.run(["bash", "--norc", "--noprofile", "-c", prog], capture_output=True, text=True, timeout=30,
                       cwd=tmp_path)
    assert r.returncode == 0 and not r.stderr, r.stderr
    return [w for w in r.stdout.splitlines() if w]


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


@needs_bash
def test_bash_completes_top_level_commands(bash_script):
    offered = complete(bash_script, ["sftkl", ""])
    for command in ("list", "show", "practice", "grade", "watch", "mock", "batch", "completion", "doctor"):
        assert command in offered
    assert complete(bash_script, ["sftkl", "pr"]) == ["practice", "progress"]
    assert complete(bash_script, ["sftkl", "-"]) == ["--version", "--help"]


@needs_bash
def test_bash_completes_a_subcommands_options(bash_script):
    assert sorted(complete(bash_script, ["sftkl", "grade", "--"])) == sorted([
        "--problem", "--track", "--seed", "--junit", "--gradescope", "--lang", "--json", "--repro", "--all", "--help"])
    assert "--sources" in complete(bash_script, ["sftkl", "show", "softmax", "--"])
    assert "--difficulty" in complete(bash_script, ["sftkl", "mock", "start", "--"])
    assert complete(bash_script, ["sftkl", "mock", "st"]) == ["start", "status"]


@needs_bash
def test_bash_completes_problem_ids_once(bash_script):
    ids = list(catalog())
    assert complete(bash_script, ["sftkl", "practice", ""]) == ids
    assert complete(bash_script, ["sftkl", "practice", "sf"]) == [i for i in ids if i.startswith("sf")]
    assert complete(bash_script, ["sftkl", "hint", "--track", "torch", ""]) == ids
    assert complete(bash_script, ["sftkl", "grade", "-p", ""]) == ids
    assert complete(bash_script, ["sftkl", "practice", "softmax", ""]) == []  # it takes one problem


@needs_bash
def test_bash_completes_track_and_other_values(bash_script, tmp_path):
    tracks = sorted({tr for p in catalog().values() for tr in p.tracks})
    assert complete(bash_script, ["sftkl", "practice", "softmax", "--track", ""]) == tracks
    assert complete(bash_script, ["sftkl", "practice", "-t", "t"]) == ["torch"]
    assert complete(bash_script, ["sftkl", "practice", "--track", "=", "n"]) == ["numpy"]  # --track=n
    assert complete(bash_script, ["sftkl", "list", "--lang", ""]) == ["en", "zh"]
    assert complete(bash_script, ["sftkl", "completion", ""]) == ["bash", "zsh", "fish"]
    assert complete(bash_script, ["sftkl", "grade", "--seed", ""]) == []
    (tmp_path / "softmax.py").write_text("")
    (tmp_path / "sub").mkdir()
    assert complete(bash_script, ["sftkl", "grade", "so"], tmp_path) == ["softmax.py"]
    assert complete(bash_script, ["sftkl", "practice", "softmax", "--dir", ""], tmp_path) == ["sub"]


def test_the_scripts_follow_the_command_tree():
    """Generated from the click tree: a command added later shows up with its options."""
    from sftkl.cli import completion
    from sftkl.cli.app import app

    extra = typer.Typer()
    for command in typer.main.get_command(app).commands.values():
        assert command.name in completion.script("bash", app)

    @extra.command("brand-new")
    def brand_new(problem: str = typer.Argument(...), shiny: bool = typer.Option(False, "--shiny")) -> None:
        pass

    @extra.command("other")
    def other() -> None:
        pass

    nodes = {n.path: n for n in completion.tree(extra)}
    assert nodes[""].subs == ["brand-new", "other"]
    assert nodes["brand-new"].arg == "problem" and "--shiny" in nodes["brand-new"].opts
    for shell in completion.SHELLS:
        text = completion.script(shell, extra)
        assert "brand-new" in text and "shiny" in text and "sft-loss" in text


def test_unknown_shell_is_one_line_exit_2():
    r = subprocess.run([SFTKL, "completion", "tcsh"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines() == [
        "Error: unknown shell 'tcsh'; use bash, zsh or fish, e.g. eval \"$(sftkl completion bash)\""]
    r = subprocess.run([SFTKL, "completion", "tcsh", "--lang", "zh"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "未知的 shell 'tcsh'" in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_script_parses_in_its_shell(shell, tmp_path):
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here (tests install no system packages)")
    path = tmp_path / f"sftkl.{shell}"
    path.write_text(_script(shell))
    r = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0 and not r.stderr, r.stderr


def test_fish_completes_problem_ids_and_tracks(tmp_path):
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed here (tests install no system packages)")
    path = tmp_path / "sftkl.fish"
    path.write_text(_script("fish"))

    def offered(line: str) -> list[str]:
        r = subprocess.run(["fish", "--no-config", "-c", f"source {path}; complete -C '{line}'"],
                           capture_output=True, text=True, timeout=30, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
        assert r.returncode == 0, r.stderr
        return [w.split("\t")[0] for w in r.stdout.splitlines()]

    assert sorted(offered("sftkl practice ")) == sorted(catalog())
    assert offered("sftkl practice softmax --track ") == ["numpy", "torch"]
    assert "practice" in offered("sftkl pr")


def test_zsh_completes_problem_ids_and_tracks(tmp_path):
    """zsh's completion widgets need a terminal; compadd and _files are replaced by stand-ins
    that print what the script hands them."""
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed here (tests install no system packages)")
    path = tmp_path / "sftkl.zsh"
    path.write_text(_script("zsh"))

    def offered(*words: str) -> list[str]:
        prog = ("compdef() { :; }; compset() { :; }; _files() { print -r -- FILES; }\n"
                "compadd() { [[ $1 == -- ]] && shift; print -rl -- $@; }\n"
                f"source {path}\nwords=({' '.join(repr(w) for w in words)}); CURRENT={len(words)}; _sftkl\n")
        r = subprocess.run(["zsh", "-f", "-c", prog], capture_output=True, text=True, timeout=30)
        assert r.returncode == 0 and not r.stderr, r.stderr
        return [w for w in r.stdout.splitlines() if w]

    assert offered("sftkl", "practice", "") == list(catalog())
    assert offered("sftkl", "practice", "softmax", "--track", "") == ["numpy", "torch"]
    assert offered("sftkl", "grade", "") == ["FILES"]
    assert "--junit" in offered("sftkl", "grade", "--")
