"""Issue 19: file and folder names and paths. A name in another encoding or shaped like a
CI command, a folder that cannot be read, a workbook reached by several paths, a path
with nothing to lint: each is reported as the bytes allow, once, and never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from budgetlint import _inputs

from .corpus import GOOD_VERDICTS, check, good_workbook, state

GBK_NAME = os.fsdecode("阳城县市场监督管理局2025年部门预算".encode("gbk") + b".xlsx")  # as unzipped on Linux


def _valid(fmt: str, text: str) -> None:
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "junit":
        ET.fromstring(text)
    elif fmt == "html":
        HTMLParser().feed(text)
        assert "</html>" in text
    elif fmt == "github":
        assert all(line.startswith("::") for line in text.splitlines())
    else:
        assert text.splitlines()[-2].startswith("1 workbook(s)")


NAME_FORMATS = ["text", "json", "html", "sarif", "junit", "github"]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("fmt", NAME_FORMATS)
@pytest.mark.usefixtures("english")
def test_a_file_name_in_gbk_bytes_is_linted_in_every_format(tmp_path, fmt, jobs):
    folder = tmp_path / "in"
    shutil.copy(good_workbook(tmp_path / "src"), folder.mkdir() or folder / GBK_NAME)
    out = tmp_path / "out" / f"report.{fmt}"
    out.parent.mkdir()
    run = check(folder, "--format", fmt, "--output", out, jobs=jobs)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.code == 1, run.stderr  # the wrong-level line, nothing else
    _valid(fmt, out.read_bytes().decode("utf-8"))  # strict UTF-8: no lone surrogate written


def test_a_gbk_name_is_shown_as_its_bytes_in_text_and_found_by_its_path(tmp_path):
    folder = tmp_path / "in"
    shutil.copy(good_workbook(tmp_path / "src"), folder.mkdir() or folder / GBK_NAME)
    run = check(folder, report=tmp_path / "report.json")
    assert run.verdicts(folder / GBK_NAME) == GOOD_VERDICTS  # the JSON keeps the name (escaped as \udcxx)
    shown = check(folder).stdout.splitlines()[0]
    assert shown.startswith(f"{folder}/\\xd1\\xf4\\xb3\\xc7")  # 阳城 in GBK, byte by byte


COMMAND_NAMES = ["::error title=伪造::forged.xlsx", "##[error]forged.xlsx", "  ::warning::forged.xlsx"]


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_a_file_named_like_a_workflow_command_starts_no_command(tmp_path, monkeypatch, name):
    """The text format is what a CI log and the pre-commit hook show: a runner reads '::'
    at the start of a line (after blanks) and '##[' anywhere in one."""
    folder = tmp_path / "in"
    shutil.copy(good_workbook(tmp_path / "src"), folder.mkdir() or folder / name)
    broken = folder / name.replace("forged", "broken")
    broken.write_bytes(b"not a workbook")
    monkeypatch.chdir(folder)
    run = check(name, broken.name)  # as pre-commit passes them: each finding's line starts with the name
    assert run.code == 2 and len(run.stdout.splitlines()) == 5  # three findings, the summary
    for line in (run.stdout + run.stderr).splitlines():
        assert not line.lstrip().startswith("::") and "##[" not in line, line


def test_a_workbook_reached_by_several_paths_is_linted_once(tmp_path):
    folder = tmp_path / "in"
    good = good_workbook(folder)
    (folder / "link.xlsx").symlink_to(good)
    os.link(good, folder / "hard.xlsx")
    (tmp_path / "alias").symlink_to(folder)
    run = check(folder, good, tmp_path / "alias", folder / "link.xlsx", report=tmp_path / "report.json")
    assert run.code == 1 and run.errors() == {}
    assert [wb["path"] for wb in run.report["workbooks"]] == [str(folder / "hard.xlsx")]  # the first, sorted


@pytest.mark.usefixtures("english")
def test_an_unreadable_folder_is_named_and_skipped(tmp_path, monkeypatch):
    """Root reads every folder, so the refusal is made where os.walk lists one."""
    folder = tmp_path / "in"
    good = good_workbook(folder)
    locked = folder / "locked"
    good_workbook(locked)
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path)

    monkeypatch.setattr(_inputs.os, "scandir", scandir)
    before = state(folder)
    run = check(folder, report=tmp_path / "report.json")
    assert run.code == 2 and "Traceback" not in run.stdout + run.stderr
    assert list(run.errors()) == [str(locked)]
    assert "cannot read the folder" in run.errors()[str(locked)]
    assert run.verdicts(good) == GOOD_VERDICTS
    assert [line for line in run.stderr.splitlines() if str(locked) in line] == [f"budgetlint: {run.errors()[str(locked)]}"]
    assert state(folder) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root enters every folder")
def test_a_folder_without_permission_is_named_and_skipped(tmp_path):
    folder = tmp_path / "in"
    good = good_workbook(folder)
    locked = folder / "locked"
    locked.mkdir(mode=0)
    try:
        run = check(folder, report=tmp_path / "report.json")
    finally:
        locked.chmod(0o700)
    assert run.code == 2 and list(run.errors()) == [str(locked)] and run.verdicts(good) == GOOD_VERDICTS


# (case, what the folder holds)
EMPTY = [("empty-folder", []), ("only-pdfs", ["预算说明.pdf", "附件.docx"])]


@pytest.mark.parametrize(("case", "files"), EMPTY, ids=[c for c, _ in EMPTY])
@pytest.mark.usefixtures("english")
def test_nothing_to_lint_is_an_error_unless_allowed(tmp_path, case, files):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in files:
        (folder / name).write_bytes(b"%PDF-1.4")
    run = check(folder)
    assert run.code == 2 and run.stdout == ""
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"budgetlint: {folder}: no workbook to lint")
    allowed = check(folder, "--allow-empty")
    assert allowed.code == 0 and allowed.stderr == ""
    (tmp_path / "budgetlint.toml").write_text("allow-empty = true\n", encoding="utf-8")
    assert check(folder).code == 0
