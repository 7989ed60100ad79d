"""The findings workbook's own writer (report/_xlsx_writer.py).

What xlsxwriter got right before it and the writer must too: text stays text (never a formula
or a number), Excel's _xHHHH_ escapes, the 32,767-unit cell limit, numbers as numbers, blanks
left empty. What it adds: repeated text shared, the same bytes every run, a sheet that ends
before its zip entry would need ZIP64, a file name's undecodable bytes shown instead of a
crash. Packages are read back with openpyxl and python-calamine; xlsxwriter (a test
dependency) is the reference for how text is stored.
"""

from __future__ import annotations

import datetime
import io
import math
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace

import openpyxl
import pytest
import python_calamine
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlint.report import render
from budgetlint.report import _xlsx_writer as writer
from budgetlint.report import xlsx as xlsx_format
from budgetlint.report._xlsx_writer import Format, Workbook

from report.test_html import many_findings, sample_result

CREATED = datetime.datetime(2000, 1, 1)
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def package(rows: list[list], styles: list[str] | None = None, *, sheets: int = 1) -> bytes:
    """rows written by our writer into `sheets` sheets, every cell in one style."""
    fh = io.BytesIO()
    with Workbook(fh, title="标题", author="budgetlint", comments="c", created=CREATED) as book:
        style = book.style(Format(top=True))
        for i in range(sheets):
            sheet = book.add_sheet(f"表{i + 1}", [12] * max(map(len, rows), default=1), frozen_rows=1)
            for values in rows:
                sheet.row(values, styles or [style] * len(values))
            sheet.close(filter_columns=max(map(len, rows), default=1))
    return fh.getvalue()


def xlsxwriter_package(rows: list[list]) -> bytes:
    """The same rows as the findings workbook wrote them with xlsxwriter (constant memory,
    text always text, None and "" left out)."""
    xlsxwriter = pytest.importorskip("xlsxwriter")
    fh = io.BytesIO()
    book = xlsxwriter.Workbook(fh, {"constant_memory": True, "strings_to_formulas": False,
                                    "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("表1")
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if isinstance(value, str) and value:
                sheet.write_string(r, c, value)
            elif value is not None and not isinstance(value, str):
                sheet.write_number(r, c, value)
    book.close()
    return fh.getvalue()


def by_openpyxl(data: bytes) -> list[list]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [[c.value for c in row] for row in ws.iter_rows()]


def by_calamine(data: bytes) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python(skip_empty_area=False)


# ---------------------------------------------------------------------------
# Text: stored as xlsxwriter stores it, read back as written.

ESCAPE_LIKE = st.from_regex(r"_x[0-9a-fA-F]{4}_", fullmatch=True)
AWKWARD = st.sampled_from(["\x00", "\x01", "\x08", "\x0b", "\x1f", "\r", "\r\n", "\t", "\n", " ", "\u3000", "\x7f",
                           "\x85", "\ufffe", "\uffff", "&", "<", ">", '"', "'", "_x", "_x005F_", "=SUM(A1)", "1234",
                           "@", "😀", "𝔘"])
NO_SURROGATES = st.characters(blacklist_categories=("Cs",))
CELL_TEXT = st.lists(st.one_of(st.text(NO_SURROGATES, max_size=12), ESCAPE_LIKE, AWKWARD), max_size=6).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(CELL_TEXT, min_size=1, max_size=4))
def test_text_reads_back_as_xlsxwriter_stores_it(texts):
    rows = [[t, t] for t in texts] * 2  # twice: the second time a text may be a shared string
    ours, theirs = package(rows), xlsxwriter_package(rows)
    assert by_openpyxl(ours) == by_openpyxl(theirs)
    assert by_calamine(ours) == by_calamine(theirs)


PLAIN = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"), min_size=1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(PLAIN, st.sampled_from(["=HYPERLINK(\"http://x\")", "+1", "-1", "1234", "1e5", " 12 ",
                                                   "TRUE", "#N/A", "<b>&amp;</b>"])), min_size=1, max_size=4))
