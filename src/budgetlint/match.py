"""Read a budget line with the line grammar: what the work is, whose territory it covers,
who pays, whether money passes down.

One Aho-Corasick automaton per scheme holds every term it knows (_terms.py): the catalogue's
task keywords and their parts, exclusions, the grammar's words (IP / not-IP / subsidy /
scope / funding / pass-down words) and the scheme's places. A line is scanned once; then
two small steps make sure no word does two jobs:

- masks (_masks.py): IP-looking words inside the name of something else (a supplier,
  商标纸) do not count;
- overlaps: where a longer grammar word covers a shorter one (县级 inside 县级配套, 市级
  inside 市级专项资金), only the longer counts — funding words never count as scope.

What is left, the hits, decide everything a Match says (tasks, scope in _scope.py, funding
in _payer.py, pass-down here), so the judge works out one Match per distinct set of hits:
a budget's lines repeat the same few patterns.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import ahocorasick

from ._masks import Masks
from ._payer import PAYER_ROLE, read_payer
from ._scope import read_scope
from ._terms import CITY_PREFIX, GROUP, IP_ROLES, SCOPE_ROLES, keywords_of, roles_of
from .catalogue import PLACEHOLDERS
from .models import Candidate, Jurisdiction, Match, Scheme, Task
from .normalize import normalize, normalize_many

__all__ = ["Matcher", "matcher_for", "Hits", "NAME_WEIGHT", "DESCRIPTION_WEIGHT"]

NAME_WEIGHT = 1.0
DESCRIPTION_WEIGHT = 0.6
_SEP = "\x00"  # between name and description; never in a normalised term
#: What a line's text contains, as hits() finds it: (term, in the name, counts).
Hits = tuple[tuple[str, bool, bool], ...]
#: The placeholder a grammar list's words satisfy ({ip} for IP words …).
_CLASS_OF = {role: placeholder for placeholder, lists in PLACEHOLDERS.items() for role in lists}
# What hits() must look at again for a term: a grammar word, a short place name, a mask.
_GROUP_BIT, _SHORT_BIT, _MASK_BIT = 1, 2, 4
#: The tail of a stub (Matcher._build): two separators in a row, which no line's text holds
#: (Matcher.texts drops a cell's NULs).
_STUB = _SEP * 2
#: Lines of a batch from which the automaton is ordered by its text, and lines sampled for it.
_ORDER_AFTER, _ORDER_SAMPLE = 5_000, 2_000


class Matcher:
    """The compiled grammar of one scheme."""

    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme
        vocab = scheme.vocabulary
        self.tasks: tuple[Task, ...] = scheme.tasks
        self._keywords = keywords_of(self.tasks, vocab)
        self._roles, self._city_names = roles_of(scheme, self._keywords)
        self._masks = Masks(vocab.masks, normalize)
        self._synonyms = tuple(
            (normalize(short), normalize(full))
            for short, _, full in (item.partition("=") for item in vocab.synonyms) if short and full
        )
        self._place_prefixes = tuple(normalize(p) for p in vocab.place_prefixes)
        self._pass_down_verbs = tuple(normalize(v) for v in vocab.pass_down_verbs)
        self._oversight_objects = frozenset(vocab.oversight_objects)
        self._money_verbs: dict[str, tuple[str, ...]] = {}
        self._city_prefixes = tuple(normalize(p) for p in vocab.city_prefixes)
        self._city_prefix_not = tuple(normalize(p) for p in vocab.city_prefix_not)
        self._entries = []
        for term, term_roles in self._roles.items():
            if term == CITY_PREFIX:
                continue
            kinds = {r[0] for r in term_roles}
            # Short county names (城区, 阳城) count only where a place name can stand; X县 and X旗
            # are names anywhere, and so is the city's own short name.
            short = len(term) <= 2 and any(r[0] == "jur" and r[1].level == "county" for r in term_roles) \
                and not term.endswith(("县", "旗"))
            flags = (_GROUP_BIT if kinds & GROUP else 0) | (_SHORT_BIT if short else 0) | (_MASK_BIT if "mask" in kinds else 0)
            self._entries.append((term, (term, len(term) - 1, flags, (term, True, True), (term, False, True),
                                         bool(kinds & IP_ROLES))))
        self._automaton = self._build("")
        self._ordered = False
        # Duties by task: the same work at each level that pays for it in this scheme.
        by_task: dict[str, list] = defaultdict(list)
        for duty in scheme.duties:
            by_task[duty.task_id or duty.pair].append(duty)
        self.duties_by_task = {k: tuple(v) for k, v in by_task.items()}

    # -- scanning ---------------------------------------------------------------

    def _build(self, letters: str) -> ahocorasick.Automaton:
        """The automaton of every term. pyahocorasick finds a node's next letter by walking its
        children in the order they were added, and a scan is at the root for most letters of a
        line: with `letters` (the text's own, most frequent first) added first as the root's
        children, by stubs that never match, those walks are short. Matches do not depend on
        the order; only the time does."""
        automaton = ahocorasick.Automaton()
        for letter in letters:
            stub = letter + _STUB
            automaton.add_word(stub, (stub, len(stub) - 1, 0, (stub, True, True), (stub, False, True), False))
        for term, value in self._entries:
            automaton.add_word(term, value)
        automaton.make_automaton()
        return automaton

    def order_for(self, texts: Sequence[tuple[str, str]]) -> None:
        """Once, on a large batch: rebuild the automaton with the root's letters in the order of
        their frequency in a sample of these texts (a 100,000-line workbook: scan 2× faster)."""
        if self._ordered or len(texts) < _ORDER_AFTER:
            return
        self._ordered = True
        sample = texts[:: max(1, len(texts) // _ORDER_SAMPLE)]
        counts = Counter("".join(name + description for name, description in sample))
        alphabet = {ch for term, _ in self._entries for ch in term}
        self._automaton = self._build("".join(sorted(alphabet, key=lambda ch: (-counts[ch], ch))))

    def texts(self, names: Sequence[str], descriptions: Sequence[str]) -> list[tuple[str, str]]:
        """(name, description) of each line as matched: normalised, abbreviations written out."""
        names_n, descs_n = self._expand(normalize_many(list(names))), self._expand(normalize_many(list(descriptions)))
        return list(zip(names_n, descs_n))

    def _expand(self, texts: list[str]) -> list[str]:
        """Write abbreviations out in full (知产 → 知识产权), as the synonyms say. A NUL in a
        cell means nothing and is dropped: the separator stays the separator (and two in a row,
        which complete a stub of the ordered automaton, never occur)."""
        if not texts:
            return texts
        joined = _SEP.join(texts)
        if joined.count(_SEP) != len(texts) - 1:
            texts = [t.replace(_SEP, "") for t in texts]
            joined = _SEP.join(texts)
        return self._expand_one(joined).split(_SEP) if self._synonyms else texts

    def _expand_one(self, text: str) -> str:
        for short, full in self._synonyms:
            if short in text:
                text = text.replace(short, full)
        return text

    def hits(self, name: str, description: str = "") -> Hits:
        """The terms a (normalised) line contains, in order: (term, in the name, counts).

        Everything a Match says follows from these, so lines with the same hits share one.
        A term that does not count is an IP word inside a mask, or a short place name where a
        place name cannot stand; a grammar word inside a longer grammar word is left out."""
        text = name + _SEP + description if description else name
        limit = len(name)
        prefix = ((CITY_PREFIX, True, True),) if name.startswith(self._city_prefixes) and \
            not name.startswith(self._city_prefix_not) else ()
        # Most lines have no mask, no short place name and at most one grammar word: nothing
        # to resolve, and the hit of each term was made once, in __init__ (one pass, no lists).
        out = []
        add = out.append
        group = False
        for end, v in self._automaton.iter(text):
            flags = v[2]
            if flags:
                if flags != _GROUP_BIT or group:
                    found = list(self._automaton.iter(text))
                    return prefix + self._resolve(text, limit, found, [f for f in found if f[1][2]])
                group = True
            add(v[3] if end < limit else v[4])
        return prefix + tuple(out) if prefix else tuple(out)

    def _resolve(self, text: str, limit: int, found: list, special: list) -> Hits:
        masks = self._masks.spans(text, [(end - v[1], end) for end, v in special if v[2] & _MASK_BIT])
        groups = [(end - v[1], end) for end, v in special if v[2] & _GROUP_BIT]
        out = []
        for end, (term, back, flags, in_name, in_description, ip) in found:
            start = end - back
            hit = in_name if end < limit else in_description
            if flags & _SHORT_BIT and not self._place_can_stand(text, start, limit):
                hit = (term, end < limit, False)
            elif ip and masks and any(s <= start and end < e for s, e in masks):
                hit = (term, end < limit, False)
            elif flags & _GROUP_BIT and len(groups) > 1 and any(
                    s <= start and end <= e and e - s > back for s, e in groups):
                continue  # covered by a longer grammar word: it does no job of its own
            out.append(hit)
        return tuple(out)

    def _place_can_stand(self, text: str, start: int, limit: int) -> bool:
        """A short place name counts at the start of the name or description, after the city's
        name, or after a word a place follows (对城区, 、阳城)."""
        if start == 0 or start == limit + 1:
            return True
        before = text[max(0, start - 4):start]
        return before.endswith(self._city_names) or before.endswith(self._place_prefixes)

    def match(self, name: str, description: str = "", jurisdiction: Jurisdiction | None = None,
              ip_code: bool = False) -> Match:
        """Read one line (the batch path is texts() → hits() → match_hits())."""
        ((name_n, desc_n),) = self.texts([name], [description])
        return self.match_hits(self.hits(name_n, desc_n), jurisdiction, ip_code)

    def money_verbs(self, funding_text: str) -> tuple[str, ...]:
        """Verbs of passing money down in a 资金来源 text (市级以奖代补下达): with counties named
        in the line, a city's money passing down, as in the line's own words."""
        if not funding_text:
            return ()
        verbs = self._money_verbs.get(funding_text)
        if verbs is None:
            verbs = self._money_verbs[funding_text] = tuple(v for v in self._pass_down_verbs if v in normalize(funding_text))
        return verbs

    def match_hits(self, hits: Hits, jurisdiction: Jurisdiction | None = None, ip_code: bool = False,
                   money_verbs: tuple[str, ...] = ()) -> Match:
        in_name: set[str] = set()
        found: set[str] = set()
        words: dict[str, list[str]] = defaultdict(list)
        classes: dict[str, list[tuple[str, bool]]] = defaultdict(list)  # placeholder → (word, in the name)
        keywords: set[int] = set()
        excluded: set[int] = set()
        places: list[tuple[Jurisdiction, str, bool]] = []
        scoped: list[tuple[str, str, bool]] = []  # (role, word, in the name)
        payers: list[tuple[tuple, bool]] = []
        city_money: list[str] = []  # 市级补助 in the name: with counties named, money passing down
        masked: list[str] = []
        organiser = False  # the prefecture named as the one who directs the work
        masked_in_name = False
        for term, name_hit, counts in hits:
            roles = self._roles[term]
            if not counts:
                if any(r[0] in IP_ROLES for r in roles):
                    masked.append(term)
                    masked_in_name = masked_in_name or name_hit
                continue
            found.add(term)
            if name_hit:
                in_name.add(term)
            for role in roles:
                kind = role[0]
                if kind == "kw":
                    keywords.add(role[1])
                elif kind in ("part", "mask", "context"):
                    continue  # context covers words (晋城市统一部署的) and does no job itself
                elif kind == "ex":
                    if name_hit:
                        excluded.add(role[1])
                elif kind == "jur":
                    places.append((role[1], term, name_hit))
                elif kind == "organiser":
                    organiser = True
                elif kind == PAYER_ROLE:
                    payers.append((role[1], name_hit))
                    if name_hit and role[1][1:4] == ("transfer", "city", True):
                        city_money.append(role[1][0])
                elif kind in ("not_ip_terms", "running_cost_terms", "subsidy_terms", "aid_words", "participation_words") and not name_hit:
                    continue  # only the name says what a line is
                elif kind == "pass_down_terms" and not name_hit and role[1].startswith("对") and not role[1].startswith("对下"):
                    continue  # 对县区 in a description is as often "towards the counties" as money
                elif kind in SCOPE_ROLES:
                    scoped.append((kind, role[1], name_hit))
                else:
                    if kind in _CLASS_OF:
                        classes[_CLASS_OF[kind]].append((term, name_hit))
                    words[kind].append(role[1])
        ip_words = tuple(dict.fromkeys((*words["ip_objects"], *words["ip_terms"])))
        not_ip = tuple(dict.fromkeys((*words["running_cost_terms"], *words["not_ip_terms"])))
        ip_in_name = bool(ip_words) and any(r[0] in ("ip_objects", "ip_terms") for t in in_name for r in self._roles[t])
        if masked_in_name and ip_words and not ip_code and not ip_in_name:
            # 商标标识印制 | 为…产品印制包装和商标标识: the name says the line is the goods; the
            # description's IP words describe the same goods.
            ip_words = ()
        if (not ip_words and not ip_code) or words["running_cost_terms"]:  # most lines: nothing more to work out
            return Match(is_ip=False, candidates=(), not_ip_words=not_ip, masked_words=tuple(dict.fromkeys(masked)))
        if ip_code:
            classes["{ip}"].append(("", False))
        candidates = self._candidates(keywords, excluded, found, in_name, classes)
        is_ip = not (not_ip and not any(c.score >= NAME_WEIGHT * 4 for c in candidates))
        if is_ip and not candidates and not ip_code and not ip_in_name and not words["subsidy_terms"] \
                and not words["aid_words"]:
            # 农贸市场快检室运行 | 快检试剂（专利检测卡）: an IP word only in the description and no
            # task of the catalogue named anywhere — the name says what the line is; precision first.
            # (企业扶持资金 | 对专利申请给予资助: a subsidy in the name is what the description is for.)
            is_ip = False
        territory = scoped
        if words["oversight_words"] and self._oversight_objects:
            # 对各县(市、区)开展绩效考核: the counties are the ones assessed; the assessing is city-wide work
            # (money passed down to them for it is still read from the counties named).
            territory = [("city_wide_terms", w, hit) if k == "local_terms" and w in self._oversight_objects
                         else (k, w, hit) for k, w, hit in scoped]
        scope, scope_words, own_words = read_scope(
            territory, places, jurisdiction, organiser, corrected=bool(words["correction_words"]),
            matching=any(p[1] == "matching" for p, _ in payers))
        subsidy = words["subsidy_terms"] + (words["aid_words"] if words["beneficiary_words"] else [])
        return Match(
            is_ip=is_ip,
            candidates=candidates if is_ip else (),
            ip_words=ip_words,
            not_ip_words=not_ip,
            masked_words=tuple(dict.fromkeys(masked)),
            scope=scope,
            scope_words=scope_words,
            own_words=own_words,
            subsidy_words=tuple(dict.fromkeys(subsidy)),
            pass_down_words=_pass_down(words, places, scoped, [*city_money, *money_verbs]),
            funding=read_payer(payers),
            share_levels=tuple(dict.fromkeys(p[4] for p, _ in payers if p[4])),
            participates=bool(words["participation_words"]),
            ip_code=ip_code,
        )

    def _candidates(self, keywords: set[int], excluded: set[int], found: set[str], in_name: set[str],
                    classes: dict[str, list[tuple[str, bool]]]) -> tuple[Candidate, ...]:
        best: dict[int, tuple[float, list]] = {}
        for ki in keywords:
            kw = self._keywords[ki]
            if kw.task in excluded:
                continue
            whole_name = True
            for p in kw.parts:
                if p in PLACEHOLDERS:
                    members = classes.get(p)
                    if not members:
                        break
                    whole_name = whole_name and any(hit for _, hit in members)
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
        return tuple(Candidate(self.tasks[ti], score, _evidence(kws, classes)) for ti, (score, kws) in ranked)


def _pass_down(words: dict[str, list[str]], places: list[tuple[Jurisdiction, str, bool]],
               scoped: list[tuple[str, str, bool]], city_money: list[str]) -> tuple[str, ...]:
    """Words that say a city passes money down: a pass-down phrase, or counties — named
    (补助阳城县…, 对阳城、陵川县…下达) or as a level (县区…补助资金) — in the name, with a verb of
    passing money or the city's money (市级补助)."""
    down = list(words["pass_down_terms"])
    verbs = words["pass_down_verbs"] + city_money
    if verbs:
        counties = [term for j, term, hit in places if j.level == "county" and hit]
        counties += [word for kind, word, hit in scoped if kind == "local_terms" and hit]
        if counties:
            down += [*counties, *verbs]
    return tuple(dict.fromkeys(down))


def _evidence(keywords: list, classes: dict[str, list[tuple[str, bool]]]) -> tuple[str, ...]:
    """The words of the line that matched: a placeholder as the word found for it (the name's
    first), a keyword whose parts all lie inside another's left out (专利+导航 beside 专利导航)."""
    def word(p: str) -> str:
        members = classes.get(p)
        if not members:
            return p
        named = [w for w, hit in members if hit and w]
        return named[0] if named else next((w for w, _ in members if w), p)

    texts = {"+".join(word(p) if p in PLACEHOLDERS else p for p in kw.parts) for kw in keywords}
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
