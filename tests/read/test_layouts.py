"""Each layout real budget workbooks use, read into (sheet, row, name, 元, funding) facts."""

from __future__ import annotations

import pytest

from budgetlint.read import read_workbook

from .builders import csv_file, facts, problems, xls, xlsx

S = "项目支出表"

# (id, rows, merges, expected facts, expected read problems)
LAYOUTS = [
    (
        "title-rows-and-unit-line",
        [
            ["阳城县市场监督管理局2025年部门预算"],
            ["项目支出表"],
            ["编制单位：阳城县市场监督管理局", None, "单位：万元"],
            ["项目名称", "金额", "资金来源"],
            ["专利导航项目", 12.5, "本级财力"],
            ["知识产权保护专项行动", 3, "市级专项转移支付"],
        ],
        [],
        [(S, 5, "专利导航项目", 125000.0, "own"), (S, 6, "知识产权保护专项行动", 30000.0, "transfer")],
        [],
    ),
    (
        "two-row-merged-header-with-split-funding",
        [
            ["2025年项目支出预算表"],
            ["单位：元"],
            ["项目名称", "金额", "资金来源", None, "备注"],
            [None, None, "财政拨款", "其中：上级转移支付", None],
            ["专利导航", 1000, 1000, 0, None],
            ["维权援助", 500, 500, 500, None],
            ["商标品牌奖补", 800, 800, 300, "含省级补助"],
        ],
        ["A1:E1", "A3:A4", "B3:B4", "C3:D3", "E3:E4"],
        [(S, 5, "专利导航", 1000.0, "own"), (S, 6, "维权援助", 500.0, "transfer"),
         (S, 7, "商标品牌奖补", 800.0, "mixed")],
        [],
    ),
    (
        "three-row-merged-header",
        [
            ["项目支出表"],
            ["单位：万元"],
            ["项目", None, "项目名称", "本年预算", None, None],
            [None, None, None, "合计", "资金来源", None],
            ["功能分类科目编码", "科目名称", None, None, "本级财力", "上级补助"],
            [2011409, "知识产权宏观管理", "专利导航", 10, 10, 0],
            [2013805, "市场秩序执法", "知识产权执法", 5, 2, 3],
        ],
        ["A3:B4", "C3:C5", "D3:F3", "D4:D5", "E4:F4"],
        [(S, 6, "专利导航", 100000.0, "own"), (S, 7, "知识产权执法", 50000.0, "mixed")],
        [],
    ),
    (
        "class-section-item-columns-and-subtotal-rows",
        [
            ["类", "款", "项", "项目名称", "金额"],
            ["201", None, None, "一般公共服务支出", 340],
            ["201", "14", None, "知识产权事务", 300],
            ["201", "14", "09", "专利导航", 100],
            ["201", 14, 99, "商标品牌奖补", 200],
            ["201", "38", None, "市场监督管理事务", 50],
            ["201", "38", "05", "知识产权执法", 40],
        ],
        [],
        [(S, 4, "专利导航", 100.0, "unknown"), (S, 5, "商标品牌奖补", 200.0, "unknown"),
         (S, 7, "知识产权执法", 40.0, "unknown")],
        [("subtotal-mismatch", S, 6, 50.0, 40.0)],
    ),
    (
        "seven-digit-code-with-nameless-headings",
        [
            ["科目编码", "科目名称", "项目名称", "金额"],
            [2011409, "知识产权宏观管理", None, 150],
            [None, None, "专利导航", 100],
            [None, None, "知识产权战略", 50],
            [2013805, "市场秩序执法", None, 90],
            [None, None, "知识产权执法", 80],
        ],
        [],
        [(S, 3, "专利导航", 100.0, "unknown"), (S, 4, "知识产权战略", 50.0, "unknown"),
         (S, 6, "知识产权执法", 80.0, "unknown")],
        [("subtotal-mismatch", S, 5, 90.0, 80.0)],
    ),
    (
        "named-heading-adds-up-but-coded-lines-do-not",
        [
            ["科目编码", "项目名称", "金额"],
            ["2011409", "知识产权宏观管理", 150],
            [None, "专利导航", 100],
            [None, "知识产权战略", 50],
            ["2013805", "知识产权执法", 70],
            ["2013805", "商标监管", 30],
        ],
        [],
        [(S, 3, "专利导航", 100.0, "unknown"), (S, 4, "知识产权战略", 50.0, "unknown"),
         (S, 5, "知识产权执法", 70.0, "unknown"), (S, 6, "商标监管", 30.0, "unknown")],
        [],
    ),
    (
        "totals-first-and-last-and-subtotals",
        [
            ["项目名称", "金额"],
            ["合计", 350],
            ["专利导航", 100],
            ["维权援助", 200],
            ["小计", 300],
            ["商标品牌奖补", 50],
            ["小计", 60],
            ["合  计", 350],
            ["其中：上级补助", 100],
        ],
        [],
        [(S, 3, "专利导航", 100.0, "unknown"), (S, 4, "维权援助", 200.0, "unknown"),
         (S, 6, "商标品牌奖补", 50.0, "unknown")],
        [("subtotal-mismatch", S, 7, 60.0, 50.0)],
    ),
    (
        "total-in-another-column",
        [
            ["序号", "项目名称", "金额"],
            ["合计", None, 150],
            [1, "专利导航", 100],
            [2, "维权援助", 40],
        ],
        ["A2:B2"],
        [(S, 3, "专利导航", 100.0, "unknown"), (S, 4, "维权援助", 40.0, "unknown")],
        [("subtotal-mismatch", S, 2, 150.0, 140.0)],
    ),
    (
        "units-per-table-on-one-sheet",
        [
            ["表一：项目支出表"],
            ["单位：元"],
            ["项目名称", "金额"],
            ["专利导航", 1200],
            [None],
            ["表二：项目支出表"],
            ["单位：千元"],
            ["项目名称", "金额"],
            ["维权援助", 3],
            [None],
            ["表三"],
            ["项目名称", "金额（万元）"],
            ["商标品牌奖补", 2],
        ],
        [],
        [(S, 4, "专利导航", 1200.0, "unknown"), (S, 9, "维权援助", 3000.0, "unknown"),
         (S, 13, "商标品牌奖补", 20000.0, "unknown")],
        [],
    ),
    (
        "amounts-written-as-text",
        [
            ["项目名称", "金额"],
            ["a", "1,234.50"],
            ["b", "１２３"],
            ["c", "(1,000.00)"],
            ["d", "-5"],
            ["e", "12万元"],
            ["f", None],
            ["g", "-"],
            ["h", "—"],
            ["i", "１，２３４．５"],
            ["j", "待定"],
            ["k", 7],
        ],
        [],
        [(S, 2, "a", 1234.5, "unknown"), (S, 3, "b", 123.0, "unknown"), (S, 4, "c", -1000.0, "unknown"),
         (S, 5, "d", -5.0, "unknown"), (S, 6, "e", 120000.0, "unknown"), (S, 7, "f", 0.0, "unknown"),
         (S, 8, "g", 0.0, "unknown"), (S, 9, "h", 0.0, "unknown"), (S, 10, "i", 1234.5, "unknown"),
         (S, 11, "j", None, "unknown"), (S, 12, "k", 7.0, "unknown")],
        [("amount-unverified", S, 11, None, None)],
    ),
    (
        "formula-without-cached-value",
        [
            ["项目名称", "金额"],
            ["专利导航", 100],
            ["维权援助", "=B2*2"],
            ["合计", "=SUM(B2:B3)"],
        ],
        [],
        [(S, 2, "专利导航", 100.0, "unknown"), (S, 3, "维权援助", None, "unknown")],
        [("amount-unverified", S, 3, None, None)],
    ),
    (
        "serial-row-and-notes-under-the-table",
        [
            ["项目名称", "金额", "备注"],
            ["栏次", 1, 2],
            ["专利导航", 10, "年度任务"],
            ["注：本表反映部门项目支出情况。", None, None],
            ["说明：本单位无政府性基金预算，故本表无数据。"],
        ],
        [],
        [(S, 3, "专利导航", 10.0, "unknown")],
        [],
    ),
    (
        "serial-row-of-numbers",
        [
            ["项目名称", "单位名称", "金额"],
            ["甲", "乙", 1],
            ["专利导航", "阳城县市场监督管理局", 10],
        ],
        [],
        [(S, 3, "专利导航", 10.0, "unknown")],
        [],
    ),
    (
        "repeated-header-after-a-page-break",
        [
            ["项目名称", "金额"],
            ["专利导航", 10],
            ["项目名称", "金额"],
            ["维权援助", 20],
            ["合计", 30],
        ],
        [],
        [(S, 2, "专利导航", 10.0, "unknown"), (S, 4, "维权援助", 20.0, "unknown")],
        [],
    ),
    (
        "stacked-tables-with-different-layouts",
        [
            ["一、项目支出表"],
            ["项目名称", "金额", "资金来源"],
            ["专利导航", 10, "本级财力"],
            ["二、专项资金项目表"],
            ["序号", "单位名称", "项目名称", "预算数"],
            [1, "阳城县市场监督管理局", "维权援助", 20],
        ],
        [],
        [(S, 3, "专利导航", 10.0, "own"), (S, 6, "维权援助", 20.0, "unknown")],
        [],
    ),
    (
        "ordinal-group-rows",
        [
            ["项目名称", "金额"],
            ["一、知识产权类", 300],
            ["（一）专利", 100],
            ["专利导航", 100],
            ["（二）商标", 200],
            ["商标品牌奖补", 150],
            ["商标监管", 50],
            ["二、其他", None],
            ["食品安全抽检", 70],
            ["三、专利奖励项目", 40],
            ["四、一站式服务", 10],
        ],
        [],
        [(S, 4, "专利导航", 100.0, "unknown"), (S, 6, "商标品牌奖补", 150.0, "unknown"),
         (S, 7, "商标监管", 50.0, "unknown"), (S, 9, "食品安全抽检", 70.0, "unknown"),
         (S, 10, "三、专利奖励项目", 40.0, "unknown"), (S, 11, "四、一站式服务", 10.0, "unknown")],
        [],
    ),
    (
        "latest-year-amount-column",
        [
            ["项目名称", "2024年预算数", "2025年预算数"],
            ["专利导航", 1, 2],
        ],
        [],
        [(S, 2, "专利导航", 2.0, "unknown")],
        [],
    ),
    (
        "bracketed-qualifiers-in-labels",
        [
            ["单位名称（科目）", "项目名称", "预算数（含上级补助）", "资金来源"],
            ["阳城县市场监督管理局", "专利导航", 10, "上级补助"],
        ],
        [],
        [(S, 2, "专利导航", 10.0, "transfer")],
        [],
    ),
    (
        "blank-rows-and-indented-names",
        [
            ["项目名称", "金额"],
            ["　　专利导航 ", 10],
            [None, None],
            ["  维权援助", 20],
        ],
        [],
        [(S, 2, "专利导航", 10.0, "unknown"), (S, 4, "维权援助", 20.0, "unknown")],
        [],
    ),
]


