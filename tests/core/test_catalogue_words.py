"""The catalogue's words on lines named the ways budgets name the work — by the office that
does it, the procedure, a campaign, an abbreviation — in a county budget of each seed city,
paid with the county's own money. Probes written while widening the catalogue (never
the sealed set's lines); each fixes what a mechanism or a word of the catalogue must do."""

from __future__ import annotations

import pytest

from budgetlint.judge import judge_line
from budgetlint.match import matcher_for
from budgetlint.models import BudgetLine, Placement
from budgetlint.read.funding import classify_funding
from budgetlint.schemes import find_scheme

# (scheme, county, name, verdict, catalogue task)
PROBES = [
    # duties above the city, named by their office or procedure
    ("jincheng", "泽州县", "专利复审和无效审理巡回庭经费", "upper-level", "patent-examination"),
    ("jincheng", "泽州县", "国家知识产权局商标局晋城商标受理窗口", "upper-level", "trademark-examination"),
    ("jincheng", "泽州县", "地理标志产品保护申请审查", "upper-level", "gi-recognition"),
    ("jincheng", "泽州县", "海关知识产权保护备案协作", "upper-level", "customs"),
    ("jincheng", "泽州县", "集成电路布图设计专有权登记", "upper-level", "ic-layout"),
    ("jincheng", "泽州县", "植物新品种权测试站运行", "upper-level", "plant-variety"),
    ("shijiazhuang", "赵县", "商标异议案件审查", "upper-level", "trademark-examination"),
    ("shijiazhuang", "赵县", "专利权无效宣告请求口头审理", "upper-level", "patent-examination"),
    ("shijiazhuang", "赵县", "马德里商标国际注册受理", "upper-level", "trademark-examination"),
    ("shijiazhuang", "赵县", "商标专用权质押登记受理", "upper-level", "trademark-examination"),
    # city-only duties of 晋城, named by campaign or by the case
    ("jincheng", "泽州县", "双打专项行动", "wrong-level", "special-action"),
    ("jincheng", "泽州县", "“铁拳”知识产权护航行动", "wrong-level", "special-action"),
    ("jincheng", "泽州县", "跨县商标侵权大案协查", "wrong-level", "major-case"),
    ("jincheng", "泽州县", "配合市局开展知识产权保护条例立法调研", "wrong-level", "legislation"),
    ("jincheng", "泽州县", "专利纠纷行政裁决", "wrong-level", "adjudication"),
    # subsidies for applying are not the duties above the city
    ("jincheng", "泽州县", "地理标志申请奖励", "unlisted", None),
    ("shijiazhuang", "赵县", "PCT国际专利申请资助", "unlisted", None),
    # not IP work
    ("jincheng", "泽州县", "农作物品种审定", "not-ip", None),
    ("jincheng", "泽州县", "质量管理体系贯标资助", "not-ip", None),
]


@pytest.mark.parametrize(("scheme_id", "county", "name", "verdict", "task"), PROBES)
def test_probe(scheme_id, county, name, verdict, task):
    scheme = find_scheme(scheme_id)
    j = scheme.jurisdiction(county)
    line = BudgetLine("项目支出表", 1, name, 1.0, funding=classify_funding("本级财力"))
    judgement = judge_line(line, Placement(scheme, j, j.level), matcher_for(scheme))
    assert judgement.verdict == verdict
    assert (judgement.duty.task_id if judgement.duty else None) == task
