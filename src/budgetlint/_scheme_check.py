"""Checks that need a whole scheme, and the check of a scheme against its published text.

`schemes validate` and the tests of the bundled schemes call the same functions: a new
city file needs no Python edits to be checked.
"""

from __future__ import annotations

import re
from pathlib import Path

from ._toml_check import Problems, read_toml
from ._i18n import say
from .errors import SchemeError
from .models import PAYS, Scheme

__all__ = ["check_scheme", "check_source", "join_broken_lines", "duty_sentences", "split_tasks"]

_LOCAL = ("city", "county")
_PLACEHOLDER = re.compile(r"TODO|待填|待补充|XXX", re.IGNORECASE)


def _strings_in(value, path: str = ""):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item, path)


def check_scheme(scheme: Scheme, data: dict, problems: Problems, located: dict[str, Problems]) -> None:
    """Pairs complete and of opposite levels, places of both levels, one catch-all, no
    placeholders left by a draft. `located`: the file's own duties, each with the problems
    view of its clause."""
    duties = [d for d in scheme.duties if d.id in located]
    by_task: dict[str, list] = {}
    for d in duties:
        if d.pays in PAYS:  # an unknown level is reported where it is read
            by_task.setdefault(d.task_id, []).append(d)
    ids = [d.id for d in scheme.duties]
    for did in sorted({i for i in ids if ids.count(i) > 1}):
        located.get(did, problems).add(say(f'事权 id {did!r} 用了两次：给其中一个另起 id = "…"（id 默认为 <方案>-<事项>-<pays>）',
                                           f'duty id {did!r} is used twice: give one of them another id = "…" (ids '
                                           'default to <scheme>-<task>-<pays>)'), f'id = "{did}"')
    for task_id, group in by_task.items():
        levels = [d.pays for d in group]
        for level in set(levels):
            if levels.count(level) > 1 and level in (*_LOCAL, "shared", "catch-all"):
                second = [d for d in group if d.pays == level][1]
                count, named = levels.count(level), ", ".join(repr(d.task) for d in group)
                located[second.id].add(say(f"事项 {task_id!r} 有 {count} 项 {level} 事权：一个事项只由一项市级和/或一项县级事权承担（{named}）",
                                           f"task {task_id!r} has {count} {level} duties: a task is paid by one city "
                                           f"and/or one county duty ({named})"), "pays =")
        if set(levels) & set(_LOCAL) and set(levels) - set(_LOCAL):
            other = "/".join(sorted(set(levels) - set(_LOCAL)))
            problems.add(say(f"事项 {task_id!r} 既由某一级承担，又是 {other}：只选一种",
                             f"task {task_id!r} is both paid by a level and {other}: choose one"), f'"{task_id}"')
    if sum(1 for d in duties if d.pays == "catch-all") > 1:
        problems.add(say("兜底条款（其他未列事项）不止一条：只保留一条", "more than one catch-all (其他未列事项) clause: keep one"),
                     "catch-all")
    local = any(d.pays in (*_LOCAL, "shared", "affiliation", "tier") for d in duties)
    if local:
        present = {j.level for j in scheme.jurisdictions}
        for level in _LOCAL:
            if level not in present:
                problems.add(say(f"没有 {level!r} 级的行政区：请把本市和每个区、县、县级市、开发区列为 [[jurisdictions]]"
                                 f"（`budgetlint schemes draft` 会填好）",
                                 f"no jurisdiction of level {level!r}: list the city and every district, county, "
                                 "county-level city and zone as [[jurisdictions]] (`budgetlint schemes draft` fills "
                                 "them in)"),
                             "[[jurisdictions]]" if scheme.jurisdictions else "[scheme]")
    for where, value in _strings_in(data):
        if _PLACEHOLDER.search(value):
            problems.add(say(f"{where} 仍是占位内容（{value[:30]!r}）：请填写或删去这个键",
                             f"{where} still holds a placeholder ({value[:30]!r}): fill it in or remove the "
                             "key"), value[:20])


