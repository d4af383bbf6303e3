"""A grade flattened into a `Row`, and the files other graders read: JUnit XML and Gradescope's results.json.

Everything here works on `Row`, so one submission (`sftkl grade --junit`) and a
class (`sftkl batch --junit`, rows read back from results.json on a resume) are
written by the same code. No numpy here: rows are plain data.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from sftkl.graders.catalog import Problem, get_problem
from sftkl.graders.errors import UsageError
from sftkl.graders.model import GradeReport
from sftkl.graders.texts import t

# Row.status: graded (a GradeReport exists, load errors included), no-file (the
# student's folder holds nothing to grade), grader-error (sftkl itself failed on
# this submission; a rerun grades it again).
ROW_STATUSES = ("graded", "no-file", "grader-error")
# JUnit: a wrong answer is a <failure>; a case that raised, ran out of time or
# memory, crashed or never ran is an <error>, as CI reporters expect.
JUNIT_ERROR_STATUSES = {"error", "timeout", "memory", "crash", "not-run"}

# Characters XML 1.0 cannot carry (NUL, most C0 controls, lone surrogates, U+FFFE/F).
# A submission controls its exception messages, so they are removed before any export.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(text: str) -> str:
    """`text` without the characters that would make an XML or UTF-8 JSON file invalid."""
    return _NOT_XML.sub("\ufffd", text)


@dataclass(frozen=True)
class RowCase:
    id: str
    kind: str  # edge | random
    status: str
    message: str = ""
    description: str = ""
    time_s: float | None = None
    diagnoses: tuple[str, ...] = ()  # ids of the named mistakes that explain this case


@dataclass(frozen=True)
class Row:
    """One graded submission, flattened for results.csv / results.json / JUnit / Gradescope.

    Messages are rendered in the language of the run; diagnoses keep their stable ids.
    """

    student: str
    file: str
    sha256: str
    seed: int | None
    status: str  # one of ROW_STATUSES
    verdict: str  # pass | fail
    passed: int = 0
    total: int = 0
    edge_passed: int = 0
    edge_total: int = 0
    score: float = 0.0  # percent, edge cases weighted by the problem's edge_weight
    diagnoses: tuple[str, ...] = ()
    error: str | None = None
    duration_s: float = 0.0
    cases: tuple[RowCase, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["diagnoses"] = list(self.diagnoses)
        data["cases"] = [{**asdict(c), "diagnoses": list(c.diagnoses)} for c in self.cases]
        return data

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> "Row":
        fields = {k: v for k, v in data.items() if k in Row.__dataclass_fields__}
        fields["diagnoses"] = tuple(fields.get("diagnoses", ()))
        fields["cases"] = tuple(
            RowCase(**{**c, "diagnoses": tuple(c.get("diagnoses", ()))}) for c in fields.get("cases", ())
        )
        return Row(**fields)


def case_weight(problem: Problem, kind: str) -> float:
    return problem.edge_weight if kind == "edge" else 1.0


def weighted_score(problem: Problem, cases: Iterable[RowCase]) -> tuple[float, float]:
    """(points earned, points possible): a random case is worth 1, an edge case `edge_weight`."""
    earned = possible = 0.0
    for c in cases:
        w = case_weight(problem, c.kind)
        possible += w
        earned += w if c.status == "pass" else 0.0
    return earned, possible


def row_from_report(report: GradeReport, student: str, file: str, sha256: str, lang: str) -> Row:
    problem = get_problem(report.problem)
    explains: dict[str, list[str]] = {}
    for d in report.diagnoses:
        for cid in d.cases:
            explains.setdefault(cid, []).append(d.id)
    cases = tuple(
        RowCase(
            id=c.id,
            kind=c.kind,
            status=c.status,
            message=clean_text(c.message.render(lang)) if c.message else "",
            description=c.description[lang],
            time_s=round(c.time_s, 6) if c.time_s is not None else None,
            diagnoses=tuple(explains.get(c.id, ())),
        )
        for c in report.cases
    )
    earned, possible = weighted_score(problem, cases)
    ep, et = report.count("edge")
    return Row(
        student=student,
        file=file,
        sha256=sha256,
        seed=report.seed,
        status="graded",
        verdict=report.verdict,
        passed=report.passed,
        total=report.total,
        edge_passed=ep,
        edge_total=et,
        score=round(100.0 * earned / possible, 2) if possible and report.error is None else 0.0,
        diagnoses=tuple(d.id for d in report.diagnoses),
        error=clean_text(report.error.render(lang)) if report.error else None,
        duration_s=round(report.duration_s, 3),
        cases=cases,
    )


def _diagnosis_lines(problem: Problem, ids: Iterable[str], lang: str) -> list[str]:
    """The named mistakes' titles and fixes."""
    known = {m.id: m for m in problem.mistakes}
    lines = []
    for did in ids:
        m = known.get(did)
        if m is None:
            continue
        lines.append(t(lang, "ui.export_diagnosis", title=m.title[lang], id=did))
        lines.append(t(lang, "ui.export_fix", fix=m.fix[lang]))
    return lines


