"""Where a line's money comes from, normalised to models.Funding.

From a 资金来源 / 资金性质 text (本级财力, 市级专项转移支付, 县级配套 …) or from split
amount columns (本级 | 其中：上级转移支付). The words live in headers.toml [funding].
classify_funding is also run by the judge on every project name, so the words are
compiled into one regex once and results are cached.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..models import Funding, Jurisdiction, Vocabulary
from ._vocab import vocab

if TYPE_CHECKING:
    from ._headers import Header

__all__ = ["classify_funding", "combine_funding", "funding_phrases", "funding_words", "split_funding"]

_UNKNOWN = Funding()
_PART = re.compile(r"^其中\s*[:：]?\s*")


@cache
def _words() -> tuple[object, dict[str, tuple[str, str | None]]]:
    """An automaton of every funding word and word → (kind, level): the words of headers.toml
    [funding] and the catalogue's who-pays phrases (县级配套, 市级承担 …, some 1,300). An
    automaton, not one regular-expression alternation: that took 13 ms to compile in every
    process, and the words are found the same way (_found)."""
    import ahocorasick

    from ..catalogue import load_catalogue  # the national grammar; read only when a text is classified

    meaning = {word: (kind, level) for word, (kind, level, *_) in funding_phrases(load_catalogue().vocabulary).items()}
    automaton = ahocorasick.Automaton()
    for word in meaning:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton, meaning


def _found(automaton, text: str) -> list[str]:
    """The words of a text as an alternation, longest first, would find them: from the left,
    at each place the longest word there, never overlapping."""
    spans = sorted((end - size + 1, -size) for end, size in automaton.iter(text))
    found, after = [], 0
    for start, minus_size in spans:
        if start >= after:
            after = start - minus_size
            found.append(text[start:after])
    return found


def funding_words() -> dict[str, tuple[str, str | None]]:
    """Every funding word of headers.toml [funding]: word → (kind, level of a transfer)."""
    data = vocab().funding
    meaning: dict[str, tuple[str, str | None]] = {}
    for word in data["own"]:
        meaning[word] = ("own", None)
    for word in data["matching"]:
        meaning[word] = ("matching", None)
    for level, words in data["transfer"].items():
        for word in words:
            meaning[word] = ("transfer", None if level == "unspecified" else level)
    return meaning


_ABOVE_COUNTY = ("city", "provincial", "central")


def funding_phrases(grammar: Vocabulary, places: tuple[Jurisdiction, ...] = ()) -> dict[str, tuple[str, str | None, bool, str | None]]:
    """Every funding phrase: word → (kind, level of the money, whether it says money is given:
    补助, 下达 … as against 承担, 实施, the level it names as paying a share: 县级承担部分 →
    county). headers.toml's words, then each level word of the catalogue's [grammar.funding]
    — and each place's name — joined to each verb (市级 + 承担: the city pays; 赞皇县 + 承担部分:
    the county's own share), then the phrases that say both pay."""
    terms = {word: (kind, level, kind == "transfer", None) for word, (kind, level) in funding_words().items()}
    levels = list(grammar.funding_levels) + [(label, j.level) for j in places for label in (j.name, *j.aliases) if len(label) > 2]
    for level_word, level in levels:
        for verb, meaning in grammar.funding_verbs:
            phrase = f"{level_word}{verb}"
            if meaning == "matching":
                terms.setdefault(phrase, ("matching", None, False, None))
            elif meaning == "pays":
                terms.setdefault(phrase, _pays(level))
            elif level in _ABOVE_COUNTY:
                terms.setdefault(phrase, ("transfer", level, True, None))
    # A level word alone in brackets after the work (赵县专利导航（市本级）) says who pays, as
    # 市本级承担 would: not whose territory the work covers.
    # So does an office alone in brackets (…推进会（县委宣传部）): the department that pays.
    offices = [(w, "county") for w in grammar.local_terms if any(o in w for o in grammar.office_words)]
    offices += [(w, "city") for w in grammar.city_wide_terms if any(o in w for o in grammar.office_words)]
    for level_word, level in [*grammar.funding_levels, *offices]:
        terms.setdefault(f"({level_word})", _pays(level))
    # A scope word joined to a verb of paying a share (高新区分担, 全县配套) says who pays: the
    # phrase covers the scope word, which then does no job of its own.
    verbs = dict(grammar.funding_verbs)
    scope_words = [(w, "county") for w in grammar.local_terms] + [(w, "city") for w in grammar.city_wide_terms]
    for word, level in scope_words:
        for verb in grammar.funding_share_verbs:
            if verbs.get(verb) == "matching":
                terms.setdefault(f"{word}{verb}", ("matching", None, False, None))
            elif verbs.get(verb) == "pays":
                terms.setdefault(f"{word}{verb}", _pays(level))
    for phrase in grammar.funding_shared:
        terms.setdefault(phrase, ("mixed", None, False, None))
    return terms


def _pays(level: str) -> tuple[str, str | None, bool, str | None]:
    """What "this level pays" means as a funding phrase: the county's own money (its share), or
    money of the level above, which it does not pass down (given = False)."""
    return ("own", None, False, level) if level == "county" else ("transfer", level, False, level)


