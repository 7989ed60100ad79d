"""The rule table: every rule budgetlint runs, registered here and nowhere else.

A rule is a small unit: a code, a kebab-case name, a default severity and a check
function whose docstring is its user documentation (`budgetlint rule CODE`, the HTML
report and SARIF help all render it). A check yields `Problem`s; the engine stamps the
code, name, severity, location and fingerprint onto each to make a `Finding`. Rules
never format output and know nothing about suppressions or baselines.

Three kinds of rule, by what their check receives:
- "line": check(judgement, options) for every judged budget line of its verdicts;
- "workbook": check(workbook_result, options) once per workbook;
- "run": check(run_input, options) once per run, across workbooks; what it needs of each
  workbook's lines it collects where that workbook is linted (Rule.collect).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import across, data, level, workflow
from ._problem import Problem, RuleOptions, RunInput

__all__ = ["RULES", "Rule", "Problem", "RuleOptions", "RunInput", "get_rule"]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    kind: str  # "line" | "workbook" | "run"
    check: Callable[..., Iterator[Problem]]
    #: "line" rules: the verdicts whose lines the check is given (it can find nothing in others).
    verdicts: tuple[str, ...] = ()
    #: "run" rules: collect(workbook_result, options) -> facts, run where each workbook is
    #: linted; check then reads them in RunInput.facts, so the run need not keep every line.
    collect: Callable[..., object] | None = None

    def __post_init__(self) -> None:
        if self.kind == "line" and not self.verdicts:
            raise ValueError(f"{self.code}: a line rule names the verdicts it looks at")

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name


RULES: tuple[Rule, ...] = (
    Rule("BL101", "wrong-level", "error", "line", level.wrong_level, verdicts=("wrong-level",)),
    Rule("BL102", "upper-level", "error", "line", level.upper_level, verdicts=("upper-level",)),
    Rule("BL103", "entrusted", "info", "line", level.entrusted, verdicts=("entrusted",)),
    Rule("BL104", "transfer", "info", "line", level.transfer, verdicts=("transfer",)),
    Rule("BL105", "unlisted", "warning", "line", level.unlisted, verdicts=("unlisted",)),
    Rule("BL106", "ambiguous", "warning", "line", level.ambiguous, verdicts=("ambiguous",)),
    Rule("BL201", "subtotal-mismatch", "warning", "workbook", data.subtotal_mismatch),
    Rule("BL202", "amount-unverified", "warning", "workbook", data.amount_unverified),
    Rule("BL203", "table-unreadable", "warning", "workbook", data.table_unreadable),
    Rule("BL301", "suppression-without-reason", "warning", "run", workflow.suppression_without_reason),
    Rule("BL302", "stale-suppression", "warning", "run", workflow.stale_suppression),
    Rule("BL401", "funded-twice", "warning", "run", across.funded_twice, collect=across.city_duties_paid),
)

_BY_KEY = {key: rule for rule in RULES for key in (rule.code, rule.code.lower(), rule.name)}


def get_rule(code_or_name: str) -> Rule:
    """The rule with this code (BL101) or name (wrong-level); KeyError otherwise."""
    try:
        return _BY_KEY[code_or_name.strip()]
    except KeyError:
        raise KeyError(f"unknown rule {code_or_name!r}; run `budgetlint rules` for the list") from None
