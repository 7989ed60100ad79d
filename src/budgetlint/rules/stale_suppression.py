"""stale-suppression (BL302)
忽略项已无对应问题
A suppression no longer matches any finding.

检查内容
    每一条忽略都必须仍然对应一个问题（按工作簿、工作表、项目名称和规则）。

依据
    过时的忽略会越积越多，并会在以后悄悄接受同名项目的新问题。

示例
    忽略文件中针对一个已改名或已删除项目的 [[suppress]] 条目。

如何改正
    删除该条目。

选项
    无。

What it checks
    Every suppression entry must still match a finding (by workbook, sheet, project name and
    rule).

Why
    Stale entries accumulate and would silently accept a future finding of the same name.

Example line
    A [[suppress]] entry for a project that was renamed or removed.

How to fix
    Delete the entry.

Options
    None.
"""

from __future__ import annotations

from ._entries import entry_check

CODE, NAME, SEVERITY, KIND = "BL302", "stale-suppression", "warning", "run"
VERDICTS = ()
OPTIONS = ()
MESSAGES = {"zh": "忽略项已无对应问题：{rule}（{where}）", "en": "stale suppression of {rule} ({where})"}

check = entry_check("stale", MESSAGES)
