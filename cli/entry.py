"""Console-script entry point: `sftkl grade` takes a fast path; everything else goes to typer.

A cold grade is bound by this process's own work (python, numpy, rich) beside the
candidate's process (python, numpy/torch). So for `sftkl grade` in its plain forms
this module parses the arguments itself, spawns the candidate's process at once
(its imports then overlap ours; `engine.grade` takes it over) and runs the command
body without importing typer. Any other form (help, an unknown or repeated option,
a value that is not what the option wants) goes to typer, which parses and reports
exactly as for every other command.
"""

from __future__ import annotations

import sys

# The options of `sftkl grade`, as cli/grade.py declares them for typer (tests/test_cli.py
# checks that both paths agree): option -> parameter of `grading.run`.
_GRADE_VALUED = {
    "--problem": "problem",
    "-p": "problem",
    "--track": "track",
    "-t": "track",
    "--seed": "seed",
    "--junit": "junit",
    "--gradescope": "gradescope",
    "--lang": "lang",
    "--repro": "repro",
}
_GRADE_FLAGS = {"--json": "as_json", "--all": "show_all"}
_PATHS = ("file", "junit", "gradescope")


def fast_grade_args(argv: list[str]) -> dict | None:
    """`sftkl grade` arguments as typer would parse them, or None unless the form is plain:
    at most one file, each known option at most once, long options as `--opt value` or
    `--opt=value`, values that do not start with '-', and an integer seed."""
    if not argv or argv[0] != "grade":
        return None
    args: dict = {}
    rest = argv[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg in _GRADE_FLAGS:
            key, value, i = _GRADE_FLAGS[arg], True, i + 1
        elif arg.startswith("--") and "=" in arg and arg.split("=", 1)[0] in _GRADE_VALUED:
            name, value = arg.split("=", 1)
            key, i = _GRADE_VALUED[name], i + 1
        elif arg in _GRADE_VALUED and i + 1 < len(rest) and not rest[i + 1].startswith("-"):
            key, value, i = _GRADE_VALUED[arg], rest[i + 1], i + 2
        elif not arg.startswith("-") and arg:
            key, value, i = "file", arg, i + 1
        else:
            return None
        if key in args:
            return None
        args[key] = value
    if "seed" in args:
        try:
            args["seed"] = int(args["seed"])
        except ValueError:
            return None
    from pathlib import Path

    for key in _PATHS:
        if key in args:
            if not args[key]:
                return None
            args[key] = Path(args[key])
    return args


def _prestart(args: dict) -> None:
    """Spawn the candidate's process for the track the options or the file's header name.

    The default file, when this looks it up, goes into `args`: the grade needs it too."""
    try:
        track = args.get("track")
        if track is None:
            from sftkl.graders.header import read_header

            if "file" not in args:
                from pathlib import Path

                from sftkl.practice.workspace import default_submission

                args["file"] = default_submission(Path.cwd())
            track = read_header(args["file"])[1]
        if track not in ("numpy", "torch"):
            return  # no header and no --track: the grade picks the problem's first track itself
        from sftkl.sandbox import launch

        launch.early(track)  # unused (the header lied, say) it is discarded at exit
    except Exception:  # noqa: BLE001 - a head start only; the command reports real errors
        return


def _exit_now(code: object) -> None:
    """Flush, run the exit handlers (sftkl's own clean-up), then skip interpreter teardown.

    Tearing down numpy, rich and typer module by module costs ~35 ms after the work is
    done; every file sftkl writes is closed by then, so nothing is lost by skipping it.
    """
    import atexit
    import os

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        sys.stderr.write(f"{code}\n")
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is not None:
        run_exit_handlers()
    os._exit(status)


def main() -> None:
    import os

    # sftkl's own numpy does elementwise work and reductions, never BLAS. Left alone,
    # OpenBLAS starts a thread per core when numpy is imported, and on a 2-core machine
    # those threads take CPU from the candidate's process and from this one (~25 ms of a
    # cold grade). A value the user set is kept; candidates get their own environment.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from sftkl.cli.base import stop_on_signals

    stop_on_signals()
    args = fast_grade_args(sys.argv[1:])
    if args is not None:
        try:
            _prestart(args)
            from sftkl.cli.grade import run as grade

            code = grade(**args)
        except KeyboardInterrupt:
            code = 130
        _exit_now(code)
    from sftkl.cli.app import main as run

    try:
        run()
    except SystemExit as done:
        _exit_now(done.code)
    _exit_now(0)
