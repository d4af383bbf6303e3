"""Grade a class: every submission in a folder, in parallel, resumable, one row per student.

Layout of DIR: one file per student (`alice.py`), or one folder per student
holding the stub's file name (`alice/sft_loss.py`; a folder with a single other
`.py` file is graded too). Results go to OUT/results.json (the source of truth
for resuming) and OUT/results.csv, rewritten atomically as rows come in; a rerun
skips every student whose file (by SHA-256) and seed are unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from sftkl.graders.catalog import Problem, get_problem
from sftkl.sandbox.limits import Limits
from sftkl.graders.errors import SftklError, UsageError
from sftkl.classroom.exports import Row, clean_text, junit_xml, row_from_report, row_reason, write_export
from sftkl.graders.model import GradeReport
from sftkl.graders.texts import t
from sftkl.graders.files import atomic_write, printable
from sftkl.classroom.submissions import Submission, discover  # noqa: F401 - discover is part of batch's interface

FORMAT_VERSION = 1
RESULTS_JSON = "results.json"
RESULTS_CSV = "results.csv"
CSV_COLUMNS = ("student", "verdict", "passed", "total", "edge_passed", "edge_total", "score", "diagnoses",
               "error", "duration_s", "seed", "status", "file", "sha256")
SAVE_EVERY_S = 0.2  # results are rewritten at most this often while grading (and always at the end)
SLOWEST = 5
STOP_GRACE_S = 15.0  # Ctrl-C: how long to wait for the grades in flight to wind down


def grade_submission(path: str | Path, problem: str, track: str, seed: int, limits: Limits | None = None) -> GradeReport:
    """The one place where batch and autograder grade a file (a warm-grade path can be swapped in here)."""
    from sftkl.graders.engine import grade

    return grade(path, problem=problem, track=track, seed=seed, limits=limits)


@dataclass(frozen=True)
class BatchSummary:
    total: int
    passed: int
    failed: int
    pass_rate: float  # passed / total, 0..1
    diagnoses: tuple[tuple[str, int], ...]  # (mistake id, students), most common first: the teaching signal
    undiagnosed: int  # failed, loaded, and no known mistake matched
    load_errors: int  # the file could not be loaded (syntax error, import-time crash, ...)
    not_graded: int  # no file, or sftkl failed on it
    slowest: tuple[tuple[str, float], ...]  # (student, seconds), slowest first


@dataclass(frozen=True)
class BatchResult:
    problem: str
    track: str
    seed: int
    seed_per_student: bool
    out: str
    rows: tuple[Row, ...]
    graded: int  # graded by this run
    skipped: int  # already graded by an earlier run with the same file and seed
    interrupted: bool
    files: tuple[str, ...]  # what was written

    @property
    def summary(self) -> BatchSummary:
        return summarize(self.rows)


def summarize(rows: Iterable[Row]) -> BatchSummary:
    rows = list(rows)
    passed = sum(1 for r in rows if r.verdict == "pass")
    counts: dict[str, int] = {}
    for r in rows:
        for d in r.diagnoses:
            counts[d] = counts.get(d, 0) + 1
    failed = [r for r in rows if r.verdict != "pass"]
    slow = sorted((r for r in rows if r.status == "graded"), key=lambda r: (-r.duration_s, r.student))[:SLOWEST]
    return BatchSummary(
        total=len(rows),
        passed=passed,
        failed=len(failed),
        pass_rate=passed / len(rows) if rows else 0.0,
        diagnoses=tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        undiagnosed=sum(1 for r in failed if r.status == "graded" and r.error is None and not r.diagnoses),
        load_errors=sum(1 for r in failed if r.status == "graded" and r.error is not None),
        not_graded=sum(1 for r in rows if r.status != "graded"),
        slowest=tuple((r.student, r.duration_s) for r in slow),
    )


def summary_dict(s: BatchSummary) -> dict[str, Any]:
    return {
        "total": s.total,
        "passed": s.passed,
        "failed": s.failed,
        "pass_rate": round(s.pass_rate, 4),
        "diagnoses": {k: v for k, v in s.diagnoses},
        "undiagnosed": s.undiagnosed,
        "load_errors": s.load_errors,
        "not_graded": s.not_graded,
        "slowest": [{"student": k, "duration_s": v} for k, v in s.slowest],
    }


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def student_seed(master: int, student: str) -> int:
    """--seed-per-student: a seed derived from the batch seed and the name, so a rerun reproduces it."""
    return int.from_bytes(hashlib.sha256(f"{master}/{student}".encode()).digest()[:8], "big") % 1_000_000


# ---------------------------------------------------------------------------
# Results files

def load_results(out: Path) -> dict[str, Any] | None:
    """The results.json of an earlier run in OUT, or None where there is none.

    One that is there but is not what `batch` writes (not JSON, another shape, a folder)
    is a usage error: resuming from it, or overwriting it, could lose someone's results."""
    path = out / RESULTS_JSON
    if not path.exists() and not path.is_symlink():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as e:
        raise UsageError("err.batch_bad_results", path=str(path), detail=getattr(e, "strerror", None) or type(e).__name__) from None
    rows = data.get("rows") if isinstance(data, dict) else None
    if (not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION or not isinstance(rows, list)
            or not all(isinstance(r, dict) and isinstance(r.get("student"), str) for r in rows)):
        raise UsageError("err.batch_bad_results", path=str(path), detail="not the shape sftkl batch writes")
    return data