@pytest.mark.parametrize("rows, merges, expected, expected_problems",
                         [case[1:] for case in LAYOUTS], ids=[case[0] for case in LAYOUTS])
def test_layout_xlsx(tmp_path, rows, merges, expected, expected_problems):
    workbook = read_workbook(xlsx(tmp_path, {S: rows}, {S: merges}))
    assert facts(workbook) == expected
    assert problems(workbook) == expected_problems


XLS_SAFE = [case for case in LAYOUTS if not case[0].startswith("formula")]


@pytest.mark.parametrize("rows, merges, expected, expected_problems",
                         [case[1:] for case in XLS_SAFE], ids=[case[0] for case in XLS_SAFE])
def test_layout_xls(tmp_path, rows, merges, expected, expected_problems):
    workbook = read_workbook(xls(tmp_path, {S: rows}, {S: merges}))
    assert facts(workbook) == expected
    assert problems(workbook) == expected_problems


@pytest.mark.parametrize("rows, merges, expected, expected_problems",
                         [case[1:] for case in XLS_SAFE], ids=[case[0] for case in XLS_SAFE])
def test_layout_csv_without_merge_information(tmp_path, rows, merges, expected, expected_problems):
    text = [["" if v is None else str(v) for v in row] for row in rows]
    workbook = read_workbook(csv_file(tmp_path, text, name=f"{S}.csv"))
    assert facts(workbook) == expected
    assert problems(workbook) == expected_problems


