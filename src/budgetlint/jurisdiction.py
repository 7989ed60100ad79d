"""Whose budget is this? Detect the scheme, jurisdiction and level from the workbook's
own text: its file name, titles and 编制单位 lines, and its 单位名称 column.

The most specific jurisdiction wins ("石家庄市裕华区…" is 裕华区). Two different
lower-level jurisdictions in different parts of one workbook, or none at all, is an
error naming the candidates and how to say it with --jurisdiction. A workbook that names
no jurisdiction of any scheme in use is looked up in the gazetteer of all of China's
divisions (gazetteer.py): the error then says which city or county it is from and that
no scheme is installed for that city, and points at --scheme FILE.toml.

Everything that depends only on the schemes (every name and alias normalised, the
city names a short name must follow) is built once per set of schemes and kept
(`_names`), so placing a small workbook costs a few string searches per text.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from threading import Lock

from . import gazetteer
from ._i18n import say
from .errors import JurisdictionError
from .models import Jurisdiction, Placement, Scheme, Workbook
from .normalize import normalize
from .schemes import bundled_schemes

__all__ = ["place", "find_jurisdiction"]

_KEPT = 8  # sets of schemes whose names are kept (a run uses one; tests use many)
_TEXTS = 4096  # texts whose mentions are kept per set of schemes (titles repeat across workbooks)


class _Names:
    """Every jurisdiction name and alias of some schemes, normalised once."""

    def __init__(self, schemes: tuple[Scheme, ...]) -> None:
        self.schemes = schemes  # kept alive while cached: the cache key is their ids
        # (label, scheme, jurisdiction, city names a short label must follow), in the
        # order the schemes list them; a label may repeat across jurisdictions and schemes.
        labels: list[tuple[str, Scheme, Jurisdiction, tuple[str, ...]]] = []
        for scheme in schemes:
            cities = tuple(
                normalize(x) for j in scheme.jurisdictions if j.level == "city" for x in (j.name, *j.aliases)
            )
            for j in scheme.jurisdictions:
                for label in (j.name, *j.aliases):
                    labels.append((normalize(label), scheme, j, cities))
        self.labels = tuple(labels)
        self.mentions = lru_cache(maxsize=_TEXTS)(self._mentions)

    def _mentions(self, text: str) -> tuple[tuple[Scheme, Jurisdiction], ...]:
        text = normalize(text)
        hits: list[tuple[int, int, tuple[Scheme, Jurisdiction]]] = []
        for label, scheme, j, cities in self.labels:
            start = text.find(label)
            while start >= 0:
                # Short names (城区) count only after the city's name or at the start.
                if len(label) > 2 or start == 0 or any(text[max(0, start - len(c)):start] == c for c in cities):
                    hits.append((start, start + len(label), (scheme, j)))
                start = text.find(label, start + 1)
        return tuple(found for _, _, found in gazetteer.outermost(hits))


_cache: dict[tuple[int, ...], _Names] = {}
_lock = Lock()


def _names(schemes: tuple[Scheme, ...]) -> _Names:
    """The names of these schemes, built on first use and kept for the process.

    Keyed by the schemes' identities (hashing a Scheme hashes every duty); the entry
    holds the schemes, so an id cannot be reused while its entry is kept.
    """
    key = tuple(map(id, schemes))
    names = _cache.get(key)
    if names is not None and all(a is b for a, b in zip(names.schemes, schemes)):
        return names
    names = _Names(schemes)
    with _lock:
        _cache.pop(key, None)
        while len(_cache) >= _KEPT:
            del _cache[next(iter(_cache))]  # the oldest
        _cache[key] = names
    return names


def _mentions(text: str, schemes: Iterable[Scheme]) -> list[tuple[Scheme, Jurisdiction]]:
    """Jurisdictions named in a text, a longer name hiding the shorter names inside it."""
    return list(_names(tuple(schemes)).mentions(text))


def find_jurisdiction(name: str, schemes: Iterable[Scheme]) -> tuple[Scheme, Jurisdiction]:
    """A jurisdiction given by name on the command line or in a configuration file."""
    schemes = list(schemes)
    for scheme in schemes:
        j = scheme.jurisdiction(name.strip())
        if j is not None:
            return scheme, j
    found = _mentions(name, schemes)
    if found:
        return _most_specific(found)
    place_named = gazetteer.named(name)
    if place_named:
        why = _uncovered(place_named, schemes)
        raise JurisdictionError(say(f"没有行政区 {name!r}：{why}", f"unknown jurisdiction {name!r}: {why}"))
    known = "、".join(j.name for s in schemes for j in s.jurisdictions) or say("无（没有方案列出行政区）",
                                                                              "none (no scheme lists any)")
    raise JurisdictionError(say(f"没有行政区 {name!r}；已知的有：{known}", f"unknown jurisdiction {name!r}; known: {known}"))


def _most_specific(found: list[tuple[Scheme, Jurisdiction]]) -> tuple[Scheme, Jurisdiction]:
    counties = [f for f in found if f[1].level == "county"]
    return (counties or found)[0]


def place(workbook: Workbook, schemes: Iterable[Scheme], jurisdiction: str = "") -> Placement:
    """The placement of a workbook: given by `jurisdiction`, or detected from its text."""
    schemes = tuple(schemes)
    if jurisdiction:
        scheme, j = find_jurisdiction(jurisdiction, schemes)
        return Placement(scheme, j, j.level, "--jurisdiction")
    mentions = _names(schemes).mentions
    parts = [("file name", Path(workbook.path).stem)]
    parts += [("title", text) for text in workbook.context]
    parts += [("单位名称", text) for text in workbook.unit_names]
    seen: dict[tuple[str, str], tuple[Scheme, Jurisdiction, str]] = {}
    for where, text in parts:
        for scheme, j in mentions(text):
            seen.setdefault((scheme.id, j.name), (scheme, j, f"{where}：{text[:60]}"))
    counties = {k: v for k, v in seen.items() if v[1].level == "county"}
    cities = {k: v for k, v in seen.items() if v[1].level == "city"}
    chosen = counties or cities
    if len(chosen) == 1:
        scheme, j, where = next(iter(chosen.values()))
        if counties and any(c[0].id != scheme.id for c in cities.values()):
            chosen = {**counties, **cities}
        else:
            return Placement(scheme, j, j.level, where)
    hint = say("请用 --jurisdiction 行政区 指明（或在 budgetlint.toml 的 [jurisdictions] 中按路径指定）",
               "say which with --jurisdiction NAME (or a [jurisdictions] glob in budgetlint.toml)")
    if not chosen:
        raise JurisdictionError(f"{workbook.path}: {_unplaced(parts, schemes, hint)}")
    names = "、".join(f"{j.name}（{_shown(where)}）" for _, j, where in chosen.values())
    raise JurisdictionError(f"{workbook.path}: " + say(f"预算表中出现了多个行政区：{names}；{hint}",
                                                       f"the workbook names several jurisdictions: {names}; {hint}"))


def _draft_hint() -> str:
    return say("可用 `budgetlint schemes draft 文本文件 -o 方案.toml` 根据该市公开的方案起草一个，再用 --scheme 方案.toml 检查",
               "draft one from the city's published 方案 with `budgetlint schemes draft TEXT -o FILE.toml`, then lint "
               "with --scheme FILE.toml")


#: Where in a workbook a name was found (Placement.evidence starts with the key), for people.
_PARTS = {"file name": ("文件名", "file name"), "title": ("标题", "title")}


def _shown(where: str) -> str:
    """Placement evidence ("file name：…") with its part named in the run's language."""
    part, colon, text = where.partition("：")
    return f"{say(*_PARTS[part])}{colon}{text}" if part in _PARTS else where


