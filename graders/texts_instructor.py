"""User-facing texts of the instructor commands, English and Chinese side by side (merged into texts.TEXTS)."""

TEXTS: dict[str, tuple[str, str]] = {}
