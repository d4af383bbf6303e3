"""The sandbox's one interface to the judge: run a file's functions over a list of inputs, under limits.

    run = Run(track, file, functions, forbidden, limits)   # the process starts loading the file now
    for reply in run.replies(messages, prepare):           # one Reply per input message, in order
        ...
    run.cases_wall_s                                       # seconds from sending the inputs to the last reply
    run.close()                                            # nothing the file started outlives this

The judge never sees a process: it gets each input's outputs, or how the process
failed on it, or that it was never reached. A crash costs one input; a fresh process
takes the rest (up to MAX_RESTARTS times). A time-out costs the rest: waiting out
the limit again on every remaining input would keep the learner waiting for minutes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

from sftkl.sandbox import pool
from sftkl.sandbox.limits import Limits
from sftkl.sandbox.process import Child, ChildGone

__all__ = ["ChildGone", "Limits", "MAX_RESTARTS", "Reply", "Run"]

MAX_RESTARTS = 3


@dataclass(frozen=True)
class Reply:
    """What became of one input: exactly one of `result`, `gone`, `not_run` is set."""

    result: dict | None = None  # the child's header, checked (sandbox/replies.py): outcome returned / raised / ...
    arrays: list = field(default_factory=list)  # the raw arrays the header points into
    gone: ChildGone | None = None  # the process died, or ran out of time, on this input
    not_run: str | None = None  # "restarts" | "timeout": never reached, and why
    timed_out: int | None = None  # with not_run == "timeout": the input that timed out


class Run:
    """One file, loaded in a limited process (a fresh one after each crash)."""

    def __init__(self, track: str, file: str, functions, forbidden, limits: Limits, source: bytes | None = None) -> None:
        self.track, self.file, self.limits = track, file, limits
        self.functions, self.forbidden = tuple(functions), tuple(forbidden)
        if source is None:  # the file's bytes travel to the child: a sandboxed one cannot see the file
            with open(file, "rb") as f:
                source = f.read()
        self.source = source
        self._children = [pool.acquire(track, limits)]  # first: its imports overlap the judge's
        self.output = self._children[0].output  # stdout / stderr of every process of this run
        self.load_error: dict | ChildGone | None = None  # set when the file never loaded
        # Wall-clock seconds, on the grading process's clock, from sending the inputs (only
        # once the file has loaded) to reading the last reply; None unless one process answered
        # every input (see `replies`). The learner's code cannot shrink it: see `replies`.
        self.cases_wall_s: float | None = None
        self._begin()

    def _begin(self) -> Child:
        """Ask the newest process (a new one if the last has died or was used) to load the file."""
        child = self._children[-1]
        if child.poll() is not None or child.used:
            child = pool.acquire(self.track, self.limits, output=self.output)
            self._children.append(child)
        child.used = True
        child.request_load(self.file, self.functions, self.forbidden, self.limits.import_wall_s,
                           setup_timeout=self.limits.setup_wall_s, source=self.source)
        return child

    def replies(self, messages: list[tuple[dict, list]], prepare: Callable[[int], None] = lambda i: None) -> Iterator[Reply]:
        """One Reply per message, in order; none at all if the file does not load (see `load_error`).

        `prepare(i)` is the caller's own work for input i (the judge computes its
        reference there): it is called before input i's reply, and ahead of time for
        later inputs while the process has nothing to say. It must tolerate repeats.
        """
        n = len(messages)
        child: Child | None = self._children[-1]
        restarts, start = 0, 0
        while start < n:
            if child is None:
                yield from (Reply(not_run="restarts") for _ in range(start, n))
                return
            _look_ahead(child, start, n, prepare)
            error = _load_result(child)
            if error is not None:
                if start == 0:
                    self.load_error = error
                    return
                child = None  # a restart that no longer loads: give up on the rest
                continue
            # The inputs go out only now that the file has loaded, and the clock starts as
            # they do: no code of the learner's (its import included) can have seen an input
            # before `sent`, the values are checked here, and a reply is read no earlier than it
            # was written, so `cases_wall_s` is at least the time the process needed to
            # compute them, whatever it does to its own clocks or its result pipe.
            sent = time.monotonic()
            child.send_cases(messages[start:])
            i = start
            try:
                for i in range(start, n):
                    prepare(i)
                    _look_ahead(child, i + 1, n, prepare)
                    result, arrays = child.next_result(self.limits.case_wall_s, self.limits.case_cpu_s,
                                                       _request_of(messages[i][0]))
                    if i == n - 1 and restarts == 0:  # a restarted run spans processes: not timed
                        self.cases_wall_s = time.monotonic() - sent
                    yield Reply(result=result, arrays=arrays)
                start = n
            except ChildGone as gone:
                child.close()
                child = None
                start = i + 1
                yield Reply(gone=gone)
                if gone.status == "timeout":
                    yield from (Reply(not_run="timeout", timed_out=i) for _ in range(start, n))
                    return
                if restarts < MAX_RESTARTS and start < n:
                    restarts += 1
                    child = self._begin()

    def close(self) -> None:
        """Kill every process of this run and everything they started; remove their scratch."""
        for child in self._children:
            child.close()


def _load_result(child: Child) -> dict | ChildGone | None:
    try:
        return child.load_result()
    except ChildGone as gone:
        return gone


def _request_of(message: dict) -> dict | None:
    """The one case a message asks for (its reply must answer that case), if it asks for one."""
    batch = message.get("batch") if isinstance(message, dict) else None
    return batch[0] if isinstance(batch, list) and len(batch) == 1 and isinstance(batch[0], dict) else None


def _look_ahead(child: Child, first: int, end: int, prepare: Callable[[int], None]) -> None:
    """Do the caller's work from `first` on for as long as the process has nothing for us."""
    for j in range(first, end):
        if child.has_message():
            return
        prepare(j)
