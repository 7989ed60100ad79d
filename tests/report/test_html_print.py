"""The HTML report on paper and on a phone, in headless Chromium.

The sample report (`budgetlint check sample_budgets --format html`) is printed to PDF on A4,
portrait and landscape; the PDF's text (pypdf) shows what is on each page. No timing
assertions. Skipped with a reason without /usr/bin/chromium, playwright (conftest.py's
`browser`) or pypdf.
"""

from __future__ import annotations

import datetime
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from budgetlint.report import ReportOptions
from budgetlint.report.html import render

from .test_html import many_findings

STAMP = "2025-03-01 09:30"
#: The sample report printed on A4 fits in this many pages, either way round (it took 53 before
#: the print styles: a location column that could not wrap left two findings a page).
MAX_PAGES = 26
#: ...and takes at least this many: fewer would mean something was left off the paper.
MIN_PAGES = 8

pytestmark = pytest.mark.slow

pypdf = pytest.importorskip("pypdf", reason="pypdf (a test dependency) reads the printed PDF")


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from budgetlint.cli import main

    repo = Path(__file__).resolve().parents[2]
    out = tmp_path_factory.mktemp("print") / "report.html"
    result = CliRunner().invoke(main, ["check", str(repo / "sample_budgets"), "--format", "html", "-o", str(out),
                                       "--timestamp", STAMP, "--fail-on", "never", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out


def print_pdf(browser, path: Path, landscape: bool = False) -> list[str]:
    """Print the page as the browser's print dialog would (beforeprint first) and return each
    page's text, whitespace removed (the PDF's text runs are split at arbitrary places)."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    data = page.pdf(format="A4", landscape=landscape)
    context.close()
    assert errors == []
    import io

    reader = pypdf.PdfReader(io.BytesIO(data))
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    assert (width > height) == landscape  # A4 the way round that was asked for
    return [re.sub(r"\s+", "", p.extract_text()) for p in reader.pages]


@pytest.mark.parametrize("landscape", [False, True], ids=["portrait", "landscape"])
def test_sample_report_prints_within_its_page_bound(browser, sample_report, landscape):
    pages = print_pdf(browser, sample_report, landscape)
    assert MIN_PAGES <= len(pages) <= MAX_PAGES, len(pages)
    text = "".join(pages)
    # what the report holds is on paper: every finding's project and every section
    for word in ("问题清单（52）", "引用的方案条款", "逐行判定", "规则说明", "全市性专利导航项目"):
        assert word in text, word


@pytest.mark.parametrize("landscape", [False, True], ids=["portrait", "landscape"])
def test_every_page_has_running_head_and_foot(browser, sample_report, landscape):
    pages = print_pdf(browser, sample_report, landscape)
    for n, text in enumerate(pages, start=1):
        assert f"第{n}页/共{len(pages)}页" in text, n
        assert "检查时间2025-03-0109:30" in text, n  # the run's date (--timestamp)
        assert "预算合规检查报告" in text and "晋市财行〔2024〕88号" in text, n  # title and scheme
        assert "地区：" in text and "晋城市" in text and "等7个地区" in text, n  # the jurisdictions


def test_without_a_run_time_each_page_says_when_it_was_printed(browser, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(render(many_findings(30), ReportOptions()), encoding="utf-8")
    pages = print_pdf(browser, path)
    today = datetime.date.today()
    days = {(today - datetime.timedelta(days=d)).isoformat() for d in (0, 1)}  # a run across midnight
    for text in pages:
        assert any(f"打印时间{day}" in text for day in days)
        assert "检查时间" not in text


def test_a_finding_is_never_split_across_pages(browser, tmp_path):
    result = many_findings(80)
    result = replace(result, findings=tuple(replace(f, message=f"说明{i:05d}") for i, f in enumerate(result.findings)))
    path = tmp_path / "report.html"
    path.write_text(render(result, ReportOptions(timestamp=STAMP)), encoding="utf-8")
    for landscape in (False, True):
        pages = print_pdf(browser, path, landscape)
        assert len(pages) > 3  # the table really runs over several pages
        for i in range(80):
            where = {n for n, text in enumerate(pages) if f"项目支出表!{1000 + i}" in text}
            name = {n for n, text in enumerate(pages) if f"项目{i:05d}" in text}
            message = {n for n, text in enumerate(pages) if f"说明{i:05d}" in text}
            assert len(where) == 1 and where == name == message, (i, where, name, message)


def overflowing_cells(page) -> list[str]:
    """Finding cells whose content is wider than the cell (cut off or spilling over)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('#findings tbody td'))
        .filter(td => td.getClientRects().length && td.scrollWidth > td.clientWidth + 1)
        .map(td => td.textContent.slice(0, 40))""")


def long_places(count: int = 12):
    """Findings whose sheet is a CSV export's long file name, as budgetlint names a CSV's sheet."""
    result = many_findings(count)
    sheet = "泽州县市场监督管理局2025年项目库导出_20250301_final_version_2"
    return replace(result, findings=tuple(replace(f, sheet=sheet, path=f"budgets/{sheet}.csv") for f in result.findings))


@pytest.mark.parametrize("media", ["screen", "print"])
def test_long_locations_wrap_inside_their_cell(browser, tmp_path, media):
    path = tmp_path / "report.html"
    path.write_text(render(long_places(), ReportOptions()), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri())
    page.emulate_media(media=media)
    assert overflowing_cells(page) == []
    context.close()


def test_phone_layout(browser, sample_report):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(sample_report.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    assert overflowing_cells(page) == []
    # each finding is a card (a grid of its cells), not a row of a table wider than the screen
    assert page.evaluate("getComputedStyle(document.querySelector('#findings tbody tr')).display") == "grid"
    # chart labels stay readable: at least 11 px tall on the phone
    heights = page.evaluate("""() => Array.from(document.querySelectorAll('.chart text.lbl'))
        .map(t => t.getBoundingClientRect().height)""")
    assert heights and min(heights) >= 11
    context.close()


def cjk_fonts() -> list[str]:
    try:
        done = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line for line in done.stdout.splitlines() if line.strip()]


def test_chinese_is_drawn_with_a_chinese_font(browser, sample_report):
    """The font stack names the CJK fonts desktops have; where one is installed, it is used."""
    if not cjk_fonts():
        pytest.skip("no Chinese font installed here (fc-list :lang=zh): e.g. apt-get install fonts-wqy-microhei")
    context = browser.new_context()
    page = context.new_page()
    page.goto(sample_report.as_uri())
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]
    installed = " ".join(cjk_fonts())
    assert any(name.split(",")[0] in installed or name in installed for name in fonts), (fonts, installed)
    context.close()
