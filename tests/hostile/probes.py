"""The probes of issue 19, built in tmp_path: workbooks that crashed, hung or exhausted a
run, file names and paths that broke it, and readers that die in every way a native
reader can. Nothing is committed: each file is a few lines of code (none over 2 MB).

Each builder takes (folder, stem) and returns the path it wrote, so a test can place the
probe first (stem "0-…": ASCII sorts before the good workbook's Chinese name) or last.
"""

from __future__ import annotations

import io
import os
import re
import signal
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .corpus import GOOD_LINES, PROJECT_SHEET, project_rows, rewrite_zip, xlsx_bytes

GOOD_STEM = "阳城县市场监督管理局2025年部门预算"
#: Stems that put a probe before or after the good workbook in a folder's sorted order.
FIRST, LAST = "0-probe", f"{GOOD_STEM}（probe）"

# ---------------------------------------------------------------------------
# .xlsx: cell references far from the table.


def _with_cell(ref: str) -> Callable[[Path, str], Path]:
    """The good table plus one cell at ref: calamine's grid runs from A1 to there."""
    row = re.sub(r"[A-Z]", "", ref)

    def build(folder: Path, stem: str) -> Path:
        def edit(body: bytes) -> bytes:
            return body.replace(b"</sheetData>", f'<row r="{row}"><c r="{ref}"><v>1</v></c></row></sheetData>'.encode())

        path = folder / f"{stem}.xlsx"
        path.write_bytes(rewrite_zip(xlsx_bytes({PROJECT_SHEET: project_rows(GOOD_LINES)}),
                                     {"xl/worksheets/sheet1.xml": edit}))
        return path

    return build


corner_cell = _with_cell("XFD1048576")  # 1,048,576 × 16,384 cells: calamine asked for 512 GB and aborted
far_row_cell = _with_cell("A99999999")  # 99,999,999 rows × 3 columns: killed by the kernel at 6 GB


# ---------------------------------------------------------------------------
# Legacy .xls: written by xlwt, then one record changed. xlwt writes the Workbook stream
# first, in sectors that follow each other: stream offset n is file offset 512 + n.

_STREAM_AT = 512


def xls_bytes() -> bytes:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet(PROJECT_SHEET)
    for r, row in enumerate(project_rows(GOOD_LINES, title="高平市市场监督管理局2025年项目支出表")):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _records(data: bytes) -> list[tuple[int, int, int]]:
    """(type, length, file offset) of the records of the Workbook stream."""
    out, at = [], _STREAM_AT
    while at + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, at)
        if kind == 0 and length == 0:  # the padding after the last EOF
            break
        out.append((kind, length, at))
        at += 4 + length
    return out


def _xls_edit(edit: Callable[[bytearray, list[tuple[int, int, int]]], None]) -> Callable[[Path, str], Path]:
    def build(folder: Path, stem: str) -> Path:
        data = bytearray(xls_bytes())
        edit(data, _records(bytes(data)))
        path = folder / f"{stem}.xls"
        path.write_bytes(bytes(data))
        return path

    return build


def _first(records, kind: int) -> int:
    return next(at for k, _, at in records if k == kind)


def _dimensions(rows: tuple[int, int], cols: tuple[int, int]):
    def edit(data: bytearray, records) -> None:
        struct.pack_into("<IIHH", data, _first(records, 0x0200) + 4, rows[0], rows[1], cols[0], cols[1])

    return edit


def _far_cell(data: bytearray, records) -> None:
    """The first LABELSST cell moved to row 65,535, column 65,535 (BIFF8 has 256 columns):
    calamine's grid from A1 to there is 4 billion cells."""
    struct.pack_into("<HH", data, _first(records, 0x00FD) + 4, 0xFFFF, 0xFFFF)


def _short_boundsheet(data: bytearray, records) -> None:
    """The sheet's BOUNDSHEET record cut to 2 bytes: calamine indexes past it and panics."""
    struct.pack_into("<H", data, _first(records, 0x0085) + 2, 2)


