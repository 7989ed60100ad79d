"""The committed sample budgets are what tools/make_samples.py writes, they add up,
and the labelled acceptance set is well formed."""

from __future__ import annotations

import csv
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from budgetlint.models import VERDICTS

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_budgets"
CASES = REPO / "tests" / "acceptance" / "cases.csv"
SEEDS = {"jincheng": REPO / "schemes/sources/jincheng.txt", "shijiazhuang": REPO / "schemes/sources/shijiazhuang.txt"}

# file, project sheet, unit, project lines, 合计, 合计 row first?, lines with text amounts
WORKBOOKS = [
    ("晋城市市场监督管理局2025年部门预算.xlsx", "项目支出表", "万元", 20, "750.1", True, 0),
    ("阳城县市场监督管理局2025年部门预算.xlsx", "项目支出预算表", "万元", 17, "257.3", False, 0),
    ("高平市市场监督管理局2025年部门预算.xlsx", "项目支出表", "元", 17, "1624000", True, 3),
    ("石家庄市市场监督管理局2025年部门预算.xlsx", "项目支出情况表", "万元", 20, "961", False, 0),
    ("裕华区市场监督管理局2025年部门预算.xlsx", "项目支出表", "万元", 15, "143", True, 0),
    ("辛集市市场监督管理局2025年部门预算.xlsx", "项目支出预算表", "万元", 14, "187", False, 2),
]
IDS = ["jincheng", "yangcheng", "gaoping", "shijiazhuang", "yuhua", "xinji"]
EXPORT = "泽州县市场监督管理局2025年项目库导出.csv"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    spec = importlib.util.spec_from_file_location("make_samples", REPO / "tools" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    out = tmp_path_factory.mktemp("samples")
    module.write_samples(out)
    return out


def _dump(path: Path) -> dict:
    wb = load_workbook(path)
    return {
        ws.title: {
            "cells": [[c.value for c in row] for row in ws.iter_rows()],
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        }
        for ws in wb.worksheets
    }


def _money(value) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, str):
        return Decimal(value.replace(",", ""))
    return Decimal(str(value))


def test_regenerating_gives_the_same_files(regenerated):
    assert sorted(p.name for p in regenerated.iterdir()) == sorted(p.name for p in SAMPLES.iterdir())


@pytest.mark.parametrize("name", [w[0] for w in WORKBOOKS], ids=IDS)
def test_workbook_data_matches_committed(regenerated, name):
    assert _dump(regenerated / name) == _dump(SAMPLES / name)


@pytest.mark.parametrize("name, encoding", [(EXPORT, "gbk"), ("README.md", "utf-8")], ids=["export", "readme"])
def test_text_files_match_committed(regenerated, name, encoding):
    assert (regenerated / name).read_text(encoding=encoding) == (SAMPLES / name).read_text(encoding=encoding)


@pytest.mark.parametrize("name", [w[0] for w in WORKBOOKS], ids=IDS)
def test_workbooks_hold_values_not_formulas(name):
    wb = load_workbook(SAMPLES / name)
    formulas = [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def _project_rows(ws):
    """Classify the rows under the header: ('line'|'total'|'subtotal'|'class', code, amounts, row)."""
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if "项目名称" in r)
    name_col, total_col = rows[head].index("项目名称"), rows[head].index("合计")
    header = rows[head : head + 3]
    split = next((r for r in header if "类" in r), None)
    if split:
        code_cols = [split.index(k) for k in ("类", "款", "项")]
    else:
        code_cols = [next(r.index("功能分类科目编码") for r in header if "功能分类科目编码" in r)]
    body = []
    for i, r in enumerate(rows[head + 1 :], start=head + 2):
        first = str(r[0] or "")
        if first.startswith(("注", "说明")):
            break
        if r[total_col] is None or first == "栏次":
            continue  # header rows below the first one
        amounts = [_money(v) for v in r[total_col : total_col + 4]]
        code = "".join(str(r[c] or "") for c in code_cols)
        if first == "合计":
            kind = "total"
        elif r[name_col] == "小计":
            kind = "subtotal"
        elif r[name_col]:
            kind = "line"
        else:
            kind = "class"
        body.append((kind, code, amounts, r, i))
    return body, total_col


