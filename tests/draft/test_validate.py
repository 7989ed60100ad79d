"""`budgetlint schemes validate FILE [--source TEXT]` on bad files: every problem is named with
its file, the line to fix where there is one, and what to do; never a traceback, exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetlint.draft import draft_scheme, read_scheme_text

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "schemes" / "sources" / "jincheng.txt"

_HEAD = """[scheme]
id = "x"
title = "t"
extends = ["base"]

[[jurisdictions]]
name = "晋城市"
level = "city"

[[jurisdictions]]
name = "阳城县"
level = "county"
"""
_NAVIGATION = """
[[clauses]]
pays = "{pays}"
text = "将全市性专利导航，确认为市级财政事权。"
tasks = [{{ task = "{task}", wording = "{wording}" }}]
"""


def _clause(pays: str = "city", task: str = "navigation", wording: str = "全市性专利导航") -> str:
    return _NAVIGATION.format(pays=pays, task=task, wording=wording)


# (file text, [(line or None, words of the problem, words of its fix)])
BAD = [
    pytest.param('jurisdictions = ["阳城县"]\n[scheme]\nid = "x"\ntitle = "t"\n',
                 [(1, "jurisdictions must be", "[[jurisdictions]] tables")], id="jurisdictions-as-a-list"),
    pytest.param(_HEAD.replace('title = "t"\n', 'title = "t"\njurisdictions = ["阳城县"]\n'),
                 [(4, "unknown key 'jurisdictions' in [scheme]", "allowed:")], id="jurisdictions-inside-scheme"),
    pytest.param(_HEAD.replace('name = "阳城县"', "name = 1").replace('level = "county"', ""),
                 [(11, "name must be a string", '("…")'), (10, "level must be one of", "city, county")],
                 id="jurisdiction-name-a-number"),
    pytest.param(_HEAD + _clause() + _clause(wording="全市性专利导航"),
                 [(None, "duty id 'x-navigation-city' is used twice", "give one of them another id"),
                  (20, "task 'navigation' has 2 city duties", "one city and/or one county duty")],
                 id="two-city-duties-of-a-task"),
    pytest.param(_HEAD + _clause(pays="citi", task="navigaton"),
                 [(15, "pays = 'citi'", "allowed: city"), (17, "no task 'navigaton' in the catalogue", "did you mean navigation")],
                 id="typos-in-pays-and-task"),
    pytest.param(_HEAD + _clause(wording="全市专利导航"),
                 [(17, "does not occur in the clause text", "quote the task exactly")], id="wording-not-quoted"),
    pytest.param(_HEAD + _clause().replace('text = "将全市性专利导航，确认为市级财政事权。"', 'text = ["将全市性专利导航"]'),
                 [(16, "text must be a string", '("…")')], id="clause-text-a-list"),
    pytest.param(_HEAD + _clause() + 'note = "TODO: 待核实"\n', [(18, "still holds a placeholder", "fill it in")],
                 id="placeholder-left"),
    pytest.param(_HEAD.replace('name = "阳城县"\nlevel = "county"', 'name = "阳城县"\nlevel = "city"') + _clause(),
                 [(None, "no jurisdiction of level 'county'", "list the city and every district")], id="no-county"),
    pytest.param(_HEAD.replace('extends = ["base"]', 'extends = ["bsae"]'),
                 [(4, "extends 'bsae'", "beside this file or in budgetlint's own schemes")], id="extends-unknown"),
    pytest.param("[scheme\nid = 1\n", [(None, "not valid TOML", "at line 1")], id="not-toml"),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
@pytest.mark.usefixtures("english")
def test_bad_scheme_files(tmp_path: Path, run_cli, text: str, expected: list) -> None:
    path = tmp_path / "city.toml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("schemes", "validate", path)
    assert code == 2 and out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert all(line.startswith(f"{path}: ") for line in lines)
    for line_number, problem, fix in expected:
        found = [line for line in lines if problem in line]
        assert found, (problem, err)
        assert fix in found[0]
        if line_number is not None:
            assert f": line {line_number}: " in found[0], found[0]


@pytest.mark.usefixtures("english")
def test_unreadable_files_are_one_line_each(tmp_path: Path, run_cli) -> None:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\x00\x01\xff\xfe")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 3000 + "1" + "]" * 3000 + "\n", encoding="utf-8")
    good = REPO / "schemes" / "jincheng.toml"
    code, out, err = run_cli("schemes", "validate", binary, folder, deep, tmp_path / "absent.toml", good)
    assert code == 2 and "Traceback" not in err
    assert len(err.splitlines()) == 4  # one line per bad file; the good one is still checked
    assert f"{good}: valid" in out


# ---------------------------------------------------------------------------
# Against the published text: --source, or the scheme's own `source`.


def _drafted(tmp_path: Path) -> Path:
    path = tmp_path / "jincheng.toml"
    path.write_text(draft_scheme(read_scheme_text(SOURCE), "jc").toml, encoding="utf-8")
    return path


@pytest.mark.usefixtures("english")
def test_a_draft_is_valid_against_its_source(tmp_path: Path, run_cli) -> None:
    code, out, _ = run_cli("schemes", "validate", _drafted(tmp_path), "--source", SOURCE)
    assert code == 0 and "valid (checked against" in out


SOURCE_PROBLEMS = [
    # (edit of the drafted file, problem words, fix words, whether the problem has a line)
    pytest.param(lambda t: t.replace('    { task = "navigation", wording = "结合县级产业发展开展专利导航" },\n', ""),
                 "the task '结合县级产业发展开展专利导航'", 'add { task = "<catalogue id>"', True, id="task-missing"),
    pytest.param(lambda t: t.replace("全市性知识产权保护体系建设", "全市知识产权保护体系建设"),
                 "is not quoted verbatim", "copy the sentence from the text", True, id="clause-retyped"),
    pytest.param(lambda t: "\n[[clauses]]\n".join(b for b in t.split("\n[[clauses]]\n")
                                                   if not b.startswith('section = "二、（五）"\npays = "city"')),
                 "no [[clauses]] entry quotes the sentence '将市级层面与外国地方政府", "add one", False, id="clause-missing"),
]


@pytest.mark.parametrize(("edit", "problem", "fix", "has_line"), SOURCE_PROBLEMS)
@pytest.mark.usefixtures("english")
def test_problems_against_the_source(tmp_path: Path, run_cli, edit, problem: str, fix: str, has_line: bool) -> None:
    path = _drafted(tmp_path)
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert run_cli("schemes", "validate", path)[0] == 0  # without the text, nothing to compare with
    code, _, err = run_cli("schemes", "validate", path, "--source", SOURCE)
    assert code == 2 and "Traceback" not in err
    [line] = [line for line in err.splitlines() if problem in line]
    assert fix in line and line.startswith(f"{path}: ")
    assert bool(re.match(rf"{re.escape(str(path))}: line \d+: ", line)) == has_line


def test_the_schemes_own_source_is_used(tmp_path: Path, run_cli) -> None:
    path = _drafted(tmp_path)
    text = path.read_text(encoding="utf-8").replace('extends = ["base"]', 'extends = ["base"]\nsource = "missing.txt"')
    path.write_text(text, encoding="utf-8")
    code, _, err = run_cli("schemes", "validate", path)
    assert code == 2 and "source" in err and "missing.txt" in err and "--source" in err
    code, _, _ = run_cli("schemes", "validate", path, "--source", SOURCE)  # --source wins
    assert code == 0


@pytest.mark.usefixtures("english")
def test_draft_refuses_to_replace_a_file(tmp_path: Path, run_cli) -> None:
    out = tmp_path / "city.toml"
    out.write_text("# mine\n", encoding="utf-8")
    code, _, err = run_cli("schemes", "draft", SOURCE, "-o", out)
    assert code == 2 and "already exists" in err and out.read_text(encoding="utf-8") == "# mine\n"
    code, _, _ = run_cli("schemes", "draft", SOURCE, "-o", out, "--force")
    assert code == 0 and out.read_text(encoding="utf-8").startswith("# Scheme for 晋城市")
