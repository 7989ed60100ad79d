"""The HTML report: one self-contained page an auditor can open, filter and print.

Everything the page needs is inline (CSS, a few lines of script, SVG charts); it makes
no request at all, and a Content-Security-Policy with the script's hash says so to the
browser too. Data reaches the page only through autoescaped template variables and
data-* attributes, never inside the script, so a hostile project name stays text.

This module turns the RunResult into plain view rows; templates/report.html.j2 lays
them out. Output is byte-identical for the same input (no clock unless asked for).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

import jinja2
from markupsafe import Markup

from .._resources import templates_dir
from .._version import __version__
from ..models import SEVERITIES, VERDICTS, Finding, Judgement, RunResult, Scheme, WorkbookResult
from ..summary import Summary, summarize
from . import ReportOptions
from . import _labels as L

__all__ = ["render", "wan"]

_TEMPLATE = "report.html.j2"
_CSS = "html/report.css"
_JS = "html/report.js"
_UNKNOWN = "-"  # data-* value for "no jurisdiction / no verdict": not a valid name of either
#: Runs before the body is parsed so the filter bar shows at once; the rest waits for the table.
_HEAD_SCRIPT = 'document.documentElement.className="js";'


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wan"] = wan
    return env


@cache
def _asset(name: str) -> str:
    return (templates_dir() / name).read_text(encoding="utf-8").strip()


def wan(yuan: float | None) -> str:
    """元 -> 万元 with two decimals and thousands separators; "—" when unknown."""
    if yuan is None:
        return "—"
    text = f"{yuan / 10000:,.2f}"
    return "0.00" if text == "-0.00" else text


# ---------------------------------------------------------------------------
# View rows: what one table row shows, already worded in the report's language.


@dataclass(frozen=True)
class _FindingRow:
    f: Finding
    workbook: str
    where: str
    jurisdiction: str  # data-jur value
    verdict: str  # data-verdict value
    verdict_label: str
    severity_label: str
    status: str  # "open" | "suppressed" | "baseline"
    section: str  # the duty's section in the scheme, 二、（二）
    evidence: tuple[tuple[str, str], ...]  # (label, value)


@dataclass(frozen=True)
class _LineRow:
    where: str
    name: str
    amount: str
    amount_note: str
    verdict: str
    verdict_label: str
    duty: str
    funding: str
    reasons: str


@dataclass(frozen=True)
class _WorkbookView:
    path: str
    name: str
    placement: str
    scheme: str
    error: str
    sheets: tuple
    lines: tuple[_LineRow, ...]
    verdicts: tuple[tuple[str, str, int], ...]  # (verdict, label, count), non-zero only
    findings: int


@dataclass(frozen=True)
class _Bar:
    label: str
    short: str
    value: str
    y: int
    width: str


@dataclass(frozen=True)
class _Chart:
    title: str
    bars: tuple[_Bar, ...]
    height: int


def _where(sheet: str, row: int) -> str:
    if sheet and row:
        return f"{sheet}!{row}"
    return sheet or (str(row) if row else "—")


def _file_name(path: str) -> str:
    return PurePath(path).name or path


def _status(f: Finding) -> str:
    if f.suppression is not None:
        return "suppressed"
    return "baseline" if f.baseline else "open"


def _finding_rows(result: RunResult, lang: str) -> tuple[_FindingRow, ...]:
    jurisdictions = {wb.path: wb.placement.jurisdiction.name for wb in result.workbooks if wb.placement}
    schemes = {wb.path: wb.placement.scheme for wb in result.workbooks if wb.placement}
    verdicts = {
        (wb.path, j.line.sheet, j.line.row): j.verdict for wb in result.workbooks for j in wb.judgements
    }
    rows = []
    for f in result.findings:
        verdict = verdicts.get((f.path, f.sheet, f.row), "")
        scheme = schemes.get(f.path)
        duty = scheme.duty(f.duty_id) if scheme and f.duty_id else None
        rows.append(_FindingRow(
            f=f,
            workbook=_file_name(f.path),
            where=_where(f.sheet, f.row),
            jurisdiction=jurisdictions.get(f.path) or _UNKNOWN,
            verdict=verdict or _UNKNOWN,
            verdict_label=L.verdict_word(verdict, lang) if verdict else "—",
            severity_label=L.severity_word(f.severity, lang),
            status=_status(f),
            section=duty.section if duty else "",
            evidence=tuple((L.evidence_word(key, lang), value) for key, value in f.evidence if value),
        ))
    return tuple(rows)


def _line_rows(wb: WorkbookResult, lang: str) -> tuple[_LineRow, ...]:
    def row(line, judgement: Judgement | None) -> _LineRow:
        duty = judgement.duty if judgement else None
        funding = judgement.funding if judgement else line.funding
        return _LineRow(
            where=_where(line.sheet, line.row),
            name=line.name,
            amount=wan(line.amount_yuan),
            amount_note=line.amount_note,
            verdict=judgement.verdict if judgement else _UNKNOWN,
            verdict_label=L.verdict_word(judgement.verdict, lang) if judgement else "—",
            duty=f"{duty.id} {duty.task}".strip() if duty else "",
            funding=" · ".join(p for p in (L.funding_word(funding.kind, lang), funding.text) if p),
            reasons="；".join(judgement.reasons) if judgement else "",
        )

    if wb.judgements:
        return tuple(row(j.line, j) for j in wb.judgements)
    return tuple(row(line, None) for line in (wb.workbook.lines if wb.workbook else ()))


def _workbooks(result: RunResult, lang: str, t) -> tuple[_WorkbookView, ...]:
    views = []
    for wb in result.workbooks:
        placement, scheme = t["unknown_placement"], ""
        if wb.placement:
            p = wb.placement
            level = p.scheme.level_name(p.level) if lang == "zh" else L.level_word(p.level, lang)
            placement = f"{p.jurisdiction.name} · {level}"
            scheme = " ".join(x for x in (p.scheme.title, p.scheme.doc_number) if x)
        counts = {}
        for j in wb.judgements:
            counts[j.verdict] = counts.get(j.verdict, 0) + 1
        order = [v for v in VERDICTS if v in counts] + sorted(v for v in counts if v not in VERDICTS)
        views.append(_WorkbookView(
            path=wb.path,
            name=_file_name(wb.path),
            placement=placement,
            scheme=scheme,
            error=wb.error,
            sheets=wb.workbook.sheets if wb.workbook else (),
            lines=_line_rows(wb, lang),
            verdicts=tuple((v, L.verdict_word(v, lang), counts[v]) for v in order),
            findings=len(wb.findings),
        ))
    return tuple(views)


def _chart(title: str, items: tuple[tuple[str, float], ...], unknown: str) -> _Chart:
    """Horizontal bars; geometry matches the viewBox in the template (640 wide)."""
    top = max((amount for _, amount in items), default=0.0) or 1.0
    bars = []
    for i, (label, amount) in enumerate(items):
        label = label or unknown
        short = label if len(label) <= 10 else label[:9] + "…"
        width = max(amount, 0.0) / top * 340
        bars.append(_Bar(label, short, wan(amount), 8 + i * 30, f"{max(width, 1.5):.1f}"))
    return _Chart(title, tuple(bars), 16 + 30 * len(bars))


# ---------------------------------------------------------------------------
# Rule documentation. Rule.doc is plain text: a summary line, then sections headed
# "What it checks", "Why", ... with an indented body. Turn it into (kind, text) blocks
# so the template escapes every word of it.

_HEADINGS = ("what it checks", "why", "example line", "example", "how to fix", "options")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _join(parts: list[str]) -> str:
    """Join wrapped lines: a space between Latin words, none inside Chinese text."""
    text = parts[0]
    for part in parts[1:]:
        glue = "" if _CJK.match(text[-1:]) and _CJK.match(part[:1]) else " "
        text += glue + part
    return text


def _doc_blocks(doc: str, summary: str = "", lang: str = "zh") -> tuple[tuple[str, object], ...]:
    """("h" | "p" | "ex", text) or ("ul", (item, ...)) blocks; the summary line is left out."""
    blocks: list[tuple[str, object]] = []
    paragraph: list[str] = []
    heading = ""

    def flush() -> None:
        if paragraph:
            text = _join(paragraph)
            paragraph.clear()
            if blocks or text != summary:
                blocks.append(("ex" if heading.startswith("example") else "p", text))

    for raw in doc.splitlines():
        line = raw.strip()
        bare = line.lstrip("#").strip().rstrip(":：")
        if not line or re.fullmatch(r"[-=]{3,}", line):
            flush()
        elif line.startswith("#") or (not raw[:1].isspace() and bare.lower() in _HEADINGS):
            flush()
            heading = bare.lower()
            blocks.append(("h", L.doc_heading(bare, lang)))
        elif line.startswith(("- ", "* ")):
            flush()
            if blocks and blocks[-1][0] == "ul":
                blocks[-1] = ("ul", blocks[-1][1] + (line[2:].strip(),))
            else:
                blocks.append(("ul", (line[2:].strip(),)))
        else:
            paragraph.append(line)
    flush()
    return tuple(blocks)


def _rule_docs(findings: tuple[Finding, ...], lang: str) -> tuple[tuple[str, str, str, str, tuple], ...]:
    """(code, name, severity, summary, blocks) for every rule that fired, by code."""
    fired = {f.code: f for f in findings}
    try:
        from ..rules import get_rule
    except ImportError:  # render what we know even when the rule table cannot load
        get_rule = None
    docs = []
    for code in sorted(fired):
        f, summary, blocks = fired[code], "", ()
        if get_rule is not None:
            try:
                rule = get_rule(code)
            except KeyError:
                rule = None
            if rule is not None:
                summary = rule.summary
                blocks = _doc_blocks(rule.doc or "", summary, lang)
        docs.append((code, f.rule, f.severity, summary, blocks))
    return tuple(docs)


def _schemes(result: RunResult) -> tuple[Scheme, ...]:
    seen: dict[str, Scheme] = {s.id: s for s in result.schemes}
    for wb in result.workbooks:
        if wb.placement and wb.placement.scheme.id not in seen:
            seen[wb.placement.scheme.id] = wb.placement.scheme
    return tuple(seen.values())


def _verdict_key(verdict: str) -> tuple[int, str]:
    order = VERDICTS + (_UNKNOWN,)
    return (order.index(verdict) if verdict in order else len(order), verdict)


def _filters(rows: tuple[_FindingRow, ...], summary: Summary, lang: str, t) -> dict:
    def present(attr: str) -> list[str]:
        return sorted({getattr(r, attr) for r in rows})

    def label(value: str, word: str) -> str:
        return t["unknown"] if value == _UNKNOWN else word

    return {
        "sev": [(s, f"{L.severity_word(s, lang)} ({n})") for s, n in summary.by_severity if n],
        "rule": [(code, f"{code} {name} ({n})") for code, name, _, n in summary.by_rule],
        "jur": [(j, label(j, j)) for j in present("jurisdiction")],
        "verdict": [(v, label(v, L.verdict_word(v, lang))) for v in sorted(present("verdict"), key=_verdict_key)],
        "status": [(s, t["status_" + s]) for s in ("open", "suppressed", "baseline")
                   if any(r.status == s for r in rows)],
    }


def _csp(*scripts: str) -> str:
    """Only our own scripts may run (by hash), and nothing may be fetched."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in scripts
    )
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src {hashes}; base-uri 'none'; form-action 'none'"
    )


