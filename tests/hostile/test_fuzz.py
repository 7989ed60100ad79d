"""Fuzzing: random budget tables through the reader, random text through match and judge.

The tables are what real budgets look like at their untidiest: one- or two-row merged
headers written with the reader's own header synonyms (headers.toml), the unit in the
title, the 单位 line or the amount header, amounts as text with separators, full-width
digits, negatives in parentheses or blanks, blank rows, 小计 / 合计 rows and notes. The
reader may refuse a table (a BudgetlintError); it may never crash, and every line it
returns must sit on a row that holds it, with an amount or a reason why not.
"""

from __future__ import annotations

import csv
import math
import re
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetlint.errors import BudgetlintError
from budgetlint.judge import judge_line
from budgetlint.match import matcher_for
from budgetlint.models import VERDICTS, BudgetLine, Placement
from budgetlint.read import read_workbook
from budgetlint.read.funding import classify_funding
from budgetlint.schemes import bundled_schemes

HEADERS = tomllib.loads(files("budgetlint.read").joinpath("headers.toml").read_text(encoding="utf-8"))
COLUMNS = HEADERS["columns"]
UNITS = {"元": 1, "千元": 1_000, "万元": 10_000}
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
NAMES = ("全市性专利导航项目", "知识产权维权援助工作经费", "知识产权侵权纠纷行政裁决", "食品安全抽检经费",
         "专利资助资金", "商标品牌奖补", "计量检定设备购置", "知识产权宣传周活动经费", "办公楼维修改造")
FUNDING = ("本级财力", "市级专项转移支付", "县级配套", "上级补助", "一般公共预算", "")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------
# Generating a table.


@dataclass
class Table:
    rows: list[list[object]]  # as written, 0-based list, row n is Excel row n + 1
    merges: list[str] = field(default_factory=list)  # openpyxl ranges, e.g. "A3:B3"
    lines: dict[int, tuple[str, float | None]] = field(default_factory=dict)  # Excel row -> (name, 元)


def _amount(draw, factor: int) -> tuple[object, float, float | None]:
    """(cell, what it counts for in the table's unit, the 元 the reader must give or None
    when a blank or a dash may be read as zero or as unknown)."""
    value = draw(st.integers(min_value=0, max_value=10**9)) / 100
    style = draw(st.sampled_from(["number", "separators", "full-width", "parentheses", "blank", "dash", "suffix"]))
    if style == "number":
        return value, value, value * factor
    if style == "separators":
        return f"{value:,.2f}", value, value * factor
    if style == "full-width":
        return f"{value:,.2f}".translate(FULL_WIDTH), value, value * factor
    if style == "parentheses":
        return f"({value:,.2f})", -value, -value * factor
    if style == "blank":
        return None, 0.0, None
    if style == "dash":
        return "-", 0.0, None
    return f"{value:.2f}万元", value * 10_000 / factor, value * 10_000  # the cell's own unit wins


