"""suppression-without-reason (BL301)
忽略未说明理由
A suppression gives no reason.

检查内容
    忽略文件中的每一条，以及备注单元格中的每一个 `budgetlint: ignore 规则 理由`，都必须说明为什么
    接受该问题。

依据
    审核人员必须能看到谁接受了问题、为什么接受；没有理由的忽略会把问题藏起来。它所指的问题
    不会被忽略。

示例
    备注：budgetlint: ignore wrong-level

如何改正
    补上理由：budgetlint: ignore wrong-level 经市财政局同意，由县代建

选项
    无。

What it checks
    Every entry of the suppression file and every `budgetlint: ignore RULE reason` 备注 cell
    must say why the finding is accepted.

Why
    An auditor must be able to see who accepted a finding and why; a bare ignore hides a
    finding without an explanation. The finding it names is not suppressed.

Example line
    备注: budgetlint: ignore wrong-level

How to fix
    Add the reason: budgetlint: ignore wrong-level 经市财政局同意，由县代建

Options
    None.
"""

from __future__ import annotations

from ._entries import entry_check

CODE, NAME, SEVERITY, KIND = "BL301", "suppression-without-reason", "warning", "run"
VERDICTS = ()
OPTIONS = ()
MESSAGES = {"zh": "忽略规则 {rule} 未说明理由（{where}）", "en": "suppression of {rule} gives no reason ({where})"}

check = entry_check("unreasoned", MESSAGES)
