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


def fish_offers(script: Path, line: str, home: Path) -> list[str]:
    """What fish's `complete -C` offers for `line` (the words only, not their descriptions)."""
    r = subprocess.run(["fish", "--no-config", "-c", f"source {script}; complete -C '{line}'"],
                       capture_output=True, text=True, timeout=30, env={"PATH": "/usr/bin:/bin", "HOME": str(home)})
    assert r.returncode == 0, r.stderr
    return [w.split("\t")[0] for w in r.stdout.splitlines()]


def zsh_offers(script: Path, *words: str) -> list[str]:
    """zsh's completion widgets need a terminal; compadd and _files are replaced by stand-ins
    that print what the script hands them."""
    prog = ("compdef() { :; }; compset() { :; }; _files() { print -r -- FILES; }\n"
            "compadd() { [[ $1 == -- ]] && shift; print -rl -- $@; }\n"
            f"source {script}\nwords=({' '.join(repr(w) for w in words)}); CURRENT={len(words)}; _sftkl\n")
    r = subprocess.run(["zsh", "-f", "-c", prog], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0 and not r.stderr, r.stderr
    return [w for w in r.stdout.splitlines() if w]


def test_fish_completes_problem_ids_and_tracks(tmp_path):
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed here (tests install no system packages)")
    path = tmp_path / "sftkl.fish"
    path.write_text(_script("fish"))

    def offered(line: str) -> list[str]:
        return fish_offers(path, line, tmp_path)

    assert sorted(offered("sftkl practice ")) == sorted(catalog())
    assert offered("sftkl practice softmax --track ") == ["numpy", "torch"]
    assert "practice" in offered("sftkl pr")


def test_zsh_completes_problem_ids_and_tracks(tmp_path):
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed here (tests install no system packages)")
    path = tmp_path / "sftkl.zsh"
    path.write_text(_script("zsh"))

    def offered(*words: str) -> list[str]:
        return zsh_offers(path, *words)

    assert offered("sftkl", "practice", "") == list(catalog())
    assert offered("sftkl", "practice", "softmax", "--track", "") == ["numpy", "torch"]
    assert offered("sftkl", "grade", "") == ["FILES"]
    assert "--junit" in offered("sftkl", "grade", "--")


# ---- --track offers the tracks of the problem named earlier on the line ----------------

def _problem_per_track_set() -> dict[str, tuple[str, list[str]]]:
    """A torch-only, a numpy-only and a two-track problem of the catalog, with their tracks."""
    picked: dict[str, tuple[str, list[str]]] = {}
    for p in catalog().values():
        tracks = sorted(p.tracks)
        kind = "both" if tracks == ["numpy", "torch"] else "+".join(tracks) + "-only"
        picked.setdefault(kind, (p.id, tracks))
    assert {"torch-only", "numpy-only", "both"} <= set(picked), picked
    return {k: picked[k] for k in ("torch-only", "numpy-only", "both")}


PER_TRACK_SET = _problem_per_track_set()
ALL_TRACKS = sorted({tr for p in catalog().values() for tr in p.tracks})


def test_the_catalog_has_the_problems_these_tests_name():
    """The brief's examples: dpo-loss and the other policy losses are torch-only, kl-estimators numpy-only."""
    tracks = {p.id: sorted(p.tracks) for p in catalog().values()}
    for pid in ("dpo-loss", "kl-penalty", "ppo-policy-loss", "grpo-loss"):
        assert tracks[pid] == ["torch"]
    assert tracks["kl-estimators"] == ["numpy"]


@needs_bash
@pytest.mark.parametrize("kind", list(PER_TRACK_SET))
def test_bash_track_values_follow_the_problem_named(bash_script, kind):
    pid, tracks = PER_TRACK_SET[kind]
    for command in ("practice", "show", "hint", "solution", "reset"):  # the problem as positional argument
        assert complete(bash_script, ["sftkl", command, pid, "--track", ""]) == tracks, command
        assert complete(bash_script, ["sftkl", command, pid, "-t", ""]) == tracks, command
    assert complete(bash_script, ["sftkl", "practice", "--dir", "x", pid, "--track", ""]) == tracks
    for prefix in (["grade"], ["batch"], ["autograder", "run"], ["autograder", "github"], ["watch"]):
        line = ["sftkl", *prefix]
        assert complete(bash_script, [*line, "--problem", pid, "--track", ""]) == tracks, prefix
        assert complete(bash_script, [*line, "-p", pid, "-t", ""]) == tracks, prefix
        # bash splits --problem=ID and --track=... at the '=' into words of their own
        assert complete(bash_script, [*line, "--problem", "=", pid, "--track", ""]) == tracks, prefix
        assert complete(bash_script, [*line, "--problem", "=", pid, "--track", "="]) == tracks, prefix
    for track in ALL_TRACKS:  # a prefix narrows within the problem's tracks
        want = [track] if track in tracks else []
        assert complete(bash_script, ["sftkl", "practice", pid, "--track", track[0]]) == want
        assert complete(bash_script, ["sftkl", "grade", "--problem", "=", pid, "-t", "=", track[0]]) == want


@needs_bash
def test_bash_track_values_without_a_known_problem_are_all_tracks(bash_script, tmp_path):
    torch_only, numpy_only = PER_TRACK_SET["torch-only"][0], PER_TRACK_SET["numpy-only"][0]
    assert complete(bash_script, ["sftkl", "practice", "--track", ""]) == ALL_TRACKS
    assert complete(bash_script, ["sftkl", "grade", "sol.py", "--track", ""]) == ALL_TRACKS  # a file, not a problem
    assert complete(bash_script, ["sftkl", "practice", "no-such-problem", "--track", ""]) == ALL_TRACKS
    # mock takes --problem several times: the tracks they all have
    assert complete(bash_script, ["sftkl", "mock", "start", "-p", torch_only, "-p", PER_TRACK_SET["both"][0],
                                  "--track", ""]) == ["torch"]
    assert complete(bash_script, ["sftkl", "mock", "-p", torch_only, "-p", numpy_only, "--track", ""]) == ALL_TRACKS
    # --problem=ID is one option with its value: the file argument after it is still offered
    (tmp_path / "sol.py").write_text("")
    assert complete(bash_script, ["sftkl", "grade", "--problem", "=", torch_only, "so"], tmp_path) == ["sol.py"]


def test_fish_track_values_follow_the_problem_named(tmp_path):
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed here (tests install no system packages)")
    path = tmp_path / "sftkl.fish"
    path.write_text(_script("fish"))
    for pid, tracks in PER_TRACK_SET.values():
        for line in (f"sftkl practice {pid} --track ", f"sftkl show {pid} -t ", f"sftkl reset -d x {pid} --track ",
                     f"sftkl grade --problem {pid} --track ", f"sftkl grade --problem={pid} --track ",
                     f"sftkl batch -p {pid} -t ", f"sftkl autograder run --problem={pid} --track "):
            assert fish_offers(path, line, tmp_path) == tracks, line
        assert fish_offers(path, f"sftkl grade --problem={pid} --track=", tmp_path) == [f"--track={t}" for t in tracks]
    assert fish_offers(path, "sftkl practice --track ", tmp_path) == ALL_TRACKS
    assert fish_offers(path, "sftkl practice no-such-problem --track ", tmp_path) == ALL_TRACKS


def test_zsh_track_values_follow_the_problem_named(tmp_path):
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed here (tests install no system packages)")
    path = tmp_path / "sftkl.zsh"
    path.write_text(_script("zsh"))
    for pid, tracks in PER_TRACK_SET.values():
        for words in (["practice", pid, "--track"], ["hint", pid, "-t"], ["solution", "--force", pid, "--track"],
                      ["grade", "--problem", pid, "--track"], ["grade", f"--problem={pid}", "--track"],
                      ["batch", "-p", pid, "-t"], ["autograder", "gradescope", f"--problem={pid}", "--track"]):
            assert zsh_offers(path, "sftkl", *words, "") == tracks, words
        # the stand-in compset strips nothing: what matters is the list handed to compadd
        assert zsh_offers(path, "sftkl", "grade", f"--problem={pid}", "--track=") == tracks
    assert zsh_offers(path, "sftkl", "practice", "--track", "") == ALL_TRACKS
    assert zsh_offers(path, "sftkl", "practice", "no-such-problem", "--track", "") == ALL_TRACKS
