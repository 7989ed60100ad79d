"""The bundled scheme files: they load, their ids and names are unique, their
jurisdictions are those of DOMAIN.md §4, the differences between the seeds (DOMAIN.md §2)
hold, their vocabulary keeps non-IP lines and subsidies off the duties, and a broken file
is reported with the line to fix.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from budgetlint._resources import schemes_dir
from budgetlint.models import Duty, Scheme
from budgetlint.normalize import normalize
from budgetlint.catalogue import load_catalogue
from budgetlint.match import matcher_for
from budgetlint.schemes import bundled_schemes, load_scheme, validate_file

# Every city file in schemes/ is checked: a new city needs no edit here. The seeds' own facts
# (DOMAIN.md §2, §4) are checked for the seeds below.
CITY_FILES = tuple(sorted(p.stem for p in schemes_dir().glob("*.toml") if p.stem not in ("base", "catalogue")))
BASE_CATEGORIES = ("central", "provincial")


def _scheme(scheme_id: str) -> Scheme:
    return bundled_schemes()[scheme_id]


def _own(scheme: Scheme) -> list[Duty]:
    return [d for d in scheme.duties if d.source == scheme.id]


def _exclusive(scheme: Scheme, duty: Duty) -> bool:
    """A city or county duty no duty of the other level shares a pair with."""
    if duty.pays not in ("city", "county"):
        return False
    levels = {d.pays for d in scheme.duties if d.pair == duty.pair and d.pays in ("city", "county")}
    return levels == {duty.pays}


# -- loading and ids ----------------------------------------------------------------------

SCHEME_FILES = sorted(p for p in schemes_dir().glob("*.toml") if p.name != "catalogue.toml")


@pytest.mark.parametrize("path", SCHEME_FILES, ids=lambda p: p.name)
def test_every_file_validates(path):
    assert validate_file(path) == []


def test_the_catalogue_loads_and_every_task_has_words():
    catalogue = load_catalogue()
    assert len(catalogue.tasks) >= 35
    assert all(t.keywords for t in catalogue.tasks if t.id != "unlisted")
    assert {t.aspect for t in catalogue.tasks} <= {a.id for a in catalogue.aspects}


@pytest.mark.parametrize("scheme_id", CITY_FILES)
def test_every_duty_names_a_catalogue_task(scheme_id):
    catalogue = load_catalogue()
    for d in _scheme(scheme_id).duties:
        task = catalogue.task(d.task_id)
        assert task is not None and d.task_name == task.name and d.pair == d.task_id, d.id
        assert set(task.keywords) <= set(d.keywords)


def test_bundled_schemes_are_the_city_files():
    assert sorted(bundled_schemes()) == sorted(CITY_FILES)  # every file but base and the catalogue is a city
    assert [s.id for s in bundled_schemes().values() if s.example] == ["example-quzhou"]


def test_scheme_ids_are_unique_across_files():
    ids = [tomllib.loads(p.read_text(encoding="utf-8"))["scheme"]["id"] for p in SCHEME_FILES]
    assert len(ids) == len(set(ids))


def test_duty_ids_are_unique_across_schemes():
    own = [d.id for s in bundled_schemes().values() for d in _own(s)]
    base = {d.id for s in bundled_schemes().values() for d in s.duties if d.source == "base"}
    assert len(own) == len(set(own))
    assert base.isdisjoint(own)


@pytest.mark.parametrize("scheme_id", CITY_FILES)
def test_category_ids_are_unique_and_used(scheme_id):
    scheme = _scheme(scheme_id)
    ids = [c.id for c in scheme.categories]
    assert len(ids) == len(set(ids))
    assert {c.id for c in scheme.categories} == {d.category for d in scheme.duties}


@pytest.mark.parametrize("scheme_id", CITY_FILES)
def test_pairs_join_one_city_and_one_county_duty(scheme_id):
    scheme = _scheme(scheme_id)
    for pair in {d.pair for d in scheme.duties}:
        duties = [d for d in scheme.duties if d.pair == pair]
        if len(duties) > 1:
            assert sorted(d.pays for d in duties) == ["city", "county"], pair
            assert {d.scope for d in duties} == {"city-wide", "local"}, pair
            assert len({d.keywords for d in duties}) == 1, pair  # the scope words choose, not the keywords


def test_base_duties_are_above_the_city_and_marked_verify():
    base = load_scheme(schemes_dir() / "base.toml")
    assert base.duties and all(d.pays in ("central", "provincial") and d.verify for d in base.duties)
    assert not base.jurisdictions


def test_example_scheme_is_marked_as_such():
    scheme = _scheme("example-quzhou")
    assert scheme.example and all(d.verify for d in _own(scheme))


# -- jurisdictions (DOMAIN.md §4) -----------------------------------------------------------

JURISDICTIONS = {
    "jincheng": [
        ("晋城市", "city", "地级市"), ("城区", "county", "区"), ("沁水县", "county", "县"), ("阳城县", "county", "县"),
        ("陵川县", "county", "县"), ("泽州县", "county", "县"), ("高平市", "county", "县级市"),
    ],
    "shijiazhuang": [
        ("石家庄市", "city", "地级市"),
        *[(n, "county", "区") for n in ("长安区", "桥西区", "新华区", "井陉矿区", "裕华区", "藁城区", "鹿泉区", "栾城区")],
        *[(n, "county", "县") for n in ("井陉县", "正定县", "行唐县", "灵寿县", "高邑县", "深泽县", "赞皇县", "无极县",
                                       "平山县", "元氏县", "赵县")],
        ("辛集市", "county", "县级市"), ("晋州市", "county", "县级市"), ("新乐市", "county", "县级市"),
        ("石家庄高新区", "county", "开发区"), ("石家庄经开区", "county", "开发区"),
    ],
    "example-quzhou": [
        ("衢州市", "city", "地级市"), ("柯城区", "county", "区"), ("衢江区", "county", "区"), ("龙游县", "county", "县"),
        ("江山市", "county", "县级市"), ("常山县", "county", "县"), ("开化县", "county", "县"),
        ("衢州智造新城", "county", "开发区"),
    ],
}


@pytest.mark.parametrize("scheme_id", sorted(JURISDICTIONS))
def test_jurisdictions_are_exactly_those_of_the_domain(scheme_id):
    scheme = _scheme(scheme_id)
    assert sorted((j.name, j.level, j.kind) for j in scheme.jurisdictions) == sorted(JURISDICTIONS[scheme_id])


@pytest.mark.parametrize(("scheme_id", "label", "name"), [
    ("shijiazhuang", "石家庄高新技术产业开发区", "石家庄高新区"),
    ("shijiazhuang", "石家庄经济技术开发区", "石家庄经开区"),
    ("jincheng", "晋城", "晋城市"),
    ("jincheng", "晋城市城区", "城区"),
    ("shijiazhuang", "石家庄", "石家庄市"),
])
def test_aliases_find_their_jurisdiction(scheme_id, label, name):
    assert _scheme(scheme_id).jurisdiction(label).name == name


def test_names_and_aliases_are_unambiguous_across_schemes():
    owners: dict[str, str] = {}
    for scheme in bundled_schemes().values():
        for j in scheme.jurisdictions:
            for label in (j.name, *j.aliases):
                assert owners.setdefault(normalize(label), f"{scheme.id}:{j.name}") == f"{scheme.id}:{j.name}", label
    assert not {"高新区", "经开区", "开发区", "高新技术产业开发区"} & set(owners)


# -- the differences between the seeds (DOMAIN.md §2) ---------------------------------------

def _kinds(scheme_id: str, word: str) -> set[tuple[str, bool]]:
    """(who pays, exclusive?) of every duty of the scheme whose task holds `word`."""
    scheme = _scheme(scheme_id)
    return {(d.pays, _exclusive(scheme, d)) for d in _own(scheme) if word in d.task}


PAIRED = {("city", False), ("county", False)}

DIFFERENCES = [
    # 授权确权: 石家庄's city alone examines 作品登记; 晋城 does not list it
    ("shijiazhuang", "作品登记的审核", {("city", True)}),
    ("jincheng", "作品登记", set()),
    # shared copyright filing and city-only 地方性法规: 晋城 only
    ("jincheng", "著作权许可和转让备案", {("shared", False)}),
    ("shijiazhuang", "著作权许可", set()),
    ("jincheng", "地方性法规、政府规章", {("city", True)}),
    ("shijiazhuang", "地方性法规", set()),
    # 晋城's other city-only duties
    ("jincheng", "知识产权保护专项行动组织", {("city", True)}),
    ("jincheng", "在全市有重大影响或跨区域的知识产权重大违法案件", {("city", True)}),
    # 执法: county only in 晋城, 全市性 / 本地区 pair in 石家庄
    ("jincheng", "县级知识产权执法", {("county", True)}),
    ("jincheng", "全市性知识产权执法", set()),
    ("shijiazhuang", "全市性知识产权执法", {("city", False)}),
    ("shijiazhuang", "本地区知识产权执法", {("county", False)}),
    # 行政裁决: city only in both (its clause also names the paired 行政调解); no county 行政裁决
    ("jincheng", "行政裁决", {("city", True), ("city", False)}),
    ("shijiazhuang", "行政裁决", {("city", True), ("city", False)}),
    ("jincheng", "行政调解", {("city", True), ("city", False), ("county", False)}),
    # 石家庄's county 行政调解 leaves out 市级 duties; 晋城's does not say so
    ("shijiazhuang", "未列入中央、省级、市级财政事权的知识产权侵权纠纷的行政调解", {("county", False)}),
    ("jincheng", "市级财政事权", set()),
    # 商标、专利等知识产权信息 against 知识产权信息
    ("shijiazhuang", "推动商标、专利等知识产权信息", PAIRED),
    ("jincheng", "推动知识产权信息", PAIRED),
    ("jincheng", "商标、专利等", set()),
    # paired by scope, by 层面, by 隶属关系
    ("jincheng", "专利导航", PAIRED),
    ("shijiazhuang", "专利导航", PAIRED),
    ("jincheng", "与外国地方政府", PAIRED),
    ("shijiazhuang", "与港澳台", PAIRED),
    ("jincheng", "知识产权人才队伍建设", {("affiliation", False)}),
    ("shijiazhuang", "高等学校知识产权学科", {("affiliation", False)}),
    # the example's extra category: 专利奖励 at both levels; an award the seeds do not list
    ("example-quzhou", "专利奖", PAIRED),
    ("jincheng", "专利奖", set()),
    ("shijiazhuang", "专利奖", set()),
]


@pytest.mark.parametrize(("scheme_id", "word", "expected"), DIFFERENCES)
def test_seed_differences_hold(scheme_id, word, expected):
    assert _kinds(scheme_id, word) == expected


@pytest.mark.parametrize(("scheme_id", "count", "has_grant", "has_create"), [
    ("jincheng", 6, False, False),
    ("shijiazhuang", 7, True, False),
    ("example-quzhou", 7, False, True),
])
def test_categories(scheme_id, count, has_grant, has_create):
    titles = [c.title for c in _scheme(scheme_id).categories if c.id not in BASE_CATEGORIES]
    assert (len(titles), "知识产权授权确权" in titles, "知识产权创造" in titles) == (count, has_grant, has_create)


@pytest.mark.parametrize(("scheme_id", "affiliated_bodies"), [("jincheng", True), ("shijiazhuang", False)])
def test_affiliation_clause_names_affiliated_bodies_only_in_jincheng(scheme_id, affiliated_bodies):
    clauses = {d.clause for d in _own(_scheme(scheme_id)) if d.pays == "affiliation"}
    assert len(clauses) == 1
    assert ("所属机构" in clauses.pop()) is affiliated_bodies


@pytest.mark.parametrize("scheme_id", CITY_FILES)
def test_one_catch_all_without_keywords(scheme_id):
    catch_all = [d for d in _scheme(scheme_id).duties if d.pays == "catch-all"]
    assert len(catch_all) == 1 and catch_all[0].keywords == ()


# -- vocabulary: precision guards -----------------------------------------------------------

def _candidates(scheme: Scheme, name: str):
    return matcher_for(scheme).match(name).candidates


NOT_IP = ["食品安全监督抽检经费", "特种设备安全监察", "计量器具强制检定", "办公楼维修改造", "12315投诉举报热线运行",
          "广告监测经费", "价格监督检查", "网络交易监管平台运维", "药品安全监管经费", "标准化战略实施专项资金",
          "市场主体登记注册工作经费", "能效标识监督检查", "工业产品生产许可证监管", "消费维权宣传经费",
          "执法办案经费", "市场监管信息化系统运维", "认证认可监督管理"]


@pytest.mark.parametrize("scheme_id", CITY_FILES)
@pytest.mark.parametrize("name", NOT_IP)
def test_no_keyword_fires_on_work_that_is_not_ip(scheme_id, name):
    match = matcher_for(_scheme(scheme_id)).match(name)
    assert (match.is_ip, match.candidates) == (False, ())


SUBSIDIES = ["专利资助资金", "商标品牌奖补资金", "知识产权贯标资助", "知识产权质押融资风险补偿资金",
             "知识产权优势企业培育资金", "专利保险保费补贴", "知识产权质押融资贴息", "作品登记资助",
             "地理标志产品保护奖励", "专利申请资助", "商标注册奖补", "PCT国际专利申请资助"]


@pytest.mark.parametrize("scheme_id", CITY_FILES)
@pytest.mark.parametrize("name", SUBSIDIES)
def test_subsidies_are_not_pulled_onto_a_duty(scheme_id, name):
    """A subsidy word of the name is never part of a keyword that matches it, so the line
    stays unlisted (其他未列事项) whatever it mentions."""
    match = matcher_for(_scheme(scheme_id)).match(name)
    assert match.subsidy_words, name
    assert [(c.task.id, w) for c in match.candidates for w in c.words
            if any(s in w for s in match.subsidy_words)] == []


# -- validation of broken files -------------------------------------------------------------

VALID = """\
[scheme]
id = "t"
title = "测试方案"