def test_plain_text_reads_back_as_written_and_as_text(texts):
    texts = [t for t in texts if "_x" not in t] or ["x"]
    rows = [[t] for t in texts] * 3
    data = package(rows)
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in ws["A"]] == [t for t, in rows]
    assert {c.data_type for c in ws["A"]} == {"s"}  # never a formula ("f") or a number ("n")
    assert [row[0] for row in by_calamine(data)] == [t for t, in rows]


@pytest.mark.parametrize(("text", "stored"), [
    ("a\x00b", "a_x0000_b"),
    ("\x1b[31m", "_x001B_[31m"),
    ("a\rb", "a_x000D_b"),
    ("_x0041_", "_x005F_x0041_"),
    ("_x00ff_", "_x005F_x00ff_"),
    ("_X00ff_", "_X00ff_"),  # an upper-case X is no escape
    ("\ufffe", "_xFFFE_"),
    ("a\tb\nc", "a\tb\nc"),
    ("<&>", "&lt;&amp;&gt;"),
])
def test_excel_escapes_in_the_xml(text, stored):
    sheet = zipfile.ZipFile(io.BytesIO(package([[text]]))).read("xl/worksheets/sheet1.xml").decode()
    assert f"<t>{stored}</t>" in sheet


def test_blanks_at_either_end_are_preserved():
    sheet = zipfile.ZipFile(io.BytesIO(package([[" a"], ["b\n"], ["c"]]))).read("xl/worksheets/sheet1.xml").decode()
    assert '<t xml:space="preserve"> a</t>' in sheet and '<t xml:space="preserve">b\n</t>' in sheet
    assert "<t>c</t>" in sheet


@pytest.mark.parametrize(("text", "kept"), [
    ("专" * 40_000, 32_767),
    ("a" * 32_767, 32_767),
    ("😀" * 20_000, 16_383),  # two UTF-16 units each: never cut inside one
    ("a" + "😀" * 16_383, 16_384),
])
def test_text_past_excels_limit_is_cut_as_xlsxwriter_cuts_it(text, kept):
    rows = [[text], [text]]
    assert by_openpyxl(package(rows)) == by_openpyxl(xlsxwriter_package(rows)) == [[text[:kept]]] * 2


def test_a_lone_surrogate_is_shown_as_its_byte_not_a_crash():
    # os.fsdecode keeps a file name's undecodable bytes as U+DC80..U+DCFF
    name = "阳城\udcd1\udcf4县\ud800.xlsx"
    data = package([[name], [name]])
    assert by_openpyxl(data) == [["阳城\\xd1\\xf4县\\ud800.xlsx"]] * 2
    assert by_calamine(data) == [["阳城\\xd1\\xf4县\\ud800.xlsx"]] * 2


# ---------------------------------------------------------------------------
# Numbers and blanks.

NUMBERS = [0, 7, -1.5, 1e-300, 12_345_678.9, 2**53, 0.1 + 0.2, 1e20, -0.0]


def test_numbers_are_numbers_and_read_back_exactly():
    data = package([[n] for n in NUMBERS])
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in ws["A"]] == NUMBERS and {c.data_type for c in ws["A"]} == {"n"}
    assert [row[0] for row in by_calamine(data)] == NUMBERS


def test_blanks_and_numbers_excel_cannot_hold_are_left_empty():
    data = package([["a", None, "", math.nan, math.inf, -math.inf, 1]])
    assert by_openpyxl(data) == [["a", None, None, None, None, None, 1]]
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert [c.get("r") for c in ET.fromstring(sheet).iter(f"{{{NS['m']}}}c")] == ["A1", "G1"]


# ---------------------------------------------------------------------------
# Shared strings: repeated text once, within bounds.


