"""End to end on the sample budgets: every line the generator labelled gets that verdict,
read from the real workbook (sheet, row) through the whole pipeline."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import REPO

spec = importlib.util.spec_from_file_location("make_samples", REPO / "tools" / "make_samples.py")
make_samples = importlib.util.module_from_spec(spec)
sys.modules["make_samples"] = make_samples
spec.loader.exec_module(make_samples)


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    labelled = {}
    for budget in make_samples.BUDGETS:
        for line, row in make_samples.write_workbook(budget, out):
            labelled[(line.name, row)] = line.verdict
    for line, row in make_samples.write_export(out):
        labelled[(line.name, row)] = line.verdict
    return out, labelled


def test_every_labelled_line_gets_its_verdict(samples, run_json):
    out, labelled = samples
    _, report = run_json(out)
    assert report["errors"] == []
    got = {(line["name"], line["row"]): line["verdict"] for wb in report["workbooks"] for line in wb["lines"]}
    assert set(got) == set(labelled)
    assert {k: v for k, v in got.items() if labelled[k] != v} == {}
