"""Annotated copies lose nothing, or say what they lost; their summary is in the workbook's unit.

The rich workbook is built in tmp_path with openpyxl (and Pillow for the picture); what
openpyxl cannot write (a text box, an Excel 2010 drop-down list that refers to another
sheet) is added to its package by hand, as Excel would have written it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image as PILImage

from budgetlint import annotate
from budgetlint.annotate import annotated_copies, write_annotated_copies
from budgetlint.models import BudgetLine, Workbook
from budgetlint.report._cells import text_width

from .test_annotate import LINES, SHEET, WARN, finding, make_xlsx, run

TEXT_BOX = (b'<oneCellAnchor><from><col>8</col><colOff>0</colOff><row>1</row><rowOff>0</rowOff></from>'
            b'<ext cx="900000" cy="300000"/><sp macro="" textlink=""><nvSpPr><cNvPr id="9" name="TextBox 9"/>'
            b'<cNvSpPr txBox="1"/></nvSpPr><spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></spPr>'
            b'<txBody><a:bodyPr/><a:p><a:r><a:t>\xe8\xaf\xb4\xe6\x98\x8e</a:t></a:r></a:p></txBody></sp>'
            b'<clientData/></oneCellAnchor>')
X14_LIST = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
            b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
            b'<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
            b'<x14:dataValidation type="list"><x14:formula1><xm:f>Sheet2!$A$1:$A$3</xm:f></x14:formula1>'
            b'<xm:sqref>E3:E7</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>')


def rich_xlsx(path: Path) -> Path:
    """The tiny budget of test_annotate plus a picture, a chart, a drop-down list, a defined
    name, and the preparer's comment on a flagged line's name."""
    make_xlsx(path)
    book = openpyxl.load_workbook(path)
    ws = book[SHEET]
    ws["B3"].comment = Comment("请核对金额", "张三")
    validation = DataValidation(type="list", formula1='"是,否"')
    ws.add_data_validation(validation)
    validation.add("D3:D7")
    book.defined_names["项目金额"] = DefinedName("项目金额", attr_text=f"'{SHEET}'!$C$3:$C$7")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=3, min_row=3, max_row=7))
    ws.add_chart(chart, "F2")
    png = io.BytesIO()
    PILImage.new("RGB", (6, 4), "red").save(png, "PNG")
    ws.add_image(Image(io.BytesIO(png.getvalue())), "F20")
    book.save(path)
    return path


def with_parts_openpyxl_cannot_write(path: Path) -> Path:
    """Add a text box to the sheet's drawing and an Excel 2010 drop-down list to the sheet."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    drawing = next(n for n in parts if n.startswith("xl/drawings/drawing") and n.endswith(".xml"))
    parts[drawing] = parts[drawing].replace(b"</wsDr>", TEXT_BOX + b"</wsDr>")
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"</worksheet>", X14_LIST + b"</worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def summary_rows(ws: Worksheet) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=2)]


def test_rich_workbook_keeps_pictures_charts_lists_names_and_comment_authors(tmp_path):
    src = rich_xlsx(tmp_path / "阳城县.xlsx")
    (copy,) = annotated_copies(run((src, [finding(src, 3), finding(src, 5, **WARN)])), tmp_path / "out")
    assert copy.not_kept == ()
    book = openpyxl.load_workbook(copy.path)
    ws = book[SHEET]
    assert len(ws._images) == 1 and len(ws._charts) == 1
    assert [str(v.sqref) for v in ws.data_validations.dataValidation] == ["D3:D7"]
    assert "项目金额" in book.defined_names
    assert ws["B3"].comment.author == "张三"
    assert ws["B3"].comment.text.startswith("请核对金额") and "BL101" in ws["B3"].comment.text
    assert ws["B5"].comment.author == "budgetlint"
    assert ws["B7"].comment.author == "preparer"  # an unflagged line's comment is untouched
    assert summary_rows(book["budgetlint"])[-1][0] == SHEET  # no note of losses under the findings


def test_what_cannot_be_kept_is_named_in_the_copy_and_returned(tmp_path):
    src = with_parts_openpyxl_cannot_write(rich_xlsx(tmp_path / "阳城县.xlsx"))
    (copy,) = annotated_copies(run((src, [finding(src, 3)])), tmp_path / "out")
    assert {loss.kind for loss in copy.not_kept} == {"shape", "data-validation"}
    assert [loss.count for loss in copy.not_kept if loss.kind == "shape"] == [1]
    book = openpyxl.load_workbook(copy.path)
    ws = book[SHEET]
    assert len(ws._images) == 1 and len(ws._charts) == 1  # what can be kept still is
    rows = summary_rows(book["budgetlint"])
    assert rows[0][:3] == [SHEET, 3, "BL101 wrong-level"] and rows[1] == [None] * len(rows[1])
    notes = [r[0] for r in rows[2:]]
    assert "未能保留" in notes[0]
    assert sorted(notes[1:]) == sorted("· " + t for t in copy.not_kept_text("zh"))
    assert any("形状和文本框 1 个" in n for n in notes) and any("数据验证" in n for n in notes)
    assert copy.not_kept_text("en") == ["1 shapes and text boxes",
                                        "data validation (extended, e.g. drop-down lists from other sheets)"]


