"""Reading a data file (catalogue, scheme) and checking every key's type, with the line to fix.

Every problem is collected, not only the first, and named with its line: a finance bureau
writing its own scheme fixes them in one round.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ._i18n import say
from .errors import SchemeError, os_reason

__all__ = ["Problems", "the_file", "read_toml", "read_once", "sources", "adopt_sources", "check_keys", "string",
           "strings", "boolean", "MAX_DATA_BYTES"]

#: A scheme or the catalogue is a few dozen KB; anything this large is not one.
MAX_DATA_BYTES = 4 * 2**20


class Problems:
    """Collects problems with the line each one is about."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.lines, self.items = path, text.splitlines(), []

    def line_of(self, *needles: str, within: tuple[int, int] | None = None) -> int | None:
        first, last = within or (1, len(self.lines))
        for needle in needles:
            if not needle:
                continue
            for number in range(first, last + 1):
                if needle in self.lines[number - 1]:
                    return number
        return None

    def section(self, header: str, index: int) -> tuple[int, int] | None:
        """Lines of the index-th (1-based) table headed `header` ([[clauses]]), to the next header."""
        starts = [n for n, line in enumerate(self.lines, 1) if line.split("#", 1)[0].strip() == header]
        if index > len(starts):
            return None
        heads = [n for n, line in enumerate(self.lines, 1) if line.lstrip().startswith("[")]
        end = next((n - 1 for n in heads if n > starts[index - 1]), len(self.lines))
        return starts[index - 1], end

    def add(self, message: str, *needles: str, within: tuple[int, int] | None = None) -> None:
        number = self.line_of(*needles, within=within) if within else None
        number = number or (within[0] if within else None) or self.line_of(*needles)
        self.items.append(say(f"第 {number} 行：{message}", f"line {number}: {message}") if number else message)

    def within(self, lines: tuple[int, int] | None) -> Problems:
        """A view that locates its problems inside these lines (one table of the file)."""
        return _Within(self, lines) if lines else self

    def raise_if_any(self) -> None:
        if self.items:
            raise SchemeError(str(self.path), self.items)


class _Within(Problems):
    def __init__(self, parent: Problems, lines: tuple[int, int]) -> None:
        self.parent, self.lines_range = parent, lines
        self.path, self.lines, self.items = parent.path, parent.lines, parent.items

    def add(self, message: str, *needles: str, within: tuple[int, int] | None = None) -> None:
        self.parent.add(message, *needles, within=within or self.lines_range)


def read_toml(path: Path, text: str | None = None) -> tuple[dict, Problems]:
    """A TOML file (or its text, already read) and a Problems for it; a one-line error for a
    file that cannot be read, is too large, binary, or not TOML."""
    if text is None:
        try:
            if path.stat().st_size > MAX_DATA_BYTES:
                megabytes = MAX_DATA_BYTES // 2**20
                raise SchemeError(str(path), say(f"大于 {megabytes} MB：不是方案文件",
                                                 f"larger than {megabytes} MB: not a scheme file"))
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SchemeError(str(path), say("不是 UTF-8 文本文件", "not a UTF-8 text file")) from None
        except OSError as exc:
            why = os_reason(exc)
            raise SchemeError(str(path), say(f"无法读取文件：{why}", f"cannot read the file: {why}")) from None
    try:
        return tomllib.loads(text), Problems(path, text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(str(path), say(f"不是有效的 TOML：{exc}", f"not valid TOML: {exc}")) from None
    except RecursionError:
        raise SchemeError(str(path), say("不是有效的 TOML：嵌套过深", "not valid TOML: nested too deeply")) from None


#: The text of every data file a cached load read (or a parent process handed over), by path:
#: every worker of a run judges with the files its main process loaded, even if one is
#: edited during the run (spawned workers would otherwise read it again).
_SOURCES: dict[str, str] = {}


def read_once(path: Path) -> tuple[dict, Problems]:
    """read_toml, reading the file's text only the first time in this process."""
    text = _SOURCES.get(str(path))
    data, problems = read_toml(path, text)
    if text is None:
        _SOURCES[str(path)] = "\n".join(problems.lines)
    return data, problems


def sources() -> tuple[tuple[str, str], ...]:
    """(path, text) of every data file this process has loaded: for its worker processes."""
    return tuple(sorted(_SOURCES.items()))


def adopt_sources(texts: tuple[tuple[str, str], ...]) -> None:
    """In a worker: load data files as the main process read them, not as they are now."""
    _SOURCES.update(texts)


def the_file() -> str:
    """The top level of a data file, as check_keys names where a key is."""
    return say("文件顶层", "the file")


def check_keys(table: Any, allowed: set[str], where: str, problems: Problems, needle: str) -> None:
    if not isinstance(table, dict):
        problems.add(say(f"{where}应为表", f"{where} must be a table"), needle)
        return
    for key in sorted(set(table) - allowed):
        known = ", ".join(sorted(allowed))
        problems.add(say(f"{where}中没有键 {key!r}；允许：{known}", f"unknown key {key!r} in {where}; allowed: {known}"),
                     f"{key} =", needle)


def string(table: dict, key: str, where: str, problems: Problems, needle: str, *, required: bool = False) -> str:
    value = table.get(key)
    if value is None:
        if required:
            problems.add(say(f'{where}需要 {key} = "…"', f'{where} needs {key} = "…"'), needle)
        return ""
    if not isinstance(value, str):
        problems.add(say(f'{where}：{key} 应为带引号的字符串（"…"），不能是{_kind(value)}',
                         f'{where}: {key} must be a string in quotes ("…"), not {_kind(value)}'), f"{key} =", needle)
        return ""
    if required and not value.strip():
        problems.add(say(f"{where}：{key} 为空", f"{where}: {key} is empty"), f"{key} =", needle)
    return value


def strings(table: dict, key: str, where: str, problems: Problems, needle: str) -> tuple[str, ...]:
    value = table.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        example = f'{key} = ["…", "…"]'
        problems.add(say(f"{where}：{key} 应为非空字符串的列表，例如 {example}",
                         f"{where}: {key} must be a list of non-empty strings, e.g. {example}"), f"{key} =", needle)
        return ()
    return tuple(value)


def boolean(table: dict, key: str, where: str, problems: Problems, needle: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        problems.add(say(f"{where}：{key} 应为 true 或 false，不能是{_kind(value)}",
                         f"{where}: {key} must be true or false, not {_kind(value)}"),
                     f"{key} =", needle)
        return False
    return value


def _kind(value: Any) -> str:
    kinds = {list: ("列表", "a list"), dict: ("表", "a table"), bool: ("true/false", "true/false"), int: ("数", "a number"),
             float: ("数", "a number")}
    return say(*kinds[type(value)]) if type(value) in kinds else type(value).__name__
