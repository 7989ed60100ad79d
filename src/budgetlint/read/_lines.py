"""Turn the rows under one table header into BudgetLines.

The loop is the hot path of the whole reader (a budget-system export can hold
100,000 lines): a row whose name is plain text and whose amount is a number (or a
plain number written as text, as in a CSV export) takes the fast branch; anything
else (blank, other text amount, 合计, 注：, a new header …) goes through `_slow`,
which may say the table ended where a new one begins. Rows that declare a sum
(合计, 小计, code rows, group headings) are recorded and checked in _subtotals.
"""

from __future__ import annotations

import math
from operator import itemgetter
from typing import TYPE_CHECKING

from .._i18n import say
from ..models import BudgetLine, ReadProblem
from . import _subtotals
from ._cells import (
    UNKNOWN, blank, code_of, code_of_parts, funding_of_text, has_number, is_label, ordinal_level,
    row_kind, special_chars, text_amounts_fast, text_of,
)
from ._headers import Header, header_at, looks_like_header
from ._vocab import vocab
from .amounts import UNIT_FACTORS, to_number
from .funding import SplitColumns

if TYPE_CHECKING:
    from ._files import RawSheet
    from .tables import Collector

LOOKAHEAD = 8  # rows after a blank or title row in which a new header may start
_INF = math.inf
NO_CACHED_VALUE = "公式无缓存值（文件未经 Excel 计算保存），金额无法核实"


