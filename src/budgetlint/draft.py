"""Draft a city's scheme file from the published text of its 实施方案.

The text is read as a web page or pdftotext gives it: lines broken inside sentences,
page numbers, half-width punctuation, Markdown headings. Then, following schemes/README.md:

- each 将<tasks>，确认为<level>财政事权 sentence gives one duty per task; tasks split on
  top-level ， and 、, and on 和 only when both sides are full tasks (a phrase such as
  行政裁决和行政调解 stays whole when unsure);
- the level comes from the 确认为 phrase (市级 / 县（市、区）/ 区 / 旗县 …), 共同 makes a
  shared duty, 按照隶属关系 an affiliation duty, 其他未列事项 the catch-all; the sentence
  that explains who pays (其中… / …职能部门承担的事项…) joins its clause;
- tasks of both levels with the same words once the scope words are gone share a pair key
  and get their level's scope; a task of one level only is exclusive, with no scope;
- keywords are a first guess (2–8 character core terms) for a human to review.

What cannot be placed stays in the draft as a ``# TODO:`` comment with the sentence, and in
``Draft.todos``: no sentence that assigns a 财政事权 or 支出责任 is dropped silently. The draft
extends base and validates as it is, with no jurisdictions (a commented block to fill in).
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ._toml_writer import TomlDocument, toml_string
from .errors import SchemeError
from .models import PAYS

__all__ = ["Draft", "draft_scheme", "read_scheme_text"]


@dataclass(frozen=True)
class Draft:
    toml: str  # the scheme file text, with TODO comments
    categories: int
    duties_by_level: tuple[tuple[str, int], ...]  # (pays, count) in PAYS order
    todos: tuple[str, ...]

    def summary(self) -> str:
        total = sum(n for _, n in self.duties_by_level)
        per_level = ", ".join(f"{pays} {n}" for pays, n in self.duties_by_level)
        lines = [f"categories: {self.categories}", f"duties: {total} ({per_level})", f"TODO: {len(self.todos)}"]
        lines += [f"  - {todo}" for todo in self.todos]
        return "\n".join(lines)


def read_scheme_text(path: str | Path) -> str:
    """The text of a published scheme: UTF-8 (with or without BOM) or GB18030."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SchemeError(str(path), f"cannot read the text: {exc.strerror or exc}") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if b"\x00" in data:
        raise SchemeError(str(path), "binary or UTF-16 file: save the scheme text as UTF-8")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SchemeError(str(path), "the text is neither UTF-8 nor GB18030: save it as UTF-8")
    if not _HAN.search(text):
        raise SchemeError(str(path), "no Chinese text in the file: is it the scheme's published text?")
    return text


# ---------------------------------------------------------------------------
# Cleaning: one logical paragraph per item, whatever the line breaks were.

_HAN = re.compile(r"[\u4e00-\u9fff]")
_WIDE = r"[^\x00-\x7f]"
_FURNITURE = re.compile(
    r"^(?:[-—–－―~～_·\s]*\d{1,3}[-—–－―~～_·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|[-—–_*=]{3,})$"
)
_H1 = re.compile(r"^([一二三四五六七八九十]+)、\s*(.*)$")
_H2 = re.compile(r"^（([一二三四五六七八九十]+)）\s*(.*)$")
_PROSE_START = ("将", "为", "按照", "其中", "根据")
# Full-width digits and letters become ASCII; full-width punctuation stays as the documents print it.
_FULL_WIDTH_ASCII = {c: c - 0xFEE0 for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                     for c in range(lo, hi + 1)}


@dataclass(frozen=True)
class _Para:
    text: str
    md: bool  # a Markdown heading line: never joined with the next


def _clean_line(line: str) -> tuple[str, bool]:
    line = line.translate(_FULL_WIDTH_ASCII).replace("\u3000", " ").replace("\xa0", " ").strip()
    line = re.sub(r"^＃+", lambda m: "#" * len(m[0]), line)
    md = line.startswith("#")
    line = re.sub(r"^#{1,6}\s*|^>\s*", "", line).replace("**", "").replace("__", "")
    for half, full in ((",", "，"), (";", "；"), (":", "："), ("?", "？"), ("!", "！")):
        line = re.sub(rf"(?<={_WIDE}){re.escape(half)}|{re.escape(half)}(?={_WIDE})", full, line)
    line = re.sub(r"(?<=[\u4e00-\u9fff）])\.(?!\d)", "。", line)
    line = re.sub(r"\(([^()]*[\u4e00-\u9fff][^()]*)\)", r"（\1）", line)
    parts = line.split()
    if len(parts) > 1 and all(_org(part) for part in parts):  # 甲市财政局  甲市市场监督管理局
        return "、".join(parts), md
    line = re.sub(rf"(?<={_WIDE})\s+(?={_WIDE})", "", line)
    return line.strip(), md


