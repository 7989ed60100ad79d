"""The findings workbook (`--format xlsx`): summary, findings and lines sheets, read back with openpyxl.

The run is test_html's sample_result (two 晋城 budgets and one unreadable file), built from
models.py directly; its lines are given units per case.
"""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest

from budgetlint import cli, report
from budgetlint.models import RunResult
from budgetlint.report import ReportOptions, render, render_chunks
from budgetlint.report import xlsx as xlsx_format
from budgetlint.report._rule_text import fix_text

from report.test_html import (
    BROKEN_BOOK, CITY_BOOK, COUNTY_BOOK, HOSTILE, NAV_CITY, SCHEME, many_findings, sample_result,
)


def in_unit(result: RunResult, unit: str) -> RunResult:
    """The same run, its tables in `unit` (amounts stay in 元, as the reader gives them)."""
    books = []
    for wb in result.workbooks:
        if wb.workbook is None:
            books.append(wb)
            continue
        judgements = tuple(replace(j, line=replace(j.line, unit=unit)) for j in wb.judgements)
        workbook = replace(wb.workbook, lines=tuple(j.line for j in judgements))
        books.append(replace(wb, judgements=judgements, workbook=workbook))
    return replace(result, workbooks=tuple(books))


def book_of(result: RunResult | None = None, **options) -> openpyxl.Workbook:
    data = render("xlsx", result or in_unit(sample_result(), "万元"), ReportOptions(**options))
    assert isinstance(data, bytes)
    return openpyxl.load_workbook(io.BytesIO(data))


def rows_of(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return book_of()


def test_three_sheets_in_the_reports_language(book):
    assert book.sheetnames == ["概况", "问题清单", "预算行"]
    assert book_of(lang="en").sheetnames == ["Summary", "Findings", "Lines"]


def test_one_row_per_finding_with_its_place(book):
    rows = rows_of(book["问题清单"])
    expected = [(f.code, f.sheet, f.row) for f in sample_result().findings]
    assert [(r["规则"].split()[0], r["工作表"], r["行"]) for r in rows] == expected
    assert {r["工作簿"] for r in rows} == {COUNTY_BOOK, CITY_BOOK}


def test_finding_columns(book):
    (row,) = [r for r in rows_of(book["问题清单"]) if r["项目名称"] == "全市专利导航项目"]
    assert row["金额（万元）"] == 50
    assert row["判定"] == "支出级次不符" and row["规则"] == "BL101 wrong-level" and row["审核类别"] == "强制性"
    assert row["对应事权"] == NAV_CITY.task  # the duty's Chinese task, from the workbook's scheme
    assert row["条款"] == NAV_CITY.clause
    assert "命中词：专利导航" in row["命中依据"] and "资金：本级资金：本级财力" in row["命中依据"]
    assert row["如何改正"] == fix_text("BL101") != ""
    assert row["检查状态"] == "待处理" and row["处理情况（编制单位填写）"] is None


@pytest.mark.parametrize(("rule", "status"), [("BL102", "已豁免"), ("BL101", "基线已有")])
def test_suppressed_and_baseline_findings_say_so(book, rule, status):
    statuses = {r["检查状态"] for r in rows_of(book["问题清单"]) if r["规则"].startswith(rule)}
    assert status in statuses


def test_formula_looking_text_stays_text(book):
    ws = book["问题清单"]
    cells = [row[3] for row in ws.iter_rows(min_row=2) if row[3].value in HOSTILE]
    assert sorted(c.value for c in cells) == sorted(HOSTILE)
    assert all(c.data_type == "s" for c in cells)  # =HYPERLINK(...) is a string, not a formula


def test_findings_sheet_is_filterable_frozen_fitted_and_wrapped(book):
    ws = book["问题清单"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:O{len(sample_result().findings) + 1}"
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, 16)]
    caps = [cap for cap, _ in xlsx_format._FINDING_COLUMNS]
    assert all(3 <= round(w) <= cap + 3 for w, cap in zip(widths, caps))
    assert round(widths[0]) >= len(COUNTY_BOOK)  # the workbook's path is not cut off
    clause = ws.cell(row=2, column=10)
    assert clause.alignment.wrap_text and not ws.cell(row=2, column=2).alignment.wrap_text
    assert ws.cell(row=2, column=5).number_format == "#,##0.00"


def test_severity_cells_coloured(book):
    ws = book["问题清单"]
    fills = {ws.cell(row=r, column=8).value: ws.cell(row=r, column=8).fill.fgColor.rgb for r in range(2, ws.max_row + 1)}
    assert fills == {"强制性": "FFFFC7CE", "提示性": "FFFFEB9C", "提示信息": "FFDDEBF7"}


