"""Where a line's money comes from, normalised to models.Funding.

From a 资金来源 / 资金性质 text (本级财力, 市级专项转移支付, 县级配套 …) or from split
amount columns (本级 | 其中：上级转移支付). The words live in headers.toml [funding].
classify_funding is also run by the judge on every project name, so the words are
compiled into one regex once and results are cached.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..models import Funding
from ._vocab import vocab

__all__ = ["classify_funding", "split_funding"]

_UNKNOWN = Funding()


@cache
def _words() -> tuple[re.Pattern[str], dict[str, tuple[str, str | None]]]:
    """One alternation of every funding word (longest first) and word → (kind, level)."""
    data = vocab().funding
    meaning: dict[str, tuple[str, str | None]] = {}
    for word in data["own"]:
        meaning[word] = ("own", None)
    for word in data["matching"]:
        meaning[word] = ("matching", None)
    for level, words in data["transfer"].items():
        for word in words:
            meaning[word] = ("transfer", None if level == "unspecified" else level)
    pattern = "|".join(map(re.escape, sorted(meaning, key=len, reverse=True)))
    return re.compile(pattern), meaning


@lru_cache(maxsize=4096)
def classify_funding(text: str) -> Funding:
    """The funding a text names; Funding.text is the words found ("" when none).

    >>> classify_funding("市级专项转移支付").kind, classify_funding("市级专项转移支付").source_level
    ('transfer', 'city')
    """
    if not text:
        return _UNKNOWN
    pattern, meaning = _words()
    found = pattern.findall(text)
    if not found:
        return _UNKNOWN
    kinds = {meaning[w][0] for w in found}
    levels = {meaning[w][1] for w in found if meaning[w][0] == "transfer"} - {None}
    if "matching" in kinds:
        kind = "matching"
    elif "transfer" in kinds:
        kind = "mixed" if "own" in kinds else "transfer"
    else:
        kind = "own"
    level = None
    if kind in ("transfer", "mixed") and levels:
        # 上级转移支付-市级专项转移支付: the named level says which 上级 it is
        named = levels - {"upper"}
        level = named.pop() if len(named) == 1 else "upper"
    words = "、".join(dict.fromkeys(found))
    return Funding(kind=kind, source_level=level, text=words)


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
