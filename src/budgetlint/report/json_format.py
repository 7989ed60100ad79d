"""The JSON report: the stable contract CI and scripts read (version 1)."""

from __future__ import annotations

import json

from ..models import Finding, Judgement, RunResult, WorkbookResult
from . import ReportOptions

_JSON_LEVELS = {"city", "county", "shared", "affiliation", "central", "provincial"}


def _duty(j: Judgement, categories: dict[str, str]) -> dict | None:
    duty = j.duty
    if duty is None:
        return None
    level = duty.pays if duty.pays in _JSON_LEVELS else j.duty_level
    return {"id": duty.id, "category": categories.get(duty.category, duty.category), "level": level,
            "owner": j.duty_level, "task": duty.task, "clause": duty.clause, "section": duty.section}


def _finding(f: Finding) -> dict:
    item = {"code": f.code, "rule": f.rule, "severity": f.severity, "path": f.path, "sheet": f.sheet,
            "row": f.row, "name": f.name, "amount_yuan": f.amount_yuan, "message": f.message,
            "duty": f.duty_id or None, "clause": f.clause or None, "evidence": dict(f.evidence),
            "fingerprint": f.fingerprint, "baseline": f.baseline, "suppressed": None}
    if f.suppression is not None:
        s = f.suppression
        item["suppressed"] = {"reason": s.reason, "source": s.source, "by": s.by}
    return item


def _workbook(result: WorkbookResult) -> dict:
    placement, workbook = result.placement, result.workbook
    categories = {c.id: c.title for c in placement.scheme.categories}
    by_row: dict[tuple[str, int], list[dict]] = {}
    for f in result.findings:
        by_row.setdefault((f.sheet, f.row), []).append({"code": f.code, "rule": f.rule, "severity": f.severity,
                                                        "suppressed": f.suppression is not None})
    lines = []
    for j in result.judgements:
        line = j.line
        lines.append({
            "sheet": line.sheet, "row": line.row, "name": line.name, "amount_yuan": line.amount_yuan,
            "funding": line.funding.text or None, "funding_kind": j.funding.kind,
            "funding_source": j.funding.source_level, "code": line.code or None,
            "verdict": j.verdict, "duty": _duty(j, categories), "reasons": list(j.reasons),
            "findings": by_row.get((line.sheet, line.row), []),
        })
    return {
        "path": result.path, "scheme": placement.scheme.id, "level": placement.level,
        "jurisdiction": placement.jurisdiction.name, "placed_by": placement.evidence,
        "sheets": [{"name": s.name, "status": s.status, "reason": s.reason, "lines": s.lines} for s in workbook.sheets],
        "lines": lines,
    }


def to_dict(result: RunResult) -> dict:
    return {
        "version": 1,
        "budgetlint": result.version,
        "schemes": [{"id": s.id, "title": s.title, "doc_number": s.doc_number, "example": s.example} for s in result.schemes],
        "workbooks": [_workbook(r) for r in result.workbooks if r.placement and r.workbook],
        "findings": [_finding(f) for f in result.findings],
        "errors": [{"path": path, "message": message} for path, message in result.errors],
    }


def render(result: RunResult, options: ReportOptions) -> str:
    # No indent: only the C encoder is fast enough for 100,000-line reports (indent falls back to Python).
    return json.dumps(to_dict(result), ensure_ascii=False, separators=(",", ":")) + "\n"
