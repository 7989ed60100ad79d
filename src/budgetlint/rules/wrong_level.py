"""wrong-level (BL101)
另一地方级次的事权，由本级资金安排（支出级次不符）
A duty of the other local level is paid with this level's own money.

检查内容
    项目匹配到方案中属于另一地方级次（市级与县级之间）的财政事权，且资金为本级资金
    （本级财力、一般公共预算，县级为市级事权安排的配套资金，或未写明资金来源）；或市级预算
    直接安排某一个县自己的事项（越位）。

依据
    方案写明每项任务是哪一级的财政事权，并由同级承担支出责任。县级承担市级事权，只能使用
    市级专项转移支付；上级不得要求下级配套（国发〔2016〕49号）。

示例
    阳城县预算：全市性专利导航项目，资金来源 本级财力——“结合全市产业发展开展专利导航”是
    市级财政事权。

如何改正
    将项目移至承担该事权的级次的预算，或改由该级次的转移支付安排并在资金来源中写明；如确为
    本级自己的事项，在项目名称中写明范围（本县、县级……）。

选项
    无。

What it checks
    The line matches a scheme duty that the scheme gives to the other local level (city vs
    county), and the money is the paying level's own (本级财力, 一般公共预算, a county's 配套
    for a city duty, or nothing said), or a city spends its own budget directly on one
    county's own work (越位).

Why
    The scheme says which level's 财政事权 each task is and that the same level 承担支出责任.
    A county may carry out a city duty only with the city's 专项转移支付; matching money may
    not be demanded (国发〔2016〕49号).

Example line
    阳城县 budget: 全市性专利导航项目, 资金来源 本级财力 — 结合全市产业发展开展专利导航 is a
    市级财政事权.

How to fix
    Move the line to the level that owns the duty, or fund it by that level's transfer and
    say so in 资金来源; if the line is really local work, say so in its name (本县, 县级 …).

Options
    None.
"""

from __future__ import annotations

from ._level import line_check

CODE, NAME, SEVERITY, KIND = "BL101", "wrong-level", "error", "line"
VERDICTS = ("wrong-level",)
OPTIONS = ()
MESSAGES = {
    "zh": "“{task}”为{why}{cited}",
    "en": "“{task}”: {why}{cited}",
}

check = line_check(VERDICTS[0], MESSAGES)
