"""CSV encodings, odd cells and sheets, and the reader's public surface."""

from __future__ import annotations

import re

import openpyxl
import pytest

import budgetlint.read
from budgetlint.models import BudgetLine, Funding
from budgetlint.read import ReadLimits, read_workbook
from budgetlint.read.amounts import to_number, to_yuan, unit_in_text
from budgetlint.read.funding import classify_funding

from .builders import csv_file, facts, problems, rewrite_zip, sheet_xml, xls, xlsx

S = "项目支出表"
TABLE = [
    ["阳城县市场监督管理局2025年项目支出表"],
    ["单位：万元"],
    ["项目名称", "金额", "资金来源"],
    ["专利导航", "1.5", "本级财力"],
    ["知识产权保护专项行动", "2", "市级专项转移支付"],
    ["合计", "3.5", None],
]
TABLE_FACTS = [(S, 4, "专利导航", 15000.0, "own"), (S, 5, "知识产权保护专项行动", 20000.0, "transfer")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    workbook = read_workbook(csv_file(tmp_path, TABLE, encoding))
    assert facts(workbook) == TABLE_FACTS
    assert workbook.problems == ()
    assert workbook.context[0] == "阳城县市场监督管理局2025年项目支出表"


def test_budget_system_export_whose_values_look_like_header_words(tmp_path):
    header = ["财政区划", "单位名称", "项目编码", "项目名称", "功能分类科目编码", "功能分类科目名称",
              "资金性质", "资金来源", "金额（万元）"]
    rows = [header] + [
        ["140525-泽州县", "泽州县市场监督管理局", f"14052525000000{n}", name, "2011409", "知识产权宏观管理",
         "一般公共预算", source, amount]
        for n, (name, source, amount) in enumerate([
            ("专利导航项目", "本级财力", "18.00"),
            ("知识产权执法", "上级转移支付-市级专项转移支付", ""),
            ("维权援助", "本级财力", "6.00"),
        ], 1)
    ]
    path = csv_file(tmp_path, rows, "gbk", name="泽州县项目库导出.csv")
    assert [(l.row, l.name, l.amount_yuan, l.funding.kind, l.funding.source_level, l.code)
            for l in read_workbook(path).lines] == [
        (2, "专利导航项目", 180000.0, "own", None, "2011409"),
        (3, "知识产权执法", 0.0, "transfer", "city", "2011409"),
        (4, "维权援助", 60000.0, "own", None, "2011409"),
    ]


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path):
    path = tmp_path / "项目支出表.txt"
    path.write_bytes("项目名称\t金额\r\n专利导航\t10\r\n".encode("utf-16"))
    assert facts(read_workbook(path)) == [("项目支出表", 2, "专利导航", 10.0, "unknown")]


def test_csv_rows_are_line_numbers_when_a_cell_spans_lines(tmp_path):
    rows = [["项目名称", "金额", "项目概述"], ["专利导航", "10", "第一行\n第二行"], ["维权援助", "20", ""]]
    workbook = read_workbook(csv_file(tmp_path, rows))
    assert [(l.row, l.name, l.description) for l in workbook.lines] == [
        (2, "专利导航", "第一行\n第二行"), (4, "维权援助", "")]


def test_tab_separated_text(tmp_path):
    path = tmp_path / "项目支出表.tsv"
    path.write_text("项目名称\t金额\n专利导航\t10\n", encoding="utf-8")
    assert facts(read_workbook(path)) == [("项目支出表", 2, "专利导航", 10.0, "unknown")]


@pytest.mark.parametrize("write", ["csv", "xls"])
def test_control_characters_in_names_are_kept(tmp_path, write):
    rows = [["项目名称", "金额"], ["专利\x07导航\x1f项目", 10]]
    path = csv_file(tmp_path, rows) if write == "csv" else xls(tmp_path, {S: rows})
    assert [l.name for l in read_workbook(path).lines] == ["专利\x07导航\x1f项目"]


@pytest.mark.parametrize("limit, length, kept", [(32_767, 100_000, 32_767), (10, 12, 10), (10, 10, 10)])
def test_long_cells_are_truncated_with_a_problem(tmp_path, limit, length, kept):
    # openpyxl itself cuts cells at 32,767 characters: put the long text into the XML.
    path = xlsx(tmp_path, {S: [["项目名称", "金额"], ["LONG", 1]]})
    xml = sheet_xml(path).replace(b"LONG", ("专" * length).encode())
    path = rewrite_zip(path, tmp_path / "long.xlsx", change={"xl/worksheets/sheet1.xml": xml})
    workbook = read_workbook(path, ReadLimits(max_cell_chars=limit))
    assert [len(l.name) for l in workbook.lines] == [kept]
    expected = [("cell-truncated", S, 2, None, None)] if length > limit else []
    assert problems(workbook, "cell-truncated") == expected


def test_huge_declared_dimension_reads_only_the_real_rows(tmp_path):
    path = xlsx(tmp_path, {S: [["项目名称", "金额"]] + [[f"项目{i}", i] for i in range(1, 10)]})
    xml = sheet_xml(path)
    huge = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', xml)
    assert huge != xml
    path = rewrite_zip(path, tmp_path / "huge.xlsx", change={"xl/worksheets/sheet1.xml": huge})
    workbook = read_workbook(path)
    assert [(l.row, l.amount_yuan) for l in workbook.lines] == [(i + 1, float(i)) for i in range(1, 10)]


