"""SARIF output: schema-valid, one result per finding, stable locations and fingerprints."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from budgetlint.models import Finding, RunResult, Suppression, WorkbookResult
from budgetlint.report import ReportOptions
from budgetlint.report.sarif import artifact_uri, fingerprint, render
from budgetlint.rules import RULES

SCHEMA = Path(__file__).resolve().parents[2].parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
WB = "budgets/阳城县 2025年部门预算.xlsx"
HOSTILE = ['<img src=x onerror=alert(1)>', '=HYPERLINK("http://evil","点我")', "a\x00b\x1b]]>\n::error::x"]


def finding(**kw) -> Finding:
    base = dict(path=WB, sheet="项目支出表", row=5, code="BL101", rule="wrong-level", severity="error",
                name="全市性专利导航项目", amount_yuan=120000.0, message="市级事权由县级本级资金安排",
                duty_id="jc.navigation.city", clause="将结合全市产业发展开展专利导航……确认为市级财政事权",
                evidence=(("duty", "jc.navigation.city：专利导航"), ("funding", "本级资金")))
    base.update(kw)
    return Finding(**base)


def run(findings=(), errors=(), options=()) -> RunResult:
    paths = dict.fromkeys([*(f.path for f in findings), *(p for p, _ in errors)])
    workbooks = tuple(
        WorkbookResult(path=p, placement=None, workbook=None, findings=tuple(f for f in findings if f.path == p),
                       error=dict(errors).get(p, ""))
        for p in paths
    )
    return RunResult(workbooks=workbooks, findings=tuple(findings), errors=tuple(errors), version="0.1.0",
                     options=tuple(options))


def sarif(result: RunResult) -> dict:
    return json.loads(render(result, ReportOptions()))


CASES = {
    "empty": run(),
    "one error": run([finding()]),
    "all severities": run([finding(), finding(code="BL105", rule="unlisted", severity="warning", row=6),
                           finding(code="BL103", rule="entrusted", severity="info", row=7)]),
    "suppressed": run([finding(suppression=Suppression("wrong-level", "市级委托，已下达转移支付", "budgetlint-suppressions.toml")),
                       finding(row=9, suppression=Suppression("BL101", "经财政局确认", "备注 cell 项目支出表!F9"))]),
    "baseline": run([finding(baseline=True), finding(row=8, name="县级专利导航")], options=[("baseline", "bl.json")]),
    "unreadable": run([finding()], errors=[("budgets/坏文件.xlsx", "not a zip file")]),
    "workbook-level": run([finding(code="BL203", rule="table-unreadable", severity="warning", row=0, name="")]),
    "hostile": run([finding(row=10 + i, name=n, message=n) for i, n in enumerate(HOSTILE)]),
    "absolute path": run([finding(path="/srv/budgets/b.xlsx")]),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_valid_against_the_sarif_schema(case):
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA} (../shared/schemas is beside the repository)")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    validator.validate(sarif(case))


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_one_result_per_finding_pointing_at_its_rule(case):
    log = sarif(case)
    (run_,) = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in RULES]
    assert len(run_["results"]) == len(case.findings)
    for res, f in zip(run_["results"], case.findings):
        assert res["ruleId"] == f.code
        assert rules[res["ruleIndex"]]["id"] == f.code
        assert res["partialFingerprints"]["budgetlint/v1"] == fingerprint(f)


@pytest.mark.parametrize(
    "severity, level", [("error", "error"), ("warning", "warning"), ("info", "note")]
)
def test_levels(severity, level):
    (res,) = sarif(run([finding(severity=severity)]))["runs"][0]["results"]
    assert res["level"] == level
    rule = next(r for r in RULES if r.severity == severity)
    descriptor = next(d for d in sarif(run())["runs"][0]["tool"]["driver"]["rules"] if d["id"] == rule.code)
    assert descriptor["defaultConfiguration"]["level"] == level
    assert descriptor["name"] == rule.name


def test_locations_give_sheet_and_row():
    (res,) = sarif(run([finding(sheet="项目支出表", row=12)]))["runs"][0]["results"]
    (loc,) = res["locations"]
    assert loc["physicalLocation"]["region"]["startLine"] == 12
    (logical,) = loc["logicalLocations"]
    assert logical["name"] == "项目支出表!12"
    assert logical["fullyQualifiedName"] == f"{WB}/项目支出表!12"
    assert logical["kind"] == "element"


def test_workbook_level_finding_has_no_region():
    (res,) = sarif(CASES["workbook-level"])["runs"][0]["results"]
    assert "region" not in res["locations"][0]["physicalLocation"]
    assert res["locations"][0]["logicalLocations"][0]["name"] == "项目支出表"


@pytest.mark.parametrize(
    "path, uri",
    [
        ("budgets/b.xlsx", "budgets/b.xlsx"),
        ("./b.xlsx", "b.xlsx"),
        ("budgets\\县\\b.xlsx", "budgets/%E5%8E%BF/b.xlsx"),
        ("2025 预算.xlsx", "2025%20%E9%A2%84%E7%AE%97.xlsx"),
        ("a:b.xlsx", "a%3Ab.xlsx"),  # not a URI scheme
        ("50%#?.xlsx", "50%25%23%3F.xlsx"),
        ("/nowhere-budgetlint/b.xlsx", "file:///nowhere-budgetlint/b.xlsx"),
    ],
)
def test_artifact_uri_is_a_percent_encoded_reference(path, uri):
    assert artifact_uri(path) == uri


def test_artifact_uri_relative_to_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert artifact_uri(str(tmp_path / "县" / "b.xlsx")) == "%E5%8E%BF/b.xlsx"
    assert unquote(artifact_uri(str(tmp_path / "县" / "b.xlsx"))) == "县/b.xlsx"


@pytest.mark.parametrize(
    "change, same",
    [
        (dict(row=40), True),  # a moved row keeps its fingerprint
        (dict(amount_yuan=1.0, message="other"), True),
        (dict(name="全市性专利导航项目 "), True),  # spacing only
        (dict(code="BL105", rule="unlisted"), False),
        (dict(sheet="其他表"), False),
        (dict(name="县级专利导航"), False),
        (dict(path="elsewhere/阳城县 2025年部门预算.xlsx"), True),  # a moved workbook keeps it too
        (dict(path="other.xlsx"), False),
    ],
)
def test_fallback_fingerprint(change, same):
    assert (fingerprint(finding()) == fingerprint(finding(**change))) is same


def test_engine_fingerprint_is_kept():
    (res,) = sarif(run([finding(fingerprint="abc123")]))["runs"][0]["results"]
    assert res["partialFingerprints"] == {"budgetlint/v1": "abc123"}


@pytest.mark.parametrize(
    "source, kind",
    [("budgetlint-suppressions.toml", "external"), ("备注 cell 项目支出表!F9", "inSource")],
)
def test_suppressions(source, kind):
    f = finding(suppression=Suppression("BL101", "已报财政局", source))
    (res,) = sarif(run([f]))["runs"][0]["results"]
    assert res["suppressions"] == [{"kind": kind, "justification": "已报财政局", "properties": {"source": source}}]


@pytest.mark.parametrize(
    "findings, options, states",
    [
        ([finding()], (), [None]),
        ([finding(baseline=True), finding(row=8, name="b")], (), ["unchanged", "new"]),
        ([finding()], [("baseline", "bl.json")], ["new"]),
    ],
)
def test_baseline_state_only_with_a_baseline(findings, options, states):
    results = sarif(run(findings, options=options))["runs"][0]["results"]
    assert [r.get("baselineState") for r in results] == states


def test_unreadable_workbooks_are_notifications():
    (inv,) = sarif(CASES["unreadable"])["runs"][0]["invocations"]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert unquote(note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == "budgets/坏文件.xlsx"
    assert sarif(CASES["one error"])["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_hostile_names_are_data():
    text = render(CASES["hostile"], ReportOptions())
    results = json.loads(text)["runs"][0]["results"]
    assert [r["properties"]["name"] for r in results] == HOSTILE
    assert "\x00" not in text and "\x1b" not in text  # json escapes control characters
    assert "阳城县" in text  # ensure_ascii=False


def test_deterministic():
    assert render(CASES["all severities"], ReportOptions()) == render(CASES["all severities"], ReportOptions())


EXTRA = {  # shapes the cases above do not reach: no sheet, no evidence, a suppression with its author
    "bare": run([finding(sheet="", row=0, name="", evidence=(), amount_yuan=None, duty_id="", clause="")]),
    "accepted by": run([finding(suppression=Suppression("BL101", "同意", "备注 cell 项目支出表!F9", by="张三"))]),
    "odd amounts": run([finding(amount_yuan=0.1 + 0.2), finding(row=6, amount_yuan=1e21, evidence=(("k", "v"), ("k", "w")))]),
}


@pytest.mark.parametrize("case", [*CASES.values(), *EXTRA.values()], ids=[*CASES, *EXTRA])
def test_streamed_log_is_the_pretty_json_of_build(case):
    """render() lays every result out itself (json.dumps with indent is Python's slow encoder):
    the bytes must be exactly json.dumps(build(), indent=2)'s."""
    from budgetlint.report.sarif import build

    assert render(case, ReportOptions()) == json.dumps(build(case, ReportOptions()), ensure_ascii=False, indent=2) + "\n"
