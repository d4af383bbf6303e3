"""What every command shares and the fast path of `sftkl grade` may import: no typer, no rich.

The one printer of sftkl's one-line errors, the one printer of `--json` output (every
object carries `schema_version`; an error under `--json` is an object too), and the
file a grade or a watch takes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

from sftkl.cli import texts as _texts  # noqa: F401 - registers the command line's texts
from sftkl.graders.errors import SftklError
from sftkl.graders.texts import t


def print_json(data: dict) -> None:
    """One JSON object on stdout, `schema_version` first (see graders/contract.py)."""
    import json

    from sftkl.graders.contract import SCHEMA_VERSION

    sys.stdout.write(json.dumps({"schema_version": SCHEMA_VERSION, **data}, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def print_json_error(message: str, exit_code: int) -> None:
    """Under --json, an error is one object on stdout too: {schema_version, error, exit_code}."""
    from sftkl.graders.contract import error_object

    print_json(error_object(" ".join(message.split()), exit_code))


def report_error(err: SftklError, lang: str, as_json: bool = False) -> int:
    """The one-line message of sftkl's own errors, on stderr (and under --json as the error
    object on stdout); returns the exit code."""
    message = err.render(lang)
    sys.stderr.write(t(lang, "err.prefix") + message + "\n")
    if as_json:
        print_json_error(message, err.exit_code)
    return err.exit_code


def submission_file(file: Optional[Path], problem: Optional[str], track: Optional[str]) -> Path:
    """The file to grade: the one given, else the stub `practice` last wrote here."""
    if track is not None and track not in ("numpy", "torch"):
        raise SftklError("err.track_not_found", problem=problem or "?", track=track, tracks="numpy, torch")
    if file is None:
        from sftkl.practice.workspace import default_submission

        file = default_submission(Path.cwd())
    return file


def isolation() -> str:
    """"sandbox" or "basic": the isolation a grade gets on this machine (see sandbox/jail.py)."""
    from sftkl.sandbox import jail

    return jail.status()[0]


def warn_if_basic(lang: str) -> None:
    """One line on stderr where the bubblewrap sandbox is not available (never on --json's stdout)."""
    if isolation() == "basic":
        sys.stderr.write(t(lang, "ui.isolation_basic") + "\n")


def require_sandbox(allow_unsandboxed: bool) -> None:
    """Batch grading and the autograders grade other people's code: without the sandbox they
    refuse, unless the instructor says so (--allow-unsandboxed)."""
    if not allow_unsandboxed and isolation() == "basic":
        from sftkl.sandbox import jail

        raise SftklError("err.unsandboxed", why=jail.status()[1])


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP (a closed terminal, `kill`, a CI timeout) stop sftkl as Ctrl-C does:
    the command winds down, learner processes are killed and scratch is removed."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            try:
                signal.signal(sig, interrupt)
            except (OSError, ValueError):
                pass
