"""The body of `sftkl grade`, without a parser: typer's command and the console script's
fast path (`entry.fast_grade_args`) both call `run`.

No typer here: on the fast path a cold grade never imports it (~8 ms of a ~190 ms grade).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

from sftkl.graders.errors import SftklError
from sftkl.graders.texts import resolve_lang, t


def report_error(err: SftklError, lang: str) -> int:
    """The one-line message of sftkl's own errors, on stderr; returns the exit code."""
    sys.stderr.write(t(lang, "err.prefix") + err.render(lang) + "\n")
    return err.exit_code


def submission_file(file: Optional[Path], problem: Optional[str], track: Optional[str]) -> Path:
    """The file to grade: the one given, else the stub `practice` last wrote here."""
    if track is not None and track not in ("numpy", "torch"):
        raise SftklError("err.track_not_found", problem=problem or "?", track=track, tracks="numpy, torch")
    if file is None:
        from sftkl.graders.workspace import default_submission

        file = default_submission(Path.cwd())
    return file


def _prefetch(*modules: str) -> None:
    """Import modules in a background thread (a head start; the importing line later waits for it).

    The grade spends part of its time waiting on the candidate's process and in numpy
    code that releases the GIL; the renderer's imports fill that time (~10 ms).
    """
    import importlib
    import threading

    def load() -> None:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the real import later reports it
                pass

    threading.Thread(target=load, daemon=True).start()


def run(
    file: Optional[Path] = None,
    problem: Optional[str] = None,
    track: Optional[str] = None,
    seed: Optional[int] = None,
    junit: Optional[Path] = None,
    gradescope: Optional[Path] = None,
    lang: Optional[str] = None,
    as_json: bool = False,
) -> int:
    """Grade, record, export, print. Returns the exit code: 0 pass, 1 fail, 2 usage, 130 interrupted."""
    chosen = resolve_lang(lang)
    if chosen not in ("en", "zh"):
        return report_error(SftklError("err.bad_lang", value=lang), "en")
    try:
        file = submission_file(file, problem, track)
        from sftkl.graders.engine import grade

        _prefetch("sftkl.cli.render", "sftkl.graders.progress")
        report = grade(file, problem=problem, track=track, seed=seed)
        from sftkl.graders.progress import record_grade

        record_grade(report)
        if junit is not None or gradescope is not None:
            from sftkl.cli.instructor import write_grade_exports

            write_grade_exports(report, chosen, junit, gradescope)
        from sftkl.cli import render

        if as_json:
            render.print_json(render.report_dict(report, chosen))
        else:
            from rich.console import Console

            render.render_report(Console(highlight=False, soft_wrap=False), report, chosen, str(file))
    except SftklError as err:
        return report_error(err, chosen)
    except KeyboardInterrupt:
        return 130
    return 0 if report.verdict == "pass" else 1
