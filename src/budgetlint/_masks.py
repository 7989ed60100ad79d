"""Masks: spans of a line that name something else — a supplier, 商标纸 — in which
IP-looking words do not make the line IP work (catalogue.toml [grammar] masks)."""

from __future__ import annotations

import re

__all__ = ["Masks"]


class Masks:
    """The grammar's mask patterns, compiled into one expression."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self._pattern = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

    def spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """(start, end) of every mask in a normalised text, end exclusive."""
        if self._pattern is None:
            return ()
        return tuple(m.span() for m in self._pattern.finditer(text) if m.end() > m.start())