def test_split_columns_keep_own_and_transfer_parts(tmp_path):
    rows, merges = LAYOUTS[1][1], LAYOUTS[1][2]
    workbook = read_workbook(xlsx(tmp_path, {S: rows}, {S: merges}))
    parts = [(l.funding.own_yuan, l.funding.transfer_yuan, l.funding.source_level) for l in workbook.lines]
    assert parts == [(1000.0, 0.0, None), (0.0, 500.0, "upper"), (500.0, 300.0, "upper")]
    assert [l.remark for l in workbook.lines] == ["", "", "含省级补助"]


def test_three_row_header_columns(tmp_path):
    rows, merges = LAYOUTS[2][1], LAYOUTS[2][2]
    workbook = read_workbook(xlsx(tmp_path, {S: rows}, {S: merges}))
    got = [(l.code, l.code_name, l.unit, l.funding.own_yuan, l.funding.transfer_yuan) for l in workbook.lines]
    assert got == [("2011409", "知识产权宏观管理", "万元", 100000.0, 0.0),
                   ("2013805", "市场秩序执法", "万元", 20000.0, 30000.0)]
    assert workbook.sheets[0].header_row == 3


@pytest.mark.parametrize("case, codes", [
    ("class-section-item-columns-and-subtotal-rows", ["2011409", "2011499", "2013805"]),
    ("seven-digit-code-with-nameless-headings", ["2011409", "2011409", "2013805"]),
    ("named-heading-adds-up-but-coded-lines-do-not", ["2011409", "2011409", "2013805", "2013805"]),
])
def test_codes(tmp_path, case, codes):
    rows = next(c[1] for c in LAYOUTS if c[0] == case)
    assert [l.code for l in read_workbook(xlsx(tmp_path, {S: rows})).lines] == codes


