"""A budget from a city with no scheme says which city and county it is, and points at --scheme."""

from __future__ import annotations

import dataclasses
import json

import pytest

from budgetlint import jurisdiction
from budgetlint.errors import JurisdictionError
from budgetlint.models import Workbook
from budgetlint.schemes import bundled_schemes
from conftest import project_sheet, write_xlsx

LINES = [["专利导航项目", 10, "本级财力"], ["知识产权宣传周活动", 5, "本级财力"]]
DRAFT = "budgetlint schemes draft"


def _error(workbook: Workbook, schemes=None) -> str:
    with pytest.raises(JurisdictionError) as caught:
        jurisdiction.place(workbook, list(schemes or bundled_schemes().values()))
    return str(caught.value)


def _workbook(path: str, *context: str, units: tuple[str, ...] = ()) -> Workbook:
    return Workbook(path=path, lines=(), sheets=(), context=context, unit_names=units, problems=())


# (where the place is named, the workbook, the names the error must give)
NO_SCHEME = [
    ("file name", _workbook("/b/白银市会宁县市场监督管理局2025年部门预算.xlsx"), ["会宁县", "白银市", "甘肃省", "620422"]),
    ("title", _workbook("/b/book.xlsx", "会宁县市场监督管理局2025年项目支出表"), ["会宁县", "白银市"]),
    ("单位名称", _workbook("/b/book.xlsx", units=("太仆寺旗知识产权局",)), ["太仆寺旗", "锡林郭勒盟", "内蒙古自治区"]),
    ("a 城区 after its city", _workbook("/b/阳泉市城区2025年部门预算.xlsx"), ["城区", "阳泉市"]),
    ("a municipality's district", _workbook("/b/北京市朝阳区知识产权局.xlsx"), ["朝阳区", "北京市"]),
    ("a development zone", _workbook("/b/唐山高新区2025年部门预算.xlsx"), ["唐山高新技术产业开发区", "唐山市"]),
    ("a city only", _workbook("/b/兰州市知识产权局2025年部门预算.xlsx"), ["兰州市"]),
]


@pytest.mark.parametrize(("where", "workbook", "names"), NO_SCHEME, ids=[c[0] for c in NO_SCHEME])
@pytest.mark.usefixtures("english")
def test_a_city_with_no_scheme_is_named_with_the_scheme_hint(where, workbook, names):
    message = _error(workbook)
    assert message.startswith(workbook.path)
    for name in names:
        assert name in message
    assert "no scheme is installed for" in message
    assert "--scheme FILE.toml" in message and DRAFT in message
    assert "--jurisdiction" not in message


def test_places_in_several_cities_are_all_named():
    message = _error(_workbook("/b/会宁县.xlsx", units=("兰州市城关区市场监督管理局",)))
    assert "会宁县" in message and "城关区" in message and "兰州市" in message and "--scheme" in message


@pytest.mark.usefixtures("english")
def test_nothing_known_keeps_both_hints():
    message = _error(_workbook("/b/部门预算.xlsx", "项目支出表"))
    assert "--jurisdiction" in message and "--scheme FILE.toml" in message


def test_a_county_its_citys_scheme_does_not_list():
    schemes = list(bundled_schemes().values())
    jincheng = next(s for s in schemes if s.id == "jincheng")
    without = dataclasses.replace(jincheng, jurisdictions=tuple(j for j in jincheng.jurisdictions if j.name != "阳城县"))
    message = _error(_workbook("/b/阳城县2025年部门预算.xlsx"), [without if s is jincheng else s for s in schemes])
    assert "阳城县" in message and "'jincheng'" in message and "--jurisdiction" in message
    assert "no scheme is installed" not in message


def test_a_scheme_given_for_another_city_points_at_the_right_one():
    jincheng = bundled_schemes()["jincheng"]
    message = _error(_workbook("/b/正定县2025年部门预算.xlsx"), [jincheng])
    assert "正定县" in message and "--scheme shijiazhuang" in message


def test_the_schemes_own_places_are_still_placed():
    placement = jurisdiction.place(_workbook("/b/晋城市城区2025年部门预算.xlsx"), list(bundled_schemes().values()))
    assert placement.jurisdiction.name == "城区"


@pytest.mark.usefixtures("english")
def test_an_unknown_jurisdiction_given_by_name_says_which_city():
    with pytest.raises(JurisdictionError) as caught:
        jurisdiction.find_jurisdiction("会宁县", bundled_schemes().values())
    assert "白银市" in str(caught.value) and "--scheme FILE.toml" in str(caught.value)


@pytest.mark.usefixtures("english")
def test_check_on_a_workbook_from_a_city_with_no_scheme(tmp_path, run_cli):
    """The whole path: one clear line naming the file and the place, exit 2, the batch goes on."""
    path = write_xlsx(tmp_path / "白银市会宁县市场监督管理局2025年部门预算.xlsx",
                      {"项目支出表": project_sheet("会宁县市场监督管理局2025年项目支出表", LINES)})
    known = write_xlsx(tmp_path / "阳城县市场监督管理局2025年部门预算.xlsx",
                       {"项目支出表": project_sheet("阳城县市场监督管理局2025年项目支出表", LINES)})
    out = tmp_path / "report.json"
    code, _, err = run_cli("check", path, known, "--format", "json", "--output", out, "--jobs", "1")
    assert code == 2 and "Traceback" not in err
    lines = [line for line in err.splitlines() if str(path) in line]
    assert len(lines) == 1 and "会宁县" in lines[0] and "白银市" in lines[0] and "--scheme FILE.toml" in lines[0]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [w["jurisdiction"] for w in report["workbooks"]] == ["阳城县"]
