"""The reader's vocabulary (headers.toml), loaded once and normalised for matching."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_WS = re.compile(r"\s+")
# Full-width brackets and colons fold to ASCII so that 金额（万元） and 金额(万元) agree.
_FOLD = str.maketrans({"（": "(", "）": ")", "：": ":", "【": "[", "】": "]", "﹙": "(", "﹚": ")"})
_UNIT = re.compile(r"\((?:单位:?|金额单位:?)?(亿元|万元|千元|元)\)|(?:单位:?)(亿元|万元|千元|元)$")
_YEAR = re.compile(r"^(?:19|20)\d\d年度?")


def norm_label(text: str) -> tuple[str, str]:
    """A header cell as (label, unit): 「2025年 预算数（万元）」 → ("预算数", "万元")."""
    label = _WS.sub("", text).translate(_FOLD)
    unit = ""
    match = _UNIT.search(label)
    if match:
        unit = match.group(1) or match.group(2)
        label = label[: match.start()] + label[match.end():]
    return _YEAR.sub("", label), unit


def squeeze(text: str) -> str:
    """Whitespace out and brackets folded: 「合  计」 → 「合计」."""
    return _WS.sub("", text).translate(_FOLD)


@dataclass(frozen=True)
class Vocab:
    #: label → (role, preference): the lower the preference, the better the synonym.
    roles: dict[str, tuple[str, int]]
    #: every synonym as written in the file, for a cheap "might this row be a header" test.
    raw_labels: frozenset[str]
    totals: frozenset[str]
    subtotals: frozenset[str]
    subtotal_suffixes: tuple[str, ...]
    breakdowns: tuple[str, ...]
    notes: re.Pattern[str]
    note_words: tuple[str, ...]
    serial: frozenset[str]
    project_titles: tuple[str, ...]
    skip_titles: tuple[tuple[str, str, bool], ...]  # (fragment, label, checked before project)
    funding: dict


@cache
def vocab() -> Vocab:
    data = tomllib.loads(resources.files(__package__).joinpath("headers.toml").read_text("utf-8"))
    roles: dict[str, tuple[str, int]] = {}
    raw: set[str] = set()
    for role, words in data["columns"].items():
        for rank, word in enumerate(words):
            label, _ = norm_label(word)
            roles.setdefault(label, (role, rank))
            raw.add(word)
    rows = data["rows"]
    notes = "|".join(map(re.escape, sorted(rows["notes"], key=len, reverse=True)))
    sheets = data["sheets"]
    return Vocab(
        roles=roles,
        raw_labels=frozenset(raw),
        totals=frozenset(rows["total"]),
        subtotals=frozenset(rows["subtotal"]),
        subtotal_suffixes=tuple(rows["subtotal_suffixes"]),
        breakdowns=tuple(rows["breakdown"]),
        notes=re.compile(rf"^\s*(?:{notes})\s*\d*\s*[:：]"),
        note_words=tuple(rows["notes"]),
        serial=frozenset(rows["serial"]),
        project_titles=tuple(sheets["project"]),
        skip_titles=tuple((s["match"], s["label"], bool(s.get("first"))) for s in sheets["skip"]),
        funding=data["funding"],
    )
