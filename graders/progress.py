"""The learner's history in an embedded SQLite database (stdlib sqlite3) under the data directory.

Every write is one transaction in WAL mode with a busy timeout, so a killed
process or two sftkl commands at once never leave the database corrupt.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sftkl.graders.workspace import data_home

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
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
    source TEXT NOT NULL DEFAULT 'grade'
);
CREATE INDEX IF NOT EXISTS attempts_problem ON attempts(problem, track);
CREATE TABLE IF NOT EXISTS hints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    problem TEXT NOT NULL,
    track TEXT NOT NULL,
    at REAL NOT NULL,
    level INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'hint'
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def db_path() -> Path:
    return data_home() / "progress.sqlite3"


@contextmanager
def connect(path: Path | None = None) -> Iterator[sqlite3.Connection]:
    path = path or db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.executescript(SCHEMA)
        conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        yield conn
    finally:
        conn.close()


def file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def record_grade(report, source: str = "grade") -> None:
    """Store one grade. Never fails the grade itself: a read-only home only loses the record."""
    try:
        with connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO attempts(problem, track, at, verdict, passed, total, diagnoses, seed, duration_s, file_sha256, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    report.problem,
                    report.track,
                    time.time(),
                    report.verdict,
                    report.passed,
                    report.total,
                    json.dumps([d.id for d in report.diagnoses]),
                    report.seed,
                    report.duration_s,
                    file_hash(Path(report.file)),
                    source,
                ),
            )
            conn.execute("COMMIT")
    except (sqlite3.Error, OSError):
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
