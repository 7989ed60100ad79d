"""What the human-facing reports (html, xlsx) look up about a run's findings: the schemes
it used, each workbook's placement, each line's verdict, a finding's status and its duty.
Lookups only -- no wording; each report words them in its own way.
"""

from __future__ import annotations

from ..models import Duty, Finding, Placement, RunResult, Scheme

__all__ = ["STATUSES", "schemes_of", "placements", "verdicts_by_line", "status_of", "duty_of"]

#: A finding's status, in the order the reports list them.
STATUSES = ("open", "suppressed", "baseline")


def schemes_of(result: RunResult) -> tuple[Scheme, ...]:
    """The run's schemes, then any other a workbook was placed in, each once, in that order."""
    seen: dict[str, Scheme] = {s.id: s for s in result.schemes}
    for wb in result.workbooks:
        if wb.placement and wb.placement.scheme.id not in seen:
            seen[wb.placement.scheme.id] = wb.placement.scheme
    return tuple(seen.values())


def placements(result: RunResult) -> dict[str, Placement]:
    """Workbook path → whose budget it is (workbooks that could not be placed are left out)."""
    return {wb.path: wb.placement for wb in result.workbooks if wb.placement}


def verdicts_by_line(result: RunResult) -> dict[tuple[str, str, int], str]:
    """(path, sheet, row) → the verdict of that line (empty when the run kept no lines)."""
    return {(wb.path, j.line.sheet, j.line.row): j.verdict for wb in result.workbooks for j in wb.judgements}


def status_of(finding: Finding) -> str:
    """open, suppressed (a human accepted it) or baseline (known, in the --baseline file)."""
    return "suppressed" if finding.suppression is not None else ("baseline" if finding.baseline else "open")


def duty_of(duty_id: str, placement: Placement | None) -> Duty | None:
    """The scheme duty a finding names (Finding.duty_id), looked up in its workbook's scheme."""
    if not duty_id or placement is None:
        return None
    return placement.scheme.duty(duty_id)