def test_units_are_kept_per_table(tmp_path):
    rows = next(c[1] for c in LAYOUTS if c[0] == "units-per-table-on-one-sheet")
    assert [l.unit for l in read_workbook(xlsx(tmp_path, {S: rows})).lines] == ["元", "千元", "万元"]


def test_formula_line_says_why_its_amount_is_unknown(tmp_path):
    rows = next(c[1] for c in LAYOUTS if c[0] == "formula-without-cached-value")
    workbook = read_workbook(xlsx(tmp_path, {S: rows}))
    assert [bool(l.amount_note) for l in workbook.lines] == [False, True]
    assert [p.name for p in workbook.problems] == ["维权援助"]


def test_real_row_numbers_when_the_table_does_not_start_at_a1(tmp_path):
    rows = [["单位：万元"], [None], ["项目名称", "金额"], ["专利导航", 1], ["维权援助", 2]]
    workbook = read_workbook(xlsx(tmp_path, {S: rows}, origin=(5, 3)))
    assert facts(workbook) == [(S, 8, "专利导航", 10000.0, "unknown"), (S, 9, "维权援助", 20000.0, "unknown")]
    assert workbook.sheets[0].header_row == 7


def test_description_remark_unit_names_and_context(tmp_path):
    rows = [
        ["阳城县市场监督管理局2025年部门预算"],
        ["编制单位：阳城县市场监督管理局", None, None, None, "单位：元"],
        ["单位名称", "项目名称", "项目概述", "金额", "备注"],
        ["阳城县市场监督管理局", "专利导航", "结合县级产业发展开展专利导航", 10, "budgetlint: ignore"],
        ["阳城县知识产权服务中心", "维权援助", None, 20, None],
        ["阳城县市场监督管理局", "商标品牌奖补", "奖补", 30, None],
    ]
    sheets = {"部门收支总表": [["阳城县市场监督管理局2025年部门预算"], ["收入", "预算数", "支出", "预算数"]], S: rows}
    workbook = read_workbook(xlsx(tmp_path, sheets))
    assert [(l.unit_name, l.description, l.remark) for l in workbook.lines] == [
        ("阳城县市场监督管理局", "结合县级产业发展开展专利导航 budgetlint: ignore", "budgetlint: ignore"),
        ("阳城县知识产权服务中心", "", ""),
        ("阳城县市场监督管理局", "奖补", ""),
    ]
    assert workbook.unit_names == ("阳城县市场监督管理局", "阳城县知识产权服务中心")
    assert workbook.context == ("阳城县市场监督管理局2025年部门预算", "编制单位：阳城县市场监督管理局", "单位：元")


