"""The HTML findings report and the Summary it opens with.

The RunResult is built directly from models.py (sample_result below), so these tests do
not depend on reading or matching. The page is parsed with the stdlib html.parser.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetlint.models import (
    BudgetLine,
    Candidate,
    Category,
    Duty,
    Finding,
    Funding,
    Judgement,
    Jurisdiction,
    Match,
    Placement,
    RunResult,
    Scheme,
    SheetInfo,
    Suppression,
    Workbook,
    WorkbookResult,
)
from budgetlint.reasons import reason
from budgetlint.report import ReportOptions
from budgetlint.report.html import render, wan
from budgetlint.summary import summarize

# ---------------------------------------------------------------------------
# A small run: two budgets of 晋城市 and one workbook that could not be read.

HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '=HYPERLINK("http://x")')

YANGCHENG = Jurisdiction("阳城县", "county", "县")
JINCHENG = Jurisdiction("晋城市", "city", "地级市")
NAV_CITY = Duty(
    "jc-nav-city", "use", "city", "将结合全市产业发展开展专利导航，确认为市级财政事权，由市级承担支出责任。",
    section="二、（二）", task="结合全市产业发展开展专利导航", pair="nav", scope="city-wide",
)
NAV_COUNTY = Duty(
    "jc-nav-county", "use", "county", "将结合县级产业发展开展专利导航，确认为县级财政事权，由县级承担支出责任。",
    section="二、（二）", task="结合县级产业发展开展专利导航", pair="nav", scope="local",
)
PLAN_COUNTY = Duty("jc-plan-county", "macro", "county", "将制定实施县级知识产权战略、规划、政策……", task="县级知识产权战略")
TRADEMARK = Duty("cn-tm-exam", "upper", "central", "商标注册审查……", task="商标注册审查")
SCHEME = Scheme(
    id="jincheng", city="晋城市", title="晋城市知识产权领域市与县财政事权和支出责任划分改革实施方案",
    doc_number="晋市财行〔2024〕88号", date="2024-11-19",
    level_names=(("city", "市级"), ("county", "县（市、区）")),
    jurisdictions=(JINCHENG, YANGCHENG),
    categories=(Category("macro", "知识产权宏观管理", "（一）"), Category("use", "知识产权运用促进", "（二）")),
    duties=(NAV_CITY, NAV_COUNTY, PLAN_COUNTY),
)

COUNTY_BOOK = "budgets/阳城县市场监督管理局2025年部门预算.xlsx"
CITY_BOOK = "budgets/晋城市市场监督管理局2025年部门预算.xlsx"
BROKEN_BOOK = "budgets/broken.xls"

# (row, name, 元, verdict, duty, rule code, rule name, severity, suppressed?, baseline?)
COUNTY_LINES = (
    (5, "全市专利导航项目", 500_000, "wrong-level", NAV_CITY, "BL101", "wrong-level", "error", False, False),
    (6, "县级知识产权战略规划编制", 200_000, "ok", PLAN_COUNTY, "", "", "", False, False),
    (7, HOSTILE[0], 100_000, "unlisted", None, "BL105", "unlisted", "warning", False, False),
    (8, HOSTILE[1], 30_000, "ambiguous", None, "BL106", "ambiguous", "warning", False, False),
    (9, HOSTILE[2], None, "entrusted", NAV_CITY, "BL103", "entrusted", "info", False, False),
    (10, "食品安全抽检", 1_000_000, "not-ip", None, "", "", "", False, False),
    (11, "商标注册审查补助", 120_000, "upper-level", TRADEMARK, "BL102", "upper-level", "error", True, False),
)
CITY_LINES = (
    (4, "阳城县专利导航", 300_000, "wrong-level", NAV_COUNTY, "BL101", "wrong-level", "error", False, True),
    (5, "全市知识产权统计调查", 80_000, "ok", None, "", "", "", False, False),
)
ACCEPTED = Suppression("upper-level", "经市财政局同意，由县代建", "budgetlint-suppressions.toml", by="李四")


def _book(path: str, jurisdiction: Jurisdiction, rows: tuple, sheets: tuple[SheetInfo, ...]) -> WorkbookResult:
    judgements, findings = [], []
    for row, name, amount, verdict, duty, code, rule, severity, suppressed, baseline in rows:
        line = BudgetLine("项目支出表", row, name, amount, amount_note="" if amount is not None else "公式无缓存值",
                          funding=Funding("own", text="本级财力"))
        words = ("专利导航",) if duty else ()
        match = Match(is_ip=verdict != "not-ip", candidates=(Candidate(duty, 1.0, words),) if duty else (),
                      scope_words=("全市",) if "全市" in name else ())
        judgements.append(Judgement(line, verdict, duty, duty.pays if duty else "", match, line.funding,
                                    reasons=(reason("catch-all", clause=f"判定：{verdict}"),)))
        if code:
            evidence = (("duty", f"{duty.id}：{duty.task}") if duty else ("duty", ""),
                        ("matched", "、".join(words)), ("funding", "本级资金：本级财力"))
            findings.append(Finding(
                path, "项目支出表", row, code, rule, severity, name=name, amount_yuan=amount,
                message=f"{rule} at row {row}", duty_id=duty.id if duty else "",
                clause=duty.clause if duty else "", evidence=evidence, fingerprint=f"fp-{path}-{row}",
                suppression=ACCEPTED if suppressed else None, baseline=baseline,
            ))
    lines = tuple(j.line for j in judgements)
    workbook = Workbook(path, lines, sheets)
    return WorkbookResult(path, Placement(SCHEME, jurisdiction, jurisdiction.level), workbook,
                          tuple(judgements), tuple(findings))


def sample_result() -> RunResult:
    county = _book(COUNTY_BOOK, YANGCHENG, COUNTY_LINES, (
        SheetInfo("部门收支总表", "skipped", "无项目行"),
        SheetInfo("项目支出表", "read", "项目支出表, 单位：万元", lines=7, header_row=4),
        SheetInfo("收入总表", "skipped", "收入表，不含项目"),
    ))
    city = _book(CITY_BOOK, JINCHENG, CITY_LINES, (SheetInfo("项目支出表", "read", "", lines=2, header_row=3),))
    broken = WorkbookResult(BROKEN_BOOK, None, None, error="文件已加密")
    books = (county, city, broken)
    return RunResult(
        workbooks=books,
        findings=tuple(sorted(f for wb in books for f in wb.findings)),
        errors=((BROKEN_BOOK, "文件已加密"),),
        schemes=(SCHEME,),
        version="0.1.0",
    )


def many_findings(count: int) -> RunResult:
    """count findings spread over severities, rules and both budgets (for big reports)."""
    base = sample_result()
    pool = [f for f in base.findings]
    findings = tuple(
        replace(pool[i % len(pool)], row=1000 + i, name=f"项目{i:05d}", fingerprint=f"fp{i}")
        for i in range(count)
    )
    return replace(base, findings=findings)


# ---------------------------------------------------------------------------
# A tiny DOM: enough of the parsed page to assert on structure.


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent, self.children, self.text = tag, attrs, parent, [], []

    def all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and all(
                child.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()
            ):
                found.append(child)
            found.extend(child.all(tag, **attrs))
        return found

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def content(self) -> str:
        return "".join(self.text + [c.content() for c in self.children])


_VOID = {"meta", "link", "br", "img", "input", "hr", "col", "source", "wbr", "area", "base"}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.node = Node("#root", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.node)
        self.node.children.append(node)
        if tag not in _VOID:
            self.node = node

    def handle_startendtag(self, tag, attrs):
        self.node.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.node))

    def handle_endtag(self, tag):
        node = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.node = node.parent

    def handle_data(self, data):
        self.node.text.append(data)


def parse(page: str) -> Node:
    parser = _Parser()
    parser.feed(page)
    parser.close()
    return parser.root


def page_of(result: RunResult | None = None, **options) -> str:
    return render(result or sample_result(), ReportOptions(**options))


@pytest.fixture(scope="module")
def zh() -> str:
    return page_of()


@pytest.fixture(scope="module")
def dom(zh) -> Node:
    return parse(zh)


def stat(dom: Node, name: str) -> str:
    (node,) = dom.all("div", data_stat=name)
    return node.all("div", **{"class": "v"})[0].content().strip()


# ---------------------------------------------------------------------------
# Summary (pure aggregation).


@pytest.mark.parametrize(("field", "expected"), [
    ("workbooks", 3),
    ("workbooks_read", 2),
    ("workbooks_failed", ((BROKEN_BOOK, "文件已加密"),)),
    ("sheets_read", 2),
    ("sheets_skipped", ((COUNTY_BOOK, "部门收支总表", "无项目行"), (COUNTY_BOOK, "收入总表", "收入表，不含项目"))),
    ("lines", 9),
    ("amount_yuan", 2_330_000),
    ("amount_unknown", 1),
    ("findings", 6),
    ("by_severity", (("error", 3), ("warning", 2), ("info", 1))),
    ("open_by_severity", (("error", 1), ("warning", 2), ("info", 1))),
    ("suppressed", 1),
    ("baseline", 1),
    ("wrong_level_yuan", 800_000),  # the suppressed upper-level line does not count; baseline does
    ("wrong_level_lines", 2),
    ("wrong_by_jurisdiction", (("阳城县", 500_000), ("晋城市", 300_000))),
    ("wrong_by_category", (("知识产权运用促进", 800_000),)),
])
def test_summary(field, expected):
    assert getattr(summarize(sample_result()), field) == expected


def test_summary_by_rule_and_verdict():
    summary = summarize(sample_result())
    assert [(code, n) for code, _, _, n in summary.by_rule] == [
        ("BL101", 2), ("BL102", 1), ("BL103", 1), ("BL105", 1), ("BL106", 1),
    ]
    assert dict(summary.by_verdict) == {
        "ok": 2, "wrong-level": 2, "upper-level": 1, "entrusted": 1, "transfer": 0,
        "unlisted": 1, "ambiguous": 1, "not-ip": 1,
    }


def test_summary_of_empty_run():
    summary = summarize(RunResult((), (), ()))
    assert (summary.workbooks, summary.lines, summary.amount_yuan, summary.wrong_by_category) == (0, 0, 0.0, ())


def test_unsuppressing_puts_money_back_at_the_wrong_level():
    result = sample_result()
    result = replace(result, findings=tuple(replace(f, suppression=None) for f in result.findings))
    summary = summarize(result)
    assert summary.wrong_level_yuan == 920_000
    assert dict(summary.wrong_by_category)["upper"] == 120_000  # not a city category: its id is shown


# ---------------------------------------------------------------------------
# Numbers.


@pytest.mark.parametrize(("yuan", "text"), [
    (None, "—"),
    (0, "0.00"),
    (-1, "0.00"),
    (500_000, "50.00"),
    (12_345_678, "1,234.57"),
    (2_330_000, "233.00"),
    (-2_500, "-0.25"),
])
def test_wan(yuan, text):
    assert wan(yuan) == text


# ---------------------------------------------------------------------------
# Structure of the page.


def finding_rows(dom: Node) -> list[Node]:
    (table,) = dom.all("table", id="findings")
    return [r for r in table.all("tr") if "data-sev" in r.attrs]


def test_one_row_per_finding(dom):
    rows = finding_rows(dom)
    assert len(rows) == 6
    assert sorted(r.attrs["data-rule"] for r in rows) == ["BL101", "BL101", "BL102", "BL103", "BL105", "BL106"]


@pytest.mark.parametrize(("attr", "value", "count"), [
    ("data-sev", "error", 3),
    ("data-sev", "warning", 2),
    ("data-sev", "info", 1),
    ("data-verdict", "wrong-level", 2),
    ("data-verdict", "upper-level", 1),
    ("data-jur", "阳城县", 5),
    ("data-jur", "晋城市", 1),
    ("data-status", "open", 4),
    ("data-status", "suppressed", 1),
    ("data-status", "baseline", 1),
])
def test_rows_carry_filter_attributes(dom, attr, value, count):
    assert sum(1 for r in finding_rows(dom) if r.attrs[attr] == value) == count


def test_finding_row_cells(dom):
    (row,) = [r for r in finding_rows(dom) if "全市专利导航项目" in r.content()]
    cells = [td.content().strip() for td in row.all("td")]
    assert cells[0] == "阳城县市场监督管理局2025年部门预算.xlsx"
    assert cells[1] == "项目支出表!5"
    assert cells[3] == "50.00"
    assert "BL101" in cells[5] and "wrong-level" in cells[5] and "强制性" in cells[5]
    # the duty's Chinese task (its wording when it has no catalogue name) first, its id a reference
    assert (NAV_CITY.task_name or NAV_CITY.task) in cells[6] and "二、（二）" in cells[6]
    assert NAV_CITY.clause not in cells[6]  # the clause is listed once, and the row links to it
    (link,) = row.all("a", **{"class": "duty"})
    assert link.attrs["title"] == "jc-nav-city"
    (entry,) = dom.all("li", id=link.attrs["href"][1:])
    assert entry.attrs["data-duty"] == "jc-nav-city"
    assert NAV_CITY.clause in entry.content() and NAV_CITY.task in entry.content()
    assert "专利导航" in cells[7] and "本级财力" in cells[7]


@pytest.mark.parametrize(("name", "value"), [
    ("workbooks", "2/ 3"),
    ("sheets", "2"),
    ("lines", "9"),
    ("amount", "233.00万元"),
    ("severity-error", "3"),
    ("severity-warning", "2"),
    ("severity-info", "1"),
    ("wrong-amount", "80.00万元"),
])
def test_summary_numbers_shown(dom, name, value):
    assert re.sub(r"\s+", "", stat(dom, name)) == value.replace(" ", "")


def test_charts_one_bar_per_jurisdiction_and_category(dom):
    charts = dom.all("figure")
    assert [len([r for r in c.all("rect") if "bar" in r.classes()]) for c in charts] == [2, 1]
    labels = [t.content() for t in charts[0].all("text") if "lbl" in t.classes()]
    assert labels == ["阳城县", "晋城市"]
    widths = [float(r.attrs["width"]) for r in charts[0].all("rect") if "bar" in r.classes()]
    assert widths[0] > widths[1]


def test_every_line_per_workbook(dom):
    books = dom.all("details", **{"class": "wb"})
    assert [b.attrs["data-workbook"] for b in books] == [COUNTY_BOOK, CITY_BOOK, BROKEN_BOOK]
    lines = [[tr.attrs["data-verdict"] for tr in b.all("tr") if "line" in tr.classes()] for b in books]
    assert lines == [[r[3] for r in COUNTY_LINES], [r[3] for r in CITY_LINES], []]
    statuses = [tr.attrs["data-sheet-status"] for tr in books[0].all("tr") if "data-sheet-status" in tr.attrs]
    assert statuses == ["skipped", "read", "skipped"]


def test_skipped_sheets_and_errors_listed(dom):
    (skipped,) = dom.all("details", id="skipped")
    assert "收入表，不含项目" in skipped.content()
    (errors,) = dom.all("section", id="errors")
    assert BROKEN_BOOK in errors.content() and "文件已加密" in errors.content()


def test_schemes_and_version_shown(dom):
    header = dom.all("header")[0].content()
    assert "晋市财行〔2024〕88号" in header and "budgetlint 0.1.0" in header


def test_rule_docs_for_fired_rules_only(dom):
    (section,) = dom.all("section", id="rules")
    ids = [d.attrs["id"] for d in section.all("details")]
    assert ids == ["rule-BL101", "rule-BL102", "rule-BL103", "rule-BL105", "rule-BL106"]


def test_rule_doc_sections_rendered(dom):
    pytest.importorskip("budgetlint.rules")
    (doc,) = dom.all("details", id="rule-BL101")
    headings = [h.content() for h in doc.all("h4")]
    assert len(headings) >= 3 and "如何改正" in headings


# ---------------------------------------------------------------------------
# Safety: escaping, no requests, a script that matches its CSP hash.


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_text(zh, dom, name):
    assert sum(1 for r in finding_rows(dom) if name in r.content()) == 1
    assert name not in zh  # never raw in the markup: < and " are escaped


def test_no_injected_elements_or_handlers(dom):
    assert dom.all("img") == []
    assert len(dom.all("script")) == 2  # our head and body scripts, nothing else
    handlers = [n.tag for n in dom.all() if any(k.startswith("on") for k in n.attrs)]
    assert handlers == []


def test_no_external_resource(zh, dom):
    linked = [v for n in dom.all() for k, v in n.attrs.items() if k in {"src", "href", "action", "xlink:href", "srcset"}]
    assert [v for v in linked if re.match(r"\s*(https?:|//)", v, re.I)] == []
    assert all(v.startswith("#") for v in linked)
    assert dom.all("link") == [] and "@import" not in zh and "url(" not in zh


def test_script_matches_csp_hash(dom):
    (meta,) = [m for m in dom.all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    policy = meta.attrs["content"]
    assert "default-src 'none'" in policy
    for script in dom.all("script"):
        digest = base64.b64encode(hashlib.sha256(script.content().encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


# ---------------------------------------------------------------------------
# Suppressions and baseline.


def test_suppressed_finding_shown_with_who_and_why(dom):
    (row,) = [r for r in finding_rows(dom) if r.attrs["data-status"] == "suppressed"]
    assert row.attrs["data-rule"] == "BL102"
    assert [n.content() for n in row.all("span") if "by" in n.classes()] == ["李四"]
    assert [n.content() for n in row.all("span") if "why" in n.classes()] == [ACCEPTED.reason]


def test_baseline_finding_marked(dom):
    (row,) = [r for r in finding_rows(dom) if r.attrs["data-status"] == "baseline"]
    assert row.attrs["data-jur"] == "晋城市"
    assert [b.attrs["data-status-badge"] for b in row.all("span") if "data-status-badge" in b.attrs] == ["baseline"]


# ---------------------------------------------------------------------------
# Determinism and language.


def test_byte_identical_across_renders(zh):
    assert page_of() == zh


def test_timestamp_only_when_given(zh, dom):
    assert dom.all("time") == []
    stamped = parse(page_of(timestamp="2025-03-01 09:30"))
    assert [t.content() for t in stamped.all("time")] == ["2025-03-01 09:30"]


@pytest.mark.parametrize(("lang", "html_lang", "present", "absent"), [
    ("zh", "zh-CN", ("强制性", "提示性", "提示信息", "问题清单", "支出级次不符"), ("must fix", "Findings")),
    ("en", "en", ("must fix", "needs an explanation", "Findings", "wrong level"), ("强制性", "问题清单", "逐行判定")),
    ("fr", "zh-CN", ("强制性",), ("must fix",)),
])
def test_language(lang, html_lang, present, absent):
    page = page_of(lang=lang)
    (html,) = parse(page).all("html")
    assert html.attrs["lang"] == html_lang
    assert [w for w in present if w not in page] == []
    assert [w for w in absent if w in page] == []


def test_empty_run_renders():
    dom = parse(page_of(RunResult((), (), ())))
    assert dom.all("table", id="findings") == []
    assert stat(dom, "lines") == "0"


def test_large_report_has_every_row():
    dom = parse(page_of(many_findings(2_000)))
    assert len(finding_rows(dom)) == 2_000


# ---------------------------------------------------------------------------
# Clauses: each cited clause is shown once, in its own section, and rows link to it.


def clause_entries(dom: Node) -> list[Node]:
    sections = dom.all("section", id="clauses")
    return sections[0].all("li") if sections else []


def test_each_clause_shown_once_per_duty(zh, dom):
    entries = clause_entries(dom)
    assert [e.attrs["data-duty"] for e in entries] == ["jc-nav-city", "jc-nav-county", "cn-tm-exam"]
    for duty in (NAV_CITY, NAV_COUNTY, TRADEMARK):
        assert zh.count(duty.clause) == 1
    counts = {e.attrs["data-duty"]: [n.content() for n in e.all("span") if "n" in n.classes()] for e in entries}
    assert counts == {"jc-nav-city": ["问题 2"], "jc-nav-county": ["问题 1"], "cn-tm-exam": ["问题 1"]}
    (city,) = [e for e in entries if e.attrs["data-duty"] == "jc-nav-city"]
    assert NAV_CITY.section in city.content() and NAV_CITY.task in city.content()


def test_every_row_links_to_its_duty_clause(dom):
    ids = [n.attrs["id"] for n in dom.all() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    entries = {e.attrs["id"]: e for e in clause_entries(dom)}
    findings = {(f.sheet + "!" + str(f.row), f.path.rsplit("/", 1)[-1]): f for f in sample_result().findings}
    linked = 0
    for row in finding_rows(dom):
        cells = row.all("td")
        f = findings[(cells[1].content(), cells[0].content())]
        links = row.all("a", **{"class": "duty"})
        if not f.clause:
            assert links == []
            continue
        (link,) = links
        assert link.attrs["title"] == f.duty_id  # the id a reference; the text is the task's name
        entry = entries[link.attrs["href"].removeprefix("#")]
        assert entry.attrs["data-duty"] == f.duty_id
        (quote,) = entry.all("blockquote")
        assert quote.content() == f.clause
        linked += 1
    assert linked == 4


def test_clause_once_in_a_large_report():
    page = page_of(many_findings(2_000))
    assert page.count(NAV_CITY.clause) == 1
    assert page.count('href="#clause-jc-nav-city"') == 2_000 * 2 // 6 + 1  # 2 of every 6 findings cite it


def test_no_clause_section_without_clauses():
    result = sample_result()
    result = replace(result, findings=tuple(replace(f, clause="") for f in result.findings))
    dom = parse(page_of(result))
    assert dom.all("section", id="clauses") == []
    assert [n for r in finding_rows(dom) for n in r.all("a")] == []
    assert any("jc-nav-city" in r.content() for r in finding_rows(dom))  # the duty id is still shown


HOSTILE_DUTIES = (
    ('<script>alert(1)</script>"', '<img src=x onerror=alert(1)>条款'),
    ("4", "第一条：确认为县级财政事权。"),  # would be clause-4, already given to the one above
    ("jc-nav-city", "另一方案中同名事权的不同条款。"),  # same id, other clause: its own entry
    ("", '"><script>alert(2)</script>'),  # a clause without a duty id
)


def test_hostile_duty_ids_and_clauses_stay_text():
    base = sample_result()
    first = base.findings[0]
    extra = tuple(replace(first, row=900 + i, duty_id=duty_id, clause=clause, fingerprint=f"h{i}")
                  for i, (duty_id, clause) in enumerate(HOSTILE_DUTIES))
    page = page_of(replace(base, findings=base.findings + extra))
    dom = parse(page)
    assert dom.all("img") == [] and len(dom.all("script")) == 2
    assert "<img src=x" not in page and "<script>alert" not in page
    entries = {e.attrs["id"]: e for e in clause_entries(dom)}
    assert len(entries) == 3 + len(HOSTILE_DUTIES)
    for duty_id, clause in HOSTILE_DUTIES:
        (row,) = [r for r in finding_rows(dom) for a in r.all("a", **{"class": "duty"})
                  if entries[a.attrs["href"][1:]].all("blockquote")[0].content() == clause]
        (link,) = row.all("a", **{"class": "duty"})
        assert link.attrs.get("title", "") == duty_id  # the id stays inert text, as a reference
        assert link.content() != "" and (duty_id or link.content() == "条款原文")
        assert entries[link.attrs["href"][1:]].attrs["data-duty"] == duty_id
    assert sorted(entries) == [
        "clause-4", "clause-5", "clause-6", "clause-7", "clause-cn-tm-exam", "clause-jc-nav-city", "clause-jc-nav-county",
    ]
    assert page_of(replace(base, findings=base.findings + extra)) == page  # still deterministic


def test_english_clause_section():
    dom = parse(page_of(lang="en"))
    (section,) = dom.all("section", id="clauses")
    assert "Clauses cited" in section.content() and "Findings 2" in section.content()


# ---------------------------------------------------------------------------
# Large tables start with one page shown; print and phone styles; the running head.


def test_rows_after_the_first_page_start_hidden():
    from budgetlint.report._html_rows import PAGE_ROWS

    dom = parse(page_of(many_findings(PAGE_ROWS + 30)))
    hidden = ["off" in r.classes() for r in finding_rows(dom)]
    assert hidden == [False] * PAGE_ROWS + [True] * 30
    (table,) = dom.all("table", id="findings")
    assert table.attrs["data-page-rows"] == str(PAGE_ROWS)


def test_pager_hidden_for_one_page(dom):
    (pager,) = dom.all("nav", id="pager")
    assert "hidden" in pager.attrs


def print_style(page: str) -> str:
    return re.search(r'<style id="print-style">(.*?)</style>', page, re.S).group(1)


def test_running_head_and_foot_say_title_scheme_jurisdictions_date_and_page():
    style = print_style(page_of(timestamp="2025-03-01 09:30"))
    boxes = dict(re.findall(r"@(top-left|top-right|bottom-left|bottom-right)\s*\{\s*content:\s*(.*?);", style))
    text = {k: css_text(v) for k, v in boxes.items()}
    assert text["top-left"] == "预算合规检查报告 · 晋城市（晋市财行〔2024〕88号）"
    assert text["top-right"] == "地区：阳城县、晋城市"
    assert text["bottom-left"] == "检查时间 2025-03-01 09:30"
    assert boxes["bottom-right"].count("counter(page)") == 1 and "counter(pages)" in boxes["bottom-right"]


def test_without_a_run_time_the_page_is_stamped_when_printed(zh, dom):
    (html,) = dom.all("html")
    assert html.attrs["data-printed"] == "打印时间"
    assert 'content: ""' in print_style(zh).replace("\\", "")  # the foot's date is left to print time
    stamped = parse(page_of(timestamp="2025-03-01"))
    assert "data-printed" not in stamped.all("html")[0].attrs


def css_text(literal: str) -> str:
    """A CSS string literal (or strings and counters) back to its text."""
    parts = re.findall(r'"((?:[^"\\]|\\[0-9a-fA-F]{1,6} ?|\\.)*)"', literal)
    return "".join(re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), p) for p in parts)


def test_hostile_names_cannot_leave_the_print_style():
    evil = Jurisdiction('</style><script>alert(1)</script>"}', "county", "县")
    result = sample_result()
    books = tuple(replace(wb, placement=replace(wb.placement, jurisdiction=evil)) if wb.placement else wb
                  for wb in result.workbooks)
    scheme = replace(SCHEME, city='晋城"; } body { display: none } @page { x: "', doc_number="\\\n")
    page = page_of(replace(result, workbooks=books, schemes=(scheme,)))
    style = print_style(page)
    assert "<" not in style and style.count("@page") == 1 and style.count("{") == style.count("}") == 7
    dom = parse(page)
    assert len(dom.all("script")) == 2 and dom.all("img") == []
    boxes = dict(re.findall(r"@(top-left|top-right)\s*\{\s*content:\s*(\"[^\"]*\");", style))
    assert css_text(boxes["top-right"]) == f"地区：{evil.name}"
    assert css_text(boxes["top-left"]).startswith('预算合规检查报告 · 晋城"; } body')


def test_font_stack_names_chinese_fonts_of_each_desktop(zh):
    stack = re.search(r"--font:(.*?);", zh, re.S).group(1)
    for font in ("Microsoft YaHei", "DengXian",  # Windows
                 "PingFang SC", "Hiragino Sans GB",  # macOS
                 "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"):  # Linux
        assert f'"{font}"' in stack, font
    assert stack.strip().endswith("sans-serif")


def test_print_and_phone_styles_present(zh):
    assert "@media print, screen and (max-width: 760px)" in zh  # a finding as a card
    assert "@media print and (orientation: landscape)" in zh
    assert re.search(r"break-inside:\s*avoid", zh)


@given(st.text())
def test_cell_escaping_is_markupsafes(text):
    """The rows escape cells themselves (speed); the text must be what autoescape writes."""
    from markupsafe import escape

    from budgetlint.report._html_rows import _esc

    assert _esc(text) == str(escape(text))