def test_formula_without_value_and_without_cell_references(tmp_path):
    path = xlsx(tmp_path, {S: [["项目名称", "金额"], ["专利导航", 100], ["维权援助", "=B2*2"]]})
    bare = re.sub(rb' r="[A-Z]+[0-9]+"', b"", sheet_xml(path))
    path = rewrite_zip(path, tmp_path / "bare.xlsx", change={"xl/worksheets/sheet1.xml": bare})
    workbook = read_workbook(path)
    assert facts(workbook) == [(S, 2, "专利导航", 100.0, "unknown"), (S, 3, "维权援助", None, "unknown")]
    assert problems(workbook) == [("amount-unverified", S, 3, None, None)]


def test_formula_with_cached_value_is_used(tmp_path):
    path = xlsx(tmp_path, {S: [["项目名称", "金额"], ["专利导航", 100], ["维权援助", "=B2*2"]]})
    cached = sheet_xml(path).replace(b"<f>B2*2</f><v />", b"<f>B2*2</f><v>200</v>")
    path = rewrite_zip(path, tmp_path / "cached.xlsx", change={"xl/worksheets/sheet1.xml": cached})
    assert facts(read_workbook(path))[1] == (S, 3, "维权援助", 200.0, "unknown")


def test_chart_sheets_are_skipped(tmp_path):
    path = xlsx(tmp_path, {S: [["项目名称", "金额"], ["专利导航", 1]]})
    book = openpyxl.load_workbook(path)
    book.create_chartsheet("图表")
    book.save(path)
    workbook = read_workbook(path)
    assert [(s.name, s.status) for s in workbook.sheets] == [(S, "read"), ("图表", "skipped")]


def test_lines_equal_constructed_budget_lines(tmp_path):
    line = read_workbook(xlsx(tmp_path, {S: TABLE})).lines[0]
    expected = BudgetLine(sheet=S, row=4, name="专利导航", amount_yuan=15000.0,
                          funding=Funding("own", None, "本级财力"), unit="万元")
    assert line == expected
    assert hash(line) == hash(expected)


FUNDING = [
    ("本级财力", "own", None, "本级财力"),
    ("一般公共预算", "own", None, "一般公共预算"),
    ("本级财政拨款", "own", None, "本级财政拨款"),
    ("市级专项转移支付", "transfer", "city", "市级专项转移支付"),
    ("市级专项资金", "transfer", "city", "市级专项资金"),
    ("市财政补助", "transfer", "city", "市财政补助"),
    ("上级补助", "transfer", "upper", "上级补助"),
    ("上级转移支付", "transfer", "upper", "上级转移支付"),
    ("省级专项资金", "transfer", "provincial", "省级专项资金"),
    ("中央补助", "transfer", "central", "中央补助"),
    ("转移支付", "transfer", None, "转移支付"),
    ("县级配套", "matching", None, "县级配套"),
    ("配套资金", "matching", None, "配套资金"),
    ("本级财力+上级补助", "mixed", "upper", "本级财力、上级补助"),
    ("中央补助、省级补助", "transfer", "upper", "中央补助、省级补助"),
    ("上级转移支付-市级专项转移支付", "transfer", "city", "上级转移支付、市级专项转移支付"),
    ("使用市级专项转移支付开展知识产权保护", "transfer", "city", "市级专项转移支付"),
    ("专利资助", "unknown", None, ""),
    ("", "unknown", None, ""),
]


@pytest.mark.parametrize("text, kind, level, words", FUNDING)
def test_classify_funding(text, kind, level, words):
    """The kind and level a 资金来源 text names (`words` are the words that say it); the
    Funding keeps the text as written, which is what the reports show."""
    funding = classify_funding(text)
    assert (funding.kind, funding.source_level, funding.text) == (kind, level, text)
    assert all(w in text for w in words.split("、") if w)


AMOUNTS = [
    (12.5, (12.5, "")), (3, (3.0, "")), (None, (0.0, "")), ("", (0.0, "")), ("-", (0.0, "")),
    ("—", (0.0, "")), ("1,234.56", (1234.56, "")), ("１２３．５", (123.5, "")), ("(1,000)", (-1000.0, "")),
    ("（２０）", (-20.0, "")), ("-7.5", (-7.5, "")), ("12万元", (12.0, "万元")), ("¥300元", (300.0, "元")),
    ("待定", None), ("1e5", None), ("nan", None), (True, None), ("1,2,3x", None),
]


@pytest.mark.parametrize("value, expected", AMOUNTS)
def test_to_number(value, expected):
    assert to_number(value) == expected


@pytest.mark.parametrize("value, unit, expected", [
    (1.5, "万元", 15000.0), ("2千元", "元", 2000.0), (0.1, "万元", 1000.0), ("x", "元", None), (7, "元", 7.0),
])
def test_to_yuan(value, unit, expected):
    assert to_yuan(value, unit) == expected


@pytest.mark.parametrize("text, unit", [
    ("单位：万元", "万元"), ("编制单位：阳城县市场监督管理局　　单位：元", "元"), ("金额单位:千元", "千元"),
    ("金额（万元）", "万元"), ("（单位：万元）", "万元"), ("编制单位：阳城县市场监督管理局", None), ("项目名称", None),
])
def test_unit_in_text(text, unit):
    assert unit_in_text(text) == unit


def test_public_surface():
    assert budgetlint.read.__all__ == ["ReadLimits", "read_workbook"]
    assert ReadLimits() == ReadLimits(200 * 2**20, 2**30, 200.0, 2_000_000, 32_767)
