"""cell-truncated (BL204)
单元格超过 Excel 的长度上限，已截断
A cell longer than Excel's limit was cut short.

检查内容
    单元格文字超过 32,767 个字符（Excel 允许的上限）。budgetlint 只读取前 32,767 个字符，并报告
    截断的位置。

依据
    正常编制的预算表不会有这样的单元格：它通常是程序生成的异常文件，或有意构造的输入；被截断
    的项目名称或说明可能改变判断结果。

示例
    项目支出表第 12 行：项目说明 40,000 个字符。

如何改正
    检查该单元格的内容，删除多余文字后重新保存。

选项
    无。

What it checks
    A cell holds more than 32,767 characters (Excel's own limit). budgetlint reads the first
    32,767 and reports where it cut.

Why
    A budget typed by people has no such cell: it comes from a broken export or a crafted file,
    and a cut name or description may change the verdict.

Example line
    项目支出表 row 12: a description of 40,000 characters.

How to fix
    Look at the cell, remove what does not belong there and save the workbook again.

Options
    None.
"""

from __future__ import annotations

from ._read_problems import read_problem_check

CODE, NAME, SEVERITY, KIND = "BL204", "cell-truncated", "warning", "workbook"
VERDICTS = ()
OPTIONS = ()
MESSAGES = {"zh": "单元格过长，已截断：{reason}", "en": "cell cut short: {reason}"}

check = read_problem_check(NAME, MESSAGES)
