"""Match a budget line against a scheme's vocabulary: which duties, which scope words.

One Aho-Corasick automaton per scheme holds every term the scheme knows (duty keywords
and their parts, exclusions, IP / not-IP / subsidy / transfer / scope words, and the
names of the scheme's jurisdictions). A line is scanned once; everything after that is
set look-ups over the hits, so the cost per line does not grow with the number of duties.
A Match depends only on the hits (not on the rest of the text), so the judge works out one
Match per distinct set of hits: a budget's lines repeat the same few patterns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick

from .models import Candidate, Duty, Jurisdiction, Match, Scheme
from .normalize import normalize, normalize_many

__all__ = ["Matcher", "matcher_for", "Hits", "NAME_WEIGHT", "DESCRIPTION_WEIGHT"]

NAME_WEIGHT = 1.0
DESCRIPTION_WEIGHT = 0.6
_SEP = "\x00"  # between name and description; never in a normalised term
#: What a line's text contains, as hits() finds it: (term, in the name, counts).
Hits = tuple[tuple[str, bool, bool], ...]

# Vocabulary roles: the Vocabulary field each term comes from.
_VOCAB_ROLES = ("ip_terms", "not_ip_terms", "subsidy_terms", "transfer_terms", "city_wide_terms", "local_terms", "own_terms")
_SCOPE_ROLES = ("city_wide_terms", "local_terms", "own_terms")


@dataclass(frozen=True)
class _Keyword:
    duty: int  # index into scheme.duties
    parts: tuple[str, ...]
    text: str  # as written in the scheme
    weight: int


class Matcher:
    """Compiled vocabulary of one scheme."""

    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme
        self.duties = scheme.duties
        self._keywords: list[_Keyword] = []
        roles: dict[str, list[tuple]] = defaultdict(list)
        for di, duty in enumerate(scheme.duties):
            for text in duty.keywords:
                parts = tuple(dict.fromkeys(p for p in (normalize(x) for x in text.split("+")) if p))
                if parts:
                    self._keywords.append(_Keyword(di, parts, text, sum(len(p) for p in parts)))
        # Each keyword is filed under its rarest part only (知识产权+执法 under 执法), so a line
        # touches the few keywords it can complete, not every keyword that says 知识产权.
        uses: dict[str, int] = defaultdict(int)
        for kw in self._keywords:
            for part in kw.parts:
                uses[part] += 1
        for ki, kw in enumerate(self._keywords):
            anchor = min(kw.parts, key=lambda part: (uses[part], -len(part)))
            roles[anchor].append(("kw", ki))
            for part in kw.parts:
                roles.setdefault(part, [])  # still scanned for: the other parts must be found too
        for di, duty in enumerate(scheme.duties):
            for word in duty.exclude:
                if normalize(word):
                    roles[normalize(word)].append(("ex", di))
        for role in _VOCAB_ROLES:
            for word in getattr(scheme.vocabulary, role):
                if normalize(word):
                    roles[normalize(word)].append((role, word))
        self._synonyms = tuple(
            (normalize(short), normalize(full))
            for short, _, full in (item.partition("=") for item in scheme.vocabulary.synonyms) if short and full
        )
        self._city_names: tuple[str, ...] = ()
        for j in scheme.jurisdictions:
            for label in (j.name, *j.aliases):
                roles[normalize(label)].append(("jur", j))
            if j.level == "city":
                self._city_names += tuple(normalize(x) for x in (j.name, *j.aliases))
        self._roles: dict[str, tuple] = {term: tuple(term_roles) for term, term_roles in roles.items()}
        self._automaton = ahocorasick.Automaton()
        for term, term_roles in self._roles.items():
            # The hit as hits() gives it, in the name or the description, made once here; short
            # jurisdiction names need a look at the text before them.
            short = len(term) <= 2 and any(role[0] == "jur" for role in term_roles)
            self._automaton.add_word(term, ((term, True, True), (term, False, True), self._short_place(term) if short else None))
        self._automaton.make_automaton()
        # Duties that share a pair key: the same work at different levels.
        pairs: dict[str, list[Duty]] = defaultdict(list)
        for duty in scheme.duties:
            pairs[duty.pair].append(duty)
        self.partners: dict[str, tuple[Duty, ...]] = {k: tuple(v) for k, v in pairs.items()}

    # -- scanning ---------------------------------------------------------------

    def texts(self, names: Sequence[str], descriptions: Sequence[str]) -> list[tuple[str, str]]:
        """(name, description) of each line as matched: normalised, abbreviations written out."""
        names_n, descs_n = self._expand(normalize_many(list(names))), self._expand(normalize_many(list(descriptions)))
        return list(zip(names_n, descs_n))

    def _expand(self, texts: list[str]) -> list[str]:
        """Write abbreviations out in full (知产 → 知识产权), as the scheme's synonyms say."""
        if not self._synonyms or not texts:
            return texts
        joined = _SEP.join(texts)
        if joined.count(_SEP) == len(texts) - 1:
            return self._expand_one(joined).split(_SEP)
        return [self._expand_one(t) for t in texts]  # a text with NUL in it

    def _expand_one(self, text: str) -> str:
        for short, full in self._synonyms:
            if short in text:
                text = text.replace(short, full)
        return text

    def hits(self, name: str, description: str = "") -> Hits:
        """The terms a (normalised) line contains, in order: (term, in the name, counts).

        Everything a Match says follows from these, so lines with the same hits share one."""
        text = f"{name}{_SEP}{description}" if description else name
        limit = len(name)
        return tuple([
            (in_name if end < limit else in_description) if short is None else short(text, end, end < limit)
            for end, (in_name, in_description, short) in self._automaton.iter(text)
        ])

    def _short_place(self, term: str):
        """hits() for a short name (城区, 赵县): it counts only when the city's name stands right
        before it (or it starts the text)."""
        def hit(text: str, end: int, name_hit: bool) -> tuple[str, bool, bool]:
            start = end - len(term) + 1
            counts = start == 0 or any(text[max(0, start - len(c)):start] == c for c in self._city_names)
            return (term, name_hit, counts)
        return hit

    def match(self, name: str, description: str = "", jurisdiction: Jurisdiction | None = None) -> Match:
        """Match one line (the batch path is texts() → hits() → match_hits())."""
        ((name_n, desc_n),) = self.texts([name], [description])
        return self.match_hits(self.hits(name_n, desc_n), jurisdiction)

    def match_hits(self, hits: Hits, jurisdiction: Jurisdiction | None = None) -> Match:
        in_name: set[str] = set()
        found: set[str] = set()
        words: dict[str, list[str]] = defaultdict(list)
        keywords: set[int] = set()
        excluded: set[int] = set()
        places: list[tuple[Jurisdiction, str, bool]] = []
        scoped: list[tuple[str, str, bool]] = []  # (role, word, in the name)
        for term, name_hit, counts in hits:
            found.add(term)
            if name_hit:
                in_name.add(term)
            for role in self._roles[term]:
                kind = role[0]
                if kind == "kw":
                    keywords.add(role[1])
                elif kind == "ex":
                    if name_hit:
                        excluded.add(role[1])
                elif kind == "jur":
                    if counts:
                        places.append((role[1], term, name_hit))
                elif kind in ("not_ip_terms", "subsidy_terms") and not name_hit:
                    continue  # only the name says what a line is
                elif kind in _SCOPE_ROLES:
                    scoped.append((kind, role[1], name_hit))
                else:
                    words[kind].append(role[1])
        if not words["ip_terms"]:  # most lines of a budget: nothing more to work out
            return Match(is_ip=False, candidates=(), not_ip_words=tuple(dict.fromkeys(words["not_ip_terms"])))
        candidates = self._candidates(keywords, excluded, found, in_name)
        ip_words = tuple(dict.fromkeys(words["ip_terms"]))
        not_ip = tuple(dict.fromkeys(words["not_ip_terms"]))
        is_ip = bool(ip_words) and not (not_ip and not any(c.score >= NAME_WEIGHT * 2 for c in candidates if c.words))
        # The name decides the scope; the description only when the name says nothing.
        in_name_only = any(hit for *_, hit in scoped) or any(hit for *_, hit in places)
        scope, scope_words, own_words = self._scope(
            [(k, w) for k, w, hit in scoped if hit or not in_name_only],
            [(j, t) for j, t, hit in places if hit or not in_name_only], jurisdiction)
        return Match(
            is_ip=is_ip,
            candidates=candidates if is_ip else (),
            ip_words=ip_words,
            not_ip_words=not_ip,
            scope=scope,
            scope_words=scope_words,
            own_words=own_words,
            subsidy_words=tuple(dict.fromkeys(words["subsidy_terms"])),
            transfer_words=tuple(dict.fromkeys(words["transfer_terms"])),
        )

    def _candidates(self, keywords: set[int], excluded: set[int], found: set[str], in_name: set[str]) -> tuple[Candidate, ...]:
        best: dict[int, tuple[float, list[str]]] = {}
        for ki in keywords:
            kw = self._keywords[ki]
            if kw.duty in excluded or not all(p in found for p in kw.parts):
                continue
            weight = NAME_WEIGHT if all(p in in_name for p in kw.parts) else DESCRIPTION_WEIGHT
            score = kw.weight * weight
            current = best.get(kw.duty)
            if current is None or score > current[0]:
                best[kw.duty] = (score, [kw.text])
            elif score == current[0]:
                current[1].append(kw.text)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        return tuple(Candidate(self.duties[di], score, tuple(sorted(ws))) for di, (score, ws) in ranked)

    def _scope(self, scoped, places, jurisdiction):
        """Read the scope words of a line relative to the budget it sits in."""
        city_words = [w for k, w in scoped if k == "city_wide_terms"]
        local_words = [w for k, w in scoped if k == "local_terms"]
        own_words = tuple(dict.fromkeys(w for k, w in scoped if k == "own_terms"))
        # The budget's own name is its own scope (全市性专利导航（赞皇县承担部分）).
        own_words += tuple(t for j, t in places if jurisdiction is not None and j.name == jurisdiction.name and j.level == "county")
        places = [(j, t) for j, t in places if not (jurisdiction is not None and j.name == jurisdiction.name and j.level == "county")]
        named_city = [term for j, term in places if j.level == "city"]
        named_counties = [term for j, term in places if j.level == "county"]
        if named_counties:
            local_words += named_counties  # 晋城市阳城县: the city's name only qualifies the county
        elif named_city:
            city_words += named_city
        if jurisdiction is not None and _is_county_level_city(jurisdiction) and not named_city:
            # Inside 高平市's budget, 全市/市级 mean 高平市 itself unless the prefecture is named.
            moved = [w for w in city_words if "市" in w]
            city_words = [w for w in city_words if "市" not in w]
            own_words = tuple(dict.fromkeys((*own_words, *moved)))
        city_words = tuple(dict.fromkeys(city_words))
        local_words = tuple(dict.fromkeys(local_words))
        if city_words and local_words:
            return "both", city_words + local_words, own_words
        if city_words:
            return "city-wide", city_words, own_words
        if local_words:
            return "local", local_words, own_words
        return "", (), own_words


def _is_county_level_city(j: Jurisdiction) -> bool:
    return j.level == "county" and (j.kind == "县级市" or (j.name.endswith("市") and not j.kind))


_MATCHERS: dict[tuple[str, str, int], Matcher] = {}


def matcher_for(scheme: Scheme) -> Matcher:
    """The compiled matcher of a scheme, built once per process."""
    key = (scheme.id, scheme.path, id(scheme))
    matcher = _MATCHERS.get(key)
    if matcher is None or matcher.scheme is not scheme:
        matcher = _MATCHERS[key] = Matcher(scheme)
    return matcher