def _continues(text: str) -> bool:
    """Whether a paragraph was cut by a line break and goes on in the next line."""
    if text[-1] in "。；！？：":
        return False
    prose_start = text.startswith(_PROSE_START)
    if "，" not in text and not prose_start and text.endswith(("通知", "方案", "印发", "号", "日")):
        return False
    return "，" in text or prose_start or len(text) >= 20 or ("知识产权领域" in text and "方案" not in text)


def _paragraphs(text: str) -> list[_Para]:
    paras: list[_Para] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").split("\n"):
        line, md = _clean_line(raw)
        if not line or _FURNITURE.match(line):
            continue
        heading = md or bool(_H1.match(line) or _H2.match(line))
        if paras and not paras[-1].md and not heading and _continues(paras[-1].text):
            paras[-1] = _Para(paras[-1].text + line, False)
        else:
            paras.append(_Para(line, md))
    return paras


# ---------------------------------------------------------------------------
# Structure: headings and sentences.


@dataclass(frozen=True)
class _Heading:
    number: str  # 二、 or （一）
    title: str


@dataclass(frozen=True)
class _Sentence:
    text: str
    h1: _Heading | None
    h2: _Heading | None


def _split_heading(rest: str) -> tuple[str, str]:
    """(title, body) of a heading line such as 知识产权宏观管理。将……"""
    head, dot, body = rest.partition("。")
    if dot and len(head) <= 30 and "确认为" not in head:
        return head, body
    if not dot and len(rest) <= 30 and "确认为" not in rest:
        return rest.rstrip("：:"), ""
    return "", rest


def _sentences(paras: list[_Para]) -> list[_Sentence]:
    result: list[_Sentence] = []
    h1 = h2 = None
    for para in paras:
        body = para.text
        if m := _H1.match(body):
            title, body = _split_heading(m[2])
            h1, h2 = _Heading(m[1] + "、", title), None
        elif m := _H2.match(body):
            title, body = _split_heading(m[2])
            h2 = _Heading(f"（{m[1]}）", title)
        for sentence in re.findall(r"[^。]+。?", body):
            # 将A……；将B……。 holds two clauses; other ；-lists stay one sentence.
            for part in re.split(r"(?<=；)(?=将)", sentence.strip()):
                if part:
                    result.append(_Sentence(part, h1, h2))
    return result


# ---------------------------------------------------------------------------
# Levels, scope and tasks.

_CITY_MARKS = ("市", "盟", "州", "地区")
_COUNTY_MARKS = ("县", "区", "旗")


def _level_of(text: str) -> str | None:
    """city / county / provincial / central for a level phrase such as 县（市、区）; None if unclear."""
    bare = re.sub(r"（[^（）]*）", "", text).strip("，、 ")
    if not bare or len(re.split(r"[、或与和及]", bare)) > 1:
        return None
    if bare.startswith("中央"):
        return "central"
    if bare.startswith("省"):
        return "provincial"
    if bare.startswith(_CITY_MARKS) and not any(m in bare[1:] for m in _COUNTY_MARKS):
        return "city"
    if bare.startswith(_COUNTY_MARKS):
        return "county"
    return None


