"""`sftkl doctor`: which isolation a grade gets here and why, and the rest of the environment."""

from __future__ import annotations

from typing import Optional

import typer

from sftkl.cli.common import JsonOpt, LangOpt, handles_errors, json_out, lang as _lang
from sftkl.graders.texts import t

COMMANDS = ("doctor",)


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def facts(language: str) -> dict:
    """What `doctor` reports (no torch import: its metadata is enough)."""
    import platform
    import sys

    from sftkl.practice.workspace import data_home
    from sftkl.sandbox import jail

    info = jail.describe()
    return {
        "isolation": info["isolation"],
        "reason": info["reason"],
        "bwrap": info["bwrap"],
        "root": info["root"],
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "numpy": _version("numpy"),
        "torch": _version("torch"),
        "data_dir": str(data_home()),
        "language": language,
        "platform": sys.platform,
    }


def register(app: typer.Typer) -> None:
    @app.command()
    @handles_errors
    def doctor(lang: Optional[str] = LangOpt, as_json: bool = JsonOpt) -> None:
        """Which isolation applies here and why; Python, numpy, torch, data directory, language. 检查运行环境。"""
        language = _lang(lang)
        f = facts(language)
        if as_json:
            json_out(f)
            return
        why = t(language, f"doctor.why_{f['reason']}") if f"doctor.why_{f['reason']}" in _KEYS else f["reason"]
        level = t(language, f"doctor.isolation_{f['isolation']}")
        none = t(language, "doctor.not_installed")
        lines = [
            t(language, "doctor.isolation", level=level, why=why),
            t(language, "doctor.python", version=f["python"], path=f["python_executable"]),
            t(language, "doctor.numpy", version=f["numpy"] or none),
            t(language, "doctor.torch", version=f["torch"] or none),
            t(language, "doctor.data_dir", path=f["data_dir"]),
            t(language, "doctor.language", language=f["language"]),
        ]
        typer.echo("\n".join(lines))


_KEYS = {"doctor.why_bwrap", "doctor.why_off", "doctor.why_platform", "doctor.why_missing", "doctor.why_userns"}
