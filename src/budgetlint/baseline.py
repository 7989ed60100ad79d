"""Baselines: accept today's findings so that a run fails only on new ones.

A fingerprint names a finding by rule, workbook file name, sheet and normalised project
name — never by row or folder — so it survives reordered and inserted rows and a moved
workbook. Findings that share all four (two 合计 rows of one sheet, say) are told apart
by an occurrence index in row order.

The file is JSON, sorted, with no timestamp, so it diffs cleanly in review:

    {"tool": "budgetlint", "version": 1,
     "findings": [{"fingerprint": "…", "code": "BL101", "rule": "wrong-level",
                   "workbook": "….xlsx", "sheet": "项目支出表", "name": "…"}]}
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path, PurePosixPath

from budgetlint._atomic import atomic_write_text
from budgetlint._i18n import say
from budgetlint.config import read_bytes
from budgetlint.errors import ConfigError
from budgetlint.models import Finding
from budgetlint.normalize import normalize_name

FORMAT_VERSION = 1
#: A baseline of 100,000 findings is about 25 MB.
MAX_BASELINE_BYTES = 128 * 2**20
_FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")


@lru_cache(maxsize=1024)
def workbook_name(path: str) -> str:
    return PurePosixPath(path.replace("\\", "/")).name


@lru_cache(maxsize=1024)
def _sheet_key(sheet: str) -> str:
    return normalize_name(sheet)


#: A project name as fingerprints compare it; budgets repeat names by the thousand.
_name_key = lru_cache(maxsize=65536)(normalize_name)


def fingerprint_key(code: str, path: str, sheet: str, name: str) -> tuple[str, str, str, str]:
    """What a fingerprint names: rule, workbook file name, sheet and project name, normalised."""
    return (code, workbook_name(path), _sheet_key(sheet), _name_key(name))


def fingerprint_of(code: str, path: str, sheet: str, name: str, occurrence: int = 0) -> str:
    return _digest(fingerprint_key(code, path, sheet, name), occurrence)


def _digest(key: tuple[str, str, str, str], occurrence: int = 0) -> str:
    parts = [*key, str(occurrence)] if occurrence else key
    # surrogateescape: a file name in another encoding hashes as its bytes, never a crash
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def fingerprint(finding: Finding, occurrence: int = 0) -> str:
    return fingerprint_of(finding.code, finding.path, finding.sheet, finding.name, occurrence)


def numbered_fingerprints(places: Sequence[tuple[tuple[str, str, str, str], str, int]]) -> list[str]:
    """The fingerprint of each (key, path, row): those sharing a key are numbered in row order
    (path, row, then the order given), so a key's first holds occurrence 0. Each is hashed once."""
    seen: dict[tuple, list[int]] = {}
    for i, (key, _, _) in enumerate(places):
        seen.setdefault(key, []).append(i)
    occurrence = [0] * len(places)
    for indexes in seen.values():
        if len(indexes) > 1:
            for n, i in enumerate(sorted(indexes, key=lambda i: (places[i][1], places[i][2], i))):
                occurrence[i] = n
    return [_digest(key, occurrence[i]) for i, (key, _, _) in enumerate(places)]