def test_repeated_text_is_shared_and_a_name_stays_inline():
    rows = [["阳城县.xlsx", f"项目{i}", "BL101 wrong-level"] for i in range(5)]
    book = zipfile.ZipFile(io.BytesIO(package(rows)))
    shared = [si.findtext("m:t", namespaces=NS) for si in ET.fromstring(book.read("xl/sharedStrings.xml"))]
    assert shared == ["阳城县.xlsx", "BL101 wrong-level"]
    assert by_openpyxl(book.fp.getvalue()) == rows


def test_shared_strings_are_bounded(monkeypatch):
    monkeypatch.setattr(writer, "_SHARED_MAX", 2)
    rows = [[f"文本{i % 4}"] for i in range(12)]
    data = package(rows)
    assert len(ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml"))) == 2
    assert by_openpyxl(data) == rows


def test_long_text_is_never_kept_nor_shared():
    long = "条" * (writer._MEMO_CHARS + 1)
    rows = [[long], [long], [long], ["短"], ["短"]]
    data = package(rows)
    shared = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml"))
    assert [si.findtext("m:t", namespaces=NS) for si in shared] == ["短"]
    assert by_openpyxl(data) == rows


# ---------------------------------------------------------------------------
# The package.


def test_same_rows_same_bytes_with_fixed_dates():
    rows = [["a", 1, "b"], ["a", 2.5, None]]
    assert package(rows) == package(rows)
    infos = zipfile.ZipFile(io.BytesIO(package(rows))).infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)


def test_package_parts_name_every_sheet_and_its_filter():
    book = zipfile.ZipFile(io.BytesIO(package([["h1", "h2"], ["a", 1]], sheets=2)))
    types = book.read("[Content_Types].xml").decode()
    assert "/xl/worksheets/sheet1.xml" in types and "/xl/worksheets/sheet2.xml" in types
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    assert [s.get("name") for s in workbook.iter(f"{{{NS['m']}}}sheet")] == ["表1", "表2"]
    names = [(d.get("name"), d.get("localSheetId"), d.text) for d in workbook.iter(f"{{{NS['m']}}}definedName")]
    assert names == [("_xlnm._FilterDatabase", "0", "'表1'!$A$1:$B$2"), ("_xlnm._FilterDatabase", "1", "'表2'!$A$1:$B$2")]
    core = book.read("docProps/core.xml").decode()
    assert "<dc:creator>budgetlint</dc:creator>" in core and "2000-01-01T00:00:00Z" in core  # _output's signature
    rels = book.read("xl/_rels/workbook.xml.rels").decode()
    assert all(f'Target="{p}"' in rels for p in ("worksheets/sheet1.xml", "worksheets/sheet2.xml", "styles.xml"))


def test_styles_hold_exactly_the_formats_asked_for():
    fh = io.BytesIO()
    with Workbook(fh, title="t", author="a", comments="c", created=CREATED) as book:
        asked = [Format(bold=True), Format(top=True, number="#,##0.00"), Format(fill="#FFC7CE"), Format(bold=True)]
        styles = [book.style(f) for f in asked]
        sheet = book.add_sheet("s", [10] * 4)
        sheet.row([1, 2, 3, 4], styles)
        sheet.close()
    assert styles[0] == styles[3] and len(set(styles)) == 3
    xfs = ET.fromstring(zipfile.ZipFile(fh).read("xl/styles.xml")).find("m:cellXfs", NS)
    assert int(xfs.get("count")) == len(xfs) == 4  # the default and three formats
    ws = openpyxl.load_workbook(io.BytesIO(fh.getvalue())).worksheets[0]
    a, b, c, _ = ws[1]
    assert a.font.b and not b.font.b and b.alignment.vertical == "top" and b.number_format == "#,##0.00"
    assert c.fill.fgColor.rgb == "FFFFC7CE"


