"""Annotated copies: the preparer's own workbook with every flagged row coloured.

For each workbook with (unsuppressed) findings, out_dir/<name>.annotated.xlsx is
written: the original's sheets with each flagged row filled by severity (error red,
warning amber, info blue) and a comment on the project-name cell giving the rule, the
clause and how to fix it, plus a "budgetlint" sheet listing every finding. A .csv or
.xls input (or an .xlsx openpyxl cannot open) gets a new workbook built from its
judged lines instead.

The original is only ever opened for reading; the copy is written to a temporary file
in out_dir and moved into place, so a crash never leaves half a file behind.
"""

from __future__ import annotations

import io
from pathlib import Path, PurePosixPath

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.workbook import Workbook as XlBook
from openpyxl.worksheet.worksheet import Worksheet

from ._atomic import atomic_write_bytes
from .errors import OutputError
from .models import Finding, RunResult, WorkbookResult
from .normalize import normalize_name
from .report import ReportOptions
from .report._labels import doc_heading, funding_word, severity_word, verdict_word
from .report.junit import xml_safe
from .report.sarif import posix_path
from .rules import get_rule

__all__ = ["write_annotated_copies", "fix_text"]

FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
_RANK = {"error": 0, "warning": 1, "info": 2}
_OPENPYXL_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
_FORMULA_START = ("=", "+", "-", "@")

_LABELS = {
    "zh": {
        "summary": ["工作表", "行", "规则", "审核类别", "项目名称", "金额（元）", "说明", "条款", "如何改正"],
        "lines": ["工作表", "行", "项目名称", "金额（元）", "功能科目", "资金来源", "判定"],
        "lines_title": "预算行",
        "clause": "条款",
    },
    "en": {
        "summary": ["sheet", "row", "rule", "severity", "project", "amount (yuan)", "message", "clause", "how to fix"],
        "lines": ["sheet", "row", "project", "amount (yuan)", "code", "funding", "verdict"],
        "lines_title": "lines",
        "clause": "clause",
    },
}


def fix_text(code: str) -> str:
    """The 'How to fix' paragraph of a rule's documentation, on one line."""
    try:
        doc = get_rule(code).doc
    except KeyError:
        return ""
    body: list[str] = []
    inside = False
    for line in doc.splitlines():
        if line and not line[0].isspace():  # an unindented line is a heading
            if inside:
                break
            inside = line.strip().rstrip(":：").lower() == "how to fix"
        elif inside and line.strip():
            body.append(line.strip())
    text = ""
    for part in body:  # Chinese wraps without spaces, English with one
        text += part if not text or _cjk(text[-1]) or _cjk(part[0]) else " " + part
    return text


def _cjk(char: str) -> bool:
    return char >= "\u2e80"


# ---------------------------------------------------------------------------
# Writing cells and comments.


