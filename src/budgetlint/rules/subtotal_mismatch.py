"""subtotal-mismatch (BL201)
合计、小计行与所含各行之和不符
A 合计/小计 or 类/款 subtotal row does not equal the sum of the lines it covers.

检查内容
    读取时识别出的每一个合计、小计或类、款汇总行，与其所含项目行之和比较（换算单位后，差额超过
    容差即报告）。

依据
    合计不符说明有项目遗漏、重复或录入错误，而该表的每一项判断都以其项目行为依据。

示例
    合计 1,250.00 万元，各行合计 1,180.00 万元。

如何改正
    更正项目行或合计数。

选项
    tolerance：允许的差额（元），默认 0.5。

What it checks
    Every subtotal row the reader recognises is compared with the sum of the project lines it
    covers, after converting units; a difference larger than the tolerance is reported.

Why
    A total that does not add up means a line is missing, duplicated or mistyped — and every
    judgement of that table rests on its lines.

Example line
    合计 1,250.00 万元, lines summing to 1,180.00 万元.

How to fix
    Correct the lines or the subtotal.

Options
    tolerance: the difference allowed, in 元; default 0.5.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models import WorkbookResult
from ._problem import Option, Problem, RuleOptions
from ._read_problems import from_read, read_problems, yuan

CODE, NAME, SEVERITY, KIND = "BL201", "subtotal-mismatch", "warning", "workbook"
VERDICTS = ()
OPTIONS = (Option("tolerance", float, 0.5, "允许的差额（元）", "the difference allowed, in 元"),)
MESSAGES = {
    "zh": "小计与明细不符：表列 {declared} 元，明细合计 {computed} 元",
    "en": "subtotal does not add up: declared {declared} 元, lines sum to {computed} 元",
}


def check(result: WorkbookResult, options: RuleOptions) -> Iterator[Problem]:
    tolerance = float(options.get("tolerance", 0.5))
    for p in read_problems(result, "subtotal-mismatch"):
        if p.declared_yuan is None or p.computed_yuan is None or abs(p.declared_yuan - p.computed_yuan) <= tolerance:
            continue
        params = {"declared": yuan(p.declared_yuan), "computed": yuan(p.computed_yuan)}
        yield from_read(p, options.say(MESSAGES["zh"], MESSAGES["en"]).format(**params),
                        (("declared", params["declared"]), ("computed", params["computed"])))
