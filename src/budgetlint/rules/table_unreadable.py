"""table-unreadable (BL203)
形似项目表，但无法识别
A table looks like a project table but cannot be made sense of.

检查内容
    读取时发现带有项目名称列的表头，但缺少必需的列（如金额列），该表的项目行未被判断。

依据
    悄悄跳过的表会让其中的项目逃过所有其他规则。

示例
    项目支出表第 4 行：表头为 项目名称 | 备注，无金额列。

如何改正
    为该表设置可识别的金额列（金额、预算数、合计……）。

选项
    无。

What it checks
    The reader found a header with a project-name column but something it needs (an amount
    column, say) is missing, so the table's lines were not judged.

Why
    A table skipped in silence would hide its lines from every other rule.

Example line
    项目支出表 row 4: header 项目名称 | 备注, no amount column.

How to fix
    Give the table a recognisable amount column (金额, 预算数, 合计 …).

Options
    None.
"""

from __future__ import annotations

from ._read_problems import read_problem_check

CODE, NAME, SEVERITY, KIND = "BL203", "table-unreadable", "warning", "workbook"
VERDICTS = ()
OPTIONS = ()
MESSAGES = {"zh": "表格无法识别：{reason}", "en": "table cannot be read: {reason}"}

check = read_problem_check(NAME, MESSAGES)
