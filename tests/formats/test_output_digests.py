"""Every format's bytes for sample_budgets/, hashed (issue 22): a change made for speed must
not change a report. When a change is meant to change a report, regenerate the digests with
BUDGETLINT_UPDATE_DIGESTS=1 and say so in the commit; the diff of output_digests.json then
shows which formats changed."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from budgetlint.engine import LintOptions, lint_paths
from budgetlint.report import FORMATS, ReportOptions, render_chunks

REPO = Path(__file__).resolve().parents[2]
DIGESTS = Path(__file__).with_name("output_digests.json")
RUNS = {"zh": ReportOptions(), "en": ReportOptions(lang="en")}


@pytest.fixture(scope="module")
def result():
    cwd = Path.cwd()
    os.chdir(REPO)  # paths in the reports are relative, as a run from the clone writes them
    try:
        return lint_paths([Path("sample_budgets")], LintOptions(jobs=1, isolate=False))
    finally:
        os.chdir(cwd)


def _digest(fmt: str, result, options: ReportOptions) -> str:
    sha = hashlib.sha256()
    for piece in render_chunks(fmt, result, options):
        sha.update(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
    return sha.hexdigest()


def test_every_format_is_the_recorded_bytes(result):
    found = {f"{fmt} {lang}": _digest(fmt, result, options) for fmt in FORMATS for lang, options in RUNS.items()}
    if os.environ.get("BUDGETLINT_UPDATE_DIGESTS"):
        DIGESTS.write_text(json.dumps(found, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    recorded = json.loads(DIGESTS.read_text(encoding="utf-8"))
    assert {k: v for k, v in found.items() if recorded.get(k) != v} == {}
    assert set(recorded) == set(found)