def summary_table(ws, title: str) -> list[dict]:
    """The rows of a summary table: under its title, from its heading to its 合计 row."""
    values = [[c.value for c in row] for row in ws.iter_rows()]
    start = next(i for i, row in enumerate(values) if row[0] == title) + 1
    header = values[start]
    table = []
    for row in values[start + 1:]:
        table.append(dict(zip(header, row)))
        if row[0] == "合计":
            return table
    raise AssertionError("no 合计 row")


def test_summary_by_workbook_in_the_budgets_unit(book):
    ws = book["概况"]
    rows = {r["工作簿"]: r for r in summary_table(ws, "按工作簿")}
    county = rows[COUNTY_BOOK]
    assert (county["地区"], county["级次"], county["项目行"], county["单位"]) == ("阳城县", "县（市、区）", 7, "万元")
    assert county["项目金额"] == pytest.approx(195.0)  # 1,950,000 元 of known amounts
    assert (county["强制性"], county["提示性"], county["提示信息"], county["已豁免"]) == (2, 2, 1, 1)
    assert county["支出级次不符金额"] == pytest.approx(50.0) and county["支出级次不符行数"] == 1
    assert rows[CITY_BOOK]["支出级次不符金额"] == pytest.approx(30.0)
    assert "文件已加密" in rows[BROKEN_BOOK]["说明"] and rows[BROKEN_BOOK]["项目行"] is None
    assert rows["合计"]["项目金额"] == pytest.approx(233.0) and rows["合计"]["支出级次不符金额"] == pytest.approx(80.0)
    assert "晋市财行〔2024〕88号" in ws["A2"].value and SCHEME.title in ws["A2"].value


def test_summary_by_jurisdiction(book):
    rows = {r["地区"]: r for r in summary_table(book["概况"], "按地区")}
    assert set(rows) == {"阳城县", "晋城市", "合计"}
    assert (rows["晋城市"]["工作簿数"], rows["晋城市"]["项目行"], rows["晋城市"]["强制性"]) == (1, 2, 1)
    assert rows["合计"]["工作簿数"] == 2 and rows["合计"]["支出级次不符行数"] == 2


def test_summary_amounts_in_yuan_for_a_budget_in_yuan():
    rows = {r["工作簿"]: r for r in summary_table(book_of(in_unit(sample_result(), "元"))["概况"], "按工作簿")}
    assert rows[COUNTY_BOOK]["单位"] == "元" and rows[COUNTY_BOOK]["项目金额"] == 1_950_000
    assert rows[COUNTY_BOOK]["支出级次不符金额"] == 500_000


def test_lines_sheet_lists_every_line(book):
    rows = rows_of(book["预算行"])
    assert len(rows) == 9
    (nav,) = [r for r in rows if r["项目名称"] == "全市专利导航项目"]
    assert (nav["判定"], nav["金额（万元）"], nav["对应事权"]) == ("支出级次不符", 50, f"{NAV_CITY.id} {NAV_CITY.task}")


def test_no_lines_sheet_when_the_run_kept_no_lines():
    result = sample_result()
    lean = replace(result, workbooks=tuple(
        replace(wb, judgements=(), workbook=replace(wb.workbook, lines=()), verdicts=wb.verdicts) if wb.workbook else wb
        for wb in result.workbooks))
    assert not lean.kept_lines
    book = book_of(lean)
    assert book.sheetnames == ["概况", "问题清单"]
    rows = {r["工作簿"]: r for r in summary_table(book["概况"], "按工作簿")}
    assert rows[COUNTY_BOOK]["项目行"] == 7 and rows[COUNTY_BOOK]["项目金额"] is None
    assert len(rows_of(book["问题清单"])) == len(result.findings)


def test_english_headings_and_words():
    book = book_of(lang="en")
    (row,) = [r for r in rows_of(book["Findings"]) if r["project"] == "全市专利导航项目"]
    assert row["severity"] == "must fix" and row["verdict"] == "wrong level" and row["amount (10,000 yuan)"] == 50
    assert row["status"] == "open"


def test_byte_identical_for_the_same_run():
    result = in_unit(sample_result(), "万元")
    assert render("xlsx", result) == render("xlsx", result)
    assert b"".join(render_chunks("xlsx", result)) == render("xlsx", result)


def test_a_sheet_that_would_pass_excels_last_row_continues_on_the_next(monkeypatch):
    monkeypatch.setattr(xlsx_format, "MAX_ROWS", 4)
    book = book_of(many_findings(10))
    assert book.sheetnames == ["概况", "问题清单", "问题清单 (2)", "问题清单 (3)", "预算行", "预算行 (2)", "预算行 (3)"]
    names = [r["项目名称"] for title in ("问题清单", "问题清单 (2)", "问题清单 (3)") for r in rows_of(book[title])]
    assert names == [f"项目{i:05d}" for i in range(10)]


