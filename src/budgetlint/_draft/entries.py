"""Categories and duty tables: what the duties read from the text become in the scheme file.

Each heading with duties under it is a category, its id guessed from the title (宏观管理 →
macro). Each duty is one [[duties]] table, with an id numbered per category. Tasks of both
levels with the same words once the scope words are gone share a pair key and get their
level's scope; a task of one level only is exclusive, with no scope (schemes/README.md).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..models import PAYS
from .clauses import Duty, Item
from .levels import ScopeWords
from .tasks import keywords as keywords_of
from .text import Heading

_CATEGORY_IDS = (
    ("宏观管理", "macro"), ("授权确权", "grant"), ("创造", "create"), ("运用", "use"), ("保护", "protect"),
    ("公共服务", "service"), ("涉外", "foreign"), ("其他", "other"),
)
_LEVEL_SCOPE = {"city": "city-wide", "county": "local"}


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    section: str


def categories_of(items: list[Item]) -> dict[Heading | None, Category]:
    """One category per heading with duties under it, in text order; ids unique."""
    result: dict[Heading | None, Category] = {}
    used: set[str] = set()
    for item in items:
        heading = item.sentence.heading
        if not isinstance(item, Duty) or heading in result:
            continue
        title = heading.title if heading and heading.title else "TODO: 类别名称"
        slug = next((cid for word, cid in _CATEGORY_IDS if word in title), f"category-{len(result) + 1}")
        cid, n = slug, 2
        while cid in used:
            cid, n = f"{slug}-{n}", n + 1
        used.add(cid)
        result[heading] = Category(cid, title, heading.number if heading else "")
    return result


@dataclass(frozen=True)
class Entry:
    """One [[duties]] table: a duty read from the text, with what pairing decided."""

    duty: Duty
    id: str
    pair: str
    scope: str
    keywords: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class _Split:
    """A task with an exclusive part and a part paired with the other level's duty:
    行政裁决和行政调解 (city) beside 行政调解 (county)."""

    tail: str  # the paired part, after 和
    key: tuple[str, str]  # its pair key
    partner: int  # index of the other level's duty


def _pairs(items: list[Item], cat: dict[int, str], words: ScopeWords
           ) -> tuple[dict[int, tuple[str, str]], dict[int, _Split]]:
    """Pair keys of paired duties by index, and the tasks split into an exclusive and a paired part."""
    leveled = [(i, d) for i, d in enumerate(items) if isinstance(d, Duty) and d.pays in _LEVEL_SCOPE]
    groups: dict[tuple[str, str], dict[str, int]] = {}
    for i, d in leveled:
        groups.setdefault((cat[i], words.pair_key(d.task)), {}).setdefault(d.pays, i)
    partner = {i: key for key, by_level in groups.items() if len(by_level) == 2 for i in by_level.values()}
    split: dict[int, _Split] = {}
    for i, d in leveled:
        for m in re.finditer("和", d.task) if i not in partner else ():
            tail = d.task[m.end():]
            other = next((j for j, e in leveled if j not in partner and j not in split and e.pays != d.pays
                          and cat[j] == cat[i] and len(tail) >= 4 and words.core(e.task).endswith(tail)), None)
            if other is not None:
                split[i] = _Split(tail, (cat[i], words.pair_key(items[other].task)), other)
                partner[other] = split[i].key
                break
    return partner, split


def _entry(duty: Duty, prefix: str, number: str, keywords: tuple[str, ...], note: str, *, paired: bool) -> Entry:
    """The table of one duty (or part of one): id <scheme>-<category>-<nn>-<pays>; a paired
    table also carries its pair and its level's scope."""
    return Entry(duty, f"{prefix}{number}-{duty.pays}", number if paired else "",
                 _LEVEL_SCOPE[duty.pays] if paired else "", keywords, note)


def entries_of(items: list[Item], words: ScopeWords, categories: dict[Heading | None, Category],
               prefix: str) -> dict[int, list[Entry]]:
    """The duty tables for each item index."""
    cat = {i: categories[d.sentence.heading].id for i, d in enumerate(items) if isinstance(d, Duty)}
    partner, split = _pairs(items, cat, words)
    numbers: dict[object, int] = {}
    counters: Counter = Counter()

    def stem(i: int, key: object) -> str:  # macro-03: numbered per category, once per pair
        if key not in numbers:
            counters[cat[i]] += 1
            numbers[key] = counters[cat[i]]
        return f"{cat[i]}-{numbers[key]:02d}"

    result: dict[int, list[Entry]] = {}
    for i, d in enumerate(items):
        if not isinstance(d, Duty):
            continue
        keywords = keywords_of(d.task, words) if d.pays != "catch-all" else ()
        if i in partner:
            result[i] = [_entry(d, prefix, stem(i, partner[i]), keywords, d.note, paired=True)]
        elif i not in split:
            result[i] = [_entry(d, prefix, stem(i, i), keywords, d.note, paired=False)]
        else:
            part = split[i]
            tail_keywords = keywords_of(part.tail, words)
            # The exclusive part must not match what the paired part and its partner match.
            paired = {*tail_keywords, *keywords_of(items[part.partner].task, words)}
            own = tuple(k for k in keywords if k not in paired) or keywords
            pair = stem(i, part.key)  # numbered before the exclusive part: the order fixes the ids
            result[i] = [
                _entry(d, prefix, stem(i, i), own, f"“{part.tail}”另列一条，与另一级的同一事项配对；本条只认其余部分。",
                       paired=False),
                _entry(d, prefix, pair, tail_keywords, f"条文中的“{part.tail}”，与另一级的同一事项配对。", paired=True),
            ]
    return result


def count_by_level(entries: dict[int, list[Entry]]) -> tuple[tuple[str, int], ...]:
    """(pays, number of tables) in PAYS order, levels with none left out."""
    counts = Counter(e.duty.pays for group in entries.values() for e in group)
    return tuple((pays, counts[pays]) for pays in PAYS if counts[pays])
