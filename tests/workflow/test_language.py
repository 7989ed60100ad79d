"""Issue 18: every word a preparer reads in Chinese, English by --lang en, the configuration's
lang or an English locale. Asserted on the presence of Chinese characters and the absence
of English words, never on wording."""

from __future__ import annotations

import multiprocessing
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from budgetlint import _i18n, _parallel
from budgetlint._i18n import locale_language, set_language
from budgetlint._output import plan
from budgetlint.cli import main
from budgetlint.config import load_config
from budgetlint.engine import LintOptions, lint_paths
from budgetlint.errors import (
    ConfigError, JurisdictionError, NoProjectTable, OutputError, SchemeError, UnsafeInput, UnsupportedFormat,
)
from budgetlint.jurisdiction import find_jurisdiction
from budgetlint.read import ReadLimits, read_workbook
from budgetlint.schemes import bundled_schemes, find_scheme
from conftest import project_sheet, write_xlsx

CJK = re.compile("[\u4e00-\u9fff]")
#: Words English messages are made of; none belongs in a Chinese one (which may quote keys,
#: formats and option names: allow-empty, max-file-mb, --format text).
ENGLISH = re.compile(r"\b(the|not|is|an?|of|cannot|unknown|allowed|workbook|folder|expected|must|could|missing)\b",
                     re.IGNORECASE)
#: Chinese punctuation: an English message may quote Chinese names, never write Chinese.
CHINESE_PUNCTUATION = re.compile("[：；，。（）]")
PATHS = re.compile(r"(/[^\s：:，,；;（）()']+)+")


def chinese(text: str) -> bool:
    """Chinese words and no English ones (paths removed)."""
    text = PATHS.sub("", text)
    return bool(CJK.search(text)) and not ENGLISH.search(text)


def english(text: str) -> bool:
    """English words and no Chinese punctuation (paths removed; names may be Chinese)."""
    text = PATHS.sub("", text)
    return bool(re.search(r"[A-Za-z]{3,} [a-z]{2,}", text)) and not CHINESE_PUNCTUATION.search(text)


