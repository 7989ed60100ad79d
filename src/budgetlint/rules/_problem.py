"""What a rule yields, and the options it is given."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import _quick_init


@dataclass(frozen=True)
class Option:
    """An option of a rule: set in budgetlint.toml as [rules.CODE] name = value, validated
    before anything is linted, and given to the rule's check in RuleOptions."""

    name: str
    type: type
    default: object
    help_zh: str
    help_en: str


@dataclass(frozen=True)
class RuleOptions:
    lang: str = "zh"  # language of the messages: "zh" | "en"
    values: tuple[tuple[str, object], ...] = ()  # this rule's options, validated, defaults filled in
    #: What a rule worked out once for lines of one decision (message, evidence), for the lines
    #: of one workbook: the engine gives each rule a fresh one per workbook.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def say(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    def get(self, name: str, default: object = None) -> object:
        return next((v for k, v in self.values if k == name), default)


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
