"""Reading a published text, case by case: paragraphs and headings whatever the line breaks,
the document's own data wherever it is printed, and each task placed on the catalogue."""

from __future__ import annotations

import pytest

from budgetlint._draft import front_matter
from budgetlint._draft.place import candidates, place
from budgetlint._scheme_text import paragraphs, sentences
from budgetlint.catalogue import load_catalogue

# ---------------------------------------------------------------------------
# Paragraphs, headings and sentences: (text, [(section, heading title, sentence)]).

SENTENCES = [
    pytest.param(
        "（六）知识产权领域其他事项\n将知识产权人才队伍建设，确认为市级财政事权，由市级承担支出责任。",
        [("（六）", "知识产权领域其他事项", "将知识产权人才队伍建设，确认为市级财政事权，由市级承担支出责任。")],
        id="heading-line-then-its-first-clause",
    ),
    pytest.param(
        "（二）知识产权授权确权将市级作品登记的审核，确认为市级财政事权，由市级承担支出责任。",
        [("（二）", "知识产权授权确权", "将市级作品登记的审核，确认为市级财政事权，由市级承担支出责任。")],
        id="heading-run-into-its-clause-without-a-stop",
    ),
    pytest.param(
        "(一)知识产权宏观管理:将全市性知识产权统计调查分析发布,确认为市级财政事权,由市级承担支出责任.",
        [("（一）", "知识产权宏观管理", "将全市性知识产权统计调查分析发布，确认为市级财政事权，由市级承担支出责任。")],
        id="half-width-heading-colon-commas",
    ),
    pytest.param(
        "（七）知识产权领域其他事项知识产权领域其他未列事项，按照改革的总体要求和事项特点具体确定财政事权和支出责任。",
        [("（七）", "知识产权领域其他事项", "知识产权领域其他未列事项，按照改革的总体要求和事项特点具体确定财政事权和支出责任。")],
        id="heading-run-into-the-catch-all",
    ),
    pytest.param(
        "    将全市知识产权战略,确认为\n\n                 — 2 —\n\n市财政事权,由市承担支出责任.",
        [("", "", "将全市知识产权战略，确认为市财政事权，由市承担支出责任。")],
        id="pdf-sentence-across-a-page-footer",
    ),
    pytest.param(
        "首页 > 政务公开 > 政策文件\n发布时间:2025-04-18 10:32\n将专利导航，确认为市级财政事权，由市级承担支出责任。\n"
        "扫一扫在手机打开当前页\n【字体：大 中 小】 打印本页\n陇ICP备05000873号",
        [("", "", "将专利导航，确认为市级财政事权，由市级承担支出责任。")],
        id="web-page-navigation-dropped",
    ),
    pytest.param(
        "将县区知识产权执法、维权援助，\n县区软件正版化工作组织推进，确认为县区财政事权，由县区承担支出责任。",
        [("", "", "将县区知识产权执法、维权援助，县区软件正版化工作组织推进，确认为县区财政事权，由县区承担支出责任。")],
        id="web-line-break-inside-a-sentence",
    ),
    pytest.param(
        "一、主要内容\n（一）知识产权保护\n将全市性知识产权执法，确认为市级财政事权，由市级承担支出责任；将县级知识产权执法，"
        "确认为县级财政事权，由县级承担支出责任。",
        [("一、（一）", "知识产权保护", "将全市性知识产权执法，确认为市级财政事权，由市级承担支出责任；"),
         ("一、（一）", "知识产权保护", "将县级知识产权执法，确认为县级财政事权，由县级承担支出责任。")],
        id="two-clauses-in-one-sentence",
    ),
    pytest.param(
        "## 二、主要内容\n\n### （一）知识产权宏观管理\n\n将制定实施县级知识产权\n\n统计调查分析发布，确认为县级财政事权。",
        [("二、（一）", "知识产权宏观管理", "将制定实施县级知识产权统计调查分析发布，确认为县级财政事权。")],
        id="markdown-blank-line-inside-a-sentence",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_sentences_under_their_headings(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(s.section, s.heading.title if s.heading else "", s.text) for s in sentences(paragraphs(text))
             if "财政事权" in s.text]
    assert found == expected


def test_prose_that_starts_like_web_furniture_is_kept() -> None:
    text = "将全市性知识产权公共服务体系建设，推动\n技术支持中心建设，确认为市级财政事权，由市级承担支出责任。"
    [sentence] = sentences(paragraphs(text))
    assert sentence.text == "将全市性知识产权公共服务体系建设，推动技术支持中心建设，确认为市级财政事权，由市级承担支出责任。"


def test_a_web_page_field_is_a_paragraph_of_its_own() -> None:
    paras = paragraphs("发布机构:张掖市财政局\n发布时间:2025-04-18 10:32 来源:张掖市财政局 浏览次数:286\n正文")
    assert [p.text[:4] for p in paras] == ["发布机构", "发布时间", "正文"]


# ---------------------------------------------------------------------------
# The document's own data: (text, field, value).

_CLAUSE = "\n将专利导航，确认为市级财政事权，由市级承担支出责任。\n"
_TITLE = "张掖市知识产权领域市与县区财政事权和支出责任划分改革实施方案"

FRONT = [
    pytest.param("发布时间:2025-04-18 10:32\n" + _TITLE + _CLAUSE, "date", "2025-04-18", id="date-from-发布时间"),
    pytest.param("成文日期：2025年04月10日\n发布日期：2025-04-18\n" + _TITLE + _CLAUSE, "date", "2025-04-10",
                 id="成文日期-before-发布日期"),
    pytest.param("发布时间：2025-04-18\n" + _TITLE + _CLAUSE + "张掖市财政局\n2025年4月9日\n", "date", "2025-04-09",
                 id="signature-before-the-page-date"),
    pytest.param("根据甘肃省人民政府办公厅印发的《甘肃省知识产权领域省与市县财政事权和支出责任划分改革实施方案》"
                 "（甘政办发〔2024〕58号），结合我市实际，制定本方案。\n" + _TITLE + _CLAUSE,
                 "parents", [("甘政办发〔2024〕58号", "甘肃省知识产权领域省与市县财政事权和支出责任划分改革实施方案")],
                 id="parent-印发的《》"),
    pytest.param("按照省政府办公厅印发的知识产权领域省与市县财政事权和支出责任划分改革方案（甘政办发〔2024〕58号）要求，制定本方案。\n"
                 + _TITLE + _CLAUSE, "parents",
                 [("甘政办发〔2024〕58号", "按照省政府办公厅印发的知识产权领域省与市县财政事权和支出责任划分改革方案")],
                 id="parent-without-brackets"),
    pytest.param("现将《" + _TITLE + "》（张市财行〔2025〕21号）印发给你们。\n" + _TITLE + _CLAUSE, "parents", [],
                 id="own-title-is-no-parent"),
    pytest.param("根据《甘肃省方案》（甘政办发〔2024〕58号）。\n文号：张市财行〔2025〕21号\n" + _TITLE + _CLAUSE,
                 "doc_number", "张市财行〔2025〕21号", id="number-from-文号-not-the-cited-one"),
    pytest.param("根据《甘肃省方案》（甘政办发〔2024〕58号）。\n" + _TITLE + _CLAUSE, "doc_number", "",
                 id="a-cited-number-is-not-the-documents"),
    pytest.param("张掖市财政局 张掖市市场监督管理局关于印发《" + _TITLE + "》的通知\n" + _CLAUSE, "issuers",
                 ("张掖市财政局", "张掖市市场监督管理局"), id="issuers-run-together-in-the-title-line"),
    pytest.param("首页 > 政策文件\n发布机构：张掖市财政局\n来源：张掖市财政局\n" + _TITLE + _CLAUSE, "issuers",
                 ("张掖市财政局",), id="issuer-from-发布机构"),
]


def _front(text: str, field: str):
    paras = paragraphs(text)
    title = front_matter.title(paras)
    parents = front_matter.parents(paras, title)
    date, index = front_matter.date(paras)
    return {
        "date": lambda: date,
        "parents": lambda: parents,
        "doc_number": lambda: front_matter.doc_number(paras, {n for n, _ in parents}),
        "issuers": lambda: front_matter.issuers(paras, index, "张掖市"),
    }[field]()


@pytest.mark.parametrize(("text", "field", "value"), FRONT)
def test_document_data(text: str, field: str, value: object) -> None:
    assert _front(text, field) == value


# ---------------------------------------------------------------------------
# Placing a task on the catalogue by its wording: (wording, pays, task ids).

PLACED = [
    ("结合全市产业发展开展专利导航", "city", ["navigation"]),
    ("未列入中央、省级财政事权的知识产权侵权纠纷的行政裁决和行政调解", "city", ["adjudication", "mediation"]),
    ("全市性知识产权信息化、智能化基础设施建设和网络安全防护", "city", ["infrastructure"]),  # not 知识产权信息
    ("推动商标、专利等知识产权信息在本地区的传播利用和融合应用", "county", ["information-use"]),
    ("县级知识产权执法、快速协同保护", "county", ["enforcement", "rapid-protection"]),
    ("知识产权保护专项行动组织", "city", ["special-action"]),
    ("制定知识产权领域政府规章", "city", ["legislation"]),
    ("全市性专利奖评选和奖励", "city", ["patent-award"]),
    ("知识产权宣传教育和普法等事项", "affiliation", ["publicity"]),
    ("重大专利侵权纠纷的行政裁决", "provincial", ["provincial-major-patent-dispute"]),  # not adjudication
    ("知识产权示范企业培育", "city", []),
]


@pytest.mark.parametrize(("wording", "pays", "tasks"), PLACED)
def test_tasks_are_placed_by_their_wording(wording: str, pays: str, tasks: list[str]) -> None:
    placed = place(wording, candidates(load_catalogue(), pays))
    assert list(placed.tasks) == tasks
    assert bool(placed.nearest) == (not tasks)  # a wording nothing fits comes with the nearest tasks


def test_nearest_tasks_share_the_wording() -> None:
    placed = place("全市性商标品牌培育", candidates(load_catalogue(), "city"))
    assert placed.tasks == () and 1 <= len(placed.nearest) <= 3
    placed = place("知识产权维权服务", candidates(load_catalogue(), "city"))
    assert placed.tasks == () and "rights-assistance" in [t.id for t in placed.nearest]
