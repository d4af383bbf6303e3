"""Commands of the instructor (registered on the main app by cli/main.py)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the sftkl app."""
