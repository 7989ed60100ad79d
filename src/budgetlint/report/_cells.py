"""What the two workbook outputs share -- the findings workbook (xlsx.py) and the annotated
copies (annotate.py): amounts in the budgets' own unit, and column widths that fit Chinese.

A preparer's budget is in 万元 (sometimes 元 or 千元): a sheet that shows its money in 元
makes every number look ten thousand times too big. BudgetLine.unit is the unit the line's
table used; the reader has already turned every amount into 元, so showing it in the
budget's unit is one division.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from operator import attrgetter

from ..models import BudgetLine
from ..read.amounts import UNIT_FACTORS

__all__ = ["AMOUNT_FORMAT", "ColumnWidths", "in_unit", "text_width", "unit_of"]

#: Excel number format of amounts: thousands separators, two decimals, as budgets print them.
AMOUNT_FORMAT = "#,##0.00"
_UNIT = attrgetter("unit")


def unit_of(lines: Iterable[BudgetLine]) -> str:
    """The unit most of these lines' tables used; 元 when there are none (a tie: the first seen)."""
    counts = Counter(map(_UNIT, lines))
    return max(counts, key=counts.__getitem__) if counts else "元"


def in_unit(yuan: float | None, unit: str) -> float | None:
    """An amount in 元 shown in `unit`, to a hundredth of a 元 (no 12.345600000000001)."""
    if yuan is None:
        return None
    factor = UNIT_FACTORS.get(unit, 1.0)
    return round(yuan / factor, 2 + len(str(int(factor))) - 1)


def text_width(value: object) -> int:
    """Columns a value takes in Excel's default font: a Chinese character is two, a Latin one.

    UTF-8 spends three bytes on a CJK character and one on ASCII, so (bytes + characters) / 2
    counts them 2 and 1 without looking at each character. A multi-line value counts its
    longest line; a number, as AMOUNT_FORMAT shows it (1234567.0 is 1,234,567.00: no ###)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return len(f"{value:,.2f}")
    text = value if isinstance(value, str) else str(value)
    if "\n" in text:
        return max(text_width(part) for part in text.split("\n"))
    return (len(text.encode("utf-8")) + len(text)) // 2


class ColumnWidths:
    """The widest value seen per column, between the heading's width and a cap per column.

    Only the first `sample` rows are measured: enough to fit a column, and a sheet of 100,000
    rows does not pay for measuring every cell. Wrapped columns are capped lower; their text
    wraps inside the cell instead of widening it."""

    def __init__(self, headings: Iterable[str], caps: Iterable[int], sample: int = 1_000) -> None:
        self.widths = [text_width(h) for h in headings]
        self.caps = list(caps)
        self.left = sample

    def see(self, values: Iterable[object]) -> None:
        if self.left <= 0:
            return
        self.left -= 1
        widths = self.widths
        for i, value in enumerate(values):
            if value is not None and value != "":
                width = text_width(value)
                if width > widths[i]:
                    widths[i] = width

    def fitted(self) -> list[int]:
        """Each column's width in characters, with a little room for the filter button."""
        return [min(width, cap) + 2 for width, cap in zip(self.widths, self.caps)]
