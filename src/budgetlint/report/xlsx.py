"""The findings workbook (`--format xlsx`): a run's findings where auditors and preparers work.

Three sheets, headings in the report's language:

- 概况 (summary): per workbook and per jurisdiction, its lines, their amount, findings by
  severity (强制性 / 提示性 / 提示信息), the suppressed ones, and the amount at the wrong
  level -- each in the budget's own unit (万元 for a budget whose tables are in 万元);
- 问题清单 (findings): one row per finding with its workbook, sheet, row, project, amount,
  verdict, rule, severity, the duty's task as the scheme words it, the clause, the evidence,
  the message, how to fix it (the rule's own text), budgetlint's status, and an empty column
  for the preparer's reply; frozen heading, autofilter, fitted widths, wrapped long text;
- 预算行 (lines): every line with its verdict, when the run kept its lines (LINE_FORMATS).

Written by our own streaming writer (_xlsx_writer.py; BENCHMARKS.md: about as fast as the JSON
report, where xlsxwriter took five times as long): each row goes into the package as it is
written, so memory does not grow with the run; only the first rows of a sheet wait, to fit its
column widths. Every text is written as text -- a project called =HYPERLINK(...) stays those
characters. The package's dates are fixed, so the same run gives the same bytes.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, count, islice
from pathlib import PurePath
from typing import BinaryIO

from .._version import __version__
from ..models import SEVERITIES, BudgetLine, Finding, Judgement, RunResult, WorkbookResult
from ..reasons import render_reasons
from . import ReportOptions
from . import _labels as L
from ._cells import AMOUNT_FORMAT, ColumnWidths, in_unit, unit_of
from ._facts import duty_of, placements, schemes_of, status_of, verdicts_by_line
from ._rule_text import fix_text
from ._xlsx_writer import Format, Sheet, Workbook, without_surrogates
from .sarif import posix_path

__all__ = ["render", "chunks", "write"]

#: The package's creation date: fixed, so the same run writes the same bytes.
CREATED = datetime.datetime(2000, 1, 1)
#: Data rows per sheet: Excel's 1,048,576 rows less the heading; more continue on a new sheet.
MAX_ROWS = 1_048_575
_PIECE = 1 << 20
#: Rows of a sheet measured to fit its column widths (they wait in memory until the sheet starts).
_MEASURED = 1_000
#: Distinct decisions remembered while writing the lines sheet (emptied when full).
_TAILS = 4_096

#: (cap in characters, wrapped) per column of the findings and lines sheets.
_FINDING_COLUMNS = ((40, False), (16, False), (7, False), (36, True), (14, False), (12, False), (24, False),
                    (10, False), (30, True), (50, True), (40, True), (40, True), (40, True), (10, False), (24, True))
_LINE_COLUMNS = ((40, False), (16, False), (7, False), (36, True), (14, False), (10, False), (24, True),
                 (12, False), (36, True), (50, True))
_SUMMARY_CAPS = (40, 12, 14, 10, 14, 8, 8, 10, 10, 8, 16, 12, 40)
_FINDING_AMOUNT, _FINDING_SEVERITY, _LINE_AMOUNT = 4, 7, 4
_FILLS = {"error": "#FFC7CE", "warning": "#FFEB9C", "info": "#DDEBF7"}


def chunks(result: RunResult, options: ReportOptions) -> Iterator[bytes]:
    """The workbook in pieces of a megabyte, built in a private temporary file first."""
    with tempfile.TemporaryFile() as fh:
        write(result, options, fh)
        fh.seek(0)
        while piece := fh.read(_PIECE):
            yield piece


def render(result: RunResult, options: ReportOptions) -> bytes:
    return b"".join(chunks(result, options))


def write(result: RunResult, options: ReportOptions, fh: BinaryIO) -> None:
    """Write the findings workbook into a binary file (seekable, as a zip file needs)."""
    lang = options.lang if options.lang in L.LANGS else "zh"
    words = L.sheet_labels(lang)
    with Workbook(fh, title=words["title"], author="budgetlint", created=CREATED,
                  comments=f"budgetlint {result.version or __version__}") as book:
        styles = _Styles(book)
        run_unit = unit_of(line for wb in result.workbooks if wb.workbook for line in wb.workbook.lines)
        _summary_sheet(book, styles, result, options, words, lang)
        _findings_sheets(book, styles, result, words, lang, run_unit)
        if result.kept_lines and any(wb.workbook and wb.workbook.lines for wb in result.workbooks):
            _lines_sheets(book, styles, result, words, lang, run_unit)


class _Styles:
    """The few cell formats of the workbook, made once."""

    def __init__(self, book: Workbook) -> None:
        self.heading = book.style(Format(bold=True, wrap=True, top=True, fill="#F0F3F7", border="bottom"))
        self.title = book.style(Format(bold=True, size=14))
        self.bold = book.style(Format(bold=True))
        self.text = book.style(Format(top=True))
        self.wrap = book.style(Format(top=True, wrap=True))
        self.amount = book.style(Format(top=True, number=AMOUNT_FORMAT))
        self.total = book.style(Format(bold=True, border="top"))
        self.total_amount = book.style(Format(bold=True, border="top", number=AMOUNT_FORMAT))
        self.severity = {s: book.style(Format(top=True, fill=colour)) for s, colour in _FILLS.items()}


# ---------------------------------------------------------------------------
# The tables: text always as text, numbers as numbers, blanks left empty (Sheet.row).


def _tables(book: Workbook, styles: _Styles, title: str, headings: list[str], columns: tuple,
            rows: Iterable[tuple[list, list]]) -> None:
    """(values, formats) rows under a frozen, filterable heading; past Excel's last row (or
    the most XML a sheet's zip entry holds), on to "title (2)" and so on."""
    rows = iter(rows)
    for part in count(1):
        first = list(islice(rows, min(_MEASURED, MAX_ROWS)))
        if not first and part > 1:
            return
        widths = ColumnWidths(headings, (cap for cap, _ in columns), sample=_MEASURED)
        for values, _ in first:
            _measure(widths, values)
        ws = book.add_sheet(title if part == 1 else f"{title} ({part})", widths.fitted(), frozen_rows=1)
        ws.row(headings, [styles.heading] * len(headings))
        rows, more = chain(first, rows), False
        for values, formats in rows:
            ws.row(values, formats)
            if ws.rows > MAX_ROWS or ws.full:  # the heading is a row of its own
                more = True
                break
        ws.close(filter_columns=len(headings))
        if not more:
            return


