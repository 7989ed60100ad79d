"""Turn the rows under one table header into BudgetLines, and check the subtotals.

The loop is the hot path of the whole reader (a budget-system export can hold
100,000 lines): a row whose name is plain text and whose amount is a number takes
the fast branch; anything else (blank, text amount, 合计, 注：, a new header …) goes
through `_slow`, which may say the table ended where a new one begins.
"""

from __future__ import annotations

import dataclasses
import re
from collections import deque
from functools import cache
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING

from ..models import BudgetLine, Funding, ReadProblem
from ._headers import Header, header_at, looks_like_header
from ._vocab import squeeze, vocab
from .amounts import UNIT_FACTORS, to_number
from .funding import classify_funding, split_funding

if TYPE_CHECKING:
    from ._files import RawSheet
    from .tables import Collector

TOLERANCE_YUAN = 0.5
LOOKAHEAD = 8  # rows after a blank or title row in which a new header may start
_WHITESPACE = " \t\r\n\u3000\u00a0\u2002\u2003\u200b"
_ORDINALS = (re.compile(r"^[一二三四五六七八九十]+\s*[、.．]"), re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]"))
_PART = re.compile(r"^其中\s*[:：]?\s*")
_CODE = re.compile(r"\s*[\[【(（]?\s*(\d{3,7})(?!\d)")
_UNKNOWN = Funding()
NO_CACHED_VALUE = "公式无缓存值（文件未经 Excel 计算保存），金额无法核实"


def text_of(value: object) -> str:
    """A cell as stripped text; numbers as written (2011409.0 → "2011409")."""
    if value.__class__ is str:
        return value.strip()  # type: ignore[union-attr]
    if value is None:
        return ""
    if value.__class__ is float and value.is_integer():  # type: ignore[union-attr]
        return str(int(value))  # type: ignore[call-overload]
    return str(value)


def code_of(value: object) -> str:
    """Digits of a functional-classification code cell: 2011409.0, "[2011409]知识产权…" → "2011409"."""
    if value.__class__ in (int, float):
        digits = str(int(value)) if float(value).is_integer() and value > 0 else ""  # type: ignore[arg-type]
        return digits if 3 <= len(digits) <= 7 else ""
    if value.__class__ is str:
        match = _CODE.match(value)  # type: ignore[arg-type]
        return match.group(1) if match else ""
    return ""


def code_of_parts(cls: object, section: object, item: object) -> str:
    """类 | 款 | 项 columns (201 | 38 | 99) as one code (2013899)."""
    a, b, c = code_of(cls), text_of(section), text_of(item)
    if not a:
        return ""
    if not b.isdigit():
        return a
    b = b.zfill(2) if len(b) <= 2 else b[-2:]
    if not c.isdigit():
        return a + b
    return a + b + (c.zfill(2) if len(c) <= 2 else c[-2:])


def has_number(row: list) -> bool:
    for value in row:
        cls = value.__class__
        if cls is float or cls is int:
            return True
        if cls is str and value and value.strip() and to_number(value) is not None:
            return True
    return False


@cache
def _special_chars() -> tuple[frozenset[str], frozenset[str]]:
    """First and last characters that send a name to the slow branch for a closer look."""
    v = vocab()
    words = set(v.totals) | set(v.subtotals) | set(v.breakdowns) | set(v.note_words)
    words |= {w for w in v.raw_labels if v.roles.get(squeeze(w), ("",))[0] == "name"}
    first = {w[0] for w in words} | set(_WHITESPACE) | set("一二三四五六七八九十（(")
    last = {w[-1] for w in v.subtotal_suffixes} | set(_WHITESPACE)
    return frozenset(first), frozenset(last)


