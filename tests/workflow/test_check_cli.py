"""Issue 19, item 8: what a newcomer hit on the command line. A mistyped --jurisdiction is
one line with a suggestion, before anything is read; errors are printed once, on standard
error; the pre-commit hook passes over files that are not budget tables, with a note."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hostile.corpus import GOOD_VERDICTS, check, good_workbook  # noqa: E402

REPO = Path(__file__).resolve().parents[2]

# (what was typed, what is suggested)
TYPOS = [("阳诚县", "阳城县"), ("晋成市", "晋城市")]


@pytest.mark.parametrize(("typed", "meant"), TYPOS)
@pytest.mark.usefixtures("english")
def test_a_mistyped_jurisdiction_is_one_line_with_a_suggestion(tmp_path, typed, meant):
    folder = tmp_path / "in"
    for i in range(3):
        good_workbook(folder, f"阳城县市场监督管理局2025年部门预算{i}.xlsx")
    run = check(folder, "--jurisdiction", typed)
    assert run.code == 2 and run.stdout == ""
    (line,) = run.stderr.splitlines()  # once for the run, not once per workbook
    assert line.startswith(f"budgetlint: --jurisdiction: unknown jurisdiction '{typed}'; did you mean ") and meant in line


@pytest.mark.usefixtures("english")
def test_a_mistyped_jurisdiction_in_the_configuration_names_the_file(tmp_path):
    config = tmp_path / "budgetlint.toml"
    config.write_text('[jurisdictions]\n"*/yc/*" = "阳诚县"\n', encoding="utf-8")
    run = check(good_workbook(tmp_path / "in"))
    (line,) = run.stderr.splitlines()
    assert run.code == 2 and line.startswith(f"budgetlint: {config}: key 'jurisdictions.*/yc/*'") and "阳城县" in line


@pytest.mark.usefixtures("english")
def test_errors_are_printed_once_on_standard_error(tmp_path):
    folder = tmp_path / "in"
    good_workbook(folder)
    broken = folder / "坏文件.xlsx"
    broken.write_bytes(b"not a workbook")
    run = check(folder)
    assert run.code == 2
    assert str(broken) not in run.stdout  # the report counts it; the message is on stderr
    assert "1 could not be read" in run.stdout
    (line,) = [line for line in run.stderr.splitlines() if str(broken) in line]
    assert line.startswith(f"budgetlint: {broken}: ")


def _hook_entry() -> list[str]:
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    return shlex.split(re.search(r"^\s*entry:\s*(.+)$", text, re.MULTILINE).group(1))


@pytest.mark.usefixtures("english")
def test_the_pre_commit_hook_passes_over_a_staged_csv_that_is_not_a_budget(tmp_path):
    program, command, *options = _hook_entry()
    assert (program, command) == ("budgetlint", "check")
    good = good_workbook(tmp_path / "repo")
    contacts = tmp_path / "repo" / "联系人.csv"
    contacts.write_text("姓名,电话\n张三,0356-1234567\n", encoding="utf-8")
    broken = tmp_path / "repo" / "坏文件.xlsx"
    run = check(good, contacts, *options, report=tmp_path / "report.json")
    assert run.code == 1 and run.errors() == {} and run.verdicts(good) == GOOD_VERDICTS
    assert [wb["path"] for wb in run.report["workbooks"]] == [str(good)]
    (note,) = run.stderr.splitlines()
    assert note.startswith(f"budgetlint: note: {contacts}: not a budget table")
    broken.write_bytes(b"PK\x03\x04 broken")  # a broken workbook still fails the commit
    assert check(good, contacts, broken, *options).code == 2
