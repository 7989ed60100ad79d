"""Suppressions: from a file and from 备注 cells, with and without a reason, stale ones,
matching by workbook, sheet, project name and rule — never by row."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from budgetlint.errors import ConfigError
from budgetlint.models import BudgetLine, Finding
from budgetlint.suppressions import (
    SuppressionEntry,
    apply_suppressions,
    entries_for,
    inline_suppressions,
    load_suppressions,
    location,
)

WORKBOOK = "budgets/阳城县/2025年阳城县市场监督管理局部门预算.xlsx"
SHEET = "项目支出表"
NAME = "专利导航服务项目"


def finding(**overrides) -> Finding:
    values = dict(path=WORKBOOK, sheet=SHEET, row=9, code="BL101", rule="wrong-level", severity="error", name=NAME)
    return Finding(**(values | overrides))


def entry(**overrides) -> SuppressionEntry:
    values = dict(workbook="2025年阳城县市场监督管理局部门预算.xlsx", sheet=SHEET, name=NAME, rule="wrong-level",
                  reason="经市财政局同意，由县代建", by="张三", source="budgetlint-suppressions.toml", line=1)
    return SuppressionEntry(**(values | overrides))


# ---------------------------------------------------------------------------
# The suppression file

SUPPRESSION_FILE = """\
# accepted findings
[[suppress]]
workbook = "阳城县/2025年阳城县市场监督管理局部门预算.xlsx"
sheet = "项目支出表"
name = "专利导航服务项目"
rule = "wrong-level"
reason = "经市财政局同意，由县代建"
by = "张三"

