"""The one error family sftkl raises on purpose; the CLI turns it into a one-line message."""

from __future__ import annotations

from typing import Any


class SftklError(Exception):
    """Something the user can fix; carries a translatable message key."""

    exit_code = 2

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def render(self, lang: str) -> str:
        from sftkl.graders.texts import t

        return t(lang, self.key, **self.params)


class ProblemNotFound(SftklError):
    """No problem with that id in the catalog."""


class TrackNotFound(SftklError):
    """The problem has no such track."""


class SubmissionError(SftklError):
    """The submission file is missing, unreadable or ambiguous."""


class UsageError(SftklError):
    """An option or argument is out of range."""


class PackError(SftklError):
    """A problem pack is malformed (a course author's mistake, not the learner's)."""


def bad_lang(option: str | None) -> SftklError:
    """The usage error of an unknown language: it names the value that was not understood
    (--lang's, else SFTKL_LANG's) and where it came from."""
    import os

    if option:
        return SftklError("err.bad_lang", value=option)
    return SftklError("err.bad_lang_env", value=os.environ.get("SFTKL_LANG", ""))
