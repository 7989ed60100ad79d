"""Levels and scope words: who a level phrase names, how this text names each level, and the
scope words budgets of this city will use that the catalogue's grammar does not know yet.

Schemes write levels many ways (市级, 县（市、区）, 区, 旗县, 盟级 …): level_of reads one phrase,
level_names picks the text's own spelling of the city and county levels, and ScopeWords holds
the words derived from them.
"""

from __future__ import annotations

import re
from collections import Counter

from .._scheme_text import CONFIRM, Sentence, split_top, unique

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


class ScopeWords:
    """The scope words of one text, from its level names (市级 / 县区, 盟级 / 旗县（市、区）)."""

    def __init__(self, city_name: str, county_name: str) -> None:
        c, k = city_name[:1] or "市", county_name[:1] or "县"
        base = re.sub(r"（[^（）]*）|级$", "", county_name)  # 旗县（市、区） → 旗县
        self.city_wide = unique([f"全{c}性", f"在全{c}", f"全{c}", f"{c}级", f"{c}本级", f"{c}级层面",
                                 _long(city_name)])
        self.local = unique([_long(county_name), _long(base), _long(base.removesuffix("区")), f"{base}级" if len(base) > 1 else "",
                             f"{k}级", f"全{k}", f"本{k}", f"{k}本级", f"{k}级层面", "县级", "县区", "区级"])
        # What a task may start with: 和 between two of these splits two tasks (split_tasks).
        self.starts = (*self.city_wide, *self.local, c, k, "本地区", "制定", "开展", "推动", "组织", "结合", "建立", "加强")

    def core(self, task: str) -> str:
        """The task without its scope words: what names the work itself."""
        words = sorted({*self.city_wide, *self.local, "本地区", "本辖区", "辖区"}, key=len, reverse=True)
        text = re.sub(r"在(?:" + "|".join(map(re.escape, words)) + r")的", "", task)
        for word in words:
            text = text.replace(word, "")
        return text


def _long(name: str) -> str:
    """A level name as a scope word, or '' if it is one character: 市 or 区 alone would cut into
    other words (市场, 地区)."""
    return name if len(name) > 1 else ""
