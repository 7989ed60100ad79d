"""Annotated copies: flagged rows filled and commented, the original never touched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest
import xlwt

from budgetlint.annotate import FILLS, fix_text, write_annotated_copies
from budgetlint.errors import OutputError
from budgetlint.models import BudgetLine, Finding, Funding, Judgement, Match, RunResult, Suppression, WorkbookResult
from budgetlint.report import ReportOptions

FORMULA_NAME = '=HYPERLINK("http://evil.example","点我")'
SHEET = "项目支出表"
# (row, name, amount): the project lines of the tiny workbook, under a title and a header.
LINES = [(3, "全市性专利导航项目", 120000), (4, "食品安全抽检", 50000), (5, "商标品牌奖补", 30000),
         (6, FORMULA_NAME, 1000), (7, "专利质押融资风险补偿", 8000)]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SHEET
    ws["A1"] = "阳城县市场监督管理局2025年项目支出表"
    ws.merge_cells("A1:D1")
    for col, head in enumerate(["序号", "项目名称", "金额", "备注"], start=1):
        ws.cell(row=2, column=col, value=head)
    for i, (row, name, amount) in enumerate(LINES, start=1):
        ws.cell(row=row, column=1, value=i)
        cell = ws.cell(row=row, column=2, value=name)
        cell.data_type = "s"  # the hostile name is text in the original too
        ws.cell(row=row, column=3, value=amount)
    ws["B7"].comment = openpyxl.comments.Comment("编制说明", "preparer")
    book.create_sheet("收支总表")["A1"] = "收支总表"
    book.save(path)
    return path


def make_other(path: Path) -> Path:
    if path.suffix == ".xls":
        book = xlwt.Workbook()
        ws = book.add_sheet(SHEET)
        for row, name, amount in LINES:
            ws.write(row - 1, 1, name)
            ws.write(row - 1, 2, amount)
        book.save(str(path))
    else:
        path.write_text("".join(f",{name},{amount}\n" for _, name, amount in LINES), encoding="utf-8")
    return path


def finding(path: Path, row: int, code="BL101", rule="wrong-level", severity="error", **kw) -> Finding:
    name = next(n for r, n, _ in LINES if r == row)
    return Finding(path=str(path), sheet=SHEET, row=row, code=code, rule=rule, severity=severity, name=name,
                   message="市级事权由县级本级资金安排", clause="确认为市级财政事权", **kw)


def judgements(path: Path) -> tuple[Judgement, ...]:
    return tuple(
        Judgement(line=BudgetLine(sheet=SHEET, row=row, name=name, amount_yuan=float(amount)), verdict="ok",
                  duty=None, duty_level="", match=Match(is_ip=True, candidates=()), funding=Funding())
        for row, name, amount in LINES
    )


def run(*workbooks: tuple[Path, list[Finding]]) -> RunResult:
    results = tuple(WorkbookResult(path=str(p), placement=None, workbook=None, judgements=judgements(p),
                                   findings=tuple(fs)) for p, fs in workbooks)
    return RunResult(workbooks=results, findings=tuple(f for _, fs in workbooks for f in fs), errors=())


def fill_of(cell) -> str | None:
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None


WARN = dict(code="BL105", rule="unlisted", severity="warning")
INFO = dict(code="BL103", rule="entrusted", severity="info")

# flagged rows: (row, severity extras) -> expected fill per row of LINES (None: untouched)
CASES = {
    "one error": ([(3, {})], {3: "error"}),
    "each severity": ([(3, {}), (5, WARN), (7, INFO)], {3: "error", 5: "warning", 7: "info"}),
    "worst wins on a row": ([(5, INFO), (5, WARN), (5, {})], {5: "error"}),
    "formula-looking name": ([(6, WARN)], {6: "warning"}),
}


@pytest.mark.parametrize("flags, fills", CASES.values(), ids=CASES.keys())
def test_xlsx_copy_fills_and_comments_flagged_rows(tmp_path, flags, fills):
    (tmp_path / "in").mkdir()
    src = make_xlsx(tmp_path / "in" / "阳城县.xlsx")
    before = sha256(src)
    findings = [finding(src, row, **extra) for row, extra in flags]
    (copy,) = write_annotated_copies(run((src, findings)), tmp_path / "out", ReportOptions())
    assert copy == tmp_path / "out" / "阳城县.annotated.xlsx"
    assert sha256(src) == before
    ws = openpyxl.load_workbook(copy)[SHEET]
    for row, _, _ in LINES:
        expected = FILLS[fills[row]] if row in fills else None
        assert [fill_of(ws.cell(row=row, column=c)) for c in (1, 2, 3, 4)] == [expected] * 4, row
        name_cell = ws.cell(row=row, column=2)
        if row in fills:
            for f in findings:
                if f.row == row:
                    assert f.code in name_cell.comment.text
                    assert f.clause in name_cell.comment.text
        elif row != 7:
            assert name_cell.comment is None
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]  # no temporary file left


def test_copy_keeps_the_original_content_and_adds_a_summary(tmp_path):
    src = make_xlsx(tmp_path / "b.xlsx")
    (copy,) = write_annotated_copies(run((src, [finding(src, 6, **WARN), finding(src, 7)])), tmp_path / "out")
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames == [SHEET, "收支总表", "budgetlint"]
    ws = book[SHEET]
    assert [ws.cell(row=r, column=2).value for r, _, _ in LINES] == [n for _, n, _ in LINES]
    assert ws.cell(row=6, column=2).data_type == "s"
    # the preparer's own comment is kept above budgetlint's
    assert ws["B7"].comment.text.startswith("编制说明") and "BL101" in ws["B7"].comment.text
    summary = book["budgetlint"]
    rows = [[c.value for c in r] for r in summary.iter_rows(min_row=2)]
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        (SHEET, 6, "BL105 unlisted", FORMULA_NAME), (SHEET, 7, "BL101 wrong-level", "专利质押融资风险补偿")]
    assert summary.cell(row=2, column=5).data_type == "s"  # written by the copy: never a formula


@pytest.mark.parametrize("suffix", [".csv", ".xls", ".xlsx"])
def test_other_inputs_get_a_table_of_lines(tmp_path, suffix):
    # .csv / .xls cannot be copied; an .xlsx openpyxl cannot open falls back the same way
    src = tmp_path / f"泽州县{suffix}"
    if suffix == ".xlsx":
        src.write_bytes(b"not a zip at all")
    else:
        make_other(src)
    before = sha256(src)
    (copy,) = write_annotated_copies(run((src, [finding(src, 6), finding(src, 5, **WARN)])), tmp_path / "out")
    assert sha256(src) == before
    assert copy.name == "泽州县.annotated.xlsx"
    ws = openpyxl.load_workbook(copy).worksheets[0]
    by_row = {ws.cell(row=r, column=2).value: r for r in range(2, ws.max_row + 1)}
    assert set(by_row) == {r for r, _, _ in LINES}
    assert ws.cell(row=by_row[6], column=3).value == FORMULA_NAME
    assert ws.cell(row=by_row[6], column=3).data_type == "s"
    assert fill_of(ws.cell(row=by_row[6], column=1)) == FILLS["error"]
    assert fill_of(ws.cell(row=by_row[5], column=1)) == FILLS["warning"]
    assert fill_of(ws.cell(row=by_row[3], column=1)) is None
    assert "BL101" in ws.cell(row=by_row[6], column=3).comment.text


def test_only_workbooks_with_open_findings_get_a_copy(tmp_path):
    a, b, c = (make_xlsx(tmp_path / n) for n in ("a.xlsx", "b.xlsx", "c.xlsx"))
    accepted = Suppression("BL101", "市级委托", "budgetlint-suppressions.toml")
    result = run((a, [finding(a, 3)]), (b, [finding(b, 3, suppression=accepted)]), (c, []))
    written = write_annotated_copies(result, tmp_path / "out")
    assert [p.name for p in written] == ["a.annotated.xlsx"]


def test_same_file_name_in_two_folders(tmp_path):
    srcs = []
    for folder in ("阳城县", "泽州县"):
        (tmp_path / folder).mkdir()
        srcs.append(make_xlsx(tmp_path / folder / "预算.xlsx"))
    written = write_annotated_copies(run(*((s, [finding(s, 3)]) for s in srcs)), tmp_path / "out")
    assert [p.name for p in written] == ["预算.annotated.xlsx", "预算-2.annotated.xlsx"]


@pytest.mark.parametrize("where", ["input file", "existing file", "input's annotated name"])
def test_refuses_to_write_over_inputs(tmp_path, where):
    src = make_xlsx(tmp_path / "b.xlsx")
    inputs = [(src, [finding(src, 3)])]
    if where == "input file":
        out = src
    elif where == "existing file":
        out = tmp_path / "notes.txt"
        out.write_text("x")
    else:  # an input that is itself called b.annotated.xlsx, in the output folder
        out = tmp_path / "out"
        out.mkdir()
        other = make_xlsx(out / "b.annotated.xlsx")
        inputs.append((other, []))
    before = sha256(src)
    with pytest.raises(OutputError):
        write_annotated_copies(run(*inputs), out)
    assert sha256(src) == before


def test_fix_text_comes_from_the_rule_doc():
    assert fix_text("BL101")
    assert "How to fix" not in fix_text("BL101") and "\n" not in fix_text("BL101")
    assert fix_text("BL999") == ""


def test_check_with_annotate_keeps_every_line_whatever_the_format(tmp_path, run_cli):
    """A text run drops lines once linted (LintOptions.keep_lines), except when --annotate needs
    them: a CSV's annotated copy is a table of all its lines, not only the flagged ones."""
    from budgetlint.engine import LintOptions, lint_paths

    sample = Path(__file__).resolve().parents[2] / "sample_budgets" / "泽州县市场监督管理局2025年项目库导出.csv"
    src = tmp_path / "in" / sample.name
    src.parent.mkdir()
    src.write_bytes(sample.read_bytes())
    (expected,) = lint_paths([src], LintOptions()).workbooks
    code, _, _ = run_cli("check", src, "--annotate", tmp_path / "out", "--fail-on", "never")
    assert code == 0
    (copy,) = (tmp_path / "out").iterdir()
    ws = openpyxl.load_workbook(copy).worksheets[0]
    rows = [ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)]
    assert len(expected.workbook.lines) > len(expected.findings) > 0
    assert rows == [line.row for line in expected.workbook.lines]
