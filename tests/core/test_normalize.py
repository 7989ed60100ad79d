"""normalize_many (all texts in one pass) must agree with normalize (one text at a time)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlint.normalize import normalize, normalize_many, normalize_name

CASES = [
    ["2025年 知识产权（延续）", "2024年度专利导航(第一批)", "2025", "(2025年)项目"],
    ["x（新增", "项目)", "（一次性", "补助）"],  # a bracket must not pair across two texts
    ["ＡＢＣ　2023", "①ｶ　ﾃ", "e\u0301（", "\u0301开头的组合符"],  # full width, half-width kana, combining marks
    ["含\x00空字符", "2025年知识产权"],  # NUL inside a text: the exact fallback
    ["", "", "知识产权"],
    ["ΣΑΣ", "ς结尾Σ"],  # final sigma depends on the neighbours
]


@pytest.mark.parametrize("texts", CASES)
def test_cases(texts):
    assert normalize_many(texts) == [normalize(t) for t in texts]


_CHARS = st.sampled_from(list("知识产权专利导航（）()【】〔〕2025年度第一批延续 　ＡＢａｂ①ｶ\u0301Σ\x00\x1f,，:：;；"))
# For the name key: combining marks (U+0338 composes with < = >) after every narrowed character.
_NAME_CHARS = st.sampled_from(list("专利（）　：，；［］！？<=>ＡΣe\u0301\u0338\u0308\u0327\u3099か"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_CHARS, max_size=14), max_size=6))
def test_any_texts(texts):
    assert normalize_many(texts) == [normalize(t) for t in texts]


def _name_key(text: str) -> str:
    """What normalize_name promises (and what baseline fingerprints were made with)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("text", [t for texts in CASES for t in texts] + ["全市性专利导航（000009）", "e（\u0301"])
def test_name_key_cases(text):
    assert normalize_name(text) == _name_key(text)


@settings(max_examples=500, deadline=None)
@given(st.text(_NAME_CHARS, max_size=20))
def test_name_key_any_text(text):
    assert normalize_name(text) == _name_key(text)