class TableReader:
    """Reads one table; `run` returns where the next block of the sheet starts."""

    def __init__(self, sheet: RawSheet, header: Header, unit: str, out: Collector) -> None:
        self.sheet, self.header, self.unit, self.out = sheet, header, unit, out
        self.rows = sheet.rows
        self.factor = UNIT_FACTORS[unit]
        self.fields: list[dict] = []  # one dict per line: see _make_lines
        # (kind, row number, label, declared 元, code, number of lines before it)
        self.subtotals: list[tuple[str, int, str, float | None, str, int]] = []
        self.heading = ("", "")  # 科目 code and name inherited by code-less lines below it
        self.next_block = len(self.rows)
        cols = header.cols
        self.ni, self.ai = cols["name"], cols["amount"]
        self.code_cols = tuple(cols.get(r) for r in ("code_class", "code_section", "code_item"))
        self.ci = cols.get("code")
        if self.ci is None and self.code_cols[0] is None:
            self.code_cols = ()
        self.vocab = vocab()
        parts = (*header.transfers, cols.get("own"))
        self.split_labels = {c: _PART.sub("", _leaf(header.labels[c])) for c in parts if c is not None}
        self.split_kinds: dict[tuple, Funding] = {}
        self.transfer_cols, self.own_col = header.transfers, cols.get("own")
        self.base_col = header.base if header.transfer_part else None
        self.first_special, self.last_special = _special_chars()

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
        split = bool(header.transfers)
        factor = self.factor
        scale = factor * 100.0  # round(x * scale) / 100: 元 to the 分, cheaper than round(x, 2)
        first_special, last_special = self.first_special, self.last_special
        sheet_name, unit = self.sheet.name, self.unit
        row_base, line_numbers = self.sheet.row0 + 1, self.sheet.line_numbers
        max_chars = out.limits.max_cell_chars
        fields = self.fields
        append = fields.append
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
                and amount.__class__ is float
                and name
                and name[0] not in first_special
                and name[-1] not in last_special
            ):
                yuan = amount if factor == 1.0 else round(amount * scale) / 100.0
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
                    code = codes[raw] = self._code(row)
            else:
                code = ""
            if cni is not None:
                raw = row[cni]
                code_name = texts.get(raw)
                if code_name is None:
                    code_name = texts[raw] = text_of(raw)
            else:
                code_name = ""
            if code:
                if len(code) in (3, 5) or (name == code_name and len(code) == 7):  # 类 / 款 / 科目 rows
                    self._code_row(i, code, name, yuan, code_name)
                    i += 1
                    continue
                if i + 1 < n and len(code) == 7:
                    after = rows[i + 1][code_probe]
                    if (after == "" or after is None) and self._is_heading(i, code, yuan):
                        self._code_row(i, code, name, yuan, code_name)
                        i += 1
                        continue
            elif self.heading[0]:
                code, code_name = self.heading[0], code_name or self.heading[1]
            # -- the other columns
            if ui is not None:
                raw = row[ui]
                unit_name = unit_names.get(raw)
                if unit_name is None:
                    unit_name = unit_names[raw] = text_of(raw)
            else:
                unit_name = ""
            if fi is not None:
                raw = row[fi]
                funding = fundings.get(raw)
                if funding is None:
                    funding = fundings[raw] = _funding_of_text(text_of(raw))
            else:
                funding = _UNKNOWN
            if split:
                funding = self._split(i, row, funding, yuan)
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
            if len(name) > max_chars or len(description) > max_chars:  # description holds the remark
                name, description, remark = self._clip(row_number, name, description, remark)
            append({
                "sheet": sheet_name, "row": row_number, "name": name, "amount_yuan": yuan,
                "amount_note": note, "description": description, "code": code, "code_name": code_name,
                "unit_name": unit_name, "funding": funding, "remark": remark, "unit": unit,
            })
            i += 1
        self._check_subtotals()
        lines = _make_lines(fields)
        out.lines.extend(lines)
        out.unit_names.update(dict.fromkeys(filter(None, unit_names.values())))
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
        kind = self._row_kind(text)
        if kind in ("total", "subtotal"):
            self._subtotal(i, kind, text, amount)
            return None
        if kind:  # breakdown or note
            return None
        if (not self.vocab.raw_labels.isdisjoint(row) or _is_label(amount)) and looks_like_header(row):
            other = header_at(self.rows, i, self.sheet.merges)
            if other is not None and "name" in other.cols:
                if other.layout() == self.header.layout():
                    return other.data  # the header repeated (page break in a printed export)
                return self._end(i)  # the next project table starts right here
        if _blank(amount) and self._title_like(row) and self._header_ahead(i):
            return self._end(i)
        yuan, note = self._amount(i, self.ai, amount)
        level = _ordinal_level(text)
        if level and self._is_group(i, level, None if _blank(amount) else yuan):
            self.subtotals.append(("group", self._row_number(i), text, yuan, "", len(self.fields)))
            return None
        return text, yuan, note

    def _nameless(self, i: int, row: list, amount: object):
        for value in row:
            if value.__class__ is str and value.strip():
                kind = self._row_kind(value.strip())
                if kind in ("total", "subtotal"):
                    self._subtotal(i, kind, value.strip(), amount)
                    return None
                if kind:
                    return None
                break
        code = self._code(row)
        if len(code) in (3, 5, 7):
            cni = self.header.cols.get("code_name")
            code_name = text_of(row[cni]) if cni is not None else ""
            yuan, _ = self._amount(i, self.ai, amount)
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

    def _row_kind(self, text: str) -> str:
        """total | subtotal | breakdown | note | "" for a row label."""
        v = self.vocab
        label = squeeze(text)
        if label in v.totals:
            return "total"
        if label in v.subtotals or (len(label) > 2 and label.endswith(v.subtotal_suffixes)):
            return "subtotal"
        if label.startswith(v.breakdowns):
            return "breakdown"
        if v.notes.match(text):
            return "note"
        return ""

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

    def _amount(self, i: int, col: int, value: object) -> tuple[float | None, str]:
        if _blank(value) and (i, col) in self.sheet.no_value:
            return None, NO_CACHED_VALUE
        parsed = to_number(value)
        if parsed is None:
            return None, f"金额不是数字：{text_of(value)[:40]}"
        number, written = parsed
        factor = UNIT_FACTORS[written] if written else self.factor
        return (number if factor == 1.0 else round(number * factor * 100.0) / 100.0), ""

    def _code(self, row: list) -> str:
        if self.ci is not None:
            return code_of(row[self.ci])
        if self.code_cols:
            return code_of_parts(*(row[c] if c is not None else "" for c in self.code_cols))
        return ""

    def _is_heading(self, i: int, code: str, yuan: float | None) -> bool:
        """A named 7-digit row whose code-less rows below add up to it is a 科目 heading."""
        rows, ni, ai = self.rows, self.ni, self.ai
        if yuan is None or i + 1 >= len(rows) or self._code(rows[i + 1]) or not text_of(rows[i + 1][ni]):
            return False
        total, count = 0.0, 0
        for k in range(i + 1, len(rows)):
            row = rows[k]
            name = text_of(row[ni])
            if not name or self._code(row) or self._row_kind(name):
                break
            value, _ = self._amount(k, ai, row[ai])
            if value is None:
                return False
            total += value
            count += 1
        return count > 0 and abs(total - yuan) <= TOLERANCE_YUAN

    def _is_group(self, i: int, level: int, yuan: float | None) -> bool:
        """一、… or （一）… heading a group whose rows below add up to it (or that has no amount)."""
        rows, ni, ai = self.rows, self.ni, self.ai
        total, count = 0.0, 0
        for k in range(i + 1, len(rows)):
            name = text_of(rows[k][ni]) if rows[k][ni].__class__ is str else ""
            if not name or self._row_kind(name):
                break
            inner = _ordinal_level(name)
            if inner and inner <= level:
                break
            if inner:
                continue  # a sub-group heading: its lines are counted one by one
            value, _ = self._amount(k, ai, rows[k][ai])
            if value is None:
                return False
            total += value
            count += 1
        return count > 0 and (yuan is None or abs(total - yuan) <= TOLERANCE_YUAN)

    def _split(self, i: int, row: list, funding: Funding, yuan: float | None) -> Funding:
        """Own and transfer parts from split amount columns (本级 | 其中：上级转移支付)."""
        scale = self.factor * 100.0
        transfer: float | None = 0.0
        first = ""
        for c in self.transfer_cols:
            value = row[c]
            if value.__class__ is not float:
                value = self._amount(i, c, value)[0]
                if value is None:
                    transfer = None
                    break
            elif scale != 100.0:
                value = round(value * scale) / 100.0
            if value:
                transfer += value  # type: ignore[operator]
                first = self.split_labels[c] if not first else f"{first}、{self.split_labels[c]}"
        c = self.own_col
        if c is not None:
            own = row[c]
            if own.__class__ is not float:
                own = self._amount(i, c, own)[0]
            elif scale != 100.0:
                own = round(own * scale) / 100.0
        else:
            c = self.base_col  # own = 财政拨款 − 其中：上级转移支付, or the amount − the transfer
            if c is None:
                whole = yuan
            else:
                whole = row[c]
                if whole.__class__ is not float:
                    whole = self._amount(i, c, whole)[0]
                elif scale != 100.0:
                    whole = round(whole * scale) / 100.0
            own = round((whole - transfer) * 100.0) / 100.0 if whole is not None and transfer is not None else None
        if funding.kind == "unknown":
            # kind, level and text depend only on which parts are non-zero: cache them
            key = (own is not None and own > 0.0, transfer is not None and transfer > 0.0, first)
            funding = self.split_kinds.get(key)
            if funding is None:
                own_label = self.split_labels.get(self.own_col, "本级")
                funding = self.split_kinds[key] = split_funding(
                    own, transfer, own_label, first or self.split_labels[self.transfer_cols[0]]
                )
        line_funding = _new(Funding)
        _setattr(line_funding, "__dict__", {
            "kind": funding.kind, "source_level": funding.source_level, "text": funding.text,
            "own_yuan": own, "transfer_yuan": transfer,
        })
        return line_funding

    # -- rows that are not lines ---------------------------------------------------

    def _row_number(self, i: int) -> int:
        return self.sheet.row_number(i)

    def _subtotal(self, i: int, kind: str, label: str, amount: object) -> None:
        declared, _ = self._amount(i, self.ai, amount)
        self.subtotals.append((kind, self._row_number(i), label, declared, "", len(self.fields)))

    def _code_row(self, i: int, code: str, label: str, yuan: float | None, code_name: str) -> None:
        self.subtotals.append(("code", self._row_number(i), label or code, yuan, code, len(self.fields)))
        self.heading = (code, code_name or label) if len(code) >= 7 else ("", "")

    def _check_subtotals(self) -> None:
        if not self.subtotals:
            return
        amounts = [line["amount_yuan"] for line in self.fields]
        by_code: dict[str, float | None] = {}
        if any(kind == "code" for kind, *_ in self.subtotals):
            for line, amount in zip(self.fields, amounts):
                code = line["code"]
                if code:
                    for prefix in {code[:3], code[:5], code}:
                        known = by_code.get(prefix, 0.0)
                        by_code[prefix] = None if known is None or amount is None else known + amount
        since = 0
        for kind, row, label, declared, code, position in self.subtotals:
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
            if abs(declared - computed) > TOLERANCE_YUAN:
                self.out.problems.append(ReadProblem(
                    kind="subtotal-mismatch", sheet=self.sheet.name, row=row,
                    message=f"{label} 为 {declared:,.2f} 元，所含各行合计 {computed:,.2f} 元",
                    declared_yuan=declared, computed_yuan=computed, name=label,
                ))

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
                    message=f"cell of {len(value)} characters truncated to {limit}",
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
                    if _blank(rows[r][c]):
                        rows[r][c] = value


