"""What the data rules share: a reader's problem as a rule's problem."""

from __future__ import annotations

from ..models import ReadProblem, WorkbookResult
from ._problem import Problem

__all__ = ["read_problems", "from_read", "yuan"]


def read_problems(result: WorkbookResult, kind: str) -> list[ReadProblem]:
    return [p for p in (result.workbook.problems if result.workbook else ()) if p.kind == kind]


def from_read(problem: ReadProblem, message: str, evidence: tuple[tuple[str, str], ...] = ()) -> Problem:
    return Problem(message=message, sheet=problem.sheet, row=problem.row or 0, name=problem.name, evidence=evidence)


def yuan(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"
