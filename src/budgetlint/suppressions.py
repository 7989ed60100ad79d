"""Findings accepted with a reason: from a suppression file or from a 备注 cell.

A suppression file holds [[suppress]] entries:

    [[suppress]]
    workbook = "阳城县/2025年部门预算.xlsx"   # file name or path suffix
    sheet = "项目支出表"                      # optional: any sheet
    name = "专利导航服务项目"                 # optional: any project line
    rule = "wrong-level"                      # code or name
    reason = "经市财政局同意，由县代建"
    by = "张三"

A 备注 cell accepts findings on its own line:
"budgetlint: ignore wrong-level 经市财政局同意，由县代建" (several rules: BL101,BL105;
several directives separated by ；/; each starting with "ignore").

Entries match findings by workbook, sheet, normalised project name and rule — never by
row, since rows move. An entry without a reason suppresses nothing: the engine reports it
(BL301), as it reports entries that match nothing (BL302).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from budgetlint._i18n import say
from budgetlint.config import (
    MAX_TOML_BYTES, find_rule, key_problem, parse_toml, read_bytes, rules_allowed, unknown_rule,
)
from budgetlint.errors import ConfigError
from budgetlint.models import BudgetLine, Finding, Suppression
from budgetlint.normalize import normalize_name

ENTRY_KEYS = ("workbook", "sheet", "name", "rule", "reason", "by")
REQUIRED_KEYS = ("workbook", "rule")
#: Sources of inline entries start with this, so they are never mistaken for a file.
INLINE_SOURCE = "备注 cell "


@dataclass(frozen=True)
class SuppressionEntry:
    workbook: str  # file name or path suffix; "" = any (inline entries the engine did not place)
    sheet: str  # "" = any
    name: str  # 项目名称; "" = any
    rule: str  # code or name
    reason: str
    by: str
    source: str  # the suppression file, or "备注 cell 项目支出表!9"
    line: int  # line in the file, or the row of the 备注 cell


def location(entry: SuppressionEntry) -> str:
    """Where an entry was written, for messages: "file.toml:12" or "备注 cell 项目支出表!9"."""
    if entry.source.startswith(INLINE_SOURCE) or not entry.line:
        return entry.source
    return f"{entry.source}:{entry.line}"


# ---------------------------------------------------------------------------
# Reading entries.

_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*suppress[ \t]*\]\]", re.MULTILINE)


def load_suppressions(path: Path) -> tuple[SuppressionEntry, ...]:
    """The [[suppress]] entries of a suppression file, validated."""
    path = Path(path)
    raw_bytes = read_bytes(path, MAX_TOML_BYTES, ("豁免", "suppression"))
    data = parse_toml(path, raw_bytes)
    for key in data:
        if key != "suppress":
            raise ConfigError(key_problem(path, key, say("没有这个键", "unknown key"), "suppress"))
    raw = data.get("suppress", [])
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise ConfigError(key_problem(path, "suppress", say("应为 [[suppress]] 表", "expected [[suppress]] tables"),
                                      "[[suppress]]"))
    text = raw_bytes.decode("utf-8")  # parse_toml has decoded it once already
    lines, line, at = [], 1, 0
    for m in _HEADER.finditer(text):  # counted as they come: linear in the file
        line += text.count("\n", at, m.start())
        at = m.start()
        lines.append(line)
    if len(lines) != len(raw):  # written as an inline array: no line per entry
        lines = [0] * len(raw)
    return tuple(_entry(path, n, item) for n, item in zip(lines, raw))


def _entry(path: Path, line: int, item: dict[str, Any]) -> SuppressionEntry:
    where = f"{path}:{line}" if line else str(path)
    for key, value in item.items():
        if key not in ENTRY_KEYS:
            raise ConfigError(key_problem(where, key, say("没有这个键", "unknown key"), ", ".join(ENTRY_KEYS)))
        if not isinstance(value, str):
            raise ConfigError(key_problem(where, key, say("应为字符串", "expected a string"), say("字符串", "a string")))
    for key in REQUIRED_KEYS:
        if not item.get(key, "").strip():
            raise ConfigError(key_problem(where, key, say("缺少", "missing"), say("非空字符串", "a non-empty string")))
    rule = item["rule"].strip()
    if find_rule(rule) is None:
        raise ConfigError(key_problem(where, "rule", unknown_rule(rule), rules_allowed()))
    return SuppressionEntry(
        workbook=item["workbook"].strip(),
        sheet=item.get("sheet", "").strip(),
        name=item.get("name", "").strip(),
        rule=rule,
        reason=item.get("reason", "").strip(),
        by=item.get("by", "").strip(),
        source=str(path),
        line=line,
    )


_MARKER = re.compile(r"budgetlint\s*[:：]\s*(?=ignore)", re.IGNORECASE)
_DIRECTIVE = re.compile(
    r"^ignore[\s:：=]+(?P<rules>[A-Za-z0-9_-]+(?:\s*[,，、]\s*[A-Za-z0-9_-]+)*)(?P<reason>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_REASON_LEAD = " \t\u3000:：,，、-—"


def inline_suppressions(line: BudgetLine, workbook: str = "") -> tuple[SuppressionEntry, ...]:
    """The entries a line's 备注 cell declares, for its own project name and sheet.

    Pass the workbook path so an entry cannot match a same-named line in another workbook.
    """
    found = _MARKER.search(line.remark)
    if found is None:
        return ()
    directives: list[list[str]] = []  # [rules, reason]
    for segment in re.split(r"[；;]", line.remark[found.end() :]):
        segment = segment.strip()
        if lead := _MARKER.match(segment):  # the marker repeated after a ；
            segment = segment[lead.end() :]
        if segment[:6].lower() == "ignore":
            m = _DIRECTIVE.match(segment)
            # "ignore" with no rule still becomes an entry, so the engine reports it.
            rules, reason = (m["rules"], m["reason"]) if m else ("", segment[6:])
            directives.append([rules, reason.strip(_REASON_LEAD)])
        elif directives:  # a reason that itself contains ；
            directives[-1][1] = "；".join(p for p in (directives[-1][1], segment) if p)
    source = f"{INLINE_SOURCE}{line.sheet}!{line.row}"
    return tuple(
        SuppressionEntry(workbook, line.sheet, line.name, rule, reason, "", source, line.row)
        for rules, reason in directives
        for rule in re.split(r"\s*[,，、]\s*", rules)
    )


# ---------------------------------------------------------------------------
# Applying entries to findings.


def apply_suppressions(
    findings: Sequence[Finding], entries: Sequence[SuppressionEntry]
) -> tuple[tuple[Finding, ...], tuple[SuppressionEntry, ...], tuple[SuppressionEntry, ...]]:
    """(findings with .suppression set where an entry with a reason matches,
    entries without a reason, entries that matched no finding)."""
    if not entries:  # the usual run: nothing to compare
        return tuple(findings), (), ()
    keyed = [(e, _entry_key(e)) for e in entries]
    by_rule: dict[str, list[int]] = {}  # an entry names its rule by code (any case) or by name
    for i, entry in enumerate(entries):
        for key in dict.fromkeys((entry.rule.upper(), entry.rule)):
            by_rule.setdefault(key, []).append(i)
    used: set[int] = set()
    out = []
    for finding in findings:
        fkey = _finding_key(finding)
        for i in sorted({*by_rule.get(finding.code, ()), *by_rule.get(finding.rule, ())}):
            entry, ekey = keyed[i]
            if not _matches(ekey, fkey):
                continue
            used.add(i)
            if entry.reason and finding.suppression is None:
                finding = replace(finding, suppression=_suppression(entry))
        out.append(finding)
    without_reason = tuple(e for e in entries if not e.reason)
    stale = tuple(e for i, e in enumerate(entries) if i not in used)
    return tuple(out), without_reason, stale


def entries_for(entries: Sequence[SuppressionEntry], paths: Sequence[str]) -> tuple[SuppressionEntry, ...]:
    """The entries that concern one of the linted workbooks: a run over some workbooks
    (pre-commit passes only the staged ones) must not call the others' entries stale."""
    by_name: dict[str, list[tuple[str, ...]]] = {}  # a workbook matches by file name first
    for p in paths:
        parts = _path_parts(p)
        by_name.setdefault(parts[-1] if parts else "", []).append(parts)
    return tuple(e for e in entries if not e.workbook or any(
        _same_workbook(wanted, p) for wanted in (_path_parts(e.workbook),) for p in by_name.get(wanted[-1] if wanted else "", ())))


