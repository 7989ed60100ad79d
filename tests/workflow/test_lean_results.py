"""A run that keeps no lines (LintOptions.keep_lines=False, what `check` does for the text,
SARIF, JUnit and GitHub formats) reports exactly what a run that keeps them reports: the
run-level rules, inline suppressions and verdict counts work from what each workbook left
behind where it was linted."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from budgetlint.engine import LintOptions, lint_paths
from budgetlint.report import LINE_FORMATS, FORMATS, render
from budgetlint.rules import RULES, RuleOptions, RunInput, get_rule
from budgetlint.summary import summarize

SAMPLES = Path(__file__).resolve().parents[2] / "sample_budgets"
FINDINGS_ONLY = sorted(set(FORMATS) - LINE_FORMATS)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The samples twice over: city and county budgets of both schemes (funded-twice fires),
    workbooks that share a file name (fingerprints numbered across the run)."""
    root = tmp_path_factory.mktemp("lean")
    for copy in ("a", "b"):
        shutil.copytree(SAMPLES, root / copy, ignore=shutil.ignore_patterns("*.md"))
    return root


@pytest.fixture(scope="module")
def kept(folder):
    return lint_paths([folder], LintOptions(jobs=1))


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("fmt", FINDINGS_ONLY)
def test_findings_only_reports_are_the_same_without_lines(folder, kept, fmt, jobs):
    lean = lint_paths([folder], LintOptions(jobs=jobs, keep_lines=False))
    assert all(r.judgements == () and (r.workbook is None or r.workbook.lines == ()) for r in lean.workbooks)
    assert render(fmt, lean) == render(fmt, kept)


def test_the_folder_exercises_run_level_rules(kept):
    codes = Counter(f.code for f in kept.findings)
    assert codes["BL401"] >= 2  # funded-twice, from facts collected per workbook


def test_verdict_counts_survive_dropping_the_lines(folder, kept):
    lean = lint_paths([folder], LintOptions(keep_lines=False))
    for full, slim in zip(kept.workbooks, lean.workbooks):
        counted = Counter(j.verdict for j in full.judgements)
        assert dict(full.verdicts) == dict(slim.verdicts) == dict(counted)
        assert slim.lines_judged == len(full.judgements)


def test_inline_suppressions_are_read_where_the_workbook_is_linted(tmp_path):
    """A 备注 cell's ignore directive still suppresses when the lines are dropped."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "项目支出表"
    ws.append(["阳城县市场监督管理局2025年部门预算"])
    ws.append(["项目名称", "金额（万元）", "资金来源", "备注"])
    ws.append(["全市性专利导航项目", 12, "本级财力", "budgetlint: ignore BL101 县委决定承担"])
    ws.append(["全市性专利导航服务", 8, "本级财力", ""])
    ws.append(["全市性专利导航项目（二期）", 6, "本级财力", "budgetlint: ignore wrong-level"])
    path = tmp_path / "阳城县市场监督管理局2025年部门预算.xlsx"
    wb.save(path)
    for keep in (True, False):
        result = lint_paths([path], LintOptions(keep_lines=keep))
        wrong = sorted((f.row, f.suppression is not None) for f in result.findings if f.code == "BL101")
        assert wrong == [(3, True), (4, False), (5, False)], keep  # no reason: not applied
        assert [f.code for f in result.findings].count("BL301") == 1, keep  # the entry without a reason


@pytest.mark.parametrize("rule", [r for r in RULES if r.kind == "line"], ids=lambda r: r.code)
def test_a_line_rule_finds_nothing_outside_its_verdicts(kept, rule):
    """The engine gives a line rule only the lines of its declared verdicts."""
    assert rule.verdicts
    others = [j for r in kept.workbooks for j in r.judgements if j.verdict not in rule.verdicts]
    assert others
    assert not [p for j in others for p in rule.check(j, RuleOptions())]


def test_funded_twice_called_without_facts_collects_them_itself(kept):
    """The rule is public (get_rule): a caller's RunInput without facts gives the same problems."""
    rule = get_rule("BL401")
    facts = tuple(rule.collect(r, RuleOptions()) for r in kept.workbooks)
    by_engine = [(p.path, p.sheet, p.row) for p in rule.check(RunInput(kept.workbooks, facts=facts), RuleOptions())]
    alone = [(p.path, p.sheet, p.row) for p in rule.check(RunInput(kept.workbooks), RuleOptions())]
    assert by_engine == alone
    assert sorted(by_engine) == sorted((f.path, f.sheet, f.row) for f in kept.findings if f.code == "BL401")


def test_verdicts_follow_the_judgements_they_are_given_with(kept):
    result = next(r for r in kept.workbooks if len(r.judgements) > 3)
    fewer = replace(result, judgements=result.judgements[:3])
    assert fewer.lines_judged == 3
    assert dict(fewer.verdicts) == dict(Counter(j.verdict for j in result.judgements[:3]))


@pytest.mark.parametrize("needs_lines", ["summarize", "to_dataframe"])
def test_what_needs_the_lines_refuses_a_run_without_them(folder, kept, needs_lines):
    if needs_lines == "to_dataframe":
        pytest.importorskip("pandas")
        from budgetlint import to_dataframe as make
    else:
        make = summarize
    lean = lint_paths([folder], LintOptions(keep_lines=False))
    assert kept.kept_lines and not lean.kept_lines
    with pytest.raises(ValueError, match="keep_lines"):
        make(lean)
    make(kept)  # the same run with its lines is fine


def test_a_line_rule_must_name_its_verdicts():
    from budgetlint.rules import Rule

    with pytest.raises(ValueError, match="BL999"):
        Rule("BL999", "no-verdicts", "error", "line", lambda j, o: iter(()))