def _split_top(text: str, seps: str) -> list[str]:
    """Split at separators that are not inside brackets or quotes."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（《“〔【(":
            depth += 1
        elif ch in "）》”〕】)":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _bare_level(name: str) -> str:
    """A one-character level name (市, 区) as a word: at the start or after a verb, before the work."""
    return (rf"(?:^|(?<=实施)|(?<=开展)|(?<=推动)|(?<=结合)|(?<=组织)){re.escape(name)}"
            r"(?=知识产权|层面|重大|著作权|软件|产业)")


class _Words:
    """The scope words and level names of one text."""

    def __init__(self, city_name: str, county_name: str) -> None:
        c, k = city_name[:1] or "市", county_name[:1] or "县"
        self.city_wide = _unique([f"全{c}性", f"在全{c}", f"全{c}", f"{c}级", city_name if len(city_name) > 1 else ""])
        self.local = _unique([county_name if len(county_name) > 1 else "", "县级", "县区", "区级",
                              "旗县级", "旗县", "县（市、区）"])
        self.own = ("本地区", "本辖区", "辖区")  # the paying level's own area, city or county
        self._city_bare, self._county_bare = re.compile(_bare_level(c)), re.compile(_bare_level(k))
        self.starts = (*self.city_wide, *self.local, c, k, "制定", "开展", "推动", "组织", "结合", "建立", "加强")

    def core(self, task: str) -> str:
        """The task without its scope words: the same work at both levels has the same core."""
        words = sorted(self.city_wide + self.local + self.own, key=len, reverse=True)
        text = re.sub(r"在(?:" + "|".join(map(re.escape, words)) + r")的", "", task)
        for word in words:
            text = text.replace(word, "")
        return self._county_bare.sub("", self._city_bare.sub("", text))

    def pair_key(self, task: str) -> str:
        # 全市性知识产权快速协同保护 / 县级知识产权执法、快速协同保护: 知识产权 may be the list's head.
        return self.core(task).replace("知识产权", "")


def _unique(words) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for w in words if w))


def _strip_qualifier(task: str) -> str:
    # 未列入中央、省级、市级财政事权的……: the levels named there are not the task's scope.
    return re.sub(r"未列入[^，]*?财政事权的", "", task)


# A piece ending so qualifies what follows (信息化、智能化基础设施; 未列入中央、省级……).
_MODIFIER_END = ("中央", "省级", "市级", "县级", "省", "市", "县", "化", "性", "的")


def _split_tasks(text: str, words: _Words) -> list[str]:
    """The tasks of one clause: split on top-level ， and 、, and on 和 only between full
    tasks; when unsure a phrase stays whole."""
    tasks: list[str] = []
    for piece in _split_top(text, "，"):
        piece = re.sub(r"^(?:以及|和|及|并)", "", piece)  # ……，以及全市性……
        group = _split_top(piece, "、")
        full = len(group) > 1 and all(len(g) >= 4 and not g.endswith(_MODIFIER_END) for g in group)
        if full and not any(re.search(r"(?<![高平同])等", g) for g in group[1:]):
            pieces = group
        else:
            pieces = [piece]
        for p in pieces:
            tasks.extend(_split_and(p, words))
    return tasks


def _split_and(task: str, words: _Words) -> list[str]:
    for joiner in ("以及", "和"):
        for m in re.finditer(joiner, task):
            left, right = task[:m.start()], task[m.end():]
            if len(left) >= 4 and len(right) >= 4 and right.startswith(words.starts) and "（" not in left[-2:]:
                return [*_split_and(left, words), *_split_and(right, words)]
    return [task]


# ---------------------------------------------------------------------------
# Keywords: a first vocabulary a reviewer trims.

_IP_MARKS = ("知识产权", "专利", "商标", "著作权", "版权", "作品", "地理标志", "软件正版化", "集成电路")
_VERBS = re.compile(r"^(?:制定实施|制定|实施|开展|推动|推进|组织|建立|健全|加强|完善)")
_GENERIC_END = re.compile(r"(?:工作|建设|促进|发布|组织|推进|监督管理|机制|办理)$")
_TOO_GENERIC = {"审核", "层面", "地方", "事项", "工作", "管理", "建设", "组织", "部门", "国内", "作者", "其他", "查办"}


def _keyword(chunk: str) -> str:
    """A 2–8 character core term of one phrase, or ''."""
    chunk = _VERBS.sub("", chunk.strip())
    chunk = re.sub(r"^知识产权领域", "", chunk)
    while len(chunk) > 4 and (m := _GENERIC_END.search(chunk)) and m.start() >= 4:
        chunk = chunk[:m.start()]
    if len(chunk) > 8 and len(chunk) - 4 >= 4 and chunk.startswith("知识产权"):
        chunk = chunk[4:]
    if len(chunk) > 8:  # keep the tail that names the IP work: 作品登记, 知识产权评议
        tails = [chunk[i:] for i in range(len(chunk)) if chunk.startswith(_IP_MARKS, i) and 4 <= len(chunk) - i <= 8]
        chunk = tails[0] if tails else ""
    if len(chunk) <= 3 and not chunk.startswith(_IP_MARKS):
        return f"知识产权+{chunk}" if len(chunk) >= 2 and chunk not in _TOO_GENERIC else ""
    return chunk


def _keywords(task: str, words: _Words) -> tuple[str, ...]:
    text = words.core(_strip_qualifier(task))
    text = re.sub(r"结合[^，、]*?发展", "", text)
    # 商标、专利等知识产权信息: the examples before 等 are not the work itself.
    text = re.sub(r"(?:[^、，]{1,6}、)*[^、，]{1,6}(?<![高平同])等(?!事项|$)", "", text)
    text = re.sub(r"(?<![高平同])等(?:事项)?$", "", text)
    chunks = re.split(r"、|，|以及|和|及|与|或|的|在|开展|推动|组织推进|组织|办理", text)
    return _unique(k for k in map(_keyword, chunks) if k) or (words.core(task),)


# ---------------------------------------------------------------------------
# Duties from sentences.

_CONFIRM = re.compile(r"确认为(?P<level>[^，。；]*?)财政事权")
_PAYER = re.compile(r"由(?P<payer>[^，。；]*?)承担支出责任")
_REFORM_NAME = re.compile(r"财政事权和支出责任(?:划分)?")


_NOTES = {
    "shared": "共同财政事权：由办理该事项的部门所在层级承担支出责任（见条款“其中”一句）。",
    "affiliation": "隶属关系：由承担该事项的部门（机构）所在层级承担支出责任。",
}


@dataclass(frozen=True)
class _Duty:
    task: str
    pays: str
    sentence: _Sentence
    note: str = ""


@dataclass(frozen=True)
class _Todo:
    sentence: _Sentence
    why: str


def _clause(s: _Sentence, words: _Words) -> list[_Duty] | str:
    """Duties of one 将……确认为……财政事权 sentence, or why it cannot be read."""
    m = _CONFIRM.search(s.text)
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
        pays = _level_of(level_text) or ""
        payer = _PAYER.search(s.text, m.end())
        if not pays or how:
            return f"cannot tell the level from 确认为{level_text}财政事权"
        if payer and _level_of(payer["payer"]) not in (pays, None):
            return f"确认为{level_text}财政事权 but 由{payer['payer']}承担支出责任"
    duties = [_Duty(task, pays, s, _NOTES.get(pays, "")) for task in _split_tasks(head, words)]
    return duties or "no task before 确认为"


def _assigns(text: str) -> bool:
    """Whether a sentence assigns a 财政事权 or a 支出责任 (the reform's own name does not)."""
    return "确认为" in text or "承担支出责任" in text or "财政事权" in _REFORM_NAME.sub("", text)


def _mentions(text: str, title: str) -> bool:
    """Whether a sentence speaks of 财政事权 or 支出责任 outside titles it quotes."""
    bare = re.sub(r"《[^《》]*》", "", text.replace(title, "") if title else text)
    return "财政事权" in bare or "支出责任" in bare


def _read_duties(sentences: list[_Sentence], words: _Words, title: str) -> tuple[list[_Duty | _Todo], list[_Sentence]]:
    """Duties and TODOs in text order, and the general sentences that mention the reform."""
    duty_parts = {s.h1 for s in sentences if _CONFIRM.search(s.text) and s.text.startswith("将")}
    items: list[_Duty | _Todo] = []
    general: list[_Sentence] = []
    last_pays = ""
    for s in sentences:
        if last_pays == "shared" and s.text.startswith("其中") or (
            last_pays == "affiliation" and "承担的事项" in s.text and not s.text.startswith("将")
        ):
            _extend_clause(items, s.text)  # says who pays the shared or affiliation duty just read
            continue
        last_pays = ""
        if re.search(r"其他未列(?:明)?事项", s.text):
            items.append(_Duty(s.text.split("，")[0].rstrip("。"), "catch-all", s))
        elif not _assigns(s.text):
            if _mentions(s.text, title) and s.h1 in duty_parts:  # nothing there may pass unseen
                items.append(_Todo(s, "mentions 财政事权 or 支出责任"))
            elif _mentions(s.text, title):
                general.append(s)
        elif isinstance(parsed := _clause(s, words), str):
            items.append(_Todo(s, parsed))
        else:
            items.extend(parsed)
            last_pays = parsed[0].pays
    return items, general


def _extend_clause(items: list, text: str) -> None:
    """Add an explaining sentence (其中……, 市级职能部门承担的事项……) to the clause of every
    duty read from the previous sentence: the clause is the passage that decides who pays."""
    last = items[-1].sentence if items and isinstance(items[-1], _Duty) else None
    joined = _Sentence(last.text + text, last.h1, last.h2) if last else None
    for i in range(len(items) - 1, -1, -1):
        d = items[i]
        if not isinstance(d, _Duty) or d.sentence != last:
            break
        items[i] = _Duty(d.task, d.pays, joined, d.note)


# ---------------------------------------------------------------------------
# The document's own data: title, number, issuer, date, parents, level names.

_TITLE = r"[^《》\s，。：；“”、]{2,12}?知识产权领域[^《》\s，。：；“”]{1,20}?财政事权和支出责任划分改革(?:实施)?方案"
_DOCNO = re.compile(r"[\u4e00-\u9fff]{0,8}?[〔﹝\[【（(]\s*(?:19|20)\d{2}\s*[〕﹞\]】）)]\s*[—\-－–―]*\s*\d{1,4}\s*号?")
_PARENT = re.compile(r"《(?P<title>[^《》]+)》[（(](?P<no>[^（）()]*?(?:19|20)\d{2}[^（）()]*?号)[）)]")
_DATE = re.compile(r"(\S{4})年(\S{1,3})月(\S{1,3})日(?:印发|发布|印)?")
_ORG_END = ("局", "厅", "委员会", "办公室", "人民政府", "管委会", "委", "中心", "公署")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}


