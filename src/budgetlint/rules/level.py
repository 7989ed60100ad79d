"""Level rules: is the right government level paying for this line?

Each rule turns one verdict of the judge into a finding with the evidence behind it.
"""

from __future__ import annotations

from collections.abc import Iterator

from .._words import funding_word, level_word
from ..models import Judgement
from ..reasons import render_reason
from ._problem import Problem, RuleOptions



def evidence(j: Judgement) -> tuple[tuple[str, str], ...]:
    """The facts a reader needs to check the decision, as (key, value) pairs."""
    items: list[tuple[str, str]] = []
    if j.duty is not None:
        items.append(("duty", f"{j.duty.task_name or j.duty.task or j.duty.clause[:40]}（{j.duty.id}）"))
    if j.match.candidates:
        items.append(("matched", "、".join(j.match.candidates[0].words)))
    if j.match.scope_words or j.match.own_words:
        items.append(("scope", f"{j.match.scope or '本级'}：" + "、".join((*j.match.scope_words, *j.match.own_words))))
    funding = funding_word(j.funding.kind)
    if j.funding.source_level:
        funding += f"（{level_word(j.funding.source_level)}）"
    if j.funding.text:
        funding += f"：{j.funding.text}"
    items.append(("funding", funding))
    if j.alternatives:
        items.append(("candidates", "；".join(f"{d.id}（{level_word(d.pays)}）" for d in j.alternatives)))
    if j.match.pass_down_words:
        items.append(("transfer", "、".join(j.match.pass_down_words)))
    return tuple(items)


def _problem(j: Judgement, message: str) -> Problem:
    line = j.line
    return Problem(
        message=message, sheet=line.sheet, row=line.row, name=line.name, amount_yuan=line.amount_yuan,
        duty_id=j.duty.id if j.duty else "", clause=j.duty.clause if j.duty else "", evidence=evidence(j),
    )


def _owner(j: Judgement, options: RuleOptions) -> str:
    return level_word(j.duty_level, options.lang)


def _cited(j: Judgement, options: RuleOptions) -> str:
    """The decision and the clause it rests on, in one sentence."""
    why = render_reason(j.reasons[-1], options.lang) if j.reasons else ""
    if j.duty is None:
        return why
    task = j.duty.task or j.duty.id
    section = j.duty.section.strip()
    return options.say(f"“{task}”为{why}" + (f"（依据方案{section}）" if section else ""),
                       f"“{task}”: {why}" + (f" (scheme {section})" if section else ""))


def wrong_level(j: Judgement, options: RuleOptions) -> Iterator[Problem]:
    """A duty of the other local level is paid with this level's own money.

    What it checks
        The line matches a scheme duty that the scheme gives to the other local level
        (city vs county), and the money is the paying level's own (本级财力, 一般公共预算,
        a county's 配套 for a city duty, or nothing said), or a city spends its own budget
        directly on one county's work (越位).

    Why
        The scheme says which level's 财政事权 the task is and that the same level 承担支出
        责任. A county may only carry out a city duty with the city's 专项转移支付; matching
        money may not be demanded (国发〔2016〕49号).

    Example line
        阳城县 budget: 全市性专利导航项目, 资金来源 本级财力 — 结合全市产业发展开展专利导航 is a
        市级财政事权.

    How to fix
        Move the line to the level that owns the duty, or fund it by that level's transfer
        and say so in 资金来源; if the line is really local work, say so in its name
        (本县, 县级 …).

    Options
        None.
    """
    if j.verdict == "wrong-level":
        yield _problem(j, _cited(j, options))


def upper_level(j: Judgement, options: RuleOptions) -> Iterator[Problem]:
    """A national or provincial duty is paid with local money.

    What it checks
        The line matches a duty above the city (examination, grant, registration and
        invalidation of patents and trademarks, 地理标志 recognition, plant varieties,
        customs protection, provincial 行政裁决 …) and is not paid by that level's transfer.

    Why
        国办发〔2023〕48号 and the provincial schemes make these 中央 or 省级 财政事权; no city or
        county should fund them from its own budget.

    Example line
        裕华区 budget: 商标注册审查协作经费, 资金来源 本级财力.

    How to fix
        Remove the line, or show the provincial or central transfer that pays for it.

    Options
        None.
    """
    if j.verdict == "upper-level":
        yield _problem(j, _cited(j, options))


def entrusted(j: Judgement, options: RuleOptions) -> Iterator[Problem]:
    """Another level's duty, paid by that level's transfer: allowed.

    What it checks
        The line matches a duty of another level and its money is a transfer from that
        level (市级专项转移支付, 上级补助, 省级专项资金 …).

    Why
        An upper level may entrust a duty to a lower level if it pays through a 专项转移支付.
        Reported so an auditor can see the entrusted work; nothing to fix.

    Example line
        阳城县 budget: 知识产权侵权纠纷行政裁决（市级专项转移支付）.

    How to fix
        Nothing, as long as the transfer document exists.

    Options
        None.
    """
    if j.verdict == "entrusted":
        yield _problem(j, options.say(
            f"{_owner(j, options)}财政事权，由上级转移支付安排（委托事项）",
            f"a {_owner(j, options)} duty paid by an upper-level transfer (entrusted)",
        ))


def transfer(j: Judgement, options: RuleOptions) -> Iterator[Problem]:
    """A city line passing money down to counties for their duties: allowed.

    What it checks
        A city budget line for a county duty whose wording shows a transfer to the
        counties (对县区…补助, 下达县（市、区）…转移支付).

    Why
        An upper level may subsidise a lower level's duty by transfer; spending the money
        directly would be 越位.

    Example line
        晋城市 budget: 对县区知识产权维权援助工作补助.

    How to fix
        Nothing.

    Options
        None.
    """
    if j.verdict == "transfer":
        yield _problem(j, options.say("对下转移支付，用于县级财政事权", "a transfer to counties for their own duties"))


def unlisted(j: Judgement, options: RuleOptions) -> Iterator[Problem]:
    """IP work that matches no listed duty: a human must decide (其他未列事项).

    What it checks
        The line is intellectual-property work (专利, 商标, 知识产权 …) but matches no duty of
        the scheme — typically subsidies and awards (专利资助, 商标品牌奖补, 贯标资助, 质押融资
        风险补偿).

    Why
        The scheme's catch-all says 其他未列事项 are decided case by case: 提示性, it may be
        submitted with an explanation.

    Example line
        高平市 budget: 2025年专利资助资金.

    How to fix
        Explain in the budget notes which level's 财政事权 it is and why.

    Options
        None.
    """
    if j.verdict == "unlisted":
        yield _problem(j, options.say(
            "知识产权事项未列入方案，属“其他未列事项”，需说明支出责任",
            "IP work that the scheme does not list (其他未列事项): explain which level is responsible",
        ))


def ambiguous(j: Judgement, options: RuleOptions) -> Iterator[Problem]:
    """The line matches duties of different levels and nothing in it decides.

    What it checks
        Two or more duties match equally well but belong to different levels, or the line
        carries both city-wide and local scope words.

    Why
        budgetlint does not guess: an unclear line is a question for the preparer.

    Example line
        全市及阳城县专利导航.

    How to fix
        Name the scope in the line (全市性 / 县级) or split it into two lines.

    Options
        None.
    """
    if j.verdict == "ambiguous":
        names = "、".join(d.id for d in j.alternatives)
        yield _problem(j, options.say(f"无法判断事权层级，候选事权：{names}", f"cannot tell the level; candidates: {names}"))
