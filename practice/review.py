"""The review queue: an FSRS card per (problem, track), rated from the learner's own grades.

The scheduling is the `fsrs` package's (Free Spaced Repetition Scheduler); this module
only decides which rating a graded attempt earns, stores the card in the progress
database (tables review_cards and review_log, see progress.py) and reads the queue.

One card per (problem, track), not per problem: the two tracks are different skills
(numpy fancy indexing is not torch.gather), the grader names mistakes per track, and
solved, hints and progress rows are all kept per track too.

How a graded attempt is rated. A *drill* is the run of attempts up to and including a
pass; what happened in it since the previous pass decides the rating:

- a failed grade with a named mistake (a diagnosis) -> Again, at once, so the re-drill
  is scheduled even if you never pass. Only the first such grade of a drill is a review:
  `sftkl watch` regrades on every save, and ten saves of one slip are one lapse, not ten
  (FSRS would raise the card's difficulty ten times). Later mistakes of the drill are
  added to its reasons;
- a failed grade with no named mistake (a syntax error, an output no known mistake
  explains) is no review by itself: it is not a lapse the grader can name;
- a pass after a solution reveal in the drill -> Again: you read the answer, you did not
  recall it (a solution shown because you had passed before is study after solving and
  does not count);
- a pass after a named mistake, a hint or any failed grade in the drill -> Hard: the
  grader's diagnosis tells you the fix, a hint tells you part of the way;
- a clean pass (first grade of the drill, no hint) -> Good. Never Easy: a grader cannot
  tell an easy recall from a good one, and Good already spaces the next review out.

Hints are recorded once per level (practice/hints.py), so a hint re-read in a later
drill is not seen here.

The scheduler runs without FSRS's minute-scale learning steps: a coding problem re-drilled
ten minutes after you fixed it tells nothing, so every interval is a whole number of
days (a lapse comes back the next day). Fuzzing is off so that the same history always
gives the same schedule. An item is due from the start of its due day (local time): a
re-drill set for 18:00 tomorrow is in tomorrow morning's queue.

Nothing here imports fsrs at module level (start-up time); `progress` reads the due dates
from the table without it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from sftkl.practice.clock import day_end

# Reasons a card was last rated, stored with it (the `why` of `sftkl review`).
MISTAKE = "mistake"
REVEAL = "reveal"
HINT = "hint"
FAILED = "failed"
CLEAN = "clean"
RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}
# Hint kinds as progress.py records them (not imported: progress imports this module).
_KIND_HINT, _KIND_SOLUTION, _KIND_REVEAL = "hint", "solution", "reveal"


@lru_cache(maxsize=1)
def _scheduler():
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def _utc(at: float) -> datetime:
    return datetime.fromtimestamp(at, tz=timezone.utc)


@dataclass(frozen=True)
class Why:
    """What made the last rating: the reason, the mistake ids named, hints taken, and when."""

    reason: str
    at: float
    mistakes: tuple[str, ...] = ()
    hints: int = 0

    def dump(self) -> str:
        return json.dumps({"reason": self.reason, "at": self.at, "mistakes": list(self.mistakes), "hints": self.hints})

    @classmethod
    def load(cls, text: str) -> "Why":
        try:
            d = json.loads(text)
            return cls(str(d["reason"]), float(d["at"]), tuple(map(str, d.get("mistakes", ()))), int(d.get("hints", 0)))
        except (ValueError, KeyError, TypeError):
            return cls(CLEAN, 0.0)


def _mistakes(diagnoses: str) -> list[str]:
    try:
        ids = json.loads(diagnoses)
    except ValueError:
        return []
    return [str(i) for i in ids] if isinstance(ids, list) else []


def _unique(ids) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def rate(conn: sqlite3.Connection, attempt_id: int) -> None:
    """Rate one recorded attempt and update its card. Call inside the transaction that recorded it."""
    row = conn.execute("SELECT problem, track, at, verdict, diagnoses FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
    if row is None:
        return
    problem, track, at, verdict, diagnoses = row
    prev = conn.execute(
        "SELECT id, at FROM attempts WHERE problem = ? AND track = ? AND verdict = 'pass' AND id < ? ORDER BY id DESC LIMIT 1",
        (problem, track, attempt_id),
    ).fetchone()
    prev_id, prev_at = prev if prev else (0, float("-inf"))
    earlier_fails = [
        (_mistakes(d), when)
        for d, when in conn.execute(
            "SELECT diagnoses, at FROM attempts WHERE problem = ? AND track = ? AND verdict != 'pass' AND id > ? AND id < ?"
            " ORDER BY id",
            (problem, track, prev_id, attempt_id),
        )
    ]
    named_before = _unique(m for ids, _ in earlier_fails for m in ids)
    first_named = next((when for ids, when in earlier_fails if ids), at)  # "you made X on <that day>"
    card_row = conn.execute("SELECT card FROM review_cards WHERE problem = ? AND track = ?", (problem, track)).fetchone()
    if verdict != "pass":
        mistakes = _mistakes(diagnoses)
        if not mistakes:
            return
        if named_before and card_row is not None:  # the drill's lapse is already counted: add the reasons only
            why = Why(MISTAKE, first_named, _unique((*named_before, *mistakes)))
            conn.execute("UPDATE review_cards SET why = ? WHERE problem = ? AND track = ?", (why.dump(), problem, track))
            return
        _review(conn, problem, track, attempt_id, at, 1, Why(MISTAKE, at, _unique(mistakes)), card_row)
        return
    kinds = dict(conn.execute(
        "SELECT kind, COUNT(*) FROM hints WHERE problem = ? AND track = ? AND at > ? AND at <= ? GROUP BY kind",
        (problem, track, prev_at, at),
    ).fetchall())
    hints = kinds.get(_KIND_HINT, 0)
    # a solution shown before any pass was unlocked by failed grades: as good as a reveal
    revealed = kinds.get(_KIND_REVEAL, 0) or (prev is None and kinds.get(_KIND_SOLUTION, 0))
    if revealed:
        rating, why = 1, Why(REVEAL, first_named if named_before else at, named_before, hints)
    elif named_before:
        rating, why = 2, Why(MISTAKE, first_named, named_before, hints)
    elif hints:
        rating, why = 2, Why(HINT, at, (), hints)
    elif earlier_fails:
        rating, why = 2, Why(FAILED, at, (), 0)
    else:
        rating, why = 3, Why(CLEAN, at)
    _review(conn, problem, track, attempt_id, at, rating, why, card_row)


def _review(conn, problem: str, track: str, attempt_id: int, at: float, rating: int, why: Why, card_row) -> None:
    from fsrs import Card, Rating

    card = None
    if card_row is not None:
        try:
            card = Card.from_dict(json.loads(card_row[0]))
        except (ValueError, KeyError, TypeError):
            card = None  # an unreadable card starts over rather than failing the grade
    if card is None:
        card = Card(card_id=attempt_id)
    when = _utc(at)
    if card.last_review is not None and when < card.last_review:
        when = card.last_review  # a clock set back never reviews before the last review
    card, _ = _scheduler().review_card(card, Rating(rating), when)
    conn.execute(
        "INSERT INTO review_cards(problem, track, card, due, last_review, rating, why) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(problem, track) DO UPDATE SET card = excluded.card, due = excluded.due,"
        " last_review = excluded.last_review, rating = excluded.rating, why = excluded.why",
        (problem, track, json.dumps(card.to_dict()), card.due.timestamp(), at, rating, why.dump()),
    )
    conn.execute(
        "INSERT INTO review_log(problem, track, at, rating, attempt, why) VALUES (?, ?, ?, ?, ?, ?)",
        (problem, track, at, rating, attempt_id, why.dump()),
    )


def replay(conn: sqlite3.Connection) -> None:
    """Rate every recorded attempt in order (a database from before the review queue gets its cards)."""
    conn.execute("DELETE FROM review_cards")
    conn.execute("DELETE FROM review_log")
    for (attempt_id,) in conn.execute("SELECT id FROM attempts ORDER BY id").fetchall():
        rate(conn, attempt_id)


# ---------------------------------------------------------------------------
# `sftkl review`


@dataclass(frozen=True)
class Item:
    problem: str
    track: str
    due: float
    last_review: float
    rating: str  # the last rating: again, hard, good
    reviews: int
    why: Why


@dataclass(frozen=True)
class Queue:
    now: float
    due: tuple[Item, ...]  # most overdue first
    upcoming: tuple[Item, ...]  # soonest first

    @property
    def next_due(self) -> float | None:
        return self.upcoming[0].due if self.upcoming else None


def queue(conn: sqlite3.Connection, now: float, known: set[tuple[str, str]] | None = None) -> Queue:
    """Every card, split into due (by the end of today, local time) and upcoming.

    `known`: the (problem, track) pairs of the catalog; cards of problems no longer in it are left out."""
    counts = dict(((p, t), n) for p, t, n in conn.execute(
        "SELECT problem, track, COUNT(*) FROM review_log GROUP BY problem, track"))
    items = [
        Item(p, t, due, last, RATING_NAMES.get(rating, str(rating)), counts.get((p, t), 0), Why.load(why))
        for p, t, due, last, rating, why in conn.execute(
            "SELECT problem, track, due, last_review, rating, why FROM review_cards ORDER BY due, problem, track")
        if known is None or (p, t) in known
    ]
    cutoff = day_end(now)
    return Queue(now, tuple(i for i in items if i.due < cutoff), tuple(i for i in items if i.due >= cutoff))

