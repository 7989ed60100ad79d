"""Configuration: every key valid and invalid, finding the file, rule selection, the starter."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from budgetlint.config import Config, find_config, load_config, rule_enabled, severity_for, starter_config
from budgetlint.errors import ConfigError
from budgetlint.rules import RULES, get_rule

ALL_CODES = {r.code for r in RULES}
ERROR = re.compile(r"^(?P<file>.+?): key '(?P<key>[^']+)': (?P<what>.+); allowed: (?P<allowed>.+)$")


def write_config(tmp_path: Path, body: str, pyproject: bool = False) -> Path:
    if pyproject:
        path = tmp_path / "pyproject.toml"
        path.write_text('[project]\nname = "budgets"\n\n[tool.budgetlint]\n' + _nest(body), encoding="utf-8")
    else:
        path = tmp_path / "budgetlint.toml"
        path.write_text(body, encoding="utf-8")
    return path


def _nest(body: str) -> str:
    """Sub-tables of budgetlint.toml live under tool.budgetlint in pyproject.toml."""
    return re.sub(r"^\[([\w.-]+)\]", r"[tool.budgetlint.\1]", body, flags=re.MULTILINE)


class Beside(str):
    """An expected path: resolved against the config file's folder (not the working directory)."""


VALID = [
    ('scheme = "晋城市"', "scheme", "晋城市"),
    ('scheme = "jincheng"', "scheme", "jincheng"),
    ('scheme = "schemes/jincheng.toml"', "scheme", Beside("schemes/jincheng.toml")),
    ('scheme = "city.toml"', "scheme", Beside("city.toml")),
    ('scheme = "../shared/city.toml"', "scheme", Beside("../shared/city.toml")),
    ('[jurisdictions]\n"*/yangcheng/*" = "阳城县"\n"*高平*" = "高平市"', "jurisdictions",
     (("*/yangcheng/*", "阳城县"), ("*高平*", "高平市"))),
    ('select = ["BL1", "funded-twice"]', "select", ("BL1", "BL401")),
    ('select = ["ALL"]', "select", ("ALL",)),
    ('select = ["bl101", "BL101"]', "select", ("BL101",)),
    ('ignore = ["wrong-level"]', "ignore", ("BL101",)),
    ('ignore = ["BL3"]', "ignore", ("BL3",)),
    ('extend-select = ["BL105"]', "extend_select", ("BL105",)),
    ('[severity]\n"BL105" = "info"\n"ambiguous" = "error"', "severity", (("BL105", "info"), ("BL106", "error"))),
    ('fail-on = "error"', "fail_on", "error"),
    ('fail-on = "warning"', "fail_on", "warning"),
    ('fail-on = "info"', "fail_on", "info"),
    ('fail-on = "never"', "fail_on", "never"),
    ('exclude = ["archive/**", "*草稿*"]', "exclude", ("archive/**", "*草稿*")),
    ('exclude = []', "exclude", ()),
    ('suppressions = "budgetlint-suppressions.toml"', "suppressions", Beside("budgetlint-suppressions.toml")),
    ('suppressions = ""', "suppressions", ""),
    ('scheme-folders = ["."]', "scheme_folders", (Beside("."),)),
    ('scheme-folders = []', "scheme_folders", ()),
    ("jobs = 0", "jobs", 0),
    ("jobs = 4", "jobs", 4),
    ('lang = "en"', "lang", "en"),
    ("max-file-mb = 50", "max_file_mb", 50),
    ("timeout-seconds = 30", "timeout_seconds", 30),
    ("[rules.subtotal-mismatch]\ntolerance = 2", "rule_options", (("BL201", (("tolerance", 2.0),)),)),
    ("[rules.BL201]\ntolerance = 0.25", "rule_options", (("BL201", (("tolerance", 0.25),)),)),
    ("[rules.BL201]", "rule_options", (("BL201", ()),)),
]


