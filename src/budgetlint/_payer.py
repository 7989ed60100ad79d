"""Who pays, in a line's own words: 县级配套, 市级承担部分, 市县按比例分担, 市级专项资金 …

The words come from the reader's funding vocabulary (read/headers.toml [funding], the words
of a 资金来源 cell) and from the catalogue's [grammar.funding]: each level word joined to
each verb (市级 + 承担 → paid by the city). They are grammar words of their own, so the
level words inside them never count as scope (match.py's overlap step).
"""

from __future__ import annotations

from .models import Funding, Jurisdiction, Vocabulary
from .read.funding import combine_funding, funding_words

__all__ = ["PAYER_ROLE", "payer_terms", "read_payer"]

PAYER_ROLE = "payer"
_ABOVE_COUNTY = ("city", "provincial", "central")


def payer_terms(vocab: Vocabulary, places: tuple[Jurisdiction, ...] = ()) -> dict[str, tuple[str, str | None, bool]]:
    """Every funding phrase: word → (kind, level of the money, whether it says money is given:
    补助, 下达 … as against 承担, 实施). A place's name joined to a verb says who pays too
    (赞皇县承担部分, 晋城市补助): the name is then not the scope."""
    terms = {word: (kind, level, kind == "transfer") for word, (kind, level) in funding_words().items()}
    levels = list(vocab.funding_levels) + [(label, j.level) for j in places for label in (j.name, *j.aliases) if len(label) > 2]
    for level_word, level in levels:
        for verb, meaning in vocab.funding_verbs:
            phrase = f"{level_word}{verb}"
            if meaning == "matching":
                terms.setdefault(phrase, ("matching", None, False))
            elif meaning == "pays":
                # the county's own share, or an upper level's money
                terms.setdefault(phrase, ("own", None, False) if level == "county" else ("transfer", level, False))
            elif level in _ABOVE_COUNTY:
                terms.setdefault(phrase, ("transfer", level, True))
    for phrase in vocab.funding_shared:
        terms.setdefault(phrase, ("mixed", None, False))
    return terms


def read_payer(payers: list[tuple[tuple, bool]]) -> Funding:
    """The funding the payer words of one line say together (((word, kind, level, given), in name) …)."""
    if not payers:
        return Funding()
    return combine_funding([(kind, level, word) for (word, kind, level, _), _ in payers])