def _measure(widths: ColumnWidths, values: list) -> None:
    """widths.see(values), a file name's undecodable byte counted as the \\xNN the sheet shows
    (text_width encodes UTF-8, which cannot hold one; a message can quote a path)."""
    widths.see([without_surrogates(v) if v.__class__ is str else v for v in values])


def _name(path: str) -> str:
    return posix_path(path) or PurePath(path).name


# ---------------------------------------------------------------------------
# The findings and the lines.


def _findings_sheets(book, styles: _Styles, result: RunResult, words, lang: str, unit: str) -> None:
    placed = placements(result)
    verdicts = verdicts_by_line(result)
    plain = [styles.wrap if wrapped else styles.text for _, wrapped in _FINDING_COLUMNS]
    plain[_FINDING_AMOUNT] = styles.amount
    formats = {}
    for severity in SEVERITIES:
        formats[severity] = list(plain)
        formats[severity][_FINDING_SEVERITY] = styles.severity[severity]

    def row(f: Finding) -> tuple[list, list]:
        placement = placed.get(f.path)
        duty = duty_of(f.duty_id, placement)
        verdict = verdicts.get((f.path, f.sheet, f.row), "")
        evidence = "\n".join(f"{L.evidence_word(k, lang)}：{v}" for k, v in f.evidence if v)
        return [_name(f.path), f.sheet, f.row if f.row > 0 else None, f.name, in_unit(f.amount_yuan, unit),
                L.verdict_word(verdict, lang) if verdict else "", f"{f.code} {f.rule}",
                L.severity_word(f.severity, lang), (duty.task or duty.id) if duty else f.duty_id, f.clause, evidence,
                f.message, fix_text(f.code, lang), words["status_" + status_of(f)], ""], formats.get(f.severity, plain)

    headings = [h.format(unit=L.unit_word(unit, lang)) for h in words["finding_columns"]]
    _tables(book, styles, words["findings_sheet"], headings, _FINDING_COLUMNS, map(row, result.findings))


