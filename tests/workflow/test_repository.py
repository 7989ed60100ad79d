"""A budget repository as CI sees it: a config, two cities' workbooks in folders, a
suppression file, an inline 备注 suppression and a baseline — through the CLI."""

from __future__ import annotations

import json

import pytest

from conftest import write_xlsx


def _sheet(title, lines):
    rows = [[title], ["单位：万元"], ["项目名称", "金额（万元）", "资金来源", "备注"]]
    rows += [list(line) for line in lines]
    return rows


JC_COUNTY = [
    ("全市性专利导航项目", 12, "本级财力", ""),
    ("知识产权侵权纠纷行政裁决", 5, "本级财力", "budgetlint: ignore wrong-level 经市财政局同意，由县代建"),
    ("知识产权维权援助工作经费", 8, "本级财力", ""),
]
SJZ_COUNTY = [
    ("作品登记审核", 4, "本级财力", ""),
    ("全市知识产权执法专项", 6, "本级财力", "budgetlint: ignore wrong-level"),
]
SJZ_CITY = [("结合全市性产业发展开展专利导航", 30, "本级财力", "")]


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "budgets"
    (root / "jincheng" / "yangcheng").mkdir(parents=True)
    (root / "shijiazhuang" / "yuhua").mkdir(parents=True)
    (root / "shijiazhuang" / "city").mkdir(parents=True)
    # File names that do not say whose budget it is: the config's globs do.
    write_xlsx(root / "jincheng" / "yangcheng" / "budget.xlsx", {"项目支出表": _sheet("2025年项目支出表", JC_COUNTY)})
    write_xlsx(root / "shijiazhuang" / "yuhua" / "budget.xlsx", {"项目支出表": _sheet("2025年项目支出表", SJZ_COUNTY)})
    write_xlsx(root / "shijiazhuang" / "city" / "石家庄市市场监督管理局项目支出表.xlsx", {"项目支出表": _sheet("2025年项目支出表", SJZ_CITY)})
    (root / "budgetlint.toml").write_text(
        'fail-on = "error"\nsuppressions = "budgetlint-suppressions.toml"\n'
        '[severity]\n"BL105" = "info"\n'
        '[jurisdictions]\n"*/yangcheng/*" = "阳城县"\n"*/yuhua/*" = "裕华区"\n',
        encoding="utf-8")
    (root / "budgetlint-suppressions.toml").write_text(
        '[[suppress]]\nworkbook = "yuhua/budget.xlsx"\nsheet = "项目支出表"\nname = "作品登记审核"\n'
        'rule = "wrong-level"\nreason = "市版权局委托，资金年中由市级转移支付"\nby = "市财政局预算科"\n\n'
        '[[suppress]]\nworkbook = "yuhua/budget.xlsx"\nsheet = "项目支出表"\nname = "已删除的项目"\n'
        'rule = "wrong-level"\nreason = "旧条目"\n',
        encoding="utf-8")
    return root


def _report(run_cli, tmp_path, *args):
    out = tmp_path / "out.json"
    code, _, err = run_cli("check", *args, "--format", "json", "--output", out, "--jobs", "1")
    return code, json.loads(out.read_text(encoding="utf-8")), err


def _live(report):
    return {(f["path"].split("budgets/")[-1], f["row"], f["rule"]) for f in report["findings"]
            if f["suppressed"] is None and not f["baseline"]}


