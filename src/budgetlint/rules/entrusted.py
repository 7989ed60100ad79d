"""entrusted (BL103)
另一级次的事权，由该级次的转移支付安排（委托事项，允许）
Another level's duty, paid by that level's transfer: allowed.

检查内容
    项目匹配到另一级次的事权，资金来自该级次的转移支付（市级专项转移支付、上级补助、省级专项
    资金……）。

依据
    上级可以委托下级实施其事权，但须通过专项转移支付安排资金。列出此项便于审核人员看到委托
    事项，无须改正。

示例
    阳城县预算：知识产权侵权纠纷行政裁决（市级专项转移支付）。

如何改正
    无须改正，只要转移支付文件齐备。

选项
    无。

What it checks
    The line matches a duty of another level and its money is a transfer from that level
    (市级专项转移支付, 上级补助, 省级专项资金 …).

Why
    An upper level may entrust a duty to a lower level if it pays through a 专项转移支付.
    Reported so an auditor can see the entrusted work; nothing to fix.

Example line
    阳城县 budget: 知识产权侵权纠纷行政裁决（市级专项转移支付）.

How to fix
    Nothing, as long as the transfer document exists.

Options
    None.
"""

from __future__ import annotations

from ._level import line_check

CODE, NAME, SEVERITY, KIND = "BL103", "entrusted", "info", "line"
VERDICTS = ("entrusted",)
OPTIONS = ()
MESSAGES = {
    "zh": "“{task}”为{owner}财政事权，由上级转移支付安排（委托事项）",
    "en": "“{task}”: a {owner} duty paid by an upper-level transfer (entrusted)",
}

check = line_check(VERDICTS[0], MESSAGES)
