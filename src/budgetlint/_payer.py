"""Who pays, in a line's own words: 县级配套, 市级承担部分, 市县按比例分担, 市级专项资金 …

The phrases are read.funding.funding_phrases(): the words of a 资金来源 cell and the
catalogue's level words joined to its verbs, the scheme's place names too. They are grammar
words of their own, so the level words inside them never count as scope (match.py's
overlap step).
"""

from __future__ import annotations

from .models import Funding
from .read.funding import combine_funding, funding_phrases

__all__ = ["PAYER_ROLE", "payer_terms", "read_payer"]

PAYER_ROLE = "payer"
payer_terms = funding_phrases


def read_payer(payers: list[tuple[tuple, bool]]) -> Funding:
    """The funding the payer words of one line say together (((word, kind, level, given, share), in name) …)."""
    if not payers:
        return Funding()
    return combine_funding([(kind, level, word) for (word, kind, level, *_), _ in payers])
