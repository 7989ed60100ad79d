"""Clauses from sentences: each 将<tasks>，确认为<level>财政事权 sentence read into one clause
with its level and its tasks as the text words them, and every other sentence that assigns or
mentions 财政事权 / 支出责任 kept in sight.

共同 makes a shared clause, 按照隶属关系 an affiliation clause, 其他未列事项 the catch-all; the
sentence that explains who pays (其中… / …职能部门承担的事项…) joins its clause. A sentence that
assigns but cannot be read becomes a Todo, so none is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._i18n import say
from .._scheme_text import Sentence, confirm_parts, split_tasks
from .levels import ScopeWords, level_of

_PAYER = re.compile(r"由(?P<payer>[^，。；]*?)承担支出责任")
_REFORM_NAME = re.compile(r"财政事权和支出责任(?:划分)?")

_NOTES = {
    "shared": "共同财政事权：由办理该事项的部门所在层级承担支出责任（见条款“其中”一句）。",
    "affiliation": "隶属关系：由承担该事项的部门（机构）所在层级承担支出责任。",
    "catch-all": "兜底条款：资助、奖补等未列事项由人工按改革总体要求和事项特点确定。",
}


@dataclass(frozen=True)
class Clause:
    sentence: Sentence  # the clause, with the sentence that explains who pays when there is one
    pays: str
    wordings: tuple[str, ...]  # its tasks as the clause words them; () for the catch-all
    note: str = ""


@dataclass(frozen=True)
class Todo:
    """A sentence that assigns or mentions 财政事权 / 支出责任 but gives no clause: placed by hand."""

    sentence: Sentence
    why: str


Item = Clause | Todo


def _clause(s: Sentence, words: ScopeWords) -> Clause | str:
    """The clause of one 将……确认为……财政事权 sentence, or why it cannot be read."""
    parts = confirm_parts(s.text)
    if not parts or not parts[0].lead:
        return say("没有“将……确认为……财政事权”的条款", "no 将……确认为……财政事权 clause")
    part = parts[0]
    if "隶属" in part.how:
        pays = "affiliation"
    elif "共同" in part.level:
        pays = "shared"
    else:
        pays = level_of(part.level) or ""
        if not pays or part.how:
            return say(f"无法从“确认为{part.level}财政事权”判断层级", f"cannot tell the level from 确认为{part.level}财政事权")
        payer = _PAYER.search(s.text, s.text.find("确认为"))
        if payer and level_of(payer["payer"]) not in (pays, None):
            return f"确认为{part.level}财政事权 but 由{payer['payer']}承担支出责任"
    wordings = tuple(split_tasks(part.tasks, words.starts))
    return Clause(s, pays, wordings, _NOTES.get(pays, "")) if wordings else say("“确认为”之前没有事项", "no task before 确认为")


def _assigns(text: str) -> bool:
    """Whether a sentence assigns a 财政事权 or a 支出责任 (the reform's own name does not)."""
    return "确认为" in text or "承担支出责任" in text or "财政事权" in _REFORM_NAME.sub("", text)


def _mentions(text: str, title: str) -> bool:
    """Whether a sentence speaks of 财政事权 or 支出责任 outside titles it quotes."""
    bare = re.sub(r"《[^《》]*》", "", text.replace(title, "") if title else text)
    return "财政事权" in bare or "支出责任" in bare


def read_clauses(sentences: list[Sentence], words: ScopeWords, title: str) -> tuple[list[Item], list[Sentence]]:
    """Clauses and TODOs in text order, and the general sentences that mention the reform."""
    clause_parts = {s.h1 for s in sentences if s.text.startswith("将") and "确认为" in s.text}
    items: list[Item] = []
    general: list[Sentence] = []
    last_pays = ""
    for s in sentences:
        if last_pays == "shared" and s.text.startswith("其中") or (
            last_pays == "affiliation" and "承担的事项" in s.text and not s.text.startswith("将")
        ):
            last = items[-1]  # says who pays the shared or affiliation clause just read
            items[-1] = Clause(Sentence(last.sentence.text + s.text, last.sentence.h1, last.sentence.h2),
                               last.pays, last.wordings, last.note)
            continue
        last_pays = ""
        if re.search(r"其他未列(?:明)?事项", s.text):
            items.append(Clause(s, "catch-all", (), _NOTES["catch-all"]))
        elif not _assigns(s.text):
            if not _mentions(s.text, title):
                continue
            if s.h1 in clause_parts:  # nothing there may pass unseen
                items.append(Todo(s, say("提到财政事权或支出责任", "mentions 财政事权 or 支出责任")))
            else:
                general.append(s)
        elif isinstance(parsed := _clause(s, words), str):
            items.append(Todo(s, parsed))
        else:
            items.append(parsed)
            last_pays = parsed.pays
    return items, general
