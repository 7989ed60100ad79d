"""The terms of a scheme's automaton, and the jobs (roles) of each: built once per scheme.

Roles: ("kw", keyword index) on a keyword's rarest part, ("part", word) on its other parts,
("ex", task index) for exclusions, (list, word) for the grammar's lists, ("mask", word),
(PAYER_ROLE, (word, kind, level, given, share level)) for who-pays phrases, ("jur", Jurisdiction) for
places, ("context", word) for words that cover others and do no job of their own.
Besides the lists, some terms are made of the scheme's places: a city word joined to a
county's name (全市及赵县: both levels), the city directing the work (晋城市统一部署的),
someone entrusted or implementing (委托高新区, 我区承办), a subsidy word as a
policy's content (扶持政策), a place's office (高平市市场监管局), a verb of passing money
joined to the counties (分配到县).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ._masks import Masks
from ._payer import PAYER_ROLE, payer_terms
from .catalogue import PLACEHOLDERS
from .models import Scheme, Task, Vocabulary
from .normalize import normalize

__all__ = ["Keyword", "VOCAB_ROLES", "SCOPE_ROLES", "GROUP", "IP_ROLES", "CITY_PREFIX", "keywords_of", "roles_of"]

#: Grammar lists whose words are automaton terms with a role of the same name.
VOCAB_ROLES = (
    "ip_objects", "ip_terms", "foreign_words", "not_ip_terms", "running_cost_terms", "subsidy_terms", "aid_words",
    "beneficiary_words",
    "city_wide_terms", "local_terms", "both_terms", "own_terms", "pass_down_terms", "pass_down_verbs",
    "participation_words", "oversight_words", "correction_words",
)
SCOPE_ROLES = frozenset(("city_wide_terms", "local_terms", "both_terms", "own_terms"))
#: Roles that take part in the overlap step (a longer one covers a shorter one).
GROUP = frozenset((*SCOPE_ROLES, "subsidy_terms", "aid_words", "pass_down_terms", "pass_down_verbs", PAYER_ROLE,
                   "jur", "context"))
#: Roles of IP-looking words, which a mask hides.
IP_ROLES = frozenset(("ip_objects", "ip_terms", "kw", "part"))
#: The pseudo-term of a name that starts with the city's abbreviation (never in a text).
CITY_PREFIX = "\x01市"
_PLACEHOLDER_WEIGHT = 1  # what a placeholder adds to a keyword's weight: less than any word, it is less specific


@dataclass(frozen=True)
class Keyword:
    task: int  # index into the scheme's tasks
    parts: tuple[str, ...]  # normalised; a placeholder for any word of its lists
    text: str  # as the catalogue writes it
    weight: int


def keywords_of(tasks: tuple[Task, ...], vocab: Vocabulary) -> list[Keyword]:
    return [Keyword(ti, parts, text, sum(_PLACEHOLDER_WEIGHT if p in PLACEHOLDERS else len(p) for p in parts))
            for ti, task in enumerate(tasks) for text in task.keywords for parts in _spelled(text, vocab)]


def _spelled(text: str, vocab: Vocabulary) -> list[tuple[str, ...]]:
    """A keyword's parts, normalised. A placeholder alone is a part of its own (any of its words,
    anywhere in the line); inside a part ({ip}保护体系) it is spelled out with each word of its
    first list, since there the words must stand together."""
    variants: list[tuple[str, ...]] = [()]
    for raw in text.split("+"):
        spellings = [raw] if raw in PLACEHOLDERS else [normalize(raw)]
        for placeholder, lists in PLACEHOLDERS.items():
            if placeholder in raw and raw != placeholder:
                spellings = [normalize(raw.replace(placeholder, word)) for word in getattr(vocab, lists[0])]
        variants = [(*v, p) for v in variants for p in spellings if p]
    return [tuple(dict.fromkeys(v)) for v in variants if v]


def roles_of(scheme: Scheme, keywords: list[Keyword]) -> tuple[dict[str, tuple], tuple[str, ...]]:
    """Every term of the scheme with its roles, and the city's names (normalised)."""
    vocab = scheme.vocabulary
    roles: dict[str, list[tuple]] = defaultdict(list)
    # Each keyword is filed under its rarest part only (知识产权+执法 under 执法), so a line
    # touches the few keywords it can complete, not every keyword that says 知识产权.
    uses: dict[str, int] = defaultdict(int)
    for kw in keywords:
        for part in kw.parts:
            uses[part] += 1
    for ki, kw in enumerate(keywords):
        words = [p for p in kw.parts if p not in PLACEHOLDERS]
        if words:
            roles[min(words, key=lambda part: (uses[part], -len(part)))].append(("kw", ki))
            for part in words:
                roles[part].append(("part", part))  # still scanned for: the other parts must be found too
    for ti, task in enumerate(scheme.tasks):
        for word in task.exclude:
            roles[normalize(word)].append(("ex", ti))
    for role in VOCAB_ROLES:
        for word in getattr(vocab, role):
            roles[normalize(word)].append((role, word))
    for word in Masks(vocab.masks, normalize).words:
        roles[word].append(("mask", word))
    for word, meaning in payer_terms(vocab, scheme.jurisdictions).items():
        roles[normalize(word)].append((PAYER_ROLE, (word, *meaning)))
    city_names: tuple[str, ...] = ()
    for j in scheme.jurisdictions:
        for label in (j.name, *j.aliases):
            roles[normalize(label)].append(("jur", j))
            if len(label) > 2:
                for office in vocab.office_words:
                    roles[normalize(label + office)].append(("jur", j))
            if j.level == "county" and label.endswith("市"):  # 高平市直机关: 高平's own 市直, not the prefecture's
                for word in vocab.city_wide_terms:
                    if word.startswith("市") and len(word) > 1:
                        roles[normalize(label[:-1] + word)].append(("jur", j))
                        roles[normalize(label + word)].append(("jur", j))  # 高平市市直
        if j.level == "city":
            city_names += tuple(normalize(x) for x in (j.name, *j.aliases))
    for term, role in _place_terms(scheme, city_names):
        roles[term].append(role)
    roles[CITY_PREFIX].append(("city_wide_terms", "市"))
    roles.pop("", None)
    return {term: tuple(dict.fromkeys(r)) for term, r in roles.items()}, city_names