def _title(paras: list[_Para]) -> str:
    for p in paras:
        if m := re.fullmatch(rf"(?:附件\d*：)?({_TITLE})", p.text):
            return m[1]
    for p in paras:
        for m in re.finditer(rf"《({_TITLE})》", p.text):
            if not re.search(r"(?:贯彻|落实|根据|按照|依据)[^《]{0,4}$", p.text[:m.start()]):
                return m[1]
    for p in paras:
        if m := re.search(rf"印发({_TITLE})的通知", p.text):
            return m[1]
    return ""


def _doc_number(paras: list[_Para]) -> str:
    for p in paras:
        if _DOCNO.fullmatch(p.text):
            return p.text
    for p in paras:
        for m in _DOCNO.finditer(p.text):
            if not re.search(r"》[（(]$", p.text[:m.start()]):
                return m[0]
    return ""


def _doc_aliases(number: str) -> tuple[str, ...]:
    m = re.fullmatch(r"(.*?)[〔﹝\[【（(]\s*(\d{4})\s*[〕﹞\]】）)]\s*[—\-－–―]*\s*(\d+)\s*号?", number)
    if not m:
        return ()
    canonical = f"{m[1]}〔{m[2]}〕{m[3]}号"
    return (canonical,) if canonical != number else ()


def _parents(paras: list[_Para]) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for p in paras:
        for m in _PARENT.finditer(p.text):
            if re.search(r"(?:贯彻|落实|根据|按照|依据)", p.text[max(0, m.start() - 8):m.start()]):
                found.setdefault(m["no"], m["title"])
    return list(found.items())


