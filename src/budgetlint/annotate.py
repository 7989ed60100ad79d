"""Annotated copies: the preparer's own workbook with every flagged row coloured.

For each workbook with (unsuppressed) findings, out_dir/<name>.annotated.xlsx is
written: the original's sheets with each flagged row filled by severity (error red,
warning amber, info blue) and a comment on the project-name cell giving the rule, the
clause and how to fix it, plus a "budgetlint" sheet listing every finding, its amounts in
the workbook's own unit. A .csv or .xls input (or an .xlsx openpyxl cannot open) gets a
new workbook built from its judged lines instead.

The copy keeps what openpyxl keeps: values, styles, merged cells, data validation, defined
names, charts, images (openpyxl needs Pillow for them) and the preparer's own comments with
their authors. What it cannot keep (shapes, macros, slicers …) is found by _kept.py, listed
under the findings on the budgetlint sheet and returned with the copy, for the run to warn.

The original is only ever opened for reading; the copy is written to a temporary file
in out_dir and moved into place, so a crash never leaves half a file behind. Each flagged
row costs the same however large the sheet (a sheet's width is measured once, not per row).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.workbook import Workbook as XlBook
from openpyxl.worksheet.worksheet import Worksheet

from . import _kept
from ._atomic import atomic_write_bytes
from ._i18n import say
from .errors import OutputError
from .models import Finding, RunResult, WorkbookResult
from .normalize import normalize_name
from .report import ReportOptions
from .report._cells import AMOUNT_FORMAT, ColumnWidths, in_unit, unit_of
from .report._labels import funding_word, loss_text, severity_word, sheet_labels, unit_word, verdict_word
from .report._rule_text import fix_text
from .report.junit import xml_safe
from .report.sarif import posix_path

__all__ = ["AnnotatedCopy", "annotated_copies", "write_annotated_copies", "fix_text"]

FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
_RANK = {"error": 0, "warning": 1, "info": 2}
_OPENPYXL_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
_FORMULA_START = ("=", "+", "-", "@")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_BOLD = Font(bold=True)
#: Column caps (characters) of the budgetlint sheet and of the table of lines.
_SUMMARY_CAPS = (24, 8, 24, 10, 36, 16, 48, 48, 48)
_SUMMARY_WRAPPED = {5, 7, 8, 9}  # project, message, clause, how to fix (1-based)
_LINES_CAPS = (24, 8, 40, 16, 10, 24, 12)


@dataclass(frozen=True)
class AnnotatedCopy:
    source: str  # the workbook's path as the run named it
    path: Path  # where the copy was written
    not_kept: tuple[_kept.Loss, ...] = ()  # what the copy lacks of the original

    def not_kept_text(self, lang: str = "zh") -> list[str]:
        return [loss_text(loss.kind, loss.count, loss.detail, lang) for loss in self.not_kept]


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


def _comment_text(findings: list[Finding], lang: str) -> str:
    words = sheet_labels(lang)
    parts = []
    for f in findings:
        lines = [f"{f.code} {f.rule}（{severity_word(f.severity, lang)}）"]
        if f.message:
            lines.append(f.message)
        if f.clause:
            lines.append(f"{words['clause']}：{f.clause}")
        fix = fix_text(f.code, lang)
        if fix:
            lines.append(f"{words['how_to_fix']}：{fix}")
        parts.append("\n".join(lines))
    return xml_safe("\n\n".join(parts))


def _mark_row(ws: Worksheet, row: int, width: int, fills: dict[str, PatternFill], findings: list[Finding],
              lang: str) -> None:
    """Fill columns 1..width of the row by its worst severity; comment on its project-name cell."""
    severity = min((f.severity for f in findings), key=lambda s: _RANK.get(s, 1))
    name_cell = _name_cell(ws, row, width, findings[0].name)
    fill = fills.get(severity, fills["warning"])
    for col in range(1, max(width, name_cell.column) + 1):
        ws.cell(row=row, column=col).fill = fill
    text = _comment_text(findings, lang)
    own = name_cell.comment
    if own is None:
        name_cell.comment = Comment(text, "budgetlint", height=220, width=360)
    else:  # the preparer's own note stays first, and keeps its author
        name_cell.comment = Comment(f"{own.text}\n\nbudgetlint：\n{text}", own.author,
                                    height=max(own.height or 0, 260), width=max(own.width or 0, 360))


def _name_cell(ws: Worksheet, row: int, width: int, name: str) -> Cell:
    """The cell in this row holding the project name; the first text cell otherwise."""
    cells = [c for c in (ws.cell(row=row, column=col) for col in range(1, width + 1)) if not isinstance(c, MergedCell)]
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


def _fills() -> dict[str, PatternFill]:
    return {severity: PatternFill("solid", fgColor=colour) for severity, colour in FILLS.items()}


def _table(ws: Worksheet, headings: list[str], rows: Iterator[list], caps: tuple[int, ...], wrapped: set[int],
           amount_col: int) -> None:
    """A table from A1: bold frozen heading, autofilter, fitted widths; text stays text."""
    widths = ColumnWidths(headings, caps)
    for col, heading in enumerate(headings, start=1):
        cell = ws.cell(row=1, column=col)
        _put(cell, heading)
        cell.font, cell.alignment = _BOLD, _WRAP
    r = 1
    for r, values in enumerate(rows, start=2):
        widths.see(values)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col)
            _put(cell, value)
            cell.alignment = _WRAP if col in wrapped else _TOP
        ws.cell(row=r, column=amount_col).number_format = AMOUNT_FORMAT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{openpyxl.utils.get_column_letter(len(headings))}{r}"
    for col, width in enumerate(widths.fitted(), start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width = width


def _summary_sheet(book: XlBook, findings: list[Finding], unit: str, lang: str) -> Worksheet:
    title = "budgetlint"
    n = 1
    while title in book.sheetnames:
        n += 1
        title = f"budgetlint{n}"
    ws = book.create_sheet(title)
    words = sheet_labels(lang)
    headings = [h.format(unit=unit_word(unit, lang)) for h in words["copy_columns"]]
    rows = ([f.sheet, f.row if f.row > 0 else None, f"{f.code} {f.rule}", severity_word(f.severity, lang),
             f.name, in_unit(f.amount_yuan, unit), f.message, f.clause, fix_text(f.code, lang)] for f in findings)
    _table(ws, headings, rows, _SUMMARY_CAPS, _SUMMARY_WRAPPED, amount_col=6)
    fills = _fills()
    for r, f in enumerate(findings, start=2):
        ws.cell(row=r, column=4).fill = fills.get(f.severity, fills["warning"])
    return ws


def _note_losses(ws: Worksheet, start: int, losses: tuple[_kept.Loss, ...], lang: str, replacing: int = 0) -> None:
    """From row `start` (below the findings and a blank row): what the copy could not keep;
    nothing when all was kept. `replacing` clears an earlier note of that many losses first."""
    if replacing:
        ws.delete_rows(start, replacing + 1)
    if not losses:
        return
    _put(ws.cell(row=start, column=1), sheet_labels(lang)["not_kept"])
    ws.cell(row=start, column=1).font = _BOLD
    for i, loss in enumerate(losses, start=1):
        _put(ws.cell(row=start + i, column=1), "· " + loss_text(loss.kind, loss.count, loss.detail, lang))


def _by_row(findings: list[Finding]) -> dict[tuple[str, int], list[Finding]]:
    rows: dict[tuple[str, int], list[Finding]] = {}
    for f in findings:
        if f.row > 0:
            rows.setdefault((f.sheet, f.row), []).append(f)
    return rows


# ---------------------------------------------------------------------------
# Building the copy.


def _from_original(path: Path, findings: list[Finding], lang: str) -> tuple[XlBook, list[str]]:
    """The original with its flagged rows marked, and openpyxl's warnings while reading it."""
    # Read from a file object opened 'rb': openpyxl never holds a writable handle on it.
    with open(path, "rb") as fh, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = openpyxl.load_workbook(fh, keep_links=False)
    fills = _fills()
    by_sheet: dict[str, list[tuple[int, list[Finding]]]] = {}
    for (sheet, row), group in _by_row(findings).items():
        by_sheet.setdefault(sheet, []).append((row, group))
    for sheet, rows in by_sheet.items():
        if sheet not in book.sheetnames or not isinstance(book[sheet], Worksheet):
            continue  # still listed on the budgetlint sheet
        ws = book[sheet]
        width = ws.max_column  # walks every cell of the sheet: once per sheet, never per row
        for row, group in rows:
            _mark_row(ws, row, width, fills, group, lang)
    return book, [str(w.message) for w in caught]


