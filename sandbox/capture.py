"""Bounded capture of the candidate's stdout and stderr (first and last bytes kept, the rest counted)."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from sftkl.sandbox.limits import Limits


class Capture:
    """Bounded capture of a stream: keeps the first and last `limit` bytes, counts the rest."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0
        self._lock = threading.Lock()

    def feed(self, data: bytes) -> None:
        with self._lock:
            self.total += len(data)
            room = self.limit - len(self.head)
            if room > 0:
                self.head += data[:room]
                data = data[room:]
            if data:
                self.tail += data
                if len(self.tail) > self.limit:
                    del self.tail[: len(self.tail) - self.limit]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.head) + len(self.tail)

    def text(self) -> str:
        with self._lock:
            head = self.head.decode("utf-8", "replace")
            if not self.tail:
                return head
            skipped = self.total - len(self.head) - len(self.tail)
            mid = f"\n... [{skipped} bytes not shown] ...\n" if skipped else ""
            return head + mid + self.tail.decode("utf-8", "replace")


def _drain(fd: int, capture: Capture) -> None:
    while True:
        try:
            data = os.read(fd, 1 << 16)
        except OSError:
            break
        if not data:
            break
        capture.feed(data)
    os.close(fd)



@dataclass
class ChildOutput:
    stdout: Capture
    stderr: Capture

    @staticmethod
    def new(limits: Limits) -> "ChildOutput":
        return ChildOutput(Capture(limits.output_kb * 1024), Capture(limits.output_kb * 1024))