def _cn_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text):  # 二〇二四
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    if m := re.fullmatch(r"([一二三四五六七八九]?)十([一二三四五六七八九]?)", text):
        return (_CN_DIGITS[m[1]] if m[1] else 1) * 10 + (_CN_DIGITS[m[2]] if m[2] else 0)
    return None


def _date(paras: list[_Para]) -> tuple[str, int | None]:
    """ISO date of the signature (or, failing that, of printing); the signature's paragraph.
    A date line may carry its signer before it: 晋城市财政局办公室2024年11月19日印发."""
    best: tuple[str, int | None] = ("", None)
    for index, p in enumerate(paras):
        text = p.text.replace(" ", "")
        if not (m := _DATE.search(text)) or m.end() != len(text) or (m.start() and not _org(text[:m.start()])):
            continue
        y, mo, d = (_cn_int(x) for x in m.groups())
        if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        iso = f"{y:04d}-{mo:02d}-{d:02d}"
        if not m[0].endswith(("印发", "发布", "印")):
            return iso, index
        best = best if best[0] else (iso, None)
    return best


def _org(text: str) -> str:
    text = re.sub(r"文件$", "", text)
    ok = len(text) <= 30 and text.endswith(_ORG_END) and "，" not in text and not text.startswith(("各", "抄送", "附件"))
    return text if ok else ""


def _orgs(text: str) -> list[str]:
    return [_org(part) for part in text.split("、")]


def _issuers(paras: list[_Para], date_index: int | None) -> tuple[str, ...]:
    """Organisations heading the document, and those signing above (or before) its date."""
    found = []
    for p in paras[:12]:
        if _DOCNO.fullmatch(p.text) or p.text.startswith("各") or re.search(_TITLE, p.text):
            if m := re.match(r"(.+?)关于印发", p.text):
                found.append(_org(m[1]))
            break
        found += _orgs(p.text)
    if date_index is not None:
        index, signature = date_index - 1, _orgs(_DATE.split(paras[date_index].text.replace(" ", ""))[0])
        while index >= 0 and all(_orgs(paras[index].text)):
            signature[:0] = _orgs(paras[index].text)
            index -= 1
        found += signature
    return _unique(found)


def _addressees(paras: list[_Para]) -> tuple[str, ...]:
    for p in paras:
        if p.text.startswith("各") and p.text.endswith("："):
            names = _split_top(p.text.rstrip("："), "，、")
            return tuple(n for n in names if not re.search(r"有关(?:部门|单位)|市直|直属", n))
    return ()


