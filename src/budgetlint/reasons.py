"""The judge's reasons, rendered in the run's language.

The judge returns each step of a decision as a models.Reason: a kind and its parameters
(the words that matched, the task, the levels). Only here do they become sentences, in
Chinese or English; parameters that are levels are rendered in the same language, words
quoted from the budget stay as the budget wrote them.
"""

from __future__ import annotations

from ._words import level_word
from .models import Reason

__all__ = ["TEMPLATES", "reason", "reason_dict", "render_reason", "render_reasons"]

#: kind → (Chinese, English). {owner} and {budget} are levels; {words}, {task}, {clause} text.
TEMPLATES: dict[str, tuple[str, str]] = {
    "not-ip-words": ("非知识产权事项（{words}）", "not IP work ({words})"),
    "no-ip-words": ("未出现知识产权用语", "no intellectual-property words"),
    "masked": ("知识产权用语只出现在其他名称中（{words}）", "IP words only inside the name of something else ({words})"),
    "ip-unmatched": ("知识产权事项（{words}），未匹配任务目录中的任务",
                     "IP work ({words}) that matches no task of the catalogue"),
    "not-listed": ("“{task}”未列入本方案，属其他未列事项", "the scheme does not list “{task}”: 其他未列事项"),
    "subsidy": ("资助奖补类事项（{words}），属其他未列事项", "a subsidy or award ({words}): 其他未列事项"),
    "catch-all": ("属其他未列事项：{clause}", "其他未列事项: {clause}"),
    "matched": ("匹配“{words}”→ {task}（{owner}）", "matched “{words}” → {task} ({owner})"),
    "tie": ("多个不同层级事权同等匹配", "duties of different levels match equally well"),
    "both-scopes": ("同时出现全市与县级范围用语：{words}", "both city-wide and local scope words: {words}"),
    "county-only": ("方案仅列县级该事项，市级安排需说明",
                    "the scheme lists only the county's version of this work: the city must explain its line"),
    "passes-down": ("资金下达县级（{words}）", "money passed down to the counties ({words})"),
    "own-level": ("{owner}财政事权，由{budget}预算安排", "a {owner} duty in a {budget} budget"),
    "upper-own": ("{owner}财政事权，不应由{budget}资金安排", "a {owner} duty, not to be paid with {budget} money"),
    "upper-transfer": ("{owner}财政事权，由上级转移支付安排", "a {owner} duty paid by an upper-level transfer"),
    "county-matching": ("{owner}财政事权，上级不得要求县级配套",
                        "a {owner} duty: an upper level may not demand county matching money"),
    "county-entrusted": ("{owner}财政事权，由上级转移支付委托县级实施",
                         "a {owner} duty entrusted to the county and paid by the upper level's transfer"),
    "county-mixed": ("{owner}财政事权，部分由县级本级资金安排", "a {owner} duty paid partly with the county's own money"),
    "county-own": ("{owner}财政事权，由县级本级资金安排", "a {owner} duty paid with the county's own money"),
    "city-transfer": ("{owner}财政事权，市级以转移支付方式补助", "a {owner} duty the city subsidises by transfer"),
    "city-overreach": ("{owner}财政事权，市级直接安排属越位", "a {owner} duty the city pays for directly (越位)"),
}
_LEVEL_PARAMS = ("owner", "budget")


def reason(kind: str, **params: str | tuple[str, ...]) -> Reason:
    """A Reason; a tuple of words becomes one parameter (joined when rendered)."""
    if kind not in TEMPLATES:
        raise KeyError(f"unknown reason kind {kind!r}")
    return Reason(kind, tuple((k, "、".join(v) if isinstance(v, tuple) else v) for k, v in params.items()))


def render_reason(r: Reason, lang: str = "zh") -> str:
    zh, en = TEMPLATES.get(r.kind, (r.kind, r.kind))
    values = {str(k): level_word(v, lang) if k in _LEVEL_PARAMS else str(v) for k, v in r.params}
    return (en if lang == "en" else zh).format_map(_Blank(values))


def render_reasons(reasons: tuple[Reason, ...], lang: str = "zh") -> tuple[str, ...]:
    return tuple(render_reason(r, lang) for r in reasons)


def reason_dict(r: Reason) -> dict[str, str]:
    """A reason as JSON: its kind and its parameters (render_reason makes the sentence)."""
    return {"kind": r.kind, **{str(k): v for k, v in r.params}}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""
