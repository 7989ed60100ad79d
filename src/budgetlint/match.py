"""Read a budget line with the line grammar: what the work is, whose territory it covers,
who pays, whether money passes down.

One Aho-Corasick automaton per scheme holds every term it knows: the catalogue's task
keywords and their parts, exclusions, and the grammar's words (IP / not-IP / subsidy /
scope / funding / pass-down words, the names of the scheme's places). A line is scanned
once; then two small steps make sure no word does two jobs:

- masks (_masks.py): IP-looking words inside the name of something else (a supplier,
  商标纸) do not count;
- overlaps: where a longer grammar word covers a shorter one (县级 inside 县级配套, 市级
  inside 市级专项资金), only the longer counts — funding words never count as scope.

What is left, the hits, decide everything a Match says (tasks, scope in _scope.py, funding
in _payer.py, pass-down), so the judge works out one Match per distinct set of hits: a
budget's lines repeat the same few patterns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick

from ._masks import Masks
from ._payer import PAYER_ROLE, payer_terms, read_payer
from ._scope import read_scope
from .catalogue import IP_PLACEHOLDER
from .models import Candidate, Jurisdiction, Match, Scheme, Task
from .normalize import normalize, normalize_many

__all__ = ["Matcher", "matcher_for", "Hits", "NAME_WEIGHT", "DESCRIPTION_WEIGHT"]

NAME_WEIGHT = 1.0
DESCRIPTION_WEIGHT = 0.6
_IP_WEIGHT = 2  # what {ip} adds to a keyword's weight, like a two-character word
_SEP = "\x00"  # between name and description; never in a normalised term
#: What a line's text contains, as hits() finds it: (term, in the name, counts).
Hits = tuple[tuple[str, bool, bool], ...]

# Grammar roles: the Vocabulary field each word comes from. Those in _GROUP take part in
# the overlap step (a longer one covers a shorter one); task keywords and IP words do not.
_VOCAB_ROLES = (
    "ip_objects", "ip_terms", "not_ip_terms", "subsidy_terms", "city_wide_terms", "local_terms", "both_terms",
    "own_terms", "pass_down_terms", "pass_down_verbs",
)
_SCOPE_ROLES = frozenset(("city_wide_terms", "local_terms", "both_terms", "own_terms"))
_GROUP = frozenset((*_SCOPE_ROLES, "subsidy_terms", "pass_down_terms", "pass_down_verbs", PAYER_ROLE, "jur", "context"))
_IP_ROLES = frozenset(("ip_objects", "ip_terms", "kw", "part"))
# What hits() must look at again for a term: a grammar word, a short place name, a mask.
_GROUP_BIT, _SHORT_BIT, _MASK_BIT = 1, 2, 4


@dataclass(frozen=True)
class _Keyword:
    task: int  # index into Matcher.tasks
    parts: tuple[str, ...]  # normalised; IP_PLACEHOLDER for any IP object
    text: str  # as the catalogue writes it
    weight: int


class Matcher:
    """The compiled grammar of one scheme."""

    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme
        vocab = scheme.vocabulary
        self.tasks: tuple[Task, ...] = scheme.tasks
        self._keywords: list[_Keyword] = []
        roles: dict[str, list[tuple]] = defaultdict(list)
        for ti, task in enumerate(self.tasks):
            for text in task.keywords:
                for parts in _spelled(text, vocab.ip_objects):
                    weight = sum(_IP_WEIGHT if p == IP_PLACEHOLDER else len(p) for p in parts)
                    self._keywords.append(_Keyword(ti, parts, text, weight))
        # Each keyword is filed under its rarest part only (知识产权+执法 under 执法), so a line
        # touches the few keywords it can complete, not every keyword that says 知识产权.
        uses: dict[str, int] = defaultdict(int)
        for kw in self._keywords:
            for part in kw.parts:
                uses[part] += 1
        for ki, kw in enumerate(self._keywords):
            words = [p for p in kw.parts if p != IP_PLACEHOLDER]
            anchor = min(words, key=lambda part: (uses[part], -len(part))) if words else None
            if anchor is None:
                continue
            roles[anchor].append(("kw", ki))
            for part in words:
                roles[part].append(("part", part))  # still scanned for: the other parts must be found too
        for ti, task in enumerate(self.tasks):
            for word in task.exclude:
                if normalize(word):
                    roles[normalize(word)].append(("ex", ti))
        for role in _VOCAB_ROLES:
            for word in getattr(vocab, role):
                if normalize(word):
                    roles[normalize(word)].append((role, word))
        self._masks = Masks(vocab.masks, normalize)
        for word in self._masks.words:
            roles[word].append(("mask", word))
        for word, meaning in payer_terms(vocab, scheme.jurisdictions).items():
            roles[normalize(word)].append((PAYER_ROLE, (word, *meaning)))
        self._synonyms = tuple(
            (normalize(short), normalize(full))
            for short, _, full in (item.partition("=") for item in vocab.synonyms) if short and full
        )
        city_names: tuple[str, ...] = ()
        for j in scheme.jurisdictions:
            for label in (j.name, *j.aliases):
                roles[normalize(label)].append(("jur", j))
            if j.level == "city":
                city_names += tuple(normalize(x) for x in (j.name, *j.aliases))
        self._city_names = city_names
        for term, role in _joined_terms(scheme, city_names):
            roles[term].append(role)
        self._roles: dict[str, tuple] = {term: tuple(dict.fromkeys(term_roles)) for term, term_roles in roles.items()}
        self._automaton = ahocorasick.Automaton()
        for term, term_roles in self._roles.items():
            kinds = {r[0] for r in term_roles}
            # Short place names (城区) count only after the city's name; X县 and X旗 are names anywhere.
            short = len(term) <= 2 and "jur" in kinds and not term.endswith(("县", "旗"))
            flags = (_GROUP_BIT if kinds & _GROUP else 0) | (_SHORT_BIT if short else 0) | (_MASK_BIT if "mask" in kinds else 0)
            self._automaton.add_word(term, (term, len(term) - 1, flags, (term, True, True), (term, False, True),
                                            bool(kinds & _IP_ROLES)))
        self._automaton.make_automaton()
        # Duties by task: the same work at each level that pays for it in this scheme.
        by_task: dict[str, list] = defaultdict(list)
        for duty in scheme.duties:
            by_task[duty.task_id or duty.pair].append(duty)
        self.duties_by_task = {k: tuple(v) for k, v in by_task.items()}
        self.partners = self.duties_by_task  # duties sharing a pair key (the task id)

    # -- scanning ---------------------------------------------------------------

    def texts(self, names: Sequence[str], descriptions: Sequence[str]) -> list[tuple[str, str]]:
        """(name, description) of each line as matched: normalised, abbreviations written out."""
        names_n, descs_n = self._expand(normalize_many(list(names))), self._expand(normalize_many(list(descriptions)))
        return list(zip(names_n, descs_n))

    def _expand(self, texts: list[str]) -> list[str]:
        """Write abbreviations out in full (知产 → 知识产权), as the synonyms say."""
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

        Everything a Match says follows from these, so lines with the same hits share one.
        A term that does not count is an IP word inside a mask, or a short place name not
        after its city's name; a grammar word inside a longer grammar word is left out."""
        text = f"{name}{_SEP}{description}" if description else name
        limit = len(name)
        found = list(self._automaton.iter(text))
        if not found:
            return ()
        # Most lines have no mask, no short place name and at most one grammar word: nothing
        # to resolve, and the hit of each term was made once, in __init__.
        special = [f for f in found if f[1][2]]
        if not special or (len(special) == 1 and special[0][1][2] == _GROUP_BIT):
            return tuple([v[3] if end < limit else v[4] for end, v in found])
        return self._resolve(text, limit, found, special)

    def _resolve(self, text: str, limit: int, found: list, special: list) -> Hits:
        masks = self._masks.spans(text, [(end - v[1], end) for end, v in special if v[2] & _MASK_BIT])
        groups = [(end - v[1], end) for end, v in special if v[2] & _GROUP_BIT]
        out = []
        for end, (term, back, flags, in_name, in_description, ip) in found:
            start = end - back
            hit = in_name if end < limit else in_description
            if flags & _SHORT_BIT and not (start == 0 or start == limit + 1 or self._after_city(text, start)):
                hit = (term, end < limit, False)
            elif ip and masks and any(s <= start and end < e for s, e in masks):
                hit = (term, end < limit, False)
            elif flags & _GROUP_BIT and len(groups) > 1 and any(
                    s <= start and end <= e and e - s > back for s, e in groups):
                continue  # covered by a longer grammar word: it does no job of its own
            out.append(hit)
        return tuple(out)

    def _after_city(self, text: str, start: int) -> bool:
        return any(text[max(0, start - len(c)):start] == c for c in self._city_names)

    def match(self, name: str, description: str = "", jurisdiction: Jurisdiction | None = None,
              ip_code: bool = False) -> Match:
        """Read one line (the batch path is texts() → hits() → match_hits())."""
        ((name_n, desc_n),) = self.texts([name], [description])
        return self.match_hits(self.hits(name_n, desc_n), jurisdiction, ip_code)

    def match_hits(self, hits: Hits, jurisdiction: Jurisdiction | None = None, ip_code: bool = False) -> Match:
        in_name: set[str] = set()
        found: set[str] = set()
        words: dict[str, list[str]] = defaultdict(list)
        keywords: set[int] = set()
        excluded: set[int] = set()
        places: list[tuple[Jurisdiction, str, bool]] = []
        scoped: list[tuple[str, str, bool]] = []  # (role, word, in the name)
        payers: list[tuple[tuple, bool]] = []
        city_money: list[str] = []  # 市级补助 in the name: with counties named, money passing down
        masked: list[str] = []
        ip_object: list[tuple[str, bool]] = []  # (term, in the name)
        for term, name_hit, counts in hits:
            roles = self._roles[term]
            if not counts:
                if any(r[0] in _IP_ROLES for r in roles):
                    masked.append(term)
                continue
            found.add(term)
            if name_hit:
                in_name.add(term)
            for role in roles:
                kind = role[0]
                if kind == "kw":
                    keywords.add(role[1])
                elif kind == "part":
                    continue
                elif kind == "ex":
                    if name_hit:
                        excluded.add(role[1])
                elif kind == "jur":
                    places.append((role[1], term, name_hit))
                elif kind == PAYER_ROLE:
                    payers.append((role[1], name_hit))
                    if name_hit and role[1][1:] == ("transfer", "city", True):
                        city_money.append(role[1][0])
                elif kind == "mask":
                    continue
                elif kind == "context":
                    continue  # 晋城市统一部署的: it covers the city's name, and does no job itself
                elif kind in ("not_ip_terms", "subsidy_terms") and not name_hit:
                    continue  # only the name says what a line is
                elif kind == "pass_down_terms" and not name_hit and role[1].startswith("对") and not role[1].startswith("对下"):
                    continue  # 对县区 in a description is as often "towards the counties" as money
                elif kind in _SCOPE_ROLES:
                    scoped.append((kind, role[1], name_hit))
                else:
                    if kind == "ip_objects":
                        ip_object.append((term, name_hit))
                    words[kind].append(role[1])
        ip_words = tuple(dict.fromkeys((*words["ip_objects"], *words["ip_terms"])))
        not_ip = tuple(dict.fromkeys(words["not_ip_terms"]))
        if not ip_words and not ip_code:  # most lines of a budget: nothing more to work out
            return Match(is_ip=False, candidates=(), not_ip_words=not_ip, masked_words=tuple(dict.fromkeys(masked)))
        candidates = self._candidates(keywords, excluded, found, in_name, ip_object, ip_code)
        is_ip = not (not_ip and not any(c.score >= NAME_WEIGHT * 4 for c in candidates))
        scope, scope_words, own_words = read_scope(scoped, places, jurisdiction)
        return Match(
            is_ip=is_ip,
            candidates=candidates if is_ip else (),
            ip_words=ip_words,
            not_ip_words=not_ip,
            masked_words=tuple(dict.fromkeys(masked)),
            scope=scope,
            scope_words=scope_words,
            own_words=own_words,
            subsidy_words=tuple(dict.fromkeys(words["subsidy_terms"])),
            pass_down_words=self._pass_down(words, places, scoped, city_money),
            funding=read_payer(payers),
            ip_code=ip_code,
        )

    def _pass_down(self, words: dict[str, list[str]], places: list[tuple[Jurisdiction, str, bool]],
                   scoped: list[tuple[str, str, bool]], city_money: list[str]) -> tuple[str, ...]:
        """Words that say a city passes money down: a pass-down phrase, or counties — named
        (补助阳城县…, 对阳城、陵川县…下达) or as a level (县区…补助资金) — with a verb of passing
        money or the city's money (市级补助), in the name."""
        down = list(words["pass_down_terms"])
        verbs = words["pass_down_verbs"] + city_money
        if verbs:
            counties = [term for j, term, hit in places if j.level == "county" and hit]
            counties += [word for kind, word, hit in scoped if kind == "local_terms" and hit]
            if counties:
                down += [*counties, *verbs]
        return tuple(dict.fromkeys(down))

    def _candidates(self, keywords: set[int], excluded: set[int], found: set[str], in_name: set[str],
                    ip_object: list[tuple[str, bool]], ip_code: bool) -> tuple[Candidate, ...]:
        any_ip = bool(ip_object) or ip_code
        named = [term for term, hit in ip_object if hit]
        ip_word = named[0] if named else (ip_object[0][0] if ip_object else "")
        best: dict[int, tuple[float, list[_Keyword]]] = {}
        for ki in keywords:
            kw = self._keywords[ki]
            if kw.task in excluded:
                continue
            whole_name = True
            for p in kw.parts:
                if p == IP_PLACEHOLDER:
                    if not any_ip:
                        break
                    whole_name = whole_name and bool(named)
                elif p not in found:
                    break
                else:
                    whole_name = whole_name and p in in_name
            else:
                score = kw.weight * (NAME_WEIGHT if whole_name else DESCRIPTION_WEIGHT)
                current = best.get(kw.task)
                if current is None or score > current[0]:
                    best[kw.task] = (score, [kw])
                elif score == current[0]:
                    current[1].append(kw)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        return tuple(Candidate(self.tasks[ti], score, _evidence(kws, ip_word)) for ti, (score, kws) in ranked)