def _csv_text(rows: Iterable[Row], lang: str = "en") -> str:
    """The CSV: one line per student; every failed row says why in `error` (results.json keeps
    the detail: the row's error, each case's message)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in rows:
        d = r.to_dict()
        d["diagnoses"] = ";".join(r.diagnoses)
        d["error"] = row_reason(r, lang)
        d["seed"] = "" if r.seed is None else r.seed
        w.writerow([_cell(d[c]) for c in CSV_COLUMNS])
    return buf.getvalue()


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: students choose folder names and exception
    messages, and a text cell that starts with = + - @ (or a tab or carriage return) would run
    as a formula (CSV injection; OWASP's advice: a leading apostrophe). Line breaks become
    spaces, so that each row is one line. results.json keeps every value as it is."""
    if not isinstance(value, str):
        return value
    value = " ".join(value.splitlines())
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


class _Writer:
    """Rewrites results.json and results.csv atomically (a crash never leaves half a file)."""

    def __init__(self, out: Path, meta: dict[str, Any]) -> None:
        self.out = out
        self.meta = meta
        self.last = 0.0
        self.dirty = False

    def save(self, rows: dict[str, Row], force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < SAVE_EVERY_S:
            self.dirty = True
            return
        ordered = [rows[k] for k in sorted(rows)]
        doc = {**self.meta, "summary": summary_dict(summarize(ordered)), "rows": [r.to_dict() for r in ordered]}
        try:
            atomic_write(self.out / RESULTS_JSON, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
            atomic_write(self.out / RESULTS_CSV, _csv_text(ordered, self.meta.get("lang", "en")))
        except OSError as e:
            raise UsageError("err.dir_unwritable", dir=str(self.out), detail=e.strerror or str(e)) from None
        self.last = time.monotonic()
        self.dirty = False


# ---------------------------------------------------------------------------
# Grading

def _grade_one(sub: Submission, digest: str, seed: int, problem: Problem, track: str, limits: Limits | None,
               lang: str, stop: threading.Event) -> Row | None:
    """Grade one submission; never raises. None when the batch was stopped while it ran (graded again next time)."""
    if sub.path is None and not sub.problem:
        reason = t(lang, "err.batch_no_file", folder=sub.rel, file=problem.file)
        return Row(sub.student, sub.rel, "", seed, "no-file", "fail", error=reason)
    if sub.problem:
        reason = t(lang, "err.batch_bad_file", file=printable(sub.rel), why=t(lang, f"err.batch_file_{sub.problem}"))
        return Row(sub.student, sub.rel, "", seed, "no-file", "fail", error=reason)
    started = time.monotonic()
    try:
        report = grade_submission(sub.path, problem.id, track, seed, limits)
        row = row_from_report(report, sub.student, sub.rel, digest, lang)
    except SftklError as e:
        row = Row(sub.student, sub.rel, digest, seed, "grader-error", "fail", error=clean_text(e.render(lang)),
                  duration_s=round(time.monotonic() - started, 3))
    except Exception as e:  # noqa: BLE001 - one submission must never stop the batch
        detail = clean_text(f"{type(e).__name__}: {e}")
        row = Row(sub.student, sub.rel, digest, seed, "grader-error", "fail",
                  error=t(lang, "err.batch_grader_failed", detail=detail), duration_s=round(time.monotonic() - started, 3))
    return None if stop.is_set() else row


def _wind_down(running: Iterable[Future]) -> None:
    running = [f for f in running if not f.done()]
    deadline = time.monotonic() + STOP_GRACE_S
    while running and time.monotonic() < deadline:
        # The engine restarts a dead child a few times: keep killing until every grade returns.
        from sftkl.sandbox import pool

        pool.kill_running()
        _, pending = wait(running, timeout=0.1)
        running = list(pending)


def run_batch(
    directory: str | Path,
    problem: str,
    track: str | None = None,
    *,
    out: str | Path = "results",
    jobs: int | None = None,
    seed: int | None = None,
    seed_per_student: bool = False,
    limits: Limits | None = None,
    lang: str = "en",
    junit: str | Path | None = None,
    on_start: Callable[[int, int], None] | None = None,
    on_row: Callable[[Row], None] | None = None,
) -> BatchResult:
    """Grade every submission in `directory`; returns when all are graded or on Ctrl-C (what is done is saved).

    `on_start(to_grade, skipped)` and `on_row(row)` are called from the calling thread.
    """
    prob = get_problem(problem)
    trk = prob.track(track)
    src = Path(directory).expanduser()
    if not src.is_dir():
        raise UsageError("err.batch_no_dir", dir=str(directory))
    if jobs is not None and jobs < 1:
        raise UsageError("err.batch_bad_jobs", jobs=jobs)
    if seed is not None and not 0 <= seed < 2**63:
        raise UsageError("err.bad_seed", seed=seed)
    if junit is not None and Path(junit).expanduser().is_dir():  # said before grading a class, not after
        raise UsageError("err.export_is_dir", path=str(junit), example=str(Path(junit) / "junit.xml"))
    out_dir = Path(out).expanduser()
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError("err.dir_unwritable", dir=str(out_dir), detail="not a directory")
    previous = load_results(out_dir)
    if previous is not None and (previous.get("problem"), previous.get("track")) != (prob.id, trk.name):
        raise UsageError("err.batch_other_results", out=str(out_dir), problem=previous.get("problem"),
                         track=previous.get("track"))
    if seed is not None:
        master = seed
    elif previous is not None and "seed" in previous:
        master = previous["seed"]  # a resume keeps the seed of the run it resumes
        if type(master) is not int or not 0 <= master < 2**63:  # checked once here, not per row
            raise UsageError("err.batch_bad_resumed_seed", file=str(out_dir / RESULTS_JSON),
                             seed=json.dumps(master)[:40])
    else:
        from sftkl.graders.engine import new_seed

        master = new_seed()

    subs = discover(src, prob, exclude=out_dir)
    if not subs:
        raise UsageError("err.batch_empty", dir=str(directory), file=prob.file)

    old: dict[str, Row] = {}
    for d in (previous or {}).get("rows", ()):
        try:
            r = Row.from_dict(d)
        except (TypeError, ValueError, AttributeError, KeyError):
            continue
        old[r.student] = r
    rows: dict[str, Row] = {}
    todo: list[tuple[Submission, str, int]] = []
    for s in subs:
        digest = ""
        if s.path is not None and not s.problem:
            try:
                digest = file_sha256(s.path)
            except OSError:
                s = Submission(s.student, s.rel, s.path, "unreadable")
        s_seed = student_seed(master, s.student) if seed_per_student else master
        prior = old.get(s.student)
        if prior is not None and prior.status != "grader-error" and (prior.file, prior.sha256, prior.seed) == (s.rel, digest, s_seed):
            rows[s.student] = prior
        else:
            todo.append((s, digest, s_seed))
    skipped = len(rows)

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError("err.dir_unwritable", dir=str(out_dir), detail=e.strerror or str(e)) from None
    meta = {"format_version": FORMAT_VERSION, "problem": prob.id, "track": trk.name, "seed": master,
            "seed_per_student": seed_per_student, "lang": lang, "directory": str(src.resolve())}
    writer = _Writer(out_dir, meta)
    writer.save(rows, force=True)
    if on_start:
        on_start(len(todo), skipped)

    # Threads, not processes: grade() spends its time waiting on the candidate's own
    # child process (where the limits apply), so N threads keep N children busy; the
    # rows come back to this thread, the only writer of the results files.
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    stop = threading.Event()
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sftkl-batch")
    interrupted = False
    graded = 0
    futures: list[Future] = []
    collected: set[Future] = set()

    def collect(f: Future, notify: bool) -> None:
        nonlocal graded
        collected.add(f)
        row = f.result()
        if row is None:  # stopped mid-grade: not recorded, graded again next time
            return
        rows[row.student] = row
        graded += 1
        writer.save(rows)
        if notify and on_row:
            on_row(row)

    # Warm fork servers (numpy/torch imported once) for the whole class; each grade still
    # gets a fresh, limited process of its own.
    from sftkl.sandbox import jail
    from sftkl.sandbox.pool import keep_warm

    # The class's folder and the output folder are outside the sandbox's view, unless they lie
    # inside it (under /usr, in a Python installation): hidden then, before any server starts.
    hidden = jail.also_hide([str(src), str(out_dir)])
    warm: keep_warm | None = keep_warm((trk.name,) if todo else ())
    try:
        warm.__enter__()
    except OSError:  # no fork server: every grade spawns its own process, as `sftkl grade` does
        warm = None
    try:
        for s, d, sd in todo:
            futures.append(pool.submit(_grade_one, s, d, sd, prob, trk.name, limits, lang, stop))
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            for f in done:
                collect(f, notify=True)
    except KeyboardInterrupt:
        interrupted = True
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        _wind_down(f for f in futures if f not in collected)
        # Grades that finished before the stop but were not collected yet still count.
        for f in futures:
            if f not in collected and f.done() and not f.cancelled():
                collect(f, notify=False)
    finally:
        pool.shutdown(wait=not interrupted, cancel_futures=True)
        if warm is not None:
            warm.__exit__(None, None, None)
        jail.unhide(hidden)
        writer.save(rows, force=True)
    ordered = tuple(rows[k] for k in sorted(rows))
    files = [str(out_dir / RESULTS_JSON), str(out_dir / RESULTS_CSV)]
    if junit is not None:
        jpath = Path(junit).expanduser()
        write_export(jpath, junit_xml(ordered, prob, trk.name, lang, batch=True), "junit.xml")
        files.append(str(jpath))
    return BatchResult(prob.id, trk.name, master, seed_per_student, str(out_dir), ordered, graded, skipped,
                       interrupted, tuple(files))
