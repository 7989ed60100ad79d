"""Tasks and keywords: a clause's task list cut into single tasks, and a first keyword guess
for each task.

Tasks split on top-level ， and 、, and on 和 / 以及 only when both sides are full tasks; when
unsure a phrase stays whole (行政裁决和行政调解). Keywords are 2–8 character core terms, with
scope words, verbs and generic endings gone: a first vocabulary a reviewer trims.
"""

from __future__ import annotations

import re

from .levels import ScopeWords
from .text import split_top, unique

# 等 that closes a list of examples (商标、专利等), not a word such as 高等, 平等 or 同等.
_ETC = r"(?<![高平同])等"
# A piece ending so qualifies what follows (信息化、智能化基础设施; 未列入中央、省级……).
_MODIFIER_END = ("中央", "省级", "市级", "县级", "省", "市", "县", "化", "性", "的")


def split_tasks(text: str, words: ScopeWords) -> list[str]:
    """The tasks of one clause: split on top-level ， and 、, and on 和 only between full
    tasks; when unsure a phrase stays whole."""
    tasks: list[str] = []
    for piece in split_top(text, "，"):
        piece = re.sub(r"^(?:以及|和|及|并)", "", piece)  # ……，以及全市性……
        group = split_top(piece, "、")
        full = len(group) > 1 and all(len(g) >= 4 and not g.endswith(_MODIFIER_END) for g in group)
        if full and not any(re.search(_ETC, g) for g in group[1:]):
            pieces = group
        else:
            pieces = [piece]
        for p in pieces:
            tasks.extend(_split_and(p, words))
    return tasks


def _split_and(task: str, words: ScopeWords) -> list[str]:
    for joiner in ("以及", "和"):
        for m in re.finditer(joiner, task):
            left, right = task[:m.start()], task[m.end():]
            if len(left) >= 4 and len(right) >= 4 and right.startswith(words.starts) and "（" not in left[-2:]:
                return [*_split_and(left, words), *_split_and(right, words)]
    return [task]


# ---------------------------------------------------------------------------
# Keywords: a first vocabulary a reviewer trims.

IP_MARKS = ("知识产权", "专利", "商标", "著作权", "版权", "作品", "地理标志", "软件正版化", "集成电路")
_VERBS = re.compile(r"^(?:制定实施|制定|实施|开展|推动|推进|组织|建立|健全|加强|完善)")
_GENERIC_END = re.compile(r"(?:工作|建设|促进|发布|组织|推进|监督管理|机制|办理)$")
_TOO_GENERIC = {"审核", "层面", "地方", "事项", "工作", "管理", "建设", "组织", "部门", "国内", "作者", "其他", "查办"}


def _strip_qualifier(task: str) -> str:
    # 未列入中央、省级、市级财政事权的……: the levels named there are not the task's scope.
    return re.sub(r"未列入[^，]*?财政事权的", "", task)


def _keyword(chunk: str) -> str:
    """A 2–8 character core term of one phrase, or ''."""
    chunk = _VERBS.sub("", chunk.strip())
    chunk = re.sub(r"^知识产权领域", "", chunk)
    while len(chunk) > 4 and (m := _GENERIC_END.search(chunk)) and m.start() >= 4:
        chunk = chunk[:m.start()]
    if len(chunk) > 8 and len(chunk) - 4 >= 4 and chunk.startswith("知识产权"):
        chunk = chunk[4:]
    if len(chunk) > 8:  # keep the tail that names the IP work: 作品登记, 知识产权评议
        tails = [chunk[i:] for i in range(len(chunk)) if chunk.startswith(IP_MARKS, i) and 4 <= len(chunk) - i <= 8]
        chunk = tails[0] if tails else ""
    if len(chunk) <= 3 and not chunk.startswith(IP_MARKS):
        return f"知识产权+{chunk}" if len(chunk) >= 2 and chunk not in _TOO_GENERIC else ""
    return chunk


def keywords(task: str, words: ScopeWords) -> tuple[str, ...]:
    """First-guess keywords of one task; its scope-free core when no term stands out."""
    text = words.core(_strip_qualifier(task))
    text = re.sub(r"结合[^，、]*?发展", "", text)
    # 商标、专利等知识产权信息: the examples before 等 are not the work itself.
    text = re.sub(r"(?:[^、，]{1,6}、)*[^、，]{1,6}" + _ETC + r"(?!事项|$)", "", text)
    text = re.sub(_ETC + r"(?:事项)?$", "", text)
    chunks = re.split(r"、|，|以及|和|及|与|或|的|在|开展|推动|组织推进|组织|办理", text)
    return unique(k for k in map(_keyword, chunks) if k) or (words.core(task),)
