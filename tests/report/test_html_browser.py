"""The HTML report in a real browser: filters work, nothing is fetched, print shows all.

Runs headless Chromium from the system (/usr/bin/chromium) through the playwright
package (the `browser` fixture of conftest.py); skipped with a reason when either is
missing. No timing assertions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlint.report import ReportOptions
from budgetlint.report.html import render

from .test_html import many_findings, sample_result

pytestmark = pytest.mark.slow

VISIBLE_ROWS = """() => Array.from(document.querySelectorAll('#findings tbody tr'))
    .filter(r => r.getClientRects().length > 0)
    .map(r => r.querySelector('td.where').textContent)"""


class Page:
    """A report opened in a fresh browser context, with every request and error recorded."""

    def __init__(self, browser, path: Path, **context) -> None:
        self.url = path.as_uri()
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, **context)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.goto(self.url)

    def visible(self) -> list[str]:
        return self.page.evaluate(VISIBLE_ROWS)


@pytest.fixture
def report(tmp_path, browser):
    opened = []

    def open_report(result=None, lang="zh", **context) -> Page:
        path = tmp_path / f"report-{lang}.html"
        path.write_text(render(result or sample_result(), ReportOptions(lang=lang)), encoding="utf-8")
        page = Page(browser, path, **context)
        opened.append(page)
        return page

    yield open_report
    for page in opened:
        page.context.close()


ALL = ["项目支出表!4", "项目支出表!5", "项目支出表!7", "项目支出表!8", "项目支出表!9", "项目支出表!11"]


@pytest.mark.parametrize(("selects", "search", "expected"), [
    ({}, "", ALL),
    ({"sev": "error"}, "", ["项目支出表!4", "项目支出表!5", "项目支出表!11"]),
    ({"sev": "warning"}, "", ["项目支出表!7", "项目支出表!8"]),
    ({"rule": "BL101"}, "", ["项目支出表!4", "项目支出表!5"]),
    ({"verdict": "upper-level"}, "", ["项目支出表!11"]),
    ({"jur": "晋城市"}, "", ["项目支出表!4"]),
    ({"status": "suppressed"}, "", ["项目支出表!11"]),
    ({"status": "baseline"}, "", ["项目支出表!4"]),  # every status the filter offers
    ({"status": "open"}, "", ["项目支出表!5", "项目支出表!7", "项目支出表!8", "项目支出表!9"]),
    ({"sev": "error", "jur": "阳城县"}, "", ["项目支出表!5", "项目支出表!11"]),
    ({}, "alert", ["项目支出表!7", "项目支出表!8"]),
    ({}, "ALERT", ["项目支出表!7", "项目支出表!8"]),
    ({}, "商标 李四", ["项目支出表!11"]),
    ({"sev": "warning"}, "onerror", ["项目支出表!8"]),
    ({}, "没有这个词", []),
    ({}, "确认为县级财政事权", ["项目支出表!4"]),  # words of the clause, listed once below the table
])
def test_filters_change_visible_rows(report, selects, search, expected):
    page = report()
    assert page.visible() == ALL
    for name, value in selects.items():
        page.page.select_option(f"#f-{name}", value)
    if search:
        page.page.fill("#f-q", search)
    assert page.visible() == expected
    assert page.page.text_content("#shown") == str(len(expected))
    assert page.page.is_visible("#nomatch") == (not expected)
    page.page.click("button[type=reset]")
    page.page.wait_for_function("document.getElementById('shown').textContent === '6'")
    assert page.visible() == ALL
    assert page.errors == []


def test_no_request_besides_the_file(report):
    page = report()
    page.page.select_option("#f-sev", "error")
    page.page.fill("#f-q", "http")
    page.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.page.wait_for_load_state("networkidle")
    assert page.requests == [page.url]
    assert page.errors == []  # a CSP violation (script hash mismatch) would show here


def test_hostile_names_do_not_run(report):
    page = report()
    assert page.page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.page.evaluate("document.scripts.length") == 2
    names = page.page.eval_on_selector_all("#findings td.name", "cells => cells.map(c => c.textContent)")
    assert "<script>alert(1)</script>" in names and "<img src=x onerror=alert(1)>" in names


def test_without_script_the_table_is_complete(report):
    page = report(java_script_enabled=False)
    assert page.visible() == ALL
    assert not page.page.is_visible("#filters")


@pytest.mark.parametrize("script", [True, False])
def test_duty_link_reaches_its_clause(report, script):
    page = report(java_script_enabled=script)
    row = page.page.locator("#findings tbody tr", has=page.page.locator("td.where", has_text="项目支出表!4"))
    row.locator("a.duty").click()
    page.page.wait_for_function("location.hash === '#clause-jc-nav-county'")
    clause = page.page.locator("#clause-jc-nav-county")
    assert "确认为县级财政事权" in clause.inner_text()
    assert clause.evaluate("""el => { const r = el.getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight; }""")
    assert page.errors == []


def test_print_shows_everything(report):
    page = report()
    page.page.select_option("#f-sev", "info")
    assert page.visible() == ["项目支出表!9"]
    page.page.emulate_media(media="print")
    assert not page.page.is_visible("#filters")
    assert page.visible() == ALL  # a filtered screen still prints the whole table
    assert page.page.is_visible("details.wb tr.line >> nth=0")  # closed <details> print open
    assert page.page.is_visible("#clause-jc-nav-city blockquote")


@pytest.mark.parametrize(("lang", "word"), [("zh", "强制性"), ("en", "must fix")])
def test_screenshot(report, tmp_path, lang, word):
    page = report(lang=lang)
    assert word in page.page.inner_text("#summary")
    shot = tmp_path / f"report-{lang}.png"
    page.page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ten_thousand_findings_filter(report):
    page = report(many_findings(10_000))
    assert page.page.text_content("#shown") == "10000"
    page.page.select_option("#f-sev", "error")
    assert page.page.text_content("#shown") == "5000"  # 3 of the 6 sample findings are errors
    page.page.fill("#f-q", "项目09996")  # 9996 % 6 == 0: the first sample finding, an error
    assert page.visible() == ["项目支出表!10996"]
    assert page.errors == []


# ---------------------------------------------------------------------------
# Large reports: one page of rows is laid out at a time; the pager turns pages.

SHOWN_NAMES = """() => Array.from(document.querySelectorAll('#findings tbody tr'))
    .filter(r => r.getClientRects().length > 0).map(r => r.querySelector('td.name').textContent)"""


def names(page: Page) -> list[str]:
    return page.page.evaluate(SHOWN_NAMES)


def test_large_report_shows_one_page_at_a_time(report):
    page = report(many_findings(10_000))
    assert names(page) == [f"项目{i:05d}" for i in range(100)]
    assert page.page.text_content("#shown") == "10000"
    assert page.page.text_content("#page-of") == "第 1–100 条，共 10000 条"
    assert page.page.is_disabled("#prev") and page.page.is_enabled("#next")
    page.page.click("#next")
    assert names(page) == [f"项目{i:05d}" for i in range(100, 200)]
    assert page.page.text_content("#page-of") == "第 101–200 条，共 10000 条"
    page.page.click("#prev")
    assert names(page) == [f"项目{i:05d}" for i in range(100)]
    page.page.select_option("#f-sev", "warning")  # 2 of every 6: pages of the matching rows only
    shown = names(page)
    assert len(shown) == 100 and shown[:2] == ["项目00002", "项目00003"]
    assert page.page.text_content("#page-of") == f"第 1–100 条，共 {10_000 // 3 + 1} 条"
    for _ in range(33):
        page.page.click("#next")
    assert len(names(page)) == (10_000 // 3 + 1) - 3300 and page.page.is_disabled("#next")
    page.page.fill("#f-q", "项目09998")  # 9998 % 6 == 2: a warning
    assert names(page) == ["项目09998"] and not page.page.is_visible("#pager")
    assert page.errors == []


def test_small_report_has_no_pager(report):
    page = report()
    assert not page.page.is_visible("#pager")


def test_without_script_every_row_of_a_long_table_shows(report):
    page = report(many_findings(250), java_script_enabled=False)
    assert names(page) == [f"项目{i:05d}" for i in range(250)]
    assert not page.page.is_visible("#pager")


def test_print_shows_every_row_of_a_long_table(report):
    page = report(many_findings(250))
    page.page.click("#next")
    page.page.fill("#f-q", "项目0001")
    assert len(names(page)) == 10
    page.page.emulate_media(media="print")
    assert names(page) == [f"项目{i:05d}" for i in range(250)]
    assert not page.page.is_visible("#pager")
