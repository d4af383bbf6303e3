"""The one clock of the practice records: the time stamped on attempts, hints and reviews.

SFTKL_NOW, when set, stands in for the current time (ISO 8601 with an offset, e.g.
2026-11-29T10:00:00+00:00, or seconds since the epoch). It exists for tests of the
review queue, which have to grade "tomorrow" and "next week"; nothing else reads it.
Times are stored as seconds since the epoch (UTC) and shown in local time.
"""

from __future__ import annotations

import os
import time


def now() -> float:
    """Seconds since the epoch: SFTKL_NOW if set (tests), else the system clock."""
    fixed = os.environ.get("SFTKL_NOW", "").strip()
    if not fixed:
        return time.time()
    try:
        return float(fixed)
    except ValueError:
        pass
    from datetime import datetime

    try:
        at = datetime.fromisoformat(fixed)
    except ValueError:
        return time.time()  # a malformed test clock never breaks a real command
    return at.timestamp()  # a naive time is taken as local time, like every time sftkl shows


def day_end(at: float) -> float:
    """The end of `at`'s day in local time: what falls before it is due that day.

    time.mktime, not datetime: `sftkl progress` calls this on its start-up path."""
    lt = time.localtime(at)
    return time.mktime((lt.tm_year, lt.tm_mon, lt.tm_mday + 1, 0, 0, 0, 0, 0, -1))
