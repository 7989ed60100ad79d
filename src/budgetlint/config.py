"""Project configuration: `budgetlint.toml`, or `[tool.budgetlint]` in pyproject.toml.

Keys are kebab-case, as ruff writes them. Every key is validated before anything is
linted; a bad one is a ConfigError "FILE: key 'x': <what>; allowed: …" (in the run's
language).

Rule selectors (select, ignore, extend-select) are rule codes (BL101), rule names
(wrong-level), code prefixes (BL1) or ALL, read by one function (`selector`) here and on
the command line. When selectors disagree about a rule, the most specific one wins (a
code or name beats a prefix, a longer prefix beats a shorter); on a tie, ignore wins.

A rule's options are set in a table of its own, `[rules.subtotal-mismatch]` (or
`[rules.BL201]`): each checked against the rule's OPTIONS (name and type).
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetlint._i18n import language, say
from budgetlint.errors import ConfigError, os_reason
from budgetlint.models import SEVERITIES

CONFIG_NAME = "budgetlint.toml"
PYPROJECT_NAME = "pyproject.toml"
FAIL_ON = ("error", "warning", "info", "never")
LANGS = ("zh", "en")
#: Address space a worker may add to its size at start: the largest budget measured,
#: 1,000,000 lines, needs about 1.5 GB (SECURITY.md).
DEFAULT_MEMORY_LIMIT_MB = 4096


@dataclass(frozen=True)
class Config:
    path: str = ""  # the file it came from ("" = defaults)
    scheme: str = ""  # scheme id/name, or a path (resolved against the config file)
    scheme_folders: tuple[str, ...] = ()  # folders of a bureau's own schemes (absolute)
    jurisdictions: tuple[tuple[str, str], ...] = ()  # (path glob, jurisdiction name)
    select: tuple[str, ...] = ()  # rule codes or names; () = all
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (rule code, severity) overrides
    fail_on: str = "error"  # error|warning|info|never
    exclude: tuple[str, ...] = ()  # path globs
    suppressions: str = ""  # path of a suppression file (resolved against the config file)
    jobs: int = 0  # 0 = machine's cores
    lang: str = ""  # zh | en; "" = the locale's (_i18n)
    max_file_mb: int = 200
    timeout_seconds: int = 120
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB  # per worker process; 0 = no limit
    allow_empty: bool = False  # no workbook under the paths: exit 0 instead of 2
    #: (rule code, ((option, value), …)): [rules.NAME] tables, checked against the rule's options
    rule_options: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = ()


# ---------------------------------------------------------------------------
# Finding and loading the file.


def find_config(start: Path) -> Path | None:
    """The nearest budgetlint.toml, or pyproject.toml with [tool.budgetlint], at or above start."""
    start = Path(start).resolve()
    folder = start if start.is_dir() else start.parent
    for directory in (folder, *folder.parents):
        own = directory / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = directory / PYPROJECT_NAME
        # Parsed only if it mentions budgetlint: another tool's file is not ours to judge.
        if pyproject.is_file() and _mentions_budgetlint(pyproject) and "budgetlint" in read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(path: Path | None) -> Config:
    """The validated configuration in path; defaults when path is None."""
    if path is None:
        return Config()
    path = Path(path)
    data = read_toml(path)
    if path.name == PYPROJECT_NAME:
        table = data.get("tool", {}).get("budgetlint")
        if not isinstance(table, dict):
            raise ConfigError(say(f"{path}: 没有 [tool.budgetlint] 表", f"{path}: no [tool.budgetlint] table"))
    else:
        table = data
    values: dict[str, Any] = {"path": str(path)}
    for key, raw in table.items():
        if key not in _KEYS:
            raise ConfigError(key_problem(path, key, _unknown_key_hint(key), ", ".join(sorted(_KEYS))))
        field_name, check = _KEYS[key]
        values[field_name] = check(_Ctx(path, key), raw)
    return Config(**values)


def starter_config(lang: str | None = None) -> str:
    """The commented starter file `budgetlint init` writes, its comments in lang (default:
    the run's language); the two files hold the same keys (tested)."""
    name = "_starter_config.toml" if (lang or language()) == "en" else "_starter_config.zh.toml"
    return (Path(__file__).parent / name).read_text(encoding="utf-8")


def _rules() -> tuple[Any, ...]:
    from budgetlint.rules import RULES  # late: the rules import far more than `init` needs

    return RULES


def find_rule(token: str) -> Any | None:
    """The rule whose code (BL101, bl101) or name (wrong-level) is token, or None."""
    from budgetlint.rules import get_rule

    try:
        return get_rule(token)
    except KeyError:
        return None


# ---------------------------------------------------------------------------
# Using a configuration.


def rule_enabled(config: Config, rule: Any) -> bool:
    enable = _specificity(config.select or ("ALL",), rule)
    enable = max(enable, _specificity(config.extend_select, rule))
    return enable >= 0 and enable > _specificity(config.ignore, rule)


def enabled_rules(config: Config, select: Sequence[str] = (), extend_select: Sequence[str] = (),
                  ignore: Sequence[str] = ()) -> tuple[str, ...]:
    """Codes of the rules a run runs: the configuration's selection, then the command line's
    selectors (as `selector` reads them) over it, as ruff layers them: --select starts
    afresh; without it, --extend-select and --ignore change only the rules they name, the
    more specific selector winning and ignore on a tie."""
    if select:
        layer = Config(select=tuple(select), extend_select=tuple(extend_select), ignore=tuple(ignore))
        return tuple(r.code for r in _rules() if rule_enabled(layer, r))
    out = []
    for rule in _rules():
        add, drop = _specificity(extend_select, rule), _specificity(ignore, rule)
        if (add > drop) if max(add, drop) >= 0 else rule_enabled(config, rule):
            out.append(rule.code)
    return tuple(out)


def selector(token: str) -> str:
    """A rule selector as it is kept: a rule's code for its code or name, a code prefix in
    capitals (BL1), or ALL; KeyError for one that selects no rule. The one reading of a
    selector, for budgetlint.toml and the command line (rules.select_rules decides)."""
    from budgetlint.rules import select_rules

    token = token.strip()
    rules = select_rules(token)
    if token.upper() == "ALL":
        return "ALL"
    if len(rules) == 1 and token in (rules[0].code, rules[0].code.lower(), rules[0].name):
        return rules[0].code
    return token.upper()


def severity_for(config: Config, rule: Any) -> str:
    return dict(config.severity).get(rule.code, rule.severity)


def _specificity(selectors: Sequence[str], rule: Any) -> int:
    """How specifically the best of selectors names rule; -1 when none does."""
    best = -1
    for s in selectors:
        if s == "ALL":
            best = max(best, 0)
        elif s in (rule.code, rule.name):
            best = max(best, 100)
        elif rule.code.startswith(s):
            best = max(best, len(s))
    return best


# ---------------------------------------------------------------------------
# Validation: one checker per key.


@dataclass(frozen=True)
class _Ctx:
    path: Path
    key: str

    def fail(self, what: str, allowed: str, key: str = "") -> ConfigError:
        return ConfigError(key_problem(self.path, key or self.key, what, allowed))


def key_problem(path: Path | str, key: str, what: str, allowed: str) -> str:
    """The one-line message for a bad key of a settings file (configuration, suppressions)."""
    return say(f"{path}: 键 '{key}'：{what}；允许：{allowed}", f"{path}: key '{key}': {what}; allowed: {allowed}")


def _unknown_key_hint(key: str) -> str:
    if key.replace("_", "-") in _KEYS:
        kebab = key.replace("_", "-")
        return say(f"没有这个键（请用连字符写作 '{kebab}'）", f"unknown key (write it in kebab-case: '{kebab}')")
    close = difflib.get_close_matches(key, list(_KEYS), n=1)
    if close:
        return say(f"没有这个键（是不是 '{close[0]}'？）", f"unknown key (did you mean '{close[0]}'?)")
    return say("没有这个键", "unknown key")


_TYPE_NAMES = {bool: ("布尔值", "boolean"), int: ("整数", "integer"), float: ("数", "number"), str: ("字符串", "string"),
               list: ("数组", "array"), dict: ("表", "table")}


def _type_name(value: Any) -> str:
    names = _TYPE_NAMES.get(type(value))
    return say(*names) if names else type(value).__name__


def _expected(ctx: _Ctx, what: tuple[str, str], value: Any, allowed: tuple[str, str] | None = None) -> ConfigError:
    """The error for a value of the wrong type: what was expected (Chinese, English), what was given."""
    got = _type_name(value)
    return ctx.fail(say(f"应为{what[0]}，实为{got}", f"expected {what[1]}, got {got}"), say(*(allowed or what)))


def _not_allowed(value: Any) -> str:
    return say(f"不允许 {value!r}", f"{value!r} is not allowed")


def _string(ctx: _Ctx, value: Any) -> str:
    if not isinstance(value, str):
        raise _expected(ctx, ("字符串", "a string"), value)
    return value


def _choice(choices: tuple[str, ...]) -> Callable[[_Ctx, Any], str]:
    def check(ctx: _Ctx, value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise ctx.fail(_not_allowed(value), ", ".join(choices))
        return value

    return check


def _int_at_least(low: int) -> Callable[[_Ctx, Any], int]:
    def check(ctx: _Ctx, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ctx.fail(_not_allowed(value), say(f"不小于 {low} 的整数", f"an integer >= {low}"))
        return value

    return check


def _boolean(ctx: _Ctx, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _expected(ctx, (" true 或 false", "true or false"), value, ("true、false", "true, false"))
    return value


def _strings(ctx: _Ctx, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _expected(ctx, ("字符串数组", "an array of strings"), value)
    return tuple(value)


# Paths in a config file mean the same whoever runs budgetlint from wherever: they are
# resolved against the file's own folder, as ruff and flake8 do.


def _path(ctx: _Ctx, value: str) -> str:
    return str((ctx.path.parent / Path(value).expanduser()).resolve())


def _file_path(ctx: _Ctx, value: Any) -> str:
    text = _string(ctx, value)
    return _path(ctx, text) if text else ""


def _scheme(ctx: _Ctx, value: Any) -> str:
    """A scheme's id or city stays a name; a path (ends in .toml, or has a folder) is resolved."""
    text = _string(ctx, value).strip()
    if text.endswith(".toml") or "/" in text or "\\" in text:
        return _path(ctx, text)
    return text


def _folders(ctx: _Ctx, value: Any) -> tuple[str, ...]:
    out = []
    for text in _strings(ctx, value):
        folder = _path(ctx, text)
        if not Path(folder).is_dir():
            raise ctx.fail(say(f"{text!r} 不是文件夹（{folder}）", f"{text!r} is not a folder ({folder})"),
                           say("存放方案 .toml 文件的文件夹，相对于本配置文件", "folders of scheme .toml files, relative to this file"))
        out.append(folder)
    return tuple(dict.fromkeys(out))


def _selectors(ctx: _Ctx, value: Any) -> tuple[str, ...]:
    out = []
    for token in _strings(ctx, value):
        try:
            out.append(selector(token))
        except KeyError:
            raise ctx.fail(unknown_rule(token), rules_allowed() + say("、代码前缀（BL1）、ALL",
                                                                      ", a code prefix (BL1), ALL")) from None
    return tuple(dict.fromkeys(out))


def unknown_rule(token: str) -> str:
    return say(f"没有规则 {token.strip()!r}", f"unknown rule {token.strip()!r}")


def rules_allowed() -> str:
    """Every rule, for the "allowed:" part of an error."""
    return say("、", ", ").join(f"{r.code} ({r.name})" for r in _rules())


def _table(ctx: _Ctx, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _expected(ctx, ("表", "a table"), value)
    return value


def _jurisdictions(ctx: _Ctx, value: Any) -> tuple[tuple[str, str], ...]:
    out = []
    for glob, name in _table(ctx, value).items():
        if not isinstance(name, str) or not name.strip():
            raise ctx.fail(say("应为行政区名称", "expected a jurisdiction name"),
                           say('"通配符" = "阳城县" 形式的表', 'a table of "glob" = "阳城县"'), f"{ctx.key}.{glob}")
        out.append((glob, name.strip()))
    return tuple(out)


def _rule_of(ctx: _Ctx, token: str, key: str) -> Any:
    rule = find_rule(token)
    if rule is None:
        raise ctx.fail(unknown_rule(token), rules_allowed(), key)
    return rule


def _severity(ctx: _Ctx, value: Any) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    for token, level in _table(ctx, value).items():
        key = f"{ctx.key}.{token}"
        rule = _rule_of(ctx, token, key)
        if level not in SEVERITIES:
            raise ctx.fail(say(f"{level!r} 不是严重程度", f"{level!r} is not a severity"), ", ".join(SEVERITIES), key)
        out[rule.code] = level
    return tuple(sorted(out.items()))


def _rule_options(ctx: _Ctx, value: Any) -> tuple[tuple[str, tuple[tuple[str, object], ...]], ...]:
    """[rules.NAME] tables: each option a rule declares (rules/<rule>.py OPTIONS), of its type."""
    out: dict[str, tuple[tuple[str, object], ...]] = {}
    for token, table in _table(ctx, value).items():
        rule = _rule_of(ctx, token, f"{ctx.key}.{token}")
        declared = {o.name: o for o in rule.options}
        if not isinstance(table, dict):
            raise _expected(_Ctx(ctx.path, f"{ctx.key}.{token}"), ("表", "a table"), table)
        given = []
        for name, option_value in table.items():
            key = f"{ctx.key}.{token}.{name}"
            if name not in declared:
                allowed = ", ".join(declared) or say(f"无（{rule.name} 没有选项）", f"none ({rule.name} has no options)")
                raise ctx.fail(say("这条规则没有这个选项", "not an option of this rule"), allowed, key)
            kind = declared[name].type
            try:
                given.append((name, _of_type(kind, option_value)))
            except TypeError:
                names = _TYPE_NAMES.get(kind, (kind.__name__,) * 2)
                raise _expected(_Ctx(ctx.path, key), names, option_value) from None
        out[rule.code] = tuple(given)
    return tuple(sorted(out.items()))


def _of_type(kind: type, value: Any) -> Any:
    """value as an option of this type (a whole number is a number too); TypeError otherwise."""
    if isinstance(value, bool) != (kind is bool):
        raise TypeError(kind)
    if kind is float and isinstance(value, int):
        return float(value)
    if not isinstance(value, kind):
        raise TypeError(kind)
    return value


_KEYS: dict[str, tuple[str, Callable[[_Ctx, Any], Any]]] = {
    "scheme": ("scheme", _scheme),
    "scheme-folders": ("scheme_folders", _folders),
    "jurisdictions": ("jurisdictions", _jurisdictions),
    "select": ("select", _selectors),
    "ignore": ("ignore", _selectors),
    "extend-select": ("extend_select", _selectors),
    "severity": ("severity", _severity),
    "fail-on": ("fail_on", _choice(FAIL_ON)),
    "exclude": ("exclude", _strings),
    "suppressions": ("suppressions", _file_path),
    "jobs": ("jobs", _int_at_least(0)),
    "lang": ("lang", _choice(LANGS)),
    "max-file-mb": ("max_file_mb", _int_at_least(1)),
    "timeout-seconds": ("timeout_seconds", _int_at_least(1)),
    "memory-limit-mb": ("memory_limit_mb", _int_at_least(0)),
    "allow-empty": ("allow_empty", _boolean),
    "rules": ("rule_options", _rule_options),
}


#: Largest configuration or suppression file read: a real one is a few kilobytes, and a
#: TOML parser in Python reads about a megabyte a second.
MAX_TOML_BYTES = 2 * 2**20


def read_toml(path: Path, max_bytes: int = MAX_TOML_BYTES) -> dict[str, Any]:
    """A TOML file's tables, or a one-line ConfigError naming it: missing, too large, not
    UTF-8 text, not TOML, nested too deeply."""
    return parse_toml(path, read_bytes(path, max_bytes, ("TOML ", "TOML")))


def parse_toml(path: Path, data: bytes) -> dict[str, Any]:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(say(f"{path}: 不是 UTF-8 文本（第 {exc.start} 字节）：这是 TOML 文件吗？",
                              f"{path}: not UTF-8 text (byte {exc.start}): is it a TOML file?")) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(say(f"{path}: 不是有效的 TOML：{exc}", f"{path}: not valid TOML: {exc}")) from None
    except RecursionError:
        raise ConfigError(say(f"{path}: 嵌套过深，不是配置文件", f"{path}: nested too deeply to be a configuration")) from None


def read_bytes(path: Path, max_bytes: int, kind: tuple[str, str], hint: tuple[str, str] | None = None) -> bytes:
    """A small file's bytes, or a one-line ConfigError naming it. kind: what file it is, hint:
    what to do when it does not exist, each (Chinese, English)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise ConfigError(say(f"{path}: 找不到{kind[0]}文件", f"{path}: {kind[1]} file not found") +
                          (say(f"（{hint[0]}）", f" ({hint[1]})") if hint else "")) from None
    except OSError as exc:
        why = os_reason(exc)
        raise ConfigError(say(f"{path}: 无法读取：{why}", f"{path}: cannot read: {why}")) from None
    if len(data) > max_bytes:
        megabytes = max_bytes // 2**20
        raise ConfigError(say(f"{path}: 大于 {megabytes} MB，作为 budgetlint 读取的{kind[0]}文件太大",
                              f"{path}: larger than {megabytes} MB: too large for a {kind[1]} file budgetlint reads"))
    return data


def _mentions_budgetlint(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return b"budgetlint" in fh.read(MAX_TOML_BYTES)
    except OSError:
        return True  # read_toml names the problem
