"""ambiguous (BL106)
匹配到不同级次的事权，项目中没有可判断的用语（无法确定）
The line matches duties of different levels and nothing in it decides.

检查内容
    两项以上不同级次的事权同等匹配，或项目同时出现全市与县级范围用语（全市及阳城县、市县两级），
    而该事项正是由范围决定级次。

依据
    budgetlint 不作猜测：不清楚的项目应由编制人员说明。

示例
    全市及阳城县专利导航。

如何改正
    在项目名称中写明范围（全市性 / 县级），或拆分为两个项目。

选项
    无。

What it checks
    Two or more duties of different levels match equally well, or the line carries both
    city-wide and local scope words (全市及阳城县, 市县两级) for a duty whose level the scope
    decides.

Why
    budgetlint does not guess: an unclear line is a question for the preparer.

Example line
    全市及阳城县专利导航.

How to fix
    Name the scope in the line (全市性 / 县级) or split it into two lines.

Options
    None.
"""

from __future__ import annotations

from ._level import line_check

CODE, NAME, SEVERITY, KIND = "BL106", "ambiguous", "warning", "line"
VERDICTS = ("ambiguous",)
OPTIONS = ()
MESSAGES = {
    "zh": "无法判断事权层级，候选事权：{candidates}",
    "en": "cannot tell the level; candidates: {candidates}",
}

check = line_check(VERDICTS[0], MESSAGES)
