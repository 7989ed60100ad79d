"""The read stage: a budget workbook file in, a models.Workbook out.

    read_workbook(path) ─► _files.open_sheets   format by content, safety checks, calamine / CSV
                        ─► tables.read_sheet    blocks, headers (_headers), rows (_lines, with
                                                _cells per cell and _subtotals for 小计/合计 checks)
                        ─► Workbook             lines, sheets read or skipped, context, problems

Bad input raises an errors.InputError subclass whose message names the file:
UnsupportedFormat, UnsafeInput (zip bomb, DTD, traversal, encryption, limits) or
NoProjectTable (with every sheet and why it was skipped).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .._i18n import say
from ..errors import InputError, NoProjectTable, OverMemoryLimit, UnsupportedFormat
from ..models import Workbook
from ._files import open_sheets
from .tables import Collector, read_sheet

__all__ = ["ReadLimits", "read_workbook"]


@dataclass(frozen=True)
class ReadLimits:
    max_file_bytes: int = 200 * 2**20
    max_uncompressed_bytes: int = 1 * 2**30  # sum of the archive members' declared sizes
    max_compression_ratio: float = 200.0  # per member, declared sizes, checked before inflating
    max_rows: int = 2_000_000
    max_cell_chars: int = 32_767  # longer cells are truncated, with a ReadProblem
    #: cells a sheet may span, first to last (what calamine allocates): a 1,000,000-line
    #: budget of 20 columns fits; one cell at XFD1048576 beside A1 (17 billion) does not.
    max_cells: int = 30_000_000
    max_columns: int = 16_384  # fields of a CSV record (Excel's own column limit)
    max_line_chars: int = 2**20  # characters of a CSV line, or of a record spanning lines


def read_workbook(path: str | os.PathLike, limits: ReadLimits | None = None) -> Workbook:
    """Read every sheet of a budget workbook (.xlsx, .xlsm, .xls, .csv)."""
    name = os.fspath(path)
    limits = limits or ReadLimits()
    out = Collector(limits)
    try:
        with _gc_paused():
            sheets = tuple(read_sheet(sheet, out) for sheet in open_sheets(name, limits))
    except InputError:
        raise
    except MemoryError:
        raise OverMemoryLimit(name, say("太大，内存中读不下", "too large to read in memory")) from None
    except BaseException as exc:
        # Never a traceback for a bad file: say what went wrong, keep the cause chained. A
        # panic in calamine arrives as pyo3's PanicException, which is not an Exception.
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # Ctrl-C, SystemExit, the engine's timer
        reason = " ".join(str(exc).split())[:200]
        detail = f"{type(exc).__name__}: {reason}"
        raise UnsupportedFormat(name, say(f"无法读取（{detail}）", f"cannot read ({detail})")) from exc
    if not sheets:
        raise NoProjectTable(name, say("工作簿中没有工作表", "the workbook has no sheets"))
    if not any(sheet.status == "read" for sheet in sheets):
        why = say("；", "; ").join(f"{sheet.name}: {sheet.reason}" for sheet in sheets)
        raise NoProjectTable(name, say(f"没有一张表含项目表（{why}）", f"no sheet has a project-line table ({why})"))
    return Workbook(
        path=name,
        lines=tuple(out.lines),
        sheets=sheets,
        context=tuple(out.context),
        unit_names=tuple(out.unit_names),
        problems=tuple(out.problems),
    )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector while a workbook is read.

    Reading creates millions of acyclic objects (cells, rows, lines); each collection
    walks all of them and, on a 100,000-line sheet, costs more than the reading itself.
    Nothing the reader builds holds a cycle, so nothing is left for the collector.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
