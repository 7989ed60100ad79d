"""amount-unverified (BL202)
知识产权项目的金额无法核实（公式无缓存值、文本）
The amount of an IP line cannot be read (a formula without a saved value, text).

检查内容
    知识产权项目的金额单元格是从未计算过的公式（由程序生成、从未在 Excel 中打开的文件），或不是
    数字的文本。非知识产权项目不检查。

依据
    budgetlint 从不把未知金额当作零：否则会低估级次不符的金额。

示例
    专利导航项目，金额 =SUM(D5:D9)，无缓存值。

如何改正
    在 Excel 或 WPS 中打开并保存工作簿，或直接填写金额。

选项
    无。

What it checks
    An intellectual-property line whose amount cell holds a formula that was never calculated
    (a file written by a program and never opened in Excel) or text that is not a number.
    Lines that are not IP work are left alone.

Why
    budgetlint never reads an unknown amount as zero: the amount at the wrong level would be
    understated.

Example line
    专利导航项目, 金额 =SUM(D5:D9) with no cached value.

How to fix
    Open and save the workbook in Excel or WPS, or type the amount.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models import WorkbookResult
from ._problem import Problem, RuleOptions
from ._read_problems import from_read, read_problems

CODE, NAME, SEVERITY, KIND = "BL202", "amount-unverified", "warning", "workbook"
VERDICTS = ()
OPTIONS = ()
MESSAGES = {"zh": "金额无法核实：{reason}", "en": "amount cannot be verified: {reason}"}


def check(result: WorkbookResult, options: RuleOptions) -> Iterator[Problem]:
    problems = read_problems(result, "amount-unverified")
    if not problems:  # the usual case: no need to gather the rows of IP lines (0.1 s on 100,000 lines)
        return
    ip_rows = {(j.line.sheet, j.line.row) for j in result.judgements if j.verdict != "not-ip"}
    for p in problems:
        if (p.sheet, p.row) in ip_rows:
            yield from_read(p, options.say(MESSAGES["zh"], MESSAGES["en"]).format(reason=p.message))