def _joined_terms(scheme: Scheme, city_names: tuple[str, ...]):
    """Grammar words made of the scheme's place names: a city word or the city's name joined
    to a county's (全市及赵县, 晋城市和高平市: both levels), and the city as the one directing
    the work (晋城市统一部署的: context, not scope)."""
    vocab = scheme.vocabulary
    counties = [normalize(x) for j in scheme.jurisdictions if j.level == "county" for x in (j.name, *j.aliases)]
    for left in (*map(normalize, vocab.both_city_words), *city_names):
        for joiner in map(normalize, vocab.both_joiners):
            for county in counties:
                term = f"{left}{joiner}{county}"
                yield term, ("both_terms", term)
    for left in (*map(normalize, vocab.context_city_words), *city_names):
        for verb in map(normalize, vocab.context_verbs):
            yield f"{left}{verb}", ("context", f"{left}{verb}")


def _spelled(text: str, ip_objects: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A keyword's parts, normalised. {ip} alone is a part of its own (any IP word anywhere in
    the line); {ip} inside a part (专利+{ip}保护中心) is spelled out with each IP word, since
    there the words must stand together."""
    variants: list[tuple[str, ...]] = [()]
    for raw in text.split("+"):
        if raw == IP_PLACEHOLDER:
            spellings = [IP_PLACEHOLDER]
        elif IP_PLACEHOLDER in raw:
            spellings = [normalize(raw.replace(IP_PLACEHOLDER, obj)) for obj in ip_objects]
        else:
            spellings = [normalize(raw)]
        variants = [(*v, p) for v in variants for p in spellings if p]
    return [tuple(dict.fromkeys(v)) for v in variants if v]


def _evidence(keywords: list[_Keyword], ip_word: str) -> tuple[str, ...]:
    """The words of the line that matched: {ip} as the IP word found, a keyword whose parts
    all lie inside another's left out (专利+导航 beside 专利导航)."""
    texts = {"+".join(ip_word if p == IP_PLACEHOLDER else p for p in kw.parts) for kw in keywords}
    return tuple(sorted(t for t in texts if not any(
        t != other and all(part in other for part in t.split("+")) and "+" not in other for other in texts)))


_MATCHERS: dict[tuple[str, str, int], Matcher] = {}


def matcher_for(scheme: Scheme) -> Matcher:
    """The compiled matcher of a scheme, built once per process."""
    key = (scheme.id, scheme.path, id(scheme))
    matcher = _MATCHERS.get(key)
    if matcher is None or matcher.scheme is not scheme:
        matcher = _MATCHERS[key] = Matcher(scheme)
    return matcher
