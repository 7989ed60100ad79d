"""Drafting a scheme from a published text: every layout, every level naming, every TODO."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetlint._toml_writer import TomlDocument, toml_string, toml_value
from budgetlint.draft import Draft, draft_scheme, read_scheme_text
from budgetlint.errors import SchemeError
from budgetlint.schemes import load_scheme, validate_file

REPO = Path(__file__).resolve().parents[2]
SCHEMES = REPO / "schemes"
TEXTS = Path(__file__).resolve().parent / "texts"
SEEDS = {"jincheng": SCHEMES / "sources" / "jincheng.txt", "shijiazhuang": SCHEMES / "sources" / "shijiazhuang.txt"}


def _draft(path: Path, scheme_id: str = "t") -> tuple[Draft, dict]:
    draft = draft_scheme(read_scheme_text(path), scheme_id)
    return draft, tomllib.loads(draft.toml)


def _duty(data: dict, task: str) -> dict:
    found = [d for d in data.get("duties", []) if d["task"] == task]
    assert len(found) == 1, f"{task!r}: {len(found)} duties"
    return found[0]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------
# The four layouts written for these tests, and the two seeds.

LAYOUTS = [
    pytest.param(
        "direct_categories.txt",
        {
            "levels": {"city": "市级", "county": "县区"},
            "doc_number": "安财行【2025】12号",
            "date": "2025-03-06",
            "issuer": ["安川市财政局", "安川市市场监督管理局"],
            "parents": ["某政办发〔2024〕7号"],
            "categories": [("macro", "知识产权宏观管理", "一、"), ("create", "知识产权创造", "二、"),
                           ("protect", "知识产权保护", "三、"), ("other", "知识产权领域其他事项", "四、")],
            "by_level": {"city": 10, "county": 8, "affiliation": 2, "catch-all": 1},
            # task: (pays, scope, category)
            "tasks": {
                "全市性商标品牌培育": ("city", "city-wide", "create"),
                "全市性地理标志运用促进": ("city", "", "create"),  # exclusive: no county partner
                "县区专利奖励": ("county", "local", "create"),
                "维权援助": None,  # one per level: checked through pairs below
                "未列入中央、省级财政事权的知识产权侵权纠纷的行政裁决和行政调解": ("city", "", "protect"),
                "知识产权宣传教育和普法等事项": ("affiliation", "", "other"),
                "知识产权领域其他未列事项": ("catch-all", "", "other"),
            },
            "pairs": [("全市性专利奖励", "县区专利奖励"), ("市级层面与港澳台开展知识产权合作交流", "县区层面与港澳台开展知识产权合作交流")],
            "todos": ["jurisdictions"],
        },
        id="direct-categories-县区",
    ),
    pytest.param(
        "pdftotext_gb18030.txt",
        {
            "levels": {"city": "市", "county": "区"},
            "doc_number": "临财行[2024]5号",
            "date": "2024-12-03",
            "issuer": ["临河市财政局"],
            "parents": ["某政办发[2024]9号"],
            "categories": [("macro", "知识产权宏观管理", "（一）"), ("use", "知识产权运用促进", "（二）"),
                           ("service", "知识产权公共服务", "（三）")],
            "by_level": {"city": 6, "county": 6, "shared": 1, "catch-all": 1},
            "tasks": {
                "全市知识产权转移转化促进和知识产权交易运营监督管理": ("city", "city-wide", "use"),
                "结合本地区产业发展开展专利导航": ("county", "local", "use"),
                "区知识产权统计调查分析发布": ("county", "local", "macro"),
                "著作权许可和转让备案": ("shared", "", "use"),
                "知识产权领域其他未列事项": ("catch-all", "", "service"),
            },
            "pairs": [("结合全市产业发展开展专利导航", "结合本地区产业发展开展专利导航"),
                      ("全市知识产权风险预测预警", "区知识产权风险预测预警")],
            "todos": ["jurisdictions"],
        },
        id="pdftotext-gb18030-市区",
    ),
    pytest.param(
        "meng_qixian.txt",
        {
            "levels": {"city": "盟级", "county": "旗县（市、区）"},
            "doc_number": "乌署办发﹝2025﹞3号",
            "date": "2025-01-08",
            "issuer": ["乌拉山盟行政公署办公室"],
            "parents": [],
            "categories": [("macro", "知识产权宏观管理", "（一）"), ("protect", "知识产权保护", "（二）"),
                           ("foreign", "知识产权涉外工作", "（三）"), ("other", "知识产权领域其他事项", "（四）")],
            "by_level": {"city": 4, "county": 4, "affiliation": 2, "catch-all": 1},
            "tasks": {
                "全盟性知识产权执法": ("city", "city-wide", "protect"),
                "本地区知识产权执法": ("county", "local", "protect"),
                "制定实施旗县（市、区）知识产权战略、规划、政策": ("county", "local", "macro"),
                "知识产权人才队伍建设": ("affiliation", "", "other"),
            },
            "pairs": [("盟级层面与外国地方政府和地方组织开展知识产权合作交流",
                       "旗县（市、区）层面与外国地方政府和地方组织开展知识产权合作交流")],
            "todos": ["jurisdictions"],
        },
        id="盟-旗县",
    ),
    pytest.param(
        "unplaceable.txt",
        {
            "levels": {"city": "市级", "county": "县级"},
            "doc_number": None,
            "date": None,
            "issuer": None,
            "parents": None,
            "categories": [("use", "知识产权运用促进", "（一）"), ("protect", "知识产权保护", "（二）")],
            "by_level": {"city": 2, "county": 2, "catch-all": 1},
            "tasks": {
                "结合县级产业发展开展专利导航": ("county", "local", "use"),
                "知识产权领域其他未列事项": ("catch-all", "", "protect"),
            },
            "pairs": [("结合全市产业发展开展专利导航", "结合县级产业发展开展专利导航")],
            "todos": [
                "document number", "date", "jurisdictions",
                "将知识产权示范企业培育，确认为市县财政事权，由市县按比例承担支出责任。",
                "将全市性知识产权快速协同保护，确认为市级财政事权，由县级承担支出责任。",
                "专利资助资金由市级财政统筹安排，县级财政承担支出责任。",
                "县级财政要足额保障上述支出责任。",
                "涉及知识产权领域的其他财政事权，由市县协商确定。",
            ],
        },
        id="unplaceable-sentences",
    ),
]


@pytest.mark.parametrize(("name", "want"), LAYOUTS)
def test_layouts_are_drafted(name: str, want: dict) -> None:
    draft, data = _draft(TEXTS / name)
    meta = data["scheme"]
    assert meta["levels"] == want["levels"]
    assert meta["extends"] == ["base"]
    for key in ("doc_number", "date", "issuer", "parents"):
        if want[key] is not None:
            assert meta.get(key, []) == want[key], key
        else:
            assert key not in meta, key
    assert [(c["id"], c["title"], c["section"]) for c in data["categories"]] == want["categories"]
    assert draft.categories == len(want["categories"])
    assert dict(draft.duties_by_level) == want["by_level"]
    for task, expected in want["tasks"].items():
        if expected is None:
            assert len([d for d in data["duties"] if d["task"] == task]) == 2
            continue
        duty = _duty(data, task)
        assert (duty["pays"], duty.get("scope", ""), duty["category"]) == expected, task
        assert task in duty["clause"]
        if duty["pays"] != "catch-all":
            assert duty["keywords"]
    for city_task, county_task in want["pairs"]:
        city, county = _duty(data, city_task), _duty(data, county_task)
        assert (city["pays"], county["pays"]) == ("city", "county")
        assert city["pair"] and city["pair"] == county["pair"]
    assert len(draft.todos) == len(want["todos"])
    for todo, needle in zip(draft.todos, want["todos"]):
        assert needle in todo
    for todo in draft.todos:
        if todo.startswith("not placed"):
            sentence = todo.split(": ", 1)[1]
            assert sentence in draft.toml  # left in the draft as a TODO comment
            assert not any(d["clause"] == sentence for d in data["duties"])


SPLITS = [
    # (seed, a task the draft must have exactly: whole where 和/、 join parts of one task,
    #  split where the text lists full tasks)
    ("jincheng", "全市性知识产权转移转化促进和知识产权交易运营监督管理"),
    ("jincheng", "未列入中央及省级财政事权的知识产权侵权纠纷的行政裁决和行政调解"),
    ("jincheng", "制定实施全市性知识产权战略、规划、政策"),
    ("jincheng", "全市性知识产权信息化、智能化基础设施建设和网络安全防护"),
    ("jincheng", "高等学校知识产权学科、学院、学位建设等事项"),
    ("jincheng", "县级知识产权执法"),
    ("jincheng", "行政调解"),
    ("shijiazhuang", "推动商标、专利等知识产权信息在本地区的传播利用和融合应用"),
    ("shijiazhuang", "未列入中央、省级、市级财政事权的知识产权侵权纠纷的行政调解"),
    ("shijiazhuang", "涉外知识产权纠纷应对机制建设"),
]


@pytest.mark.parametrize(("seed", "task"), SPLITS)
def test_tasks_split_only_between_full_tasks(seed: str, task: str) -> None:
    _, data = _draft(SEEDS[seed])
    assert any(d["task"] == task for d in data["duties"])


SEED_FACTS = [
    # seed, field, value
    ("jincheng", "doc_number", "晋市财行〔2024〕88号"),
    ("jincheng", "date", "2024-11-19"),
    ("jincheng", "issuer", ["晋城市财政局", "晋城市市场监督管理局"]),
    ("jincheng", "parents", ["晋政办发〔2024〕23号"]),
    ("jincheng", "levels", {"city": "市级", "county": "县级"}),
    ("shijiazhuang", "doc_number", "〔2024〕—38"),
    ("shijiazhuang", "date", "2024-05-12"),
    ("shijiazhuang", "issuer", ["石家庄市人民政府办公室"]),
    ("shijiazhuang", "parents", ["冀政办字〔2024〕11号"]),
    ("shijiazhuang", "levels", {"city": "市级", "county": "县（市、区）"}),
    ("shijiazhuang", "title", "石家庄市知识产权领域市与县（市、区）财政事权和支出责任划分改革实施方案"),
]


@pytest.mark.parametrize(("seed", "field", "value"), SEED_FACTS)
def test_seed_document_data(seed: str, field: str, value: object) -> None:
    _, data = _draft(SEEDS[seed], seed)
    assert data["scheme"][field] == value


SEED_DUTIES = [
    # seed, task, pays, scope, category
    ("jincheng", "著作权许可和转让备案", "shared", "", "use"),
    ("jincheng", "知识产权保护专项行动组织", "city", "", "protect"),
    ("jincheng", "知识产权人才队伍建设", "affiliation", "", "other"),
    ("jincheng", "知识产权领域其他未列事项", "catch-all", "", "other"),
    ("jincheng", "推动知识产权信息在本地区的传播利用和融合应用", "county", "local", "service"),
    ("shijiazhuang", "市级著作权管理部门办理的国内作者或其他著作权人作品登记的审核", "city", "", "grant"),
    ("shijiazhuang", "全市性知识产权执法", "city", "city-wide", "protect"),
    ("shijiazhuang", "本地区知识产权执法", "county", "local", "protect"),
    ("jincheng", "县级知识产权执法", "county", "", "protect"),  # exclusive: the city has no 执法
]


@pytest.mark.parametrize(("seed", "task", "pays", "scope", "category"), SEED_DUTIES)
def test_seed_duties(seed: str, task: str, pays: str, scope: str, category: str) -> None:
    _, data = _draft(SEEDS[seed], seed)
    duty = _duty(data, task)
    assert (duty["pays"], duty.get("scope", ""), duty["category"]) == (pays, scope, category)


EXPLAINED = [
    # (seed, task, pays, the sentence after the clause that says who pays what)
    ("jincheng", "著作权许可和转让备案", "shared", "其中，市级著作权管理部门办理的备案，由市级承担支出责任；"),
    ("jincheng", "知识产权人才队伍建设", "affiliation", "市级职能部门及所属机构承担的事项，确认为市级财政事权"),
    ("shijiazhuang", "高等学校知识产权学科、学院、学位建设等事项", "affiliation", "县（市、区）职能部门承担的事项"),
]


@pytest.mark.parametrize(("seed", "task", "pays", "explanation"), EXPLAINED)
def test_explaining_sentence_belongs_to_the_clause(seed: str, task: str, pays: str, explanation: str) -> None:
    draft, data = _draft(SEEDS[seed])
    duty = _duty(data, task)
    assert duty["pays"] == pays
    assert duty["clause"].startswith("将") and explanation in duty["clause"]
    assert not any(explanation in todo for todo in draft.todos)


@pytest.mark.parametrize("path", [*SEEDS.values(), *sorted(TEXTS.glob("*.txt"))], ids=lambda p: p.name)
def test_draft_validates_and_loads(path: Path, tmp_path: Path) -> None:
    if not (SCHEMES / "base.toml").is_file():
        pytest.fail("schemes/base.toml is missing")
    draft, data = _draft(path)
    shutil.copy(SCHEMES / "base.toml", tmp_path / "base.toml")
    target = tmp_path / "draft.toml"
    target.write_text(draft.toml, encoding="utf-8")
    assert validate_file(target) == []
    scheme = load_scheme(target)
    own = [d for d in scheme.duties if d.source == "t"]
    assert len(own) == sum(n for _, n in draft.duties_by_level) == len(data["duties"])
    assert not scheme.jurisdictions  # left for the gazetteer


@pytest.mark.parametrize("path", [*SEEDS.values(), *sorted(TEXTS.glob("*.txt"))], ids=lambda p: p.name)
def test_no_assignment_is_dropped_silently(path: Path) -> None:
    draft, data = _draft(path)
    text = re.sub(r"(?m)^\s*[-—]?\s*\d{1,3}\s*[-—]?\s*$", "", read_scheme_text(path))  # page numbers
    text = _squash(text).replace(",", "，").replace(";", "；").replace(".", "。")
    placed = _squash(draft.toml)
    for sentence in re.findall(r"[^。]*(?:确认为|承担支出责任)[^。]*。", text):
        fragment = re.sub(r"^.*?(?=将|知识产权领域其他未列|[市县盟旗区][^，]{0,8}职能部门|其中)", "", sentence)
        assert fragment in placed, fragment
    assert not re.search(r"\n(?!#)[^\n]*TODO: not placed", draft.toml)


@pytest.mark.parametrize("path", [*SEEDS.values(), *sorted(TEXTS.glob("*.txt"))], ids=lambda p: p.name)
def test_draft_is_deterministic(path: Path) -> None:
    text = read_scheme_text(path)
    assert draft_scheme(text, "x").toml == draft_scheme(text, "x").toml


@pytest.mark.parametrize("path", [*SEEDS.values(), *sorted(TEXTS.glob("*.txt"))], ids=lambda p: p.name)
def test_every_todo_comment_is_listed(path: Path) -> None:
    draft, _ = _draft(path)
    assert len(re.findall(r"(?m)^# TODO: ", draft.toml)) == len(draft.todos)


def test_summary_names_counts_and_todos() -> None:
    draft, _ = _draft(TEXTS / "unplaceable.txt")
    summary = draft.summary()
    assert "categories: 2" in summary
    assert "city 2" in summary and "county 2" in summary and "catch-all 1" in summary
    assert summary.count("\n  - ") == len(draft.todos) == 8


SMALL_TEXTS = [
    pytest.param(
        "\ufeff＃ 测试市知识产权领域市与县财政事权和支出责任划分改革方案\r\n一、知识产权保护\r\n"
        "将全市性知识产权执法，确认为市级财政事权，由市级承担支出责任。\r\n二〇二四年十二月三十一日\r\n",
        {"city": "测试市", "date": "2024-12-31", "tasks": [("全市性知识产权执法", "city", "")]},
        id="full-width-heading-chinese-date-crlf",
    ),
    pytest.param(
        "# 甲市知识产权领域市与县财政事权和支出责任划分改革实施方案\n（一）知识产权运用\n"
        "将全市性专利转化，以及全市性商标品牌建设和全市性地理标志运用，确认为市级财政事权，由市级承担支出责任；"
        "将县级专利转化，确认为县级财政事权，由县级承担支出责任。\n"
        "将重大专利侵权纠纷行政裁决，确认为省级财政事权，由省级承担支出责任。\n",
        {"city": "甲市", "tasks": [("全市性专利转化", "city", "city-wide"), ("全市性商标品牌建设", "city", ""),
                                   ("全市性地理标志运用", "city", ""), ("县级专利转化", "county", "local"),
                                   ("重大专利侵权纠纷行政裁决", "provincial", "")]},
        id="semicolon-clauses-以及-和-provincial",
    ),
    pytest.param(
        "# 乙市知识产权领域市与县财政事权和支出责任划分改革实施方案\n一、知识产权保护\n"
        "将全市性知识产权执法，确认为市级财政事权，由市级承担支出责任。\n"
        "乙市财政局　　乙市市场监督管理局\n乙市知识产权局 2024年3月5日\n",
        {"city": "乙市", "date": "2024-03-05", "issuer": ["乙市财政局", "乙市市场监督管理局", "乙市知识产权局"],
         "tasks": [("全市性知识产权执法", "city", "")]},
        id="signers-on-one-line-and-before-the-date",
    ),
    pytest.param(
        "将专利导航，确认为市级财政事权，由市级承担支出责任。",
        {"city": "TODO", "tasks": [("专利导航", "city", "")], "todos": ["title", "document number", "date",
                                                                  "jurisdictions", "category"]},
        id="no-title-no-heading",
    ),
]


@pytest.mark.parametrize(("text", "want"), SMALL_TEXTS)
def test_small_texts(text: str, want: dict) -> None:
    draft = draft_scheme(text)
    data = tomllib.loads(draft.toml)
    assert data["scheme"]["city"] == want["city"]
    for key in ("date", "issuer"):
        if key in want:
            assert data["scheme"][key] == want[key]
    assert [(d["task"], d["pays"], d.get("scope", "")) for d in data["duties"]] == want["tasks"]
    if "todos" in want:
        assert len(draft.todos) == len(want["todos"])
        assert all(todo.startswith(needle) for todo, needle in zip(draft.todos, want["todos"]))
    assert len(re.findall(r"(?m)^# TODO: ", draft.toml)) == len(draft.todos)


# ---------------------------------------------------------------------------
# Seeds against the hand-written schemes: every hand-written clause is drafted.


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_draft_covers_hand_written_scheme(seed: str) -> None:
    written = SCHEMES / f"{seed}.toml"
    if not written.is_file():
        pytest.skip(f"schemes/{seed}.toml is not written yet")
    hand = tomllib.loads(written.read_text(encoding="utf-8"))
    _, data = _draft(SEEDS[seed], seed)
    clauses = {_squash(d["clause"]) for d in data["duties"]}
    tasks = [_squash(d["task"]) for d in data["duties"]]
    for duty in hand["duties"]:
        assert _squash(duty["clause"]) in clauses, duty["id"]
        task = _squash(duty.get("task", ""))
        assert any(task in drafted for drafted in tasks), duty["id"]


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_draft_agrees_on_levels_scopes_and_pairs(seed: str) -> None:
    written = SCHEMES / f"{seed}.toml"
    if not written.is_file():
        pytest.skip(f"schemes/{seed}.toml is not written yet")
    hand = tomllib.loads(written.read_text(encoding="utf-8"))["duties"]
    _, data = _draft(SEEDS[seed], seed)

    def same(a: dict, b: dict) -> bool:
        return _squash(a["clause"]) == _squash(b["clause"]) and a.get("task") == b["task"]

    for duty in hand:
        drafted = {(d["pays"], d.get("scope", "")) for d in data["duties"] if same(duty, d)}
        assert (duty["pays"], duty.get("scope", "")) in drafted, duty["id"]

    def partners(duties: list[dict]) -> set[frozenset]:
        by_pair: dict[str, set] = {}
        for d in duties:
            if d.get("pair"):
                by_pair.setdefault(d["pair"], set()).add((d["task"], d["pays"]))
        return {frozenset(group) for group in by_pair.values() if len(group) > 1}

    assert partners(data["duties"]) == partners(hand)


SPLIT_PAIRED = [
    # seed, city task with an exclusive part and a paired part, the county task it pairs with
    ("jincheng", "未列入中央及省级财政事权的知识产权侵权纠纷的行政裁决和行政调解", "行政调解"),
    ("shijiazhuang", "未列入中央、省级财政事权的知识产权侵权纠纷的行政裁决和行政调解",
     "未列入中央、省级、市级财政事权的知识产权侵权纠纷的行政调解"),
]


@pytest.mark.parametrize(("seed", "city_task", "county_task"), SPLIT_PAIRED)
def test_exclusive_and_paired_parts_of_one_task(seed: str, city_task: str, county_task: str) -> None:
    _, data = _draft(SEEDS[seed])
    city = [d for d in data["duties"] if d["task"] == city_task]
    exclusive = [d for d in city if not d.get("pair")]
    paired = [d for d in city if d.get("pair")]
    assert len(city) == 2 and len(exclusive) == 1 and len(paired) == 1
    assert "行政裁决" in exclusive[0]["keywords"] and "行政调解" not in exclusive[0]["keywords"]
    assert "scope" not in exclusive[0]
    county = _duty(data, county_task)
    assert paired[0]["pair"] == county["pair"]
    assert (paired[0]["scope"], county["scope"]) == ("city-wide", "local")


# ---------------------------------------------------------------------------
# Reading the text file.

_SAMPLE = "将专利导航，确认为市级财政事权，由市级承担支出责任。"

ENCODINGS = [
    pytest.param(_SAMPLE.encode("utf-8"), _SAMPLE, id="utf-8"),
    pytest.param(b"\xef\xbb\xbf" + _SAMPLE.encode("utf-8"), _SAMPLE, id="utf-8-bom"),
    pytest.param(_SAMPLE.encode("gb18030"), _SAMPLE, id="gb18030"),
    pytest.param(_SAMPLE.encode("utf-16"), SchemeError, id="utf-16"),
    pytest.param(b"\xff\xfe\xfd plain bytes", SchemeError, id="neither"),
    pytest.param(b"only ascii text\n", SchemeError, id="no-chinese"),
]


@pytest.mark.parametrize(("data", "expected"), ENCODINGS)
def test_read_scheme_text(tmp_path: Path, data: bytes, expected) -> None:
    path = tmp_path / "scheme.txt"
    path.write_bytes(data)
    if expected is SchemeError:
        with pytest.raises(SchemeError) as caught:
            read_scheme_text(path)
        assert caught.value.path == str(path)
    else:
        assert read_scheme_text(path) == expected


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SchemeError):
        read_scheme_text(tmp_path / "absent.txt")


def test_text_without_duties_is_refused() -> None:
    with pytest.raises(SchemeError):
        draft_scheme("关于做好年度预算编制工作的通知\n各单位：请按时报送。")


# ---------------------------------------------------------------------------
# The TOML emitter.


@given(st.text())
def test_toml_string_round_trips(value: str) -> None:
    assert tomllib.loads(f"k = {toml_string(value)}")["k"] == value


@given(st.lists(st.text(), max_size=12), st.booleans(), st.dictionaries(st.sampled_from(["city", "county"]), st.text()))
def test_toml_values_round_trip(items: list[str], flag: bool, table: dict[str, str]) -> None:
    doc = TomlDocument()
    doc.comment("a comment with \x00 control \x1b characters\nand a second line")
    doc.table("scheme")
    doc.pair("flag", flag)
    doc.pair("items", items)
    doc.pair("levels", table)
    doc.array_table("duties")
    doc.pair("键 with space", "值")
    data = tomllib.loads(doc.render())
    assert data["scheme"].get("items", []) == items
    assert data["scheme"]["flag"] is flag
    assert data["scheme"].get("levels", {}) == table
    assert data["duties"] == [{"键 with space": "值"}]


def test_toml_value_refuses_unknown_types() -> None:
    with pytest.raises(TypeError):
        toml_value(1.5)