@pytest.mark.parametrize("name, sheet, unit, n_lines, total, total_first, n_text", WORKBOOKS, ids=IDS)
def test_project_tables_add_up(name, sheet, unit, n_lines, total, total_first, n_text):
    ws = load_workbook(SAMPLES / name)[sheet]
    assert any(f"单位：{unit}" in str(c.value) for row in ws.iter_rows(max_row=4) for c in row if c.value)
    body, total_col = _project_rows(ws)
    lines = [b for b in body if b[0] == "line"]
    totals = [b for b in body if b[0] == "total"]
    assert len(lines) == n_lines
    assert len(totals) == 1 and (body[0] is totals[0]) == total_first and (body[-1] is totals[0]) != total_first
    for column in range(4):  # 合计, 财政拨款, 其中：上级转移支付, 其他资金
        assert totals[0][2][column] == sum(b[2][column] for b in lines)
    assert totals[0][2][0] == Decimal(total)
    for _, _, (amount, fiscal, upper, other), _, _ in lines:
        assert amount == fiscal + other and upper <= fiscal
    assert sum(isinstance(b[3][total_col], str) for b in lines) == n_text
    group: list = []
    for kind, code, amounts, _, _ in body:
        if kind == "line":
            group.append(amounts[0])
        elif kind == "subtotal":
            assert amounts[0] == sum(group)
            group = []
        elif kind == "class":
            assert amounts[0] == sum(b[2][0] for b in lines if b[1].startswith(code))


@pytest.mark.parametrize("name, sheet, unit, n_lines, total, total_first, n_text", WORKBOOKS, ids=IDS)
def test_summary_table_balances_with_project_table(name, sheet, unit, n_lines, total, total_first, n_text):
    ws = load_workbook(SAMPLES / name)["部门收支总表"]
    cells = {str(r[i]): _money(r[i + 1]) for r in ws.iter_rows(min_row=5, values_only=True) for i in (0, 2) if r[i]}
    project = Decimal(total) / (10000 if unit == "元" else 1)
    assert cells["二、项目支出"] == project
    assert cells["收入合计"] == cells["支出合计"] == cells["一、基本支出"] + project


def test_export_is_gbk_with_funding_column():
    raw = (SAMPLES / EXPORT).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.DictReader(raw.decode("gbk").splitlines()))
    assert len(rows) == 13
    assert {"资金来源", "资金性质", "财政区划", "预算级次"} <= set(rows[0])
    assert {r["资金来源"] for r in rows} >= {"本级财力", "县级配套", "上级转移支付-市级专项转移支付"}
    assert all(_money(r["金额（万元）"]) > 0 for r in rows)


# ---------------------------------------------------------------------------
# The acceptance set.

JURISDICTIONS = {
    "jincheng": {"晋城市", "城区", "沁水县", "阳城县", "陵川县", "泽州县", "高平市"},
    "shijiazhuang": {
        "石家庄市", "长安区", "桥西区", "新华区", "井陉矿区", "裕华区", "藁城区", "鹿泉区", "栾城区", "井陉县",
        "正定县", "行唐县", "灵寿县", "高邑县", "深泽县", "赞皇县", "无极县", "平山县", "元氏县", "赵县",
        "辛集市", "晋州市", "新乐市", "石家庄高新区", "石家庄经开区",
    },
}
NO_DUTY = {"unlisted", "not-ip", "ambiguous", "upper-level"}


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    with CASES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_cases_have_the_documented_columns(cases):
    assert list(cases[0]) == ["scheme", "jurisdiction", "name", "description", "funding", "verdict", "duty", "note"]
    assert len(cases) >= 240
    assert all(None not in c and all(v is not None for v in c.values()) for c in cases)


def test_each_case_is_labelled_consistently(cases):
    seeds = {k: p.read_text(encoding="utf-8") for k, p in SEEDS.items()}
    bad = [
        c["name"]
        for c in cases
        if c["scheme"] not in seeds
        or c["jurisdiction"] not in JURISDICTIONS[c["scheme"]]
        or c["verdict"] not in VERDICTS
        or bool(c["duty"]) == (c["verdict"] in NO_DUTY)
        or (c["duty"] and c["duty"] not in seeds[c["scheme"]])
        or not c["name"].strip()
    ]
    assert bad == []


def test_cases_are_unique(cases):
    keys = [(c["scheme"], c["jurisdiction"], c["name"], c["description"], c["funding"]) for c in cases]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("scheme", ["jincheng", "shijiazhuang"])
@pytest.mark.parametrize("verdict", VERDICTS)
def test_every_verdict_is_covered_for_both_schemes(cases, scheme, verdict):
    assert any(c["scheme"] == scheme and c["verdict"] == verdict for c in cases)


@pytest.mark.parametrize("verdict, at_least", [("not-ip", 50), ("ok", 60), ("wrong-level", 20), ("unlisted", 15)])
def test_verdicts_have_enough_cases(cases, verdict, at_least):
    assert sum(c["verdict"] == verdict for c in cases) >= at_least
