"""Render core results: rich for people, one JSON object for scripts. No grading logic here."""

from __future__ import annotations

import json
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
            {"id": d.id, "message": f"{d.title[lang]}: {d.explanation[lang]}", "fix": d.fix[lang], "cases": list(d.cases)}
            for d in report.diagnoses
        ],
        "notes": [n.render(lang) for n in report.notes],
        "error": report.error.render(lang) if report.error else None,
        "duration_s": round(report.duration_s, 3),
    }


def print_json(data: Any) -> None:
    import sys

    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def render_report(console: Console, report: GradeReport, lang: str, shown_file: str) -> None:
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
    if report.verdict == "pass":
        console.print(Text(t(lang, "ui.next_pass")))
    else:
        console.print(Text(t(lang, "ui.next_fail", file=shown_file, seed=report.seed)))


def render_markdown(console: Console, text: str) -> None:
    from rich.markdown import Markdown  # markdown-it costs ~50 ms: only the commands that show text pay it

    console.print(Markdown(text))