def _case_text(problem: Problem, row: Row, case: RowCase, lang: str) -> str:
    lines = [case.description] if case.description else []
    if case.message:
        lines.append(case.message)
    if case.status == "not-run" and row.error:
        lines.append(row.error)
    if case.status != "pass":
        lines += _diagnosis_lines(problem, case.diagnoses, lang)
    return "\n".join(lines)


def _fmt_time(seconds: float | None) -> str:
    return f"{(seconds or 0.0):.3f}"


def junit_xml(rows: Iterable[Row], problem: Problem, track: str, lang: str, *, batch: bool) -> str:
    """JUnit XML: one <testsuite> per row, one <testcase> per case, with failure messages.

    For one submission (`batch=False`) the suite is named after the problem and the
    classname is `problem.track.kind`; in a batch the suite and classname carry the student.
    """
    rows = list(rows)
    root = ET.Element("testsuites", name=f"sftkl {problem.id} ({track})")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    total_time = 0.0
    for row in rows:
        suite_name = row.student if batch else f"{problem.id} ({track})"
        prefix = row.student if batch else f"{problem.id}.{track}"
        suite = ET.SubElement(root, "testsuite", name=suite_name)
        props = ET.SubElement(suite, "properties")
        for name, value in (("problem", problem.id), ("track", track), ("seed", row.seed), ("file", row.file),
                            ("sha256", row.sha256), ("verdict", row.verdict)):
            if value not in (None, ""):
                ET.SubElement(props, "property", name=name, value=clean_text(str(value)))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        if not row.cases:
            # Nothing was graded (no file, or sftkl failed): one errored testcase says why.
            tc = ET.SubElement(suite, "testcase", classname=prefix, name="submission", time="0.000")
            reason = row.error or t(lang, "ui.export_not_graded")
            ET.SubElement(tc, "error", type=row.status, message=clean_text(reason)).text = clean_text(reason)
            counts["tests"] += 1
            counts["errors"] += 1
        for case in row.cases:
            tc = ET.SubElement(suite, "testcase", classname=f"{prefix}.{case.kind}", name=case.id,
                               time=_fmt_time(case.time_s))
            counts["tests"] += 1
            if case.status == "pass":
                continue
            tag = "error" if case.status in JUNIT_ERROR_STATUSES else "failure"
            counts["errors" if tag == "error" else "failures"] += 1
            summary = case.message or (row.error or case.status)
            el = ET.SubElement(tc, tag, type=case.status, message=clean_text(summary))
            el.text = clean_text(_case_text(problem, row, case, lang))
        if row.error:
            ET.SubElement(suite, "system-err").text = clean_text(row.error)
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
        suite.set("skipped", "0")
        suite.set("time", _fmt_time(row.duration_s))
        total_time += row.duration_s
    for k, v in totals.items():
        root.set(k, str(v))
    root.set("time", _fmt_time(total_time))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def gradescope_results(row: Row, problem: Problem, track: str, lang: str, *, visibility: str = "visible",
                       leaderboard: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Gradescope's autograder results.json for one submission.

    Each case is a test worth 1 point (an edge case `edge_weight` points); the
    top-level score is the sum, so the class's grade follows the problem's metadata.
    Each test is tagged with its kind (edge, random) and the ids of the mistakes that
    explain it; `leaderboard` (Gradescope's list of {name, value, order}) is added when given.
    """
    tests = []
    for case in row.cases:
        w = case_weight(problem, case.kind)
        ok = case.status == "pass"
        tests.append({
            "name": f"{t(lang, f'ui.kind_{case.kind}')}: {case.id}",
            "score": w if ok else 0.0,
            "max_score": w,
            "status": "passed" if ok else "failed",
            "output": clean_text(_case_text(problem, row, case, lang) if not ok else case.description),
            "visibility": visibility,
            "tags": [case.kind, *case.diagnoses],
        })
    earned, possible = weighted_score(problem, row.cases)
    lines = []
    if row.status == "graded":
        lines.append(t(lang, "ui.export_summary", problem=problem.id, track=track, seed=row.seed, passed=row.passed,
                       total=row.total, edge_passed=row.edge_passed, edge_total=row.edge_total))
    if row.error:
        lines.append(row.error)
    lines += _diagnosis_lines(problem, row.diagnoses, lang)
    if row.status == "graded" and row.verdict != "pass":
        lines.append(t(lang, "ui.export_reproduce", file=problem.file, problem=problem.id, track=track, seed=row.seed))
    doc = {
        "score": round(earned, 4),
        "execution_time": round(row.duration_s, 3),
        "output": clean_text("\n".join(lines)),
        "visibility": visibility,
        "tests": tests,
    }
    if leaderboard:
        doc["leaderboard"] = leaderboard
    return doc


# Failures of the program rather than of the answer: the likelier "why" of a failed row.
_RUN_FAILURES = ("timeout", "memory", "crash", "forbidden", "error", "not-run", "mutated")


def row_reason(row: Row, lang: str) -> str:
    """Why a row failed, in one line (the CSV's `error` column): the grader's own error where
    the file could not be graded, else how many cases failed and the first one's message,
    a time-out, crash or exhausted memory before a wrong answer. Empty for a row that passed."""
    if row.verdict == "pass":
        return ""
    if row.error:
        return row.error
    failed = [c for c in row.cases if c.status != "pass"]
    if not failed:
        return t(lang, "ui.export_not_graded")
    first = next((c for c in failed if c.status in _RUN_FAILURES), failed[0])
    return clean_text(t(lang, "ui.export_reason", failed=len(failed), total=len(row.cases), case=first.id,
                        message=first.message or first.status).replace("\n", " "))


def write_report_exports(report: GradeReport, lang: str, *, junit: str | Path | None = None,
                         gradescope: str | Path | None = None) -> tuple[str, ...]:
    """Write the JUnit and/or Gradescope files of one grade (`sftkl grade --junit/--gradescope`)."""
    import hashlib
    import json

    path = Path(report.file)
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        digest = ""
    row = row_from_report(report, path.stem, path.name, digest, lang)
    problem = get_problem(report.problem)
    written = []
    for target, text in (
        (junit, lambda: junit_xml([row], problem, report.track, lang, batch=False)),
        (gradescope, lambda: json.dumps(gradescope_results(row, problem, report.track, lang), ensure_ascii=False, indent=1) + "\n"),
    ):
        if target is None:
            continue
        dest = Path(target).expanduser()
        write_export(dest, text(), "results.json" if target is gradescope else "junit.xml")
        written.append(str(dest))
    return tuple(written)


def write_export(dest: Path, text: str, default_name: str) -> None:
    """Write one export file. A directory given where the file belongs is named as one;
    otherwise the write fails in the folder that should hold it, which is named."""
    from sftkl.graders.files import atomic_write

    if dest.is_dir():
        raise UsageError("err.export_is_dir", path=str(dest), example=str(dest / default_name))
    try:
        atomic_write(dest, text)
    except OSError as e:
        raise UsageError("err.dir_unwritable", dir=str(dest.parent), detail=e.strerror or str(e)) from None