@pytest.mark.parametrize("pyproject", [False, True], ids=["budgetlint.toml", "pyproject.toml"])
@pytest.mark.parametrize(("body", "field", "expected"), VALID)
def test_valid_key(tmp_path, body, field, expected, pyproject):
    path = write_config(tmp_path, body, pyproject)
    config = load_config(path)
    beside = (lambda v: str((tmp_path / v).resolve()) if isinstance(v, Beside) else v)
    expected = tuple(map(beside, expected)) if isinstance(expected, tuple) else beside(expected)
    assert getattr(config, field) == expected
    assert config.path == str(path)
    # every other field keeps its default
    others = {k: v for k, v in vars(config).items() if k not in (field, "path")}
    assert others == {k: v for k, v in vars(Config()).items() if k not in (field, "path")}


# (body, key named in the error, a value the "allowed" part must list or "")
INVALID = [
    ("colour = 1", "colour", "fail-on"),
    ('fail_on = "error"', "fail_on", "fail-on"),
    ('max_file_mb = 10', "max_file_mb", "max-file-mb"),
    ('scheme = 1', "scheme", ""),
    ('scheme = ["晋城市"]', "scheme", ""),
    ('select = "BL101"', "select", ""),
    ('select = ["BL999"]', "select", "BL101 (wrong-level)"),
    ('select = ["XX"]', "select", "ALL"),
    ('select = [""]', "select", "BL101 (wrong-level)"),
    ('ignore = ["no-such-rule"]', "ignore", "BL105 (unlisted)"),
    ("extend-select = [101]", "extend-select", ""),
    ('severity = "info"', "severity", ""),
    ('[severity]\n"BL105" = "fatal"', "severity.BL105", "info"),
    ('[severity]\n"BL999" = "info"', "severity.BL999", "BL401 (funded-twice)"),
    ('[severity]\n"BL105" = 1', "severity.BL105", "warning"),
    ('fail-on = "fatal"', "fail-on", "never"),
    ("fail-on = true", "fail-on", "never"),
    ('exclude = "archive"', "exclude", ""),
    ("exclude = [1, 2]", "exclude", ""),
    ('suppressions = ["a.toml"]', "suppressions", ""),
    ('[jurisdictions]\n"*/yangcheng/*" = 3', "jurisdictions.*/yangcheng/*", ""),
    ('[jurisdictions]\n"*高平*" = ""', "jurisdictions.*高平*", ""),
    ('jurisdictions = ["阳城县"]', "jurisdictions", ""),
    ("jobs = -1", "jobs", ""),
    ("jobs = true", "jobs", ""),
    ('jobs = "4"', "jobs", ""),
    ("jobs = 1.5", "jobs", ""),
    ('lang = "fr"', "lang", "zh"),
    ("max-file-mb = 0", "max-file-mb", ""),
    ("timeout-seconds = -5", "timeout-seconds", ""),
    ('scheme-folders = "schemes"', "scheme-folders", ""),
    ('scheme-folders = ["no-such-folder"]', "scheme-folders", ""),
    ('scheme-folders = ["budgetlint.toml"]', "scheme-folders", ""),  # a file, not a folder
    ("rules = 1", "rules", ""),
    ("[rules]\nBL201 = 1", "rules.BL201", ""),
    ("[rules.BL999]\ntolerance = 1", "rules.BL999", "BL201 (subtotal-mismatch)"),
    ("[rules.subtotal-mismatch]\nmargin = 1", "rules.subtotal-mismatch.margin", "tolerance"),
    ('[rules.BL201]\ntolerance = "1"', "rules.BL201.tolerance", ""),
    ("[rules.BL201]\ntolerance = true", "rules.BL201.tolerance", ""),
    ("[rules.wrong-level]\ntolerance = 1", "rules.wrong-level.tolerance", ""),  # a rule with no options
]


@pytest.mark.parametrize("pyproject", [False, True], ids=["budgetlint.toml", "pyproject.toml"])
@pytest.mark.parametrize(("body", "key", "allowed"), INVALID)
@pytest.mark.usefixtures("english")
def test_invalid_key_names_file_key_and_allowed(tmp_path, body, key, allowed, pyproject):
    path = write_config(tmp_path, body, pyproject)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    m = ERROR.match(str(info.value))
    assert m, str(info.value)
    assert m["file"] == str(path)
    assert m["key"] == key
    if allowed:
        assert allowed in [a.strip() for a in m["allowed"].split(",")]


