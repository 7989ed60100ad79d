"""What the data rules share: a reader's problem as a rule's problem."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import ReadProblem, WorkbookResult
from ._problem import Problem, RuleOptions

__all__ = ["read_problems", "from_read", "yuan", "read_problem_check"]


def read_problems(result: WorkbookResult, kind: str) -> list[ReadProblem]:
    return [p for p in (result.workbook.problems if result.workbook else ()) if p.kind == kind]


def from_read(problem: ReadProblem, message: str, evidence: tuple[tuple[str, str], ...] = ()) -> Problem:
    return Problem(message=message, sheet=problem.sheet, row=problem.row or 0, name=problem.name, evidence=evidence)


def yuan(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def read_problem_check(kind: str, messages: dict[str, str]):
    """The check of a rule that reports the reader's problems of one kind, each worded by
    `messages` with the reader's own description as {reason}."""
    def check(result: WorkbookResult, options: RuleOptions) -> Iterator[Problem]:
        for p in read_problems(result, kind):
            yield from_read(p, options.say(messages["zh"], messages["en"]).format(reason=p.message))

    return check
