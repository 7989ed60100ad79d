"""The automaton ordered by a batch's own letters (Matcher.order_for) finds exactly what the
unordered one finds: the order is for speed only. Lines from the development corpus, both
schemes, and hostile text with NULs (which can complete a stub)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from budgetlint import match
from budgetlint.match import Matcher
from budgetlint.schemes import find_scheme

DEV = Path(__file__).resolve().parents[1] / "acceptance" / "dev.csv"


def _lines(scheme: str) -> tuple[list[str], list[str]]:
    with DEV.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["scheme"] == scheme]
    names = [r["name"] for r in rows] + ["专利导航\x00\x00维权援助", "\x00\x00", "知识产权\x00"]
    return names, [r["description"] for r in rows] + ["\x00\x00行政裁决", "", "\x00"]


@pytest.mark.parametrize("scheme", ["jincheng", "shijiazhuang"])
def test_ordering_the_automaton_changes_no_reading(scheme, monkeypatch):
    monkeypatch.setattr(match, "_ORDER_AFTER", 1)
    plain, ordered = Matcher(find_scheme(scheme)), Matcher(find_scheme(scheme))
    texts = plain.texts(*_lines(scheme))
    ordered.order_for(texts)
    assert ordered._ordered and not plain._ordered
    jurisdiction = plain.scheme.jurisdictions[0]
    for text in texts:
        hits = plain.hits(*text)
        assert ordered.hits(*text) == hits
        assert ordered.match_hits(hits, jurisdiction) == plain.match_hits(hits, jurisdiction)


def test_a_small_batch_leaves_the_automaton_as_built():
    matcher = Matcher(find_scheme("jincheng"))
    before = matcher._automaton
    matcher.order_for(matcher.texts(["专利导航"], [""]))
    assert matcher._automaton is before and not matcher._ordered
