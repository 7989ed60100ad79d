"""Rules across workbooks: what only a run over a city and its counties can see."""

from __future__ import annotations

from collections.abc import Iterator

from ._problem import Problem, RuleOptions, RunInput
from .level import evidence

_PAID_HERE = ("ok", "wrong-level")


def funded_twice(run: RunInput, options: RuleOptions) -> Iterator[Problem]:
    """A city-wide duty funded both in the city's budget and in a county's.

    What it checks
        When one run covers a city and its counties, a city duty paid in the city budget
        (verdict ok) that a county budget also pays for (verdict wrong-level) is reported on
        the county line.

    Why
        The same work budgeted twice is money spent twice; at best one of the lines is
        wrongly described.

    Example line
        晋城市: 全市专利导航项目; 阳城县: 全市性专利导航.

    How to fix
        Remove the county line, or describe it as the county's own work.

    Options
        None.
    """
    city_paid: dict[tuple[str, str], str] = {}
    for result in run.results:
        if result.placement and result.placement.level == "city":
            for j in result.judgements:
                if j.verdict == "ok" and j.duty is not None and j.duty_level == "city":
                    city_paid.setdefault((result.placement.scheme.id, j.duty.pair), result.path)
    for result in run.results:
        if not result.placement or result.placement.level != "county":
            continue
        for j in result.judgements:
            if j.verdict in _PAID_HERE and j.duty is not None and j.duty_level == "city":
                city_path = city_paid.get((result.placement.scheme.id, j.duty.pair))
                if city_path:
                    line = j.line
                    yield Problem(
                        message=options.say(f"与市级预算重复安排（{city_path}）", f"also funded in the city budget ({city_path})"),
                        path=result.path, sheet=line.sheet, row=line.row, name=line.name,
                        amount_yuan=line.amount_yuan, duty_id=j.duty.id, clause=j.duty.clause,
                        evidence=(*evidence(j), ("city", city_path)),
                    )
