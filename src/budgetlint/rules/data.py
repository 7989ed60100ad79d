"""Data rules: what the reader saw in a workbook that a human should know."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import ReadProblem, WorkbookResult
from ._problem import Problem, RuleOptions


def _yuan(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _from_read(problem: ReadProblem, message: str, evidence: tuple[tuple[str, str], ...] = ()) -> Problem:
    return Problem(message=message, sheet=problem.sheet, row=problem.row or 0, name=problem.name, evidence=evidence)


def subtotal_mismatch(result: WorkbookResult, options: RuleOptions) -> Iterator[Problem]:
    """A 合计/小计 or 类/款 subtotal row does not equal the sum of the lines it covers.

    What it checks
        Every subtotal row the reader recognises is compared with the sum of the project
        lines it covers (tolerance 0.5 元, after converting units).

    Why
        A total that does not add up means a line is missing, duplicated or mistyped —
        and every judgement of that table rests on its lines.

    Example line
        合计 1,250.00 万元, lines summing to 1,180.00 万元.

    How to fix
        Correct the lines or the subtotal.

    Options
        None.
    """
    for p in (result.workbook.problems if result.workbook else ()):
        if p.kind == "subtotal-mismatch":
            yield _from_read(p, options.say(
                f"小计与明细不符：表列 {_yuan(p.declared_yuan)} 元，明细合计 {_yuan(p.computed_yuan)} 元",
                f"subtotal does not add up: declared {_yuan(p.declared_yuan)} 元, lines sum to {_yuan(p.computed_yuan)} 元",
            ), (("declared", _yuan(p.declared_yuan)), ("computed", _yuan(p.computed_yuan))))


def amount_unverified(result: WorkbookResult, options: RuleOptions) -> Iterator[Problem]:
    """The amount of an IP line cannot be read (a formula without a saved value, text).

    What it checks
        An intellectual-property line whose amount cell holds a formula that was never
        calculated (a file written by a program and never opened in Excel) or text that is
        not a number. Lines that are not IP work are left alone.

    Why
        budgetlint never reads an unknown amount as zero: the amount at the wrong level
        would be understated.

    Example line
        专利导航项目, 金额 =SUM(D5:D9) with no cached value.

    How to fix
        Open and save the workbook in Excel or WPS, or type the amount.

    Options
        None.
    """
    ip_rows = {(j.line.sheet, j.line.row) for j in result.judgements if j.verdict != "not-ip"}
    for p in (result.workbook.problems if result.workbook else ()):
        if p.kind == "amount-unverified" and (p.sheet, p.row) in ip_rows:
            yield _from_read(p, options.say(f"金额无法核实：{p.message}", f"amount cannot be verified: {p.message}"))


def table_unreadable(result: WorkbookResult, options: RuleOptions) -> Iterator[Problem]:
    """A table looks like a project table but cannot be made sense of.

    What it checks
        The reader found a header with a project-name column but something it needs (an
        amount column, say) is missing, so the table's lines were not judged.

    Why
        A table skipped in silence would hide its lines from every other rule.

    Example line
        项目支出表 row 4: header 项目名称 | 备注, no amount column.

    How to fix
        Give the table a recognisable amount column (金额, 预算数, 合计 …).

    Options
        None.
    """
    for p in (result.workbook.problems if result.workbook else ()):
        if p.kind == "table-unreadable":
            yield _from_read(p, options.say(f"表格无法识别：{p.message}", f"table cannot be read: {p.message}"))