@st.composite
def tables(draw) -> Table:
    unit = draw(st.sampled_from(list(UNITS)))
    factor = UNITS[unit]
    where_unit = draw(st.sampled_from(["title", "unit-line", "header"]))
    extra = draw(st.lists(st.sampled_from(["funding", "code", "description"]), unique=True))
    order = draw(st.permutations(["name", "amount", *extra]))
    labels = {role: draw(st.sampled_from(COLUMNS[role])) for role in order}
    if where_unit == "header":
        labels["amount"] += f"（{unit}）"
    width = len(order)
    last = chr(64 + width)
    title = "阳城县市场监督管理局2025年项目支出表" + (f"（单位：{unit}）" if where_unit == "title" else "")
    rows: list[list[object]] = [
        [title] + [None] * (width - 1),
        ["编制单位：阳城县市场监督管理局"] + [None] * (width - 2) + [f"单位：{unit}" if where_unit == "unit-line" else None],
    ]
    merges = [f"A1:{last}1"]
    if draw(st.booleans()):
        # Two header rows: a group label over the first columns, the others merged down.
        span = draw(st.integers(min_value=2, max_value=width))
        top = [draw(st.sampled_from(["项目", "项目信息", "基本情况"]))] + [None] * (span - 1)
        rows.append(top + [labels[role] for role in order[span:]])
        rows.append([labels[role] for role in order[:span]] + [None] * (width - span))
        merges.append(f"A3:{chr(64 + span)}3")
        merges += [f"{chr(65 + i)}3:{chr(65 + i)}4" for i in range(span, width)]
    else:
        rows.append([labels[role] for role in order])
    table = Table(rows, merges)
    total_first = draw(st.sampled_from(["first", "last", "none"]))
    if total_first == "first":
        total_at = len(rows)
        rows.append([])  # filled in once the lines are known
    since_subtotal: list[float] = []
    counted: list[float] = []
    for i in range(draw(st.integers(min_value=1, max_value=12))):
        kind = draw(st.sampled_from(["line", "line", "line", "blank", "subtotal"]))
        if kind == "blank":
            rows.append([None] * width)
        elif kind == "subtotal" and since_subtotal:
            rows.append(_row(order, {"name": "小计", "amount": round(sum(since_subtotal), 2)}))
            since_subtotal = []
        else:
            name = f"{draw(st.sampled_from(NAMES))}{i + 1}"
            cell, in_unit, yuan = _amount(draw, factor)
            rows.append(_row(order, {
                "name": name, "amount": cell, "funding": draw(st.sampled_from(FUNDING)),
                # Every line has a code: a coded row over uncoded ones is a 项 heading, not a line.
                "code": draw(st.sampled_from([2011409, "2013899", "[2070606]版权管理"])),
                "description": draw(st.sampled_from(["", "结合全市产业发展", "项目概述：县级"])),
            }))
            table.lines[len(rows)] = (name, yuan)
            since_subtotal.append(in_unit)
            counted.append(in_unit)
    total = _row(order, {"name": "合计", "amount": round(sum(counted), 2)})
    if total_first == "first":
        rows[total_at] = total
    elif total_first == "last":
        rows.append(total)
    if draw(st.booleans()):
        rows.append(["注：本表反映部门项目支出预算，无数据的科目不列示。"] + [None] * (width - 1))
    return table


def _row(order, values: dict) -> list[object]:
    return [values.get(role) for role in order]


def _write_xlsx(path: Path, table: Table) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "项目支出表"
    for r, row in enumerate(table.rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                ws.cell(row=r, column=c, value=value).data_type = "s" if isinstance(value, str) else "n"
    for cells in table.merges:
        ws.merge_cells(cells)
    book.save(path)


def _write_csv(path: Path, table: Table, encoding: str) -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in row] for row in table.rows])


def _check_read(path: Path, table: Table) -> None:
    try:
        workbook = read_workbook(path)
    except BudgetlintError:
        return  # refusing a file is allowed (none of these tables is refused today); crashing is not
    # Every line is found, on its own row; the 小计 and 合计 written add up, so none is questioned.
    assert sorted(line.row for line in workbook.lines) == sorted(table.lines)
    assert [p for p in workbook.problems if p.kind == "subtotal-mismatch"] == []
    for line in workbook.lines:
        assert line.row > 0
        assert line.amount_yuan is not None or line.amount_note, line
        assert line.row in table.lines, (line.row, line.name, sorted(table.lines))
        name, yuan = table.lines[line.row]
        assert line.name == name
        if yuan is not None:
            assert line.amount_yuan is not None and math.isclose(line.amount_yuan, yuan, abs_tol=0.011), (line, yuan)


@SETTINGS
@given(table=tables())
def test_random_tables_xlsx(tmp_path_factory, table):
    path = tmp_path_factory.mktemp("fuzz") / "阳城县2025年部门预算.xlsx"
    _write_xlsx(path, table)
    _check_read(path, table)


