"""The options every command shares, the error handling around each command, the console.

Every command module imports this one; it imports no command module.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional

import typer

from sftkl.cli.base import report_error
from sftkl.graders.errors import SftklError, bad_lang
from sftkl.graders.texts import resolve_lang

LangOpt = typer.Option(None, "--lang", help="Language of the output: en or zh (default: SFTKL_LANG, then the locale). 输出语言。")
JsonOpt = typer.Option(False, "--json", help="Print one JSON object on stdout. 以 JSON 输出。")
TrackOpt = typer.Option(None, "--track", "-t", help="numpy or torch (default: the problem's first track). 选择 numpy 或 torch 版本。")


def lang(value: Optional[str]) -> str:
    """--lang, SFTKL_LANG or the locale; an unknown language is a usage error (in English)."""
    chosen = resolve_lang(value)
    if chosen not in ("en", "zh"):
        raise bad_lang(value)
    return chosen


def fail(err: SftklError, language: str, as_json: bool = False) -> None:
    raise typer.Exit(report_error(err, language, as_json))


def handles_errors(fn: Callable) -> Callable:
    """Turn sftkl's own errors into a one-line message and exit code 2; never a traceback.
    Under --json the message is also the error object on stdout (cli/base.py)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        chosen = resolve_lang(kwargs.get("lang"))
        chosen = chosen if chosen in ("en", "zh") else "en"
        try:
            return fn(*args, **kwargs)
        except SftklError as err:
            fail(err, chosen, bool(kwargs.get("as_json")))
        except KeyboardInterrupt:
            raise typer.Exit(130) from None

    return wrapper


def console(stderr: bool = False):
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, stderr=stderr)


def json_out(data: Any) -> None:
    from sftkl.cli.render import print_json

    print_json(data)
