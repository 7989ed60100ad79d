"""The numbers every report opens with, computed once from a RunResult.

Pure aggregation: no wording, no formatting, no language. The text, json and html
formatters all read the same Summary, so they can never disagree about a total.

"Amount at the wrong level" is the money of lines whose verdict is wrong-level or
upper-level, unless the finding for that line was suppressed (a human accepted it).
Baseline findings still count: the money is still at the wrong level, it is only known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .models import SEVERITIES, VERDICTS, Finding, Judgement, RunResult, WorkbookResult

__all__ = ["Summary", "summarize", "WRONG_VERDICTS"]

#: Verdicts whose money sits at a level that should not pay it.
WRONG_VERDICTS = ("wrong-level", "upper-level")
_WRONG_CODES = ("BL101", "BL102")


@dataclass(frozen=True)
class Summary:
    workbooks: int  # distinct workbook paths given
    workbooks_read: int  # read and linted
    workbooks_failed: tuple[tuple[str, str], ...]  # (path, reason), in input order
    sheets_read: int
    sheets_skipped: tuple[tuple[str, str, str], ...]  # (path, sheet, reason)
    lines: int  # project lines read
    amount_yuan: float  # sum of the lines whose amount is known
    amount_unknown: int  # lines whose amount could not be known
    findings: int
    by_severity: tuple[tuple[str, int], ...]  # every severity, SEVERITIES order
    open_by_severity: tuple[tuple[str, int], ...]  # neither suppressed nor in baseline
    suppressed: int
    baseline: int
    by_rule: tuple[tuple[str, str, str, int], ...]  # (code, name, severity, count), by code
    by_verdict: tuple[tuple[str, int], ...]  # lines per verdict, every verdict, VERDICTS order
    wrong_level_yuan: float
    wrong_level_lines: int
    #: (jurisdiction name, 元), largest first; "" when the workbook's jurisdiction is unknown.
    wrong_by_jurisdiction: tuple[tuple[str, float], ...]
    #: (category title, 元), largest first; "" when the duty has no category.
    wrong_by_category: tuple[tuple[str, float], ...]

    def severity_count(self, severity: str, open_only: bool = False) -> int:
        counts = self.open_by_severity if open_only else self.by_severity
        return dict(counts).get(severity, 0)


def _failed(result: RunResult) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for wb in result.workbooks:
        if wb.error and wb.path not in seen:
            seen[wb.path] = wb.error
    for path, message in result.errors:
        seen.setdefault(path, message)
    return tuple(seen.items())


def _suppressed_wrong(findings: tuple[Finding, ...]) -> set[tuple[str, str, int]]:
    return {
        (f.path, f.sheet, f.row)
        for f in findings
        if f.suppression is not None and (f.rule in WRONG_VERDICTS or f.code in _WRONG_CODES)
    }


def _category_title(wb: WorkbookResult, judgement: Judgement) -> str:
    duty = judgement.duty
    if duty is None or not duty.category:
        return ""
    category = wb.placement.scheme.category(duty.category) if wb.placement else None
    return category.title if category else duty.category


def _ranked(totals: dict[str, list[float]]) -> tuple[tuple[str, float], ...]:
    summed = [(name, math.fsum(values)) for name, values in totals.items()]
    return tuple(sorted(summed, key=lambda item: (-item[1], item[0])))


def _count_by(values, keys: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    counts = dict.fromkeys(keys, 0)
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return tuple(counts.items())


@dataclass(frozen=True)
class _Wrong:
    amounts: tuple[float, ...]
    by_jurisdiction: tuple[tuple[str, float], ...]
    by_category: tuple[tuple[str, float], ...]


def _wrong_level(result: RunResult) -> _Wrong:
    suppressed = _suppressed_wrong(result.findings)
    amounts: list[float] = []
    by_jurisdiction: dict[str, list[float]] = {}
    by_category: dict[str, list[float]] = {}
    for wb in result.workbooks:
        jurisdiction = wb.placement.jurisdiction.name if wb.placement else ""
        for judgement in wb.judgements:
            line = judgement.line
            if judgement.verdict not in WRONG_VERDICTS or (wb.path, line.sheet, line.row) in suppressed:
                continue
            amount = line.amount_yuan or 0.0  # unknown amounts count as lines, not as money
            amounts.append(amount)
            by_jurisdiction.setdefault(jurisdiction, []).append(amount)
            by_category.setdefault(_category_title(wb, judgement), []).append(amount)
    return _Wrong(tuple(amounts), _ranked(by_jurisdiction), _ranked(by_category))


def _by_rule(findings: tuple[Finding, ...]) -> tuple[tuple[str, str, str, int], ...]:
    rules: dict[str, tuple[str, str, str, int]] = {}
    for f in findings:
        _, _, _, count = rules.get(f.code, ("", "", "", 0))
        rules[f.code] = (f.code, f.rule, f.severity, count + 1)
    return tuple(rules[code] for code in sorted(rules))


def _verdicts(result: RunResult) -> tuple[tuple[str, int], ...]:
    counts = dict.fromkeys(VERDICTS, 0)
    for wb in result.workbooks:
        for verdict, n in wb.verdicts:
            counts[verdict] = counts.get(verdict, 0) + n
    return tuple(counts.items())


def summarize(result: RunResult) -> Summary:
    """Aggregate a RunResult. Deterministic: same result, same Summary.

    Amounts come from the lines, so the run must have kept them (LintOptions.keep_lines)."""
    if not result.kept_lines:
        raise ValueError("summarize() needs every line: lint with LintOptions(keep_lines=True)")
    failed = _failed(result)
    read = [wb.workbook for wb in result.workbooks if wb.workbook is not None]
    sheets = [(wb.path, sheet) for wb in result.workbooks if wb.workbook for sheet in wb.workbook.sheets]
    lines = [line for workbook in read for line in workbook.lines]
    wrong = _wrong_level(result)
    findings = result.findings
    return Summary(
        workbooks=len({wb.path for wb in result.workbooks} | {path for path, _ in failed}),
        workbooks_read=sum(1 for wb in result.workbooks if wb.workbook is not None and not wb.error),
        workbooks_failed=failed,
        sheets_read=sum(1 for _, sheet in sheets if sheet.status != "skipped"),
        sheets_skipped=tuple((path, s.name, s.reason) for path, s in sheets if s.status == "skipped"),
        lines=len(lines),
        amount_yuan=math.fsum(line.amount_yuan for line in lines if line.amount_yuan is not None),
        amount_unknown=sum(1 for line in lines if line.amount_yuan is None),
        findings=len(findings),
        by_severity=_count_by((f.severity for f in findings), SEVERITIES),
        open_by_severity=_count_by(
            (f.severity for f in findings if f.suppression is None and not f.baseline), SEVERITIES
        ),
        suppressed=sum(1 for f in findings if f.suppression is not None),
        baseline=sum(1 for f in findings if f.baseline),
        by_rule=_by_rule(findings),
        by_verdict=_verdicts(result),
        wrong_level_yuan=math.fsum(wrong.amounts),
        wrong_level_lines=len(wrong.amounts),
        wrong_by_jurisdiction=wrong.by_jurisdiction,
        wrong_by_category=wrong.by_category,
    )