def _from_lines(wb: WorkbookResult, findings: list[Finding], unit: str, lang: str) -> XlBook:
    book = openpyxl.Workbook()
    ws = book.active
    words = sheet_labels(lang)
    ws.title = words["lines_sheet"]
    if wb.judgements:
        pairs = [(j.line, j.verdict) for j in wb.judgements]
    else:
        pairs = [(line, "") for line in (wb.workbook.lines if wb.workbook else ())]
    headings = [h.format(unit=unit_word(unit, lang)) for h in words["copy_lines_columns"]]
    rows = ([line.sheet, line.row, line.name, in_unit(line.amount_yuan, unit), line.code,
             line.funding.text or funding_word(line.funding.kind, lang), verdict_word(verdict, lang) if verdict else ""]
            for line, verdict in pairs)
    _table(ws, headings, rows, _LINES_CAPS, {3}, amount_col=4)
    width, fills = len(headings), _fills()
    flagged = _by_row(findings)
    for r, (line, _) in enumerate(pairs, start=2):
        group = flagged.get((line.sheet, line.row))
        if group:
            _mark_row(ws, r, width, fills, group, lang)
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


def _saved(book: XlBook) -> bytes:
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _findings_for(result: RunResult, wb: WorkbookResult) -> list[Finding]:
    everything = dict.fromkeys((*wb.findings, *(f for f in result.findings if f.path == wb.path)))
    found = [f for f in everything if f.suppression is None]
    return sorted(found, key=lambda f: (f.sheet, f.row, _RANK.get(f.severity, 1), f.code, f.name))


