"""The reader's fast paths and caches give what the slow paths give.

The row loop (read/_lines.py) takes a fast branch for a plain-text name with a number
or a plain-number text amount; everything else goes through `_slow`. Reading a table
with the fast branch switched off must give the same Workbook, whatever the cells.
"""

from __future__ import annotations

import dataclasses
import math
import pickle
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetlint.models import BudgetLine
from budgetlint.read import _headers, _lines, read_workbook
from budgetlint.read._cells import WHITESPACE
from budgetlint.read.amounts import is_plain_number, to_number, to_yuan

from .builders import csv_file, xlsx


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


@pytest.fixture
def slow_only(monkeypatch):
    """Read with every row sent through TableReader._slow."""

    def read(path: Path):
        with monkeypatch.context() as m:
            m.setattr(_lines, "special_chars", lambda: (_Everything(), _Everything()))
            return read_workbook(path)

    return read


NAMES = [
    "专利导航", "知识产权保护专项行动", " 专利导航 ", "专利导航\u2009", "\u2009专利导航", "\u2009合计", "\u3000维权援助",
    "本地区专利导航", "合计", "合 计", "小计", "一般公共预算小计", "其中：上级补助", "注：本表", "一、知识产权",
    "（一）专利", "项目名称", "2011409", "专" * 3,
]
AMOUNTS = [
    "12.5", "0", "00", "0012", ".5", "5.", "12.50", "1,234.50", "(1,000)", "-3", "+4", "１２３", "12 34", " 7",
    "7 ", "1e3", "nan", "inf", "9" * 400, "", "-", "—", "12.5万元", "3元", "abc", "12.3.4", "¥15", "1_000",
    "١٢", "²", 1.5, 0.0, 123456.789, None,
]


def _table(unit: str, lines: list[tuple[object, object]]) -> list[list]:
    return [
        ["阳城县市场监督管理局2025年项目支出表"],
        [f"单位：{unit}"],
        ["项目名称", "金额", "资金来源"],
        *[[name, amount, "本级财力"] for name, amount in lines],
    ]


@pytest.mark.parametrize("unit", ["元", "万元"])
def test_csv_fast_branch_reads_as_the_slow_branch(tmp_path, slow_only, unit):
    rows = _table(unit, [(name, amount) for name in NAMES for amount in AMOUNTS])
    path = csv_file(tmp_path, [["" if v is None else str(v) for v in row] for row in rows])
    fast = read_workbook(path)
    assert fast == slow_only(path)
    assert len(fast.lines) > len(AMOUNTS)  # the table was read, not skipped


# Whitespace that _cells.WHITESPACE does not list (U+2009 …) at either end of a name.
EXOTIC = [name for name in NAMES if name != name.strip() and name[0] not in WHITESPACE and name[-1] not in WHITESPACE]


@pytest.mark.parametrize("unit", ["元", "万元"])
def test_xlsx_fast_branch_reads_as_the_slow_branch(tmp_path, slow_only, unit):
    lines = [(name, amount) for name in NAMES if name not in EXOTIC for amount in AMOUNTS if amount != ""]
    path = xlsx(tmp_path, {"项目支出表": _table(unit, lines)})
    assert read_workbook(path) == slow_only(path)


def test_whitespace_list_is_every_unicode_space():
    from budgetlint.read._cells import WHITESPACE

    assert {c for c in map(chr, range(0x110000)) if c.isspace()} <= set(WHITESPACE)


def test_xlsx_name_edged_by_other_whitespace(tmp_path, slow_only):
    path = xlsx(tmp_path, {"项目支出表": _table("元", [(name, 1.5) for name in EXOTIC])})
    assert read_workbook(path) == slow_only(path)


@pytest.mark.parametrize("text", [a for a in AMOUNTS if isinstance(a, str)])
@pytest.mark.parametrize("unit", ["元", "万元"])
def test_text_amount_is_read_as_to_yuan(tmp_path, text, unit):
    path = csv_file(tmp_path, _table(unit, [("专利导航", text)]))
    (line,) = read_workbook(path).lines
    assert line.amount_yuan == to_yuan(text, unit)
    assert (line.amount_note == "") == (line.amount_yuan is not None)


CELL_TEXT = st.one_of(
    st.sampled_from([a for a in AMOUNTS if isinstance(a, str)]),
    st.from_regex(r"[0-9]{0,6}(\.[0-9]{0,3})?", fullmatch=True),
    st.text(st.sampled_from("0123456789.,-+() 　１万元e"), max_size=8),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(NAMES), CELL_TEXT), min_size=1, max_size=8), st.sampled_from(["元", "万元"]))
def test_any_csv_amounts_fast_as_slow(lines, unit):
    with tempfile.TemporaryDirectory() as tmp:
        path = csv_file(Path(tmp), _table(unit, lines))
        fast = read_workbook(path)
        with pytest.MonkeyPatch.context() as m:
            m.setattr(_lines, "special_chars", lambda: (_Everything(), _Everything()))
            slow = read_workbook(path)
        assert fast == slow


@settings(max_examples=300, deadline=None)
@given(CELL_TEXT)
def test_plain_number_shortcut_agrees_with_the_full_parse(text):
    # "\u3000" + text is folded back to text by to_number, but is never plain.
    assert not is_plain_number("\u3000" + text)
    assert to_number(text) == to_number("\u3000" + text)
    if is_plain_number(text):
        number = float(text)
        assert to_number(text) == ((number, "") if math.isfinite(number) else None)


def test_lines_are_budget_lines(tmp_path):
    path = csv_file(tmp_path, _table("万元", [("专利导航", "1.5"), ("维权援助", "2")]))
    lines = read_workbook(path).lines
    for line in lines:
        built = BudgetLine(**{f.name: getattr(line, f.name) for f in dataclasses.fields(BudgetLine)})
        assert type(line) is BudgetLine
        assert line == built and hash(line) == hash(built) and repr(line) == repr(built)
        assert vars(line) == vars(built) and list(vars(line)) == list(vars(built))
        assert pickle.loads(pickle.dumps(line)) == line
        assert dataclasses.replace(line, row=1).row == 1
        with pytest.raises(dataclasses.FrozenInstanceError):
            line.row = 1  # type: ignore[misc]


def test_header_layouts_are_shared_but_not_their_mutable_parts():
    rows = [["项目名称", "金额（万元）", "资金来源"], ["专利导航", 1.0, "本级财力"]]
    first = _headers.header_at(rows, 0, [])
    second = _headers.header_at([[None, None, None], *rows], 1, [])
    assert (first.top, first.data, second.top, second.data) == (0, 1, 1, 2)
    assert first.layout() == second.layout() and first.unit == second.unit == "万元"
    first.cols["name"] = 2
    first.labels[0] = "changed"
    third = _headers.header_at(rows, 0, [])
    assert third.cols["name"] == 0 and third.labels[0] == "项目名称"


def test_cells_equal_as_keys_but_not_as_text_are_not_confused(tmp_path):
    """The per-table caches key cells by value, and True == 1 == 1.0: only text may share."""
    rows = [
        ["阳城县市场监督管理局2025年项目支出表"], ["单位：元"],
        ["项目名称", "金额", "资金来源", "单位名称"],
        ["专利导航", 10.0, 1.0, 1.0],
        ["维权援助", 20.0, True, True],
    ]
    lines = read_workbook(xlsx(tmp_path, {"项目支出表": rows})).lines
    assert [(line.funding.text, line.unit_name) for line in lines] == [("1", "1"), ("True", "True")]
