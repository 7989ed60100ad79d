"""Schemes outside the box (issue 17): a folder of a bureau's own schemes named in the
configuration is searched like the bundled ones, paths in the configuration mean the same
from any working directory, and `schemes list` says where each scheme came from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import project_sheet, write_xlsx

CITY = Path(__file__).resolve().parents[1] / "draft" / "cities" / "zhangye"
COUNTY = "甘州区"  # a jurisdiction of the hand-written 张掖 scheme, which no bundled scheme covers
LINES = [("甘州区知识产权维权援助工作经费", 10.0, "本级财力"), ("专利行政裁决工作经费", 8.0, "本级财力"),
         ("办公楼物业费", 3.0, "本级财力")]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A budget repository: its config, its own scheme folder, a county workbook in a subfolder."""
    root = tmp_path / "repo"
    (root / "our-schemes").mkdir(parents=True)
    shutil.copy(CITY / "hand.toml", root / "our-schemes" / "zhangye.toml")
    (root / "budgets").mkdir()
    write_xlsx(root / "budgets" / f"{COUNTY}市场监督管理局2025年部门预算.xlsx",
               {"项目支出表": project_sheet(f"{COUNTY}2025年部门预算项目支出表", LINES)})
    (tmp_path / "elsewhere").mkdir()
    return root


def _check(run_cli, root: Path, out: Path) -> tuple[int, dict, str]:
    code, _, err = run_cli("check", root / "budgets", "--format", "json", "--output", out, "--jobs", "1")
    return code, json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}, err


def _config(root: Path, body: str) -> None:
    (root / "budgetlint.toml").write_text(body, encoding="utf-8")


@pytest.mark.parametrize("body", ['scheme-folders = ["our-schemes"]', 'scheme = "our-schemes/zhangye.toml"'],
                         ids=["scheme-folders", "scheme path"])
def test_configured_scheme_is_used_from_any_working_directory(repo, run_cli, monkeypatch, body):
    _config(repo, body)
    monkeypatch.chdir(repo.parent / "elsewhere")  # paths in the config are the config file's, not ours
    code, report, err = _check(run_cli, repo, repo.parent / "elsewhere" / "report.json")
    assert code in (0, 1), err
    (workbook,) = report["workbooks"]
    assert (workbook["scheme"], workbook["jurisdiction"], workbook["level"]) == ("zhangye-hand", COUNTY, "county")
    assert {(f["rule"], f["name"]) for f in report["findings"]} == {("wrong-level", "专利行政裁决工作经费")}


def test_without_the_folder_the_city_has_no_scheme(repo, run_cli):
    code, report, err = _check(run_cli, repo, repo.parent / "report.json")
    assert code == 2 and "张掖市" in err and "--scheme" in err
    assert not report["findings"] and [e["path"] for e in report["errors"]] == [
        str(repo / "budgets" / f"{COUNTY}市场监督管理局2025年部门预算.xlsx")]


def test_schemes_list_shows_where_each_came_from(repo, run_cli, monkeypatch):
    _config(repo, 'scheme-folders = ["our-schemes"]')
    monkeypatch.chdir(repo)
    code, out, err = run_cli("schemes", "list")
    assert code == 0, err
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert rows["zhangye-hand"].rstrip().endswith(str(repo / "our-schemes" / "zhangye.toml"))
    assert rows["jincheng"].rstrip().endswith("内置")  # bundled, in the run's language
    code, out, _ = run_cli("schemes", "list", "--lang", "en")
    assert code == 0 and any(line.startswith("jincheng") and line.rstrip().endswith("bundled") for line in out.splitlines())
    code, out, _ = run_cli("schemes", "show", "张掖市")
    assert code == 0 and "zhangye-hand" in out


def test_a_folder_that_is_not_there_is_one_config_error(repo, run_cli):
    _config(repo, 'scheme-folders = ["our-scheme"]')
    code, out, err = run_cli("check", repo / "budgets", "--jobs", "1")
    assert code == 2 and not out
    assert err.count("\n") == 1 and "budgetlint.toml" in err and "scheme-folders" in err