def test_control_characters_do_not_break_the_workbook():
    result = sample_result()
    bad = replace(result.findings[0], name="项目\x00\x1b[31m名\x07称", message="a\x0bb")
    book = book_of(replace(result, findings=(bad,) + result.findings[1:]))
    assert any(r["项目名称"].startswith("项目") and "名" in r["项目名称"] for r in rows_of(book["问题清单"]))


def test_cli_format_choices_come_from_the_registry(run_cli):
    assert cli.FORMATS == tuple(report.FORMATS) and "xlsx" in cli.FORMATS
    _, out, _ = run_cli("check", "--help")
    assert "xlsx" in out


@pytest.mark.parametrize(("lang", "written", "sheets"), [("zh", "报告已写入", ["概况", "问题清单", "预算行"]),
                                                       ("en", "Report written to", ["Summary", "Findings", "Lines"])])
def test_cli_writes_the_workbook(tmp_path, run_cli, sample_copy, lang, written, sheets):
    """The line saying where the report went and the workbook, both in the run's language."""
    out = tmp_path / "out" / "问题清单.xlsx"
    out.parent.mkdir()
    code, stdout, stderr = run_cli("check", sample_copy, "--format", "xlsx", "-o", out, "--fail-on", "never", "--lang", lang)
    assert code == 0, stderr
    assert f"{written} {out}" in stdout
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == sheets and len(rows_of(book[sheets[1]])) > 0


def test_cli_writes_the_workbook_to_a_pipe_but_not_to_a_terminal(tmp_path, sample_copy, monkeypatch):
    from click.testing import CliRunner

    piped = CliRunner().invoke(cli.main, ["check", str(sample_copy), "--format", "xlsx", "--fail-on", "never"])
    assert piped.exit_code == 0
    assert openpyxl.load_workbook(io.BytesIO(piped.stdout_bytes)).sheetnames[0] == "概况"

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Terminal())
    from budgetlint import _check
    from budgetlint.errors import OutputError

    with pytest.raises(OutputError, match="--output"):
        _check.run(paths=(sample_copy,), scheme=None, jurisdiction=None, fmt="xlsx", output=None, fail_on="never",
                   lang=None, jobs=1, exclude=(), select=None, extend_select=None, ignore=None, config_path=None,
                   suppressions=None, baseline=None, write_baseline=None, annotate=None, timestamp="", progress=False)


@pytest.fixture
def sample_copy(tmp_path):
    from conftest import REPO

    source = REPO / "sample_budgets" / "阳城县市场监督管理局2025年部门预算.xlsx"
    copy = tmp_path / "in" / source.name
    copy.parent.mkdir()
    copy.write_bytes(source.read_bytes())
    return copy


def test_empty_run():
    book = book_of(RunResult((), (), ()))
    assert book.sheetnames == ["概况", "问题清单"]
    assert rows_of(book["问题清单"]) == []
    assert summary_table(book["概况"], "按工作簿")[-1]["项目行"] == 0


def test_hostile_names_from_real_workbooks_stay_inert_text(tmp_path):
    """The hostile corpus's formula, DDE and HTML names, and control characters and a
    100,000-character name, linted into the findings workbook: every text cell is a string
    (none a formula), each payload is there as written, and the over-long name is cut at
    Excel's 32,767 characters instead of breaking the file."""
    from hostile.corpus import PAYLOAD_NAMES, check, good_csv_text, project_rows, write_openpyxl

    folder = tmp_path / "in"
    folder.mkdir()
    write_openpyxl(folder / "阳城县市场监督管理局2025年部门预算.xlsx",
                   {"项目支出表": project_rows([(name, 10, "本级财力") for name in PAYLOAD_NAMES])})
    controls = ["全市性专利导航\x1b[2J\x1b]0;pwned\x07项目", "全市性专利导航\r覆盖本行",
                "全市性专利导航项目" + "专利导航" * 25_000]
    (folder / "泽州县市场监督管理局2025年项目库导出.csv").write_text(
        good_csv_text([(name, 3, "本级财力") for name in controls]), encoding="utf-8")
    out = tmp_path / "out" / "report.xlsx"
    out.parent.mkdir()
    run = check(folder, "--format", "xlsx", "--output", out)
    assert run.code == 1 and "Traceback" not in run.stdout + run.stderr
    book = openpyxl.load_workbook(out)
    found = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    found.add(cell.value)
    assert set(PAYLOAD_NAMES) <= found
    assert any(v.startswith("全市性专利导航项目专利导航") and len(v) == 32_767 for v in found)
