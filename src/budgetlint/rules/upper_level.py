"""upper-level (BL102)
中央或省级事权，由地方资金安排（上级事权）
A national or provincial duty is paid with local money.

检查内容
    项目匹配到市级以上的事权（专利、商标、集成电路布图设计的审查、授权、登记和无效，地理标志
    认定，植物新品种权，知识产权海关保护，省级办理的重大专利侵权纠纷行政裁决……），且不是由该级
    次的转移支付安排。

依据
    国办发〔2023〕48号及各省方案将这些事项确认为中央或省级财政事权，市、县不应以本级资金安排。

示例
    裕华区预算：商标注册审查协作经费，资金来源 本级财力。

如何改正
    删除该项目，或写明安排该项目的中央、省级转移支付。

选项
    无。

What it checks
    The line matches a duty above the city (examination, grant, registration and
    invalidation of patents, trademarks and IC layout designs, 地理标志 recognition, plant
    varieties, customs protection, provincial 行政裁决 …) and is not paid by that level's
    transfer.

Why
    国办发〔2023〕48号 and the provincial schemes make these 中央 or 省级 财政事权; no city or
    county should fund them from its own budget.

Example line
    裕华区 budget: 商标注册审查协作经费, 资金来源 本级财力.

How to fix
    Remove the line, or show the provincial or central transfer that pays for it.

Options
    None.
"""

from __future__ import annotations

from ._level import line_check

CODE, NAME, SEVERITY, KIND = "BL102", "upper-level", "error", "line"
VERDICTS = ("upper-level",)
OPTIONS = ()
MESSAGES = {
    "zh": "“{task}”为{why}{cited}",
    "en": "“{task}”: {why}{cited}",
}

check = line_check(VERDICTS[0], MESSAGES)
