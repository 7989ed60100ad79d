"""Broken inputs, end to end: each one sits next to a good workbook, is refused with exit 2
and one line naming it (stderr and the JSON "errors"), and the good workbook is still
linted. Also the per-workbook limits: size (max-file-mb) and time (timeout-seconds).

The reader's own unit tests cover the same files at the reader level; these go through
`budgetlint check`, so that the CLI, the engine and the report all hold up.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from budgetlint import engine
from budgetlint.engine import LintOptions, lint_workbook
from budgetlint.errors import BudgetlintError

from .corpus import (
    BAD_INPUTS,
    GOOD_NAME,
    GOOD_VERDICTS,
    TEN_ROWS,
    assert_refused,
    check,
    check_process,
    dimension_lie_workbook,
    good_workbook,
    rewrite_zip,
)

FORMATS = ("text", "json", "html", "sarif", "junit", "github")


@pytest.fixture
def unexpected(monkeypatch):
    """Exceptions other than BudgetlintError escaping the reader. The engine would still
    turn them into a one-line 'internal error', so only this spy can tell them apart."""
    seen: list[tuple[str, str]] = []
    real = engine.read_workbook

    def spy(path, limits=None):
        try:
            return real(path, limits)
        except BudgetlintError:
            raise
        except BaseException as exc:
            seen.append((str(path), repr(exc)))
            raise

    monkeypatch.setattr(engine, "read_workbook", spy)
    return seen


@pytest.mark.parametrize(("case", "build"), BAD_INPUTS, ids=[case for case, _ in BAD_INPUTS])
def test_bad_input_is_refused_and_the_good_workbook_still_linted(tmp_path, unexpected, case, build):
    folder = tmp_path / "in"
    good = good_workbook(folder)
    bad = build(folder)
    (tmp_path / "out").mkdir()
    run = check(folder, report=tmp_path / "out" / "report.json")
    assert_refused(run, bad, good)
    assert unexpected == []


@pytest.fixture
def whole_corpus(tmp_path):
    """Every broken file of the corpus in one folder with the good workbook."""
    folder = tmp_path / "in"
    good = good_workbook(folder)
    bad = sorted(str(build(folder)) for _, build in BAD_INPUTS)
    (tmp_path / "out").mkdir()
    return folder, good, bad


@pytest.mark.parametrize("fmt", FORMATS)
def test_whole_corpus_in_every_format(whole_corpus, fmt):
    folder, _, bad = whole_corpus
    run = check(folder, "--format", fmt)
    assert run.code == 2
    assert "Traceback" not in run.stdout + run.stderr
    # One stderr line per broken file, each naming it.
    named = [line for line in run.stderr.splitlines() if line.startswith("budgetlint: ")]
    assert sorted(next(p for p in bad if p in line) for line in named) == bad
    assert len(named) == len(bad)


def test_whole_corpus_report_is_complete_and_deterministic(whole_corpus, tmp_path):
    folder, good, bad = whole_corpus
    first = check(folder, report=tmp_path / "out" / "first.json")
    second = check(folder, report=tmp_path / "out" / "second.json")
    assert list(first.errors()) == bad  # in input (sorted) order, each once
    assert first.verdicts(good) == GOOD_VERDICTS
    assert (tmp_path / "out" / "first.json").read_bytes() == (tmp_path / "out" / "second.json").read_bytes()


def test_declared_dimension_of_the_whole_sheet_reads_the_ten_real_rows(tmp_path):
    """<dimension ref="A1:XFD1048576"/> over ten rows: read quickly, not 17 billion cells.
    A child process, so that a reader allocating the declared range fails by timeout."""
    assert len(TEN_ROWS) == 10
    folder = tmp_path / "in"
    folder.mkdir()
    path = dimension_lie_workbook(folder / GOOD_NAME)
    run = check_process(folder, report=tmp_path / "report.json", timeout=60)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.errors() == {}
    assert run.verdicts(path) == GOOD_VERDICTS
    assert run.code == 1  # the wrong-level line, nothing else


# ---------------------------------------------------------------------------
# Limits.


def _big_workbook(folder: Path) -> Path:
    """A valid county workbook of about 1.5 MiB: the good one plus an incompressible picture."""
    import random

    path = good_workbook(folder, "阳城县市场监督管理局2025年部门预算（附图）.xlsx")
    picture = random.Random(3).randbytes(3 * 2**19)
    path.write_bytes(rewrite_zip(path.read_bytes(), add=[("xl/media/image1.png", picture)]))
    assert 2**20 < path.stat().st_size < 2 * 2**20
    return path


# (budgetlint.toml, is the 1.5 MiB workbook refused?)
SIZE_CASES = [
    ("", False),
    ("max-file-mb = 2\n", False),
    ("max-file-mb = 1\n", True),
]


@pytest.mark.parametrize(("config", "refused"), SIZE_CASES, ids=["default", "2-MB", "1-MB"])
def test_max_file_mb(tmp_path, config, refused):
    (tmp_path / "budgetlint.toml").write_text(config, encoding="utf-8")
    folder = tmp_path / "in"
    good = good_workbook(folder)
    big = _big_workbook(folder)
    (tmp_path / "out").mkdir()
    run = check(folder, report=tmp_path / "out" / "report.json")
    if refused:
        assert_refused(run, big, good)
    else:
        assert run.errors() == {} and run.code == 1
        assert run.verdicts(big) == GOOD_VERDICTS == run.verdicts(good)


def _slow_reader(real, slow_name: str):
    def read(path, limits=None):
        if Path(path).name == slow_name:
            for _ in range(300):  # 30 s unless the time limit interrupts it
                time.sleep(0.1)
        return real(path, limits)

    return read


# (timeout_seconds, is the read slow?, error expected?)
TIMEOUT_CASES = [(1, True, True), (30, False, False)]


@pytest.mark.parametrize(("seconds", "slow", "expect_error"), TIMEOUT_CASES, ids=["slow-1s", "fast-30s"])
def test_lint_workbook_time_limit(tmp_path, monkeypatch, seconds, slow, expect_error):
    path = good_workbook(tmp_path / "in")
    if slow:
        monkeypatch.setattr(engine, "read_workbook", _slow_reader(engine.read_workbook, path.name))
    result = lint_workbook(path, LintOptions(timeout_seconds=seconds))
    if expect_error:
        assert str(path) in result.error and "\n" not in result.error
        assert result.workbook is None and result.findings == ()
    else:
        assert result.error == ""
        assert {j.line.row: j.verdict for j in result.judgements} == GOOD_VERDICTS
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left to fire later


def test_timeout_seconds_from_config_through_the_cli(tmp_path, monkeypatch):
    (tmp_path / "budgetlint.toml").write_text("timeout-seconds = 1\n", encoding="utf-8")
    folder = tmp_path / "in"
    good = good_workbook(folder)
    slow = good_workbook(folder, "阳城县市场监督管理局2025年部门预算（慢）.xlsx")
    monkeypatch.setattr(engine, "read_workbook", _slow_reader(engine.read_workbook, slow.name))
    (tmp_path / "out").mkdir()
    run = check(folder, report=tmp_path / "out" / "report.json")
    assert_refused(run, slow, good)
