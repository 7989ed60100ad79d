"""Workflow rules: suppressions that need attention."""

from __future__ import annotations

from collections.abc import Iterator

from ..suppressions import location
from ._problem import Problem, RuleOptions, RunInput


def suppression_without_reason(run: RunInput, options: RuleOptions) -> Iterator[Problem]:
    """A suppression gives no reason.

    What it checks
        Every entry of the suppression file and every `budgetlint: ignore RULE reason`
        备注 cell must say why the finding is accepted.

    Why
        An auditor must be able to see who accepted a finding and why; a bare ignore hides
        a finding without an explanation. The finding it names is not suppressed.

    Example line
        备注: budgetlint: ignore wrong-level

    How to fix
        Add the reason: budgetlint: ignore wrong-level 经市财政局同意，由县代建

    Options
        None.
    """
    for entry in run.unreasoned:
        yield Problem(
            message=options.say(f"忽略规则 {entry.rule} 未说明理由（{location(entry)}）", f"suppression of {entry.rule} gives no reason ({location(entry)})"),
            path=entry.workbook, sheet=entry.sheet, name=entry.name,
        )


def stale_suppression(run: RunInput, options: RuleOptions) -> Iterator[Problem]:
    """A suppression no longer matches any finding.

    What it checks
        Every suppression entry must still match a finding (by workbook, sheet, project
        name and rule).

    Why
        Stale entries accumulate and would silently accept a future finding of the same
        name.

    Example line
        A [[suppress]] entry for a project that was renamed or removed.

    How to fix
        Delete the entry.

    Options
        None.
    """
    for entry in run.stale:
        yield Problem(
            message=options.say(f"忽略项已无对应问题：{entry.rule}（{location(entry)}）", f"stale suppression of {entry.rule} ({location(entry)})"),
            path=entry.workbook, sheet=entry.sheet, name=entry.name,
        )