[[suppress]]
workbook = "2025年晋城市市场监督管理局部门预算.xlsx"
rule = "BL105"
"""


def test_load_suppressions(tmp_path):
    path = tmp_path / "budgetlint-suppressions.toml"
    path.write_text(SUPPRESSION_FILE, encoding="utf-8")
    first, second = load_suppressions(path)
    assert first == SuppressionEntry(
        workbook="阳城县/2025年阳城县市场监督管理局部门预算.xlsx", sheet="项目支出表", name="专利导航服务项目",
        rule="wrong-level", reason="经市财政局同意，由县代建", by="张三", source=str(path), line=2,
    )
    assert (second.rule, second.sheet, second.name, second.reason, second.line) == ("BL105", "", "", "", 10)
    assert location(first) == f"{path}:2"


def test_empty_suppression_file(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("# nothing accepted yet\n", encoding="utf-8")
    assert load_suppressions(path) == ()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[[suppress]]\nworkbook = "a.xlsx"\nrule = "BL101"\nrow = 9\n', "row"),
        ('[[suppress]]\nworkbook = "a.xlsx"\nrule = "BL101"\nreason = 1\n', "reason"),
        ('[[suppress]]\nrule = "BL101"\nreason = "x"\n', "workbook"),
        ('[[suppress]]\nworkbook = "a.xlsx"\nreason = "x"\n', "rule"),
        ('[[suppress]]\nworkbook = "a.xlsx"\nrule = "BL999"\nreason = "x"\n', "rule"),
        ('[[suppress]]\nworkbook = "  "\nrule = "BL101"\n', "workbook"),
        ('[suppress]\nworkbook = "a.xlsx"\n', "suppress"),
        ('[[ignore]]\nworkbook = "a.xlsx"\n', "ignore"),
        ('suppress = ["a.xlsx"]\n', "suppress"),
    ],
)
@pytest.mark.usefixtures("english")
def test_bad_suppression_file_names_file_and_key(tmp_path, text, key):
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_suppressions(path)
    m = re.match(r"^(?P<file>.+?)(:\d+)?: key '(?P<key>[^']+)': .+; allowed: .+$", str(info.value))
    assert m, str(info.value)
    assert (m["file"], m["key"]) == (str(path), key)


@pytest.mark.usefixtures("english")
def test_suppression_file_not_toml(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("[[suppress]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_suppressions(path)
    assert str(info.value).startswith(f"{path}: ")


# ---------------------------------------------------------------------------
# 备注 cells

INLINE = [
    ("", []),
    ("已报备", []),
    ("不要 ignore 此项", []),
    ("budgetlint: ignore wrong-level 经市财政局同意，由县代建", [("wrong-level", "经市财政局同意，由县代建")]),
    ("budgetlint：ignore BL101：经市财政局同意", [("BL101", "经市财政局同意")]),
    ("BUDGETLINT: IGNORE bl101 市县共同确认", [("bl101", "市县共同确认")]),
    ("budgetlint: ignore wrong-level", [("wrong-level", "")]),
    ("budgetlint: ignore wrong-level  ", [("wrong-level", "")]),
    ("budgetlint: ignore BL101,BL105 市县共同确认", [("BL101", "市县共同确认"), ("BL105", "市县共同确认")]),
    ("budgetlint: ignore wrong-level 原因一；ignore unlisted 原因二",
     [("wrong-level", "原因一"), ("unlisted", "原因二")]),
    ("budgetlint: ignore wrong-level 原因一; budgetlint: ignore BL105 原因二",
     [("wrong-level", "原因一"), ("BL105", "原因二")]),
    ("budgetlint: ignore wrong-level 经市财政局同意；由县代建", [("wrong-level", "经市财政局同意；由县代建")]),
    ("按晋市财行〔2024〕88号执行。budgetlint: ignore BL101 经批准", [("BL101", "经批准")]),
    ("budgetlint: ignore 经市财政局同意", [("", "经市财政局同意")]),  # no rule: reported as stale
]


@pytest.mark.parametrize(("remark", "expected"), INLINE)
def test_inline_suppressions(remark, expected):
    line = BudgetLine(sheet=SHEET, row=12, name=NAME, amount_yuan=100000.0, remark=remark)
    entries = inline_suppressions(line, WORKBOOK)
    assert [(e.rule, e.reason) for e in entries] == expected
    for e in entries:
        assert (e.workbook, e.sheet, e.name, e.line) == (WORKBOOK, SHEET, NAME, 12)
        assert SHEET in location(e)


# ---------------------------------------------------------------------------
# Matching

# (entry overrides, finding overrides, matches)
MATCHING = [
    ({}, {}, True),
    ({}, {"row": 40}, True),  # rows move: the row is never compared
    ({"line": 3}, {"row": 4}, True),
    ({"workbook": "阳城县/2025年阳城县市场监督管理局部门预算.xlsx"}, {}, True),
    ({"workbook": WORKBOOK}, {}, True),
    ({"workbook": "./budgets/阳城县/2025年阳城县市场监督管理局部门预算.xlsx"}, {}, True),
    ({"workbook": "阳城县\\2025年阳城县市场监督管理局部门预算.xlsx"}, {}, True),
    ({"workbook": "沁水县/2025年阳城县市场监督管理局部门预算.xlsx"}, {}, False),
    ({"workbook": "2025年沁水县市场监督管理局部门预算.xlsx"}, {}, False),
    ({"workbook": "部门预算.xlsx"}, {}, False),  # a file name, not a substring
    ({"sheet": "项目支出情况表"}, {}, False),
    ({"sheet": " 项目支出表 "}, {}, True),
    ({"sheet": ""}, {"sheet": "项目支出情况表"}, True),
    ({"name": "专利导航 服务项目"}, {}, True),
    ({"name": "专利导航服务项目"}, {"name": "专利导航　服务项目 "}, True),  # full-width space
    ({"name": "ＩＰ导航"}, {"name": "IP 导航"}, True),  # NFKC
    ({"name": "专利导航"}, {}, False),
    ({"name": ""}, {"name": "知识产权宣传"}, True),
    ({"rule": "BL101"}, {}, True),
    ({"rule": "bl101"}, {}, True),
    ({"rule": "unlisted"}, {}, False),
    ({"rule": "BL105"}, {}, False),
    ({"rule": ""}, {}, False),
]


@pytest.mark.parametrize(("entry_changes", "finding_changes", "matches"), MATCHING)
def test_matching(entry_changes, finding_changes, matches):
    e, f = entry(**entry_changes), finding(**finding_changes)
    (out,), without_reason, stale = apply_suppressions([f], [e])
    assert without_reason == ()
    if matches:
        assert out.suppression is not None
        assert (out.suppression.rule, out.suppression.reason, out.suppression.by) == (e.rule, e.reason, "张三")
        assert out.suppression.source == location(e)
        assert stale == ()
        assert replace(out, suppression=None) == f  # nothing else changes
    else:
        assert out == f
        assert stale == (e,)


def test_entry_without_reason_suppresses_nothing_and_is_reported():
    bare = entry(reason="")
    findings, without_reason, stale = apply_suppressions([finding()], [bare])
    assert findings == (finding(),)
    assert without_reason == (bare,)
    assert stale == ()  # it matched: only the missing reason is wrong


def test_inline_suppression_from_another_row_still_matches_by_name():
    line = BudgetLine(sheet=SHEET, row=9, name=NAME, amount_yuan=None,
                      remark="budgetlint: ignore wrong-level 经市财政局同意，由县代建")
    moved = finding(row=15)
    (out,), without_reason, stale = apply_suppressions([moved], inline_suppressions(line, WORKBOOK))
    assert out.suppression is not None and out.suppression.reason == "经市财政局同意，由县代建"
    assert (without_reason, stale) == ((), ())


def test_inline_suppression_does_not_reach_another_workbook():
    line = BudgetLine(sheet=SHEET, row=9, name=NAME, amount_yuan=None, remark="budgetlint: ignore BL101 经批准")
    other = finding(path="budgets/沁水县/2025年沁水县市场监督管理局部门预算.xlsx")
    (out,), _, stale = apply_suppressions([other], inline_suppressions(line, WORKBOOK))
    assert out.suppression is None
    assert len(stale) == 1


def test_several_findings_and_entries():
    findings = [
        finding(row=5),
        finding(row=6, name="知识产权宣传周活动", code="BL105", rule="unlisted", severity="warning"),
        finding(row=7, name="商标品牌奖补"),
    ]
    entries = [
        entry(),  # matches row 5
        entry(rule="BL105", name="知识产权宣传周活动", reason="待市局确认", by="李四"),
        entry(rule="BL101", name="知识产权宣传周活动"),  # right name, wrong rule: stale
        entry(rule="wrong-level", name="", reason="全表认可", by="王五"),  # also matches rows 5 and 7
        entry(name="已删除的项目", reason=""),  # stale and without a reason
    ]
    out, without_reason, stale = apply_suppressions(findings, entries)
    assert [(f.row, f.suppression and f.suppression.by) for f in out] == [(5, "张三"), (6, "李四"), (7, "王五")]
    assert without_reason == (entries[4],)
    assert stale == (entries[2], entries[4])


def test_entries_for_keeps_only_linted_workbooks():
    entries = (
        entry(),
        entry(workbook="2025年沁水县市场监督管理局部门预算.xlsx"),
        entry(workbook=""),
    )
    assert entries_for(entries, [WORKBOOK]) == (entries[0], entries[2])
    assert entries_for(entries, []) == (entries[2],)