[[jurisdictions]]
name = "甲市"
level = "city"

[[jurisdictions]]
name = "乙县"
level = "county"

[[categories]]
id = "use"
title = "知识产权运用促进"

[[clauses]]
pays = "city"
text = "将结合全市产业发展开展专利导航，确认为市级财政事权，由市级承担支出责任。"
tasks = [{ task = "navigation", wording = "结合全市产业发展开展专利导航" }]

[[clauses]]
pays = "county"
text = "将结合县级产业发展开展专利导航，确认为县级财政事权，由县级承担支出责任。"
tasks = [{ task = "navigation", wording = "结合县级产业发展开展专利导航" }]
"""

# (case, text to replace, replacement); the line the problem must name ends in "# <- here".
BROKEN = [
    ("unknown level", 'name = "乙县"\nlevel = "county"', 'name = "乙县"  # <- here\nlevel = "province"'),
    ("jurisdiction listed twice", 'name = "乙县"\nlevel = "county"', 'name = "甲市"\nlevel = "county"'),
    ("duplicate duty id", '{ task = "navigation", wording = "结合县级',
     '{ task = "navigation", id = "t-navigation-city", wording = "结合县级'),
    ("clause without text", '[[clauses]]\npays = "county"\ntext = "将结合县级',
     '[[clauses]]  # <- here\npays = "county"\nnote = "将结合县级'),
    ("unknown category", 'tasks = [{ task = "navigation", wording = "结合县级',
     'tasks = [{ task = "navigation", category = "usage", wording = "结合县级'),
    ("unknown pays", 'pays = "county"', 'pays = "district"  # <- here'),
    ("wording not in the clause", 'wording = "结合县级产业发展开展专利导航"', 'wording = "专利导航服务"'),
    ("unknown key", 'pays = "county"', 'pays = "county"\nkeyword = ["导航"]  # <- here'),
    ("unknown parent", 'title = "测试方案"', 'title = "测试方案"\nextends = ["nosuch"]  # <- here'),
    ("unknown task", 'task = "navigation", wording = "结合县级', 'task = "navigaton", wording = "结合县级'),
    ("a pair of two city duties", 'pays = "county"', 'pays = "city"  # <- here'),
    ("a list where a string belongs", 'text = "将结合县级产业发展开展专利导航，确认为县级财政事权，由县级承担支出责任。"',
     'text = ["将结合县级产业发展开展专利导航，确认为县级财政事权，由县级承担支出责任。"]  # <- here'),
    ("a placeholder left in", 'title = "测试方案"', 'title = "测试方案"\ncity = "TODO"  # <- here'),
]
# Where the marker is not written by the replacement, the line the loader must name.
MARKED = {
    "jurisdiction listed twice": 'name = "甲市"',
    "duplicate duty id": 'id = "t-navigation-city"',
    "unknown category": 'category = "usage"',
    "wording not in the clause": 'wording = "专利导航服务"',
    "unknown task": 'task = "navigaton"',
    "a pair of two city duties": "# <- here",
}


def test_the_unbroken_file_is_valid(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(VALID, encoding="utf-8")
    assert validate_file(path) == []


@pytest.mark.parametrize(("case", "old", "new"), BROKEN, ids=[case[0] for case in BROKEN])
@pytest.mark.usefixtures("english")
def test_a_broken_file_names_the_line(tmp_path, case, old, new):
    assert old in VALID
    text = VALID.replace(old, new, 1)
    lines = text.splitlines()
    needle = MARKED.get(case, "# <- here")
    expected = next(i for i, line in enumerate(lines, 1) if needle in line)
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    problems = validate_file(path)
    assert expected in [int(m[1]) for p in problems if (m := re.match(r"line (\d+):", p))], problems


@pytest.mark.parametrize("text", [
    VALID.replace('[[jurisdictions]]\nname = "甲市"', 'jurisdictions = ["甲市"]\n[[x]]\nname = "甲市"'),
    VALID.replace("[[clauses]]", "clauses = 3\n[[y]]", 1),
    "[scheme]\nid = 1\ntitle = []\n",
    "\x00\x01binary",
    "a = " + "[" * 5000 + "]" * 5000,
])
def test_a_malformed_file_gets_problems_not_a_traceback(tmp_path, text):
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    assert validate_file(path) != []


def test_a_scheme_without_a_county_is_refused(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(VALID.replace('[[jurisdictions]]\nname = "乙县"\nlevel = "county"\n', ""), encoding="utf-8")
    assert any("county" in p for p in validate_file(path))


def test_a_scheme_outside_the_box_extends_the_bundled_base(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(VALID.replace('title = "测试方案"', 'title = "测试方案"\nextends = ["base"]'), encoding="utf-8")
    assert validate_file(path) == []
    assert any(d.pays == "central" for d in load_scheme(path).duties)
