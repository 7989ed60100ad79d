"""transfer (BL104)
市级资金下达县级（转移支付，允许）
A city line passing money down to the counties: allowed.

检查内容
    市级预算中将知识产权资金下达县级的项目（对县区……补助、下达县（市、区）……转移支付、补助
    某县……），无论资金用于方案所列哪一项事权，或是未列事项。

依据
    上级可以通过转移支付补助下级的事权；直接安排下级自己的事项才属越位。资金是否下达是项目
    本身的事实，与匹配到哪一项事权无关。

示例
    晋城市预算：对县区知识产权维权援助工作补助。

如何改正
    无须改正。

选项
    无。

What it checks
    A city budget line that passes intellectual-property money down to the counties
    (对县区…补助, 下达县（市、区）…转移支付, 补助阳城县…), whatever duty — listed or not — it is for.

Why
    An upper level may subsidise a lower level's duty by transfer; spending the money
    directly would be 越位. Whether money passes down is a fact about the line, not about
    the duty.

Example line
    晋城市 budget: 对县区知识产权维权援助工作补助.

How to fix
    Nothing.

Options
    None.
"""

from __future__ import annotations

from ._level import line_check

CODE, NAME, SEVERITY, KIND = "BL104", "transfer", "info", "line"
VERDICTS = ("transfer",)
OPTIONS = ()
MESSAGES = {
    "zh": "资金下达县级（{words}），属对下转移支付",
    "en": "money passed down to the counties ({words}): a transfer",
}

check = line_check(VERDICTS[0], MESSAGES)