def _put(cell: Cell, value) -> None:
    """Write a value the copy itself adds: text is always text, never a formula."""
    if isinstance(value, str):
        cell.value = xml_safe(value)
        cell.data_type = "s"
        if value.startswith(_FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value


def _words(lang: str) -> dict:
    return _LABELS.get(lang, _LABELS["zh"])


def _comment_text(findings: list[Finding], lang: str) -> str:
    parts = []
    for f in findings:
        lines = [f"{f.code} {f.rule}（{severity_word(f.severity, lang)}）"]
        if f.message:
            lines.append(f.message)
        if f.clause:
            lines.append(f"{_words(lang)['clause']}：{f.clause}")
        fix = fix_text(f.code)
        if fix:
            lines.append(f"{doc_heading('How to fix', lang)}：{fix}")
        parts.append("\n".join(lines))
    return xml_safe("\n\n".join(parts))


def _mark_row(ws: Worksheet, row: int, name_cell: Cell, findings: list[Finding], lang: str) -> None:
    severity = min((f.severity for f in findings), key=lambda s: _RANK.get(s, 1))
    fill = PatternFill("solid", fgColor=FILLS.get(severity, FILLS["warning"]))
    for col in range(1, max(ws.max_column, name_cell.column) + 1):
        ws.cell(row=row, column=col).fill = fill
    text = _comment_text(findings, lang)
    if name_cell.comment is not None:  # keep the preparer's own note
        text = f"{name_cell.comment.text}\n\n{text}"
    name_cell.comment = Comment(text, "budgetlint", height=220, width=360)


def _name_cell(ws: Worksheet, row: int, name: str) -> Cell:
    """The cell in this row holding the project name; the first text cell otherwise."""
    cells = [c for c in ws[row] if not isinstance(c, MergedCell)]
    key = normalize_name(name)
    texts = [c for c in cells if isinstance(c.value, str) and c.value.strip()]
    if key:
        for c in texts:
            if normalize_name(c.value) == key:
                return c
        for c in texts:
            if key in normalize_name(c.value):
                return c
    return texts[0] if texts else ws.cell(row=row, column=1)


def _summary_sheet(book: XlBook, findings: list[Finding], lang: str) -> None:
    title = "budgetlint"
    n = 1
    while title in book.sheetnames:
        n += 1
        title = f"budgetlint{n}"
    ws = book.create_sheet(title)
    for col, head in enumerate(_words(lang)["summary"], start=1):
        _put(ws.cell(row=1, column=col), head)
        ws.cell(row=1, column=col).font = Font(bold=True)
    for r, f in enumerate(findings, start=2):
        values = [f.sheet, f.row if f.row > 0 else None, f"{f.code} {f.rule}", severity_word(f.severity, lang),
                  f.name, f.amount_yuan, f.message, f.clause, fix_text(f.code)]
        for col, value in enumerate(values, start=1):
            _put(ws.cell(row=r, column=col), value)
        ws.cell(row=r, column=6).number_format = "#,##0.00"
        ws.cell(row=r, column=4).fill = PatternFill("solid", fgColor=FILLS.get(f.severity, FILLS["warning"]))


def _by_row(findings: list[Finding]) -> dict[tuple[str, int], list[Finding]]:
    rows: dict[tuple[str, int], list[Finding]] = {}
    for f in findings:
        if f.row > 0:
            rows.setdefault((f.sheet, f.row), []).append(f)
    return rows


# ---------------------------------------------------------------------------
# Building the copy.


def _from_original(path: Path, findings: list[Finding], lang: str) -> XlBook:
    # Read from a file object opened 'rb': openpyxl never holds a writable handle on it.
    with open(path, "rb") as fh:
        book = openpyxl.load_workbook(fh, keep_links=False)
    for (sheet, row), group in _by_row(findings).items():
        if sheet not in book.sheetnames or not isinstance(book[sheet], Worksheet):
            continue  # still listed on the budgetlint sheet
        ws = book[sheet]
        _mark_row(ws, row, _name_cell(ws, row, group[0].name), group, lang)
    return book


def _from_lines(wb: WorkbookResult, findings: list[Finding], lang: str) -> XlBook:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = _words(lang)["lines_title"]
    for col, head in enumerate(_words(lang)["lines"], start=1):
        _put(ws.cell(row=1, column=col), head)
        ws.cell(row=1, column=col).font = Font(bold=True)
    if wb.judgements:
        rows = [(j.line, j.verdict) for j in wb.judgements]
    else:
        rows = [(line, "") for line in (wb.workbook.lines if wb.workbook else ())]
    flagged = _by_row(findings)
    for r, (line, verdict) in enumerate(rows, start=2):
        funding = line.funding.text or funding_word(line.funding.kind, lang)
        values = [line.sheet, line.row, line.name, line.amount_yuan, line.code, funding,
                  verdict_word(verdict, lang) if verdict else ""]
        for col, value in enumerate(values, start=1):
            _put(ws.cell(row=r, column=col), value)
        ws.cell(row=r, column=4).number_format = "#,##0.00"
        group = flagged.get((line.sheet, line.row))
        if group:
            _mark_row(ws, r, ws.cell(row=r, column=3), group, lang)
    return book


def _resolve(path: str | Path) -> Path:
    return Path(path).resolve()


def _target(out_dir: Path, path: str, used: set[str]) -> Path:
    stem = PurePosixPath(posix_path(path)).stem or "workbook"
    name, n = f"{stem}.annotated.xlsx", 1
    while name.casefold() in used:  # two inputs called budget.xlsx in different folders
        n += 1
        name = f"{stem}-{n}.annotated.xlsx"
    used.add(name.casefold())
    return out_dir / name


def _save(book: XlBook, target: Path) -> None:
    data = io.BytesIO()
    book.save(data)
    atomic_write_bytes(target, data.getvalue())  # temporary file in out_dir + os.replace


def _findings_for(result: RunResult, wb: WorkbookResult) -> list[Finding]:
    everything = dict.fromkeys((*wb.findings, *(f for f in result.findings if f.path == wb.path)))
    found = [f for f in everything if f.suppression is None]
    return sorted(found, key=lambda f: (f.sheet, f.row, _RANK.get(f.severity, 1), f.code, f.name))


def write_annotated_copies(result: RunResult, out_dir: Path, options: ReportOptions | None = None) -> list[Path]:
    """Write <name>.annotated.xlsx into out_dir for each workbook with findings;
    return the paths written, in the run's workbook order."""
    options = options or ReportOptions()
    out_dir = Path(out_dir)
    inputs = {_resolve(wb.path) for wb in result.workbooks}
    if _resolve(out_dir) in inputs or (out_dir.exists() and not out_dir.is_dir()):
        raise OutputError(f"{out_dir}: the annotated-copy folder is a file, not a folder")
    jobs = [(wb, found) for wb in result.workbooks if not wb.error and (found := _findings_for(result, wb))]
    if not jobs:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for wb, found in jobs:
        target = _target(out_dir, wb.path, used)
        if _resolve(target) in inputs:
            raise OutputError(f"{target}: would overwrite an input workbook")
        source = Path(wb.path)
        book = None
        if source.suffix.lower() in _OPENPYXL_SUFFIXES and source.is_file():
            try:
                book = _from_original(source, found, options.lang)
            except Exception:  # noqa: BLE001 — whatever openpyxl cannot open, the lines still can be shown
                book = None
        if book is None:
            book = _from_lines(wb, found, options.lang)
        _summary_sheet(book, found, options.lang)
        _save(book, target)
        written.append(target)
    return written
