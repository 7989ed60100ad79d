"""The rule table: every rule budgetlint runs, registered here and nowhere else.

A rule is one module (in the spirit of yamllint's rule modules) holding everything about it:
its code, kebab-case name, default severity, the kind of input it looks at (and, for line
rules, the verdicts whose lines it can flag), its options with defaults and types, its
message templates in Chinese and English, its check function, and — as the module's
docstring — its documentation in both languages (read by `_docs.parse_doc` for every
consumer). A check yields `Problem`s; the engine stamps the code, name, severity, location
and fingerprint onto each to make a `Finding`. Rules never format output and know nothing
about suppressions or baselines.

Three kinds of rule, by what their check receives:
- "line": check(judgement, options) for every judged budget line of its verdicts;
- "workbook": check(workbook_result, options) once per workbook;
- "run": check(run_input, options) once per run, across workbooks; what it needs of each
  workbook's lines it collects where that workbook is linted (the module's `collect`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType

from . import (
    ambiguous, amount_unverified, cell_truncated, entrusted, funded_twice, stale_suppression, subtotal_mismatch,
    suppression_without_reason, table_unreadable, transfer, unlisted, upper_level, wrong_level,
)
from ._docs import HEADINGS, SECTIONS, RuleDoc, parse_doc
from ._problem import Option, Problem, RuleOptions, RunInput

__all__ = [
    "RULES", "Rule", "Problem", "RuleOptions", "RunInput", "Option", "RuleDoc", "HEADINGS", "SECTIONS",
    "get_rule", "select_rules",
]

KINDS = ("line", "workbook", "run")


@dataclass(frozen=True, eq=False)
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
    options: tuple[Option, ...] = ()
    messages: tuple[tuple[str, str], ...] = ()  # (lang, template)
    docstring: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.code}: kind must be one of {', '.join(KINDS)}")
        if self.kind == "line" and not self.verdicts:
            raise ValueError(f"{self.code}: a line rule names the verdicts it looks at")

    @classmethod
    def of(cls, module: ModuleType) -> Rule:
        """The rule a rule module defines."""
        return cls(
            code=module.CODE, name=module.NAME, severity=module.SEVERITY, kind=module.KIND, check=module.check,
            verdicts=module.VERDICTS, collect=getattr(module, "collect", None), options=module.OPTIONS,
            messages=tuple(module.MESSAGES.items()), docstring=module.__doc__ or "",
        )

    @cached_property
    def docs(self) -> dict[str, RuleDoc]:
        return parse_doc(self.docstring)

    def documentation(self, lang: str = "zh") -> RuleDoc:
        """The rule's documentation in one language (zh unless "en"): what every consumer reads."""
        return self.docs["en" if lang == "en" else "zh"]

    def summary_in(self, lang: str = "zh") -> str:
        return self.documentation(lang).summary or self.name


RULES: tuple[Rule, ...] = tuple(Rule.of(module) for module in (
    wrong_level, upper_level, entrusted, transfer, unlisted, ambiguous,
    subtotal_mismatch, amount_unverified, table_unreadable, cell_truncated,
    suppression_without_reason, stale_suppression,
    funded_twice,
))

_BY_KEY = {key: rule for rule in RULES for key in (rule.code, rule.code.lower(), rule.name)}


def get_rule(code_or_name: str) -> Rule:
    """The rule with this code (BL101) or name (wrong-level); KeyError otherwise."""
    try:
        return _BY_KEY[code_or_name.strip()]
    except KeyError:
        raise KeyError(f"unknown rule {code_or_name!r}; run `budgetlint rules` for the list") from None


def select_rules(selector: str) -> tuple[Rule, ...]:
    """Rules by code, name, or code prefix (BL1: every level rule; ALL: every rule), as ruff
    selects them: the same on the command line and in budgetlint.toml. KeyError when none."""
    key = selector.strip()
    if key.upper() == "ALL":
        return RULES
    if key in _BY_KEY:
        return (_BY_KEY[key],)
    chosen = tuple(rule for rule in RULES if key and rule.code.startswith(key.upper()))
    if not chosen:
        raise KeyError(f"unknown rule or prefix {selector!r}; run `budgetlint rules` for the list")
    return chosen
