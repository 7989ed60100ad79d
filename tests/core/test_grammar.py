"""The line grammar, piece by piece: what a line's words say about its task, its scope, who
pays and whether money passes down — each word doing one job (match.py, _scope.py,
_payer.py, _masks.py). Case tables on the tiny synthetic scheme; the vocabulary is the
national catalogue's."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlint.match import Matcher
from budgetlint.schemes import load_scheme

SCHEME = load_scheme(Path(__file__).with_name("mini_scheme.toml"))
MATCHER = Matcher(SCHEME)


def read(jurisdiction: str, name: str, description: str = "", ip_code: bool = False):
    return MATCHER.match(name, description, SCHEME.jurisdiction(jurisdiction), ip_code)


# (budget, name, description, scope, scope words contain)
SCOPES = [
    ("乙县", "全市性专利导航", "", "city-wide", "全市性"),
    ("乙县", "县级专利导航", "", "local", "县级"),
    # funding words are never scope: 县级 inside 县级配套, 市级 inside 市级专项资金
    ("乙县", "全市性专利导航（县级配套）", "", "city-wide", "全市性"),
    ("乙县", "专利导航（市级专项资金）", "", "", ""),
    ("乙县", "专利导航（县级承担部分）", "", "", ""),
    # a scope word joined to a verb of paying a share says who pays (高新区分担), not whose territory
    ("乙县", "全市专利导航（高新区承担部分）", "", "city-wide", "全市"),
    ("乙县", "市重大专利导航（开发区分担）", "", "city-wide", "市"),
    # both levels: said outright, or a city word / the city's name joined to a county's
    ("乙县", "市县两级专利导航", "", "both", "市县两级"),
    ("甲市", "全市及乙县专利导航", "", "both", "全市及乙县"),
    ("甲市", "甲市和乙县专利导航", "", "both", "甲市和乙县"),
    # without a joiner the city's name only qualifies the county
    ("甲市", "甲市乙县专利导航", "", "local", "乙县"),
    # the city directing the work is context, not scope
    ("丙市", "甲市统一部署的专利导航", "", "", ""),
    # the name decides; the description when the name says nothing …
    ("乙县", "专利导航", "结合全市产业发展", "city-wide", "全市"),
    ("甲市", "乙县专利导航", "全市统筹", "local", "乙县"),
    # … or when it names the county a city-wide name is narrowed to
    ("甲市", "全市重点产业专利导航", "本年度专题为乙县特色产业", "local", "乙县"),
    # a county-level city: 全市 is itself unless the prefecture is named
    ("丙市", "全市专利导航", "", "", ""),
    ("丙市", "甲市全市专利导航", "", "city-wide", "甲市"),
    # … named anywhere, also as the organiser (按甲市统一部署): then 全市 is the prefecture's
    ("丙市", "全市性专利导航", "覆盖甲市全市重点产业", "city-wide", "全市性"),
    ("丙市", "全市性专利导航", "按甲市统一部署开展", "city-wide", "全市性"),
    # … but the county-level city's own 市直 stays its own
    ("丙市", "甲市统一部署的专利导航（丙市直单位）", "", "", ""),
    # a level word alone in brackets says who pays, not whose territory (赵县专利导航（市本级）)
    ("甲市", "乙县专利导航（市本级）", "", "local", "乙县"),
    # a level word after a negation says what the work is not
    ("乙县", "知识产权侵权纠纷行政调解", "调解不属于市级事权的纠纷", "", ""),
    # the counties as the ones the city assesses: the assessing is city-wide work
    ("乙县", "专利导航绩效考核", "对各县（市、区）开展考核", "city-wide", "各县"),
    # a description correcting the name to the budget's own work narrows it
    ("乙县", "全市专利导航", "实为乙县本县特色产业导航", "", ""),
    ("乙县", "全市专利导航", "乙县配合开展", "city-wide", "全市"),
    # an office alone in brackets is the department that pays, not the territory
    ("乙县", "承办全市专利导航推进会（县市场监管局）", "", "city-wide", "全市"),
    ("乙县", "专利导航", "对各县（市、区）开展", "local", "各县"),
    # short names count only after the city's name
    ("甲市", "老城区专利导航", "", "", ""),
    ("甲市", "甲市城区专利导航", "", "local", "城区"),
]


@pytest.mark.parametrize(("budget", "name", "description", "scope", "word"), SCOPES)
def test_scope(budget, name, description, scope, word):
    match = read(budget, name, description)
    assert match.scope == scope
    assert word in "".join(match.scope_words)


# (budget, name, kind, source level) as the line's own words say who pays
FUNDING = [
    ("乙县", "全市性专利导航（县级配套）", "matching", None),
    ("乙县", "全市性专利导航（县级承担部分）", "own", None),
    ("乙县", "全市性专利导航（县级分摊）", "own", None),
    ("乙县", "全市性专利导航（乙县分担）", "own", None),  # a place's name with a verb
    ("乙县", "全市专利导航（高新区自筹）", "own", None),
    ("乙县", "全市性专利导航（高新区分担）", "own", None),  # a scope word with a verb
    ("乙县", "全市性专利导航（全县配套）", "matching", None),
    ("乙县", "全市性专利导航（市级承担）", "transfer", "city"),
    ("乙县", "全市性专利导航（县级）", "own", None),  # a level word alone in brackets
    ("甲市", "乙县专利导航（市本级）", "transfer", "city"),
    ("乙县", "全市性专利导航（市级专项资金）", "transfer", "city"),
    ("乙县", "专利导航（市县按比例分担）", "mixed", None),
    ("乙县", "专利导航", "unknown", None),
]


@pytest.mark.parametrize(("budget", "name", "kind", "level"), FUNDING)
def test_funding_in_words(budget, name, kind, level):
    funding = read(budget, name).funding
    assert (funding.kind, funding.source_level) == (kind, level)


# (name, description, passes down?) in the city's budget
PASS_DOWN = [
    ("对县区专利导航补助", "", True),
    ("补助乙县知识产权维权援助工作站", "", True),
    ("乙县、丁家县知识产权保护经费下达", "", True),
    ("县区知识产权风险预警能力提升市级补助资金", "", True),
    ("市对县知识产权公共服务网点建设转移支付", "", True),
    ("乙县知识产权维权援助工作站建设", "", False),  # the city spending on one county's work
    ("转下达省级知识产权专项资金", "", True),  # passing an upper level's money on
    ("全市知识产权保护状况评价", "对县(市、区)绩效考核", False),  # 对县… in a description: "towards"
    ("知识产权专项资金", "下达各县区用于维权援助", True),
]


@pytest.mark.parametrize(("name", "description", "down"), PASS_DOWN)
def test_pass_down(name, description, down):
    assert read("甲市", name, description).passes_down is down


# (name, is IP, task, masked words contain)
IP_WORK = [
    ("支付某某专利代理有限公司办公楼租金", False, None, "专利"),  # a supplier's name
    ("委托某某知识产权服务有限公司开展专利导航", True, "navigation", "知识产权"),  # the work is outside it
    ("商标纸印刷费", False, None, "商标"),
    ("县融媒体中心影视节目版权采购", False, None, "版权"),  # rights bought as goods
    ("图书馆数字资源采购（含版权使用费）", False, None, "版权"),
    ("电视剧播映权（版权）购置费", False, None, "版权"),  # a bracket glossing a mask is masked with it
    ("质量月宣传品印刷（承印单位：某某商标彩印厂）", False, None, "商标"),  # a party after its role
    ("快速协同保护工作经费", True, "rapid-protection", ""),  # an IP-only service needs no IP object
    ("IPR纠纷行政调解", True, "mediation", ""),  # an abbreviation written out
    ("市广播电视台电视剧版权购置费", False, None, "版权"),  # rights bought as goods
    ("市版权局机关运转经费", False, None, ""),  # a body's own running costs
    ("污水处理厂提标改造（专利工艺设备购置）", False, None, "专利"),  # a patent as a feature of goods
    ("专利导航", True, "navigation", ""),
    ("知识产权局办公楼维修", False, None, ""),  # not-IP words in the name win
    ("食品安全抽检", False, None, ""),
]


@pytest.mark.parametrize(("name", "is_ip", "task", "masked"), IP_WORK)
def test_ip_work_and_masks(name, is_ip, task, masked):
    match = read("乙县", name)
    assert match.is_ip is is_ip
    assert (match.candidates[0].task.id if match.candidates else None) == task
    assert masked in "".join(match.masked_words)


@pytest.mark.parametrize(("name", "description", "is_ip"), [
    ("商标标贴印制", "为农产品印制包装和商标标识", False),  # the name says the goods; so does the description
    ("商标标贴印制", "开展商标品牌培育", False),
    ("知识产权宣传品（含商标贴纸）", "开展知识产权宣传", True),  # an IP word outside the mask, in the name
])
def test_a_name_whose_ip_words_are_masked_is_not_ip_work_by_its_description(name, description, is_ip):
    assert read("乙县", name, description).is_ip is is_ip


@pytest.mark.parametrize(("name", "description", "is_ip"), [
    ("农贸市场快检室运行", "快检试剂（专利检测卡）及人员劳务", False),  # an IP word only, no work named
    ("专项业务费", "开展专利导航", True),  # the work named in the description
    ("智慧校园平台建设", "合同约定源代码及软件著作权归采购人所有", False),  # an ownership clause
    ("市场监管综合执法办案经费（知识产权类案件另列）", "食品、药品领域案件", False),  # what it leaves out
    ("企业扶持资金", "对专利申请给予资助", True),  # a subsidy in the name: the description says for what
    ("专精特新企业奖励", "认定条件含拥有有效发明专利", False),  # a criterion for something else
    ("首台套装备奖励", "对产品拥有自主知识产权的企业奖励", False),
    ("高新技术企业奖励", "认定指标含知识产权、研发费用占比；对知识产权优势企业另行奖励", True),  # the clause ends
])
def test_ip_words_in_the_description_alone_need_a_task(name, description, is_ip):
    assert read("乙县", name, description).is_ip is is_ip


def test_an_ip_classification_code_makes_a_line_ip_work():
    assert not read("乙县", "维权工作站运行经费").is_ip
    match = read("乙县", "维权工作站运行经费", ip_code=True)
    assert match.is_ip and match.candidates[0].task.id == "rights-assistance"


@pytest.mark.parametrize(("name", "task"), [
    ("知识产权保护体系建设", "protection-system"),  # {ip}保护体系: the words stand together
    ("专利保护体系建设", "protection-system"),
    ("知识产权维权工作站", "rights-assistance"),  # {ip}+维权: anywhere in the line
])
def test_ip_placeholder(name, task):
    assert read("乙县", name).candidates[0].task.id == task


def test_keyword_evidence_names_the_words_of_the_line():
    match = read("乙县", "全市性专利导航")
    assert match.candidates[0].words == ("专利导航",)
    match = read("乙县", "商标侵权案件查处")
    assert all("{ip}" not in w for w in match.candidates[0].words)
