"""The learner's history in an embedded SQLite database (stdlib sqlite3) under the data directory.

Every write is one transaction (BEGIN IMMEDIATE ... COMMIT) in WAL mode with a
busy timeout, so a killed process or two sftkl commands at once never leave the
database corrupt or half-written: a transaction is either all there or absent.

Nothing here imports numpy: `sftkl progress`, `list` and `hint` stay fast.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sftkl.graders.errors import SftklError
from sftkl.practice.clock import now
from sftkl.practice.workspace import data_home

SCHEMA_VERSION = 3
# Version 1 (the first release) had attempts, hints and meta without the
# `session` columns; version 2 had no review_cards / review_log (the review
# queue, practice/review.py). _migrate() brings any older database up to date,
# and rates a version 1-2 database's recorded attempts so its queue starts full.
TABLES = (
    """CREATE TABLE IF NOT EXISTS attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        problem TEXT NOT NULL,
        track TEXT NOT NULL,
        at REAL NOT NULL,
        verdict TEXT NOT NULL,
        passed INTEGER NOT NULL,
        total INTEGER NOT NULL,
        diagnoses TEXT NOT NULL,
        seed INTEGER NOT NULL,
        duration_s REAL NOT NULL,
        file_sha256 TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT 'grade',
        session TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS attempts_problem ON attempts(problem, track)",
    """CREATE TABLE IF NOT EXISTS hints (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        problem TEXT NOT NULL,
        track TEXT NOT NULL,
        at REAL NOT NULL,
        level INTEGER NOT NULL,
        kind TEXT NOT NULL DEFAULT 'hint',
        session TEXT
    )""",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS mock_sessions (
        id TEXT PRIMARY KEY,
        started REAL NOT NULL,
        deadline REAL NOT NULL,
        dir TEXT NOT NULL,
        seed INTEGER NOT NULL,
        plan TEXT NOT NULL,
        state TEXT NOT NULL,
        finished REAL,
        score REAL,
        report TEXT
    )""",
    # One FSRS card per (problem, track): `card` is fsrs's Card.to_dict() as JSON, `due` and
    # `last_review` its times in seconds since the epoch (UTC) for queries without fsrs.
    """CREATE TABLE IF NOT EXISTS review_cards (
        problem TEXT NOT NULL,
        track TEXT NOT NULL,
        card TEXT NOT NULL,
        due REAL NOT NULL,
        last_review REAL NOT NULL,
        rating INTEGER NOT NULL,
        why TEXT NOT NULL,
        PRIMARY KEY (problem, track)
    )""",
    """CREATE TABLE IF NOT EXISTS review_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        problem TEXT NOT NULL,
        track TEXT NOT NULL,
        at REAL NOT NULL,
        rating INTEGER NOT NULL,
        attempt INTEGER,
        why TEXT NOT NULL
    )""",
)
ADDED_COLUMNS = (("attempts", "session", "TEXT"), ("hints", "session", "TEXT"))

# Hint kinds in the hints table.
HINT = "hint"
SOLUTION = "solution"  # shown after a pass or enough failed attempts
REVEAL = "reveal"  # shown early with --force


class ProgressError(SftklError):
    """The progress database cannot be opened or written."""


def db_path() -> Path:
    return data_home() / "progress.sqlite3"


def _migrate(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")  # one migrator at a time; the others wait, then see the new version
    try:
        old = conn.execute("PRAGMA user_version").fetchone()[0]
        if old < SCHEMA_VERSION:
            for statement in TABLES:
                conn.execute(statement)
            for table, column, decl in ADDED_COLUMNS:
                have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
                if column not in have:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
            conn.execute("CREATE INDEX IF NOT EXISTS attempts_session ON attempts(session)")
            if old < 3 and conn.execute("SELECT 1 FROM attempts LIMIT 1").fetchone():
                _rate(conn, None)  # a database from before the review queue: its queue starts full
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


@contextmanager
def connect(path: Path | None = None) -> Iterator[sqlite3.Connection]:
    """An open connection in autocommit mode; write with `transaction(conn)`."""
    path = path or db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            _migrate(conn)
        yield conn
    finally:
        conn.close()


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT: takes the write lock up front, so read-then-write is atomic."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def database() -> Iterator[sqlite3.Connection]:
    """connect() for commands whose whole point is the database: errors become one-line messages."""
    try:
        with connect() as conn:
            yield conn
    except sqlite3.Error as e:
        raise ProgressError("err.progress_db", path=str(db_path()), detail=str(e)) from None
    except OSError as e:
        raise ProgressError("err.progress_db", path=str(db_path()), detail=e.strerror or str(e)) from None


def file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def mock_running(conn: sqlite3.Connection) -> bool:
    """Is a mock interview running, with time left? (Callers skip importing `mock` when not.)"""
    return conn.execute(
        "SELECT 1 FROM mock_sessions WHERE state = 'running' AND deadline > ? LIMIT 1", (time.time(),)
    ).fetchone() is not None


def record_grade(report, source: str = "grade", session: str | None = None) -> None:
    """Store one grade. Never fails the grade itself: a read-only home only loses the record.

    A grade of a file inside a running mock interview's folder (from `sftkl grade`
    in another terminal, say) counts as an attempt of that session.
    """
    try:
        with connect() as conn:
            if session is None and source != "mock" and mock_running(conn):
                from sftkl.practice import sessions  # only while a mock runs

                session = sessions.session_of_file(conn, Path(report.file))
            with transaction(conn):
                cur = conn.execute(
                    "INSERT INTO attempts(problem, track, at, verdict, passed, total, diagnoses, seed, duration_s,"
                    " file_sha256, source, session) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        report.problem,
                        report.track,
                        now(),
                        report.verdict,
                        report.passed,
                        report.total,
                        json.dumps([d.id for d in report.diagnoses]),
                        report.seed,
                        report.duration_s,
                        file_hash(Path(report.file)),
                        source,
                        session,
                    ),
                )
                _rate(conn, cur.lastrowid)
    except (sqlite3.Error, OSError, SftklError):
        pass


def _rate(conn: sqlite3.Connection, attempt_id: int | None) -> None:
    """Update the review card of the attempt's problem, or (None) rate every recorded attempt in
    order (practice/review.py). Without fsrs nothing is rated: the grade is still recorded."""
    try:
        from sftkl.practice import review

        review.rate(conn, attempt_id) if attempt_id is not None else review.replay(conn)
    except ImportError:
        pass


def solved() -> set[tuple[str, str]]:
    """(problem, track) pairs with at least one passing grade."""
    if not db_path().exists():
        return set()
    try:
        with connect() as conn:
            return {(p, t) for p, t in conn.execute("SELECT DISTINCT problem, track FROM attempts WHERE verdict = 'pass'")}
    except sqlite3.Error:
        return set()


# ---------------------------------------------------------------------------
# Hints and solution reveals


def record_hint(conn: sqlite3.Connection, problem: str, track: str, level: int, kind: str = HINT,
                session: str | None = None) -> None:
    conn.execute(
        "INSERT INTO hints(problem, track, at, level, kind, session) VALUES (?, ?, ?, ?, ?, ?)",
        (problem, track, now(), level, kind, session),
    )


def hints_taken(conn: sqlite3.Connection, problem: str, track: str, session: str | None = None) -> int:
    """How many hints of (problem, track) were revealed: in practice (session None) or in one mock."""
    if session is None:
        sql = "SELECT COUNT(*) FROM hints WHERE problem=? AND track=? AND kind=? AND session IS NULL"
        return conn.execute(sql, (problem, track, HINT)).fetchone()[0]
    sql = "SELECT COUNT(*) FROM hints WHERE problem=? AND track=? AND kind=? AND session=?"
    return conn.execute(sql, (problem, track, HINT, session)).fetchone()[0]


def solution_shown(conn: sqlite3.Connection, problem: str, track: str, session: str | None = None) -> str | None:
    """How the solution of (problem, track) was first shown (SOLUTION or REVEAL), in practice
    (session None) or in one mock; None if never. Once shown it stays shown."""
    where = "session IS NULL" if session is None else "session=?"
    row = conn.execute(
        f"SELECT kind FROM hints WHERE problem=? AND track=? AND kind IN (?, ?) AND {where} ORDER BY at, rowid LIMIT 1",
        (problem, track, SOLUTION, REVEAL, *(() if session is None else (session,))),
    ).fetchone()
    return None if row is None else row[0]


@dataclass(frozen=True)
class Standing:
    """What the solution gate needs to know about (problem, track)."""

    passed: bool
    failed_attempts: int


def standing(conn: sqlite3.Connection, problem: str, track: str) -> Standing:
    row = conn.execute(
        "SELECT COALESCE(SUM(verdict = 'pass'), 0), COALESCE(SUM(verdict != 'pass'), 0) FROM attempts"
        " WHERE problem=? AND track=?",
        (problem, track),
    ).fetchone()
    return Standing(passed=row[0] > 0, failed_attempts=row[1])


# ---------------------------------------------------------------------------
# `sftkl progress`


@dataclass(frozen=True)
class ProgressRow:
    problem: str
    track: str
    solved: bool
    attempts: int
    best_passed: int | None  # the best attempt's cases passed (None: never graded)
    best_total: int | None
    last_at: float | None
    last_verdict: str | None
    hints: int  # hints revealed while practising (mock interviews count apart)
    hints_total: int
    solution_seen: bool
    next_review: float | None = None  # when the review queue (`sftkl review`) brings it back


@dataclass(frozen=True)
class MockSummary:
    sessions: int  # finished
    best_score: float | None
    running: str | None  # id of the session still running, if any


@dataclass(frozen=True)
class Progress:
    rows: tuple[ProgressRow, ...]
    mocks: MockSummary


def progress() -> Progress:
    """Per problem and track of the catalog: solved, attempts, best, last attempt, hints; plus mock totals."""
    from sftkl.graders.catalog import catalog

    stats: dict[tuple[str, str], tuple] = {}
    best: dict[tuple[str, str], tuple[int, int]] = {}
    last: dict[tuple[str, str], str] = {}
    hints: dict[tuple[str, str], int] = {}
    seen: set[tuple[str, str]] = set()
    reviews: dict[tuple[str, str], float] = {}
    mocks = MockSummary(0, None, None)
    if db_path().exists():
        with database() as conn:
            for p, t, n, passes, at in conn.execute(
                "SELECT problem, track, COUNT(*), SUM(verdict = 'pass'), MAX(at) FROM attempts GROUP BY problem, track"
            ):
                stats[(p, t)] = (n, passes, at)
            # SQLite's bare columns: with one MAX() aggregate, the other columns come from the maximal row.
            for p, t, passed, total, _ in conn.execute(
                "SELECT problem, track, passed, total, MAX(CAST(passed AS REAL) / MAX(total, 1))"
                " FROM attempts GROUP BY problem, track"
            ):
                best[(p, t)] = (passed, total)
            for p, t, verdict, _ in conn.execute(
                "SELECT problem, track, verdict, MAX(id) FROM attempts GROUP BY problem, track"
            ):
                last[(p, t)] = verdict
            for p, t, n in conn.execute(
                "SELECT problem, track, COUNT(*) FROM hints WHERE kind = ? AND session IS NULL GROUP BY problem, track",
                (HINT,),
            ):
                hints[(p, t)] = n
            seen = {
                (p, t)
                for p, t in conn.execute("SELECT DISTINCT problem, track FROM hints WHERE kind IN (?, ?)", (SOLUTION, REVEAL))
            }
            reviews = {(p, t): due for p, t, due in conn.execute("SELECT problem, track, due FROM review_cards")}
            n, top = conn.execute("SELECT COUNT(*), MAX(score) FROM mock_sessions WHERE state = 'finished'").fetchone()
            running = conn.execute(
                "SELECT id FROM mock_sessions WHERE state = 'running' ORDER BY started DESC LIMIT 1"
            ).fetchone()
            mocks = MockSummary(n, top, running[0] if running else None)
    rows = []
    for prob in catalog().values():
        for track in prob.tracks:
            key = (prob.id, track)
            n, passes, at = stats.get(key, (0, 0, None))
            bp, bt = best.get(key, (None, None))
            rows.append(
                ProgressRow(
                    problem=prob.id,
                    track=track,
                    solved=bool(passes),
                    attempts=n,
                    best_passed=bp,
                    best_total=bt,
                    last_at=at,
                    last_verdict=last.get(key),
                    hints=hints.get(key, 0),
                    hints_total=len(prob.hints),
                    solution_seen=key in seen,
                    next_review=reviews.get(key),
                )
            )
    return Progress(tuple(rows), mocks)