def _unplaced(parts: list[tuple[str, str]], schemes: tuple[Scheme, ...], hint: str) -> str:
    """Why a workbook naming no jurisdiction of these schemes cannot be placed: which places
    of China it names instead (most specific first), and what to do about it."""
    where: dict[gazetteer.Division, str] = {}
    for part, text in parts:
        for d in gazetteer.find(text):
            where.setdefault(d, _shown(f"{part}：{text[:60]}"))
    found = gazetteer.most_specific(where)
    if not found:
        return say(f"看不出是谁的预算：文件名、标题和单位名称中都没有已知方案的行政区；{hint}；没有方案的城市，{_draft_hint()}",
                   "cannot tell whose budget this is: no jurisdiction of a known scheme in its file name, titles or "
                   f"单位名称; {hint}, or, for a city with no scheme, {_draft_hint()}")
    named = _uncovered(found, schemes, where)
    return say(f"预算表中出现的是 {named}", f"the workbook names {named}")


def _uncovered(found: tuple[gazetteer.Division, ...], schemes: Iterable[Scheme], where: dict | None = None) -> str:
    """The places found, the scheme (if any) that covers their city, and the hint that fits."""
    schemes = tuple(schemes)
    names = "、".join(f"{d.name}（{_lineage(d)}{d.code}{'；' + where[d] if where and d in where else ''}）" for d in found)
    cities = list(dict.fromkeys(c for c in map(gazetteer.city_of, found) if c is not None))
    if len(cities) != 1:
        many = say("分属几个城市的地方", "places in several cities") if cities else \
            say("一个省，但没有其中的城市", "a province but no city in it")
        return say(f"{names}：{many}，都不是所用方案中的行政区；请用 --jurisdiction 行政区 指明，或{_draft_hint()}",
                   f"{names}: {many}, none a jurisdiction of a scheme in use; say which with --jurisdiction NAME, or "
                   f"{_draft_hint()}")
    city = cities[0]
    covering = [s for s in schemes if _covers(s, city)]
    if covering:
        return say(f"{names}，在{city.name}；方案 {covering[0].id!r} 覆盖该市但没有列出它；请把它加入该方案的 "
                   f"[[jurisdictions]]，或用 --jurisdiction 行政区 指明",
                   f"{names}, in {city.name}, which scheme {covering[0].id!r} covers but does not list; add it to that "
                   "scheme's [[jurisdictions]], or say which with --jurisdiction NAME")
    installed = (*schemes, *bundled_schemes().values())
    other = next((s for s in installed if _covers(s, city)), None)
    if other is not None:  # --scheme named another city's scheme
        return say(f"{names}，在{city.name}，所用方案不覆盖该市；它的方案是 {other.id!r}：请用 --scheme {other.id} "
                   f"或不加 --scheme 检查",
                   f"{names}, in {city.name}, which the scheme in use does not cover; its scheme is {other.id!r}: lint "
                   f"with --scheme {other.id}, or without --scheme")
    known = "、".join(dict.fromkeys(s.city for s in installed if s.city)) or say("无", "none")
    return say(f"{names}，但没有安装{city.name}的方案（已有方案的城市：{known}）；{_draft_hint()}",
               f"{names}, and no scheme is installed for {city.name} (schemes for: {known}); {_draft_hint()}")


def _lineage(d: gazetteer.Division) -> str:
    """甘肃省白银市 for 会宁县: the province and city a division is in, as a preparer writes them."""
    province, city = gazetteer.province_of(d), gazetteer.city_of(d)
    names = [x.name for x in (province, city) if x is not None and x != d]
    return "".join(dict.fromkeys(names)) + (" " if names else "")


def _covers(scheme: Scheme, city: gazetteer.Division) -> bool:
    labels = {normalize(x) for x in city.labels}
    return normalize(scheme.city) in labels or any(
        j.level == "city" and labels & {normalize(x) for x in (j.name, *j.aliases)} for j in scheme.jurisdictions
    )
