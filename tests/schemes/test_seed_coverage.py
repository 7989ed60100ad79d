"""Every clause of each published scheme text is encoded, and encoded verbatim.

For each scheme with a `source` text: split the text into the sentences that assign a
duty (将 …，确认为 … 财政事权 …), split each task list into its tasks, and require a duty
whose `task` holds every task; then require every duty's `clause` to occur in the text.
`budgetlint schemes validate` runs the same check (budgetlint._scheme_check), so a new
city's file is checked the same way without an edit here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from budgetlint._resources import schemes_dir
from budgetlint._scheme_check import check_source, duty_sentences, join_broken_lines, split_tasks
from budgetlint.schemes import load_scheme, validate_file

# (scheme id, sentences with 确认为…财政事权, duty-assigning clauses among them, categories)
SEEDS = [
    ("jincheng", 15, 14, ["知识产权宏观管理", "知识产权运用促进", "知识产权保护", "知识产权公共服务",
                          "知识产权涉外工作", "知识产权领域其他事项"]),
    ("shijiazhuang", 15, 14, ["知识产权宏观管理", "知识产权授权确权", "知识产权运用促进", "知识产权保护",
                              "知识产权公共服务", "知识产权涉外工作", "知识产权领域其他事项"]),
]

def _source(scheme_id: str) -> tuple[Path, str]:
    path = schemes_dir() / f"{scheme_id}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    source = path.parent / data["scheme"]["source"]
    return path, join_broken_lines(source.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "expected"), [
    ("将制定实施县级知识产权\n\n统计调查分析发布，确认为县级财政事权。", "将制定实施县级知识产权统计调查分析发布，确认为县级财政事权。"),
    ("将知识产权人才队伍建设，\n\n知识产权宣传教育和普法。", "将知识产权人才队伍建设，知识产权宣传教育和普法。"),
    ("## 二、主要内容\n\n### （一）知识产权宏观管理", "## 二、主要内容\n### （一）知识产权宏观管理"),
    ("确认为市级财政事权。\n\n将县级知识产权执法。", "确认为市级财政事权。\n将县级知识产权执法。"),
    ("附件：划分  \n改革实施方案", "附件：划分改革实施方案"),
])
def test_join_broken_lines(text, expected):
    assert join_broken_lines(text) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("将全市性知识产权保护体系建设，知识产权保护专项行动组织，确认为市级财政事权，由市级承担支出责任。",
     [(True, ["全市性知识产权保护体系建设", "知识产权保护专项行动组织"])]),
    ("将县级知识产权执法、快速协同保护、行政调解，确认为县级财政事权。",
     [(True, ["县级知识产权执法", "快速协同保护", "行政调解"])]),
    ("将知识产权宣传教育和普法，按照隶属关系分别确认为市、县财政事权。", [(True, ["知识产权宣传教育", "普法"])]),
    ("市级职能部门承担的事项，确认为市级财政事权；县级职能部门承担的事项，确认为县级财政事权。",
     [(False, ["市级职能部门承担的事项"]), (False, ["县级职能部门承担的事项"])]),
])
def test_split_tasks(sentence, expected):
    assert split_tasks(sentence) == expected


@pytest.mark.parametrize(("scheme_id", "sentences", "assigning", "categories"), SEEDS)
def test_every_task_of_every_clause_has_a_duty(scheme_id, sentences, assigning, categories):
    path, joined = _source(scheme_id)
    own = [d for d in load_scheme(path).duties if d.source == scheme_id]
    found = duty_sentences(joined)
    assert len(found) == sentences
    assert sum(lead for s in found for lead, _ in split_tasks(s)) == assigning
    missing = []
    for sentence in found:
        encoded = [d for d in own if sentence in d.clause]
        for assigns, tasks in split_tasks(sentence):
            # A task of a 将… clause needs a duty of its own; an explaining part (市级职能部门…
            # 承担的事项) needs only to be quoted in some duty's clause.
            holders = [d.task for d in encoded] if assigns else [d.clause for d in encoded]
            missing += [(sentence[:20], t) for t in tasks if not any(t in h for h in holders)]
    assert missing == []


@pytest.mark.parametrize("scheme_id", ["jincheng", "shijiazhuang"])
def test_validate_checks_the_source_too(scheme_id):
    path = schemes_dir() / f"{scheme_id}.toml"
    assert check_source(load_scheme(path), path, None) == []
    assert validate_file(path) == []


def test_a_dropped_task_is_found_against_the_source(tmp_path):
    source = schemes_dir() / "sources" / "jincheng.txt"
    text = (schemes_dir() / "jincheng.toml").read_text(encoding="utf-8")
    text = text.replace('  { task = "navigation", wording = "结合县级产业发展开展专利导航" },\n', "")
    path = tmp_path / "jincheng.toml"
    path.write_text(text, encoding="utf-8")
    assert any("结合县级产业发展开展专利导航" in p for p in validate_file(path, source))


@pytest.mark.parametrize(("scheme_id", "sentences", "assigning", "categories"), SEEDS)
def test_every_clause_and_title_is_verbatim(scheme_id, sentences, assigning, categories):
    path, joined = _source(scheme_id)
    scheme = load_scheme(path)
    own = [d for d in scheme.duties if d.source == scheme_id]
    assert [d.id for d in own if d.clause not in joined] == []
    assert [d.id for d in own if d.task not in d.clause] == []
    assert [d.id for d in own if d.verify] == []
    titles = [c.title for c in scheme.categories if c.id not in ("central", "provincial")]
    assert titles == categories
    assert all(t in joined for t in titles)


@pytest.mark.parametrize(("scheme_id", "sentences", "assigning", "categories"), SEEDS)
def test_catch_all_is_encoded(scheme_id, sentences, assigning, categories):
    path, joined = _source(scheme_id)
    catch_all = [d for d in load_scheme(path).duties if d.pays == "catch-all"]
    assert len(catch_all) == 1
    assert "其他未列事项" in catch_all[0].clause and catch_all[0].clause in joined
