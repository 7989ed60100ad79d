"""Shared test helpers: tiny workbooks built in tmp_path from tables of rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetlint._i18n import set_language
from budgetlint.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """A workbook with one sheet per entry, rows written as given (None = empty cell)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def project_sheet(title: str, lines: Sequence[Sequence[object]], unit: str = "万元") -> list[list[object]]:
    """A 项目支出表 in the usual layout: title, 编制单位 line, header, lines, 合计."""
    total = sum(float(line[1]) for line in lines if isinstance(line[1], (int, float)))
    return [
        [title],
        [f"编制单位：{title[:6]}", None, f"单位：{unit}"],
        ["项目名称", f"金额（{unit}）", "资金来源"],
        *[list(line) for line in lines],
        ["合计", total, None],
    ]


@pytest.fixture(autouse=True)
def _default_language(monkeypatch):
    """Every test starts in budgetlint's default language (Chinese), whatever the machine's
    locale: no LANGUAGE, LC_ALL or LC_MESSAGES, LANG=C.UTF-8, no language chosen."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language(None)
    yield
    set_language(None)


@pytest.fixture
def english(monkeypatch):
    """An English locale (LANG=en_US.UTF-8): messages and reports in English, in this process
    and in any it starts. For tests that assert on English wording."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")


@pytest.fixture
def run_cli():
    """Invoke the CLI in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


@pytest.fixture
def run_json(run_cli, tmp_path):
    """Run `check --format json` and return (exit code, parsed report)."""

    def run(*args: str) -> tuple[int, dict]:
        out = tmp_path / "out" / "report.json"
        out.parent.mkdir(exist_ok=True)
        code, _, stderr = run_cli("check", *args, "--format", "json", "--output", out, "--jobs", "1")
        assert out.exists(), stderr
        return code, json.loads(out.read_text(encoding="utf-8"))

    return run
