"""Render core results: rich for people, one JSON object for scripts. No grading logic here."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sftkl.graders.model import GradeReport
from sftkl.graders.texts import t

STATUS_STYLE = {
    "pass": "green",
    "wrong": "red",
    "nan": "red",
    "shape": "red",
    "dtype": "red",
    "grad": "red",
    "mutated": "magenta",
    "forbidden": "magenta",
    "error": "red",
    "timeout": "yellow",
    "memory": "yellow",
    "crash": "yellow",
    "not-run": "dim",
}


def report_dict(report: GradeReport, lang: str) -> dict[str, Any]:
    """The JSON document of a grade (a stable interface: see the README)."""
    cases = []
    for c in report.cases:
        item: dict[str, Any] = {
            "id": c.id,
            "kind": c.kind,
            "status": c.status,
            "message": c.message.render(lang) if c.message else "",
            "description": c.description[lang],
        }
        if c.timing is not None:
            item["timing"] = {"candidate_s": round(c.timing.candidate_s, 6), "reference_s": round(c.timing.reference_s or 0.0, 6)}
        cases.append(item)
    return {
        "problem": report.problem,
        "track": report.track,
        "seed": report.seed,
        "verdict": report.verdict,
        "passed": report.passed,
        "total": report.total,
        "cases": cases,
        "diagnoses": [
            {"id": d.id, "message": f"{d.title[lang]}: {d.explanation[lang]}", "fix": d.fix[lang], "cases": list(d.cases),
             "study": d.study}
            for d in report.diagnoses
        ],
        "notes": [n.render(lang) for n in report.notes],
        "error": report.error.render(lang) if report.error else None,
        "duration_s": round(report.duration_s, 3),
    }


def print_json(data: Any) -> None:
    from sftkl.cli.base import print_json as one_object

    one_object(data)


def linked(message: str, paths: dict[str, Any], style: str = "") -> Text:
    """`message` with each shown path in it a file:// link (terminals that support links make
    it clickable; rich prints plain text to a pipe or a terminal without them)."""
    from pathlib import Path

    from rich.style import Style

    out = Text(message, style=style)
    for shown, path in paths.items():
        if not shown:
            continue
        try:
            uri = Path(path).resolve().as_uri()
        except (OSError, ValueError):
            continue
        start = message.find(shown)
        while start >= 0:
            out.stylize(Style(link=uri), start, start + len(shown))
            start = message.find(shown, start + len(shown))
    return out


def _case_table(cases, lang: str) -> Table:
    """The cases, grouped by kind (edge, then random)."""
    table = Table(show_lines=False, expand=False)
    table.add_column(t(lang, "ui.col_case"), ratio=2)
    table.add_column(t(lang, "ui.col_status"), no_wrap=True)
    table.add_column(t(lang, "ui.col_message"), ratio=3)
    for kind in ("edge", "random"):
        rows = [c for c in cases if c.kind == kind]
        if rows:
            table.add_row(Text(t(lang, f"ui.kind_{kind}"), style="bold"), "", "", end_section=False)
        for c in rows:
            cell = Text(c.id)
            cell.append("\n" + c.description[lang], style="dim")
            table.add_row(
                cell,
                Text(c.status, style=STATUS_STYLE.get(c.status, "")),
                Text(c.message.render(lang) if c.message else ""),
                end_section=c is rows[-1],
            )
    return table


def render_report(console: Console, report: GradeReport, lang: str, shown_file: str, show_all: bool = False,
                  repro_hint: bool = True, next_line: str | None = None) -> None:
    """A grade for people. A pass lists every case; a failure leads with the summary, the
    likely mistakes and the failing cases, and counts the passed ones (`show_all` lists them).
    `next_line` replaces the closing "what next" line (the notebook's says to run the cell
    again, not `sftkl grade`, and it has no repro hint)."""
    failing = report.verdict == "fail"
    console.print(Text(t(lang, "ui.header", problem=report.problem, track=report.track, seed=report.seed), style="bold"))
    if report.error is not None:
        console.print(Panel(Text(report.error.render(lang)), title=t(lang, "ui.file_error"), border_style="red"))
    elif not failing:
        console.print(_case_table(report.cases, lang))
    ep, et = report.count("edge")
    cp, ct = report.count("random")
    key = "ui.summary_pass" if report.verdict == "pass" else "ui.summary_fail"
    console.print(
        Text(
            t(lang, key, passed=report.passed, total=report.total, core_passed=cp, core_total=ct,
              edge_passed=ep, edge_total=et, duration=report.duration_s),
            style="bold green" if report.verdict == "pass" else "bold red",
        )
    )
    for d in report.diagnoses:
        body = Group(
            Text(d.explanation[lang]),
            Text(t(lang, "ui.fix", fix=d.fix[lang]), style="cyan"),
            Text(t(lang, "ui.diag_cases", cases=", ".join(d.cases)), style="dim"),
            *([Text(t(lang, "ui.diag_study", problem=d.study), style="magenta")] if d.study else []),
        )
        title = Text(t(lang, "ui.diagnosis", title=d.title[lang]) + f" [{d.id}]")  # Text: no markup parsing
        console.print(Panel(body, title=title, border_style="yellow"))
    stub = report.untouched_stub
    if report.error is None and report.verdict == "fail" and not report.diagnoses and not stub:
        console.print(Text(t(lang, "ui.no_diagnosis"), style="dim"))
    if stub and report.error is None and not show_all:
        # the untouched stub: one line that says what to do, not a table of identical rows
        from sftkl.graders.catalog import get_problem

        functions = ", ".join(get_problem(report.problem).track(report.track).functions)
        console.print(Panel(Text(t(lang, "ui.stub_untouched", functions=functions, file=shown_file,
                                   count=len(report.cases))), border_style="yellow"))
    elif failing and report.error is None:
        console.print(_case_table([c for c in report.cases if show_all or not c.passed], lang))
        if not show_all and report.passed:
            console.print(Text(t(lang, "ui.passed_hidden", count=report.passed), style="dim"))
    for n in report.notes:
        console.print(Panel(Text(n.render(lang)), title=t(lang, "ui.notes"), border_style="blue"))
    out = "\n".join(s for s in (report.stdout.rstrip(), report.stderr.rstrip()) if s)
    if out:
        lines = out.splitlines()
        if len(lines) > 40:
            lines = lines[:20] + ["..."] + lines[-19:]
        title = t(lang, "ui.output") + (" " + t(lang, "ui.output_truncated") if report.output_truncated or len(out.splitlines()) > 40 else "")
        console.print(Panel(Text("\n".join(lines)), title=title, border_style="dim"))
    if next_line is not None:
        console.print(Text(next_line))
    elif report.verdict == "pass":
        console.print(Text(t(lang, "ui.next_pass")))
    else:
        first = next((c for c in report.cases if not c.passed and c.status != "not-run"), None)
        if repro_hint and first is not None and report.error is None and not stub:
            console.print(Text(t(lang, "ui.repro_hint", file=shown_file, seed=report.seed, case=first.id), style="dim"))
        console.print(linked(t(lang, "ui.next_fail", file=shown_file, seed=report.seed), {shown_file: report.file}))


def render_repro(console: Console, lang: str, case: str, script: str, npz: str, paths: dict[str, Any]) -> None:
    """What `grade --repro` wrote, the paths as links, and how to run it."""
    body = Group(linked(t(lang, "ui.repro_wrote", script=script, npz=npz), paths),
                 linked(t(lang, "ui.repro_run", script=script), paths))
    console.print(Panel(body, title=t(lang, "ui.repro_title", case=case), border_style="green"))


_INLINE = re.compile(r"(`[^`\n]+`|\*\*[^*\n]+\*\*|(?<![*\w])\*[^*\s][^*\n]*\*(?![*\w]))")


def _inline(line: str, base: str = "") -> Text:
    out = Text(style=base)
    for part in _INLINE.split(line):
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(part[1:-1], style="cyan")
        elif part.startswith("**") and part.endswith("**") and len(part) > 3:
            out.append(part[2:-2], style="bold")
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            out.append(part[1:-1], style="italic")
        else:
            out.append(part)
    return out


_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+\.)\s")
_CJK = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")


def _join(a: str, b: str) -> str:
    """Join two lines of one paragraph: a space between words, none between Chinese characters."""
    if not a:
        return b.strip()
    b = b.strip()
    return a + ("" if _CJK.match(a[-1:]) or _CJK.match(b[:1]) else " ") + b


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def _table(lines: list[str]) -> Any:
    """A Markdown (GFM) table as a rich Table: header row, `|---|` rule, body rows. Lines
    that are not such a table stay text, as they were written."""
    if len(lines) < 2 or not _TABLE_RULE.match(lines[1]):
        out = Text()
        for line in lines:
            out.append_text(_inline(line))
            out.append("\n")
        return out
    header = _cells(lines[0])
    table = Table(show_lines=False, expand=False)
    for cell in header:
        table.add_column(_inline(cell, "bold"))
    for line in lines[2:]:
        row = _cells(line)[: len(header)]
        table.add_row(*[_inline(c) for c in row + [""] * (len(header) - len(row))])
    return table


def markdown_blocks(text: str) -> list[tuple[Any, bool]]:
    """Statements as styled terminal text: (block, is_code) pairs for headings, prose, tables
    (rich Tables) and code.

    A few lines instead of rich.markdown: Markdown reads well as plain text, and
    rich.markdown (markdown-it) would add ~50 ms to `show` and `practice`, whose
    start-up budget is 1.5x importing typer and rich. Paragraph and list-item lines
    are re-joined so that the terminal, not the source file, decides the wrapping.
    """
    blocks: list[tuple[Any, bool]] = []
    prose, code = Text(), Text(style="green")
    para = ""
    fence = False
    rows: list[str] = []

    def flush() -> None:
        nonlocal para, prose
        if para:
            prose.append_text(_inline(para))
            prose.append("\n")
            para = ""
        if rows:
            blocks.append((prose, False))
            blocks.append((_table(rows), False))
            prose = Text()
            rows.clear()

    for line in text.splitlines():
        if rows and not (line.lstrip().startswith("|") and not fence):
            flush()
        if line.lstrip().startswith("```"):
            flush()
            if fence:
                blocks += [(prose, False), (code, True)]
                prose, code = Text(), Text(style="green")
            fence = not fence
        elif fence:
            code.append("    " + line + "\n")
        elif not line.strip():
            flush()
            prose.append("\n")
        elif line.startswith("#"):
            flush()
            level = len(line) - len(line.lstrip("#"))
            prose.append_text(_inline(line[level:].strip(), "bold underline" if level == 1 else "bold"))
            prose.append("\n")
        elif line.lstrip().startswith("|"):
            if not rows:
                flush()
            rows.append(line)
        elif _LIST_ITEM.match(line):
            flush()
            para = line.rstrip()
        else:
            para = _join(para, line)
    flush()
    blocks += [(prose, False), (code, True)]
    return [(b, is_code) for b, is_code in blocks if not isinstance(b, Text) or b.plain]


def render_markdown(console: Console, text: str) -> None:
    for block, is_code in markdown_blocks(text):
        if not isinstance(block, Text):
            console.print(block)
            continue
        # code is never re-wrapped by us (the terminal may soft-wrap long lines)
        console.print(block, end="", soft_wrap=is_code)
