"""Categories: each heading with clauses under it, named after the catalogue aspect it titles.

A heading's title is matched to an aspect of the catalogue (知识产权宏观管理 → macro, 知识产权创造
→ create); a heading that names no aspect but IP work (知识产权信用监管) is a category of its own;
one that is not a category at all (二、主要内容 with the clauses right under it) gives none, and
its clauses' tasks fall under their own aspects.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._scheme_text import Heading
from ..catalogue import Catalogue
from .clauses import Clause, Item


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    section: str


def _aspect_words(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(word, aspect id): the first two characters of each local aspect's title after 知识产权
    (宏观, 授权, 创造, 运用, 保护, 公共, 涉外, 其他), which headings keep however they word the rest."""
    words = []
    for aspect in catalogue.aspects:
        rest = aspect.title.replace("知识产权", "").replace("领域", "")
        if aspect.id not in ("central", "provincial") and len(rest) >= 2:
            words.append((rest[:2], aspect.id))
    return words


def categories_of(items: list[Item], catalogue: Catalogue) -> dict[Heading, Category]:
    """One category per heading with clauses under it, in text order; ids unique."""
    words = _aspect_words(catalogue)
    result: dict[Heading, Category] = {}
    used: set[str] = set()
    for item in items:
        heading = item.sentence.heading
        if not isinstance(item, Clause) or heading is None or heading in result or not heading.title:
            continue
        slug = next((aspect for word, aspect in words if word in heading.title), "")
        if not slug and "知识产权" not in heading.title:
            continue
        slug = slug or f"category-{len(result) + 1}"
        cid, n = slug, 2
        while cid in used:
            cid, n = f"{slug}-{n}", n + 1
        used.add(cid)
        result[heading] = Category(cid, heading.title, heading.number)
    return result
