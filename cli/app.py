"""The `sftkl` app: assembles the command modules (one per command group) and runs typer.

The command modules (problems, grade, practice, review, mock, classroom) depend on the core
packages and on the shared cli modules (base, common, render, screen, texts), never on
each other; this module is the one place that knows them all.
Heavy imports (numpy, torch) stay inside commands.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Optional

import typer

from sftkl.cli import grade, problems
from sftkl.cli import texts as _texts  # noqa: F401 - registers the command line's texts
from sftkl.graders.texts import resolve_lang, t

__version__ = "0.1.0"

app = typer.Typer(
    name="sftkl",
    help="Practise and grade LLM post-training interview questions (SFT loss, softmax, KL). "
    "练习并评测 LLM 后训练面试编程题(SFT loss、softmax、KL)。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

def _version(value: bool) -> None:
    if value:
        typer.echo(f"sftkl {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version. 显示版本。"),
) -> None:
    pass


problems.register(app)
grade.register(app)

CORE_COMMANDS = ("list", "show", "practice", "grade")


def _register_extensions(argv: list[str]) -> None:
    """Add the practice-loop and instructor commands, except those the console script's command does not need.

    Building every command's parameters costs ~10 ms that `sftkl grade` would pay on
    each run for nothing; library users and tests (argv of their own) get every command.
    """
    script = os.path.basename(argv[0]) if argv else ""
    command = argv[1] if script in ("sftkl", "__main__.py") and len(argv) > 1 else None
    if command in CORE_COMMANDS:
        return
    from sftkl.cli import mock, practice, review

    practice.register(app)
    mock.register(app)
    review.register(app)
    if command in practice.COMMANDS + mock.COMMANDS + review.COMMANDS:
        return
    from sftkl.cli import classroom, completion, doctor

    classroom.register(app)
    doctor.register(app)
    completion.register(app)  # last: its script holds every command registered before it


_register_extensions(sys.argv)


_USAGE_PATTERNS = (
    (re.compile(r"No such option: (?P<name>\S+)"), "usage.no_such_option"),
    (re.compile(r"No such command '(?P<name>[^']+)'"), "usage.no_such_command"),
    (re.compile(r"Missing argument '(?P<name>[^']+)'"), "usage.missing_argument"),
    (re.compile(r"Missing option '(?P<name>[^']+)'"), "usage.missing_option"),
    (re.compile(r"Option '(?P<name>[^']+)' requires an argument"), "usage.option_needs_value"),
    (re.compile(r"Got unexpected extra arguments? ?\(?s?\)? ?\((?P<name>.*)\)"), "usage.extra_arguments"),
    (re.compile(r"Invalid value for '(?P<name>[^']+)': (?P<detail>.*)"), "usage.invalid_value"),
)


def _argv_lang(argv: list[str]) -> Optional[str]:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _argv_json(argv: list[str]) -> bool:
    """--json anywhere before `--`: a usage error is then the error object on stdout too."""
    for arg in argv:
        if arg == "--":
            return False
        if arg == "--json" or arg.startswith("--json="):
            return True
    return False


def _usage_message(err: Exception, lang: str) -> str:
    """Typer's (click's) one-line error message, in the chosen language."""
    message = err.format_message()  # type: ignore[attr-defined]
    if lang == "zh":
        for pattern, key in _USAGE_PATTERNS:
            m = pattern.search(message)
            if m:
                return t(lang, key, name=m.group("name"), detail=m.groupdict().get("detail") or "")
    return message


def _show_usage_error(err: Exception, lang: str) -> None:
    """Typer's (click's) usage errors, in the chosen language: usage line, hint, one error line."""
    if lang != "zh":
        err.show()  # type: ignore[attr-defined]
        return
    message = _usage_message(err, lang)
    ctx = getattr(err, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        typer.echo(t(lang, "usage.try_help", command=ctx.command_path), err=True)
        typer.echo("", err=True)
    typer.echo(t(lang, "err.prefix") + message, err=True)


def main() -> None:
    from sftkl.cli.base import stop_on_signals

    stop_on_signals()
    lang = resolve_lang(_argv_lang(sys.argv[1:]))
    try:
        code = app(standalone_mode=False)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:
        # click's exception classes are private inside typer: recognise them by their interface
        if not all(hasattr(err, a) for a in ("exit_code", "format_message", "show")):
            raise
        shown = lang if lang in ("en", "zh") else "en"
        if type(err).__name__ == "NoArgsIsHelpError":
            err.show()  # type: ignore[attr-defined]
        else:
            _show_usage_error(err, shown)
        if _argv_json(sys.argv[1:]):
            from sftkl.cli.base import print_json_error

            print_json_error(_usage_message(err, shown), err.exit_code)  # type: ignore[attr-defined]
        sys.exit(err.exit_code)  # type: ignore[attr-defined]
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