def render(result: RunResult, options: ReportOptions) -> str:
    lang = options.lang if options.lang in L.LANGS else "zh"
    t = L.labels(lang)
    summary = summarize(result)
    rows = _finding_rows(result, lang)
    script = _asset(_JS)
    context = {
        "lang": lang,
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "t": t,
        "version": result.version or __version__,
        "timestamp": options.timestamp,
        "options": result.options,
        "schemes": _schemes(result),
        "summary": summary,
        "severities": tuple(
            (s, L.severity_word(s, lang), L.severity_hint(s, lang), summary.severity_count(s),
             summary.severity_count(s, open_only=True))
            for s in SEVERITIES
        ),
        "charts": (
            _chart(t["wrong_by_jurisdiction"], summary.wrong_by_jurisdiction, t["unknown"]),
            _chart(t["wrong_by_category"], summary.wrong_by_category, t["uncategorised"]),
        ),
        "rows": rows,
        "filters": _filters(rows, summary, lang, t),
        "workbooks": _workbooks(result, lang, t),
        "errors": summary.workbooks_failed,
        "rules": _rule_docs(result.findings, lang),
        "css": Markup(_asset(_CSS)),  # our own static files, not data
        "script": Markup(script),
        "head_script": Markup(_HEAD_SCRIPT),
        "csp": _csp(_HEAD_SCRIPT, script),
        "severity_words": {s: L.severity_word(s, lang) for s in SEVERITIES},
    }
    return _environment().get_template(_TEMPLATE).render(context)
