"""JUnit XML: one test case per workbook, failures for blocking findings, always parseable."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from budgetlint.models import Finding, RunResult, Suppression, WorkbookResult
from budgetlint.report import ReportOptions
from budgetlint.report.junit import render, xml_safe

A = "budgets/阳城县.xlsx"
B = "budgets/泽州县.xlsx"
HOSTILE = "<img src=x onerror=alert(1)> ]]> \x00\x01\x08\x0b\x1b\ud800 =HYPERLINK(\"x\")"


def finding(**kw) -> Finding:
    base = dict(path=A, sheet="项目支出表", row=5, code="BL101", rule="wrong-level", severity="error",
                name="全市性专利导航项目", amount_yuan=120000.0, message="市级事权由县级本级资金安排",
                duty_id="jc.navigation.city", clause="将结合全市产业发展开展专利导航……确认为市级财政事权")
    base.update(kw)
    return Finding(**base)


def run(findings=(), errors=(), paths=(A, B)) -> RunResult:
    workbooks = tuple(
        WorkbookResult(path=p, placement=None, workbook=None, findings=tuple(f for f in findings if f.path == p),
                       error=dict(errors).get(p, ""))
        for p in paths
    )
    return RunResult(workbooks=workbooks, findings=tuple(findings), errors=tuple(errors))


def parse(result: RunResult, lang: str = "zh") -> ET.Element:
    return ET.fromstring(render(result, ReportOptions(lang=lang)))


WARN = dict(code="BL105", rule="unlisted", severity="warning")
SUPPRESSED = Suppression("BL101", "市级委托", "budgetlint-suppressions.toml")

# findings, errors -> (tests, failing cases, erroring cases, {path: failures})
CASES = {
    "clean": ([], [], (2, 0, 0, {A: 0, B: 0})),
    "one error": ([finding()], [], (2, 1, 0, {A: 1, B: 0})),
    "two errors one workbook": ([finding(), finding(row=6)], [], (2, 1, 0, {A: 2, B: 0})),
    "errors in both": ([finding(), finding(path=B)], [], (2, 2, 0, {A: 1, B: 1})),
    "warning only": ([finding(**WARN)], [], (2, 0, 0, {A: 0, B: 0})),
    "info only": ([finding(code="BL103", rule="entrusted", severity="info")], [], (2, 0, 0, {A: 0, B: 0})),
    "suppressed error": ([finding(suppression=SUPPRESSED)], [], (2, 0, 0, {A: 0, B: 0})),
    "baseline error": ([finding(baseline=True)], [], (2, 0, 0, {A: 0, B: 0})),
    "unreadable": ([finding()], [(B, "not a zip file")], (2, 1, 1, {A: 1, B: 0})),
    "cross-workbook path": ([finding(path="budgets/其他.xlsx")], [], (3, 1, 0, {"budgets/其他.xlsx": 1})),
}


@pytest.mark.parametrize("findings, errors, expected", CASES.values(), ids=CASES.keys())
def test_counts(findings, errors, expected):
    tests, failing, erroring, per_case = expected
    root = parse(run(findings, errors))
    (suite,) = root.findall("testsuite")
    for node in (root, suite):
        counts = tuple(int(node.get(k)) for k in ("tests", "failures", "errors"))
        assert counts == (tests, failing, erroring)
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert len(cases) == tests
    assert all(c.get("classname") == "budgetlint" for c in cases.values())
    for path, count in per_case.items():
        assert len(cases[path].findall("failure")) == count
    for path, _ in errors:
        assert cases[path].find("error") is not None


@pytest.mark.parametrize(
    "extra, in_out",
    [
        (WARN, True),
        (dict(suppression=SUPPRESSED), True),
        (dict(baseline=True), True),
        ({}, False),
    ],
)
def test_non_blocking_findings_go_to_system_out(extra, in_out):
    f = finding(name="商标品牌奖补", **extra)
    case = parse(run([f])).find("testsuite/testcase")
    out = case.find("system-out")
    assert (out is not None and "商标品牌奖补" in out.text and f.code in out.text) is in_out


def test_failure_carries_rule_and_location():
    (failure,) = parse(run([finding(sheet="项目支出表", row=12)])).iter("failure")
    assert failure.get("type") == "BL101 wrong-level"
    assert "项目支出表!12" in failure.get("message")
    for value in ("项目支出表!12", "全市性专利导航项目", "120,000.00", "jc.navigation.city", "确认为市级财政事权"):
        assert value in failure.text


@pytest.mark.parametrize("where", ["name", "message", "path", "error"])
def test_hostile_text_still_parses(where):
    if where == "error":
        result = run(errors=[(B, HOSTILE)])
    elif where == "path":
        result = run([finding(path=HOSTILE)], paths=(HOSTILE,))
    else:
        result = run([finding(**{where: HOSTILE}), finding(row=6, **{where: HOSTILE, **WARN})])
    root = parse(result)
    assert root.find(".//img") is None  # markup stays text
    text = "".join(root.itertext()) + "".join(v for e in root.iter() for v in e.attrib.values())
    assert "<img src=x onerror=alert(1)>" in text
    assert "]]>" in text
    assert not any(c in text for c in "\x00\x01\x08\x0b\x1b\ud800")


@pytest.mark.parametrize(
    "raw, safe",
    [("ok 县\t\n", "ok 县\t\n"), ("a\x00b", "a\\x00b"), ("\x1b[31m", "\\x1b[31m"), ("\ud800", "\\xd800"),
     ("\ufffe", "\\xfffe"), ("𠀀", "𠀀")],
)
def test_xml_safe(raw, safe):
    assert xml_safe(raw) == safe


def test_english_labels_and_deterministic():
    result = run([finding(), finding(path=B, **WARN)])
    assert render(result, ReportOptions(lang="en")) == render(result, ReportOptions(lang="en"))
    assert "amount" in parse(result, "en").find(".//failure").text
