"""Cells of a project table read one at a time: text, codes, amounts, ordinals.

Shared by the row loop (_lines), the subtotal checks (_subtotals) and the block
walker (tables). The row loop's fast branches (a plain-text name, a number or
amounts.is_plain_number amount) must agree with its slow branch: special_chars and
text_amounts_fast say when they may be taken.
"""

from __future__ import annotations

import re
from functools import cache

from ..models import Funding
from ._vocab import squeeze, vocab
from .amounts import is_plain_number, to_number
from .funding import classify_funding

# Every character str.isspace() accepts (what strip() removes; tests/read checks the list is
# whole), and the zero-width space budget exports also pad names with.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
              "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b")
_ORDINALS = (re.compile(r"^[一二三四五六七八九十]+\s*[、.．]"), re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]"))
_ORDINAL_FIRST = frozenset("一二三四五六七八九十（(")
_CODE = re.compile(r"\s*[\[【(（]?\s*(\d{3,7})(?!\d)")
UNKNOWN = Funding()


def text_of(value: object) -> str:
    """A cell as stripped text; numbers as written (2011409.0 → "2011409")."""
    if value.__class__ is str:
        return value.strip()  # type: ignore[union-attr]
    if value is None:
        return ""
    if value.__class__ is float and value.is_integer():  # type: ignore[union-attr]
        return str(int(value))  # type: ignore[call-overload]
    return str(value)


def code_of(value: object) -> str:
    """Digits of a functional-classification code cell: 2011409.0, "[2011409]知识产权…" → "2011409"."""
    if value.__class__ in (int, float):
        digits = str(int(value)) if float(value).is_integer() and value > 0 else ""  # type: ignore[arg-type]
        return digits if 3 <= len(digits) <= 7 else ""
    if value.__class__ is str:
        match = _CODE.match(value)  # type: ignore[arg-type]
        return match.group(1) if match else ""
    return ""


def code_of_parts(cls: object, section: object, item: object) -> str:
    """类 | 款 | 项 columns (201 | 38 | 99) as one code (2013899)."""
    a, b, c = code_of(cls), text_of(section), text_of(item)
    if not a:
        return ""
    if not b.isdigit():
        return a
    b = b.zfill(2) if len(b) <= 2 else b[-2:]
    if not c.isdigit():
        return a + b
    return a + b + (c.zfill(2) if len(c) <= 2 else c[-2:])


def has_number(row: list) -> bool:
    for value in row:
        cls = value.__class__
        if cls is float or cls is int:
            return True
        if cls is str and value and value.strip() and to_number(value) is not None:
            return True
    return False


def blank(value: object) -> bool:
    return value is None or (value.__class__ is str and not value.strip())  # type: ignore[union-attr]


def is_label(value: object) -> bool:
    """Text in an amount cell that is not a number: maybe a header label."""
    return value.__class__ is str and bool(value.strip()) and to_number(value) is None  # type: ignore[union-attr]


def ordinal_level(name: str) -> int:
    """1 for 一、…, 2 for （一）…, 0 otherwise."""
    if not name or name[0] not in _ORDINAL_FIRST:
        return 0
    for level, pattern in enumerate(_ORDINALS, 1):
        if pattern.match(name):
            return level
    return 0


def row_kind(text: str) -> str:
    """total | subtotal | breakdown | note | "" for a row label."""
    v = vocab()
    label = squeeze(text)
    if label in v.totals:
        return "total"
    if label in v.subtotals or (len(label) > 2 and label.endswith(v.subtotal_suffixes)):
        return "subtotal"
    if label.startswith(v.breakdowns):
        return "breakdown"
    if v.notes.match(text):
        return "note"
    return ""


def funding_of_text(text: str) -> Funding:
    if not text:
        return UNKNOWN
    found = classify_funding(text)
    return found if found.text == text else Funding(found.kind, found.source_level, text)


@cache
def special_chars() -> tuple[frozenset[str], frozenset[str]]:
    """First and last characters that send a name to the slow branch for a closer look."""
    v = vocab()
    words = set(v.totals) | set(v.subtotals) | set(v.breakdowns) | set(v.note_words)
    words |= {w for w in v.raw_labels if v.roles.get(squeeze(w), ("",))[0] == "name"}
    first = {w[0] for w in words} | set(WHITESPACE) | _ORDINAL_FIRST
    last = {w[-1] for w in v.subtotal_suffixes} | set(WHITESPACE)
    return frozenset(first), frozenset(last)


@cache
def text_amounts_fast() -> bool:
    """May a plain-number text amount take the fast branch? Only while no header label
    is itself a plain number: a row with such a cell must be looked at as a header."""
    return not any(is_plain_number(label) for label in vocab().roles)
