"""Baselines: fingerprints that survive moved and inserted rows, a deterministic file,
clear errors for a bad one."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from budgetlint.baseline import (assign_fingerprints, fingerprint, load_baseline, mark_baseline, number_across_workbooks,
                                write_baseline)
from budgetlint.errors import ConfigError
from budgetlint.models import Finding

WORKBOOK = "budgets/阳城县/2025年阳城县市场监督管理局部门预算.xlsx"


def finding(row: int, name: str, code: str = "BL101", **overrides) -> Finding:
    rule = {"BL101": "wrong-level", "BL105": "unlisted", "BL201": "subtotal-mismatch"}[code]
    values = dict(path=WORKBOOK, sheet="项目支出表", row=row, code=code, rule=rule, severity="error", name=name)
    return Finding(**(values | overrides))


BASE = finding(9, "专利导航服务项目")


@pytest.mark.parametrize(
    ("changed", "same"),
    [
        (replace(BASE, row=40), True),
        (replace(BASE, path="archive/2025年阳城县市场监督管理局部门预算.xlsx"), True),
        (replace(BASE, path="budgets\\阳城县\\2025年阳城县市场监督管理局部门预算.xlsx"), True),
        (replace(BASE, name="专利导航 服务项目"), True),
        (replace(BASE, name="专利导航　服务项目"), True),
        (replace(BASE, amount_yuan=120000.0, message="another wording", severity="warning"), True),
        (replace(BASE, code="BL105", rule="unlisted"), False),
        (replace(BASE, sheet="项目支出情况表"), False),
        (replace(BASE, name="专利导航项目"), False),
        (replace(BASE, path="budgets/沁水县/2025年沁水县市场监督管理局部门预算.xlsx"), False),
    ],
)
def test_fingerprint_depends_on_rule_workbook_sheet_and_name_only(changed, same):
    assert (fingerprint(changed) == fingerprint(BASE)) is same
    assert len(fingerprint(changed)) == 16 and int(fingerprint(changed), 16) >= 0


def test_occurrence_changes_the_fingerprint():
    assert fingerprint(BASE, 1) != fingerprint(BASE)
    assert fingerprint(BASE, 0) == fingerprint(BASE)


def before_and_after():
    """A sheet as it was when the baseline was written, and after rows moved and were inserted."""
    before = [
        finding(5, "专利导航服务项目"),
        finding(6, "知识产权宣传周", "BL105"),
        finding(7, "合计", "BL201"),
        finding(12, "合计", "BL201"),
    ]
    after = [
        finding(5, "新增：商标品牌奖补"),  # new
        finding(8, "知识产权宣传周", "BL105"),  # moved down
        finding(9, "专利导航服务项目"),  # swapped with the line above
        finding(10, "合计", "BL201"),
        finding(16, "合计", "BL201"),
        finding(20, "合计", "BL201"),  # a third 合计: new
    ]
    return before, after


@pytest.mark.parametrize("reverse", [False, True], ids=["input-order", "reversed"])
def test_baseline_survives_moved_and_inserted_rows(tmp_path, reverse):
    before, after = before_and_after()
    path = tmp_path / "baseline.json"
    write_baseline(path, before)
    marked = mark_baseline(after[::-1] if reverse else after, load_baseline(path))
    assert sorted((f.row, f.baseline) for f in marked) == [
        (5, False), (8, True), (9, True), (10, True), (16, True), (20, False),
    ]


def test_duplicates_get_distinct_fingerprints_in_row_order():
    _, after = before_and_after()
    stamped = assign_fingerprints(after[::-1])
    totals = sorted((f.row, f.fingerprint) for f in stamped if f.name == "合计")
    assert [fp for _, fp in totals] == [fingerprint(after[3]), fingerprint(after[3], 1), fingerprint(after[3], 2)]


@pytest.mark.parametrize("paths", [
    ("a/阳城县预算.xlsx", "b/泽州县预算.xlsx"),  # distinct file names: nothing to renumber
    ("2024/阳城县预算.xlsx", "2025/阳城县预算.xlsx", "c/泽州县预算.xlsx"),  # one name in two folders
])
def test_numbering_per_workbook_then_across_equals_numbering_the_whole_run(paths):
    """The engine numbers each workbook's duplicates in its worker and the run's afterwards:
    the fingerprints must be those of numbering the whole run at once."""
    per_workbook = [finding(row, name, path=path)
                    for path in paths for row, name in ((5, "合计"), (9, "专利导航"), (12, "合计"), (20, "合计"))]
    numbered = [f for path in paths for f in assign_fingerprints([g for g in per_workbook if g.path == path])]
    together = number_across_workbooks(numbered)
    assert together == assign_fingerprints(per_workbook)
    assert len({f.fingerprint for f in together}) == len(together)


def test_assign_keeps_a_fingerprint_already_set():
    given = replace(BASE, fingerprint="0123456789abcdef")
    assert assign_fingerprints([given]) == (given,)


def test_baseline_file_is_deterministic_and_sorted(tmp_path):
    before, _ = before_and_after()
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    write_baseline(one, before)
    write_baseline(two, [replace(f, row=f.row + 100) for f in reversed(before)])
    assert one.read_bytes() == two.read_bytes()
    document = json.loads(one.read_text(encoding="utf-8"))
    records = document["findings"]
    keys = [(r["workbook"], r["sheet"], r["name"], r["code"], r["fingerprint"]) for r in records]
    assert keys == sorted(keys)
    assert {r["workbook"] for r in records} == {"2025年阳城县市场监督管理局部门预算.xlsx"}  # file name, no folder
    assert len(records) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.json", "two.json"]  # no temp file left


def test_empty_baseline_roundtrip(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(path, [])
    assert load_baseline(path) == frozenset()
    assert mark_baseline([BASE], load_baseline(path))[0].baseline is False


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{not json",
        "[]",
        '{"tool": "ruff", "version": 1, "findings": []}',
        '{"tool": "budgetlint", "version": 2, "findings": []}',
        '{"tool": "budgetlint", "version": 1}',
        '{"tool": "budgetlint", "version": 1, "findings": {}}',
        '{"tool": "budgetlint", "version": 1, "findings": [{"code": "BL101"}]}',
        '{"tool": "budgetlint", "version": 1, "findings": [{"fingerprint": "xyz"}]}',
        '{"tool": "budgetlint", "version": 1, "findings": ["0123456789abcdef"]}',
    ],
)
@pytest.mark.usefixtures("english")
def test_bad_baseline_file_is_named(tmp_path, text):
    path = tmp_path / "baseline.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_baseline(path)
    assert str(info.value).startswith(f"{path}: ")


@pytest.mark.usefixtures("english")
def test_missing_baseline_file(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_baseline(tmp_path / "nope.json")
    assert str(info.value).startswith(f"{tmp_path / 'nope.json'}: ")