def _lines_sheets(book, styles: _Styles, result: RunResult, words, lang: str, unit: str) -> None:
    formats = [styles.wrap if wrapped else styles.text for _, wrapped in _LINE_COLUMNS]
    formats[_LINE_AMOUNT] = styles.amount

    tails: dict[tuple, list] = {}

    def tail(key: tuple, funding, j: Judgement | None, note: str) -> list:
        """The last four columns, the same for many lines: made once per distinct decision."""
        if len(tails) >= _TAILS:
            tails.clear()
        duty = j.duty if j else None
        cells = tails[key] = [
            " · ".join(p for p in (L.funding_word(funding.kind, lang), funding.text) if p),
            L.verdict_word(j.verdict, lang) if j else "", f"{duty.id} {duty.task}".strip() if duty else "",
            "；".join(render_reasons(j.reasons, lang)) if j else note]
        return cells

    def decided(wb: WorkbookResult) -> Iterator[tuple[BudgetLine, list]]:
        """Each line of a workbook with its last four columns (judged or not)."""
        for j in wb.judgements:
            funding = j.funding
            # ids: duties and reasons live as long as result, and the judge shares them
            key = (funding.kind, funding.text, j.verdict, id(j.duty), id(j.reasons))
            yield j.line, tails.get(key) or tail(key, funding, j, "")
        if not wb.judgements:
            for line in wb.workbook.lines if wb.workbook else ():
                key = (line.funding.kind, line.funding.text, line.amount_note)
                yield line, tails.get(key) or tail(key, line.funding, None, line.amount_note)

    def rows() -> Iterator[tuple[list, list]]:
        for wb in result.workbooks:
            name = _name(wb.path)
            for line, cells in decided(wb):
                yield [name, line.sheet, line.row, line.name, in_unit(line.amount_yuan, unit), line.code,
                       *cells], formats

    headings = [h.format(unit=L.unit_word(unit, lang)) for h in words["line_columns"]]
    _tables(book, styles, words["lines_sheet"], headings, _LINE_COLUMNS, rows())


# ---------------------------------------------------------------------------
# The summary.


@dataclass(frozen=True)
class _Numbers:
    """What the summary shows of a group of workbooks (one, a jurisdiction's, or all)."""

    lines: int
    amount_yuan: float | None  # None when the run kept no lines
    severities: tuple[int, ...]  # SEVERITIES order
    suppressed: int
    wrong_yuan: float | None
    wrong_lines: int | None
    unit: str


def _numbers(result: RunResult, books: list[WorkbookResult], findings: list[Finding]) -> _Numbers:
    severities = tuple(sum(1 for f in findings if f.severity == s) for s in SEVERITIES)
    suppressed = sum(1 for f in findings if f.suppression is not None)
    lines = [line for wb in books if wb.workbook for line in wb.workbook.lines]
    if not result.kept_lines:
        return _Numbers(sum(wb.lines_judged for wb in books), None, severities, suppressed, None, None, "元")
    from ..summary import summarize

    s = summarize(RunResult(workbooks=tuple(books), findings=tuple(findings), errors=()))
    return _Numbers(s.lines, s.amount_yuan, severities, suppressed, s.wrong_level_yuan, s.wrong_level_lines,
                    unit_of(lines))


def _numbers_row(n: _Numbers, lang: str) -> list:
    return [n.lines, in_unit(n.amount_yuan, n.unit), L.unit_word(n.unit, lang), *n.severities, n.suppressed,
            in_unit(n.wrong_yuan, n.unit), n.wrong_lines]


def _level(placement, lang: str) -> str:
    if placement is None:
        return ""
    return placement.scheme.level_name(placement.level) if lang == "zh" else L.level_word(placement.level, lang)


