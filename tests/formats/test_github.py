"""GitHub workflow commands: one annotation per open finding, escaped so names stay inert."""

from __future__ import annotations

import re

import pytest

from budgetlint.models import Finding, RunResult, Suppression, WorkbookResult
from budgetlint.report import ReportOptions
from budgetlint.report.github import escape_data, escape_property, render

A = "budgets/阳城县.xlsx"
LINE = re.compile(r"^::(?P<kind>error|warning|notice) (?P<props>[^:]*)::(?P<message>[^\r\n]*)$")


def finding(**kw) -> Finding:
    base = dict(path=A, sheet="项目支出表", row=5, code="BL101", rule="wrong-level", severity="error",
                name="全市性专利导航项目", message="市级事权由县级本级资金安排")
    base.update(kw)
    return Finding(**base)


def run(findings=(), errors=()) -> RunResult:
    paths = dict.fromkeys([*(f.path for f in findings), *(p for p, _ in errors)])
    workbooks = tuple(WorkbookResult(path=p, placement=None, workbook=None) for p in paths)
    return RunResult(workbooks=workbooks, findings=tuple(findings), errors=tuple(errors))


def unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse(text: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        m = LINE.match(line)
        assert m, line
        props = dict(p.split("=", 1) for p in m["props"].split(","))
        out.append({"kind": m["kind"], **{k: unescape(v) for k, v in props.items()}, "message": unescape(m["message"])})
    return out


@pytest.mark.parametrize(
    "severity, kind", [("error", "error"), ("warning", "warning"), ("info", "notice")]
)
def test_one_command_per_finding(severity, kind):
    (cmd,) = parse(render(run([finding(severity=severity, row=12)]), ReportOptions()))
    assert cmd == {"kind": kind, "file": A, "line": "12", "title": "BL101 wrong-level",
                   "message": "项目支出表!12 全市性专利导航项目: 市级事权由县级本级资金安排"}


@pytest.mark.parametrize(
    "extra, shown",
    [
        ({}, True),
        (dict(suppression=Suppression("BL101", "市级委托", "budgetlint-suppressions.toml")), False),
        (dict(baseline=True), False),
    ],
)
def test_accepted_findings_are_not_annotated(extra, shown):
    assert len(parse(render(run([finding(**extra)]), ReportOptions()))) == int(shown)


def test_row_zero_has_no_line_property():
    (cmd,) = parse(render(run([finding(row=0, name="", code="BL203", rule="table-unreadable")]), ReportOptions()))
    assert "line" not in cmd
    assert cmd["message"].startswith("项目支出表:")


def test_unreadable_workbook_is_an_error_command():
    cmds = parse(render(run([finding()], errors=[("bad,name:x.xls", "not a workbook")]), ReportOptions()))
    assert cmds[0] == {"kind": "error", "file": "bad,name:x.xls", "message": "not a workbook"}
    assert len(cmds) == 2


@pytest.mark.parametrize(
    "hostile",
    [
        "<img src=x onerror=alert(1)>",
        '=HYPERLINK("http://evil","点我")',
        "项目\n::error file=x::pwned",
        "50%0A done\r\n::stop-commands::abc",
        "a,b:c::d",
    ],
)
@pytest.mark.parametrize("where", ["name", "message", "path"])
def test_hostile_text_stays_in_its_own_command(hostile, where):
    text = render(run([finding(**{where: hostile})]), ReportOptions())
    assert text.count("\n") == 1 and "\r" not in text
    (cmd,) = parse(text)
    if where == "path":
        assert cmd["file"] == hostile.replace("\\", "/")
    else:
        assert hostile in cmd["message"]
    assert cmd["title"] == "BL101 wrong-level"


@pytest.mark.parametrize(
    "raw, data, prop",
    [
        ("a%b", "a%25b", "a%25b"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%0A", "%250A", "%250A"),  # an escape in the input is not decoded twice
    ],
)
def test_escaping(raw, data, prop):
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_windows_paths_use_forward_slashes():
    (cmd,) = parse(render(run([finding(path="budgets\\县\\b.xlsx")]), ReportOptions()))
    assert cmd["file"] == "budgets/县/b.xlsx"


def test_order_follows_the_run_and_is_stable():
    findings = [finding(row=r, name=f"项目{r}") for r in (3, 9, 4)]
    text = render(run(findings), ReportOptions())
    assert [c["line"] for c in parse(text)] == ["3", "9", "4"]
    assert text == render(run(findings), ReportOptions())
    assert render(run(), ReportOptions()) == ""