def _placeholder(name: str) -> tuple[str, str]:
    """(name, kind) of a jurisdiction block for one addressee such as 石家庄高新区管委会."""
    name = re.sub(r"(?:管委会|管理委员会|人民政府)$", "", name)
    if re.search(r"高新|经开|开发|园区|新区", name):
        return name, "开发区"
    kind = {"县": "县", "旗": "旗", "区": "区", "市": "县级市"}.get(name[-1:], "")
    return name, kind


def _level_names(sentences: list[_Sentence], title: str) -> tuple[str, str]:
    """(city, county) level names as the 确认为X财政事权 sentences write them."""
    seen: dict[str, Counter] = {"city": Counter(), "county": Counter()}
    for s in sentences:
        for m in _CONFIRM.finditer(s.text):
            level = _level_of(m["level"])
            if level in seen:
                seen[level][m["level"]] += 1
    between = title.partition("知识产权领域")[2].partition("财政事权")[0]
    from_title = _split_top(between, "与") if "与" in between else []
    names = []
    for i, level in enumerate(("city", "county")):
        if seen[level]:
            names.append(max(seen[level].items(), key=lambda kv: (kv[1], -len(kv[0])))[0])
        else:
            names.append(from_title[i] if len(from_title) == 2 else ("市级", "县级")[i])
    return names[0], names[1]


# ---------------------------------------------------------------------------
# Assembly and the TOML text.

_CATEGORY_IDS = (
    ("宏观管理", "macro"), ("授权确权", "grant"), ("创造", "create"), ("运用", "use"), ("保护", "protect"),
    ("公共服务", "service"), ("涉外", "foreign"), ("其他", "other"),
)


@dataclass(frozen=True)
class _Category:
    id: str
    title: str
    section: str


def _heading_of(s: _Sentence) -> _Heading | None:
    return s.h2 or s.h1


def _categories(items: list[_Duty | _Todo]) -> dict[_Heading | None, _Category]:
    result: dict[_Heading | None, _Category] = {}
    used: set[str] = set()
    for item in items:
        heading = _heading_of(item.sentence)
        if not isinstance(item, _Duty) or heading in result:
            continue
        title = heading.title if heading and heading.title else "TODO: 类别名称"
        slug = next((cid for word, cid in _CATEGORY_IDS if word in title), f"category-{len(result) + 1}")
        cid, n = slug, 2
        while cid in used:
            cid, n = f"{slug}-{n}", n + 1
        used.add(cid)
        result[heading] = _Category(cid, title, heading.number if heading else "")
    return result


def _section(s: _Sentence) -> str:
    return (s.h1.number if s.h1 else "") + (s.h2.number if s.h2 else "")


@dataclass(frozen=True)
class _Entry:
    """One [[duties]] table: a duty read from the text, with what pairing decided."""

    duty: _Duty
    id: str
    pair: str
    scope: str
    keywords: tuple[str, ...]
    note: str


_LEVEL_SCOPE = {"city": "city-wide", "county": "local"}


@dataclass(frozen=True)
class _Split:
    """A task with an exclusive part and a part paired with the other level's duty:
    行政裁决和行政调解 (city) beside 行政调解 (county)."""

    tail: str  # the paired part, after 和
    key: tuple[str, str]  # its pair key
    partner: int  # index of the other level's duty


def _pairs(items: list, cat: dict[int, str], words: _Words) -> tuple[dict[int, tuple[str, str]], dict[int, _Split]]:
    """Pair keys of paired duties by index, and the tasks split into an exclusive and a paired part."""
    leveled = [(i, d) for i, d in enumerate(items) if isinstance(d, _Duty) and d.pays in _LEVEL_SCOPE]
    groups: dict[tuple[str, str], dict[str, int]] = {}
    for i, d in leveled:
        groups.setdefault((cat[i], words.pair_key(d.task)), {}).setdefault(d.pays, i)
    partner = {i: key for key, by_level in groups.items() if len(by_level) == 2 for i in by_level.values()}
    split: dict[int, _Split] = {}
    for i, d in leveled:
        for m in re.finditer("和", d.task) if i not in partner else ():
            tail = d.task[m.end():]
            other = next((j for j, e in leveled if j not in partner and j not in split and e.pays != d.pays
                          and cat[j] == cat[i] and len(tail) >= 4 and words.core(e.task).endswith(tail)), None)
            if other is not None:
                split[i] = _Split(tail, (cat[i], words.pair_key(items[other].task)), other)
                partner[other] = split[i].key
                break
    return partner, split