def _tiny_stream(data: bytearray, records) -> None:
    """The directory says the Workbook stream is 1 byte long (calamine panicked reading it)."""
    header_dir = struct.unpack_from("<I", data, 48)[0]
    directory = 512 + header_dir * 512
    for entry in range(directory, directory + 512, 128):
        name = data[entry:entry + 16].decode("utf-16-le", "replace")
        if name.startswith("Workbook"):
            struct.pack_into("<I", data, entry + 120, 1)
            return
    raise AssertionError("no Workbook stream in the directory")


xls_huge_dimensions = _xls_edit(_dimensions((0, 0xFFFFFFFF), (0, 0xFFFF)))  # "expand in memory"
xls_inverted_dimensions = _xls_edit(_dimensions((0xE6000000, 9), (0, 3)))  # rows end before they start
xls_far_cell = _xls_edit(_far_cell)
xls_short_boundsheet = _xls_edit(_short_boundsheet)
xls_tiny_stream = _xls_edit(_tiny_stream)


# ---------------------------------------------------------------------------
# CSV.


def _csv(text: Callable[[], str]) -> Callable[[Path, str], Path]:
    def build(folder: Path, stem: str) -> Path:
        path = folder / f"{stem}.csv"
        path.write_text(text(), encoding="utf-8")
        return path

    return build


HEADER = "项目名称,金额（万元）,资金来源"


def ragged_csv(rows: int, wide_fields: int) -> str:
    """A budget CSV of `rows` lines of 3 to 6 fields, one of which has wide_fields fields
    (made 790 MB and 107 s of 10,000 ragged rows; 40,000 were killed at 6 GB)."""
    lines = [HEADER]
    for i in range(rows):
        fields = [f"知识产权宣传周活动经费{i}", "1", "本级财力", *["备注"] * (i % 4)]
        if i == rows // 2:
            fields += [str(n) for n in range(wide_fields - len(fields))]
        lines.append(",".join(fields))
    return "\r\n".join(lines) + "\r\n"


csv_long_line = _csv(lambda: f"{HEADER}\r\n" + "," * (2**20 + 16) + "\r\n")  # 200 MB of commas took 4.4 GB
# One record of 300,000 quoted fields, each a line break: every line short, the record 1.2 MB.
csv_record_over_lines = _csv(lambda: f"{HEADER}\r\n" + '"\n",' * 300_000 + "\r\n")
csv_many_fields = _csv(lambda: f"{HEADER}\r\n" + ",".join(["1"] * 20_000) + "\r\n")


# ---------------------------------------------------------------------------
# Readers that die as native code dies: run inside the worker, after the fork.


def _abort() -> None:
    os.abort()


def _segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _exit() -> None:
    os._exit(3)


def _killed() -> None:  # what the kernel's out-of-memory killer does
    os.kill(os.getpid(), signal.SIGKILL)


def _hang() -> None:
    """Stuck in native code: no Python signal handler runs (SIGALRM blocked), only a kill ends it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    while True:
        time.sleep(1)


def _allocate() -> None:
    """Needs 600 MB: more than a small memory limit allows."""
    blocks = [bytearray(2**20) for _ in range(600)]
    assert blocks


@dataclass(frozen=True)
class Death:
    """A reader that dies on one file: (how, CLI arguments that set the limit, the cause)."""

    id: str
    die: Callable[[], None]
    args: tuple[str, ...]
    cause: str


DEATHS = [
    Death("abort", _abort, (), "crashed reading (signal SIGABRT)"),
    Death("segfault", _segfault, (), "crashed reading (signal SIGSEGV)"),
    Death("exit", _exit, (), "crashed reading (exit status 3)"),
    Death("kernel-oom-kill", _killed, (), "over the memory limit"),
    Death("hang-in-native-code", _hang, ("--timeout-seconds", "1"), "timed out after 1 s"),
    Death("over-memory-limit", _allocate, ("--memory-limit-mb", "256"), "over the memory limit of 256 MB"),
]


def dying_reader(real, victim: str, die: Callable[[], None]):
    """engine.read_workbook, except that reading the file named victim runs die()."""
    def read(path, limits=None):
        if Path(path).name == victim:
            die()
        return real(path, limits)

    return read
