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
        raise JurisdictionError(f"unknown jurisdiction {name!r}: {_uncovered(place_named, schemes)}")
    known = "、".join(j.name for s in schemes for j in s.jurisdictions) or "none (no scheme lists any)"
    raise JurisdictionError(f"unknown jurisdiction {name!r}; known: {known}")


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
    hint = "say which with --jurisdiction NAME (or a [jurisdictions] glob in budgetlint.toml)"
    if not chosen:
        raise JurisdictionError(f"{workbook.path}: {_unplaced(parts, schemes, hint)}")
    names = "、".join(f"{j.name}（{where}）" for _, j, where in chosen.values())
    raise JurisdictionError(f"{workbook.path}: the workbook names several jurisdictions: {names}; {hint}")


_DRAFT_HINT = ("draft one from the city's published 方案 with `budgetlint schemes draft TEXT -o FILE.toml`, "
               "then lint with --scheme FILE.toml")


def _unplaced(parts: list[tuple[str, str]], schemes: tuple[Scheme, ...], hint: str) -> str:
    """Why a workbook naming no jurisdiction of these schemes cannot be placed: which places
    of China it names instead (most specific first), and what to do about it."""
    where: dict[gazetteer.Division, str] = {}
    for part, text in parts:
        for d in gazetteer.find(text):
            where.setdefault(d, f"{part}：{text[:60]}")
    found = gazetteer.most_specific(where)
    if not found:
        return (f"cannot tell whose budget this is: no jurisdiction of a known scheme in its file name, titles or 单位名称; "
                f"{hint}, or, for a city with no scheme, {_DRAFT_HINT}")
    return f"the workbook names {_uncovered(found, schemes, where)}"


def _uncovered(found: tuple[gazetteer.Division, ...], schemes: Iterable[Scheme], where: dict | None = None) -> str:
    """The places found, the scheme (if any) that covers their city, and the hint that fits."""
    schemes = tuple(schemes)
    names = "、".join(f"{d.name}（{_lineage(d)}{d.code}{'；' + where[d] if where and d in where else ''}）" for d in found)
    cities = list(dict.fromkeys(c for c in map(gazetteer.city_of, found) if c is not None))
    if len(cities) != 1:
        many = "places in several cities" if cities else "a province but no city in it"
        return f"{names}: {many}, none a jurisdiction of a scheme in use; say which with --jurisdiction NAME, or {_DRAFT_HINT}"
    city = cities[0]
    covering = [s for s in schemes if _covers(s, city)]
    if covering:
        return (f"{names}, in {city.name}, which scheme {covering[0].id!r} covers but does not list; "
                f"add it to that scheme's [[jurisdictions]], or say which with --jurisdiction NAME")
    installed = (*schemes, *bundled_schemes().values())
    other = next((s for s in installed if _covers(s, city)), None)
    if other is not None:  # --scheme named another city's scheme
        return (f"{names}, in {city.name}, which the scheme in use does not cover; "
                f"its scheme is {other.id!r}: lint with --scheme {other.id}, or without --scheme")
    known = "、".join(dict.fromkeys(s.city for s in installed if s.city)) or "none"
    return f"{names}, and no scheme is installed for {city.name} (schemes for: {known}); {_DRAFT_HINT}"


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
