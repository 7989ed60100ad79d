"""End to end through the command line: read → place → match → judge → report."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO, project_sheet, write_xlsx

COUNTY_LINES = [
    ("全市性专利导航项目", 12, "本级财力"),  # wrong-level
    ("知识产权维权援助工作经费", 8, "本级财力"),  # ok
    ("知识产权侵权纠纷行政裁决", 5, "市级专项转移支付"),  # entrusted
    ("食品安全抽检经费", 30, "本级财力"),  # not-ip
    ("专利资助资金", 20, "本级财力"),  # unlisted
]


@pytest.fixture
def county_workbook(tmp_path):
    path = tmp_path / "in" / "阳城县市场监督管理局2025年部门预算.xlsx"
    path.parent.mkdir()
    return write_xlsx(path, {
        "部门收支总表": [["部门收支总表"], ["收入", "金额"], ["一般公共预算拨款", 100]],
        "项目支出表": project_sheet("阳城县市场监督管理局2025年项目支出表", COUNTY_LINES),
    })


def _verdicts(report):
    return {line["name"]: (line["verdict"], line["row"]) for wb in report["workbooks"] for line in wb["lines"]}


def test_json_contract(county_workbook, run_json):
    code, report = run_json(county_workbook)
    assert code == 1
    assert report["version"] == 1 and report["errors"] == []
    (wb,) = report["workbooks"]
    assert (wb["scheme"], wb["level"], wb["jurisdiction"]) == ("jincheng", "county", "阳城县")
    assert _verdicts(report) == {
        "全市性专利导航项目": ("wrong-level", 4), "知识产权维权援助工作经费": ("ok", 5),
        "知识产权侵权纠纷行政裁决": ("entrusted", 6), "食品安全抽检经费": ("not-ip", 7), "专利资助资金": ("unlisted", 8),
    }
    line = wb["lines"][0]
    assert line["amount_yuan"] == 120000.0 and line["funding"] == "本级财力"
    assert line["duty"]["level"] == "city" and line["duty"]["category"] == "知识产权运用促进"
    assert line["findings"][0]["rule"] == "wrong-level"
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [(f["rule"], f["sheet"], f["row"]) for f in errors] == [("wrong-level", "项目支出表", 4)]
    assert {s["name"]: s["status"] for s in wb["sheets"]} == {"部门收支总表": "skipped", "项目支出表": "read"}


def test_not_ip_lines_never_flagged(county_workbook, run_json):
    _, report = run_json(county_workbook)
    flagged_rows = {(f["sheet"], f["row"]) for f in report["findings"]}
    assert ("项目支出表", 7) not in flagged_rows


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on(county_workbook, run_cli, fail_on, expected):
    code, _, _ = run_cli("check", county_workbook, "--fail-on", fail_on, "--jobs", "1")
    assert code == expected


def test_text_format_lines(county_workbook, run_cli):
    code, out, _ = run_cli("check", county_workbook, "--jobs", "1")
    first = out.splitlines()[0]
    assert first.startswith(f"{county_workbook}:项目支出表!4: BL101 [error]")


def test_bad_input_is_one_line_and_batch_goes_on(county_workbook, run_json, tmp_path):
    broken = county_workbook.parent / "坏文件.xlsx"
    broken.write_bytes(b"this is not a workbook")
    code, report = run_json(county_workbook.parent)
    assert code == 2
    assert [e["path"] for e in report["errors"]] == [str(broken)]
    assert "\n" not in report["errors"][0]["message"] and "Traceback" not in report["errors"][0]["message"]
    assert len(report["workbooks"]) == 1


def test_jurisdiction_override(county_workbook, run_json):
    _, report = run_json(county_workbook, "--jurisdiction", "晋城市")
    wb = report["workbooks"][0]
    assert (wb["level"], wb["jurisdiction"]) == ("city", "晋城市")
    assert _verdicts(report)["全市性专利导航项目"][0] == "ok"


def test_unknown_jurisdiction_is_a_clear_error(tmp_path, run_cli):
    path = write_xlsx(tmp_path / "budget.xlsx", {"项目支出表": project_sheet("某单位项目支出表", COUNTY_LINES)})
    code, _, err = run_cli("check", path, "--jobs", "1")
    assert code == 2 and "--jurisdiction" in err and "Traceback" not in err


def test_output_is_deterministic(county_workbook, run_cli, tmp_path):
    outputs = []
    for fmt in ("json", "html", "sarif"):
        for n in range(2):
            out = tmp_path / f"r{n}.{fmt}"
            run_cli("check", county_workbook, "--format", fmt, "--output", out, "--jobs", "1")
            outputs.append(out.read_bytes())
        assert outputs[-1] == outputs[-2], fmt


def test_refuses_output_over_input(county_workbook, run_cli):
    code, _, err = run_cli("check", county_workbook, "--output", county_workbook)
    assert code == 2 and "input" in err


def test_rule_docs(run_cli):
    code, out, _ = run_cli("rule", "BL101")
    assert code == 0 and "wrong-level" in out and "如何改正" in out and "How to fix" not in out
    code, out, _ = run_cli("rule", "BL101", "--lang", "en")
    assert code == 0 and "How to fix" in out and "如何改正" not in out
    code, out, _ = run_cli("rules")
    assert out.count("\n") >= 13 and "强制性" in out


def test_explain(run_cli):
    code, out, _ = run_cli("explain", "全市性专利导航项目", "--jurisdiction", "阳城县", "--funding", "本级财力")
    assert code == 0 and "wrong-level" in out and "专利导航" in out


def test_explain_reads_the_description_and_the_function_code(run_cli):
    """--description is read as the line's 项目概述 (here it names the task), --code shown as
    the IP 科目编码 it is."""
    plain = run_cli("explain", "知识产权工作经费", "--jurisdiction", "阳城县")[1]
    code, out, _ = run_cli("explain", "知识产权工作经费", "--jurisdiction", "阳城县",
                           "--description", "结合全市产业开展专利导航", "--code", "2011409")
    assert code == 0 and "unlisted" in plain and "2011409" not in plain
    assert "wrong-level" in out and "navigation" in out and "2011409" in out


@pytest.mark.parametrize("where", ["option", "configuration"])
def test_exclude_leaves_workbooks_out(county_workbook, tmp_path, run_json, where):
    """--exclude GLOB (repeatable) and exclude = [...]: a matching file is never read (a
    broken 草稿 would otherwise be an error)."""
    (county_workbook.parent / "预算草稿.xlsx").write_bytes(b"")
    (county_workbook.parent / "old").mkdir()
    (county_workbook.parent / "old" / "旧.xlsx").write_bytes(b"")
    assert run_json(county_workbook.parent)[1]["errors"] != []
    if where == "option":
        code, report = run_json(county_workbook.parent, "--exclude", "*草稿*", "--exclude", "*/old/*")
    else:
        (tmp_path / "budgetlint.toml").write_text('exclude = ["*草稿*", "*/old/*"]\n', encoding="utf-8")
        code, report = run_json(county_workbook.parent)
    assert code == 1 and report["errors"] == []
    assert [wb["path"] for wb in report["workbooks"]] == [str(county_workbook)]


def test_progress_bar_only_on_a_terminal_and_never_with_no_progress(county_workbook, run_cli, monkeypatch):
    from budgetlint import _check

    assert "[#" not in run_cli("check", county_workbook, "--jobs", "1")[2]  # not a terminal here
    monkeypatch.setattr(_check, "stderr_is_terminal", lambda: True)
    assert "[#" in run_cli("check", county_workbook, "--jobs", "1")[2]
    assert "[#" not in run_cli("check", county_workbook, "--jobs", "1", "--no-progress")[2]


def test_python_dash_m_version():
    out = subprocess.run([sys.executable, "-m", "budgetlint", "--version"], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0 and "budgetlint" in out.stdout


def test_samples_lint_end_to_end(run_json):
    code, report = run_json(REPO / "sample_budgets")
    assert report["errors"] == []
    levels = {(wb["scheme"], wb["level"]) for wb in report["workbooks"]}
    assert levels >= {("jincheng", "city"), ("jincheng", "county"), ("shijiazhuang", "city"), ("shijiazhuang", "county")}
    verdicts = {line["verdict"] for wb in report["workbooks"] for line in wb["lines"]}
    assert {"ok", "wrong-level", "not-ip"} <= verdicts
    assert code == 1


@pytest.mark.usefixtures("english")
def test_schemes_validate_names_the_line(tmp_path, run_cli):
    bad = tmp_path / "bad.toml"
    bad.write_text('[scheme]\nid = "x"\ntitle = "t"\n\n[[jurisdictions]]\nname = "甲县"\nlevel = "province"\n', encoding="utf-8")
    code, out, err = run_cli("schemes", "validate", bad)
    assert code == 2 and "line 6" in err and "level" in err
    code, out, _ = run_cli("schemes", "validate", REPO / "schemes" / "jincheng.toml")
    assert code == 0 and "valid" in out


@pytest.mark.usefixtures("english")
def test_schemes_draft_writes_a_valid_scheme_and_names_a_bad_file(tmp_path, run_cli):
    out = tmp_path / "draft.toml"  # no base.toml beside it: the one budgetlint ships is used
    code, _, err = run_cli("schemes", "draft", REPO / "schemes" / "sources" / "jincheng.txt", "--id", "jc-draft", "--output", out)
    assert code == 0 and "review: 0" in err
    assert run_cli("schemes", "validate", out)[0] == 0
    junk = tmp_path / "notes.txt"
    junk.write_text("会议纪要：本周无事。", encoding="utf-8")
    code, _, err = run_cli("schemes", "draft", junk)
    assert code == 2 and str(junk) in err and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.usefixtures("english")
def test_init_writes_once(tmp_path, run_cli):
    code, _, _ = run_cli("init", tmp_path)
    assert code == 0 and (tmp_path / "budgetlint.toml").exists()
    code, _, err = run_cli("init", tmp_path)
    assert code == 2 and "already exists" in err


@pytest.mark.usefixtures("english")
def test_unknown_scheme_is_one_usage_error(county_workbook, run_cli):
    code, out, err = run_cli("check", county_workbook, county_workbook.parent, "--scheme", "nosuch", "--jobs", "2")
    assert code == 2
    assert err.count("nosuch") == 1 and "unknown scheme" in err and "Traceback" not in err


def test_check_leaves_the_garbage_collector_as_it_found_it(county_workbook, run_cli):
    """check collects rarely during its run (it is tuned for that), then restores the caller's
    settings: tests and programs that call the command in-process keep theirs."""
    import gc

    before = (gc.get_threshold(), gc.get_freeze_count())
    run_cli("check", county_workbook, "--jobs", "1")
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_version_answers_before_anything_heavy_is_imported():
    """`budgetlint --version` must cost about an interpreter's start (issue 22): click, the
    models and the engine stay unimported."""
    code = ("import sys\nsys.argv = ['budgetlint', '--version']\nfrom budgetlint._entry import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('click', 'budgetlint.models', 'budgetlint.engine') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0 and out.stdout.splitlines() == ["budgetlint, version " + __import__("budgetlint").__version__, "[]"]
