"""Text normalisation shared by matching, jurisdiction detection and suppressions.

Budget lines and scheme vocabulary go through the same function, so a keyword written
in full width in a scheme file still matches a half-width budget line.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "normalize_many", "normalize_name"]

_SPACE = re.compile(r"\s+")
# A leading year: 2025年, 2025年度, 2025 (NFKC has already made the digits ASCII).
_YEAR = re.compile(r"^(?:19|20)\d{2}(?:年度|年)?")
# Bracketed tags that say nothing about the work: (延续)(第一批)(新增)(2025年) …
_TAG = re.compile(
    r"[(\[【〔]\s*(?:延续|续建|新增|新建|追加|结转|一次性|经常性|常年|调整|提前下达|预拨|"
    r"第[一二三四五六七八九十\d]+批|(?:19|20)\d{2}年?度?|[一二三四五六七八九十\d]+期)[^()\[\]【】〔〕\x00]{0,8}[)\]】〕]"
)
_CENTURIES = ("19", "20")
# Quotation marks say nothing about the work (“蓝天”专项 is 蓝天专项): dropped (a regular
# expression: str.translate looks each character up in a table, several times slower).
_QUOTES = re.compile("[“”‘’\"'「」『』《》〈〉]")
_JOIN = "\x00"
_WIDE = tuple((c, unicodedata.normalize("NFKC", c)) for c in "（）　：，；［］！？")


def normalize(text: str) -> str:
    """NFKC (full width to half width), no whitespace or quotation marks, no leading year or
    bracketed tags, lower case."""
    if not text:
        return ""
    text = _QUOTES.sub("", unicodedata.normalize("NFKC", text))
    text = _SPACE.sub("", text)
    text = _TAG.sub("", text)
    text = _YEAR.sub("", text)
    return text.lower()


def normalize_many(texts: list[str]) -> list[str]:
    """normalize() of each text, done on all of them at once: one C call per step, not per text."""
    if len(texts) < 2:
        return [normalize(t) for t in texts]
    joined = _JOIN.join(texts)
    if joined.count(_JOIN) != len(texts) - 1:  # a text with NUL in it: the slow, exact way
        return [normalize(t) for t in texts]
    joined = "".join(_QUOTES.sub("", _nfkc(joined)).split())  # what _SPACE.sub does (str.split and \s agree on spaces), faster
    joined = _TAG.sub("", joined)
    # A leading year: only texts that start with 19/20 need the regex.
    return [_YEAR.sub("", t, count=1) if t[:2] in _CENTURIES else t for t in joined.lower().split(_JOIN)]


def normalize_name(text: str) -> str:
    """A key for comparing project names (suppressions, fingerprints): width and spaces only.

    The same as NFKC with every whitespace removed."""
    return "".join(_nfkc(text).split()) if text else ""


def _nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), fast for budget text. Full-width brackets and the
    like send NFKC down its slow path for the whole text; these are what NFKC would make of
    them, and is_normalized tells when nothing else is left to do."""
    for wide, narrow in _WIDE:
        if wide in text:
            text = text.replace(wide, narrow)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)
