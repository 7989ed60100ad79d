"""Issue 19: configuration, suppression, baseline, pyproject and scheme files that are
huge, deeply nested or binary. Each is one line naming the file and exit 2, in a moment,
before any workbook is read; a pyproject.toml that is not budgetlint's is not ours to judge.
"""

from __future__ import annotations

import pytest

from .corpus import GOOD_VERDICTS, check, good_workbook


def _nested_toml(depth: int = 20_000) -> str:
    return "x = " + "[" * depth + "]" * depth + "\n"


def _nested_json(depth: int = 100_000) -> str:
    return '{"tool": "budgetlint", "version": 1, "findings": ' + "[" * depth + "]" * depth + "}"


def _huge_suppressions() -> str:
    entry = '[[suppress]]\nworkbook = "阳城县.xlsx"\nrule = "wrong-level"\nreason = "经市财政局同意"\n\n'
    return entry * (3 * 2**20 // len(entry.encode()) + 1)  # just over 3 MB


BINARY = bytes(range(256)) * 64

# (case, file name, its content, the option that names it, what the error says)
FILES = [
    ("suppressions-3-MB", "s.toml", _huge_suppressions(), "--suppressions", "too large"),
    ("suppressions-nested", "s.toml", _nested_toml(), "--suppressions", "nested too deeply"),
    ("suppressions-binary", "s.toml", BINARY, "--suppressions", "not UTF-8"),
    ("baseline-nested", "b.json", _nested_json(), "--baseline", "nested too deeply"),
    ("baseline-binary", "b.json", BINARY, "--baseline", "not a budgetlint baseline"),
    ("config-nested", "c.toml", _nested_toml(), "--config", "nested too deeply"),
    ("config-binary", "c.toml", BINARY, "--config", "not UTF-8"),
    ("config-3-MB", "c.toml", "# " + "x" * 3 * 2**20 + "\n", "--config", "too large"),
    ("scheme-nested", "s.toml", _nested_toml(), "--scheme", "nested too deeply"),
    ("scheme-3-MB", "s.toml", "# " + "x" * 3 * 2**20 + "\n", "--scheme", "too large"),
]


@pytest.mark.parametrize(("case", "name", "content", "option", "says"), FILES, ids=[c[0] for c in FILES])
@pytest.mark.usefixtures("english")
def test_a_hostile_settings_file_is_one_line_naming_it(tmp_path, case, name, content, option, says):
    good = good_workbook(tmp_path / "in")
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    run = check(good, option, path)
    assert run.code == 2 and run.stdout == ""
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"budgetlint: {path}: ") and says in line, line


def test_an_unrelated_nested_pyproject_is_left_alone(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.other]\n" + _nested_toml(), encoding="utf-8")
    good = good_workbook(tmp_path / "in")
    run = check(good, report=tmp_path / "report.json")
    assert run.code == 1 and run.verdicts(good) == GOOD_VERDICTS


@pytest.mark.usefixtures("english")
def test_a_budgetlint_pyproject_that_is_nested_names_the_file(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.budgetlint]\nfail-on = \"error\"\n" + _nested_toml(), encoding="utf-8")
    run = check(good_workbook(tmp_path / "in"))
    assert run.code == 2
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"budgetlint: {pyproject}: ") and "nested too deeply" in line
