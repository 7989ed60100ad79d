"""Decide each line's verdict: which duty it is, which level owns it, and whether the
level paying for it is right (DOMAIN.md §2–4 and §7 are the specification).

The decision, in order, on the line as the grammar read it (match.py):
1. not IP work → not-ip.
2. A city line that passes money down to counties (对县区…, 补助阳城县…, 下达各县…) →
   transfer, whatever the work: whether money passes down is a fact about the line.
3. A subsidy or award the matched keyword does not itself name, IP work matching no task,
   or a task the scheme does not list (nor a broader one it does) → unlisted.
4. The best-scoring tasks are resolved to the scheme's duties and the level that owns
   them for this line: exclusive duties to their own level; paired duties, shared,
   affiliation and 层面 duties by the line's scope words, an unscoped line being the paying
   level's own work. Ties between different levels, or both scopes where scope decides →
   ambiguous.
5. The owner against the paying level and the money: own level → ok; a duty above the
   city → upper-level unless paid by that level's transfer (entrusted); the other local
   level → entrusted when paid by its transfer, transfer when a city passes money down,
   wrong-level otherwise (own money, 配套, mixed).

Every step is recorded as a models.Reason (kind and parameters), rendered by reasons.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from .match import Matcher
from .models import BudgetLine, Candidate, Duty, Funding, Judgement, Match, Placement, Reason
from .reasons import reason

__all__ = ["judge_line", "judge_lines", "duty_owner", "IP_CODES"]

_UPPER = ("central", "provincial")
_BY_SCOPE = ("shared", "affiliation", "tier")
_SCOPE_LEVEL = {"city-wide": "city", "local": "county"}
#: Functional classification codes of IP work (DOMAIN.md §5): 20114 知识产权事务, 2070606 版权管理.
IP_CODES = ("20114", "2070606")


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


def _funding(line: BudgetLine, match: Match, level: str) -> Funding:
    """The money: the 资金来源 column when it says, else the line's own words. A transfer from
    the budget's own level (市级专项资金 in the city's budget) is its own money."""
    funding = line.funding if line.funding.kind != "unknown" else match.funding
    if funding.kind == "unknown":
        funding = line.funding
    if funding.kind == "transfer" and funding.source_level == level:
        return Funding("own", None, funding.text, funding.own_yuan, funding.transfer_yuan)
    return funding


def _verdict(owner: str, budget_level: str, funding: Funding, passes_down: bool) -> tuple[str, Reason]:
    """(verdict, reason) for a duty owned by `owner` in a budget of `budget_level`."""
    def because(kind: str) -> Reason:
        return reason(kind, owner=owner, budget=budget_level)

    if owner == budget_level:
        return "ok", because("own-level")
    if owner in _UPPER:
        if funding.kind == "transfer" and funding.source_level in ("provincial", "central", "upper"):
            return "entrusted", because("upper-transfer")
        return "upper-level", because("upper-own")
    if budget_level == "county":  # a city duty in a county budget
        if funding.kind == "matching":
            return "wrong-level", because("county-matching")
        if funding.kind == "transfer":
            return "entrusted", because("county-entrusted")
        if funding.kind == "mixed":
            return "wrong-level", because("county-mixed")
        return "wrong-level", because("county-own")
    # a county duty in a city budget
    if passes_down or funding.kind == "transfer":
        return "transfer", because("city-transfer")
    return "wrong-level", because("city-overreach")


def _top(candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """The best-scoring tasks; of a task and the broader task it belongs to, the narrower
    (重大违法案件督办 over 执法 when both match as well)."""
    best = candidates[0].score
    top = tuple(c for c in candidates if c.score == best)
    narrower_of = {c.task.broader for c in top if c.task.broader}
    return tuple(c for c in top if c.task.id not in narrower_of) if narrower_of else top


#: What the decision gives, the same for every line with the same hits and funding:
#: (verdict, duty, owner, match, reasons, alternatives).
_Outcome = tuple[str, "Duty | None", str, Match, tuple[Reason, ...], tuple[Duty, ...]]


def judge_line(line: BudgetLine, placement: Placement, matcher: Matcher) -> Judgement:
    return judge_lines((line,), placement, matcher)[0]


def judge_lines(lines: Sequence[BudgetLine], placement: Placement, matcher: Matcher) -> tuple[Judgement, ...]:
    """Judge lines of one budget. Each distinct text is scanned once; the decision depends only
    on the line's hits and its funding, so it is made once per distinct (hits, funding) and
    shared: a budget repeats its names by the thousand."""
    texts = matcher.texts([line.name for line in lines], [line.description for line in lines])
    matcher.order_for(texts)
    decided: dict[tuple, tuple] = {}
    scanned: dict[tuple[str, str], tuple] = {}
    ip_codes: dict[str, bool] = {"": False}
    judgements = []
    append = judgements.append
    level = placement.level
    for line, text in zip(lines, texts):
        hits = scanned.get(text)
        if hits is None:
            hits = scanned[text] = matcher.hits(*text)
        column = line.funding
        ip_code = ip_codes.get(line.code)
        if ip_code is None:
            ip_code = ip_codes[line.code] = line.code.startswith(IP_CODES)
        key = (hits, column.kind, column.source_level, column.text, ip_code)
        entry = decided.get(key)
        if entry is None:
            match = matcher.match_hits(hits, placement.jurisdiction, ip_code, matcher.money_verbs(column.text))
            funding = _funding(line, match, level)
            split = funding.own_yuan is not None or funding.transfer_yuan is not None
            entry = decided[key] = (match, funding, split, *_decide(match, funding, level, matcher))
        match, funding, split, verdict, duty, owner, _, reasons, alternatives = entry
        if split or column.own_yuan is not None:
            funding = _funding(line, match, level)  # split columns: the amounts are the line's own
        append(Judgement(line, verdict, duty, owner, match, funding, reasons, alternatives))
    return tuple(judgements)


def _resolve(candidates: tuple[Candidate, ...], scope: str, level: str, matcher: Matcher, participates: bool = False):
    """The scheme's duty and its owner for each top task it lists (or a broader task it lists).
    Taking part in another level's event (参加…培训) is, by 隶属关系, the participant's affair."""
    resolved: dict[str, tuple[Duty, str, Candidate]] = {}
    for c in candidates:
        duties = matcher.duties_by_task.get(c.task.id) or matcher.duties_by_task.get(c.task.broader, ())
        if duties:
            own = participates and duties[0].pays == "affiliation"
            duty, owner = duty_owner(duties[0], duties, "" if own else scope, level)
            resolved.setdefault(duty.id, (duty, owner, c))
    return resolved


def _decide(match: Match, funding: Funding, level: str, matcher: Matcher) -> _Outcome:
    def verdict(v: str, duty: Duty | None = None, owner: str = "", reasons: tuple[Reason, ...] = (),
                alternatives: tuple[Duty, ...] = ()) -> _Outcome:
        return (v, duty, owner, match, reasons, alternatives)

    if not match.is_ip:
        if match.not_ip_words:
            return verdict("not-ip", reasons=(reason("not-ip-words", words=match.not_ip_words),))
        if match.masked_words:
            return verdict("not-ip", reasons=(reason("masked", words=match.masked_words),))
        return verdict("not-ip", reasons=(reason("no-ip-words"),))
    top = _top(match.candidates) if match.candidates else ()
    scope = "local" if not match.scope and level == "city" and match.passes_down else match.scope
    resolved = _resolve(top, scope, level, matcher, match.participates)
    if level == "city" and match.passes_down:
        down = reason("passes-down", words=match.pass_down_words)
        county = next(((d, o, c) for d, o, c in resolved.values() if o == "county"), None) or next(iter(resolved.values()), None)
        if county is None:
            return verdict("transfer", reasons=(down,))
        duty, owner, best = county
        return verdict("transfer", duty, owner, (_matched(best, duty, owner), down))
    if match.subsidy_words and not _is_the_task(top, match.subsidy_words):
        return verdict("unlisted", reasons=(reason("subsidy", words=match.subsidy_words),))
    if not top:
        return verdict("unlisted", reasons=(reason("ip-unmatched", words=match.ip_words),))
    if not resolved:
        return verdict("unlisted", reasons=(reason("not-listed", task=top[0].task.name),))
    if scope == "both" and level in match.share_levels:
        # 市县联动…（市级承担部分）: the budget pays its own share of work both levels do.
        scope = ""
        resolved = _resolve(top, scope, level, matcher, match.participates)
    elif scope == "both" and level == "county" and (
            funding.kind == "matching" or (funding.kind == "transfer" and funding.source_level == "city")):
        # 市县共建…（县级配套）: matching money is a share of the upper level's project, never
        # the county's own work (DOMAIN §3: the upper level may not demand it); the city's money
        # for work of both (全市…经开区监测点, 市级转移支付) pays the county to do the city's part.
        scope = "city-wide"
        resolved = _resolve(top, scope, level, matcher, match.participates)
    owners = {owner for _, owner, _ in resolved.values()}
    duty, owner, best = next(iter(resolved.values()))
    if duty.pays == "catch-all":
        return verdict("unlisted", reasons=(reason("catch-all", clause=duty.clause),))
    matched = _matched(best, duty, owner)
    if len(owners) > 1:
        alternatives = tuple(d for d, _, _ in resolved.values())
        return verdict("ambiguous", reasons=(matched, reason("tie")), alternatives=alternatives)
    partners = matcher.duties_by_task.get(duty.task_id or duty.pair, (duty,))
    # By 隶属关系 the level is the department's that does the work: words covering both levels
    # (市县两级执法人员培训) say who attends, not who runs it.
    decided_by_scope = (duty.pays in _BY_SCOPE and duty.pays != "affiliation") or len(partners) > 1
    if scope == "both" and decided_by_scope:
        return verdict("ambiguous", reasons=(matched, reason("both-scopes", words=match.scope_words)), alternatives=partners)
    if level == "city" and owner == "county" and scope != "local":
        # The scheme lists only the county's version of this work; the city's own (unscoped)
        # line is not "one county's work", so a human decides (其他未列事项), not an error.
        return verdict("unlisted", duty, owner, (matched, reason("county-only")))
    v, why = _verdict(owner, level, funding, match.passes_down)
    return verdict(v, duty, owner, (matched, why))


def _is_the_task(top: tuple[Candidate, ...], subsidy_words: tuple[str, ...]) -> bool:
    """Whether a subsidy word is the matched task itself: the keyword names it (专利奖励 where a
    scheme lists it), the task is done by grants (学科建设补助), or it is a duty above the city
    (海关知识产权保护查验补助: local money for a central duty, whatever it is called)."""
    return any(c.task.upper or c.task.grants or any(s in w for w in c.words for s in subsidy_words) for c in top)


def _matched(best: Candidate, duty: Duty, owner: str) -> Reason:
    return reason("matched", words=best.words, task=duty.task_name or duty.task, owner=owner)
