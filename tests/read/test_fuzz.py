"""Whatever a sheet holds, reading it gives a Workbook or an InputError, never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetlint.errors import InputError
from budgetlint.models import Workbook
from budgetlint.read import read_workbook

from .builders import csv_file, xlsx

WORDS = [
    "项目名称", "金额", "预算数（万元）", "合计", "合 计", "小计", "其中：上级补助", "注：本表", "说明：无",
    "资金来源", "本级财力", "市级专项转移支付", "其中：上级转移支付", "财政拨款", "单位：万元", "单位：千元",
    "编制单位：阳城县市场监督管理局", "一、知识产权", "（一）专利", "项目", "科目编码", "科目名称", "类", "款",
    "项", "201", "20114", "2011409", "栏次", "甲", "-", "—", "(1,000)", "１２３", "专利导航", "单位名称",
]
CELLS = st.one_of(
    st.none(),
    st.sampled_from(WORDS),
    st.integers(-10**6, 10**9),
    st.floats(-1e9, 1e9, allow_nan=False),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=6),
)
SHEETS = st.lists(st.lists(CELLS, min_size=1, max_size=6), min_size=1, max_size=12)


def _read(path: Path):
    try:
        return read_workbook(path)
    except InputError as exc:
        assert str(exc).startswith(str(path))
        assert exc.__cause__ is None, "an internal error was wrapped as bad input"
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHEETS)
def test_any_csv(rows):
    with tempfile.TemporaryDirectory() as tmp:
        text_rows = [[v if isinstance(v, str) else ("" if v is None else repr(v)) for v in row] for row in rows]
        result = _read(csv_file(Path(tmp), text_rows))
        assert result is None or isinstance(result, Workbook)
        if result is not None:
            assert all(line.name for line in result.lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SHEETS, min_size=1, max_size=2))
def test_any_xlsx(sheets):
    clean = [[[v for v in row] for row in rows] for rows in sheets]
    for rows in clean:
        for row in rows:
            for c, v in enumerate(row):
                if isinstance(v, str) and (v.startswith("=") or any(ord(ch) < 32 for ch in v)):
                    row[c] = None  # openpyxl would write a formula or refuse the character
    with tempfile.TemporaryDirectory() as tmp:
        result = _read(xlsx(Path(tmp), {f"S{i}": rows for i, rows in enumerate(clean)}))
        assert result is None or isinstance(result, Workbook)
        if result is not None:
            assert [line.row for line in result.lines] == sorted(
                line.row for line in result.lines) or len(result.sheets) > 1
