"""Decide each line's verdict: which duty it is, which level owns it, and whether the
level paying for it is right (DOMAIN.md §2–4 and §7 are the specification).

The decision, in order:
1. not IP work → not-ip; IP work matching no duty, or a subsidy/award the matched
   keyword does not itself name, or the scheme's catch-all → unlisted.
2. The best-scoring duties are resolved to the level that owns them for this line:
   exclusive duties to their own level; paired duties (same `pair`), shared,
   affiliation and 层面 duties by the line's scope words, an unscoped line being the
   paying level's own work. Ties between different levels, or a line that names both
   the whole city and one county where scope decides → ambiguous.
3. The owner against the paying level and the money: own level → ok; a duty above the
   city → upper-level unless paid by that level's transfer (entrusted); the other local
   level → entrusted when paid by its transfer, transfer when a city passes money down,
   wrong-level otherwise (own money, 配套, mixed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ._words import level_word
from .match import Matcher
from .models import BudgetLine, Candidate, Duty, Funding, Judgement, Match, Placement
from .read.funding import classify_funding

__all__ = ["judge_line", "judge_lines", "duty_owner"]

_UPPER = ("central", "provincial")
_BY_SCOPE = ("shared", "affiliation", "tier")
_SCOPE_LEVEL = {"city-wide": "city", "local": "county"}


def _scope(match: Match, budget_level: str) -> str:
    """The line's scope; a city line passing money down (对县区…补助) is about county work."""
    if not match.scope and budget_level == "city" and match.transfer_words:
        return "local"
    return match.scope


def duty_owner(duty: Duty, partners: tuple[Duty, ...], scope: str, budget_level: str) -> tuple[Duty, str]:
    """The duty (of its pair) and the level that owns it, for a line of this scope in this budget.

    An unscoped line is the paying level's own work."""
    if duty.pays in _UPPER:
        return duty, duty.pays
    if duty.pays in _BY_SCOPE:
        return duty, _SCOPE_LEVEL.get(scope, budget_level)
    levels = {d.pays: d for d in partners if d.pays in ("city", "county")}
    if len(levels) > 1:  # paired by scope: the scope words choose the duty
        wanted = _SCOPE_LEVEL.get(scope, budget_level)
        chosen = levels.get(wanted, duty)
        return chosen, chosen.pays
    return duty, duty.pays  # exclusive to its level


# Funding words are Chinese: a bracket without a CJK character ((000123)) is never one.
_BRACKETED = re.compile(r"[（(]([^（）()\x00]{0,23}[\u4e00-\u9fff][^（）()\x00]{0,23})[）)]")
_JOIN = "\x00"


def _without_funding_brackets_all(names: list[str]) -> list[str]:
    """Names without bracketed funding notes: in 全市性执法（县级配套）, 县级 is not the scope.
    All names in one regex pass; NUL keeps brackets from spanning two names."""
    joined = _JOIN.join(names)
    if joined.count(_JOIN) != len(names) - 1:  # a name with NUL in it
        return [_BRACKETED.sub(_unless_funding, name) for name in names]
    return _BRACKETED.sub(_unless_funding, joined).split(_JOIN) if names else []


def _unless_funding(m: re.Match) -> str:
    inner = m.group(1)
    return "" if len(inner) <= 24 and classify_funding(inner).kind != "unknown" else m.group(0)


def _funding(line: BudgetLine) -> Funding:
    if line.funding.kind != "unknown":
        return line.funding
    words = classify_funding(f"{line.name} {line.description}")
    return words if words.kind != "unknown" else line.funding


def _verdict(owner: str, budget_level: str, funding: Funding, match: Match) -> tuple[str, str]:
    """(verdict, reason) for a duty owned by `owner` in a budget of `budget_level`."""
    owner_zh, budget_zh = level_word(owner), level_word(budget_level)
    if owner == budget_level:
        return "ok", f"{owner_zh}财政事权，由{budget_zh}预算安排"
    if owner in _UPPER:
        if funding.kind == "transfer" and funding.source_level in ("provincial", "central", "upper"):
            return "entrusted", f"{owner_zh}财政事权，由上级转移支付安排"
        return "upper-level", f"{owner_zh}财政事权，不应由{budget_zh}资金安排"
    if budget_level == "county":  # a city duty in a county budget
        if funding.kind == "matching":
            return "wrong-level", f"{owner_zh}财政事权，上级不得要求县级配套"
        if funding.kind == "transfer":
            return "entrusted", f"{owner_zh}财政事权，由上级转移支付委托县级实施"
        if funding.kind == "mixed":
            return "wrong-level", f"{owner_zh}财政事权，部分由县级本级资金安排"
        return "wrong-level", f"{owner_zh}财政事权，由县级本级资金安排"
    # a county duty in a city budget
    if match.transfer_words or funding.kind == "transfer":
        return "transfer", f"{owner_zh}财政事权，市级以转移支付方式补助"
    return "wrong-level", f"{owner_zh}财政事权，市级直接安排属越位"


