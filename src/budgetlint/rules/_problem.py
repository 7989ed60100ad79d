"""What a rule yields, and the options it is given."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import _quick_init


@dataclass(frozen=True)
class RuleOptions:
    lang: str = "zh"  # language of the messages: "zh" | "en"

    def say(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh


@_quick_init  # one per finding: a 100,000-line budget can have tens of thousands
@dataclass(frozen=True)
class Problem:
    message: str
    sheet: str = ""
    row: int = 0
    name: str = ""
    amount_yuan: float | None = None
    duty_id: str = ""
    clause: str = ""
    evidence: tuple[tuple[str, str], ...] = ()
    path: str = ""  # run-level rules name the workbook they speak of


@dataclass(frozen=True)
class RunInput:
    """What run-level rules see: every workbook's result and the suppression bookkeeping."""

    results: tuple = ()  # tuple[WorkbookResult, ...]
    unreasoned: tuple = ()  # suppression entries given without a reason
    stale: tuple = ()  # suppression entries that matched no finding
    facts: tuple = ()  # per result, what this rule's collect() gathered from it (None without one)