# -- against the published text ---------------------------------------------------------
# The text is read as `budgetlint schemes draft` reads it (budgetlint._scheme_text): the
# clauses a draft quotes are the sentences this check looks for. It is imported only here:
# every lint loads a scheme (check_scheme), and none needs the drafter's expressions.


def _text():
    from . import _scheme_text

    return _scheme_text


def join_broken_lines(text: str) -> str:
    """The text's paragraphs, one a line, each as the file has it: a sentence broken over
    lines (or over a blank line, or a page footer) joined back together; headings never are."""
    return "\n".join(p.raw.rstrip() for p in _text().paragraphs(text))


def duty_sentences(text: str) -> list[str]:
    """The sentences that assign a 财政事权 (确认为……财政事权)."""
    t = _text()
    return [s.text for s in t.sentences(t.paragraphs(text)) if t.CONFIRM.search(s.text)]


def split_tasks(sentence: str) -> list[tuple[bool, list[str]]]:
    """(assigns by 将, its fragments) for each 确认为 part of a sentence: every piece between
    ， 、 和 以及, each of which some task of the clause must quote."""
    t = _text()
    return [(part.lead, t.split_tasks(part.tasks)) for part in t.confirm_parts(sentence)]


def check_source(scheme: Scheme, path: Path, source: str | Path | None) -> list[str]:
    """Every clause quoted verbatim, every task of every 确认为 sentence encoded; each problem
    with the line of the scheme file to fix, where there is one."""
    data, problems = read_toml(path)
    if source is None:
        named = data.get("scheme", {}).get("source") if isinstance(data.get("scheme"), dict) else None
        if not named or not isinstance(named, str):
            return []
        source = path.parent / named
    source = Path(source)
    t = _text()
    try:
        paras = t.paragraphs(t.read_scheme_text(source))
    except SchemeError as exc:
        return [say(f'source {source}: {"；".join(exc.problems)}：请用 --source 给出文本，或改正 [scheme] 中的 source = "…"',
                    f'source {source}: {"; ".join(exc.problems)}: give the text with --source, or fix source = "…" in '
                    '[scheme]')]
    flat = t.squeeze("".join(p.text for p in paras))
    own = [d for d in scheme.duties if d.source == scheme.id]
    for d in own:
        if t.squeeze(d.clause) not in flat:
            problems.add(say(f"条款 {d.clause[:24]!r}… 不是逐字引自 {source.name}：请从文本中复制这句（换行和空格不计）",
                             f"the clause {d.clause[:24]!r}… is not quoted verbatim from {source.name}: copy the "
                             "sentence from the text (line breaks and spaces do not matter)"), d.clause[:20])
    for sentence in (s.text for s in t.sentences(paras) if t.CONFIRM.search(s.text)):
        encoded = [d for d in own if t.squeeze(sentence) in t.squeeze(d.clause)]
        if not encoded:
            problems.add(say(f"没有 [[clauses]] 条目引用 {source.name} 中的句子 {sentence[:40]!r}…：请加一条，text 为这句，并列出其事项",
                             f"no [[clauses]] entry quotes the sentence {sentence[:40]!r}… of {source.name}: add one "
                             "with text = that sentence and its tasks"))
            continue
        for assigns, tasks in split_tasks(sentence):
            holders = [d.task for d in encoded] if assigns else [d.clause for d in encoded]
            for task in tasks:
                if not any(task in h for h in holders):
                    entry = f'{{ task = "<catalogue id>", wording = "{task}" }}'
                    problems.add(say(f"句子 {sentence[:20]!r}… 中的事项 {task!r} 在条款的 tasks 中没有条目：请加 {entry}（或包含它的更长措辞）",
                                     f"the task {task!r} of the sentence {sentence[:20]!r}… has no entry in its clause's "
                                     f"tasks: add {entry} (or the longer wording that holds "
                                     "it)"), encoded[0].clause[:20])
    return list(dict.fromkeys(problems.items))