def _entries(doc: _Document, categories: dict[_Heading | None, _Category], prefix: str) -> dict[int, list[_Entry]]:
    """The duty tables for each item index. Tasks of both levels with the same core share a
    pair key; a task of one level only is exclusive and has no scope (schemes/README.md)."""
    items, words = doc.items, doc.words
    cat = {i: categories[_heading_of(d.sentence)].id for i, d in enumerate(items) if isinstance(d, _Duty)}
    partner, split = _pairs(items, cat, words)
    numbers: dict[object, int] = {}
    counters: Counter = Counter()

    def stem(i: int, key: object) -> str:  # macro-03: numbered per category, once per pair
        if key not in numbers:
            counters[cat[i]] += 1
            numbers[key] = counters[cat[i]]
        return f"{cat[i]}-{numbers[key]:02d}"

    result: dict[int, list[_Entry]] = {}
    for i, d in enumerate(items):
        if not isinstance(d, _Duty):
            continue
        keywords = _keywords(d.task, words) if d.pays != "catch-all" else ()
        if i in partner:
            pair = stem(i, partner[i])
            result[i] = [_Entry(d, f"{prefix}{pair}-{d.pays}", pair, _LEVEL_SCOPE[d.pays], keywords, d.note)]
        elif i not in split:
            result[i] = [_Entry(d, f"{prefix}{stem(i, i)}-{d.pays}", "", "", keywords, d.note)]
        else:
            part = split[i]
            # The exclusive part must not match what the paired part and its partner match.
            paired = {*_keywords(part.tail, words), *_keywords(items[part.partner].task, words)}
            own = tuple(k for k in keywords if k not in paired) or keywords
            pair = stem(i, part.key)
            result[i] = [
                _Entry(d, f"{prefix}{stem(i, i)}-{d.pays}", "", "", own,
                       f"“{part.tail}”另列一条，与另一级的同一事项配对；本条只认其余部分。"),
                _Entry(d, f"{prefix}{pair}-{d.pays}", pair, _LEVEL_SCOPE[d.pays], _keywords(part.tail, words),
                       f"条文中的“{part.tail}”，与另一级的同一事项配对。"),
            ]
    return result


def _count(entries: dict[int, list[_Entry]]) -> tuple[tuple[str, int], ...]:
    counts = Counter(e.duty.pays for group in entries.values() for e in group)
    return tuple((pays, counts[pays]) for pays in PAYS if counts[pays])


@dataclass(frozen=True)
class _Document:
    """Everything read from one text, ready to be written out."""

    title: str
    city: str
    doc_number: str
    issuers: tuple[str, ...]
    date: str
    parents: list[tuple[str, str]]
    levels: tuple[str, str]
    addressees: tuple[str, ...]
    items: list[_Duty | _Todo]
    general: list[_Sentence]
    words: _Words


def _read(text: str) -> _Document:
    paras = _paragraphs(text)
    sentences = _sentences(paras)
    if not any("财政事权" in s.text for s in sentences):
        raise SchemeError("<text>", "no 财政事权 sentence found: is this a 财政事权和支出责任划分 scheme text?")
    title = _title(paras)
    levels = _level_names(sentences, title)
    words = _Words(*levels)
    items, general = _read_duties(sentences, words, title)
    date, date_index = _date(paras)
    return _Document(
        title=title, city=title.partition("知识产权领域")[0], doc_number=_doc_number(paras),
        issuers=_issuers(paras, date_index), date=date, parents=_parents(paras), levels=levels,
        addressees=_addressees(paras), items=items, general=general, words=words,
    )


def draft_scheme(text: str, scheme_id: str | None = None) -> Draft:
    """A scheme file drafted from a published scheme text (see the module docstring)."""
    doc = _read(text)
    scheme_id = scheme_id or doc.city.rstrip("市盟州") or "draft"
    todos = [f"{what}: not found in the text; fill it in by hand"
             for what, value in (("title", doc.title), ("document number", doc.doc_number), ("date", doc.date))
             if not value]
    out = TomlDocument()
    _write_scheme(out, doc, scheme_id, todos)
    todos.append("jurisdictions: add the city and every county-level jurisdiction from the gazetteer"
                 + (f" (addressees: {'、'.join(doc.addressees)})" if doc.addressees else ""))
    _write_jurisdictions(out, doc, todos[-1])
    todos += [f"not placed ({t.why}): {t.sentence.text}" for t in doc.items if isinstance(t, _Todo)]
    categories = _categories(doc.items)
    for category in categories.values():
        if category.title.startswith("TODO"):
            todos.append(f"category {category.id}: no heading found above its duties; give it a title")
            out.blank()
            out.comment(f"TODO: {todos[-1]}")
        out.array_table("categories")
        out.pair("id", category.id)
        out.pair("title", category.title)
        out.pair("section", category.section)
    entries = _entries(doc, categories, f"{scheme_id}-")
    _write_duties(out, doc, entries, categories)
    _write_vocabulary(out, doc, entries)
    return Draft(out.render(), len(categories), _count(entries), tuple(todos))