ERROR_ZH = re.compile(r"^(?P<file>.+?): 键 '(?P<key>[^']+)'：(?P<what>.+)；允许：(?P<allowed>.+)$")


@pytest.mark.parametrize(("body", "key", "allowed"), INVALID)
def test_invalid_key_names_file_key_and_allowed_in_chinese_by_default(tmp_path, body, key, allowed):
    path = write_config(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    m = ERROR_ZH.match(str(info.value))
    assert m and re.search("[\u4e00-\u9fff]", m["what"]), str(info.value)
    assert m["file"] == str(path) and m["key"] == key
    if allowed:
        assert allowed in [a.strip() for a in re.split("[,、]", m["allowed"])]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("budgetlint.toml", 'fail-on = "error'),
        ("pyproject.toml", "[tool.budgetlint\n"),
        ("pyproject.toml", '[project]\nname = "x"\n'),  # no [tool.budgetlint] table
        ("pyproject.toml", '[tool]\nbudgetlint = "x"\n'),
    ],
)
@pytest.mark.usefixtures("english")
def test_unusable_file_is_named(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}: ")


def test_missing_file_is_config_error(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "budgetlint.toml")
    assert str(tmp_path / "budgetlint.toml") in str(info.value)


def test_no_file_gives_defaults():
    assert load_config(None) == Config()


# ---------------------------------------------------------------------------
# find_config


WITH_TOOL = '[tool.budgetlint]\nfail-on = "warning"\n'
WITHOUT_TOOL = '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n'


@pytest.mark.parametrize(
    ("files", "start", "expected"),
    [
        ({"budgetlint.toml": ""}, "a/b/c", "budgetlint.toml"),
        ({"pyproject.toml": WITH_TOOL}, "a/b/c", "pyproject.toml"),
        ({"budgetlint.toml": "", "a/pyproject.toml": WITHOUT_TOOL}, "a/b", "budgetlint.toml"),
        ({"budgetlint.toml": "", "pyproject.toml": WITH_TOOL}, "a", "budgetlint.toml"),
        ({"budgetlint.toml": "", "a/b/pyproject.toml": WITH_TOOL}, "a/b/c", "a/b/pyproject.toml"),
        ({"budgetlint.toml": "", "a/budgetlint.toml": ""}, "a/b", "a/budgetlint.toml"),
        ({"a/budgetlint.toml": ""}, "a/b/预算.xlsx", "a/budgetlint.toml"),  # a file: start at its folder
        ({"a/budgetlint.toml": ""}, "a", "a/budgetlint.toml"),
    ],
)
def test_find_config_walks_up(tmp_path, files, start, expected):
    root = tmp_path / "repo"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    target = root / start
    if target.suffix:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"")
    else:
        target.mkdir(parents=True, exist_ok=True)
    assert find_config(target) == (root / expected).resolve()


def test_find_config_finds_nothing_inside_a_bare_tree(tmp_path):
    root = tmp_path / "repo"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "pyproject.toml").write_text(WITHOUT_TOOL, encoding="utf-8")
    found = find_config(root / "a" / "b")
    # Something above tmp_path (outside the test's control) may hold a config; nothing inside may.
    assert found is None or tmp_path.resolve() not in found.parents


def test_found_pyproject_loads(tmp_path):
    (tmp_path / "pyproject.toml").write_text(WITH_TOOL, encoding="utf-8")
    (tmp_path / "budgets").mkdir()
    assert load_config(find_config(tmp_path / "budgets")).fail_on == "warning"


# ---------------------------------------------------------------------------
# Rule selection and severity


