"""Issue 19, row by row: one broken or hostile workbook costs exactly that workbook.

Each probe sits beside the good workbook, first or last in the folder, and is checked
with --jobs 1 and --jobs 2: exit 2, one one-line error naming the probe (with its cause),
the good workbook's findings as ever, the inputs untouched and nothing left behind.
Readers that die as native code dies (abort, segfault, the kernel's kill, a hang, an
allocation past the limit) are simulated in the worker itself; the limits are asserted
by the limit mechanism (a tiny limit, and the worker reported over it), never by timing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budgetlint import engine
from budgetlint.engine import LintOptions, lint_paths
from budgetlint.read import ReadLimits

from . import probes as P
from .corpus import GOOD_VERDICTS, assert_refused, check, good_workbook, state

# (case, builder, what its one-line error says)
REFUSED = [
    ("xlsx-cell-at-XFD1048576", P.corner_cell, "cells to read"),
    ("xlsx-cell-at-row-99999999", P.far_row_cell, "cells to read"),
    ("xls-dimensions-4-billion-rows", P.xls_huge_dimensions, "cells to read"),
    ("xls-cell-at-column-65535", P.xls_far_cell, "cells to read"),
    ("xls-dimensions-inverted", P.xls_inverted_dimensions, "corrupt Excel 97-2003 file"),
    ("xls-ole-directory-stream-of-1-byte", P.xls_tiny_stream, "corrupt Excel 97-2003 file"),
    ("xls-boundsheet-cut-short-calamine-panics", P.xls_short_boundsheet, "PanicException"),
    ("csv-line-of-1-MiB", P.csv_long_line, "over the line limit"),
    ("csv-record-over-300000-lines", P.csv_record_over_lines, "over the line limit"),
    ("csv-20000-fields", P.csv_many_fields, "column limit"),
]
PLACES = [("first", P.FIRST), ("last", P.LAST)]


@pytest.fixture
def setting(tmp_path):
    """(input folder with the good workbook, output folder)."""
    folder = tmp_path / "in"
    good_workbook(folder)
    out = tmp_path / "out"
    out.mkdir()
    return folder, out


def _costs_only_itself(folder: Path, out: Path, bad: Path, cause: str, *args: object, jobs: int) -> None:
    good = folder / f"{P.GOOD_STEM}.xlsx"
    before = state(folder)
    run = check(folder, *args, report=out / "report.json", jobs=jobs)
    assert_refused(run, bad, good)
    assert cause in run.errors()[str(bad)]
    assert state(folder) == before  # inputs untouched, nothing added among them
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]  # no temporary file left


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(("place", "stem"), PLACES, ids=[p for p, _ in PLACES])
@pytest.mark.parametrize(("case", "build", "cause"), REFUSED, ids=[c for c, _, _ in REFUSED])
@pytest.mark.usefixtures("english")
def test_hostile_workbook_is_refused_and_costs_only_itself(setting, case, build, cause, place, stem, jobs):
    folder, out = setting
    _costs_only_itself(folder, out, build(folder, stem), cause, jobs=jobs)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(("place", "stem"), PLACES, ids=[p for p, _ in PLACES])
@pytest.mark.parametrize("death", P.DEATHS, ids=[d.id for d in P.DEATHS])
@pytest.mark.usefixtures("english")
def test_a_reader_that_dies_costs_only_its_workbook(setting, monkeypatch, death, place, stem, jobs):
    """The worker reading the probe dies (or is killed over a limit); a fresh worker lints
    the rest, whichever comes first."""
    folder, out = setting
    bad = folder / f"{stem}.xlsx"
    shutil.copy(folder / f"{P.GOOD_STEM}.xlsx", bad)
    monkeypatch.setattr(engine, "read_workbook", P.dying_reader(engine.read_workbook, bad.name, death.die))
    _costs_only_itself(folder, out, bad, death.cause, *death.args, jobs=jobs)


@pytest.mark.usefixtures("english")
def test_a_native_allocation_past_the_limit_costs_only_its_workbook(tmp_path):
    """With the pre-flight switched off (max_cells), calamine really asks for 512 GB: its
    allocation fails under the worker's memory limit, the process aborts, and the cause is
    read from what it wrote before dying."""
    folder = tmp_path / "in"
    good = good_workbook(folder)
    bad = P.corner_cell(folder, P.FIRST)
    options = LintOptions(jobs=1, limits=ReadLimits(max_cells=10**15), memory_limit_mb=512, lang="en")
    result = lint_paths([folder], options)
    assert [(path, "over the memory limit of 512 MB" in message) for path, message in result.errors] == [(str(bad), True)], result.errors
    (linted,) = [r for r in result.workbooks if not r.error]
    assert linted.path == str(good)
    assert {j.line.row: j.verdict for j in linted.judgements} == GOOD_VERDICTS


@pytest.mark.usefixtures("english")
def test_the_time_limit_of_a_worker_stuck_in_native_code(tmp_path, monkeypatch):
    """Through the API too: the coordinator kills a worker that overruns, whatever it runs."""
    folder = tmp_path / "in"
    good = good_workbook(folder)
    stuck = folder / f"{P.LAST}.xlsx"
    shutil.copy(good, stuck)
    monkeypatch.setattr(engine, "read_workbook", P.dying_reader(engine.read_workbook, stuck.name, P.DEATHS[4].die))
    result = lint_paths([folder], LintOptions(jobs=2, timeout_seconds=0.5, lang="en"))
    assert [(path, "timed out after 0.5 s" in message) for path, message in result.errors] == [(str(stuck), True)]
