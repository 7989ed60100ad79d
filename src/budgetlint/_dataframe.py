"""An analyst's view of a run as a pandas DataFrame (pandas is optional: budgetlint[analysis])."""

from __future__ import annotations

from .models import RunResult


def to_dataframe(result: RunResult):
    """One row per judged line: workbook, jurisdiction, sheet, row, name, amount, verdict, duty, findings.

    The run must have kept its lines (LintOptions.keep_lines): without them the frame would be
    silently empty."""
    if not result.kept_lines:
        raise ValueError("to_dataframe() needs every line: lint with LintOptions(keep_lines=True)")
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the install
        raise ImportError("to_dataframe needs pandas: pip install 'budgetlint[analysis]'") from None
    rows = []
    for wb in result.workbooks:
        if wb.placement is None:
            continue
        codes: dict[tuple[str, int], list[str]] = {}
        for f in wb.findings:
            codes.setdefault((f.sheet, f.row), []).append(f.code)
        for j in wb.judgements:
            line = j.line
            rows.append({
                "workbook": wb.path, "scheme": wb.placement.scheme.id, "jurisdiction": wb.placement.jurisdiction.name,
                "level": wb.placement.level, "sheet": line.sheet, "row": line.row, "name": line.name,
                "amount_yuan": line.amount_yuan, "funding": j.funding.kind, "verdict": j.verdict,
                "duty": j.duty.id if j.duty else None, "owner": j.duty_level or None,
                "findings": ",".join(codes.get((line.sheet, line.row), [])),
            })
    columns = ["workbook", "scheme", "jurisdiction", "level", "sheet", "row", "name", "amount_yuan", "funding",
               "verdict", "duty", "owner", "findings"]
    return pd.DataFrame(rows, columns=columns)