BL1 = {"BL101", "BL102", "BL103", "BL104", "BL105", "BL106"}
SELECTION = [
    ("", ALL_CODES),
    ('select = ["ALL"]', ALL_CODES),
    ('select = ["BL1"]', BL1),
    ('select = ["bl1"]', BL1),
    ('select = ["BL1"]\nignore = ["unlisted"]', BL1 - {"BL105"}),
    ('select = ["BL101"]\nignore = ["BL1"]', {"BL101"}),  # the more specific selector wins
    ('select = ["BL10"]\nignore = ["BL1"]', BL1),
    ('select = ["wrong-level"]\nignore = ["BL101"]', set()),  # a tie: ignore wins
    ('ignore = ["ALL"]\nextend-select = ["BL302"]', {"BL302"}),
    ('select = ["BL1"]\nextend-select = ["funded-twice"]', BL1 | {"BL401"}),
    ('select = ["BL1", "funded-twice"]', BL1 | {"BL401"}),
    ('ignore = ["BL2", "BL3"]', ALL_CODES - {"BL201", "BL202", "BL203", "BL204", "BL301", "BL302"}),
    ('extend-select = ["BL101"]\nignore = ["BL1"]', ALL_CODES - BL1 | {"BL101"}),
]


@pytest.mark.parametrize(("body", "expected"), SELECTION)
def test_rule_enabled(tmp_path, body, expected):
    config = load_config(write_config(tmp_path, body))
    assert {r.code for r in RULES if rule_enabled(config, r)} == expected


def _enabled_by_the_command_line(tmp_path, monkeypatch, run_cli, *args: str) -> set[str]:
    """The rules `check` runs with these options (the run itself goes ahead)."""
    from budgetlint import _check
    from conftest import project_sheet, write_xlsx

    seen = []
    real = _check.lint_paths
    monkeypatch.setattr(_check, "lint_paths", lambda inputs, options, **kw: seen.append(options.rules) or real(inputs, options, **kw))
    (tmp_path / "in").mkdir()
    budget = write_xlsx(tmp_path / "in" / "b.xlsx", {"项目支出表": project_sheet("阳城县项目支出表", [("专利导航", 1, "本级财力")])})
    code, _, err = run_cli("check", budget, "--jobs", "1", "--fail-on", "never", *args)
    assert code == 0, err
    return set(seen[0])


@pytest.mark.parametrize(("body", "expected"), SELECTION)
def test_the_command_line_selects_as_the_configuration_does(tmp_path, monkeypatch, run_cli, body, expected):
    """--select BL1 as select = ["BL1"]: one reading of a selector (config.selector), one of
    which wins (the more specific, ignore on a tie)."""
    args = [arg for key, values in tomllib.loads(body).items() for arg in (f"--{key}", ",".join(values))]
    assert _enabled_by_the_command_line(tmp_path, monkeypatch, run_cli, *args) == expected


@pytest.mark.parametrize(("body", "args", "expected"), [
    ('select = ["BL1"]', ("--select", "BL2"), {"BL201", "BL202", "BL203", "BL204"}),  # --select starts afresh
    ('select = ["BL1"]', ("--extend-select", "funded-twice"), BL1 | {"BL401"}),
    ('ignore = ["BL105"]', ("--extend-select", "BL105"), ALL_CODES),  # the command line comes last
    ('select = ["BL1"]', ("--ignore", "BL105"), BL1 - {"BL105"}),
    ('extend-select = ["BL101"]\nignore = ["BL1"]', ("--ignore", "BL101"), ALL_CODES - BL1),
])
def test_the_command_line_goes_over_the_configuration(tmp_path, monkeypatch, run_cli, body, args, expected):
    write_config(tmp_path, body)
    assert _enabled_by_the_command_line(tmp_path, monkeypatch, run_cli, *args) == expected


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_an_unknown_selector_on_the_command_line_names_the_option(tmp_path, run_cli, english, option):
    code, _, err = run_cli("check", tmp_path, option, "BL101,XX")
    assert code == 2 and err.startswith(f"budgetlint: {option}: unknown rule or prefix 'XX'")


@pytest.mark.parametrize(
    ("body", "code", "expected"),
    [
        ("", "BL101", "error"),
        ("", "BL105", "warning"),
        ('[severity]\n"BL105" = "info"', "BL105", "info"),
        ('[severity]\n"unlisted" = "error"', "BL105", "error"),
        ('[severity]\n"BL105" = "info"', "BL106", "warning"),
    ],
)
def test_severity_for(tmp_path, body, code, expected):
    config = load_config(write_config(tmp_path, body))
    assert severity_for(config, get_rule(code)) == expected