@lru_cache(maxsize=1024)
def _path_parts(path: str) -> tuple[str, ...]:
    parts = PurePosixPath(unicodedata.normalize("NFKC", path).replace("\\", "/")).parts
    return tuple(p for p in parts if p not in (".", "/"))


def _entry_key(e: SuppressionEntry) -> tuple[tuple[str, ...], str, str, str]:
    return _path_parts(e.workbook), normalize_name(e.sheet), normalize_name(e.name), e.rule


def _finding_key(f: Finding) -> tuple[tuple[str, ...], str, str, str, str]:
    return _path_parts(f.path), normalize_name(f.sheet), normalize_name(f.name), f.code, f.rule


def _matches(ekey: tuple, fkey: tuple) -> bool:
    wb, sheet, name, rule = ekey
    fwb, fsheet, fname, code, rule_name = fkey
    return (
        (not wb or _same_workbook(wb, fwb))
        and (not sheet or sheet == fsheet)
        and (not name or name == fname)
        and (rule.upper() == code or rule == rule_name)
    )


def _same_workbook(entry_parts: tuple[str, ...], path_parts: tuple[str, ...]) -> bool:
    """An entry names a workbook by file name or by a path suffix."""
    return path_parts[-len(entry_parts) :] == entry_parts


def _suppression(entry: SuppressionEntry) -> Suppression:
    return Suppression(rule=entry.rule, reason=entry.reason, source=location(entry), by=entry.by)
