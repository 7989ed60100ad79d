"""A 资金来源 text's funding words are found as one alternation of them, longest first, would
find them (read/funding.py finds them with an automaton): from the left, at each place the
longest word, never overlapping — 市本级 gives 本级 although 市本级承担 starts there too."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlint.read.funding import _found, _words

AUTOMATON, MEANING = _words()
WORDS = sorted(MEANING)
ALTERNATION = re.compile("|".join(map(re.escape, sorted(MEANING, key=len, reverse=True))))
PIECES = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS).map(lambda w: w[1:]),
                   st.sampled_from(WORDS).map(lambda w: w[:-1]), st.sampled_from(["", "、", "+", "和", "市", "(", "级"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=5))
def test_found_as_the_longest_first_alternation_finds(pieces):
    text = "".join(pieces)
    assert _found(AUTOMATON, text) == ALTERNATION.findall(text)


def test_a_shorter_word_inside_a_longer_ones_start():
    assert _found(AUTOMATON, "市本级") == ALTERNATION.findall("市本级") == ["本级"]
