"""unlisted (BL105)
方案未列的知识产权事项，需人工确定支出责任（其他未列事项）
IP work that matches no listed duty: a human must decide (其他未列事项).

检查内容
    项目属于知识产权工作（专利、商标、知识产权……），但不属于方案所列的任何一项事权——通常是
    资助、奖补类项目（专利资助、商标品牌奖补、贯标资助、质押融资风险补偿），或方案没有列出的
    任务。

依据
    方案的兜底条款规定，其他未列事项按照改革的总体要求和事项特点具体确定：属提示性审核，可附
    说明后报送。

示例
    高平市预算：2025年专利资助资金。

如何改正
    在预算说明中写明该事项属于哪一级的财政事权及理由。

选项
    无。

What it checks
    The line is intellectual-property work (专利, 商标, 知识产权 …) but matches no duty of the
    scheme — typically subsidies and awards (专利资助, 商标品牌奖补, 贯标资助, 质押融资风险补偿)
    or a task the scheme does not list.

Why
    The scheme's catch-all says 其他未列事项 are decided case by case: 提示性, it may be
    submitted with an explanation.

Example line
    高平市 budget: 2025年专利资助资金.

How to fix
    Explain in the budget notes which level's 财政事权 it is and why.

Options
    None.
"""

from __future__ import annotations

from ._level import line_check

CODE, NAME, SEVERITY, KIND = "BL105", "unlisted", "warning", "line"
VERDICTS = ("unlisted",)
OPTIONS = ()
MESSAGES = {
    "zh": "知识产权事项未列入方案，属“其他未列事项”，需说明支出责任：{why}",
    "en": "IP work that the scheme does not list (其他未列事项): explain which level is responsible — {why}",
}

check = line_check(VERDICTS[0], MESSAGES)