def _top(candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    best = candidates[0].score
    return tuple(c for c in candidates if c.score == best)


#: What the decision gives, the same for every line with the same hits and kind of funding:
#: (verdict, duty, owner, match, reasons, alternatives).
_Outcome = tuple[str, "Duty | None", str, Match, tuple[str, ...], tuple[Duty, ...]]


def judge_line(line: BudgetLine, placement: Placement, matcher: Matcher) -> Judgement:
    return judge_lines((line,), placement, matcher)[0]


def judge_lines(lines: Sequence[BudgetLine], placement: Placement, matcher: Matcher) -> tuple[Judgement, ...]:
    """Judge lines of one budget. The decision depends only on the line's hits and the kind of
    its funding, so it is made once per distinct (hits, funding) and shared."""
    names = _without_funding_brackets_all([line.name for line in lines])
    texts = matcher.texts(names, [line.description for line in lines])
    decided: dict[tuple, _Outcome] = {}
    judgements = []
    for line, (name, description) in zip(lines, texts):
        funding = _funding(line)
        key = (matcher.hits(name, description), funding.kind, funding.source_level)
        outcome = decided.get(key)
        if outcome is None:
            match = matcher.match_hits(key[0], placement.jurisdiction)
            outcome = decided[key] = _decide(match, funding, placement.level, matcher)
        verdict, duty, owner, match, reasons, alternatives = outcome
        judgements.append(Judgement(line, verdict, duty, owner, match, funding, reasons, alternatives))
    return tuple(judgements)


def _decide(match: Match, funding: Funding, level: str, matcher: Matcher) -> _Outcome:
    def verdict(v: str, duty: Duty | None = None, owner: str = "", reasons: tuple[str, ...] = (), alternatives: tuple[Duty, ...] = ()) -> _Outcome:
        return (v, duty, owner, match, reasons, alternatives)

    if not match.is_ip:
        why = f"非知识产权事项（{'、'.join(match.not_ip_words)}）" if match.not_ip_words else "未出现知识产权用语"
        return verdict("not-ip", reasons=(why,))
    if not match.candidates:
        return verdict("unlisted", reasons=(f"知识产权事项（{'、'.join(match.ip_words)}），未匹配方案所列事权",))
    top = _top(match.candidates)
    passing_down = level == "city" and bool(match.transfer_words)  # 对县区…奖补 is a transfer
    if match.subsidy_words and not passing_down and not any(s in w for c in top for w in c.words for s in match.subsidy_words):
        return verdict("unlisted", reasons=(f"资助奖补类事项（{'、'.join(match.subsidy_words)}），属其他未列事项",))
    resolved = {}
    scope = _scope(match, level)
    for c in top:
        duty, owner = duty_owner(c.duty, matcher.partners.get(c.duty.pair, (c.duty,)), scope, level)
        resolved.setdefault(duty.id, (duty, owner, c))
    owners = {owner for _, owner, _ in resolved.values()}
    duty, owner, best = next(iter(resolved.values()))
    if duty.pays == "catch-all":
        return verdict("unlisted", None, "", (f"属其他未列事项：{duty.clause}",))
    matched = f"匹配“{'、'.join(best.words)}”→ {duty.id}（{level_word(owner)}）"
    if len(owners) > 1:
        alternatives = tuple(d for d, _, _ in resolved.values())
        return verdict("ambiguous", None, "", (matched, "多个不同层级事权同等匹配"), alternatives)
    decided_by_scope = duty.pays in _BY_SCOPE or len(matcher.partners.get(duty.pair, ())) > 1
    if scope == "both" and decided_by_scope:
        partners = matcher.partners.get(duty.pair, (duty,))
        return verdict("ambiguous", None, "", (matched, f"同时出现全市与县级范围用语：{'、'.join(match.scope_words)}"), partners)
    if level == "city" and owner == "county" and scope != "local":
        # The scheme lists only the county's version of this work; the city's own (unscoped)
        # line is not "one county's work", so a human decides (其他未列事项), not an error.
        return verdict("unlisted", duty, owner, (matched, "方案仅列县级该事项，市级安排需说明"))
    v, why = _verdict(owner, level, funding, match)
    return verdict(v, duty, owner, (matched, why))
