"""The text report: one line per finding, like ruff, then a short summary."""

from __future__ import annotations

import re
from collections import Counter

from .._words import severity_word
from ..models import SEVERITIES, RunResult
from . import ReportOptions
from ._labels import verdict_word

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET, _BOLD, _DIM = "\033[0m", "\033[1m", "\033[2m"


# C0/C1 controls and bidi overrides: a name must not drive a terminal or forge a line. Lone
# surrogates: the bytes of a file name in another encoding (GBK from a Windows archive).
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: What a CI runner reads as a workflow command: "::error …::" starting a line (after blanks),
#: and the legacy "##[error]" (also Azure's "##vso[") anywhere in one.
_COMMAND = re.compile(r"^(\s*):(?=:)|#(?=#\[|#vso\[)")
#: Text that needs visible(): cheap to look for, so that clean text is printed as it is.
_UNSAFE = re.compile(f"{_INVISIBLE.pattern}|::|##")


def visible(text: str) -> str:
    """text with control characters shown as escapes (\\n, \\x1b, \\u202e), a file name's
    undecodable bytes as \\xNN, and nothing that a CI runner would take for a command."""
    def show(m: re.Match) -> str:
        ch = m.group()
        if "\udc80" <= ch <= "\udcff":  # os.fsdecode's escape of an undecodable byte
            return f"\\x{ord(ch) - 0xdc00:02x}"
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
    # After the escapes above the text is one line: ^ is its start.
    return _COMMAND.sub(lambda m: f"{m.group(1)}\\x3a" if m.group(1) is not None else "\\x23",
                        _INVISIBLE.sub(show, str(text)))


def _paint(text: str, code: str, options: ReportOptions) -> str:
    return f"{code}{text}{_RESET}" if options.color else text


def render(result: RunResult, options: ReportOptions) -> str:
    out: list[str] = []
    zh = options.lang != "en"
    for f in result.findings:
        reason = f.suppression.reason if f.suppression is not None else ""
        # One look for control characters (or a CI command) in the finding's text; escaped only if found.
        shown = visible if _UNSAFE.search(f"{f.path}{f.sheet}{f.name}{f.message}{reason}") else str
        where = shown(f"{f.path}:{f.sheet}!{f.row}" if f.sheet else f.path)
        tag = f"[{f.severity}]"
        status = ""
        if f.suppression is not None:
            status = f"（已豁免：{shown(reason)}）" if zh else f" (suppressed: {shown(reason)})"
        elif f.baseline:
            status = "（基线已有）" if zh else " (baseline)"
        name = f" {shown(f.name)}:" if f.name else ""
        out.append(f"{_paint(where, _BOLD, options)}: {_paint(f.code, _COLOURS[f.severity], options)} {tag}{name} {shown(f.message)}{status}")
    out.append(summary(result, options))
    return "\n".join(out) + "\n"


def summary(result: RunResult, options: ReportOptions) -> str:
    read = [r for r in result.workbooks if r.workbook]
    lines = sum(r.lines_judged for r in read)
    verdicts: Counter[str] = Counter()
    for r in read:
        verdicts.update(dict(r.verdicts))
    live = [f for f in result.findings if f.suppression is None and not f.baseline]
    severity = Counter(f.severity for f in live)
    quiet = len(result.findings) - len(live)
    if options.lang == "en":
        counts = ", ".join(f"{severity[s]} {s} ({severity_word(s, 'en')})" for s in SEVERITIES)
        text = (f"{len(read)} workbook(s), {lines} line(s) read; {len(result.errors)} could not be read. "
                f"Findings: {counts}" + (f"; {quiet} suppressed or in the baseline" if quiet else "") + ".")
        shown = ", ".join(f"{v} {verdicts[v]}" for v in sorted(verdicts))
        text += f"\nVerdicts: {shown}" if verdicts else ""
    else:
        counts = "，".join(f"{severity_word(s)} {severity[s]} 个（{s}）" for s in SEVERITIES)
        text = (f"读取预算表 {len(read)} 个、项目行 {lines} 行；{len(result.errors)} 个无法读取。问题：{counts}"
                + (f"；另有 {quiet} 个已豁免或在基线中" if quiet else "") + "。")
        shown = "，".join(f"{verdict_word(v)} {verdicts[v]}" for v in sorted(verdicts))
        text += f"\n判定：{shown}" if verdicts else ""
    return _paint(text, _DIM, options) if options.color else text