def _place_terms(scheme: Scheme, city_names: tuple[str, ...]):
    vocab = scheme.vocabulary
    counties = [normalize(x) for j in scheme.jurisdictions if j.level == "county" for x in (j.name, *j.aliases)]
    for left in (*map(normalize, vocab.both_city_words), *city_names):
        for joiner in map(normalize, vocab.both_joiners):
            for county in counties:
                yield f"{left}{joiner}{county}", ("both_terms", f"{left}{joiner}{county}")
    for left in (*map(normalize, vocab.context_city_words), *city_names):
        for verb in map(normalize, vocab.context_verbs):
            yield f"{left}{verb}", ("context", f"{left}{verb}")
            if left in city_names:  # 石家庄市统一部署: the prefecture named as the organiser
                yield f"{left}{verb}", ("organiser", left)
    for negation in map(normalize, vocab.negation_words):  # 不属于市级事权的纠纷: says what the work is not
        for word in map(normalize, (*vocab.city_wide_terms, *vocab.local_terms)):
            yield f"{negation}{word}", ("context", f"{negation}{word}")
    for who in (*counties, *map(normalize, vocab.local_terms)):
        for entrust in map(normalize, vocab.entrust_words):
            yield f"{entrust}{who}", ("context", f"{entrust}{who}")
        for implement in map(normalize, vocab.implement_words):
            yield f"{who}{implement}", ("context", f"{who}{implement}")
    for word in map(normalize, (*vocab.subsidy_terms, *vocab.aid_words)):
        for after in map(normalize, vocab.subsidy_not_before):
            yield f"{word}{after}", ("context", f"{word}{after}")
    for verb in map(normalize, vocab.pass_down_verbs):
        for target in map(normalize, vocab.pass_down_targets):
            yield f"{verb}{target}", ("pass_down_terms", f"{verb}{target}")
