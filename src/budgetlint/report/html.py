"""The HTML report: one self-contained page an auditor can open, filter and print.

Everything the page needs is inline (CSS, a few lines of script, SVG charts); it makes
no request at all, and a Content-Security-Policy with the script's hash says so to the
browser too. Data reaches the page only escaped -- through autoescaped template
variables, or markupsafe.escape for the rows of the two big tables, which _html_rows.py
writes itself for speed -- and data-* attributes, never inside the script, so a hostile
project name stays text.

Each clause the findings cite is shown once, in its own section; a finding row links to
it (#clause-...), so the page stays small and the link works without script and in print.

This module turns the RunResult into what each section shows; templates/report.html.j2
lays it out. Output is byte-identical for the same input (no clock unless asked for).
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import jinja2
from markupsafe import Markup

from .._resources import templates_dir
from .._version import __version__
from ..models import SEVERITIES, VERDICTS, Finding, RunResult
from ..summary import Summary, summarize
from . import ReportOptions
from . import _labels as L
from ._facts import STATUSES, placements, schemes_of
from ._html_rows import PAGE_ROWS, UNKNOWN, FindingTable, file_name, findings_table, line_table, wan

__all__ = ["chunks", "render", "wan"]

_TEMPLATE = "report.html.j2"
_CSS = "html/report.css"
_JS = "html/report.js"
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


# ---------------------------------------------------------------------------
# View rows: what the template shows, already worded in the report's language.


@dataclass(frozen=True)
class _WorkbookView:
    path: str
    name: str
    placement: str
    scheme: str
    error: str
    sheets: tuple
    lines: int
    rows: Markup  # where its every-line table's <tr> elements go (a _Slots placeholder)
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


def _workbooks(result: RunResult, lang: str, t, slots: _Slots) -> tuple[_WorkbookView, ...]:
    views = []
    for wb in result.workbooks:
        placement, scheme = t["unknown_placement"], ""
        if wb.placement:
            p = wb.placement
            level = p.scheme.level_name(p.level) if lang == "zh" else L.level_word(p.level, lang)
            placement = f"{p.jurisdiction.name} · {level}"
            scheme = " ".join(x for x in (p.scheme.title, p.scheme.doc_number) if x)
        counts = Counter(j.verdict for j in wb.judgements)
        lines = line_table(wb, lang)
        views.append(_WorkbookView(
            path=wb.path,
            name=file_name(wb.path),
            placement=placement,
            scheme=scheme,
            error=wb.error,
            sheets=wb.workbook.sheets if wb.workbook else (),
            lines=lines.count,
            rows=slots.hold(lines.rows),
            verdicts=tuple((v, L.verdict_word(v, lang), counts[v]) for v in sorted(counts, key=_verdict_key)),
            findings=len(wb.findings),
        ))
    return tuple(views)


def _chart(title: str, items: tuple[tuple[str, float], ...], unknown: str) -> _Chart:
    """Horizontal bars, each under its label; geometry matches the template's viewBox (320
    wide, 40 per bar): narrow, so the text stays readable when a phone shows the whole chart."""
    top = max((amount for _, amount in items), default=0.0) or 1.0
    bars = []
    for i, (label, amount) in enumerate(items):
        label = label or unknown
        short = label if len(label) <= 22 else label[:21] + "…"
        width = max(amount, 0.0) / top * 250
        bars.append(_Bar(label, short, wan(amount), 4 + i * 40, f"{max(width, 1.5):.1f}"))
    return _Chart(title, tuple(bars), 8 + 40 * len(bars))


# ---------------------------------------------------------------------------
# Rule documentation, read by the one reader every consumer uses (Rule.documentation), as
# (kind, text) blocks so the template escapes every word of it.


def _doc_blocks(rule, lang: str) -> tuple[tuple[str, object], ...]:
    """("h" | "p" | "ex", text) blocks of a rule's documentation in the report's language."""
    blocks: list[tuple[str, object]] = []
    for key, heading, text in rule.documentation(lang).sections:
        blocks.append(("h", heading))
        blocks += [("ex" if key == "example" else "p", paragraph) for paragraph in text.splitlines() if paragraph]
    return tuple(blocks)


def _rule_docs(findings: tuple[Finding, ...], lang: str) -> tuple[tuple[str, str, str, str, tuple], ...]:
    """(code, name, severity, summary, blocks) for every rule that fired, by code."""
    from ..rules import get_rule

    fired = {f.code: f for f in findings}
    docs = []
    for code in sorted(fired):
        f, summary, blocks = fired[code], "", ()
        try:
            rule = get_rule(code)
        except KeyError:
            rule = None
        if rule is not None:
            summary, blocks = rule.summary_in(lang), _doc_blocks(rule, lang)
        docs.append((code, f.rule, f.severity, summary, blocks))
    return tuple(docs)


def _verdict_key(verdict: str) -> tuple[int, str]:
    """Verdicts in the order VERDICTS lists them, then "no verdict", then any other by name."""
    order = VERDICTS + (UNKNOWN,)
    return (order.index(verdict) if verdict in order else len(order), verdict)


def _filters(table: FindingTable, summary: Summary, lang: str, t) -> dict:
    def label(value: str, word: str) -> str:
        return t["unknown"] if value == UNKNOWN else word

    return {
        "sev": [(s, f"{L.severity_word(s, lang)} ({n})") for s, n in summary.by_severity if n],
        "rule": [(code, f"{code} {name} ({n})") for code, name, _, n in summary.by_rule],
        "jur": [(j, label(j, j)) for j in sorted(table.jurisdictions)],
        "verdict": [(v, label(v, L.verdict_word(v, lang))) for v in sorted(table.verdicts, key=_verdict_key)],
        "status": [(s, t["status_" + s]) for s in STATUSES if s in table.statuses],
    }


# ---------------------------------------------------------------------------
# Print: a running head and foot on every page, from @page margin boxes.


def css_string(text: str) -> str:
    """text as a CSS string literal that is safe inside <style>: every ASCII character but
    letters, digits and spaces, and every control or separator, as a hex escape. Each escape
    ends with a space, which CSS takes as its end, so a space after it stays a space."""
    out = []
    for ch in text:
        keep = (ch.isalnum() or ch == " ") if ch.isascii() else unicodedata.category(ch)[0] not in "CZ"
        out.append(ch if keep else f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


def _counter_text(template: str) -> str:
    """'第 {page} 页 / 共 {pages} 页' as CSS content: strings around counter(page), counter(pages)."""
    parts = re.split(r"\{(pages?)\}", template)
    return " ".join(f"counter({p})" if i % 2 else css_string(p) for i, p in enumerate(parts) if p or i % 2)


def _print_style(result: RunResult, schemes: tuple, lang: str, t, timestamp: str) -> str:
    """The page's own print rules: what its running head and foot say, and the amount unit
    the finding cards show (the table heading is not printed with them)."""
    documents = "；".join(f"{s.city}（{s.doc_number}）" if s.doc_number else (s.city or s.title) for s in schemes)
    names = list(dict.fromkeys(p.jurisdiction.name for p in placements(result).values()))
    listed = ("、" if lang == "zh" else ", ").join(names[:3] if len(names) > 4 else names)
    if len(names) > 4:
        listed += ("" if lang == "zh" else ", ") + t["more_jurisdictions"].format(n=len(names))
    where = f"{t['jurisdictions']}{t['colon']}{listed}" if names else ""
    head = " · ".join(x for x in (t["title"], documents) if x)
    run_at = f"{t['run_at']} {timestamp}" if timestamp else ""
    box = "font-size: 8pt; color: #5f6b7a; font-family: var(--font)"
    return (
        ":root { --unit: " + css_string(" " + t["wan"]) + "; }\n"
        "@media print {\n@page {\n"
        f"  @top-left {{ content: {css_string(head)}; {box}; vertical-align: bottom; }}\n"
        f"  @top-right {{ content: {css_string(where)}; {box}; vertical-align: bottom; }}\n"
        f"  @bottom-left {{ content: {css_string(run_at)}; {box}; }}\n"
        f"  @bottom-right {{ content: {_counter_text(t['page_of'])}; {box}; }}\n"
        "}\n}"
    )


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


class _Slots:
    """The big tables' rows stand in the template as one placeholder per table and are put
    in place while the page is streamed, so neither the template nor a Markup copies
    megabytes of rows (half the page's time on a 100,000-line workbook). The placeholder
    carries a random token: data cannot forge it, and it never reaches the output."""

    _BLOCK = 2000  # rows per streamed piece

    def __init__(self) -> None:
        self.mark = f"\x00{secrets.token_hex(8)}:"
        self.blocks: list[list[str]] = []

    def hold(self, rows: list[str]) -> Markup:
        self.blocks.append(rows)
        return Markup(f"{self.mark}{len(self.blocks) - 1}\x00")

    def stream(self, page: str) -> Iterator[str]:
        first, *rest = page.split(self.mark)
        yield first
        for part in rest:
            index, after = part.split("\x00", 1)
            rows = self.blocks[int(index)]
            for start in range(0, len(rows), self._BLOCK):
                yield "".join(rows[start:start + self._BLOCK])
            yield after


def render(result: RunResult, options: ReportOptions) -> str:
    return "".join(chunks(result, options))


def chunks(result: RunResult, options: ReportOptions) -> Iterator[str]:
    slots = _Slots()
    lang = options.lang if options.lang in L.LANGS else "zh"
    t = L.labels(lang)
    summary = summarize(result)
    schemes = schemes_of(result)
    table = findings_table(result, lang, t, schemes)
    script = _asset(_JS)
    context = {
        "lang": lang,
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "t": t,
        "version": result.version or __version__,
        "timestamp": options.timestamp,
        "options": result.options,
        "schemes": schemes,
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
        "findings": table,
        "finding_rows": slots.hold(table.rows),
        "filters": _filters(table, summary, lang, t),
        "workbooks": _workbooks(result, lang, t, slots),
        "errors": summary.workbooks_failed,
        "rules": _rule_docs(result.findings, lang),
        "css": Markup(_asset(_CSS)),  # our own static files, not data
        "print_css": Markup(_print_style(result, schemes, lang, t, options.timestamp)),  # data: css_string-escaped
        "page_rows": PAGE_ROWS,
        "script": Markup(script),
        "head_script": Markup(_HEAD_SCRIPT),
        "csp": _csp(_HEAD_SCRIPT, script),
        "severity_words": {s: L.severity_word(s, lang) for s in SEVERITIES},
    }
    return slots.stream(_environment().get_template(_TEMPLATE).render(context))
