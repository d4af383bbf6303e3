"""The limits one candidate process runs under (a pack's problem.toml may set its own)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    case_wall_s: float = 10.0
    case_cpu_s: float = 10.0
    import_wall_s: float = 60.0
    memory_mb: int = 4096
    file_mb: int = 64
    processes: int = 64
    output_kb: int = 64