class TableReader:
    """Reads one table; `run` returns where the next block of the sheet starts."""

    def __init__(self, sheet: RawSheet, header: Header, unit: str, out: Collector) -> None:
        self.sheet, self.header, self.unit, self.out = sheet, header, unit, out
        self.rows = sheet.rows
        self.factor = UNIT_FACTORS[unit]
        self.lines: list[BudgetLine] = []  # the lines read so far
        self.subtotals: list[_subtotals.Subtotal] = []
        self.heading = ("", "")  # 科目 code and name inherited by code-less lines below it
        self.next_block = len(self.rows)
        self.unverified = False  # a line whose amount could not be read
        cols = header.cols
        self.ni, self.ai = cols["name"], cols["amount"]
        self.code_cols = tuple(cols.get(r) for r in ("code_class", "code_section", "code_item"))
        self.ci = cols.get("code")
        if self.ci is None and self.code_cols[0] is None:
            self.code_cols = ()
        self.vocab = vocab()
        self.split = SplitColumns(header, self.factor, self._part) if header.transfers else None
        self.first_special, self.last_special = special_chars()

    # -- the loop ---------------------------------------------------------------

    def run(self) -> int:
        rows, header, out = self.rows, self.header, self.out
        n = len(rows)
        self._fill_merged_down()
        ni, ai, ci = self.ni, self.ai, self.ci
        class_cols = self.code_cols if ci is None else ()
        present = [c for c in class_cols if c is not None]
        class_key = itemgetter(*present) if present else None
        code_probe = ci if ci is not None else (present[0] if present else None)
        cols = header.cols
        cni, ui, fi, ri = cols.get("code_name"), cols.get("unit_name"), cols.get("funding"), cols.get("remark")
        descs = header.descriptions
        d0 = descs[0] if len(descs) == 1 else None
        split = self.split.funding if self.split is not None else None
        factor = self.factor
        scale = factor * 100.0  # round(x * scale) / 100: 元 to the 分, cheaper than round(x, 2)
        first_special, last_special = self.first_special, self.last_special
        text_fast = text_amounts_fast()
        sheet_name, unit = self.sheet.name, self.unit
        row_base, line_numbers = self.sheet.row0 + 1, self.sheet.line_numbers
        max_chars = out.limits.max_cell_chars
        append = self.lines.append
        codes: dict = {}
        texts: dict = {}
        unit_names: dict = {}
        fundings: dict = {}
        i = header.data
        while i < n:
            row = rows[i]
            name = row[ni]
            amount = row[ai]
            if (
                name.__class__ is str
                and name
                and name[0] not in first_special
                and name[-1] not in last_special
                and (
                    amount.__class__ is float
                    and amount - amount == 0.0  # finite: NaN and infinity go to _slow, which refuses them
                    # or 12.50 as text (CSV): amounts.is_plain_number, inlined, and read as _slow
                    # would read it
                    or text_fast
                    and amount.__class__ is str
                    and amount.isascii()
                    and amount.replace(".", "", 1).isdigit()
                    and float(amount) < _INF
                    and not name[0].isspace()
                    and not name[-1].isspace()
                )
            ):
                if amount.__class__ is float:
                    yuan = amount if factor == 1.0 else round(amount * scale) / 100.0
                else:
                    yuan = float(amount)
                    if factor != 1.0:
                        yuan = round(yuan * factor * 100.0) / 100.0
                note = ""
            else:
                step = self._slow(i, row, name, amount)
                if step.__class__ is tuple:
                    name, yuan, note = step
                else:
                    i = i + 1 if step is None else step
                    continue
            # -- classification code: 类/款 rows and 科目 headings are subtotals, not lines
            if ci is not None:
                raw = row[ci]
                code = codes.get(raw)
                if code is None:
                    code = codes[raw] = code_of(raw)
            elif class_key is not None:
                raw = class_key(row)
                code = codes.get(raw)
                if code is None:
                    code = codes[raw] = self.code(row)
            else:
                code = ""
            if cni is not None:
                raw = row[cni]
                code_name = texts.get(raw)
                if code_name is None or raw.__class__ is not str:  # True == 1 == 1.0 as keys: text only
                    code_name = texts[raw] = text_of(raw)
            else:
                code_name = ""
            if code:
                size = len(code)
                if size == 7:
                    if name == code_name:  # a 科目 row
                        self._code_row(i, code, name, yuan, code_name)
                        i += 1
                        continue
                    if i + 1 < n:
                        after = rows[i + 1][code_probe]
                        if (after == "" or after is None) and _subtotals.heading_adds_up(self, i, yuan):
                            self._code_row(i, code, name, yuan, code_name)
                            i += 1
                            continue
                elif size == 3 or size == 5:  # 类 / 款 rows
                    self._code_row(i, code, name, yuan, code_name)
                    i += 1
                    continue
            elif self.heading[0]:
                code, code_name = self.heading[0], code_name or self.heading[1]
            # -- the other columns
            if ui is not None:
                raw = row[ui]
                unit_name = unit_names.get(raw)
                if unit_name is None or raw.__class__ is not str:  # True == 1 == 1.0 as keys: text only
                    unit_name = unit_names[raw] = text_of(raw)
            else:
                unit_name = ""
            if fi is not None:
                raw = row[fi]
                funding = fundings.get(raw)
                if funding is None or raw.__class__ is not str:  # True == 1 == 1.0 as keys: text only
                    funding = fundings[raw] = funding_of_text(text_of(raw))
            else:
                funding = UNKNOWN
            if split is not None:
                funding = split(i, row, funding, yuan)
            if d0 is not None:
                description = row[d0]
                description = description.strip() if description.__class__ is str else text_of(description)
            elif descs:
                description = " ".join(filter(None, (text_of(row[c]) for c in descs)))
            else:
                description = ""
            if ri is not None:
                remark = text_of(row[ri])
                if remark:
                    description = f"{description} {remark}" if description else remark
            else:
                remark = ""
            row_number = row_base + i if line_numbers is None else line_numbers[i]
            if len(name) > max_chars or (description and len(description) > max_chars):  # with the remark
                name, description, remark = self._clip(row_number, name, description, remark)
            append(BudgetLine(sheet_name, row_number, name, yuan, note, description, code, code_name,
                              unit_name, funding, remark, unit))
            i += 1
        out.problems.extend(_subtotals.check(self.subtotals, self.lines, sheet_name))
        lines = self.lines
        out.lines.extend(lines)
        out.unit_names.update(dict.fromkeys(filter(None, unit_names.values())))
        if self.unverified:
            for line in lines:
                if line.amount_yuan is None:
                    self._unverified(line)
        return self.next_block

    # -- the slow branch ----------------------------------------------------------

    def _slow(self, i: int, row: list, name: object, amount: object):
        """None: not a line; int: continue at that row; tuple: a line (name, 元, note)."""
        text = text_of(name) if name.__class__ is str else ""
        if not text:
            return self._nameless(i, row, amount)
        kind = row_kind(text)
        if kind in ("total", "subtotal"):
            self._subtotal(i, kind, text, amount)
            return None
        if kind:  # breakdown or note
            return None
        if (not self.vocab.raw_labels.isdisjoint(row) or is_label(amount)) and looks_like_header(row):
            other = header_at(self.rows, i, self.sheet.merges)
            if other is not None and "name" in other.cols:
                if other.layout() == self.header.layout():
                    return other.data  # the header repeated (page break in a printed export)
                return self._end(i)  # the next project table starts right here
        if blank(amount) and self._title_like(row) and self._header_ahead(i):
            return self._end(i)
        yuan, note = self.amount(i, self.ai, amount)
        level = ordinal_level(text)
        if level and _subtotals.group_adds_up(self, i, level, None if blank(amount) else yuan):
            self.subtotals.append(("group", self._row_number(i), text, yuan, "", len(self.lines)))
            return None
        if yuan is None:
            self.unverified = True
        return text, yuan, note

    def _nameless(self, i: int, row: list, amount: object):
        for value in row:
            if value.__class__ is str and value.strip():
                kind = row_kind(value.strip())
                if kind in ("total", "subtotal"):
                    self._subtotal(i, kind, value.strip(), amount)
                    return None
                if kind:
                    return None
                break
        code = self.code(row)
        if len(code) in (3, 5, 7):
            cni = self.header.cols.get("code_name")
            code_name = text_of(row[cni]) if cni is not None else ""
            yuan, _ = self.amount(i, self.ai, amount)
            self._code_row(i, code, code_name, yuan, code_name)
            return None
        if not has_number(row):
            if looks_like_header(row) and header_at(self.rows, i, self.sheet.merges) is not None:
                return self._end(i)
            if self._header_ahead(i):
                return self._end(i)
        return None

    def _end(self, i: int) -> int:
        self.next_block = i
        return len(self.rows)

    def _title_like(self, row: list) -> bool:
        texts = [v for v in row if v.__class__ is str and v.strip()]
        return len(texts) == 1 or any("单位" in t or "编制" in t or t.rstrip().endswith("表") for t in texts)

    def _header_ahead(self, i: int) -> bool:
        rows, merges = self.rows, self.sheet.merges
        for k in range(i + 1, min(len(rows), i + 1 + LOOKAHEAD)):
            if has_number(rows[k]):
                return False
            if looks_like_header(rows[k]) and header_at(rows, k, merges) is not None:
                return True
        return False

    # -- amounts, codes, funding --------------------------------------------------

    def amount(self, i: int, col: int, value: object) -> tuple[float | None, str]:
        """The cell rows[i][col] in 元, or None and why not."""
        if blank(value) and (i, col) in self.sheet.no_value:
            return None, NO_CACHED_VALUE
        parsed = to_number(value)
        if parsed is None:
            return None, f"金额不是数字：{text_of(value)[:40]}"
        number, written = parsed
        factor = UNIT_FACTORS[written] if written else self.factor
        return (number if factor == 1.0 else round(number * factor * 100.0) / 100.0), ""

    def code(self, row: list) -> str:
        """The classification code of a row, from a code column or 类 | 款 | 项 columns."""
        if self.ci is not None:
            return code_of(row[self.ci])
        if self.code_cols:
            return code_of_parts(*(row[c] if c is not None else "" for c in self.code_cols))
        return ""

    def _part(self, i: int, c: int, value: object) -> float | None:
        """A split amount cell (SplitColumns) that is not a float, in 元: blank is 0, else as
        `amount` reads it."""
        if (value is None or value == "") and not self.sheet.no_value:
            return 0.0
        return self.amount(i, c, value)[0]

    # -- rows that are not lines ---------------------------------------------------

    def _row_number(self, i: int) -> int:
        return self.sheet.row_number(i)

    def _subtotal(self, i: int, kind: str, label: str, amount: object) -> None:
        declared, _ = self.amount(i, self.ai, amount)
        self.subtotals.append((kind, self._row_number(i), label, declared, "", len(self.lines)))

    def _code_row(self, i: int, code: str, label: str, yuan: float | None, code_name: str) -> None:
        self.subtotals.append(("code", self._row_number(i), label or code, yuan, code, len(self.lines)))
        self.heading = (code, code_name or label) if len(code) >= 7 else ("", "")

    def _unverified(self, line: BudgetLine) -> None:
        self.out.problems.append(ReadProblem(
            kind="amount-unverified", sheet=line.sheet, row=line.row,
            message=f"{line.name}: {line.amount_note}", name=line.name,
        ))

    def _clip(self, row_number: int, *values: str) -> tuple[str, ...]:
        limit = self.out.limits.max_cell_chars
        clipped = []
        for value in values:
            if len(value) > limit:
                self.out.problems.append(ReadProblem(
                    kind="cell-truncated", sheet=self.sheet.name, row=row_number,
                    message=say(f"单元格 {len(value)} 个字符，截为 {limit} 个",
                                f"cell of {len(value)} characters truncated to {limit}"),
                    name=value[:40],
                ))
                value = value[:limit]
            clipped.append(value)
        return tuple(clipped)

    def _fill_merged_down(self) -> None:
        """Spread vertically merged text cells (单位名称 over several lines) down."""
        rows, header = self.rows, self.header
        numeric = {self.ni, self.ai, *header.transfers, header.cols.get("own"), header.base}
        for r1, c1, r2, c2 in self.sheet.merges:
            if r2 <= r1 or r1 < header.data or r1 >= len(rows):
                continue
            for c in range(max(c1, 0), min(c2, len(rows[r1]) - 1) + 1):
                if c in numeric:
                    continue
                value = rows[r1][c]
                for r in range(r1 + 1, min(r2, len(rows) - 1) + 1):
                    if blank(rows[r][c]):
                        rows[r][c] = value
