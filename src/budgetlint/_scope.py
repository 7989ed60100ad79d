"""Whose territory a line covers: the whole city, one county, both, or the budget's own.

Read relative to the budget the line sits in. The name decides; the description only when
the name says nothing. Inside a county-level city's budget 全市/市级 mean that city itself,
unless the prefecture is named.
"""

from __future__ import annotations

from .models import Jurisdiction

__all__ = ["read_scope"]


def read_scope(scoped: list[tuple[str, str, bool]], places: list[tuple[Jurisdiction, str, bool]],
               jurisdiction: Jurisdiction | None, organiser: bool = False, corrected: bool = False,
               matching: bool = False) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(scope, scope words, own words) from (role, word, in name) scope hits and the places named.

    The name decides; the description when the name is silent (its own name or 本地区 say
    nothing about the level), or when it names the counties a city-wide name is narrowed to
    (全市重点产业专利导航 / 本年度专题为阳城县琉璃产业)."""
    own_name = jurisdiction.name if jurisdiction is not None and jurisdiction.level == "county" else None
    # The prefecture named anywhere in the line (覆盖石家庄全市, 按晋城市统一部署) says that 全市 in a
    # county-level city's line is the prefecture's, not the county-level city's own; so does its
    # matching money (全市…平台建设县级配套): no one matches their own project.
    prefecture = organiser or matching or any(j.level == "city" for j, _, _ in places)
    # The budget's own name or 本地区 in the name says nothing about the level: the description may.
    if any(hit for k, _, hit in scoped if k != "own_terms") or any(hit for j, _, hit in places if j.name != own_name):
        scope, words, own = _read(
            [s for s in scoped if s[2]], [p for p in places if p[2]], jurisdiction, own_name, prefecture)
        narrowed = [t for j, t, hit in places if not hit and j.level == "county" and j.name != own_name]
        if scope == "city-wide" and narrowed:
            return "local", _unique(narrowed), own
        if scope == "city-wide" and corrected and jurisdiction is not None and jurisdiction.level == "county":
            # 全市…建设 / 实际为泽州县…工作站: the description corrects the name to the budget's own work
            mine = [t for j, t, hit in places if not hit and j.name == own_name]
            mine += [w for k, w, hit in scoped if not hit and k in ("own_terms", "local_terms")]
            if mine:
                return "", (), _unique([*own, *mine])
        return scope, words, own
    return _read(scoped, places, jurisdiction, own_name, prefecture)


def _read(scoped, places, jurisdiction, own_name, prefecture):
    city_words = [w for k, w, _ in scoped if k == "city_wide_terms"]
    local_words = [w for k, w, _ in scoped if k == "local_terms"]
    both_words = [w for k, w, _ in scoped if k == "both_terms"]
    own_words = [w for k, w, _ in scoped if k == "own_terms"]
    own_words += [t for j, t, _ in places if j.name == own_name]  # the budget's own name is its own scope
    places = [(j, t) for j, t, _ in places if j.name != own_name]
    named_city = [term for j, term in places if j.level == "city"]
    named_counties = [term for j, term in places if j.level == "county"]
    if named_counties:
        local_words += named_counties  # 晋城市阳城县: the city's name only qualifies the county
    elif named_city:
        city_words += named_city
    if jurisdiction is not None and _is_county_level_city(jurisdiction) and not prefecture:
        # Inside 高平市's budget, 全市/市级 mean 高平市 itself unless the prefecture is named.
        own_words += [w for w in city_words if "市" in w]
        city_words = [w for w in city_words if "市" not in w]
    city_words, local_words = _unique(city_words), _unique(local_words)
    both_words, own = _unique(both_words), _unique(own_words)
    if both_words or (city_words and local_words):
        return "both", both_words + city_words + local_words, own
    if city_words:
        return "city-wide", city_words, own
    if local_words:
        return "local", local_words, own
    return "", (), own


def _unique(words: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(words))


def _is_county_level_city(j: Jurisdiction) -> bool:
    return j.level == "county" and (j.kind == "县级市" or (j.name.endswith("市") and not j.kind))
