"""--jobs N gives the same run as --jobs 1: same workbooks in the same order, same findings,
byte-identical reports, and a bad file among many still gives its one-line error."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from budgetlint.engine import LintOptions, lint_paths
from budgetlint.report import render

SAMPLES = Path(__file__).resolve().parents[2] / "sample_budgets"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """40 workbooks (the samples, copied under numbered names) and one corrupt file."""
    root = tmp_path_factory.mktemp("many")
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".csv"))
    assert samples
    for i in range(40):
        source = samples[i % len(samples)]
        # Keep the jurisdiction in the name; a numbered folder keeps names unique.
        target = root / f"{i:02d}" / source.name
        target.parent.mkdir()
        shutil.copy(source, target)
    (root / "17" / "坏文件.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    return root


@pytest.fixture(scope="module")
def serial(folder):
    return lint_paths([folder], LintOptions(jobs=1))


@pytest.mark.parametrize("jobs", [2, 3])
def test_parallel_run_equals_serial_run(folder, serial, jobs):
    parallel = lint_paths([folder], LintOptions(jobs=jobs))
    assert [r.path for r in parallel.workbooks] == [r.path for r in serial.workbooks]
    assert [(f.path, f.sheet, f.row, f.code, f.fingerprint) for f in parallel.findings] == \
           [(f.path, f.sheet, f.row, f.code, f.fingerprint) for f in serial.findings]
    assert render("json", parallel) == render("json", serial)


def test_bad_file_among_many(serial):
    assert len(serial.errors) == 1 and "坏文件.xlsx" in serial.errors[0][0]
    assert sum(1 for r in serial.workbooks if r.error == "") == 40


def test_same_file_name_in_two_folders_gets_distinct_fingerprints(serial):
    """Fingerprints name a workbook by file name: copies in other folders are numbered."""
    prints = [f.fingerprint for f in serial.findings]
    assert len(prints) == len(set(prints))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers see the patched reader only when forked (Linux)")
def test_a_worker_that_dies_names_its_file_and_the_rest_are_linted(folder, serial, monkeypatch):
    """A native reader may crash its process. The crashed file gets a one-line error; every
    other workbook is linted as in a serial run."""
    import os

    from budgetlint import engine

    files = sorted(p for p in folder.rglob("*") if p.is_file())
    victim = str(files[0])  # workers take files from the front; this process from the back
    real = engine.lint_workbook

    def crashing(path, options=LintOptions()):
        if str(path) == victim:
            os._exit(70)  # what a segfault in a reader looks like from outside
        return real(path, options)

    monkeypatch.setattr(engine, "lint_workbook", crashing)
    result = lint_paths([folder], LintOptions(jobs=2, lang="en"))  # the run's language, whatever the locale
    assert [(p, "crashed" in m) for p, m in result.errors] == [(victim, True)] + \
           [(p, False) for p, _ in serial.errors if p != victim]
    # (fingerprints of the victim's namesakes in other folders are numbered without it)
    assert [(f.path, f.sheet, f.row, f.code) for f in result.findings] == \
           [(f.path, f.sheet, f.row, f.code) for f in serial.findings if f.path != victim]


def test_spawned_workers_judge_with_the_schemes_this_process_loaded(tmp_path, monkeypatch):
    """Spawned workers (macOS, Windows) load schemes themselves. A scheme file edited while a
    run is under way must not reach them: every workbook is judged with the scheme as the
    run's own process loaded it, as with --jobs 1 and with forked workers."""
    import multiprocessing

    from budgetlint import _parallel, schemes

    bundled = SAMPLES.parent / "schemes"
    for name in ("base.toml", "jincheng.toml"):
        shutil.copy(bundled / name, tmp_path / name)
    shutil.copytree(bundled / "sources", tmp_path / "sources")
    scheme = tmp_path / "jincheng.toml"
    loaded = schemes.load_scheme(scheme)  # the run's process has read this version
    edited = scheme.read_text("utf-8").replace('pays = "shared"', 'pays = "city"')
    scheme.write_text(edited, "utf-8")  # ... and then somebody saves a change
    assert schemes.validate_file(scheme) == []
    assert [d.pays for d in schemes._load(scheme, ()).duties] != [d.pays for d in loaded.duties]

    folder = tmp_path / "budgets"
    for i in range(6):  # workers take files from the front, this process from the back
        for sample in ("阳城县市场监督管理局2025年部门预算.xlsx", "高平市市场监督管理局2025年部门预算.xlsx"):
            (folder / f"{i}").mkdir(parents=True, exist_ok=True)
            shutil.copy(SAMPLES / sample, folder / f"{i}" / sample)
    options = LintOptions(scheme=str(scheme), jobs=1)
    serial = lint_paths([folder], options)
    assert serial.findings and not serial.errors
    monkeypatch.setattr(_parallel, "_context", lambda: multiprocessing.get_context("spawn"))
    spawned = lint_paths([folder], LintOptions(scheme=str(scheme), jobs=2))
    assert render("json", spawned) == render("json", serial)


@pytest.mark.parametrize("keep_lines", [True, False])
def test_a_result_crosses_from_a_worker_in_pieces_unchanged(monkeypatch, keep_lines):
    """Big results cross in pieces, judgements as columns (engine._lint_one, _arrive, _whole):
    put together they equal the result made in one process, and a run gives the same report."""
    from budgetlint import engine

    monkeypatch.setattr(engine, "_PIECE", 3)  # every sample workbook then crosses in pieces
    for sample in sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".csv")):
        options = LintOptions(keep_lines=keep_lines, isolate=False)
        pieces = engine._lint_one(str(sample), options)
        assert len(pieces) > 2 and [kind for kind, _ in pieces][-1] == "result"
        assert engine._whole([engine._arrive(p) for p in pieces]) == engine.lint_workbook(str(sample), options)
    isolated = lint_paths([SAMPLES], LintOptions(jobs=2, keep_lines=keep_lines))
    assert render("json", isolated) == render("json", lint_paths([SAMPLES], LintOptions(keep_lines=keep_lines, isolate=False)))
