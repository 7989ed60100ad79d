"""A small TOML emitter for the subset scheme files use (tomllib only reads).

Supported values: strings, booleans, integers, arrays of those, and one-line inline
tables. Documents are built line by line so that comments can sit where a reviewer
needs them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

__all__ = ["TomlDocument", "toml_key", "toml_string", "toml_value"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_WRAP_AT = 88  # arrays longer than this go one item per line


def toml_string(text: str) -> str:
    """A basic (double-quoted) TOML string; every control character escaped."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    if not key:
        raise ValueError("a TOML key cannot be empty here")
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_value(value: object, indent: str = "") -> str:
    # bool first: bool is a subclass of int.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, Mapping):
        items = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if isinstance(value, Sequence):
        items = [toml_value(v) for v in value]
        one_line = "[" + ", ".join(items) + "]"
        if len(one_line) + len(indent) <= _WRAP_AT or len(items) < 2:
            return one_line
        inner = indent + "    "
        return "[\n" + "".join(f"{inner}{item},\n" for item in items) + indent + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _comment_text(text: str) -> str:
    # A comment may hold any character but the control ones (tab aside).
    return "".join(" " if (ord(c) < 0x20 and c != "\t") or ord(c) == 0x7F else c for c in text)


class TomlDocument:
    """Collects lines; render() returns the file text ending in one newline."""

    def __init__(self) -> None:
        self._lines: list[str] = []

    def comment(self, text: str = "") -> None:
        """One '# ' line per line of text ('#' alone for an empty line)."""
        for line in text.splitlines() or [""]:
            self._lines.append(f"# {_comment_text(line)}".rstrip())

    def blank(self) -> None:
        if self._lines and self._lines[-1] != "":
            self._lines.append("")

    def table(self, name: str) -> None:
        self.blank()
        self._lines.append(f"[{'.'.join(toml_key(p) for p in name.split('.'))}]")

    def array_table(self, name: str) -> None:
        self.blank()
        self._lines.append(f"[[{'.'.join(toml_key(p) for p in name.split('.'))}]]")

    def pair(self, key: str, value: object) -> None:
        """key = value; empty strings and empty lists are left out."""
        if value in ("", (), [], None):
            return
        self._lines.append(f"{toml_key(key)} = {toml_value(value)}")

    def render(self) -> str:
        lines = list(self._lines)
        while lines and lines[-1] == "":
            lines.pop()
        return "\n".join(lines) + "\n"
