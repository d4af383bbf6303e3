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


def render_report(console: Console, report: GradeReport, lang: str, shown_file: str, next_line: str | None = None) -> None:
    """The report as the terminal shows it; `next_line` replaces the closing "what next" line
    (the notebook's says to run the cell again, not `sftkl grade`)."""
    console.print(Text(t(lang, "ui.header", problem=report.problem, track=report.track, seed=report.seed), style="bold"))
    if report.error is not None:
        console.print(Panel(Text(report.error.render(lang)), title=t(lang, "ui.file_error"), border_style="red"))
    else:
        table = Table(show_lines=False, expand=False)
        table.add_column(t(lang, "ui.col_case"), ratio=2)
        table.add_column(t(lang, "ui.col_status"), no_wrap=True)
        table.add_column(t(lang, "ui.col_message"), ratio=3)
        for kind in ("edge", "random"):
            rows = [c for c in report.cases if c.kind == kind]
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
        console.print(table)
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
    stub = all(c.message is not None and c.message.key == "case.not_implemented" for c in report.cases)
    if report.error is None and report.verdict == "fail" and not report.diagnoses and not stub:
        console.print(Text(t(lang, "ui.no_diagnosis"), style="dim"))
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
        console.print(Text(t(lang, "ui.next_fail", file=shown_file, seed=report.seed)))


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


def markdown_blocks(text: str) -> list[tuple[Text, bool]]:
    """Statements as styled terminal text: (block, is_code) pairs for headings, prose and code.

    A few lines instead of rich.markdown: Markdown reads well as plain text, and
    rich.markdown (markdown-it) would add ~50 ms to `show` and `practice`, whose
    start-up budget is 1.5x importing typer and rich. Paragraph and list-item lines
    are re-joined so that the terminal, not the source file, decides the wrapping.
    """
    blocks: list[tuple[Text, bool]] = []
    prose, code = Text(), Text(style="green")
    para = ""
    fence = False

    def flush() -> None:
        nonlocal para
        if para:
            prose.append_text(_inline(para))
            prose.append("\n")
            para = ""

    for line in text.splitlines():
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
            flush()
            prose.append_text(_inline(line))
            prose.append("\n")
        elif _LIST_ITEM.match(line):
            flush()
            para = line.rstrip()
        else:
            para = _join(para, line)
    flush()
    blocks += [(prose, False), (code, True)]
    return [(b, is_code) for b, is_code in blocks if b.plain]


def render_markdown(console: Console, text: str) -> None:
    for block, is_code in markdown_blocks(text):
        # code is never re-wrapped by us (the terminal may soft-wrap long lines)
        console.print(block, end="", soft_wrap=is_code)
