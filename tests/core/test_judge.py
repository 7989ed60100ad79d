"""The judge's mechanics on a tiny synthetic scheme: one case per decision path.

Each case: (jurisdiction, name, description, funding text, expected verdict, expected duty id).
The real schemes are measured by the acceptance set (tests/acceptance).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlint.judge import judge_line
from budgetlint.match import matcher_for
from budgetlint.models import BudgetLine, Placement
from budgetlint.read.funding import classify_funding
from budgetlint.schemes import load_scheme

SCHEME = load_scheme(Path(__file__).with_name("mini_scheme.toml"))

CASES = [
    # paired by scope: unscoped is the payer's own work
    ("乙县", "专利导航项目", "", "", "ok", "nav-county"),
    ("甲市", "专利导航项目", "", "", "ok", "nav-city"),
    # scope words widen or narrow
    ("乙县", "全市性专利导航", "", "本级财力", "wrong-level", "nav-city"),
    ("乙县", "专利导航项目", "结合全市产业发展", "", "wrong-level", "nav-city"),
    ("甲市", "乙县专利导航项目", "", "", "wrong-level", "nav-county"),
    ("甲市", "县级专利导航", "", "", "wrong-level", "nav-county"),
    ("甲市", "甲市乙县专利导航", "", "", "wrong-level", "nav-county"),
    ("乙县", "本地区专利导航", "", "", "ok", "nav-county"),
    ("甲市", "本地区专利导航", "", "", "ok", "nav-city"),
    # the name decides the scope; the description only when the name is silent
    ("甲市", "丁家县专利导航", "全市统筹安排", "", "wrong-level", "nav-county"),
    ("丁家县", "专利导航", "服务全市产业", "本级财力", "wrong-level", "nav-city"),
    # a county naming itself is its own scope
    ("丁家县", "全市性专利导航（丁家县承担部分）", "", "市级专项资金", "entrusted", "nav-city"),
    ("丁家县", "丁家县专利导航", "", "", "ok", "nav-county"),
    # county-level city: 全市 is itself unless the prefecture is named
    ("丙市", "全市专利导航", "", "", "ok", "nav-county"),
    ("丙市", "甲市全市专利导航", "", "", "wrong-level", "nav-city"),
    ("丙市", "全市性专利导航", "按甲市统一部署开展", "本级财力", "wrong-level", "nav-city"),
    # the city paying directly for one county's work, 市本级 naming the payer (越位)
    ("甲市", "乙县特色产业专利导航（市本级）", "", "本级财力", "wrong-level", "nav-county"),
    # exclusive duty
    ("乙县", "知识产权侵权纠纷行政裁决", "", "", "wrong-level", "ruling-city"),
    ("乙县", "县级知识产权侵权纠纷行政裁决", "", "本级财力", "wrong-level", "ruling-city"),
    ("甲市", "知识产权侵权纠纷行政裁决", "", "", "ok", "ruling-city"),
    # funding changes the verdict
    ("乙县", "知识产权侵权纠纷行政裁决", "", "市级专项转移支付", "entrusted", "ruling-city"),
    ("乙县", "知识产权侵权纠纷行政裁决", "", "县级配套", "wrong-level", "ruling-city"),
    ("乙县", "全市性专利导航（市级专项资金）", "", "", "entrusted", "nav-city"),
    # both levels' work: the county's own share of it is its own; its matching money is not
    ("乙县", "市县两级专利导航（县级承担部分）", "", "本级财力", "ok", "nav-county"),
    ("乙县", "市县两级专利导航（县级配套）", "", "", "wrong-level", "nav-city"),
    # … and the city's money for work of both pays the county to do the city's part
    ("乙县", "全市及乙县专利导航", "", "市级专项转移支付", "entrusted", "nav-city"),
    # a county-level city matching money: no one matches their own project, so 全市 is the prefecture's
    ("丙市", "全市专利导航县级配套资金", "", "县级配套", "wrong-level", "nav-city"),
    # city transfers down
    ("甲市", "对县区专利导航补助", "", "", "transfer", "nav-county"),
    ("甲市", "下达县级专利导航转移支付", "", "", "transfer", "nav-county"),
    ("甲市", "对县区专利导航奖补", "", "", "transfer", "nav-county"),
    # a county-only duty in the city budget: 越位 only when it is one county's work
    ("甲市", "知识产权纠纷行政调解", "", "", "unlisted", "mediation-county"),
    ("甲市", "县级知识产权纠纷行政调解", "", "", "wrong-level", "mediation-county"),
    # affiliation duty follows the level of the budget
    ("乙县", "知识产权人才培训", "", "", "ok", "talent"),
    ("甲市", "知识产权人才培训", "", "", "ok", "talent"),
    ("乙县", "知产人才培训", "", "", "ok", "talent"),  # abbreviation written out
    # upper level
    ("乙县", "专利审查协作", "", "", "upper-level", "patent-exam"),
    ("乙县", "专利审查协作", "", "省级专项资金", "entrusted", "patent-exam"),
    # subsidies and unknown IP work are unlisted, never forced onto a duty
    ("乙县", "专利资助资金", "", "", "unlisted", None),
    ("乙县", "专利审查资助", "", "", "unlisted", None),
    ("乙县", "专利导航奖补", "", "", "unlisted", None),
    ("乙县", "商标品牌培育", "", "", "unlisted", None),
    # not IP work
    ("乙县", "食品安全抽检", "", "", "not-ip", None),
    ("乙县", "知识产权局办公楼维修", "", "", "not-ip", None),
    ("乙县", "办公运转经费", "", "", "not-ip", None),
    # ambiguous: both scopes, or duties of two levels tie
    ("甲市", "全市及甲市乙县专利导航", "", "", "ambiguous", None),
    ("乙县", "知识产权纠纷行政裁决行政调解", "", "", "ambiguous", None),
    # normalisation: full width, year prefixes, tags
    ("乙县", "2025年全市性专利导航（延续）", "", "", "wrong-level", "nav-city"),
    ("乙县", "２０２５年度　全市性　专利导航", "", "", "wrong-level", "nav-city"),
    # short jurisdiction names count only after the city's name
    ("甲市", "老城区专利导航", "", "", "ok", "nav-city"),
    ("甲市", "甲市城区专利导航", "", "", "wrong-level", "nav-county"),
]


@pytest.mark.parametrize(("jurisdiction", "name", "description", "funding", "verdict", "duty"), CASES)
def test_verdict(jurisdiction, name, description, funding, verdict, duty):
    j = SCHEME.jurisdiction(jurisdiction)
    line = BudgetLine("项目支出表", 5, name, 10000.0, description=description, funding=classify_funding(funding))
    result = judge_line(line, Placement(SCHEME, j, j.level), matcher_for(SCHEME))
    assert (result.verdict, result.duty.id if result.duty else None) == (verdict, duty), result.reasons


def test_judgement_carries_evidence():
    j = SCHEME.jurisdiction("乙县")
    line = BudgetLine("项目支出表", 5, "全市性专利导航", 1.0)
    result = judge_line(line, Placement(SCHEME, j, j.level), matcher_for(SCHEME))
    assert result.match.candidates[0].words == ("专利导航",)
    assert result.match.scope == "city-wide" and "全市性" in result.match.scope_words
    assert result.duty_level == "city"
