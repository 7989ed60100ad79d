"""funded-twice (BL401)
同一项全市性事权，市级预算和县级预算都安排了资金
A city-wide duty funded both in the city's budget and in a county's.

检查内容
    一次检查同时包含市级和县级预算时，市级预算已安排（合规）的市级事权，县级预算又以本级资金
    安排（级次不符），在县级项目上报告。

依据
    同一事项两级都安排，就是重复花钱；至少有一个项目的表述有误。

示例
    晋城市：全市专利导航项目；阳城县：全市性专利导航。

如何改正
    删除县级项目，或写明它是县级自己的事项。

选项
    无。

What it checks
    When one run covers a city and its counties, a city duty paid in the city budget
    (verdict ok) that a county budget also pays for (verdict wrong-level) is reported on the
    county line.

Why
    The same work budgeted twice is money spent twice; at best one of the lines is wrongly
    described.

Example line
    晋城市: 全市专利导航项目; 阳城县: 全市性专利导航.

How to fix
    Remove the county line, or describe it as the county's own work.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models import WorkbookResult
from ._level import evidence
from ._problem import Problem, RuleOptions, RunInput

CODE, NAME, SEVERITY, KIND = "BL401", "funded-twice", "warning", "run"
VERDICTS = ()
OPTIONS = ()
MESSAGES = {"zh": "与市级预算重复安排（{city}）", "en": "also funded in the city budget ({city})"}
_PAID_HERE = ("ok", "wrong-level")


def check(run: RunInput, options: RuleOptions) -> Iterator[Problem]:
    # The engine collects the facts where each workbook is linted; a caller may leave it to us.
    facts = run.facts or tuple(collect(result, options) for result in run.results)
    city_paid: dict[tuple[str, str], str] = {}
    for result, paid in zip(run.results, facts):
        if paid and result.placement.level == "city":
            for key in paid:
                city_paid.setdefault(key, result.path)
    for result, paid in zip(run.results, facts):
        if not paid or result.placement.level != "county":
            continue
        for key, problem in paid:
            city_path = city_paid.get(key)
            if city_path:
                yield Problem(
                    message=options.say(MESSAGES["zh"], MESSAGES["en"]).format(city=city_path),
                    path=result.path, sheet=problem.sheet, row=problem.row, name=problem.name,
                    amount_yuan=problem.amount_yuan, duty_id=problem.duty_id, clause=problem.clause,
                    evidence=(*problem.evidence, ("city", city_path)),
                )


def collect(result: WorkbookResult, options: RuleOptions) -> tuple:
    """funded_twice's facts about one workbook, gathered where it is linted: a city budget's
    (scheme, duty pair) paid as its own; a county budget's ((scheme, duty pair), Problem
    without its message) for each line that pays for a city duty."""
    placement = result.placement
    if placement is None:
        return ()
    scheme = placement.scheme.id
    if placement.level == "city":
        return tuple(dict.fromkeys(
            (scheme, j.duty.pair) for j in result.judgements
            if j.verdict == "ok" and j.duty is not None and j.duty_level == "city"))
    if placement.level != "county":
        return ()
    # Lines of one outcome share their evidence: a county export can pay for a city duty on
    # thousands of lines, and the run usually holds no city budget to compare them with.
    shared: dict[tuple[int, ...], tuple[tuple[str, str], ...]] = {}
    paid = []
    for j in result.judgements:
        if j.verdict in _PAID_HERE and j.duty is not None and j.duty_level == "city":
            funding = j.funding  # by value: split amount columns give each line a Funding of its own
            key = (id(j.match), id(j.duty), id(j.alternatives), funding.kind, funding.source_level, funding.text)
            facts = shared.get(key)
            if facts is None:
                facts = shared[key] = evidence(j, options.lang)
            line = j.line
            paid.append(((scheme, j.duty.pair), Problem(
                message="", sheet=line.sheet, row=line.row, name=line.name, amount_yuan=line.amount_yuan,
                duty_id=j.duty.id, clause=j.duty.clause, evidence=facts)))
    return tuple(paid)