def combine_funding(found: list[tuple[str, str | None, str]]) -> Funding:
    """The funding that (kind, level, word) readings found in one text say together:
    matching money wins; transfer with own (or words that say both pay) is mixed."""
    if not found:
        return _UNKNOWN
    kinds = {kind for kind, _, _ in found}
    levels = {level for kind, level, _ in found if kind in ("transfer", "mixed")} - {None}
    if "matching" in kinds:
        kind = "matching"
    elif "mixed" in kinds or ("transfer" in kinds and "own" in kinds):
        kind = "mixed"
    elif "transfer" in kinds:
        kind = "transfer"
    else:
        kind = "own"
    level = None
    if kind in ("transfer", "mixed") and levels:
        # 上级转移支付-市级专项转移支付: the named level says which 上级 it is
        named = levels - {"upper"}
        level = named.pop() if len(named) == 1 else "upper"
    words = "、".join(dict.fromkeys(word for _, _, word in found))
    return Funding(kind=kind, source_level=level, text=words)


@lru_cache(maxsize=4096)
def classify_funding(text: str) -> Funding:
    """The funding a 资金来源 text names; Funding.text is the text itself ("" when empty).

    >>> classify_funding("市级专项转移支付").kind, classify_funding("市级专项转移支付").source_level
    ('transfer', 'city')
    """
    text = " ".join(text.split()) if text else ""
    if not text:
        return _UNKNOWN
    automaton, meaning = _words()
    found = combine_funding([(*meaning[w], w) for w in _found(automaton, text)])
    return Funding(found.kind, found.source_level, text)


def split_funding(
    own: float | None, transfer: float | None, own_label: str, transfer_label: str
) -> Funding:
    """Funding from split amount columns (元): own part, transfer part, and their headers."""
    has_own = bool(own and own > 0.0)
    has_transfer = bool(transfer and transfer > 0.0)
    if has_own and has_transfer:
        kind, text = "mixed", f"{own_label}+{transfer_label}"
    elif has_transfer:
        kind, text = "transfer", transfer_label
    elif has_own:
        kind, text = "own", own_label
    else:
        kind, text = "unknown", ""
    level = None
    if has_transfer:
        level = classify_funding(transfer_label).source_level or "upper"
    return Funding(kind=kind, source_level=level, text=text, own_yuan=own, transfer_yuan=transfer)


class SplitColumns:
    """The funding of each line of a table with split amount columns (本级 | 其中：上级转移支付).

    One per table (read/_lines.TableReader): the columns and their labels, and the kind,
    level and text each combination of non-zero parts gives, worked out once.
    """

    def __init__(self, header: Header, factor: float, part: Callable[[int, int, object], float | None]) -> None:
        cols = header.cols
        self.transfer_cols, self.own_col = header.transfers, cols.get("own")
        self.base_col = header.base if header.transfer_part else None
        parts = (*header.transfers, self.own_col)
        self.labels = {c: _PART.sub("", header.labels[c].rsplit("/", 1)[-1]) for c in parts if c is not None}
        self.scale = factor * 100.0  # round(x * scale) / 100: 元 to the 分, as the read loop
        self.part = part  # a cell (row index, column, value) that is not a float, in 元; None: not a number
        self.kinds: dict[tuple, Funding] = {}

    def funding(self, i: int, row: list, funding: Funding, yuan: float | None) -> Funding:
        """Own and transfer parts of rows[i], whose amount is `yuan` and 资金来源 `funding`."""
        scale = self.scale
        transfer: float | None = 0.0
        first = ""
        for c in self.transfer_cols:
            value = row[c]
            if value.__class__ is not float:
                value = self.part(i, c, value)
                if value is None:
                    transfer = None
                    break
            elif scale != 100.0:
                value = round(value * scale) / 100.0
            if value:
                transfer += value  # type: ignore[operator]
                first = self.labels[c] if not first else f"{first}、{self.labels[c]}"
        c = self.own_col
        if c is not None:
            own = row[c]
            if own.__class__ is not float:
                own = self.part(i, c, own)
            elif scale != 100.0:
                own = round(own * scale) / 100.0
        else:
            c = self.base_col  # own = 财政拨款 − 其中：上级转移支付, or the amount − the transfer
            if c is None:
                whole = yuan
            else:
                whole = row[c]
                if whole.__class__ is not float:
                    whole = self.part(i, c, whole)
                elif scale != 100.0:
                    whole = round(whole * scale) / 100.0
            own = round((whole - transfer) * 100.0) / 100.0 if whole is not None and transfer is not None else None
        if funding.kind == "unknown":
            # kind, level and text depend only on which parts are non-zero: cache them
            key = (own is not None and own > 0.0, transfer is not None and transfer > 0.0, first)
            funding = self.kinds.get(key)  # type: ignore[assignment]
            if funding is None:
                own_label = self.labels.get(self.own_col, "本级")  # type: ignore[arg-type]
                funding = self.kinds[key] = split_funding(
                    own, transfer, own_label, first or self.labels[self.transfer_cols[0]]
                )
        return Funding(funding.kind, funding.source_level, funding.text, own, transfer)
