"""The rule table: every rule one module, documented in both languages, its messages in
both languages; and each rule, driven by a case table through the engine on tiny workbooks
built in tmp_path, flags exactly the (sheet, row) it should."""

from __future__ import annotations

import re

import pytest

from budgetlint.engine import LintOptions, lint_paths
from budgetlint.rules import HEADINGS, RULES, SECTIONS, get_rule, select_rules
from conftest import project_sheet, write_xlsx

SEVERITIES = ("error", "warning", "info")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("lang", ("zh", "en"))
def test_every_rule_documents_every_heading_in_both_languages(rule, lang):
    doc = rule.documentation(lang)
    assert doc.summary and doc.summary != rule.name
    assert [key for key, _, _ in doc.sections] == list(SECTIONS)
    assert all(text.strip() for _, _, text in doc.sections)
    assert [heading for _, heading, _ in doc.sections] == [HEADINGS[lang][k] for k in SECTIONS]
    for option in rule.options:  # every option is documented by name
        assert option.name in doc.section("options")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_its_parts(rule):
    assert re.fullmatch(r"BL\d{3}", rule.code) and re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    assert rule.severity in SEVERITIES
    assert dict(rule.messages).keys() == {"zh", "en"}
    assert re.search(r"[\u4e00-\u9fff]", dict(rule.messages)["zh"])
    assert rule.docstring.splitlines()[0] == f"{rule.name} ({rule.code})"
    assert get_rule(rule.code) is get_rule(rule.name) is rule


def test_codes_and_names_are_unique():
    assert len({r.code for r in RULES}) == len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize(("selector", "codes"), [
    ("BL1", ["BL101", "BL102", "BL103", "BL104", "BL105", "BL106"]),
    ("BL20", ["BL201", "BL202", "BL203", "BL204"]),
    ("wrong-level", ["BL101"]),
    ("bl401", ["BL401"]),
    ("ALL", [r.code for r in RULES]),
])
def test_selection_by_code_name_or_prefix(selector, codes):
    assert [r.code for r in select_rules(selector)] == codes


def test_an_unknown_selector_is_an_error():
    with pytest.raises(KeyError):
        select_rules("BL9")


# (rule, budget title, lines (name, 万元, 资金来源), rule options, rows flagged) — row 4 is the first line
CASES = [
    ("BL101", "阳城县2025年部门预算", [("全市性专利导航项目", 10, "本级财力"), ("本县专利导航", 5, "")], {}, [4]),
    ("BL102", "裕华区2025年部门预算", [("商标注册审查协作经费", 3, "本级财力")], {}, [4]),
    ("BL103", "阳城县2025年部门预算", [("知识产权侵权纠纷行政裁决", 2, "市级专项转移支付")], {}, [4]),
    ("BL104", "晋城市2025年部门预算", [("对县区知识产权维权援助工作补助", 20, "")], {}, [4]),
    ("BL105", "高平市2025年部门预算", [("2025年专利资助资金", 30, "本级财力"), ("食品安全抽检", 9, "")], {}, [4]),
    ("BL106", "阳城县2025年部门预算", [("全市及阳城县专利导航", 8, "")], {}, [4]),
    ("BL201", "阳城县2025年部门预算", [("本县专利导航", 10, "")], {"tolerance": 0.5}, []),
]


@pytest.mark.parametrize(("code", "title", "lines", "values", "rows"), CASES, ids=[c[0] for c in CASES])
def test_rule_flags_exactly_its_rows(tmp_path, code, title, lines, values, rows):
    path = write_xlsx(tmp_path / f"{title}.xlsx", {"项目支出表": project_sheet(title, lines)})
    result = lint_paths([path], LintOptions(rules=(code,), rule_options=((code, tuple(values.items())),)))
    assert not result.errors
    assert [(f.code, f.sheet, f.row) for f in result.findings] == [(code, "项目支出表", r) for r in rows]


@pytest.mark.parametrize(("tolerance", "flagged"), [(0.5, True), (2000.0, False)])
def test_subtotal_tolerance_is_an_option(tmp_path, tolerance, flagged):
    rows = project_sheet("阳城县2025年部门预算", [("本县专利导航", 10, ""), ("县级知识产权执法", 5, "")])
    rows[-1][1] = 15.1  # 合计 1,000 元 off
    path = write_xlsx(tmp_path / "阳城县2025年部门预算.xlsx", {"项目支出表": rows})
    result = lint_paths([path], LintOptions(rules=("BL201",), rule_options=(("BL201", (("tolerance", tolerance),)),)))
    assert [f.code for f in result.findings] == (["BL201"] if flagged else [])


@pytest.mark.parametrize("lang", ("zh", "en"))
def test_messages_are_in_the_run_language(tmp_path, lang):
    title = "阳城县2025年部门预算"
    path = write_xlsx(tmp_path / f"{title}.xlsx", {"项目支出表": project_sheet(title, [("全市性专利导航项目", 10, "")])})
    (finding,) = lint_paths([path], LintOptions(rules=("BL101",), lang=lang)).findings
    has_latin_words = bool(re.search(r"[a-z]{4,}", finding.message))
    assert has_latin_words is (lang == "en"), finding.message
