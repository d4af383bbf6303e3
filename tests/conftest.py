from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture(scope="session")
def sftkl_wheel(tmp_path_factory) -> Path:
    """A wheel of this checkout (built once; offline: no build isolation, no dependencies)."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = out.glob("sftkl-*.whl")
    return wheel


@pytest.fixture(autouse=True, scope="session")
def _warm_grading():
    """Grades in the test process fork from resident servers (numpy/torch imported once).

    Tests of the cold path turn it off with `monkeypatch.setattr(runner, "_warm_depth", 0)`;
    the CLI tests that run `sftkl` as a subprocess always take the cold path.
    """
    from sftkl.sandbox import pool as runner

    with runner.keep_warm(("numpy", "torch")):
        yield


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Each test gets its own sftkl data directory and English output unless it asks otherwise."""
    home = tmp_path_factory.mktemp("sftkl-home")
    monkeypatch.setenv("SFTKL_HOME", str(home))
    monkeypatch.setenv("SFTKL_LANG", "en")
    monkeypatch.setenv("SFTKL_MOCK_SNAPSHOT", "0")  # no background snapshot per mock (one test turns it on)
    monkeypatch.setenv("COLUMNS", "200")
    return home


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def basic_isolation(monkeypatch):
    """Grade with today's basic isolation, as where bubblewrap is missing (SFTKL_SANDBOX=off)."""
    from sftkl.sandbox import jail

    monkeypatch.setenv("SFTKL_SANDBOX", "off")
    jail.reset()
    yield
    jail.reset()


def needs_sandbox():
    """Skip unless the bubblewrap sandbox works here (`.ci/run` installs bubblewrap)."""
    from sftkl.sandbox import jail

    level, why = jail.status()
    if level != "sandbox":
        pytest.skip(f"the bubblewrap sandbox is not available here ({why})")
