"""Recognise a table header: which column holds the name, the amount, the funding …

A header may span two or three rows (资金来源 over 财政拨款 | 其中：上级转移支付; 项目 over
功能分类科目编码 | 科目名称). Merged cells are spread over the cells they cover; without
merge information an empty cell under a label, or right of a label that has labels
under it, inherits it. Each column is then named by its lowest label (the leaf), read
against the synonyms in headers.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .amounts import to_number, unit_in_text
from ._vocab import norm_label, squeeze, vocab

MAX_HEADER_ROWS = 3
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_BRACKETED = re.compile(r"\([^)]*\)")
_SERIAL_MARKS = frozenset("甲乙丙丁戊己庚辛壬癸")


@lru_cache(maxsize=8192)
def label_of(text: str) -> tuple[str, str, str | None, int, bool]:
    """(label, unit, role, preference, part-of-previous) for one header cell text."""
    label, unit = norm_label(text)
    part = False
    if label.startswith("其中"):
        label, part = label[2:].lstrip(":"), True
    roles = vocab().roles
    role, rank = roles.get(label, (None, 0))
    if role is None and "(" in label:  # 单位名称(科目), 预算数(含上级补助): the bracket only qualifies
        role, rank = roles.get(_BRACKETED.sub("", label), (None, 0))
    return label, unit, role, rank, part


#: What a header can lack (Header.problem), kept in English as the key; people read
#: HEADER_PROBLEMS[problem] in their language.
NO_NAME_COLUMN, NO_AMOUNT_COLUMN = "no project-name column", "no amount column"
HEADER_PROBLEMS = {NO_NAME_COLUMN: ("没有项目名称列", NO_NAME_COLUMN), NO_AMOUNT_COLUMN: ("没有金额列", NO_AMOUNT_COLUMN)}


@dataclass
class Header:
    top: int  # first header row (index into the sheet's rows)
    bottom: int  # last header row
    data: int  # first row after the header (and after a 栏次 row)
    labels: list[str]  # flattened label of every column, "资金来源/财政拨款"
    cols: dict[str, int] = field(default_factory=dict)  # role → column
    descriptions: tuple[int, ...] = ()
    transfers: tuple[int, ...] = ()
    transfer_part: bool = False  # 其中：上级转移支付 is part of `base`
    base: int | None = None
    unit: str | None = None  # unit named in the amount header or the header rows
    problem: str = ""  # what is missing, when the header cannot be used: a key of HEADER_PROBLEMS

    def layout(self) -> tuple:
        return tuple(sorted(self.cols.items())), self.descriptions, self.transfers

    def label(self, role: str) -> str:
        col = self.cols.get(role)
        return self.labels[col] if col is not None else ""


def _is_text(value: object) -> bool:
    return value.__class__ is str and bool(value.strip())  # type: ignore[union-attr]


def _blank(value: object) -> bool:
    return value is None or (value.__class__ is str and not value.strip())  # type: ignore[union-attr]


def looks_like_header(row: list) -> bool:
    """A row that can start a header: no numbers (not even as text), and a name label
    with another label, or three known labels (a table without project names)."""
    texts = roles = 0
    has_name = False
    for value in row:
        if value.__class__ is str:
            if not value.strip():
                continue
            _, _, role, _, _ = label_of(value)
            if role is None and to_number(value) is not None:
                return False
            texts += 1
            if role is not None:
                roles += 1
                has_name = has_name or role == "name"
        elif value is not None:
            return False
    return (has_name and texts >= 2) or roles >= 3


def header_at(rows: list[list], top: int, merges: list[tuple[int, int, int, int]]) -> Header | None:
    """The header starting at rows[top], or None when that row does not start one."""
    if not looks_like_header(rows[top]):
        return None
    width = len(rows[top])
    bottom = top
    while bottom + 1 < len(rows) and bottom - top + 1 < MAX_HEADER_ROWS:
        if not _continues(rows, top, bottom + 1, merges):
            break
        bottom += 1
    grid = _flatten(rows, top, bottom, width, merges)
    data = bottom + 1
    if data < len(rows) and is_serial_row(rows[data]):
        data += 1
    return _assign(grid, top, bottom, data)


def _continues(rows: list[list], top: int, k: int, merges) -> bool:
    """Is rows[k] one more header row (labels under labels)?"""
    row, above = rows[k], rows[k - 1]
    texts = 0
    for value in row:
        if value.__class__ is str:
            if value.strip():
                if to_number(value) is not None:
                    return False
                texts += 1
        elif value is not None:
            return False
    if not texts:
        return False
    for r1, c1, r2, c2 in merges:
        # a label merged down into this row, or a parent merged across columns above it
        if top <= r1 < k <= r2 or (r1 <= k - 1 <= r2 and top <= r1 and c2 > c1):
            return True
    under_blank = known = False
    for c, value in enumerate(row):
        if _is_text(value):
            under_blank = under_blank or (c < len(above) and _blank(above[c]))
            _, _, role, _, part = label_of(value)
            known = known or role is not None or part
    return under_blank and known


def is_serial_row(row: list) -> bool:
    """A 栏次 row: 栏次, or only column numbers 1 2 3 … / 甲 乙 丙 …"""
    marks = 0
    serial = vocab().serial
    for value in row:
        if _blank(value):
            continue
        if value.__class__ is str:
            text = squeeze(value)
            if text in serial:
                return True
            if text in _SERIAL_MARKS or (text.isdigit() and len(text) <= 3):
                marks += 1
                continue
            return False
        if value.__class__ in (int, float) and float(value).is_integer() and 0 <= value <= 200:
            marks += 1
            continue
        return False
    return marks >= 2


def _flatten(rows, top: int, bottom: int, width: int, merges) -> list[list[str]]:
    """The header rows as text, merged cells spread over what they cover."""
    grid = [[v.strip() if v.__class__ is str else "" for v in rows[r][:width]] for r in range(top, bottom + 1)]
    for r1, c1, r2, c2 in merges:
        if r2 < top or r1 > bottom or not (0 <= r1 < len(rows)) or c1 >= width:
            continue
        value = rows[r1][c1] if c1 >= 0 else ""
        text = value.strip() if value.__class__ is str else ""
        for r in range(max(r1, top), min(r2, bottom) + 1):
            for c in range(max(c1, 0), min(c2, width - 1) + 1):
                grid[r - top][c] = text
    # Without merge information: an empty cell right of a parent label inherits it
    # when both have labels underneath.
    for r in range(len(grid) - 1):
        upper, lower = grid[r], grid[r + 1]
        for c in range(1, width):
            if upper[c] or not lower[c]:
                continue
            left = c - 1
            while left >= 0 and not upper[left] and lower[left]:
                left -= 1
            if left >= 0 and upper[left] and lower[left]:
                upper[c] = upper[left]
    return grid


def _assign(grid: list[list[str]], top: int, bottom: int, data: int) -> Header:
    """The header whose flattened rows are `grid`: what each column holds."""
    header = _layout(tuple(map(tuple, grid)))  # workbooks of one budget system share their headers
    return Header(
        top, bottom, data, list(header.labels), dict(header.cols), header.descriptions, header.transfers,
        header.transfer_part, header.base, header.unit, header.problem,
    )


@lru_cache(maxsize=256)
def _layout(grid: tuple[tuple[str, ...], ...]) -> Header:
    """_assign's work, kept per distinct grid; top, bottom and data are not set (0)."""
    top = bottom = data = 0
    width = len(grid[0])
    labels: list[str] = []
    best: dict[str, tuple[int, int, int]] = {}  # role → (preference, -year, column)
    descriptions: list[int] = []
    transfers: list[tuple[int, bool]] = []
    part_of: dict[int, bool] = {}
    leaf_role: dict[int, str] = {}
    units: dict[int, str] = {}
    loose_unit = None
    for c in range(width):
        path: list[str] = []
        for r in range(len(grid)):
            text = grid[r][c]
            if text and (not path or path[-1] != text):
                path.append(text)
        labels.append("/".join(path))
        if not path:
            continue
        label, unit, role, rank, part = label_of(path[-1])
        unit = unit or next((label_of(p)[1] for p in reversed(path[:-1]) if label_of(p)[1]), "")
        if unit:
            units[c] = unit
        if role is None:
            loose_unit = loose_unit or unit_in_text(path[-1])
            continue
        part_of[c] = part
        leaf_role[c] = role
        if role == "description":
            descriptions.append(c)
        elif role == "transfer":
            transfers.append((c, part))
        elif role == "amount" and part:
            continue  # 其中：小计 and the like are parts, not the amount
        # the latest year wins a tie: 2025年预算数 over 2024年预算数
        year = _YEAR.match(squeeze(path[-1]))
        key = (rank, -int(year.group(1)) if year else 0, c)
        if role not in best or key < best[role]:
            best[role] = key
    cols = {role: c for role, (_, _, c) in best.items() if role not in ("description", "transfer")}
    header = Header(top, bottom, data, labels, cols)
    header.descriptions = tuple(descriptions)
    header.transfers = tuple(c for c, _ in transfers)
    if transfers and transfers[0][1]:
        # 其中：上级转移支付 is part of the nearest amount column on its left.
        first = transfers[0][0]
        header.transfer_part = True
        header.base = next(
            (c for c in range(first - 1, -1, -1)
             if leaf_role.get(c) in ("amount", "own") and not part_of.get(c)),
            None,
        )
    amount = cols.get("amount")
    header.unit = units.get(amount) if amount is not None else None
    header.unit = header.unit or loose_unit
    if "name" not in cols:
        header.problem = NO_NAME_COLUMN
    elif amount is None:
        header.problem = NO_AMOUNT_COLUMN
    return header
