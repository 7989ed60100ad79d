"""Find the project-line tables of a sheet and read them.

A sheet is walked block by block: a block is the title area (workbook and table
titles, 编制单位 and 单位 lines) followed by a header and its rows. Each header is
searched for in the first rows of its block; a sheet may stack several tables,
each with its own title, unit and header. Sheets and tables whose titles say they
hold no project lines (收支总表, "三公"经费表 …) are skipped, with the reason kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .._i18n import say
from ..models import ReadProblem, SheetInfo
from ._files import RawSheet
from ._headers import HEADER_PROBLEMS, NO_NAME_COLUMN, Header, header_at, looks_like_header
from ._cells import has_number
from ._lines import TableReader
from ._vocab import vocab
from .amounts import unit_in_text

__all__ = ["Collector", "read_sheet"]

HEADER_SEARCH_ROWS = 30  # a header is looked for in the first rows of each block
TOP_ROWS = 10  # rows read for context on a sheet without a table


@dataclass
class Collector:
    """What the reader gathers across the sheets of one workbook."""

    limits: object
    lines: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    context: dict = field(default_factory=dict)  # ordered set
    unit_names: dict = field(default_factory=dict)  # ordered set

    def add_context(self, texts: list[str]) -> None:
        for text in texts:
            self.context.setdefault(text, None)


def read_sheet(sheet: RawSheet, out: Collector) -> SheetInfo:
    if sheet.skipped:
        return SheetInfo(sheet.name, "skipped", sheet.skipped)
    for i, fields in sheet.cut:
        out.problems.append(ReadProblem(
            kind="cell-truncated", sheet=sheet.name, row=sheet.row_number(i),
            message=say(f"一行 {fields:,} 个字段，截为表宽 {len(sheet.rows[i])}：远宽于其他行",
                        f"line of {fields:,} fields cut to the table's {len(sheet.rows[i])}: far wider than the other "
                        "lines"),
        ))
    rows = sheet.rows
    if not any(any(not _blank(v) for v in row) for row in rows):
        return SheetInfo(sheet.name, "skipped", say("空表", "empty sheet"))
    label = title_skip([sheet.name])
    if label:
        out.add_context(_top_texts(rows))
        return SheetInfo(sheet.name, "skipped", _not_a_project_table(label))
    read: list[str] = []
    skipped: list[str] = []
    lines = 0
    first_header: int | None = None
    unit: str | None = None
    pos, n = 0, len(rows)
    while pos < n:
        header = find_header(sheet, pos)
        if header is None:
            if not read and not skipped:
                out.add_context(_top_texts(rows[pos:]))
            break
        area = rows[pos:header.top]
        texts = _area_texts(area)
        out.add_context(texts)
        row_number = sheet.row_number(header.top)
        label = title_skip(texts)
        if label:
            skipped.append(_not_a_project_table(label))
            pos = skip_table(sheet, header.data)
            continue
        if header.problem:
            problem = say(*HEADER_PROBLEMS[header.problem])
            skipped.append(say(f"第 {row_number} 行的表：{problem}", f"table at row {row_number}: {header.problem}"))
            if header.problem != NO_NAME_COLUMN:
                labels = ", ".join(l for l in header.labels if l)
                out.problems.append(ReadProblem(
                    kind="table-unreadable", sheet=sheet.name, row=row_number,
                    message=say(f"{problem}（表头：{labels}）", f"{header.problem} (header: {labels})"),
                ))
            pos = skip_table(sheet, header.data)
            continue
        unit = header.unit or _area_unit(area) or unit  # a later table without a unit keeps the last
        before = len(out.lines)
        pos = TableReader(sheet, header, unit or "元", out).run()
        lines += len(out.lines) - before
        first_header = first_header if first_header is not None else row_number
        title = next((t for t in reversed(texts) if t.endswith("表")), "")
        read.append(", ".join(filter(None, (title, f"单位：{unit or '元（未注明）'}"))))
    if read:
        return SheetInfo(sheet.name, "read", "; ".join(read), lines=lines, header_row=first_header)
    return SheetInfo(sheet.name, "skipped", say("；", "; ").join(skipped) or say(*HEADER_PROBLEMS[NO_NAME_COLUMN]))


def _not_a_project_table(label: str) -> str:
    return say(f"{label}：不是项目表", f"{label}: not a project table")


def find_header(sheet: RawSheet, start: int) -> Header | None:
    rows = sheet.rows
    for i in range(start, min(len(rows), start + HEADER_SEARCH_ROWS)):
        header = header_at(rows, i, sheet.merges)
        if header is not None:
            return header
    return None


def skip_table(sheet: RawSheet, start: int) -> int:
    """Past a table that is not read: where the next block (title area + header) starts."""
    rows = sheet.rows
    after_data = start
    for k in range(start, len(rows)):
        row = rows[k]
        if has_number(row):
            after_data = k + 1
        elif looks_like_header(row) and header_at(rows, k, sheet.merges) is not None:
            return after_data if k - after_data < HEADER_SEARCH_ROWS else k
    return len(rows)


def title_skip(texts: list[str]) -> str:
    """The label of a non-project table named in these titles, or ""."""
    v = vocab()
    joined = " ".join(texts)
    for fragment, label, first in v.skip_titles:
        if first and fragment in joined:
            return label
    if any(word in joined for word in v.project_titles):
        return ""
    for fragment, label, _ in v.skip_titles:
        if fragment in joined:
            return label
    return ""


def _area_texts(area: list[list]) -> list[str]:
    notes = vocab().notes
    texts = []
    for row in area:
        for value in row:
            if value.__class__ is str:
                text = " ".join(value.split())
                if text and not notes.match(text):
                    texts.append(text)
    return texts


def _area_unit(area: list[list]) -> str | None:
    """The unit line nearest above the header."""
    for row in reversed(area):
        for value in row:
            if value.__class__ is str:
                unit = unit_in_text(value)
                if unit:
                    return unit
    return None


def _top_texts(rows: list[list]) -> list[str]:
    """Title lines at the top of a sheet without a readable table."""
    top = []
    for row in rows[:TOP_ROWS]:
        filled = [v for v in row if not _blank(v)]
        if len(filled) >= 3:
            break
        top.append(row)
    return _area_texts(top)


def _blank(value: object) -> bool:
    return value is None or (value.__class__ is str and not value.strip())  # type: ignore[union-attr]
