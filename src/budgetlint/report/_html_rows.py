"""The rows of the HTML report's two big tables -- the findings, and every line of every
workbook -- written here as HTML text rather than in the template: a jinja macro call
per row cost more than the rest of the page. The clauses the findings cite are gathered
in the same pass over the findings.

Every value is escaped exactly as markupsafe.escape (autoescape) does it, and what
repeats from row to row (badges, the rule cell, the workbook cell, a duty's message and
evidence) is escaped and put together once, then reused. html.py builds the rest of the
page's view and puts these rows in the page as it is streamed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from markupsafe import escape

from ..models import RunResult, Scheme, Suppression, WorkbookResult
from ..reasons import render_reasons
from . import _labels as L
from ._facts import STATUSES, duty_of, placements, status_of, verdicts_by_line

UNKNOWN = "-"  # data-* value for "no jurisdiction / no verdict": not a valid name of either
#: Findings shown per page of the table. The rows after the first page are written with class
#: "off" (hidden while the page's script runs, shown without it and in print), so a browser lays
#: out one page of a large report instead of every row (report.js turns the pages).
PAGE_ROWS = 100


# wan lives here, below html.py, because the amount cells need it; html.py re-exports it
# (public name, and the template's |wan filter), so the page has one way to show money.
def wan(yuan: float | None) -> str:
    """元 -> 万元 with two decimals and thousands separators; "—" when unknown."""
    if yuan is None:
        return "—"
    text = f"{yuan / 10000:,.2f}"
    return "0.00" if text == "-0.00" else text


def file_name(path: str) -> str:
    return PurePath(path).name or path


def _where(sheet: str, row: int) -> str:
    if sheet and row:
        return f"{sheet}!{row}"
    return sheet or (str(row) if row else "—")


_SPECIAL = re.compile(r"[&<>\"']")
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}


def _entity(match: re.Match[str]) -> str:
    return _ENTITY[match.group()]


def _esc(value: object) -> str:
    """markupsafe.escape's text for a plain string, without building a Markup per cell
    (a third of the page's time on a 100,000-line workbook); anything else goes to it."""
    if type(value) is not str:
        return str(escape(value))
    return _SPECIAL.sub(_entity, value) if _SPECIAL.search(value) else value


class _Once(dict):
    """key -> make(key), made once per distinct key and then looked up (a plain dict hit)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[object], str | tuple]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: object) -> str | tuple:
        value = self[key] = self.make(key)
        return value


def _verdict_badge(verdict: str, lang: str, memo: _Once) -> str:
    if verdict == UNKNOWN:
        return "—"
    return f'<span class="badge v-{memo[verdict]}">{memo[L.verdict_word(verdict, lang)]}</span>'


# ---------------------------------------------------------------------------
# The findings table and the clauses it links to.


@dataclass(frozen=True)
class Clause:
    """A clause the findings cite: listed once in the clauses section, linked from each row."""

    anchor: str  # id of its entry
    duty_id: str
    section: str
    task: str  # as the clause words it
    text: str
    findings: int
    task_name: str = ""  # the catalogue task's Chinese name
    scheme: str = ""  # the title of the city's scheme that quotes it ("" for the duties above the city)


@dataclass(frozen=True)
class FindingTable:
    rows: list[str]  # the <tr> elements of the findings table, escaped
    count: int
    jurisdictions: frozenset[str]  # data-jur values present
    verdicts: frozenset[str]  # data-verdict values present
    statuses: frozenset[str]
    clauses: tuple[Clause, ...]


_ANCHOR_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def findings_table(result: RunResult, lang: str, t, schemes: tuple[Scheme, ...]) -> FindingTable:
    placed = placements(result)
    jurisdictions = {path: p.jurisdiction.name for path, p in placed.items()}
    verdicts = verdicts_by_line(result)
    memo = _Once(_esc)

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

    # What findings alike in all but place share: the <tr> and workbook cell, and the
    # verdict and rule cells (the place, name and amount cells go between them).
    def head(key: tuple) -> tuple[str, str]:
        path, severity, code, rule, jur, verdict, status = key
        sev = memo[severity]
        return (
            f'<tr data-sev="{sev}" data-rule="{memo[code]}" data-jur="{memo[jur]}" '
            f'data-verdict="{memo[verdict]}" data-status="{status}">'
            f'<td class="wbname" title="{memo[path]}">{memo[file_name(path)]}</td>',
            f'<td>{_verdict_badge(verdict, lang, memo)}</td><td><span class="code">{memo[code]}</span> '
            f'<span class="rule">{memo[rule]}</span><span class="sub">'
            f'<span class="badge sev-{sev}">{memo[L.severity_word(severity, lang)]}</span></span></td>',
        )

    # The duty cell, and the clause entry it links to (None when the finding cites none).
    def duty_cell(key: tuple[str, str, str]) -> tuple[str, list | None]:
        path, duty_id, clause = key
        duty = duty_of(duty_id, placed.get(path))
        # The duty's Chinese task name first; its id only as a secondary reference.
        sub = f' <span class="sub">{memo[duty.section]}</span>' if duty and duty.section else ""
        name = memo[duty.task_name or duty.task or duty_id] if duty else memo[duty_id]
        ref = f' title="{memo[duty_id]}"' if duty_id else ""
        if not clause:
            return (f'<span class="duty"{ref}>{name}</span>{sub}' if duty_id else ""), None
        entry = cited.get((duty_id, clause))
        if entry is None:
            scheme = placed.get(path).scheme if placed.get(path) else None
            entry = cited[(duty_id, clause)] = [
                anchor_for(duty_id), duty.section if duty else "", duty.task if duty else "", 0,
                duty.task_name if duty else "", scheme.title if scheme and duty and duty.source == scheme.id else "",
            ]
        label = name if duty_id else memo[t["see_clause"]]
        return f'<a class="duty" href="#{memo[entry[0]]}"{ref}>{label}</a>{sub}', entry

    # The why cell: message and evidence.
    def why(key: tuple[str, tuple]) -> str:
        message, evidence = key
        terms = "".join(
            f"<dt>{memo[L.evidence_word(k, lang)]}</dt><dd>{memo[v]}</dd>" for k, v in evidence if v
        )
        return ((f'<p class="msg">{memo[message]}</p>' if message else "")
                + (f'<dl class="ev">{terms}</dl>' if terms else ""))

    def hidden_head(key: tuple) -> tuple[str, str]:
        first, middle = head(key)
        return f'<tr class="off" {first[4:]}', middle

    heads, duty_cells, whys = _Once(head), _Once(duty_cell), _Once(why)
    badges = {s: f'<span class="badge st-{s}" data-status-badge="{s}">{memo[t["status_" + s]]}</span>'
              for s in STATUSES}
    seen_jur, seen_verdict, seen_status = set(), set(), set()
    rows: list[str] = []

    for f in result.findings:
        if len(rows) == PAGE_ROWS:  # from here on, rows start hidden: <tr class="off" data-sev=...>
            heads = _Once(hidden_head)
        verdict = verdicts.get((f.path, f.sheet, f.row)) or UNKNOWN
        jur = jurisdictions.get(f.path) or UNKNOWN
        status = status_of(f)
        seen_jur.add(jur)
        seen_verdict.add(verdict)
        seen_status.add(status)

        first, middle = heads[(f.path, f.severity, f.code, f.rule, jur, verdict, status)]
        duty, entry = duty_cells[(f.path, f.duty_id, f.clause)]
        if entry is not None:
            entry[3] += 1
        status_cell = badges[status]
        if f.suppression is not None:
            status_cell += _acceptance(f.suppression, memo, t)
        rows.append(
            f'{first}<td class="where">{_esc(_where(f.sheet, f.row))}</td>'
            f'<td class="name">{_esc(f.name or "—")}</td><td class="num">{wan(f.amount_yuan)}</td>'
            f'{middle}<td>{duty}</td><td>{whys[(f.message, f.evidence)]}</td><td>{status_cell}</td></tr>\n'
        )

    return FindingTable(rows, len(rows), frozenset(seen_jur), frozenset(seen_verdict),
                        frozenset(seen_status), _clauses(cited, schemes))


def _acceptance(s: Suppression, memo: _Once, t) -> str:
    """Who accepted a suppressed finding, why, and where that is written."""
    colon = memo[t["colon"]]
    return '<div class="accept">' + "".join((
        f'<div>{memo[t["accepted_by"]]}{colon}<span class="by">{_esc(s.by)}</span></div>' if s.by else "",
        f'<div>{memo[t["reason"]]}{colon}<span class="why">{_esc(s.reason)}</span></div>' if s.reason else "",
        f'<div>{memo[t["source"]]}{colon}{_esc(s.source)}</div>' if s.source else "",
    )) + "</div>"


def _clauses(cited: dict[tuple[str, str], list], schemes: tuple[Scheme, ...]) -> tuple[Clause, ...]:
    """The cited clauses in the order their schemes list them; any other after, by id."""
    rank: dict[tuple[str, str], tuple[int, int]] = {}
    for i, scheme in enumerate(schemes):
        for k, d in enumerate(scheme.duties):
            rank.setdefault((d.id, d.clause), (i, k))
    order = sorted(cited, key=lambda key: (rank.get(key, (len(schemes), 0)), key))
    return tuple(Clause(cited[key][0], key[0], cited[key][1], cited[key][2], key[1], cited[key][3],
                        cited[key][4], cited[key][5]) for key in order)


# ---------------------------------------------------------------------------
# A workbook's every-line table.


@dataclass(frozen=True)
class LineTable:
    rows: list[str]  # the <tr> elements, escaped
    count: int


def line_table(wb: WorkbookResult, lang: str) -> LineTable:
    """One row per judged line; a workbook judged nowhere lists the lines it read."""
    memo = _Once(_esc)
    badges = _Once(lambda verdict: _verdict_badge(verdict, lang, memo))
    duties = _Once(lambda key: f'{_esc(key[0])} <span class="sub">{_esc(key[1])}</span>' if key[1] else "")  # (task name, id)
    reason_texts = _Once(lambda reasons: _esc("；".join(render_reasons(reasons, lang))))
    fundings = _Once(lambda key: _esc(" · ".join(  # (kind, text)
        p for p in (L.funding_word(key[0], lang), key[1]) if p)))
    rows = []
    pairs = [(j.line, j) for j in wb.judgements] or [
        (line, None) for line in (wb.workbook.lines if wb.workbook else ())]
    for line, j in pairs:
        verdict = j.verdict if j else UNKNOWN
        duty = j.duty if j else None
        funding = j.funding if j else line.funding
        note = f' title="{memo[line.amount_note]}"' if line.amount_note else ""
        reasons = reason_texts[j.reasons] if j else ""
        rows.append(
            f'<tr class="line" data-verdict="{memo[verdict]}">'
            f'<td class="where">{_esc(_where(line.sheet, line.row))}</td>'
            f'<td class="name">{_esc(line.name)}</td><td class="num"{note}>{wan(line.amount_yuan)}</td>'
            f'<td>{badges[verdict]}</td><td>{duties[(duty.task_name, duty.id) if duty else ("", "")]}</td>'
            f'<td>{fundings[(funding.kind, funding.text)]}</td><td class="reasons">{reasons}</td></tr>\n'
        )
    return LineTable(rows, len(rows))
