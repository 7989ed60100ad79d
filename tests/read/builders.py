"""Build tiny budget workbooks in tmp_path: no binary fixtures to review.

A sheet is given as rows of cell values (None for an empty cell); a string starting
with "=" is a formula that openpyxl writes without a cached value, like a file that
was generated and never opened in Excel.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.utils import range_boundaries

Rows = list[list]


def xlsx(tmp_path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None,
         name: str = "book.xlsx", origin: tuple[int, int] = (1, 1)) -> Path:
    """An .xlsx (or .xlsm, by name) with the given sheets; origin = (row, col) of rows[0][0]."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.cell(origin[0] + r, origin[1] + c, value)
        for ref in (merges or {}).get(title, []):
            sheet.merge_cells(ref)
    path = tmp_path / name
    book.save(path)
    return path


def xls(tmp_path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None,
        name: str = "book.xls") -> Path:
    """A legacy .xls written by xlwt; merges as "A1:D1"."""
    book = xlwt.Workbook(encoding="utf-8")
    for title, rows in sheets.items():
        sheet = book.add_sheet(title)
        ranges = [range_boundaries(ref) for ref in (merges or {}).get(title, [])]
        covered = {
            (r, c)
            for c1, r1, c2, r2 in ranges
            for r in range(r1 - 1, r2)
            for c in range(c1 - 1, c2)
        }
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None and (r, c) not in covered:
                    sheet.write(r, c, value)
        for c1, r1, c2, r2 in ranges:
            value = rows[r1 - 1][c1 - 1] if r1 - 1 < len(rows) and c1 - 1 < len(rows[r1 - 1]) else ""
            sheet.write_merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1, value if value is not None else "")
    path = tmp_path / name
    book.save(str(path))
    return path


def csv_file(tmp_path: Path, rows: Rows, encoding: str = "utf-8", name: str = "项目支出表.csv") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([["" if v is None else v for v in row] for row in rows])
    path = tmp_path / name
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def rewrite_zip(source: Path, target: Path, change: dict[str, bytes | None] | None = None,
                add: dict[str, bytes] | None = None, edit=None) -> Path:
    """Copy a zip, replacing (None: dropping) members, adding members or editing bytes."""
    change, add = change or {}, add or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    dst.writestr(info.filename, change[info.filename])
                continue
            data = src.read(info.filename)
            if edit is not None:
                data = edit(info.filename, data)
            dst.writestr(info.filename, data)
        for member, data in add.items():
            dst.writestr(member, data)
    return target


def sheet_xml(path: Path, member: str = "xl/worksheets/sheet1.xml") -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(member)


def set_declared_size(path: Path, member: str, size: int) -> None:
    """Patch a member's declared uncompressed size in both zip headers (a lying archive)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for match in re.finditer(rb"PK\x01\x02", data):  # central directory entries
        off = match.start()
        length = int.from_bytes(data[off + 28:off + 30], "little")
        if data[off + 46:off + 46 + length] == name:
            data[off + 24:off + 28] = size.to_bytes(4, "little")
    for match in re.finditer(rb"PK\x03\x04", data):  # local headers
        off = match.start()
        length = int.from_bytes(data[off + 26:off + 28], "little")
        if data[off + 30:off + 30 + length] == name:
            data[off + 22:off + 26] = size.to_bytes(4, "little")
    path.write_bytes(bytes(data))


def facts(workbook) -> list[tuple]:
    """(sheet, row, name, amount_yuan, funding kind) of every line."""
    return [(l.sheet, l.row, l.name, l.amount_yuan, l.funding.kind) for l in workbook.lines]


def problems(workbook, kind: str | None = None) -> list[tuple]:
    """(kind, sheet, row, declared_yuan, computed_yuan) of the read problems."""
    return [
        (p.kind, p.sheet, p.row, p.declared_yuan, p.computed_yuan)
        for p in workbook.problems
        if kind is None or p.kind == kind
    ]