@SETTINGS
@given(table=tables(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_random_tables_csv(tmp_path_factory, table, encoding):
    path = tmp_path_factory.mktemp("fuzz") / "阳城县2025年项目库导出.csv"
    _write_csv(path, table, encoding)
    _check_read(path, table)


# Garbage grids: random unicode and numbers around a header the reader knows, so that
# it finds a table and then has to cope with whatever is in it.

ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
cells = st.one_of(st.none(), st.text(max_size=20), st.floats(allow_nan=True, allow_infinity=True),
                  st.integers(min_value=-10**15, max_value=10**15), st.sampled_from(["合计", "小计", "其中：", "注：", "-"]))


@st.composite
def grids(draw) -> list[list[object]]:
    width = draw(st.integers(min_value=2, max_value=5))
    header = [draw(st.sampled_from(COLUMNS["name"])), draw(st.sampled_from(COLUMNS["amount"]))]
    header += [draw(st.sampled_from(COLUMNS[role])) for role in ("funding", "code", "remark")[: width - 2]]
    body = draw(st.lists(st.lists(cells, min_size=width, max_size=width), max_size=15))
    return [["阳城县市场监督管理局2025年项目支出表"], header, *body]


def _check_garbage(path: Path, rows: list[list[object]]) -> None:
    try:
        workbook = read_workbook(path)
    except BudgetlintError:
        return
    for line in workbook.lines:
        assert 0 < line.row <= len(rows)
        assert line.amount_yuan is not None or line.amount_note, line


@SETTINGS
@given(rows=grids())
def test_garbage_grids_xlsx(tmp_path_factory, rows):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "项目支出表"
    for row in rows:
        ws.append([ILLEGAL_IN_XLSX.sub("", v) if isinstance(v, str) else v for v in row])
    path = tmp_path_factory.mktemp("fuzz") / "阳城县2025年部门预算.xlsx"
    book.save(path)
    _check_garbage(path, rows)


@SETTINGS
@given(rows=grids(), encoding=st.sampled_from(["utf-8", "gb18030"]))
def test_garbage_grids_csv(tmp_path_factory, rows, encoding):
    path = tmp_path_factory.mktemp("fuzz") / "阳城县2025年项目库导出.csv"
    with path.open("w", encoding=encoding, errors="replace", newline="") as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in row] for row in rows])
    # Quoted fields may span lines: the last line number is what bounds a row.
    text = path.read_text(encoding=encoding, errors="replace")
    lines = text.count("\n") + text.count("\r") + 1
    _check_garbage(path, [[]] * max(lines, len(rows)))


# ---------------------------------------------------------------------------
# Random text through match and judge: always one valid, self-consistent verdict.

SCHEMES = sorted(bundled_schemes().values(), key=lambda s: s.id)
PLACEMENTS = [
    Placement(s, j, j.level)
    for s in SCHEMES
    for j in (next(j for j in s.jurisdictions if j.level == "city"), next(j for j in s.jurisdictions if j.level == "county"))
]
VOCABULARY = sorted({
    word
    for s in SCHEMES
    for word in (
        *(k for t in s.tasks for text in t.keywords for k in text.split("+") if k != "{ip}"),
        *s.vocabulary.ip_objects, *s.vocabulary.ip_terms, *s.vocabulary.not_ip_terms, *s.vocabulary.subsidy_terms,
        *s.vocabulary.pass_down_terms, *s.vocabulary.city_wide_terms, *s.vocabulary.local_terms,
        *s.vocabulary.both_terms, *(w for w, _ in s.vocabulary.funding_levels),
        *(j.name for j in s.jurisdictions),
    )
    if word
})

# Random unicode (any plane, control characters and NULs included) mixed with the words
# the matcher knows, so that the deeper branches of the judge are reached too.
texts = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(VOCABULARY)), max_size=6).map("".join)


@settings(max_examples=300, deadline=None)
@given(placement=st.sampled_from(PLACEMENTS), name=texts, description=texts, funding=texts)
def test_random_text_gets_a_valid_verdict(placement, name, description, funding):
    line = BudgetLine("项目支出表", 5, name, 1.0, description=description, funding=classify_funding(funding))
    matcher = matcher_for(placement.scheme)
    judgement = judge_line(line, placement, matcher)
    assert judgement.verdict in VERDICTS
    assert judgement.line is line
    if judgement.verdict in ("ok", "wrong-level", "upper-level", "entrusted"):
        assert judgement.duty is not None and judgement.duty_level
    if judgement.verdict == "transfer":  # money passed down, for a listed duty or not (issue 16)
        assert judgement.duty is not None or judgement.match.passes_down
    if judgement.verdict == "not-ip":
        assert judgement.duty is None and not judgement.match.candidates
    if judgement.verdict == "ambiguous":
        # Torn between duties, or one affiliation duty whose scope words point both ways.
        assert judgement.duty is None and judgement.alternatives
    assert judgement.reasons
    again = judge_line(line, placement, matcher)
    assert (again.verdict, again.duty, again.reasons) == (judgement.verdict, judgement.duty, judgement.reasons)
