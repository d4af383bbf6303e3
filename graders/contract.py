"""The JSON contract of `--json`: its version, and the JSON Schema files that describe it.

Every `--json` command prints exactly one object on stdout carrying `schema_version`
(a report, or on a usage error `{"schema_version", "error", "exit_code"}`). The schemas
ship in the package, in graders/schemas/: grade, batch, mock (the finished interview's
report), review (the review queue) and error. A change that removes or retypes a field
raises SCHEMA_VERSION.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
SCHEMAS = ("grade", "batch", "mock", "review", "error")
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one of SCHEMAS."""
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text("utf-8"))


def error_object(message: str, exit_code: int) -> dict[str, Any]:
    """What a `--json` command prints instead of a report when it cannot run."""
    return {"schema_version": SCHEMA_VERSION, "error": message, "exit_code": exit_code}
