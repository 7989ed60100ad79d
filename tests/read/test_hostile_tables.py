"""Issue 19, at the reader: ragged CSVs laid out in space linear in their fields, sheets
that share a name each read once, NaN and infinity refused as amounts."""

from __future__ import annotations

import json
import math
import sys
from html.parser import HTMLParser
from xml.sax.saxutils import quoteattr
from pathlib import Path

import pytest

from budgetlint.read import ReadLimits, read_workbook
from budgetlint.read._csv import read_csv

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hostile.corpus import GOOD_LINES, check, project_rows, rewrite_zip, xlsx_bytes  # noqa: E402
from hostile.probes import ragged_csv  # noqa: E402

# (rows, fields of the one wide row): the 10,000 (790 MB, 107 s) and 40,000 (killed at 6 GB)
RAGGED = [(10_000, 10_000), (40_000, 16_384)]


@pytest.mark.parametrize(("rows", "wide"), RAGGED, ids=["10000-rows", "40000-rows"])
@pytest.mark.usefixtures("english")
def test_a_ragged_csv_is_laid_out_in_space_linear_in_its_fields(tmp_path, rows, wide):
    path = tmp_path / "阳城县项目库.csv"
    path.write_text(ragged_csv(rows, wide), encoding="utf-8")
    table = read_csv(str(path), ".csv", ReadLimits())
    fields = sum(3 + i % 4 for i in range(rows)) + wide + 3
    width = len(table.rows[0])
    assert all(len(row) == width for row in table.rows)
    assert len(table.rows) * width <= 4 * fields + 65_536  # not rows × the widest row
    assert table.cut == [(rows // 2 + 1, wide)]  # the one wide row, cut and reported
    workbook = read_workbook(path)
    assert len(workbook.lines) == rows
    (cut,) = [p for p in workbook.problems if p.kind == "cell-truncated"]
    assert cut.row == rows // 2 + 2 and f"{wide:,} fields" in cut.message


def test_padding_keeps_every_field_of_an_ordinary_ragged_export(tmp_path):
    """Rows of 3 to 6 fields: all padded to 6, nothing cut."""
    path = tmp_path / "阳城县项目库.csv"
    path.write_text(ragged_csv(50, 6), encoding="utf-8")
    table = read_csv(str(path), ".csv", ReadLimits())
    assert table.cut == [] and {len(row) for row in table.rows} == {6}


@pytest.mark.usefixtures("english")
def test_the_cell_limit_bounds_a_csv(tmp_path):
    path = tmp_path / "项目库.csv"
    path.write_text(ragged_csv(1_000, 3), encoding="utf-8")
    with pytest.raises(Exception, match="over the cell limit"):
        read_csv(str(path), ".csv", ReadLimits(max_cells=1_000))


def _duplicate_sheets(path: Path, name: str = "项目支出表") -> Path:
    """Two sheets of one name (a workbook repaired by hand), each with its own lines."""
    data = xlsx_bytes({name: project_rows(GOOD_LINES), "第二张": project_rows([("商标品牌奖补", 3, "本级财力")])})
    second, first = (f"name={quoteattr(n)}".encode() for n in ("第二张", name))  # as xlsx_bytes writes them
    path.write_bytes(rewrite_zip(data, {"xl/workbook.xml": lambda b: b.replace(second, first)}))
    return path


@pytest.mark.parametrize("name", ["项目支出表", '项目&支出<表>"乙"'])
def test_sheets_that_share_a_name_are_each_read_once(tmp_path, name):
    workbook = read_workbook(_duplicate_sheets(tmp_path / "阳城县市场监督管理局2025年部门预算.xlsx", name))
    assert [(s.name, s.status) for s in workbook.sheets] == [(name, "read"), (f"{name} (#2)", "read")]
    assert [(line.sheet, line.row, line.name) for line in workbook.lines] == [
        *[(name, 4 + i, line[0]) for i, line in enumerate(GOOD_LINES)], (f"{name} (#2)", 4, "商标品牌奖补")]


def test_findings_of_sheets_that_share_a_name_appear_once_each(tmp_path):
    path = _duplicate_sheets(tmp_path / "阳城县市场监督管理局2025年部门预算.xlsx")
    run = check(path, report=tmp_path / "report.json")
    found = [(f["rule"], f["sheet"], f["row"]) for f in run.report["findings"]]
    assert found == [("wrong-level", "项目支出表", 4), ("entrusted", "项目支出表", 6), ("unlisted", "项目支出表", 8),
                     ("unlisted", "项目支出表 (#2)", 4)]


NON_FINITE = [("nan", float("nan")), ("infinity", float("inf")), ("minus-infinity", float("-inf"))]


@pytest.mark.parametrize(("case", "value"), NON_FINITE, ids=[c for c, _ in NON_FINITE])
@pytest.mark.parametrize("unit", ["元", "万元"])
def test_a_non_finite_amount_is_not_an_amount(tmp_path, case, value, unit):
    """One such cell used to make a 万元 table unreadable, and put NaN in the reports."""
    lines = [*GOOD_LINES, ("知识产权宣传周活动经费", value, "本级财力")]
    path = tmp_path / "阳城县市场监督管理局2025年部门预算.xlsx"
    path.write_bytes(xlsx_bytes({"项目支出表": project_rows(lines, unit=unit)}))
    workbook = read_workbook(path)
    assert all(line.amount_yuan is None or math.isfinite(line.amount_yuan) for line in workbook.lines)
    odd = next(line for line in workbook.lines if line.name == "知识产权宣传周活动经费")
    assert odd.amount_yuan is None and odd.amount_note
    assert [line.amount_yuan for line in workbook.lines[:5]] == [v * (10_000 if unit == "万元" else 1) for _, v, _ in GOOD_LINES]


@pytest.mark.parametrize("fmt", ["json", "sarif", "html"])
def test_reports_of_a_non_finite_amount_are_valid(tmp_path, fmt):
    lines = [*GOOD_LINES, ("知识产权宣传周活动经费", float("nan"), "本级财力"), ("专利导航服务", float("inf"), "本级财力")]
    path = tmp_path / "阳城县市场监督管理局2025年部门预算.xlsx"
    path.write_bytes(xlsx_bytes({"项目支出表": project_rows(lines)}))
    out = tmp_path / f"report.{fmt}"
    run = check(path, "--format", fmt, "-o", out)
    assert run.code == 1, run.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "html":  # it drew width="nan": no attribute may hold a number that is not one
        values = []

        class Attributes(HTMLParser):
            def handle_starttag(self, tag, attrs):
                values.extend(v.strip().lower() for _, v in attrs if v)

        Attributes().feed(text)
        assert values and not [v for v in values if v.lstrip("-+") in ("nan", "inf", "infinity")]
    else:
        def refuse(constant):
            raise AssertionError(f"bare {constant} in the {fmt} report")

        json.loads(text, parse_constant=refuse)


def test_long_texts_are_cut_into_lines_as_short_ones_are(tmp_path, monkeypatch):
    """A long CSV is cut into lines by a regex (io.StringIO holds 4 bytes a character):
    the same lines, so the same rows and line numbers, whatever the line ends."""
    import io
    import random

    from budgetlint.read import _csv

    rng = random.Random(5)
    for _ in range(2_000):
        text = "".join(rng.choice(["项目", "\r", "\n", "\r\n", "1,", '"']) for _ in range(rng.randrange(0, 30)))
        assert [m.group() for m in _csv._LINE.finditer(text)] == list(io.StringIO(text, newline=""))
    path = tmp_path / "阳城县项目库.csv"
    path.write_text('项目名称,金额\r\n"专利\r导航",1\n"维权\n援助",2\r\n商标,3\r', encoding="utf-8")
    short = read_csv(str(path), ".csv", ReadLimits())
    monkeypatch.setattr(_csv, "_STRINGIO_CHARS", 0)
    long = read_csv(str(path), ".csv", ReadLimits())
    assert (long.rows, long.line_numbers) == (short.rows, short.line_numbers) and short.line_numbers == [1, 2, 4, 6]


# (cell or row reference, is it looked at twice?): unflagged, a sheet spans at most
# Z1099999 or ZZ9999 from A1, within the default cell limit; a 1,000,000-line budget is
# read once, and the probes of issue 19 are all flagged.
REFERENCES = [(' r="A1000000"', False), (' r="Z1099999"', False), (' r="ZZ9999"', False), ('<row r="1048576"', False),
              (' r="A1100000"', True), (' r="A99999999"', True), (' r="XFD1048576"', True), (' r="AA10000"', True),
              ('<row r="1100000"', True)]


@pytest.mark.parametrize(("text", "flagged"), REFERENCES)
def test_which_cell_references_send_a_sheet_to_the_exact_extent_check(text, flagged):
    from budgetlint.read._safety import _LONG_REF

    assert bool(_LONG_REF.search(text.encode())) is flagged
    assert max(26 * 1_099_999, 702 * 9_999) <= ReadLimits().max_cells


@pytest.mark.parametrize("seed", range(5))
def test_the_fast_long_reference_check_agrees_with_the_expression(seed):
    """has_long_reference folds letters and digits and looks for a shape before running
    _LONG_REF: it must say exactly what _LONG_REF.search says."""
    import random

    from budgetlint.read._safety import _LONG_REF, has_long_reference

    rng = random.Random(seed)
    rows = [1, 9, 99_999, 100_000, 999_999, 1_000_000, 1_099_999, 1_100_000, 1_999_999, 2_000_000, 99_999_999, 123_456_789]
    for _ in range(2000):
        refs = ["".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.randint(0, 3))) + str(rng.choice(rows))
                for _ in range(3)]
        buffer = " ".join(f'<c r="{r}" t="s"><v>{rng.randint(0, 10**9)}</v></c>' for r in refs).encode()
        assert has_long_reference(buffer) == (_LONG_REF.search(buffer) is not None), buffer