def test_a_loss_found_only_in_the_saved_copy_is_noted_too(tmp_path, monkeypatch):
    """The note is written before saving from what is known to be lost; the saved copy is then
    compared with the original, and a loss only that shows is noted before the final save."""
    src = rich_xlsx(tmp_path / "b.xlsx")
    monkeypatch.setattr(annotate._kept, "NEVER_WRITTEN", frozenset())
    real_from_original = annotate._from_original

    def drop_the_picture(path, findings, lang):
        book, warned = real_from_original(path, findings, lang)
        book[SHEET]._images.clear()
        return book, warned

    monkeypatch.setattr(annotate, "_from_original", drop_the_picture)
    (copy,) = annotated_copies(run((src, [finding(src, 3)])), tmp_path / "out")
    assert [(loss.kind, loss.count) for loss in copy.not_kept] == [("image", 1)]
    notes = [r[0] for r in summary_rows(openpyxl.load_workbook(copy.path)["budgetlint"])]
    assert notes[-1] == "· 图片 1 个" and "未能保留" in notes[-2]


@pytest.mark.parametrize(("lang", "lost", "shapes"), [("zh", "未能保留", "形状和文本框 1 个"),
                                                     ("en", "could not keep", "1 shapes and text boxes")])
def test_cli_prints_where_each_copy_went_and_warns_what_was_lost(tmp_path, run_cli, lang, lost, shapes):
    """The warning in the run's language, what was lost included (before issue 18, the
    warning was English around the Chinese list of what was lost)."""
    folder = tmp_path / "in"
    folder.mkdir()
    with_parts_openpyxl_cannot_write(rich_xlsx(folder / "rich.xlsx"))
    make_xlsx(folder / "plain.xlsx")
    code, out, err = run_cli("check", folder, "--annotate", tmp_path / "out", "--fail-on", "never", "--jobs", "1",
                             "--lang", lang)
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["plain.annotated.xlsx", "rich.annotated.xlsx"]
    for name in written:  # the report goes to stdout, so the copies are announced on stderr
        assert str(tmp_path / "out" / name) in err
    assert f"rich.annotated.xlsx {lost}" in err and shapes in err
    assert f"plain.annotated.xlsx {lost}" not in err


def test_summary_sheet_in_the_workbooks_unit_with_fitted_columns(tmp_path):
    src = make_xlsx(tmp_path / "b.xlsx")
    lines = tuple(BudgetLine(SHEET, row, name, float(amount), unit="万元") for row, name, amount in LINES)
    result = run((src, [replace(finding(src, 3), amount_yuan=1_234_567.0), finding(src, 7, **WARN)]))
    wb = replace(result.workbooks[0], workbook=Workbook(str(src), lines, ()))
    (copy,) = write_annotated_copies(replace(result, workbooks=(wb,)), tmp_path / "out")
    ws = openpyxl.load_workbook(copy)["budgetlint"]
    assert ws.cell(row=1, column=6).value == "金额（万元）"
    assert ws.cell(row=2, column=6).value == pytest.approx(123.4567)
    assert ws.cell(row=2, column=6).number_format == "#,##0.00"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:I3"
    widths = {col: ws.column_dimensions[col].width for col in "ABCDEFGHI"}
    # every heading and value fits (no ###, no cut-off text) up to the caps of the long columns
    for col, cap in zip("ABCDEFGHI", annotate._SUMMARY_CAPS):
        longest = max(text_width(c.value) for c in ws[col] if c.value is not None)
        assert widths[col] >= min(longest, cap), col
    assert ws.cell(row=2, column=9).alignment.wrap_text  # how to fix wraps instead of widening


def test_english_summary_names_the_unit(tmp_path):
    from budgetlint.report import ReportOptions

    src = make_xlsx(tmp_path / "b.xlsx")
    lines = tuple(BudgetLine(SHEET, row, name, float(amount), unit="万元") for row, name, amount in LINES)
    result = run((src, [finding(src, 3)]))
    wb = replace(result.workbooks[0], workbook=Workbook(str(src), lines, ()))
    (copy,) = write_annotated_copies(replace(result, workbooks=(wb,)), tmp_path / "out", ReportOptions(lang="en"))
    assert openpyxl.load_workbook(copy)["budgetlint"].cell(row=1, column=6).value == "amount (10,000 yuan)"


def test_each_sheet_is_measured_once_not_once_per_flagged_row(tmp_path, monkeypatch):
    """Issue 19: the copy took 2.8 / 8 / 49 s for 2,000 / 4,000 / 8,000 lines because every
    flagged row asked openpyxl for the sheet's width, which walks every cell."""
    path = tmp_path / "big.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SHEET
    for row in range(1, 401):
        ws.append([row, f"项目{row}", row * 10, None])
    book.save(path)
    calls = []
    width = Worksheet.max_column
    monkeypatch.setattr(Worksheet, "max_column", property(lambda self: calls.append(self.title) or width.fget(self)))
    findings = [replace(finding(path, 3), row=row, name=f"项目{row}") for row in range(1, 401)]
    (copy,) = write_annotated_copies(run((path, findings)), tmp_path / "out")
    assert 1 <= calls.count(SHEET) <= 2
    marked = openpyxl.load_workbook(copy)[SHEET]
    assert all(marked.cell(row=row, column=2).comment is not None for row in (1, 200, 400))


def test_amount_column_fits_a_large_amount_in_yuan(tmp_path):
    """Issue 20: the summary showed ### where a large amount did not fit its column."""
    src = make_xlsx(tmp_path / "b.xlsx")
    result = run((src, [replace(finding(src, 3), amount_yuan=123_456_789.5)]))
    (copy,) = write_annotated_copies(result, tmp_path / "out")
    ws = openpyxl.load_workbook(copy)["budgetlint"]
    assert ws.cell(row=1, column=6).value == "金额（元）"
    assert ws.column_dimensions["F"].width >= len("123,456,789.50")
