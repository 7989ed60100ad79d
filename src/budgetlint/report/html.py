"""The HTML report: one self-contained page an auditor can open, filter and print.

Everything the page needs is inline (CSS, a few lines of script, SVG charts); it makes
no request at all, and a Content-Security-Policy with the script's hash says so to the
browser too. Data reaches the page only escaped -- through autoescaped template
variables, or markupsafe.escape for the rows of the two big tables, which this module
writes itself for speed -- and data-* attributes, never inside the script, so a hostile
project name stays text.

Each clause the findings cite is shown once, in its own section; a finding row links to
it (#clause-...), so the page stays small and the link works without script and in print.

This module turns the RunResult into view rows; templates/report.html.j2 lays them out.
Output is byte-identical for the same input (no clock unless asked for).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

import jinja2
from markupsafe import Markup, escape

from .._resources import templates_dir
from .._version import __version__
from ..models import SEVERITIES, VERDICTS, Finding, RunResult, Scheme, WorkbookResult
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
    rows: Markup  # the <tr> elements of its every-line table
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


# ---------------------------------------------------------------------------
# The two big tables -- the findings, and every line of every workbook -- are built here
# as HTML text rather than in the template: a jinja macro call per row cost more than the
# rest of the page. Every value goes through markupsafe.escape, exactly what autoescape
# does, and what repeats from row to row (badges, the rule cell, the workbook cell, a
# duty's message and evidence) is escaped and put together once, then reused.


def _esc(value: object) -> str:
    return str(escape(value))


class _Memo(dict):
    """value -> its escaped text, each distinct value escaped once."""

    def __missing__(self, value: object) -> str:
        text = self[value] = _esc(value)
        return text


@dataclass(frozen=True)
class _Clause:
    """A clause the findings cite: listed once in the clauses section, linked from each row."""

    anchor: str  # id of its entry
    duty_id: str
    section: str
    task: str
    text: str
    findings: int


@dataclass(frozen=True)
class _FindingTable:
    rows: Markup  # the <tr> elements of the findings table, escaped
    count: int
    jurisdictions: frozenset[str]  # data-jur values present
    verdicts: frozenset[str]  # data-verdict values present
    statuses: frozenset[str]
    clauses: tuple[_Clause, ...]


_ANCHOR_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def _findings_table(result: RunResult, lang: str, t, schemes: tuple[Scheme, ...]) -> _FindingTable:
    jurisdictions = {wb.path: wb.placement.jurisdiction.name for wb in result.workbooks if wb.placement}
    scheme_of = {wb.path: wb.placement.scheme for wb in result.workbooks if wb.placement}
    verdicts = {
        (wb.path, j.line.sheet, j.line.row): j.verdict for wb in result.workbooks for j in wb.judgements
    }
    memo = _Memo()
    colon = memo[t["colon"]]

    # (duty id, clause) -> [anchor, section, task, findings]. The anchor is given when the
    # clause is first cited: the duty id when it makes a plain, unused id, else a number.
    cited: dict[tuple[str, str], list] = {}
    anchors: set[str] = set()

    def anchor_for(duty_id: str) -> str:
        anchor = f"clause-{duty_id}" if _ANCHOR_SAFE.fullmatch(duty_id) else ""
        n = len(cited)
        while not anchor or anchor in anchors:
            n += 1
            anchor = f"clause-{n}"
        anchors.add(anchor)
        return anchor

    def duty_cell(path: str, duty_id: str, clause: str) -> tuple[str, list | None]:
        scheme = scheme_of.get(path)
        duty = scheme.duty(duty_id) if scheme and duty_id else None
        sub = f' <span class="sub">{memo[duty.section]}</span>' if duty and duty.section else ""
        if not clause:
            return (f'<span class="duty">{memo[duty_id]}</span>{sub}' if duty_id else ""), None
        entry = cited.get((duty_id, clause))
        if entry is None:
            entry = cited[(duty_id, clause)] = [
                anchor_for(duty_id), duty.section if duty else "", duty.task if duty else "", 0,
            ]
        label = memo[duty_id] if duty_id else memo[t["see_clause"]]
        return f'<a class="duty" href="#{memo[entry[0]]}">{label}</a>{sub}', entry

    heads: dict[tuple, tuple[str, str]] = {}
    duty_cells: dict[tuple[str, str, str], tuple[str, list | None]] = {}
    whys: dict[tuple, str] = {}
    badges = {s: f'<span class="badge st-{s}" data-status-badge="{s}">{memo[t["status_" + s]]}</span>'
              for s in ("open", "suppressed", "baseline")}
    seen_jur, seen_verdict, seen_status = set(), set(), set()
    rows: list[str] = []

    for f in result.findings:
        verdict = verdicts.get((f.path, f.sheet, f.row)) or _UNKNOWN
        jur = jurisdictions.get(f.path) or _UNKNOWN
        status = "suppressed" if f.suppression is not None else ("baseline" if f.baseline else "open")
        seen_jur.add(jur)
        seen_verdict.add(verdict)
        seen_status.add(status)

        key = (f.path, f.severity, f.code, f.rule, jur, verdict, status)
        head = heads.get(key)
        if head is None:
            sev = memo[f.severity]
            badge = (f'<span class="badge v-{memo[verdict]}">{memo[L.verdict_word(verdict, lang)]}</span>'
                     if verdict != _UNKNOWN else "—")
            head = heads[key] = (
                f'<tr data-sev="{sev}" data-rule="{memo[f.code]}" data-jur="{memo[jur]}" '
                f'data-verdict="{memo[verdict]}" data-status="{status}">'
                f'<td class="wbname" title="{memo[f.path]}">{memo[_file_name(f.path)]}</td>',
                f'<td>{badge}</td><td><span class="code">{memo[f.code]}</span> '
                f'<span class="rule">{memo[f.rule]}</span><span class="sub">'
                f'<span class="badge sev-{sev}">{memo[L.severity_word(f.severity, lang)]}</span></span></td>',
            )
        key = (f.path, f.duty_id, f.clause)
        duty, entry = duty_cells.get(key) or duty_cells.setdefault(key, duty_cell(f.path, f.duty_id, f.clause))
        if entry is not None:
            entry[3] += 1
        key = (f.message, f.evidence)
        why = whys.get(key)
        if why is None:
            evidence = "".join(
                f"<dt>{memo[L.evidence_word(k, lang)]}</dt><dd>{memo[v]}</dd>" for k, v in f.evidence if v
            )
            why = whys[key] = ((f'<p class="msg">{memo[f.message]}</p>' if f.message else "")
                               + (f'<dl class="ev">{evidence}</dl>' if evidence else ""))
        status_cell = badges[status]
        s = f.suppression
        if s is not None:
            status_cell += '<div class="accept">' + "".join((
                f'<div>{memo[t["accepted_by"]]}{colon}<span class="by">{_esc(s.by)}</span></div>' if s.by else "",
                f'<div>{memo[t["reason"]]}{colon}<span class="why">{_esc(s.reason)}</span></div>' if s.reason else "",
                f'<div>{memo[t["source"]]}{colon}{_esc(s.source)}</div>' if s.source else "",
            )) + "</div>"
        rows.append(
            f'{head[0]}<td class="where">{_esc(_where(f.sheet, f.row))}</td>'
            f'<td class="name">{_esc(f.name or "—")}</td><td class="num">{wan(f.amount_yuan)}</td>'
            f'{head[1]}<td>{duty}</td><td>{why}</td><td>{status_cell}</td></tr>\n'
        )

    # The clauses in the order their schemes list them; any other after, by id.
    rank: dict[tuple[str, str], tuple[int, int]] = {}
    for i, scheme in enumerate(schemes):
        for k, d in enumerate(scheme.duties):
            rank.setdefault((d.id, d.clause), (i, k))
    order = sorted(cited, key=lambda key: (rank.get(key, (len(schemes), 0)), key))
    clauses = tuple(_Clause(cited[key][0], key[0], cited[key][1], cited[key][2], key[1], cited[key][3])
                    for key in order)
    return _FindingTable(Markup("".join(rows)), len(rows), frozenset(seen_jur), frozenset(seen_verdict),
                         frozenset(seen_status), clauses)


def _line_rows(wb: WorkbookResult, lang: str) -> Markup:
    """The <tr> elements of one workbook's every-line table."""
    memo = _Memo()
    badges: dict[str, str] = {}
    fundings: dict[tuple[str, str], str] = {}
    duties: dict[tuple[str, str], str] = {}
    rows = []
    pairs = [(j.line, j) for j in wb.judgements] or [
        (line, None) for line in (wb.workbook.lines if wb.workbook else ())]
    for line, j in pairs:
        verdict = j.verdict if j else _UNKNOWN
        badge = badges.get(verdict)
        if badge is None:
            badge = badges[verdict] = (
                f'<span class="badge v-{memo[verdict]}">{memo[L.verdict_word(verdict, lang)]}</span>'
                if j else "—")
        duty = j.duty if j else None
        dkey = (duty.id, duty.task) if duty else ("", "")
        duty_text = duties.get(dkey)
        if duty_text is None:
            duty_text = duties[dkey] = _esc(f"{dkey[0]} {dkey[1]}".strip())
        funding = j.funding if j else line.funding
        fkey = (funding.kind, funding.text)
        funding_text = fundings.get(fkey)
        if funding_text is None:
            funding_text = fundings[fkey] = _esc(" · ".join(
                p for p in (L.funding_word(funding.kind, lang), funding.text) if p))
        note = f' title="{memo[line.amount_note]}"' if line.amount_note else ""
        reasons = memo["；".join(j.reasons)] if j else ""
        rows.append(
            f'<tr class="line" data-verdict="{memo[verdict]}">'
            f'<td class="where">{_esc(_where(line.sheet, line.row))}</td>'
            f'<td class="name">{_esc(line.name)}</td><td class="num"{note}>{wan(line.amount_yuan)}</td>'
            f'<td>{badge}</td><td>{duty_text}</td><td>{funding_text}</td><td class="reasons">{reasons}</td></tr>\n'
        )
    return Markup("".join(rows))


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
            lines=len(wb.judgements) or (len(wb.workbook.lines) if wb.workbook else 0),
            rows=_line_rows(wb, lang),
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


def _filters(table: _FindingTable, summary: Summary, lang: str, t) -> dict:
    def label(value: str, word: str) -> str:
        return t["unknown"] if value == _UNKNOWN else word

    return {
        "sev": [(s, f"{L.severity_word(s, lang)} ({n})") for s, n in summary.by_severity if n],
        "rule": [(code, f"{code} {name} ({n})") for code, name, _, n in summary.by_rule],
        "jur": [(j, label(j, j)) for j in sorted(table.jurisdictions)],
        "verdict": [(v, label(v, L.verdict_word(v, lang))) for v in sorted(table.verdicts, key=_verdict_key)],
        "status": [(s, t["status_" + s]) for s in ("open", "suppressed", "baseline") if s in table.statuses],
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
    schemes = _schemes(result)
    table = _findings_table(result, lang, t, schemes)
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
        "filters": _filters(table, summary, lang, t),
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
