"""The limits one candidate process runs under (a pack's problem.toml may set its own)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    case_wall_s: float = 10.0
    case_cpu_s: float = 10.0
    import_wall_s: float = 10.0  # the file's own top level, counted once numpy/torch are imported
    setup_wall_s: float = 120.0  # importing numpy (and torch) in a fresh process: a slow machine's share
    memory_mb: int = 4096
    file_mb: int = 64
    processes: int = 64
    output_kb: int = 64