# ---------------------------------------------------------------------------
# The starter file and the pre-commit hook definition

_EXAMPLE = re.compile(r'^# (?=\[[\w.-]+\]$|[a-z-]+ = |"[^"]+" = )')


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_starter_config_loads_as_written(tmp_path, lang):
    path = tmp_path / "budgetlint.toml"
    path.write_text(starter_config(lang), encoding="utf-8")
    assert load_config(path) == Config(path=str(path))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_starter_config_examples_are_valid_when_uncommented(tmp_path, lang):
    (tmp_path / "schemes").mkdir()
    lines = [_EXAMPLE.sub("", line) for line in starter_config(lang).splitlines()]
    path = write_config(tmp_path, "\n".join(lines))
    config = load_config(path)
    assert config.scheme and config.select and config.ignore and config.extend_select
    assert config.severity and config.jurisdictions and config.exclude and config.suppressions
    assert config.scheme_folders == (str(tmp_path / "schemes"),)
    assert config.rule_options == (("BL201", (("tolerance", 0.5),)),) and config.memory_limit_mb == 4096


def test_the_starter_configs_hold_the_same_keys_in_both_languages():
    """The Chinese and the English starter file differ in their comments only."""
    def settings(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.strip() and (_EXAMPLE.match(line) or not line.startswith("#"))]

    assert settings(starter_config("zh")) == settings(starter_config("en"))
    comments = [line for line in starter_config("zh").splitlines() if line.startswith("#") and not _EXAMPLE.match(line)]
    assert not re.search(r"\b(the|and|of|to|is|a|when|with)\b", "\n".join(comments), re.IGNORECASE)
    assert sum(bool(re.search("[\u4e00-\u9fff]", line)) for line in comments) > len(comments) // 2
    assert starter_config() == starter_config("zh")  # Chinese by default


def test_init_writes_the_starter_file_in_the_runs_language(tmp_path, run_cli):
    for lang in ("zh", "en"):
        folder = tmp_path / lang
        folder.mkdir()
        assert run_cli("init", folder, "--lang", lang)[0] == 0
        assert (folder / "budgetlint.toml").read_text(encoding="utf-8") == starter_config(lang)


@pytest.mark.parametrize(
    ("name", "hooked"),
    [("预算.xlsx", True), ("a/预算.XLSX", True), ("x.xlsm", True), ("x.xls", True), ("x.csv", True),
     ("x.txt", False), ("x.xlsx.bak", False), ("README.md", False)],
)
def test_pre_commit_hook_files_pattern(name, hooked):
    hooks = (Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    pattern = re.search(r"^\s*files:\s*'(.+)'\s*$", hooks, re.MULTILINE)[1]
    assert bool(re.search(pattern, name)) is hooked


# ---------------------------------------------------------------------------
# A rule's options, from [rules.NAME] to its check


@pytest.mark.parametrize(("body", "flagged"), [
    ("", True),  # the default tolerance, 0.5 元
    ("[rules.subtotal-mismatch]\ntolerance = 100", False),
    ("[rules.BL201]\ntolerance = 49.99", True),
    ("[rules.BL201]\ntolerance = 50", False),
])
def test_a_rule_option_in_the_configuration_reaches_the_rule(tmp_path, run_json, body, flagged):
    """A 合计 row 50 元 over its lines: BL201 unless its tolerance allows 50 元."""
    from conftest import project_sheet, write_xlsx

    rows = project_sheet("阳城县2025年项目支出表", [("专利导航", 100, "本级财力"), ("商标培训", 200, "本级财力")], unit="元")
    rows[-1][1] = 350
    (tmp_path / "in").mkdir()
    write_xlsx(tmp_path / "in" / "budget.xlsx", {"项目支出表": rows})
    write_config(tmp_path, body)
    _, report = run_json(tmp_path / "in")
    assert any(f["code"] == "BL201" for f in report["findings"]) is flagged
