"""Amounts and units: every amount leaves the reader in 元.

Budget tables write amounts as numbers, as text with thousands separators or
full-width digits, with a trailing 万元, negative in parentheses, or leave the cell
blank (or "-") for zero. The unit is per table: in the amount header (金额（万元）) or
in a 单位：万元 line above it.
"""

from __future__ import annotations

import math
import re

__all__ = ["UNIT_FACTORS", "unit_in_text", "to_number", "to_yuan"]

UNIT_FACTORS = {"元": 1.0, "千元": 1_000.0, "万元": 10_000.0, "亿元": 100_000_000.0}

_UNIT_LINE = re.compile(r"(?:单位|金额单位|计量单位)\s*[:：]\s*(亿元|万元|千元|元)")
_UNIT_BRACKET = re.compile(r"[（(]\s*(?:(?:金额)?单位\s*[:：]?\s*)?(亿元|万元|千元|元)\s*[)）]")

_FOLD = str.maketrans({
    **{chr(0xFF10 + d): str(d) for d in range(10)},
    "，": ",", "．": ".", "－": "-", "−": "-", "﹣": "-", "＋": "+", "（": "(", "）": ")",
    "　": "", " ": "", "\u00a0": "", "¥": "", "￥": "", "\t": "",
})
_ZERO = frozenset({"", "-", "--", "—", "——", "–", "0"})
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_SUFFIXES = ("亿元", "万元", "千元", "元")
_INF = math.inf


def is_plain_number(text: str) -> bool:
    """ASCII digits with at most one point ("1234.5", "0", ".5"), as CSV exports write
    amounts: to_number reads it as float(text), if that is finite (not "9" * 400).
    The read loop (read/_lines.py) inlines this test."""
    return text.isascii() and text.replace(".", "", 1).isdigit()


def unit_in_text(text: str) -> str | None:
    """The unit a title line or header names: 「单位：万元」, 「金额（元）」 → 万元, 元."""
    match = _UNIT_LINE.search(text) or _UNIT_BRACKET.search(text)
    return match.group(1) if match else None


def to_number(value: object) -> tuple[float, str] | None:
    """A cell as (number, unit written in the cell or ""); None when it is not a number.

    Blank cells and dashes are zero; booleans and dates are not numbers.
    """
    cls = value.__class__
    if cls is float or cls is int:
        # NaN and infinity are not amounts (value - value is 0 only for finite numbers)
        return (float(value), "") if value - value == 0 else None  # type: ignore[operator,arg-type]
    if value is None:
        return 0.0, ""
    if cls is not str:
        return None
    if is_plain_number(value):  # type: ignore[arg-type]
        number = float(value)  # type: ignore[arg-type]
        return (number, "") if number < _INF else None
    text = value.translate(_FOLD)  # type: ignore[union-attr]
    if text in _ZERO:
        return 0.0, ""
    unit = ""
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            unit, text = suffix, text[: -len(suffix)]
            break
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        return None
    number = float(text)
    if not math.isfinite(number):
        return None
    return (-number if negative else number), unit


def to_yuan(value: object, unit: str = "元") -> float | None:
    """A cell in the table's unit converted to 元 (None when it is not a number)."""
    parsed = to_number(value)
    if parsed is None:
        return None
    number, written = parsed
    factor = UNIT_FACTORS[written or unit]
    # round(x * 100) / 100 keeps 元 to the 分; the read loop rounds the same way
    return number if factor == 1.0 else round(number * factor * 100.0) / 100.0