_FIELDS = tuple(f.name for f in dataclasses.fields(BudgetLine))


def _make_lines(rows: list[dict]) -> list[BudgetLine]:
    """BudgetLines from complete field dicts, without the frozen-dataclass __init__.

    The generated __init__ sets each of the 12 fields through object.__setattr__ and
    costs more than the rest of the read loop; a 100,000-line sheet must read in
    little more than calamine's own time. The dicts carry exactly the dataclass's
    fields (checked at import below), so the objects are equal to constructed ones.
    """
    lines = list(map(_new, repeat(BudgetLine, len(rows))))
    deque(map(_setattr, lines, repeat("__dict__"), rows), maxlen=0)
    return lines


_new, _setattr = object.__new__, object.__setattr__


if tuple(f.name for f in dataclasses.fields(Funding)) != (
    "kind", "source_level", "text", "own_yuan", "transfer_yuan"
) or _FIELDS != ("sheet", "row", "name", "amount_yuan", "amount_note", "description", "code",
               "code_name", "unit_name", "funding", "remark", "unit"):
    raise ImportError(f"budgetlint.read._lines builds BudgetLine{_FIELDS}: update the read loop")


def _ordinal_level(name: str) -> int:
    """1 for 一、…, 2 for （一）…, 0 otherwise."""
    for level, pattern in enumerate(_ORDINALS, 1):
        if pattern.match(name):
            return level
    return 0


def _blank(value: object) -> bool:
    return value is None or (value.__class__ is str and not value.strip())  # type: ignore[union-attr]


def _is_label(value: object) -> bool:
    """Text in an amount cell that is not a number: maybe a header label."""
    return value.__class__ is str and bool(value.strip()) and to_number(value) is None  # type: ignore[union-attr]


def _leaf(label: str) -> str:
    return label.rsplit("/", 1)[-1]


def _funding_of_text(text: str) -> Funding:
    if not text:
        return _UNKNOWN
    found = classify_funding(text)
    return Funding(found.kind, found.source_level, text)