class _Summary:
    """The summary sheet: a title block, then the table by workbook and the table by
    jurisdiction. Both tables put their numbers in the same columns (from the fourth on). Its
    rows (about two per workbook) wait until close, when the widths of all of them are known."""

    def __init__(self, book: Workbook, styles: _Styles, words) -> None:
        self.book, self.name, self.styles = book, words["summary_sheet"], styles
        self.rows: list[tuple[list, list] | None] = []  # None: an empty row
        self.widths = ColumnWidths([""] * len(_SUMMARY_CAPS), _SUMMARY_CAPS, sample=100_000)
        amount, text = styles.amount, styles.text
        self.numbers = [text, amount, text, text, text, text, text, amount, text]
        self.totals = [styles.total, styles.total_amount] + [styles.total] * 5 + [styles.total_amount, styles.total]

    def line(self, text: str, fmt: str) -> None:
        self.rows.append(([text], [fmt]))

    def row(self, values: list, formats: list) -> None:
        self.rows.append((values, formats))
        _measure(self.widths, values)

    def table(self, title: str, headings: list[str]) -> None:
        self.rows.append(None)
        self.line(title, self.styles.bold)
        self.row(headings, [self.styles.heading] * len(headings))

    def close(self) -> None:
        ws: Sheet = self.book.add_sheet(self.name, self.widths.fitted())
        for row in self.rows:
            if row is None:
                ws.skip()
            else:
                ws.row(*row)
        ws.close()


def _summary_sheet(book, styles: _Styles, result: RunResult, options: ReportOptions, words, lang: str) -> None:
    sheet = _Summary(book, styles, words)
    text, wrap, total = styles.text, styles.wrap, styles.total
    schemes = "；".join(f"{s.title or s.city}（{s.doc_number}）" if s.doc_number else (s.title or s.city)
                       for s in schemes_of(result))
    stamp = f" · {words['run_at']}：{options.timestamp}" if options.timestamp else ""
    sheet.line(words["title"], styles.title)
    sheet.line(f"{words['schemes']}：{schemes or '—'}", text)
    sheet.line(f"{words['generated_by']}：budgetlint {result.version or __version__}{stamp}", text)

    by_path: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    placed = placements(result)
    readable = [wb for wb in result.workbooks if not wb.error]
    known: dict[tuple, list] = {}

    def numbers(books: list[WorkbookResult], findings: list[Finding]) -> list:
        # A group's findings are its workbooks' (the total's: all of them), so the same workbooks
        # with as many findings have the same numbers: one workbook is its jurisdiction and the
        # total, and each is summed once, not three times.
        key = (tuple(map(id, books)), len(findings))
        if key not in known:
            known[key] = _numbers_row(_numbers(result, books, findings), lang)
        return known[key]

    everything = numbers(readable, list(result.findings))

    sheet.table(words["by_workbook"], words["summary_columns"])
    failed = dict.fromkeys(wb.path for wb in result.workbooks if wb.error)
    for wb in result.workbooks:
        placement = placed.get(wb.path)
        head = [_name(wb.path), placement.jurisdiction.name if placement else "", _level(placement, lang)]
        if not wb.error:
            sheet.row(head + numbers([wb], by_path.get(wb.path, [])), [text] * 3 + sheet.numbers)
    errors = {wb.path: wb.error for wb in result.workbooks if wb.error}
    for path, message in result.errors:
        errors.setdefault(path, message)
    for path in (*failed, *(p for p in errors if p not in failed)):
        sheet.row([_name(path)] + [None] * 11 + [f"{words['not_read']}：{errors[path]}"], [text] * 12 + [wrap])
    sheet.row([words["total"], "", ""] + everything, [total] * 3 + sheet.totals)

    sheet.table(words["by_jurisdiction"], words["jurisdiction_columns"])
    groups: dict[str, list[WorkbookResult]] = {}
    for wb in readable:
        placement = placed.get(wb.path)
        groups.setdefault(placement.jurisdiction.name if placement else "", []).append(wb)
    for name, books in groups.items():
        findings = [f for wb in books for f in by_path.get(wb.path, [])]
        sheet.row([name or L.labels(lang)["unknown"], len(books), _level(placed.get(books[0].path), lang)]
                  + numbers(books, findings), [text] * 3 + sheet.numbers)
    sheet.row([words["total"], len(readable), ""] + everything, [total] * 3 + sheet.totals)
    sheet.close()
