"""Placing a clause's tasks on the national catalogue by their wording.

A task as the clause words it (结合全市产业发展开展专利导航) is placed on the catalogue tasks
whose `phrases` it contains (开展专利导航 → navigation). Phrases are taken longest first and
never overlap, so 知识产权信息化、智能化基础设施 is infrastructure, not 知识产权信息; one wording
may hold two tasks (……的行政裁决和行政调解 → adjudication and mediation). A wording no phrase
fits is left for review with the nearest tasks by shared characters: a guess would put
keywords on a clause that does not name them.

Only tasks of the clause's level are candidates: the duties above the city (upper) for a
中央 or 省级 clause, the local tasks for every other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..catalogue import Catalogue
from ..models import Task

_UPPER = ("central", "provincial")
# Words every task shares: they say nothing about which task a wording is.
_COMMON = re.compile(r"知识产权|领域|开展|推动|制定|实施|组织|推进|工作|建设|等事项|事项|层面|的")


@dataclass(frozen=True)
class Placed:
    wording: str
    tasks: tuple[str, ...]  # catalogue task ids in the order the wording names them; () if none fits
    nearest: tuple[Task, ...] = ()  # for a wording no task fits: the closest tasks, best first


def candidates(catalogue: Catalogue, pays: str) -> tuple[Task, ...]:
    upper = pays in _UPPER
    return tuple(t for t in catalogue.tasks if t.id != "unlisted" and (t.upper == pays if upper else not t.upper))


def place(wording: str, tasks: tuple[Task, ...], core: str = "") -> Placed:
    """The catalogue tasks a wording names; `core` is the wording without scope words, for
    the nearest tasks when none is named."""
    found: list[tuple[int, int, str]] = []  # (start, end, task id) of each phrase taken
    hits = sorted(((len(p), start, t.id) for t in tasks for p in t.phrases for start in _starts(wording, p)),
                  key=lambda h: (-h[0], h[1]))
    for length, start, task_id in hits:
        if all(start >= end or start + length <= s for s, end, _ in found):
            found.append((start, start + length, task_id))
    placed = tuple(dict.fromkeys(task_id for _, _, task_id in sorted(found)))
    return Placed(wording, placed, () if placed else nearest(core or wording, tasks))


def _starts(text: str, phrase: str):
    start = text.find(phrase)
    while start >= 0:
        yield start
        start = text.find(phrase, start + 1)


def _bigrams(text: str) -> set[str]:
    text = _COMMON.sub("", text)
    return {text[i:i + 2] for i in range(len(text) - 1)} | set(text)


def nearest(text: str, tasks: tuple[Task, ...], n: int = 3) -> tuple[Task, ...]:
    """The tasks whose names and phrases share the most characters and character pairs with the
    text, for its length and theirs; best first."""
    mine = _bigrams(text)
    scored = []
    for order, t in enumerate(tasks):
        theirs = set().union(*(_bigrams(p) for p in (t.name, *t.phrases)))
        if shared := len(mine & theirs):  # Jaccard: a task with many phrases does not win by their number
            scored.append((-shared / len(mine | theirs), order, t))
    return tuple(t for _, _, t in sorted(scored)[:n])
