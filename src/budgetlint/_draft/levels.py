"""Levels and scope words: who a level phrase names, how this text names each level, and the
words that give a task its scope.

Schemes write levels many ways (市级, 县（市、区）, 区, 旗县, 盟级 …): level_of reads one phrase,
level_names picks the text's own spelling of the city and county levels, and ScopeWords holds
the words that scope a task to the whole city (全市性) or to a county (县级), which pairing
strips to tell whether two tasks are the same work.
"""

from __future__ import annotations

import re
from collections import Counter

from .text import Sentence, split_top, unique

# 将……确认为<level>财政事权: the phrase that places a clause's tasks at a level.
CONFIRM = re.compile(r"确认为(?P<level>[^，。；]*?)财政事权")

_CITY_MARKS = ("市", "盟", "州", "地区")
_COUNTY_MARKS = ("县", "区", "旗")


def level_of(text: str) -> str | None:
    """city / county / provincial / central for a level phrase such as 县（市、区）; None if unclear."""
    bare = re.sub(r"（[^（）]*）", "", text).strip("，、 ")
    if not bare or len(re.split(r"[、或与和及]", bare)) > 1:
        return None
    if bare.startswith("中央"):
        return "central"
    if bare.startswith("省"):
        return "provincial"
    if bare.startswith(_CITY_MARKS) and not any(m in bare[1:] for m in _COUNTY_MARKS):
        return "city"
    if bare.startswith(_COUNTY_MARKS):
        return "county"
    return None


def level_names(sentences: list[Sentence], title: str) -> tuple[str, str]:
    """(city, county) level names as the 确认为X财政事权 sentences write them."""
    seen: dict[str, Counter] = {"city": Counter(), "county": Counter()}
    for s in sentences:
        for m in CONFIRM.finditer(s.text):
            level = level_of(m["level"])
            if level in seen:
                seen[level][m["level"]] += 1
    between = title.partition("知识产权领域")[2].partition("财政事权")[0]
    from_title = split_top(between, "与") if "与" in between else []
    names = []
    for i, level in enumerate(("city", "county")):
        if seen[level]:
            names.append(max(seen[level].items(), key=lambda kv: (kv[1], -len(kv[0])))[0])
        else:
            names.append(from_title[i] if len(from_title) == 2 else ("市级", "县级")[i])
    return names[0], names[1]


def _bare_level(name: str) -> str:
    """A one-character level name (市, 区) as a word: at the start or after a verb, before the work."""
    return (rf"(?:^|(?<=实施)|(?<=开展)|(?<=推动)|(?<=结合)|(?<=组织)){re.escape(name)}"
            r"(?=知识产权|层面|重大|著作权|软件|产业)")


def _long_name(name: str) -> str:
    """A level name as a scope word, or '' if it is one character: 市 or 区 alone would cut into
    other words (市场, 地区); _bare_level finds those."""
    return name if len(name) > 1 else ""


class ScopeWords:
    """The scope words and level names of one text."""

    def __init__(self, city_name: str, county_name: str) -> None:
        c, k = city_name[:1] or "市", county_name[:1] or "县"
        self.city_wide = unique([f"全{c}性", f"在全{c}", f"全{c}", f"{c}级", _long_name(city_name)])
        self.local = unique([_long_name(county_name), "县级", "县区", "区级", "旗县级", "旗县", "县（市、区）"])
        self.own = ("本地区", "本辖区", "辖区")  # the paying level's own area, city or county
        self._city_bare, self._county_bare = re.compile(_bare_level(c)), re.compile(_bare_level(k))
        # What a task may start with: 和 between two of these splits two tasks (tasks.split_tasks).
        self.starts = (*self.city_wide, *self.local, c, k, "制定", "开展", "推动", "组织", "结合", "建立", "加强")

    def core(self, task: str) -> str:
        """The task without its scope words: the same work at both levels has the same core."""
        words = sorted(self.city_wide + self.local + self.own, key=len, reverse=True)
        text = re.sub(r"在(?:" + "|".join(map(re.escape, words)) + r")的", "", task)
        for word in words:
            text = text.replace(word, "")
        return self._county_bare.sub("", self._city_bare.sub("", text))

    def pair_key(self, task: str) -> str:
        # 全市性知识产权快速协同保护 / 县级知识产权执法、快速协同保护: 知识产权 may be the list's head.
        return self.core(task).replace("知识产权", "")
