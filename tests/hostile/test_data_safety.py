"""Data safety: budgetlint never writes to its inputs, writes every output atomically,
refuses outputs inside the input folder or over an input, and says clearly when an
output location cannot be written.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import xlwt

from budgetlint import _atomic

from .corpus import GOOD_LINES, GOOD_VERDICTS, check, good_csv_text, good_workbook, project_rows, state

FORMATS = ("text", "json", "html", "sarif", "junit", "github")


def _xls(path: Path) -> Path:
    book = xlwt.Workbook()
    ws = book.add_sheet("项目支出表")
    for r, row in enumerate(project_rows(GOOD_LINES, title="高平市市场监督管理局2025年项目支出表")):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    book.save(str(path))
    return path


@pytest.fixture
def inputs(tmp_path) -> Path:
    """An input folder: an .xlsx, a .csv, an .xls and a broken file."""
    folder = tmp_path / "in"
    good_workbook(folder)
    (folder / "泽州县市场监督管理局2025年项目库导出.csv").write_text(good_csv_text(), encoding="gb18030")
    _xls(folder / "高平市市场监督管理局2025年部门预算.xls")
    (folder / "坏文件.xlsx").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "out").mkdir()
    return folder


# (case, extra arguments given the output folder, what must exist afterwards)
RUNS = [
    *[(fmt, lambda out, fmt=fmt: ["--format", fmt, "--output", out / f"report.{fmt}"], f"report.{fmt}") for fmt in FORMATS],
    ("stdout", lambda out: [], None),
    ("annotate", lambda out: ["--annotate", out / "annotated"], "annotated"),
    ("write-baseline", lambda out: ["--write-baseline", out / "baseline.json"], "baseline.json"),
    ("everything", lambda out: ["--format", "html", "--output", out / "r.html", "--annotate", out / "annotated",
                                "--write-baseline", out / "baseline.json"], "annotated"),
]


@pytest.mark.parametrize(("case", "extra", "written"), RUNS, ids=[c for c, _, _ in RUNS])
def test_inputs_are_never_written(inputs, case, extra, written):
    out = inputs.parent / "out"
    before = state(inputs)
    run = check(inputs, *extra(out))
    assert run.code == 2  # the broken file; everything else was linted
    assert "Traceback" not in run.stdout + run.stderr
    assert state(inputs) == before  # same files, same bytes, same times: nothing added either
    if written:
        assert (out / written).exists()
    if case in ("annotate", "everything"):
        assert len(list((out / "annotated").glob("*.annotated.xlsx"))) == 3


# ---------------------------------------------------------------------------
# Atomic outputs: an interrupted write leaves the previous output and no temporary file.


def _disk_full(*_args):
    raise OSError(28, "No space left on device")


def _interrupted(*_args):
    raise KeyboardInterrupt


# (case, arguments given the output folder, the output file that already exists)
OUTPUTS = [
    *[(fmt, lambda out, fmt=fmt: ["--format", fmt, "--output", out / f"report.{fmt}"], f"report.{fmt}") for fmt in FORMATS],
    ("write-baseline", lambda out: ["--write-baseline", out / "baseline.json"], "baseline.json"),
    ("annotate", lambda out: ["--annotate", out],
     "阳城县市场监督管理局2025年部门预算.annotated.xlsx"),
]


@pytest.mark.parametrize(("case", "args", "existing"), OUTPUTS, ids=[c for c, _, _ in OUTPUTS])
@pytest.mark.parametrize("failure", [_disk_full, _interrupted], ids=["os-error", "interrupt"])
@pytest.mark.usefixtures("english")
def test_interrupted_write_keeps_the_previous_output(tmp_path, monkeypatch, case, args, existing, failure):
    folder = tmp_path / "in"
    good = good_workbook(folder)
    out = tmp_path / "out"
    out.mkdir()
    previous = out / existing
    if case == "annotate":
        previous.write_bytes(b"the previous report")
    else:  # a report or baseline is replaced only over its own earlier output (budgetlint._output)
        assert check(good, *args(out)).code == 1
    earlier = previous.read_bytes()
    before = state(folder)
    monkeypatch.setattr(_atomic.os, "replace", failure)
    run = check(good, *args(out))
    monkeypatch.undo()
    assert run.code == (2 if failure is _disk_full else 130)  # 130: interrupted (Ctrl-C)
    assert "Traceback" not in run.stdout + run.stderr
    assert previous.read_bytes() == earlier
    assert [p.name for p in out.iterdir()] == [existing]  # no temporary file left behind
    assert state(folder) == before
    if failure is _disk_full:
        (line,) = [line for line in run.stderr.splitlines() if line.startswith("budgetlint: ")]
        assert str(previous) in line and "cannot write" in line


# ---------------------------------------------------------------------------
# Outputs that must not be written: inside the input folder, or over an input.


def _refused_cases():
    """(case, arguments given (input folder, good workbook, other folder), the path named)."""
    return [
        ("output-in-input-folder", lambda f, g, o: [f, "-o", f / "report.json"], lambda f, g, o: f / "report.json"),
        ("output-in-input-subfolder", lambda f, g, o: [f, "-o", f / "sub" / "report.json"], lambda f, g, o: f / "sub" / "report.json"),
        ("output-over-input-file", lambda f, g, o: [g, "-o", g], lambda f, g, o: g),
        ("output-over-input-in-folder", lambda f, g, o: [f, "--format", "html", "-o", g], lambda f, g, o: g),
        ("output-over-input-other-spelling", lambda f, g, o: [g, "-o", o / ".." / "in" / "." / g.name],
         lambda f, g, o: o / ".." / "in" / "." / g.name),
        ("output-symlink-to-input", lambda f, g, o: [g, "-o", o / "link.xlsx"], lambda f, g, o: o / "link.xlsx"),
        ("baseline-in-input-folder", lambda f, g, o: [f, "--write-baseline", f / "baseline.json"], lambda f, g, o: f / "baseline.json"),
        ("baseline-over-input", lambda f, g, o: [g, "--write-baseline", g], lambda f, g, o: g),
        ("annotate-is-input-folder", lambda f, g, o: [f, "--annotate", f], lambda f, g, o: f),
        ("annotate-inside-input-folder", lambda f, g, o: [f, "--annotate", f / "annotated"], lambda f, g, o: f / "annotated"),
        ("annotate-over-input-file", lambda f, g, o: [g, "--annotate", g], lambda f, g, o: g),
    ]


REFUSED = _refused_cases()


@pytest.mark.parametrize(("case", "args", "named"), REFUSED, ids=[c for c, _, _ in REFUSED])
def test_output_inside_inputs_is_refused(tmp_path, case, args, named):
    folder = tmp_path / "in"
    good = good_workbook(folder)
    (folder / "sub").mkdir()
    other = tmp_path / "out"
    other.mkdir()
    (other / "link.xlsx").symlink_to(good)
    before, before_other = state(folder), state(other)
    run = check(*args(folder, good, other))
    assert run.code == 2
    assert "Traceback" not in run.stdout + run.stderr
    (line,) = run.stderr.splitlines()
    assert line.startswith("budgetlint: ") and str(named(folder, good, other)) in line
    assert state(folder) == before and state(other) == before_other


# ---------------------------------------------------------------------------
# Output locations that cannot be written: a clear one-line error, exit 2.


def _unwritable_cases():
    """(case, arguments given (good workbook, scratch folder), the path named)."""
    return [
        ("output-under-missing-folder", lambda g, s: ["-o", s / "no" / "such" / "report.json"], lambda s: s / "no" / "such" / "report.json"),
        ("output-is-a-folder", lambda g, s: ["--format", "json", "-o", s / "folder"], lambda s: s / "folder"),
        ("output-under-a-file", lambda g, s: ["-o", s / "file.txt" / "report.json"], lambda s: s / "file.txt" / "report.json"),
        ("baseline-under-missing-folder", lambda g, s: ["--write-baseline", s / "no" / "baseline.json"], lambda s: s / "no" / "baseline.json"),
        ("baseline-is-a-folder", lambda g, s: ["--write-baseline", s / "folder"], lambda s: s / "folder"),
        ("annotate-is-a-file", lambda g, s: ["--annotate", s / "file.txt"], lambda s: s / "file.txt"),
        ("annotate-under-a-file", lambda g, s: ["--annotate", s / "file.txt" / "copies"], lambda s: s / "file.txt" / "copies"),
    ]


UNWRITABLE = _unwritable_cases()


@pytest.mark.parametrize(("case", "args", "named"), UNWRITABLE, ids=[c for c, _, _ in UNWRITABLE])
def test_unwritable_output_is_a_clear_error(tmp_path, case, args, named):
    good = good_workbook(tmp_path / "in")
    scratch = tmp_path / "scratch"
    (scratch / "folder").mkdir(parents=True)
    (scratch / "file.txt").write_text("keep me", encoding="utf-8")
    before = state(scratch, folder_times=False)
    run = check(good, *args(good, scratch))
    assert run.code == 2
    assert "Traceback" not in run.stdout + run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith("budgetlint: ")]
    assert len(lines) == 1 and str(named(scratch)) in lines[0]
    assert state(scratch, folder_times=False) == before  # nothing left, nothing half-written


def test_good_run_writes_every_output(tmp_path):
    """The control case for the refusals above: the same workbook, legitimate outputs."""
    good = good_workbook(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    run = check(good, "--annotate", out / "annotated", "--write-baseline", out / "baseline.json",
                report=out / "report.json")
    assert run.code == 1 and run.verdicts(good) == GOOD_VERDICTS
    assert sorted(p.name for p in out.rglob("*")) == [
        "annotated", "baseline.json", "report.json", "阳城县市场监督管理局2025年部门预算.annotated.xlsx",
    ]
    assert os.access(out / "report.json", os.R_OK)
