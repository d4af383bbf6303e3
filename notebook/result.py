"""What `%%sftkl` and `check()` give back: the grade, shown as HTML in Jupyter and as text elsewhere.

The text is the command line's own report (cli/render.py through a recording rich
console); the HTML is built here from the same report, with the same texts: a table of
cases, the summary, each diagnosis, the notes and what the code printed. A few lines of
html.escape rather than rich's HTML export: that export is the terminal's box-drawing
text in a <pre>, not a table a notebook can lay out.
"""

from __future__ import annotations

from html import escape

from sftkl.cli import texts as _cli_texts  # noqa: F401 - the report's headings are the command line's
from sftkl.graders.model import GradeReport
from sftkl.graders.texts import t

_COLOURS = {"pass": "#1a7f37", "not-run": "#6e7781", "timeout": "#9a6700", "memory": "#9a6700", "crash": "#9a6700",
            "mutated": "#8250df", "forbidden": "#8250df"}
_RED = "#cf222e"


class Result:
    """A notebook grade: `report` (the GradeReport), `file` (the file graded), `verdict`.

    Jupyter shows `_repr_html_`; a terminal IPython or `print()` shows the text."""

    def __init__(self, report: GradeReport, lang: str, file: str, lead: list[str]) -> None:
        self.report, self.lang, self.file, self.lead = report, lang, file, lead
        self._text: str | None = None

    @property
    def verdict(self) -> str:
        return self.report.verdict

    def __bool__(self) -> bool:
        return self.report.verdict == "pass"

    def _next(self) -> str:
        if self.report.verdict == "pass":
            return t(self.lang, "ui.nb_next_pass")
        return t(self.lang, "ui.nb_next_fail", seed=self.report.seed)

    def text(self) -> str:
        if self._text is None:
            import io

            from rich.console import Console

            from sftkl.cli.render import render_report

            console = Console(file=io.StringIO(), record=True, width=110, color_system=None,
                              highlight=False, soft_wrap=False, force_terminal=False, force_jupyter=False)
            render_report(console, self.report, self.lang, self.file, show_all=True, next_line=self._next())  # no --all in a notebook
            self._text = "\n".join(self.lead) + "\n" + console.export_text()
        return self._text

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return self.text()

    def _repr_pretty_(self, p, cycle: bool) -> None:  # IPython in a terminal
        p.text(self.text())

    def _repr_html_(self) -> str:
        r, lang = self.report, self.lang
        out = [f'<div class="sftkl-report" data-verdict="{r.verdict}">',
               f"<p><b>{escape(t(lang, 'ui.header', problem=r.problem, track=r.track, seed=r.seed))}</b></p>"]
        out += [f'<p style="color:#57606a">{escape(line)}</p>' for line in self.lead]
        if r.error is not None:
            out.append(f'<div style="border-left:4px solid {_RED};padding:4px 8px"><b>{escape(t(lang, "ui.file_error"))}</b>'
                       f'<pre style="white-space:pre-wrap">{escape(r.error.render(lang))}</pre></div>')
        else:
            out.append(_cases_table(r, lang))
        ep, et = r.count("edge")
        cp, ct = r.count("random")
        key = "ui.summary_pass" if r.verdict == "pass" else "ui.summary_fail"
        summary = t(lang, key, passed=r.passed, total=r.total, core_passed=cp, core_total=ct, edge_passed=ep,
                    edge_total=et, duration=r.duration_s)
        out.append(f'<p class="sftkl-summary" style="color:{_COLOURS["pass"] if r.verdict == "pass" else _RED}">'
                   f"<b>{escape(summary)}</b></p>")
        for d in r.diagnoses:
            out.append(
                f'<div class="sftkl-diagnosis" style="border-left:4px solid #bf8700;padding:4px 8px;margin:6px 0">'
                f"<b>{escape(t(lang, 'ui.diagnosis', title=d.title[lang]))}</b> <code>[{escape(d.id)}]</code><br>"
                f"{escape(d.explanation[lang])}<br><i>{escape(t(lang, 'ui.fix', fix=d.fix[lang]))}</i><br>"
                f'<small style="color:#57606a">{escape(t(lang, "ui.diag_cases", cases=", ".join(d.cases)))}</small></div>')
        if r.error is None and r.verdict == "fail" and not r.diagnoses and not r.untouched_stub:
            out.append(f'<p style="color:#57606a">{escape(t(lang, "ui.no_diagnosis"))}</p>')
        for n in r.notes:
            out.append(f'<div class="sftkl-note" style="border-left:4px solid #0969da;padding:4px 8px;margin:6px 0">'
                       f"<b>{escape(t(lang, 'ui.notes'))}</b><br>{escape(n.render(lang))}</div>")
        printed = "\n".join(s for s in (r.stdout.rstrip(), r.stderr.rstrip()) if s)
        if printed:
            title = t(lang, "ui.output") + (" " + t(lang, "ui.output_truncated") if r.output_truncated else "")
            out.append(f"<details open><summary>{escape(title)}</summary>"
                       f'<pre class="sftkl-output" style="max-height:20em;overflow:auto">{escape(printed)}</pre></details>')
        out.append(f"<p>{escape(self._next())}</p></div>")
        return "\n".join(out)


def _cases_table(r: GradeReport, lang: str) -> str:
    rows = []
    for kind in ("edge", "random"):
        cases = [c for c in r.cases if c.kind == kind]
        if cases:
            rows.append(f'<tr><td colspan="3" style="text-align:left"><b>{escape(t(lang, f"ui.kind_{kind}"))}</b></td></tr>')
        for c in cases:
            colour = _COLOURS.get(c.status, _RED)
            message = c.message.render(lang) if c.message else ""
            rows.append(
                f'<tr class="sftkl-case" data-status="{escape(c.status)}">'
                f'<td style="text-align:left"><code>{escape(c.id)}</code><br><small>{escape(c.description[lang])}</small></td>'
                f'<td style="text-align:left;color:{colour}"><b>{escape(c.status)}</b></td>'
                f'<td style="text-align:left;white-space:pre-wrap">{escape(message)}</td></tr>')
    head = "".join(f'<th style="text-align:left">{escape(t(lang, k))}</th>' for k in ("ui.col_case", "ui.col_status", "ui.col_message"))
    return f'<table class="sftkl-cases"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