def _write_scheme(out: TomlDocument, doc: _Document, scheme_id: str, missing: list[str]) -> None:
    out.comment(f"Draft scheme for {doc.city or 'TODO'}, written by `budgetlint schemes draft` from the published\n"
                "text. Clauses and tasks are copied from the text; ids, pairs, scopes and keywords are a first\n"
                "guess. Review every TODO, then validate the file.")
    out.table("scheme")
    out.pair("id", scheme_id)
    out.pair("city", doc.city or "TODO")
    out.pair("title", doc.title or "TODO: 方案标题")
    out.pair("doc_number", doc.doc_number)
    out.pair("doc_aliases", list(_doc_aliases(doc.doc_number)))
    out.pair("issuer", list(doc.issuers))
    out.pair("date", doc.date)
    out.pair("parents", [number for number, _ in doc.parents])
    for number, parent_title in doc.parents:
        out.comment(f"parent {number}: 《{parent_title}》")
    out.pair("extends", ["base"])
    out.pair("levels", {"city": doc.levels[0], "county": doc.levels[1]})
    for todo in missing:
        out.comment(f"TODO: {todo}")


def _write_jurisdictions(out: TomlDocument, doc: _Document, todo: str) -> None:
    out.blank()
    out.comment(f"TODO: {todo}")
    out.comment("Uncomment and complete one block per jurisdiction (a draft validates without any):")
    blocks = [(doc.city or "TODO", "city", {"盟": "盟", "州": "自治州"}.get(doc.city[-1:], "地级市"))]
    for addressee in doc.addressees:
        if not addressee.startswith("各"):  # 各县（市、区）人民政府 names no one
            name, kind = _placeholder(addressee)
            blocks.append((name, "county", kind))
    blocks.append(("TODO", "county", "县"))
    for name, level, kind in blocks:
        out.comment("")
        out.comment(f"[[jurisdictions]]\nname = {toml_string(name)}\nlevel = \"{level}\"\nkind = {toml_string(kind)}")


def _write_duties(out: TomlDocument, doc: _Document, entries: dict[int, list[_Entry]],
                  categories: dict[_Heading | None, _Category]) -> None:
    heading: object = object()
    for i, item in enumerate(doc.items):
        if _heading_of(item.sentence) != heading:
            heading = _heading_of(item.sentence)
            out.blank()
            out.comment(f"── {_section(item.sentence)} {heading.title if heading else ''} ──")
        if isinstance(item, _Todo):
            out.blank()
            out.comment(f"TODO: not placed ({item.why}); add duties by hand:\n{item.sentence.text}")
            continue
        for entry in entries[i]:
            out.array_table("duties")
            out.pair("id", entry.id)
            out.pair("category", categories[_heading_of(item.sentence)].id)
            out.pair("pays", item.pays)
            out.pair("pair", entry.pair)
            out.pair("scope", entry.scope)
            out.pair("section", _section(item.sentence))
            out.pair("task", item.task)
            out.pair("clause", item.sentence.text)
            out.pair("keywords", list(entry.keywords))
            out.pair("note", entry.note)


def _write_vocabulary(out: TomlDocument, doc: _Document, entries: dict[int, list[_Entry]]) -> None:
    terms = [k for group in entries.values() for e in group for k in e.keywords]
    tasks = "".join(d.task for d in doc.items if isinstance(d, _Duty))
    out.table("vocabulary")
    # base.toml already marks 知识产权/专利/商标… as IP; terms without them are only a suggestion.
    candidates = _unique(k for k in terms if "+" not in k and not any(m in k for m in _IP_MARKS))
    if candidates:
        out.comment("Review: add to ip_terms only the words that never name work outside IP:")
        out.comment(f"ip_terms = [{', '.join(toml_string(k) for k in candidates)}]")
    out.pair("city_wide_terms", [w for w in doc.words.city_wide if w in tasks])
    out.pair("local_terms", [w for w in doc.words.local if w in tasks])
    out.pair("own_terms", [w for w in doc.words.own if w in tasks])
    if doc.general:
        out.blank()
        out.comment("Sentences that mention 财政事权 or 支出责任 but were read as general text, not duties:")
        for s in doc.general:
            out.comment(f"- {s.text}")