def assign_fingerprints(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Findings with .fingerprint set (a fingerprint already set is kept); findings that share
    one are numbered in row order. Only a finding whose fingerprint changes is copied."""
    current = [f.fingerprint or fingerprint(f) for f in findings]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, fp in enumerate(current):
        groups[fp].append(i)
    for indexes in groups.values():
        if len(indexes) > 1:
            ordered = sorted(indexes, key=lambda i: (findings[i].path, findings[i].row, i))
            for occurrence, i in enumerate(ordered[1:], 1):
                current[i] = fingerprint(findings[i], occurrence)
    return tuple(f if f.fingerprint == fp else with_fingerprint(f, fp) for f, fp in zip(findings, current))


def with_fingerprint(finding: Finding, fp: str) -> Finding:
    """The finding with another fingerprint: its fields copied as they are (a Finding is frozen
    and checks nothing on construction, so dataclasses.replace would only cost more)."""
    copy = object.__new__(Finding)
    copy.__dict__.update(finding.__dict__, fingerprint=fp)
    return copy


def number_across_workbooks(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Findings of workbooks each numbered on its own (assign_fingerprints), numbered as one
    run: only workbooks whose file name another linted path shares need it (the rare case)."""
    paths: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        paths[workbook_name(f.path)].add(f.path)
    shared = {name for name, seen in paths.items() if len(seen) > 1}
    if not shared:
        return tuple(findings)
    indexes = [i for i, f in enumerate(findings) if workbook_name(f.path) in shared]
    again = assign_fingerprints([with_fingerprint(findings[i], "") for i in indexes])
    out = list(findings)
    for i, finding in zip(indexes, again):
        out[i] = finding
    return tuple(out)


def write_baseline(path: Path, findings: Sequence[Finding]) -> None:
    atomic_write_text(Path(path), baseline_document(findings))


def baseline_document(findings: Sequence[Finding]) -> str:
    """The baseline file's text for these findings."""
    records = {}
    for f in assign_fingerprints(findings):
        records[f.fingerprint] = {
            "fingerprint": f.fingerprint,
            "code": f.code,
            "rule": f.rule,
            "workbook": workbook_name(f.path),
            "sheet": f.sheet,
            "name": f.name,
        }
    ordered = sorted(records.values(), key=lambda r: (r["workbook"], r["sheet"], r["name"], r["code"], r["fingerprint"]))
    document = {"tool": "budgetlint", "version": FORMAT_VERSION, "findings": ordered}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def load_baseline(path: Path) -> frozenset[str]:
    path = Path(path)
    data = read_bytes(path, MAX_BASELINE_BYTES, ("基线", "baseline"),
                      hint=("用 --write-baseline 生成一个", "write one with --write-baseline"))
    try:
        document = json.loads(data.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(say(f"{path}: 不是 budgetlint 基线（无效的 JSON：{exc}）",
                              f"{path}: not a budgetlint baseline (invalid JSON: {exc})")) from exc
    except RecursionError:
        raise ConfigError(say(f"{path}: 不是 budgetlint 基线（嵌套过深）",
                              f"{path}: not a budgetlint baseline (nested too deeply)")) from None
    if not isinstance(document, dict) or document.get("tool") != "budgetlint":
        raise ConfigError(say(f'{path}: 不是 budgetlint 基线（没有 "tool": "budgetlint"）',
                              f'{path}: not a budgetlint baseline (no "tool": "budgetlint")'))
    if document.get("version") != FORMAT_VERSION:
        raise ConfigError(say(f"{path}: 不支持基线版本 {document.get('version')!r}；允许：{FORMAT_VERSION}",
                              f"{path}: baseline version {document.get('version')!r} is not supported; allowed: "
                              f"{FORMAT_VERSION}"))
    records = document.get("findings")
    if not isinstance(records, list):
        raise ConfigError(say(f'{path}: 基线没有 "findings" 列表', f'{path}: baseline has no "findings" list'))
    out = set()
    for n, record in enumerate(records, 1):
        fp = record.get("fingerprint") if isinstance(record, dict) else None
        if not isinstance(fp, str) or not _FINGERPRINT.match(fp):
            raise ConfigError(say(f"{path}: 第 {n} 个问题没有有效的指纹（16 位小写十六进制数字）",
                                  f"{path}: finding {n} has no valid fingerprint (16 lowercase hex digits)"))
        out.add(fp)
    return frozenset(out)


def mark_baseline(findings: Sequence[Finding], fingerprints: frozenset[str] | set[str]) -> tuple[Finding, ...]:
    """Findings with .fingerprint set, and .baseline=True for those the baseline knows."""
    return tuple(
        replace(f, baseline=True) if f.fingerprint in fingerprints else f for f in assign_fingerprints(findings)
    )