def test_an_error_writing_the_file_is_raised_not_lost():
    class Full(io.BytesIO):
        def write(self, data):
            if self.tell() > 4_096:
                raise OSError(28, "No space left on device")
            return super().write(data)

    with pytest.raises(OSError, match="No space left"):
        with Workbook(Full(), title="t", author="a", comments="c", created=CREATED) as book:
            sheet = book.add_sheet("s", [10])
            for i in range(200_000):
                sheet.row([f"行{i}"], [""])
            sheet.close()


# ---------------------------------------------------------------------------
# Sheets that continue: past Excel's last row, or past what a zip entry holds.


def sheet_names_and_projects(data: bytes, title: str) -> tuple[list[str], list[str]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    parts = [ws for ws in book.worksheets if ws.title.startswith(title)]
    return [ws.title for ws in parts], [row[3].value for ws in parts for row in ws.iter_rows(min_row=2)]


def test_a_table_of_exactly_max_rows_makes_no_empty_sheet(monkeypatch):
    monkeypatch.setattr(xlsx_format, "MAX_ROWS", 5)
    titles, names = sheet_names_and_projects(render("xlsx", many_findings(10)), "问题清单")
    assert titles == ["问题清单", "问题清单 (2)"]
    assert names == [f"项目{i:05d}" for i in range(10)]


def test_a_sheet_whose_xml_would_pass_the_zip_limit_continues(monkeypatch):
    monkeypatch.setattr(writer, "_FLUSH_CHARS", 1)  # every row written at once, so the size is known
    monkeypatch.setattr(writer, "SHEET_BYTES", 6_000)
    data = render("xlsx", many_findings(40))
    titles, names = sheet_names_and_projects(data, "问题清单")
    assert len(titles) > 2 and titles[1] == "问题清单 (2)"
    assert names == [f"项目{i:05d}" for i in range(40)]
    book = zipfile.ZipFile(io.BytesIO(data))
    assert all(i.file_size < 6_000 + 4 * 1 + 10_000 for i in book.infolist())  # at most a row past the limit


# ---------------------------------------------------------------------------
# End to end.


def test_a_workbook_named_in_gbk_bytes_gets_its_findings_workbook(tmp_path):
    from hostile.corpus import check, good_workbook
    from hostile.test_names_and_paths import GBK_NAME

    folder = tmp_path / "in"
    shutil.copy(good_workbook(tmp_path / "src"), folder.mkdir() or folder / GBK_NAME)
    out = tmp_path / "out" / "report.xlsx"
    out.parent.mkdir()
    run = check(folder, "--format", "xlsx", "--output", out)
    assert "Traceback" not in run.stdout + run.stderr and run.code == 1, run.stderr
    book = openpyxl.load_workbook(out)
    # each byte os.fsdecode could not decode as \xNN, as the text report shows it
    shown = "".join(f"\\x{ord(ch) - 0xDC00:02x}" if "\udc80" <= ch <= "\udcff" else ch for ch in GBK_NAME)
    assert shown.startswith("\\xd1\\xf4\\xb3\\xc7")  # 阳城
    assert {row[0].value for row in book["问题清单"].iter_rows(min_row=2)} == {str(folder / shown)}


def test_a_project_name_with_every_awkward_character_round_trips_through_the_report():
    result = sample_result()
    name = "项目\x00\x1b[31m_x0041_\ufffe =SUM(A1) \udcd1"
    bad = replace(result.findings[0], name=name)
    data = render("xlsx", replace(result, findings=(bad,) + result.findings[1:]))
    names = [row[3].value for row in openpyxl.load_workbook(io.BytesIO(data))["问题清单"].iter_rows(min_row=2)]
    assert "项目_x0000__x001B_[31m_x005F_x0041__xFFFE_ =SUM(A1) \\xd1" in names  # openpyxl keeps Excel's escapes


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_findings_workbook(tmp_path):
    source = tmp_path / "report.xlsx"
    source.write_bytes(render("xlsx", sample_result()))
    done = subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,"
                           "true,false,false,false,2", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    findings = (tmp_path / "report-问题清单.csv").read_text(encoding="utf-8")
    assert all(f.name in findings for f in sample_result().findings)
