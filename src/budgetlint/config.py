"""Project configuration: `budgetlint.toml`, or `[tool.budgetlint]` in pyproject.toml.

Keys are kebab-case, as ruff writes them. Every key is validated before anything is
linted; a bad one is a ConfigError "FILE: key 'x': <what>; allowed: …".

Rule selectors (select, ignore, extend-select) are rule codes (BL101), rule names
(wrong-level), code prefixes (BL1) or ALL. When selectors disagree about a rule, the
most specific one wins (a code or name beats a prefix, a longer prefix beats a shorter);
on a tie, ignore wins.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetlint.errors import ConfigError
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
    lang: str = "zh"
    max_file_mb: int = 200
    timeout_seconds: int = 120
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB  # per worker process; 0 = no limit
    allow_empty: bool = False  # no workbook under the paths: exit 0 instead of 2


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
            raise ConfigError(f"{path}: no [tool.budgetlint] table")
    else:
        table = data
    values: dict[str, Any] = {"path": str(path)}
    for key, raw in table.items():
        if key not in _KEYS:
            raise ConfigError(_problem(path, key, _unknown_key_hint(key), ", ".join(sorted(_KEYS))))
        field_name, check = _KEYS[key]
        values[field_name] = check(_Ctx(path, key), raw)
    return Config(**values)


def starter_config() -> str:
    """The commented starter file `budgetlint init` writes."""
    return (Path(__file__).parent / "_starter_config.toml").read_text(encoding="utf-8")


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
        return ConfigError(_problem(self.path, key or self.key, what, allowed))


def _problem(path: Path, key: str, what: str, allowed: str) -> str:
    return f"{path}: key '{key}': {what}; allowed: {allowed}"


def _unknown_key_hint(key: str) -> str:
    if key.replace("_", "-") in _KEYS:
        return f"unknown key (write it in kebab-case: '{key.replace('_', '-')}')"
    close = difflib.get_close_matches(key, list(_KEYS), n=1)
    return f"unknown key (did you mean '{close[0]}'?)" if close else "unknown key"


def _type_name(value: Any) -> str:
    return {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "table"}.get(
        type(value), type(value).__name__
    )


def _string(ctx: _Ctx, value: Any) -> str:
    if not isinstance(value, str):
        raise ctx.fail(f"expected a string, got {_type_name(value)}", "a string")
    return value


def _choice(choices: tuple[str, ...]) -> Callable[[_Ctx, Any], str]:
    def check(ctx: _Ctx, value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise ctx.fail(f"{value!r} is not allowed", ", ".join(choices))
        return value

    return check


def _int_at_least(low: int) -> Callable[[_Ctx, Any], int]:
    def check(ctx: _Ctx, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ctx.fail(f"{value!r} is not allowed", f"an integer >= {low}")
        return value

    return check


def _boolean(ctx: _Ctx, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ctx.fail(f"expected true or false, got {_type_name(value)}", "true, false")
    return value


def _strings(ctx: _Ctx, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ctx.fail(f"expected an array of strings, got {_type_name(value)}", "an array of strings")
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
            raise ctx.fail(f"{text!r} is not a folder ({folder})", "folders of scheme .toml files, relative to this file")
        out.append(folder)
    return tuple(dict.fromkeys(out))


def _selectors(ctx: _Ctx, value: Any) -> tuple[str, ...]:
    out = []
    for token in _strings(ctx, value):
        token = token.strip()
        rule = find_rule(token)
        if rule is not None:
            out.append(rule.code)
        elif token.upper() == "ALL" or (token and any(r.code.startswith(token.upper()) for r in _rules())):
            out.append(token.upper())
        else:
            raise ctx.fail(f"unknown rule {token!r}", rules_allowed() + ", a code prefix (BL1), ALL")
    return tuple(dict.fromkeys(out))


def rules_allowed() -> str:
    """Every rule, for the "allowed:" part of an error."""
    return ", ".join(f"{r.code} ({r.name})" for r in _rules())


def _table(ctx: _Ctx, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ctx.fail(f"expected a table, got {_type_name(value)}", "a table")
    return value


def _jurisdictions(ctx: _Ctx, value: Any) -> tuple[tuple[str, str], ...]:
    out = []
    for glob, name in _table(ctx, value).items():
        if not isinstance(name, str) or not name.strip():
            raise ctx.fail("expected a jurisdiction name", 'a table of "glob" = "阳城县"', f"{ctx.key}.{glob}")
        out.append((glob, name.strip()))
    return tuple(out)


def _severity(ctx: _Ctx, value: Any) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    for token, level in _table(ctx, value).items():
        key = f"{ctx.key}.{token}"
        rule = find_rule(token)
        if rule is None:
            raise ctx.fail(f"unknown rule {token!r}", rules_allowed(), key)
        if level not in SEVERITIES:
            raise ctx.fail(f"{level!r} is not a severity", ", ".join(SEVERITIES), key)
        out[rule.code] = level
    return tuple(sorted(out.items()))


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
}


#: Largest configuration or suppression file read: a real one is a few kilobytes, and a
#: TOML parser in Python reads about a megabyte a second.
MAX_TOML_BYTES = 2 * 2**20


def read_toml(path: Path, max_bytes: int = MAX_TOML_BYTES) -> dict[str, Any]:
    """A TOML file's tables, or a one-line ConfigError naming it: missing, too large, not
    UTF-8 text, not TOML, nested too deeply."""
    return parse_toml(path, read_bytes(path, max_bytes, "TOML"))


def parse_toml(path: Path, data: bytes) -> dict[str, Any]:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}): is it a TOML file?") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to be a configuration") from None


def read_bytes(path: Path, max_bytes: int, kind: str, hint: str = "") -> bytes:
    """A small file's bytes, or a one-line ConfigError naming it (hint: what to do when it
    does not exist)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise ConfigError(f"{path}: {kind} file not found" + (f" ({hint})" if hint else "")) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise ConfigError(f"{path}: larger than {max_bytes // 2**20} MB: too large for a {kind} file budgetlint reads")
    return data


def _mentions_budgetlint(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return b"budgetlint" in fh.read(MAX_TOML_BYTES)
    except OSError:
        return True  # read_toml names the problem
