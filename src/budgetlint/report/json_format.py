"""The JSON report: the stable contract CI and scripts read (version 1).

`to_dict` is the reference: the report is exactly
``json.dumps(to_dict(result), ensure_ascii=False, separators=(",", ":")) + "\\n"``.
`chunks` yields the same text in pieces (about a thousand entries each), so neither the
whole dict nor the whole string is ever held; `render` joins them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from json.encoder import encode_basestring as _s  # the C encoder json.dumps uses with ensure_ascii=False

from ..models import Finding, Judgement, RunResult, WorkbookResult
from ..reasons import reason_dict
from . import ReportOptions

_JSON_LEVELS = {"city", "county", "shared", "affiliation", "central", "provincial"}
_BATCH = 1000  # line entries (or findings) per chunk
_FLOAT_SPECIAL = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}
_MEMO_LIMIT = 4096
_float_repr = float.__repr__  # raises TypeError for anything but a float


def _amount(value: float | None) -> str:
    """An amount as json.dumps writes it (NaN, Infinity); TypeError for anything but a float."""
    if value is None:
        return "null"
    text = _float_repr(value)
    return _FLOAT_SPECIAL.get(text, text)
_int_repr = int.__repr__  # and this for anything but an int


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _duty(j: Judgement, categories: dict[str, str]) -> dict | None:
    duty = j.duty
    if duty is None:
        return None
    level = duty.pays if duty.pays in _JSON_LEVELS else j.duty_level
    return {"id": duty.id, "task_id": duty.task_id, "category": categories.get(duty.category, duty.category),
            "level": level, "owner": j.duty_level, "task": duty.task, "clause": duty.clause, "section": duty.section}


def _finding_head(f: Finding) -> dict:
    return {"code": f.code, "rule": f.rule, "severity": f.severity, "path": f.path, "sheet": f.sheet}


def _finding_duty(f: Finding) -> dict:
    return {"duty": f.duty_id or None, "clause": f.clause or None, "evidence": dict(f.evidence)}


def _suppressed(f: Finding) -> dict | None:
    s = f.suppression
    return None if s is None else {"reason": s.reason, "source": s.source, "by": s.by}


def _finding(f: Finding) -> dict:
    return {**_finding_head(f), "row": f.row, "name": f.name, "amount_yuan": f.amount_yuan, "message": f.message,
            **_finding_duty(f), "fingerprint": f.fingerprint, "baseline": f.baseline, "suppressed": _suppressed(f)}


def _row_finding(f: Finding) -> dict:
    return {"code": f.code, "rule": f.rule, "severity": f.severity, "suppressed": f.suppression is not None}


def _line_tail(j: Judgement, categories: dict[str, str]) -> dict:
    """The fields of a line entry from "funding" to "reasons": the same for many lines."""
    line = j.line
    return {"funding": line.funding.text or None, "funding_kind": j.funding.kind,
            "funding_source": j.funding.source_level, "code": line.code or None,
            "verdict": j.verdict, "duty": _duty(j, categories), "reasons": [reason_dict(r) for r in j.reasons]}


def _line(j: Judgement, categories: dict[str, str], findings: list[dict]) -> dict:
    line = j.line
    return {"sheet": line.sheet, "row": line.row, "name": line.name, "amount_yuan": line.amount_yuan,
            **_line_tail(j, categories), "findings": findings}


def _categories(result: WorkbookResult) -> dict[str, str]:
    return {c.id: c.title for c in result.placement.scheme.categories}


def _workbook_head(result: WorkbookResult) -> dict:
    placement, workbook = result.placement, result.workbook
    return {
        "path": result.path, "scheme": placement.scheme.id, "level": placement.level,
        "jurisdiction": placement.jurisdiction.name, "placed_by": placement.evidence,
        "sheets": [{"name": s.name, "status": s.status, "reason": s.reason, "lines": s.lines} for s in workbook.sheets],
    }


def _workbook(result: WorkbookResult) -> dict:
    categories = _categories(result)
    by_row: dict[tuple[str, int], list[dict]] = {}
    for f in result.findings:
        by_row.setdefault((f.sheet, f.row), []).append(_row_finding(f))
    lines = [_line(j, categories, by_row.get((j.line.sheet, j.line.row), [])) for j in result.judgements]
    return {**_workbook_head(result), "lines": lines}


def to_dict(result: RunResult) -> dict:
    return {
        "version": 1,
        "budgetlint": result.version,
        "schemes": [{"id": s.id, "title": s.title, "doc_number": s.doc_number, "example": s.example} for s in result.schemes],
        "workbooks": [_workbook(r) for r in result.workbooks if r.placement and r.workbook],
        "findings": [_finding(f) for f in result.findings],
        "errors": [{"path": path, "message": message} for path, message in result.errors],
    }


# ---------------------------------------------------------------------------
# Streaming: the same bytes as json.dumps(to_dict(result)), chunk by chunk. Pieces that
# repeat (a line's funding-to-reasons fields, a finding's head and duty) are dumped once
# and remembered; sheet, row, name, amount and the like are encoded per entry. A value of
# an unexpected type raises TypeError in the fast path, and that entry is dumped whole.


def _remember(memo: dict, key, value: str) -> str:
    if len(memo) >= _MEMO_LIMIT:  # bounded: a memo that fills up starts over
        memo.clear()
    memo[key] = value
    return value


def _encoded_row_findings(findings) -> dict[str, dict[int, str]]:
    """sheet -> row -> the encoded "findings" list of that line."""
    by_sheet: dict[str, dict[int, list[str]]] = {}
    items: dict[tuple, str] = {}
    for f in findings:
        try:
            key = (f.code, f.rule, f.severity, f.suppression is not None)
            item = items.get(key)
            if item is None:
                item = _remember(items, key, _dumps(_row_finding(f)))
        except TypeError:  # unhashable
            item = _dumps(_row_finding(f))
        by_sheet.setdefault(f.sheet, {}).setdefault(f.row, []).append(item)
    return {sheet: {row: "[" + ",".join(parts) + "]" for row, parts in rows.items()} for sheet, rows in by_sheet.items()}


def _workbook_chunks(result: WorkbookResult, prefix: str) -> Iterator[str]:
    categories = _categories(result)
    by_sheet = _encoded_row_findings(result.findings)
    head = _dumps({**_workbook_head(result), "lines": []})[:-2]  # ends with '"lines":['
    yield from _batched(_line_entries(result, categories, by_sheet), prefix + head, "]}")


def _line_entries(result: WorkbookResult, categories, by_sheet) -> Iterator[str]:
    tails: dict[tuple, str] = {}
    last_sheet = sheet_json = rows = None  # lines come sheet by sheet: encode each sheet name once
    for j in result.judgements:
        line, funding = j.line, j.funding
        try:
            sheet = line.sheet
            if sheet is not last_sheet:
                sheet_json, rows = _s(sheet), by_sheet.get(sheet, {})
                last_sheet = sheet
            # id(duty): every duty is alive for as long as `result` is.
            key = (line.funding.text, funding.kind, funding.source_level, line.code,
                   j.verdict, id(j.duty), j.duty_level, j.reasons)
            tail = tails.get(key)
            if tail is None:
                tail = _remember(tails, key, _dumps(_line_tail(j, categories))[1:-1])
            row, amount = line.row, _amount(line.amount_yuan)
            if row.__class__ is bool:
                raise TypeError("row")
            entry = (f'{{"sheet":{sheet_json},"row":{_int_repr(row)},"name":{_s(line.name)},'
                     f'"amount_yuan":{amount},{tail},"findings":{rows.get(row, "[]")}}}')
        except TypeError:
            findings = by_sheet.get(line.sheet, {}).get(line.row, "[]")
            entry = _dumps(_line(j, categories, []))[:-3] + findings + "}"
        yield entry


def _batched(entries: Iterator[str], prefix: str, suffix: str) -> Iterator[str]:
    """prefix, the entries separated by commas, suffix: in pieces of _BATCH entries.
    An entry is a JSON value, never empty, so an empty batch means the entries are done."""
    entries = iter(entries)
    piece = prefix + ",".join(islice(entries, _BATCH))  # join consumes the slice in C
    while batch := ",".join(islice(entries, _BATCH)):
        yield piece
        piece = "," + batch
    yield piece + suffix


def _findings_chunks(findings, prefix: str) -> Iterator[str]:
    yield from _batched(_finding_entries(findings), prefix, "]")


def _finding_entries(findings) -> Iterator[str]:
    heads: dict[tuple, str] = {}
    duties: dict[tuple, str] = {}
    for f in findings:
        try:
            key = (f.code, f.rule, f.severity, f.path, f.sheet)
            head = heads.get(key)
            if head is None:
                head = _remember(heads, key, _dumps(_finding_head(f))[1:-1])
            key = (f.duty_id, f.clause, f.evidence)
            duty = duties.get(key)
            if duty is None:
                duty = _remember(duties, key, _dumps(_finding_duty(f))[1:-1])
            row, amount, baseline = f.row, _amount(f.amount_yuan), f.baseline
            if row.__class__ is bool or baseline.__class__ is not bool:
                raise TypeError("row or baseline")
            suppressed = "null" if f.suppression is None else _dumps(_suppressed(f))
            entry = (f'{{{head},"row":{_int_repr(row)},"name":{_s(f.name)},"amount_yuan":{amount},'
                     f'"message":{_s(f.message)},{duty},"fingerprint":{_s(f.fingerprint)},'
                     f'"baseline":{"true" if baseline else "false"},"suppressed":{suppressed}}}')
        except TypeError:
            entry = _dumps(_finding(f))
        yield entry


def chunks(result: RunResult, options: ReportOptions | None = None) -> Iterator[str]:
    """The report as str pieces; "".join(chunks(...)) == render(...)."""
    head = _dumps({
        "version": 1,
        "budgetlint": result.version,
        "schemes": [{"id": s.id, "title": s.title, "doc_number": s.doc_number, "example": s.example} for s in result.schemes],
        "workbooks": [],
    })
    start = head[:-2]  # ends with '"workbooks":['
    sep = ""
    for r in result.workbooks:
        if r.placement and r.workbook:
            yield from _workbook_chunks(r, start + sep)
            start, sep = "", ","
    yield from _findings_chunks(result.findings, start + '],"findings":[')
    errors = _dumps({"errors": [{"path": path, "message": message} for path, message in result.errors]})
    yield "," + errors[1:] + "\n"


def render(result: RunResult, options: ReportOptions) -> str:
    return "".join(chunks(result, options))
