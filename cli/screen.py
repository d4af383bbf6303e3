"""What the live screens (watch, the mock interview) share: key presses, a compact grade, hints, clocks.

A shared module of the command line: the command modules import it, it imports none of them.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from sftkl.cli import texts as _texts  # noqa: F401 - registers the command line's texts
from sftkl.graders.texts import t


def when(at: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(at)) if at else "-"


def iso(at: float | None) -> str | None:
    from datetime import datetime

    return datetime.fromtimestamp(at).astimezone().isoformat(timespec="seconds") if at else None


def clock(seconds: float) -> str:
    s = int(max(0.0, seconds) + 0.999)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def when_s(at: float | None) -> str:
    return time.strftime("%H:%M:%S", time.localtime(at)) if at else "-"


class Keys:
    """Single key presses from the terminal (cbreak mode, restored on exit); none without a terminal."""

    def __init__(self) -> None:
        self.fd: int | None = None
        self._old = None
        self._windows = False

    def __enter__(self) -> "Keys":
        if not sys.stdin.isatty():
            return self
        if os.name == "nt":
            self._windows = True
            return self
        import termios
        import tty

        self.fd = sys.stdin.fileno()
        self._old = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)  # keeps ISIG: Ctrl-C still interrupts
        return self

    @property
    def interactive(self) -> bool:
        return self.fd is not None or self._windows

    def read(self, timeout: float, wake: int | None = None) -> str | None:
        """A key pressed within `timeout`, else None; None at once when `wake` (a pipe, POSIX) is readable."""
        if self._windows:
            import msvcrt

            end = time.monotonic() + timeout
            while time.monotonic() < end:
                if msvcrt.kbhit():
                    return msvcrt.getwch().lower()
                time.sleep(0.02)
            return None
        import select

        if self.fd is None:
            if wake is None:
                time.sleep(timeout)
            else:
                select.select([wake], [], [], timeout)
            return None
        ready, _, _ = select.select([self.fd] if wake is None else [self.fd, wake], [], [], timeout)
        if self.fd not in ready:
            return None
        data = os.read(self.fd, 64).decode("utf-8", "ignore")
        if not data or data.startswith("\x1b"):  # arrows and other escape sequences
            return None
        return data[0].lower()

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._old)


def hint_renderable(reveal, lang: str):
    from rich.console import Group
    from rich.text import Text

    lines = []
    for i, h in enumerate(reveal.hints, 1):
        newest = i == reveal.level
        lines.append(Text(t(lang, "ui.hint_line", level=i, total=reveal.total, text=h[lang]),
                          style="bold" if newest and reveal.new else "dim" if not newest else ""))
    if reveal.session:
        lines.append(Text(t(lang, "ui.hint_costs", session=reveal.session, cost=int(hint_cost())), style="yellow"))
    if not reveal.new:
        lines.append(Text(t(lang, "ui.hint_none_left", total=reveal.total, problem=reveal.problem), style="yellow"))
    return Group(*lines)


def hint_cost() -> float:
    from sftkl.practice.mock import HINT_COST

    return HINT_COST


def compact_report(report, lang: str, max_rows: int = 8):
    """A short view of a grade for the live screens: summary, failing cases, likely mistakes."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from sftkl.cli.render import STATUS_STYLE

    parts: list[Any] = []
    ep, et = report.count("edge")
    cp, ct = report.count("random")
    key = "ui.summary_pass" if report.verdict == "pass" else "ui.summary_fail"
    parts.append(Text(t(lang, key, passed=report.passed, total=report.total, core_passed=cp, core_total=ct,
                        edge_passed=ep, edge_total=et, duration=report.duration_s),
                      style="bold green" if report.verdict == "pass" else "bold red"))
    if report.error is not None:
        parts.append(Text(report.error.render(lang), style="red"))
    failing = [c for c in report.cases if not c.passed]
    if failing and report.error is None:
        table = Table(show_header=True, expand=False, box=None, padding=(0, 1))
        table.add_column(t(lang, "ui.col_case"))
        table.add_column(t(lang, "ui.col_status"), no_wrap=True)
        table.add_column(t(lang, "ui.col_message"))
        for c in failing[:max_rows]:
            table.add_row(c.id, Text(c.status, style=STATUS_STYLE.get(c.status, "")),
                          c.message.render(lang) if c.message else "")
        if len(failing) > max_rows:
            table.add_row(t(lang, "ui.more_failing", count=len(failing) - max_rows), "", "")
        parts.append(table)
    for d in report.diagnoses:
        parts.append(Text(t(lang, "ui.diagnosis", title=d.title[lang]) + f" [{d.id}]", style="yellow"))
        parts.append(Text("  " + t(lang, "ui.fix", fix=d.fix[lang]), style="cyan"))
    return Group(*parts)
