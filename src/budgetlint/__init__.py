"""budgetlint: lint budget workbooks against 知识产权领域财政事权和支出责任划分 schemes.

The public API (everything else is internal and may change):

    from budgetlint import lint_paths, LintOptions
    result = lint_paths(["sample_budgets"], LintOptions(jobs=1))
    for finding in result.findings: ...

Heavy modules are imported on first use, so `import budgetlint` stays cheap.
"""

from __future__ import annotations

from importlib import import_module

from ._version import __version__

__all__ = [
    "__version__",
    "lint_paths", "lint_workbook", "LintOptions", "exit_status",
    "read_workbook", "ReadLimits",
    "load_scheme", "find_scheme", "bundled_schemes",
    "judge_line", "matcher_for", "place",
    "render", "ReportOptions", "to_dataframe",
    "RULES", "get_rule",
    "BudgetLine", "Finding", "Judgement", "Match", "Placement", "RunResult", "Scheme", "Workbook", "WorkbookResult",
    "BudgetlintError", "InputError", "SchemeError", "ConfigError", "JurisdictionError", "OutputError",
]

_WHERE = {
    "lint_paths": "engine", "lint_workbook": "engine", "LintOptions": "engine", "exit_status": "engine",
    "read_workbook": "read", "ReadLimits": "read",
    "load_scheme": "schemes", "find_scheme": "schemes", "bundled_schemes": "schemes",
    "judge_line": "judge", "matcher_for": "match", "place": "jurisdiction",
    "render": "report", "ReportOptions": "report", "to_dataframe": "_dataframe",
    "RULES": "rules", "get_rule": "rules",
    **dict.fromkeys(("BudgetLine", "Finding", "Judgement", "Match", "Placement", "RunResult", "Scheme",
                     "Workbook", "WorkbookResult"), "models"),
    **dict.fromkeys(("BudgetlintError", "InputError", "SchemeError", "ConfigError", "JurisdictionError",
                     "OutputError"), "errors"),
}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'budgetlint' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