def _copy(wb: WorkbookResult, found: list[Finding], lang: str) -> tuple[bytes, tuple[_kept.Loss, ...]]:
    """The copy's bytes and what it could not keep of the original."""
    source = Path(wb.path)
    unit = unit_of(wb.workbook.lines) if wb.workbook else "元"
    book = original = None
    if source.suffix.lower() in _OPENPYXL_SUFFIXES and source.is_file():
        try:
            original = _kept.Package.read(str(source))
            book, warned = _from_original(source, found, lang)
        except Exception:  # noqa: BLE001 — whatever openpyxl cannot open, the lines still can be shown
            book = original = None
    if book is None or original is None:
        book = _from_lines(wb, found, unit, lang)
        _summary_sheet(book, found, unit, lang)
        return _saved(book), ()
    summary = _summary_sheet(book, found, unit, lang)
    notes = len(found) + 3  # heading, findings, a blank row
    # Most losses are known before saving; the saved copy is checked, and in the rare case it
    # lacks something else (or keeps more), the note is corrected and the copy saved again.
    losses = _kept.expected(original, warned)
    _note_losses(summary, notes, losses, lang)
    data = _saved(book)
    with zipfile.ZipFile(io.BytesIO(data)) as copy:
        actual = _kept.compared(original, copy, warned)
    if actual != losses:
        _note_losses(summary, notes, actual, lang, replacing=len(losses))
        data = _saved(book)
    return data, actual


def annotated_copies(result: RunResult, out_dir: Path, options: ReportOptions | None = None) -> Iterator[AnnotatedCopy]:
    """Write <name>.annotated.xlsx into out_dir for each workbook with findings, yielding each
    copy as it is written, in the run's workbook order."""
    options = options or ReportOptions()
    out_dir = Path(out_dir)
    inputs = {_resolve(wb.path) for wb in result.workbooks}
    if _resolve(out_dir) in inputs or (out_dir.exists() and not out_dir.is_dir()):
        raise OutputError(say(f"{out_dir}: 批注副本的文件夹是个文件，不是文件夹",
                              f"{out_dir}: the annotated-copy folder is a file, not a folder"))
    jobs = [(wb, found) for wb in result.workbooks if not wb.error and (found := _findings_for(result, wb))]
    if not jobs:
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for wb, found in jobs:
        target = _target(out_dir, wb.path, used)
        if _resolve(target) in inputs:
            raise OutputError(say(f"{target}: 会覆盖所查的预算表", f"{target}: would overwrite an input workbook"))
        data, losses = _copy(wb, found, options.lang)
        atomic_write_bytes(target, data)  # temporary file in out_dir + os.replace
        yield AnnotatedCopy(wb.path, target, losses)


def write_annotated_copies(result: RunResult, out_dir: Path, options: ReportOptions | None = None) -> list[Path]:
    """Write <name>.annotated.xlsx into out_dir for each workbook with findings;
    return the paths written, in the run's workbook order."""
    return [copy.path for copy in annotated_copies(result, out_dir, options)]
