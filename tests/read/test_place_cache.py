"""jurisdiction.place keeps the normalised names of a set of schemes between workbooks.

The cache is keyed by the schemes' identities: another set of schemes (a new alias,
a different order, a subset) must never be answered from an older entry.
"""

from __future__ import annotations

import dataclasses

import pytest

from budgetlint import jurisdiction
from budgetlint.errors import JurisdictionError
from budgetlint.models import Workbook
from budgetlint.schemes import bundled_schemes


def _workbook(path: str, *context: str) -> Workbook:
    return Workbook(path=path, lines=(), sheets=(), context=context, unit_names=(), problems=())


def _placed(workbook: Workbook, schemes) -> tuple[str, str]:
    placement = jurisdiction.place(workbook, schemes)
    return placement.jurisdiction.name, placement.evidence


def test_same_answer_cold_and_warm():
    schemes = list(bundled_schemes().values())
    workbook = _workbook("/budgets/晋城市城区市场监督管理局2025年部门预算.xlsx", "单位：万元")
    jurisdiction._cache.clear()
    cold = _placed(workbook, schemes)
    assert _placed(workbook, list(schemes)) == cold == ("城区", "file name：晋城市城区市场监督管理局2025年部门预算")


def test_a_changed_scheme_is_not_answered_from_the_cache():
    schemes = list(bundled_schemes().values())
    workbook = _workbook("/budgets/新设区市场监督管理局2025年部门预算.xlsx")
    with pytest.raises(JurisdictionError):
        jurisdiction.place(workbook, schemes)
    jincheng = next(s for s in schemes if s.id == "jincheng")
    county = next(j for j in jincheng.jurisdictions if j.name == "阳城县")
    renamed = dataclasses.replace(county, aliases=(*county.aliases, "新设区"))
    changed = dataclasses.replace(
        jincheng, jurisdictions=tuple(renamed if j is county else j for j in jincheng.jurisdictions)
    )
    others = [changed if s is jincheng else s for s in schemes]
    assert _placed(workbook, others)[0] == "阳城县"
    with pytest.raises(JurisdictionError):  # the original schemes still do not know the alias
        jurisdiction.place(workbook, schemes)


def test_order_and_subsets_of_schemes_are_their_own_entries():
    schemes = list(bundled_schemes().values())
    jincheng = [s for s in schemes if s.id == "jincheng"]
    workbook = _workbook("/budgets/裕华区市场监督管理局2025年部门预算.xlsx")
    assert _placed(workbook, schemes)[0] == "裕华区"
    assert _placed(workbook, list(reversed(schemes)))[0] == "裕华区"
    with pytest.raises(JurisdictionError):
        jurisdiction.place(workbook, jincheng)


def test_the_cache_is_bounded():
    schemes = list(bundled_schemes().values())
    for _ in range(jurisdiction._KEPT + 3):
        copies = [dataclasses.replace(s) for s in schemes]
        jurisdiction.place(_workbook("/budgets/阳城县2025年部门预算.xlsx"), copies)
    assert len(jurisdiction._cache) <= jurisdiction._KEPT