def _cli(*args: object, lang_env: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": lang_env}
    return subprocess.run([sys.executable, "-m", "budgetlint", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120)


def _budget(folder: Path, name: str = "yangcheng.xlsx") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_xlsx(folder / name, {"项目支出表": project_sheet("阳城县2025年项目支出表", [("全市性专利导航项目", 12, "本级财力")])})


# -- choosing the language -------------------------------------------------------


@pytest.mark.parametrize(("variables", "expected"), [
    ({}, "zh"),
    ({"LANG": "C.UTF-8"}, "zh"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "en_GB"}, "en"),
    ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh"),  # LC_ALL wins over LANG
    ({"LANG": "en_US.UTF-8", "LC_ALL": "C"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "en_US:en"}, "en"),  # gettext's order: LANGUAGE first
    ({"LANG": "en_US.UTF-8", "LC_ALL": ""}, "en"),  # set but empty: not a choice
])
def test_the_locale_chooses(monkeypatch, variables, expected):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert locale_language() == expected


def test_a_language_set_wins_over_the_locale_until_given_back(monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert _i18n.say("中", "en") == "en"
    set_language("zh")
    assert _i18n.say("中", "en") == "中" and _i18n.chosen_language() == "zh"
    set_language(None)
    assert _i18n.language() == "en"
    with pytest.raises(ValueError):
        set_language("fr")


def test_english_locale_gives_english_errors_and_none_gives_chinese(tmp_path):
    """A zero-byte .xlsx through the real command: its one line in the locale's language."""
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    chinese_run, english_run = _cli("check", empty), _cli("check", empty, lang_env="en_US.UTF-8")
    assert chinese_run.returncode == english_run.returncode == 2
    assert chinese(chinese_run.stderr), chinese_run.stderr
    assert english(english_run.stderr) and not CJK.search(english_run.stderr), english_run.stderr
    assert _cli("check", empty, "--lang", "en").stderr == english_run.stderr  # --lang beats the locale
    assert _cli("check", empty, "--lang", "zh", lang_env="en_US.UTF-8").stderr == chinese_run.stderr


@pytest.mark.parametrize(("config", "option", "expected"), [
    ('lang = "en"\n', (), "en"),
    ('lang = "en"\n', ("--lang", "zh"), "zh"),  # the command line wins over the file
    ('lang = "zh"\n', (), "zh"),
    ("", (), "zh"),
])
def test_the_configuration_chooses_after_the_command_line(tmp_path, run_cli, config, option, expected):
    (tmp_path / "budgetlint.toml").write_text(config, encoding="utf-8")
    empty = tmp_path / "in" / "empty.xlsx"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    code, _, err = run_cli("check", empty, *option)
    assert code == 2
    assert (english if expected == "en" else chinese)(err)


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_a_worker_speaks_the_language_of_the_run_however_it_was_started(tmp_path, monkeypatch, start):
    """LintOptions.lang reaches the workers, forked or spawned, whatever this process speaks."""
    if start not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {start} here")
    empty = tmp_path / "in" / "empty.xlsx"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    monkeypatch.setattr(_parallel, "_context", lambda: multiprocessing.get_context(start))
    for lang, wanted in (("en", english), ("zh", chinese)):
        set_language("zh" if lang == "en" else "en")  # this process speaks the other one
        ((_, message),) = lint_paths([empty], LintOptions(jobs=1, lang=lang)).errors
        assert wanted(message), message


def test_the_coordinators_errors_speak_the_run_language_too(tmp_path, monkeypatch):
    """Errors made outside the workers (a worker killed for overrunning) follow LintOptions.lang
    as the workers' do, and the process's own language is given back afterwards."""
    import time

    from budgetlint import engine

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the hanging reader reaches the worker by fork")
    book = write_xlsx(tmp_path / "阳城县2025年部门预算.xlsx", {"项目支出表": project_sheet("项目支出表", [("专利导航", 1.0, "")])})
    monkeypatch.setattr(engine, "lint_workbook", lambda path, options: time.sleep(60))  # hangs past its own timer
    for lang, wanted in (("en", english), ("zh", chinese)):
        set_language("zh" if lang == "en" else "en")
        ((_, message),) = lint_paths([book], LintOptions(jobs=1, lang=lang, timeout_seconds=0.5)).errors
        assert wanted(message), message
        assert _i18n.chosen_language() == ("zh" if lang == "en" else "en")


# -- every kind of error, Chinese by default --------------------------------------


def _empty_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "empty.xlsx"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"")
    return path


def _bad_config(tmp_path: Path) -> Path:
    path = tmp_path / "budgetlint.toml"
    path.write_text("fail_on = 'error'\n", encoding="utf-8")
    return path


def _raised(call) -> Exception:
    try:
        call()
    except Exception as exc:  # noqa: BLE001 — the test inspects it
        return exc
    raise AssertionError("nothing raised")


# (the class, a common bad input that raises it: tmp_path -> the call)
ERRORS = [
    (UnsupportedFormat, lambda t: lambda: read_workbook(_empty_workbook(t))),
    (NoProjectTable, lambda t: lambda: read_workbook(write_xlsx(t / "notes.xlsx", {"Sheet1": [["x"], ["a", 1]]}))),
    (UnsafeInput, lambda t: lambda: read_workbook(_budget(t / "in"), ReadLimits(max_file_bytes=10))),
    (ConfigError, lambda t: lambda: load_config(_bad_config(t))),
    (JurisdictionError, lambda t: lambda: find_jurisdiction("火星县", bundled_schemes().values())),
    (SchemeError, lambda t: lambda: find_scheme("nosuch")),
    (OutputError, lambda t: lambda: plan(t / "missing" / "report.json", "json", (), ())),
]


@pytest.mark.parametrize(("kind", "make"), ERRORS, ids=[k.__name__ for k, _ in ERRORS])
def test_every_kind_of_error_is_chinese_by_default(tmp_path, kind, make):
    exc = _raised(make(tmp_path))
    assert type(exc) is kind and chinese(str(exc)), str(exc)
    set_language("en")
    exc = _raised(make(tmp_path))
    assert type(exc) is kind and english(str(exc)), str(exc)


# (what is wrong, the check arguments, given a tmp_path)
CLI_ERRORS = [
    ("unreadable workbook", lambda t: (_empty_workbook(t),)),
    ("bad configuration key", lambda t: (_budget(t / "in"), "--config", _bad_config(t))),
    ("unknown jurisdiction", lambda t: (_budget(t / "in"), "--jurisdiction", "火星县")),
    ("unknown scheme", lambda t: (_budget(t / "in"), "--scheme", "nosuch")),
    ("bad output path", lambda t: (_budget(t / "in"), "--output", t / "missing" / "report.txt")),
    ("unknown rule", lambda t: (_budget(t / "in"), "--select", "XX")),
    ("nothing to lint", lambda t: (t,)),
]


@pytest.mark.parametrize(("what", "make"), CLI_ERRORS, ids=[w for w, _ in CLI_ERRORS])
def test_check_errors_are_one_chinese_line_by_default(tmp_path, run_cli, what, make):
    code, _, err = run_cli("check", *make(tmp_path))
    assert code == 2 and len(err.strip().splitlines()) == 1 and chinese(err.removeprefix("budgetlint: ")), err


# -- help, usage errors, the summary line ------------------------------------------


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    """(the words that call it, whether it is a group) for every command."""
    for name, command in sorted(group.commands.items()):
        yield (*path, name), isinstance(command, click.Group)
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


COMMANDS = [((), True), *_commands(main)]


@pytest.mark.parametrize(("command", "group"), COMMANDS, ids=[" ".join(c) or "budgetlint" for c, _ in COMMANDS])
def test_every_help_is_chinese_and_english_with_lang_en(run_cli, command, group):
    code, out, _ = run_cli(*command, "--help")
    assert code == 0
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert all(CJK.search(line) for line in headings), out  # 用法：… 选项：… 命令：
    assert "Usage" not in out and "Options" not in out and "Show this message" not in out
    described = [line for line in out.splitlines() if line.startswith("  ") and "  " in line.strip()]
    assert described and all(CJK.search(line) for line in described), out  # every option and command says what it does
    if not group:  # every command takes --lang (a group has no options of its own)
        code, out, _ = run_cli(*command, "--help", "--lang", "en")  # --lang counts after --help too
        assert code == 0 and out.startswith("Usage:") and "选项" not in out


@pytest.mark.parametrize("command", [(), ("schemes",)])
def test_a_group_without_a_command_shows_its_help(run_cli, command):
    _, out, err = run_cli(*command)
    assert (out + err).startswith("用法：") and "错误：" not in out + err and "命令：" in out + err


def test_a_usage_error_is_chinese_by_default(run_cli):
    code, _, err = run_cli("check")
    assert code == 2 and "用法：" in err and chinese(err.splitlines()[-1].replace("路径...", ""))
    code, _, err = run_cli("check", "--format", "pdf", "x.xlsx")
    assert code == 2 and "text" in err and CJK.search(err.splitlines()[-1])
    code, _, err = run_cli("check", "--lang", "en", "--no-such-option")
    assert code == 2 and err.splitlines()[-1].startswith("Error:")


def test_the_summary_line_is_chinese_by_default(tmp_path, run_cli):
    budget = _budget(tmp_path / "in")
    _, out, _ = run_cli("check", budget, "--jobs", "1")
    summary = out.strip().splitlines()[-2:]  # counts, then verdicts
    assert all(chinese(line) for line in summary), summary
    _, out, _ = run_cli("check", budget, "--jobs", "1", "--lang", "en")
    assert "workbook(s)" in out.strip().splitlines()[-2] and not CJK.search("".join(out.strip().splitlines()[-2:]))
    report = tmp_path / "report.json"
    _, out, _ = run_cli("check", budget, "--jobs", "1", "--format", "json", "--output", report)
    assert all(chinese(line.replace(str(report), "")) for line in out.strip().splitlines()), out  # 报告已写入 …


def test_version_imports_no_more_than_the_command_line(tmp_path):
    """`budgetlint --version` stays fast: none of the pipeline is imported for it."""
    code = ("import sys; sys.argv = ['budgetlint', '--version']\nfrom budgetlint.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('budgetlint'))))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    version, modules = run.stdout.strip().splitlines()
    assert version.startswith("budgetlint, version")
    assert set(modules.split()) <= {"budgetlint", "budgetlint._version", "budgetlint.cli", "budgetlint._cli_lang",
                                    "budgetlint._i18n", "budgetlint.errors", "budgetlint.report"}


# -- colour -----------------------------------------------------------------------


def _on_a_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """What the command writes to standard output when it is a terminal."""
    main_end, child_end = pty.openpty()
    try:
        subprocess.run([sys.executable, "-m", "budgetlint", *args], stdout=child_end, stderr=subprocess.DEVNULL,
                       env={**os.environ, **env}, timeout=120, check=False)
    finally:
        os.close(child_end)
    out = b""
    while True:
        try:
            chunk = os.read(main_end, 65536)
        except OSError:  # EIO: the terminal is closed and read to the end
            break
        if not chunk:
            break
        out += chunk
    os.close(main_end)
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal as Linux has it")
def test_no_color_turns_colour_off_on_a_terminal(tmp_path):
    args = ["check", str(_budget(tmp_path / "in")), "--jobs", "1", "--no-progress"]
    assert b"\x1b[" in _on_a_terminal(args, {"NO_COLOR": ""})  # empty: as if not set (no-color.org)
    assert b"\x1b[" not in _on_a_terminal(args, {"NO_COLOR": "1"})