def test_config_suppressions_and_cross_workbook_rules(repo, run_cli, tmp_path):
    code, report, _ = _report(run_cli, tmp_path, repo)
    assert report["errors"] == []
    places = {wb["path"].split("budgets/")[-1]: (wb["jurisdiction"], wb["level"]) for wb in report["workbooks"]}
    assert places["jincheng/yangcheng/budget.xlsx"] == ("阳城县", "county")
    assert places["shijiazhuang/yuhua/budget.xlsx"] == ("裕华区", "county")
    by_key = {(f["path"].split("budgets/")[-1], f["row"], f["rule"]): f for f in report["findings"]}
    # suppressed from the file and from a 备注 cell, with who and why
    filed = by_key[("shijiazhuang/yuhua/budget.xlsx", 4, "wrong-level")]["suppressed"]
    assert filed["by"] == "市财政局预算科" and "转移支付" in filed["reason"]
    assert by_key[("jincheng/yangcheng/budget.xlsx", 5, "wrong-level")]["suppressed"]["reason"] == "经市财政局同意，由县代建"
    live = _live(report)
    # an inline ignore without a reason suppresses nothing and is itself a finding
    assert ("shijiazhuang/yuhua/budget.xlsx", 5, "wrong-level") in live
    assert any(rule == "suppression-without-reason" for _, _, rule in live)
    assert any(rule == "stale-suppression" for _, _, rule in live)
    # and what is neither suppressed nor baselined still fails the run
    assert ("jincheng/yangcheng/budget.xlsx", 4, "wrong-level") in live
    assert code == 1


def test_baseline_fails_only_on_new_findings(repo, run_cli, tmp_path):
    baseline = tmp_path / "baseline.json"
    code, _, _ = run_cli("check", repo, "--write-baseline", baseline, "--jobs", "1")
    assert code == 1 and baseline.exists()
    code, report, _ = _report(run_cli, tmp_path, repo, "--baseline", baseline)
    assert code == 0 and not any(f["severity"] == "error" for f in report["findings"] if not f["baseline"] and f["suppressed"] is None)
    # Rows move and a new wrong-level line appears: only the new one fails the run.
    moved = [("办公运转经费", 3, "本级财力", ""), *JC_COUNTY, ("知识产权保护专项行动组织经费", 2, "本级财力", "")]
    write_xlsx(repo / "jincheng" / "yangcheng" / "budget.xlsx", {"项目支出表": _sheet("2025年项目支出表", moved)})
    code, report, _ = _report(run_cli, tmp_path, repo, "--baseline", baseline)
    new_errors = {(f["name"], f["row"]) for f in report["findings"]
                  if f["severity"] == "error" and not f["baseline"] and f["suppressed"] is None}
    assert new_errors == {("知识产权保护专项行动组织经费", 8)}
    assert code == 1


def test_severity_override_and_ignore(repo, run_cli, tmp_path):
    write_xlsx(repo / "jincheng" / "yangcheng" / "budget.xlsx",
               {"项目支出表": _sheet("2025年项目支出表", [("专利资助资金", 20, "本级财力", "")])})
    _, report, _ = _report(run_cli, tmp_path, repo / "jincheng")
    (unlisted,) = [f for f in report["findings"] if f["rule"] == "unlisted"]
    assert unlisted["severity"] == "info"
    _, report, _ = _report(run_cli, tmp_path, repo / "jincheng", "--ignore", "unlisted")
    assert not [f for f in report["findings"] if f["rule"] == "unlisted"]


def test_funded_twice_across_city_and_county(tmp_path, run_cli):
    city = write_xlsx(tmp_path / "晋城市市场监督管理局项目支出表.xlsx",
                      {"项目支出表": _sheet("2025年项目支出表", [("结合全市产业发展开展专利导航", 30, "本级财力", "")])})
    county = write_xlsx(tmp_path / "阳城县市场监督管理局项目支出表.xlsx",
                        {"项目支出表": _sheet("2025年项目支出表", [("全市性专利导航项目", 12, "本级财力", "")])})
    out = tmp_path / "o" / "r.json"
    out.parent.mkdir()
    run_cli("check", city, county, "--format", "json", "--output", out, "--jobs", "1")
    report = json.loads(out.read_text(encoding="utf-8"))
    twice = [(f["path"], f["row"]) for f in report["findings"] if f["rule"] == "funded-twice"]
    assert twice == [(str(county), 4)]
