"""Rows of a project table that declare a sum, and whether its lines add up to them.

合计 covers the whole table, 小计 the lines since the previous 小计, a 类/款/科目 code
row the lines whose code starts with its code. A 一、/（一） group heading or a 科目
heading is recognised *because* the rows under it add up (`group_adds_up`,
`heading_adds_up`), so it is never checked again. The row loop (_lines) records these
rows as it meets them; `check` compares them with the lines once the table is read.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

from ..models import ReadProblem
from ._cells import ordinal_level, row_kind, text_of

if TYPE_CHECKING:
    from ._lines import TableReader

TOLERANCE_YUAN = 0.5

#: (kind, row number, label, declared 元, code, number of lines before it);
#: kind is total | subtotal | code | group.
Subtotal = tuple[str, int, str, "float | None", str, int]

_amount_of = attrgetter("amount_yuan")
_code_of = attrgetter("code")


def check(subtotals: list[Subtotal], lines: list, sheet: str) -> list[ReadProblem]:
    """A subtotal-mismatch problem for each declared sum its lines do not add up to."""
    if not subtotals:
        return []
    amounts = list(map(_amount_of, lines))
    by_code: dict[str, float | None] = {}
    if any(kind == "code" for kind, *_ in subtotals):
        prefixes: dict[str, tuple[str, ...]] = {}
        for code, amount in zip(map(_code_of, lines), amounts):
            if code:
                keys = prefixes.get(code)
                if keys is None:
                    keys = prefixes[code] = tuple(dict.fromkeys((code[:3], code[:5], code)))
                for prefix in keys:
                    known = by_code.get(prefix, 0.0)
                    by_code[prefix] = None if known is None or amount is None else known + amount
    problems = []
    since = 0
    for kind, row, label, declared, code, position in subtotals:
        if kind == "total":
            computed = None if None in amounts else sum(amounts)
        elif kind == "subtotal":
            part = amounts[since:position]
            computed = None if None in part else sum(part)
            since = position
        elif kind == "group":
            continue  # recognised because its rows add up
        else:
            computed = by_code.get(code, 0.0)
        if declared is None or computed is None:
            continue
        computed = round(computed, 2)
        if abs(declared - computed) >= 0.01:  # any difference of a 分: the rule applies its tolerance
            problems.append(ReadProblem(
                kind="subtotal-mismatch", sheet=sheet, row=row,
                message=f"{label} 为 {declared:,.2f} 元，所含各行合计 {computed:,.2f} 元",
                declared_yuan=declared, computed_yuan=computed, name=label,
            ))
    return problems


def heading_adds_up(reader: TableReader, i: int, yuan: float | None) -> bool:
    """A named 7-digit row whose code-less rows below add up to it is a 科目 heading."""
    rows, ni, ai = reader.rows, reader.ni, reader.ai
    if yuan is None or i + 1 >= len(rows) or not text_of(rows[i + 1][ni]) or reader.code(rows[i + 1]):
        return False
    total, count = 0.0, 0
    for k in range(i + 1, len(rows)):
        row = rows[k]
        name = text_of(row[ni])
        if not name or reader.code(row) or row_kind(name):
            break
        value, _ = reader.amount(k, ai, row[ai])
        if value is None:
            return False
        total += value
        count += 1
    return count > 0 and abs(total - yuan) <= TOLERANCE_YUAN


def group_adds_up(reader: TableReader, i: int, level: int, yuan: float | None) -> bool:
    """一、… or （一）… heading a group whose rows below add up to it (or that has no amount)."""
    rows, ni, ai = reader.rows, reader.ni, reader.ai
    total, count = 0.0, 0
    for k in range(i + 1, len(rows)):
        name = text_of(rows[k][ni]) if rows[k][ni].__class__ is str else ""
        if not name or row_kind(name):
            break
        inner = ordinal_level(name)
        if inner and inner <= level:
            break
        if inner:
            continue  # a sub-group heading: its lines are counted one by one
        value, _ = reader.amount(k, ai, rows[k][ai])
        if value is None:
            return False
        total += value
        count += 1
    return count > 0 and (yuan is None or abs(total - yuan) <= TOLERANCE_YUAN)
