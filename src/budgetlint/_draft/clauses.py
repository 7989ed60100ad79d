"""Duties from sentences: each 将<tasks>，确认为<level>财政事权 clause read into one duty per
task, and every other sentence that assigns or mentions 财政事权 / 支出责任 kept in sight.

共同 makes a shared duty, 按照隶属关系 an affiliation duty, 其他未列事项 the catch-all; the
sentence that explains who pays (其中… / …职能部门承担的事项…) joins its clause. A sentence that
assigns but cannot be read becomes a Todo, so none is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .levels import CONFIRM, ScopeWords, level_of
from .tasks import split_tasks
from .text import Sentence

_PAYER = re.compile(r"由(?P<payer>[^，。；]*?)承担支出责任")
_REFORM_NAME = re.compile(r"财政事权和支出责任(?:划分)?")

_NOTES = {
    "shared": "共同财政事权：由办理该事项的部门所在层级承担支出责任（见条款“其中”一句）。",
    "affiliation": "隶属关系：由承担该事项的部门（机构）所在层级承担支出责任。",
}


@dataclass(frozen=True)
class Duty:
    task: str
    pays: str
    sentence: Sentence
    note: str = ""


@dataclass(frozen=True)
class Todo:
    """A sentence that assigns or mentions 财政事权 / 支出责任 but gives no duty: placed by hand."""

    sentence: Sentence
    why: str


Item = Duty | Todo


def _clause(s: Sentence, words: ScopeWords) -> list[Duty] | str:
    """Duties of one 将……确认为……财政事权 sentence, or why it cannot be read."""
    m = CONFIRM.search(s.text)
    head = s.text[:m.start()] if m else ""
    if not m or not head.startswith("将"):
        return "no 将……确认为……财政事权 clause"
    head = re.sub(r"[，,]?分别$", "", head[1:].rstrip("，"))
    how = ""
    if hm := re.search(r"，?(按照[^，]*)$", head):
        head, how = head[:hm.start()], hm[1]
    level_text = m["level"]
    if "隶属" in how:
        pays = "affiliation"
    elif "共同" in level_text:
        pays = "shared"
    else:
        pays = level_of(level_text) or ""
        payer = _PAYER.search(s.text, m.end())
        if not pays or how:
            return f"cannot tell the level from 确认为{level_text}财政事权"
        if payer and level_of(payer["payer"]) not in (pays, None):
            return f"确认为{level_text}财政事权 but 由{payer['payer']}承担支出责任"
    duties = [Duty(task, pays, s, _NOTES.get(pays, "")) for task in split_tasks(head, words)]
    return duties or "no task before 确认为"


def _assigns(text: str) -> bool:
    """Whether a sentence assigns a 财政事权 or a 支出责任 (the reform's own name does not)."""
    return "确认为" in text or "承担支出责任" in text or "财政事权" in _REFORM_NAME.sub("", text)


def _mentions(text: str, title: str) -> bool:
    """Whether a sentence speaks of 财政事权 or 支出责任 outside titles it quotes."""
    bare = re.sub(r"《[^《》]*》", "", text.replace(title, "") if title else text)
    return "财政事权" in bare or "支出责任" in bare


def read_duties(sentences: list[Sentence], words: ScopeWords, title: str) -> tuple[list[Item], list[Sentence]]:
    """Duties and TODOs in text order, and the general sentences that mention the reform."""
    duty_parts = {s.h1 for s in sentences if CONFIRM.search(s.text) and s.text.startswith("将")}
    items: list[Item] = []
    general: list[Sentence] = []
    last_pays = ""
    for s in sentences:
        if last_pays == "shared" and s.text.startswith("其中") or (
            last_pays == "affiliation" and "承担的事项" in s.text and not s.text.startswith("将")
        ):
            _extend_clause(items, s.text)  # says who pays the shared or affiliation duty just read
            continue
        last_pays = ""
        if re.search(r"其他未列(?:明)?事项", s.text):
            items.append(Duty(s.text.split("，")[0].rstrip("。"), "catch-all", s))
        elif not _assigns(s.text):
            if not _mentions(s.text, title):
                continue
            if s.h1 in duty_parts:  # nothing there may pass unseen
                items.append(Todo(s, "mentions 财政事权 or 支出责任"))
            else:
                general.append(s)
        elif isinstance(parsed := _clause(s, words), str):
            items.append(Todo(s, parsed))
        else:
            items.extend(parsed)
            last_pays = parsed[0].pays
    return items, general


def _extend_clause(items: list[Item], text: str) -> None:
    """Add an explaining sentence (其中……, 市级职能部门承担的事项……) to the clause of every
    duty read from the previous sentence: the clause is the passage that decides who pays."""
    last = items[-1].sentence if items and isinstance(items[-1], Duty) else None
    joined = Sentence(last.text + text, last.h1, last.h2) if last else None
    for i in range(len(items) - 1, -1, -1):
        d = items[i]
        if not isinstance(d, Duty) or d.sentence != last:
            break
        items[i] = Duty(d.task, d.pays, joined, d.note)
