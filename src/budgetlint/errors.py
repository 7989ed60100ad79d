"""budgetlint's exceptions. Each carries a one-line message fit for the command line.

    BudgetlintError
     ├── InputError            a workbook that cannot be read (names the file)
     │    ├── UnsupportedFormat
     │    ├── UnsafeInput       zip bomb, entity expansion, traversal, limits hit
     │    └── NoProjectTable
     ├── JurisdictionError     cannot tell (or two parts disagree) whose budget it is
     ├── SchemeError           a scheme file that does not validate (names file and line)
     ├── ConfigError           a configuration key or value that is not allowed
     └── OutputError           an output path that cannot or must not be written
"""

from __future__ import annotations


class BudgetlintError(Exception):
    """Base class: str(exc) is a complete one-line message."""


class InputError(BudgetlintError):
    def __init__(self, path: str, message: str) -> None:
        self.path = str(path)
        self.reason = message
        super().__init__(f"{path}: {message}")


class UnsupportedFormat(InputError):
    pass


class UnsafeInput(InputError):
    pass


class NoProjectTable(InputError):
    pass


class JurisdictionError(BudgetlintError):
    pass


class SchemeError(BudgetlintError):
    def __init__(self, path: str, problems: list[str] | str) -> None:
        self.path = str(path)
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(f"{path}: " + "; ".join(self.problems))


class ConfigError(BudgetlintError):
    pass


class OutputError(BudgetlintError):
    pass