def test_sheets_without_project_lines_are_skipped_visibly(tmp_path):
    sheets = {
        "部门收支总表": [["收入", None, "支出", None], ["项目", "预算数", "项目", "预算数"], ["一般公共预算拨款", 100, "一般公共服务支出", 100]],
        "Sheet2": [['2025年"三公"经费支出预算表'], ["项目", "预算数"], ["公务接待费", 5]],
        "一般公共预算支出表": [["科目编码", "科目名称", "合计"], [201, "一般公共服务支出", 100]],
        "Sheet4": [["科目编码", "科目名称", "合计"], [201, "一般公共服务支出", 100]],
        S: [["项目名称", "金额"], ["专利导航", 10]],
        "Sheet6": [],
    }
    workbook = read_workbook(xlsx(tmp_path, sheets))
    assert [(s.name, s.status, s.lines) for s in workbook.sheets] == [
        ("部门收支总表", "skipped", 0), ("Sheet2", "skipped", 0), ("一般公共预算支出表", "skipped", 0),
        ("Sheet4", "skipped", 0), (S, "read", 1), ("Sheet6", "skipped", 0),
    ]
    assert all(s.reason for s in workbook.sheets)
    assert facts(workbook) == [(S, 2, "专利导航", 10.0, "unknown")]


def test_unreadable_table_beside_a_good_one_is_a_problem(tmp_path):
    sheets = {"Sheet1": [["序号", "项目名称", "负责人"], [1, "专利导航", "张三"]], S: [["项目名称", "金额"], ["维权援助", 5]]}
    workbook = read_workbook(xlsx(tmp_path, sheets))
    assert problems(workbook) == [("table-unreadable", "Sheet1", 1, None, None)]
    assert [(s.name, s.status) for s in workbook.sheets] == [("Sheet1", "skipped"), (S, "read")]


def test_xlsm_is_read(tmp_path):
    workbook = read_workbook(xlsx(tmp_path, {S: [["项目名称", "金额"], ["专利导航", 10]]}, name="book.xlsm"))
    assert facts(workbook) == [(S, 2, "专利导航", 10.0, "unknown")]


def test_xls_named_xlsx_is_read_by_content(tmp_path):
    path = xls(tmp_path, {S: [["项目名称", "金额"], ["专利导航", 10]]})
    renamed = path.rename(tmp_path / "book.xlsx")
    assert facts(read_workbook(renamed)) == [(S, 2, "专利导航", 10.0, "unknown")]


def test_reading_is_deterministic(tmp_path):
    rows, merges = LAYOUTS[2][1], LAYOUTS[2][2]
    path = xlsx(tmp_path, {S: rows}, {S: merges})
    assert read_workbook(path) == read_workbook(path)


SPLITS = [
    (
        "transfer-is-part-of-the-amount",
        [["项目名称", "预算数（万元）", "其中：上级转移支付"], ["专利导航", 2, 0.5], ["维权援助", 1, 0]],
        [(15000.0, 5000.0, "mixed", "upper"), (10000.0, 0.0, "own", None)],
    ),
    (
        "own-and-transfer-columns",
        [["项目名称", "合计", "本级财力", "上级转移支付"], ["专利导航", 30, 10, 20], ["维权援助", 5, 0, 5]],
        [(10.0, 20.0, "mixed", "upper"), (0.0, 5.0, "transfer", "upper")],
    ),
    (
        "transfer-columns-by-level",
        [["项目名称", "合计", "本级", "中央补助", "省级补助", "市级补助"],
         ["专利导航", 30, 0, 20, 10, 0], ["维权援助", 5, 0, 0, 0, 5]],
        [(0.0, 30.0, "transfer", "upper"), (0.0, 5.0, "transfer", "city")],
    ),
    (
        "text-column-first-split-columns-when-it-is-silent",
        [["项目名称", "金额", "资金来源", "其中：上级转移支付"], ["专利导航", 10, "本级财力", 0], ["维权援助", 10, "", 4]],
        [(10.0, 0.0, "own", None), (6.0, 4.0, "mixed", "upper")],
    ),
    (
        "text-amount-in-split-column",
        [["项目名称", "金额", "其中：上级转移支付"], ["专利导航", "1,000", "待定"]],
        [(None, None, "unknown", None)],
    ),
]


@pytest.mark.parametrize("rows, expected", [c[1:] for c in SPLITS], ids=[c[0] for c in SPLITS])
def test_split_funding_columns(tmp_path, rows, expected):
    workbook = read_workbook(xlsx(tmp_path, {S: rows}))
    got = [(l.funding.own_yuan, l.funding.transfer_yuan, l.funding.kind, l.funding.source_level)
           for l in workbook.lines]
    assert got == expected
