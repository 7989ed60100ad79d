"""Reading a published scheme text: paragraphs, headings, sentences and the 确认为 clauses.

One reading serves both `budgetlint schemes draft` (which writes a scheme from the text) and
`budgetlint schemes validate --source` (which checks a scheme against it), so the clause a
draft quotes is the clause the check looks for.

Texts come as a web page, a Word export or pdftotext gives them: lines broken inside
sentences, page numbers and footers, navigation text, half-width punctuation, Markdown
headings, a category heading on the same line as its first clause. paragraphs() cleans them
into logical paragraphs; sentences() cuts those into sentences under their 一、 and （一）
headings; confirm_parts() reads 将<tasks>，确认为<level>财政事权 and split_tasks() cuts the task
list into tasks.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from ._i18n import say
from .errors import SchemeError, os_reason

__all__ = [
    "HAN", "Para", "Heading", "Sentence", "ConfirmPart", "read_scheme_text", "paragraphs", "sentences",
    "confirm_parts", "split_tasks", "split_top", "org_name", "unique", "squeeze", "CONFIRM",
]

HAN = re.compile(r"[\u4e00-\u9fff]")
_WIDE = r"[^\x00-\x7f]"
# Page numbers, footers and rules a print or PDF copy leaves between paragraphs.
_FURNITURE = re.compile(
    r"^(?:[-—–－―~～_·\s]*\d{1,3}[-—–－―~～_·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|(?:共\s*\d+\s*页\s*)?第\s*\d+\s*页|\d{1,3}\s*/\s*\d{1,3}|[-—–_*=]{3,})$"
)
# What a copied web page adds around the document: breadcrumbs, buttons, the site's footer.
_WEB_FURNITURE = re.compile(
    r"^(?:当前位置|您的位置|您现在的位置|首页\s*[>＞»/]|【?\s*字[体号]|打印|关闭|分享到|扫一扫|收藏|"
    r"网站标识码|网站地图|联系我们|版权所有|主办单位|承办单位|技术支持|访问量|浏览次数|阅读次数|"
    r"[\u4e00-\u9fff]{0,6}ICP备|[\u4e00-\u9fff]{0,6}公网安备|上一篇|下一篇|相关链接|附件下载)"
    r"|[>＞»]\s*(?:政务公开|信息公开|政策文件|通知公告|政府信息)"
)
# A labelled field of a web page's header (发布时间：…): a paragraph of its own.
META = re.compile(r"^(?P<label>发布时间|发布日期|成文日期|印发日期|发文日期|生成日期|来源|信息来源|文号|发文字号|"
                  r"发文机关|发布机构|发文单位|索引号|主题分类|标题|有效性|时效)：")
_H1 = re.compile(r"^([一二三四五六七八九十]+)、\s*(.*)$")
_H2 = re.compile(r"^（([一二三四五六七八九十]+)）\s*(.*)$")
_PROSE_START = ("将", "为", "按照", "其中", "根据")
# Full-width digits and letters become ASCII; full-width punctuation stays as the documents print it.
_FULL_WIDTH_ASCII = {c: c - 0xFEE0 for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                     for c in range(lo, hi + 1)}
_ORG_END = ("局", "厅", "委员会", "办公室", "人民政府", "管委会", "委", "中心", "公署")
# Where a heading's title ends when the document runs its first clause on without a break.
_TITLE_END = r"(?:管理|确权|创造|促进|运用|保护|服务|工作|事项)"


def read_scheme_text(path: str | Path) -> str:
    """The text of a published scheme: UTF-8 (with or without BOM) or GB18030."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        why = os_reason(exc)
        raise SchemeError(str(path), say(f"无法读取文本：{why}", f"cannot read the text: {why}")) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if b"\x00" in data:
        raise SchemeError(str(path), say("二进制或 UTF-16 文件：请把方案文本存为 UTF-8",
                                         "binary or UTF-16 file: save the scheme text as UTF-8"))
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SchemeError(str(path), say("文本既不是 UTF-8 也不是 GB18030：请存为 UTF-8",
                                         "the text is neither UTF-8 nor GB18030: save it as UTF-8"))
    if not HAN.search(text):
        raise SchemeError(str(path), say("文件中没有中文：这是方案的公开文本吗？",
                                         "no Chinese text in the file: is it the scheme's published text?"))
    return text


# ---------------------------------------------------------------------------
# Cleaning: one logical paragraph per item, whatever the line breaks were.


@dataclass(frozen=True)
class Para:
    text: str  # cleaned: full-width punctuation, no spaces between Chinese characters
    raw: str  # the lines as the file has them (stripped), joined: join_broken_lines gives these
    whole: bool = False  # a heading or a web page's field: never runs on into the next line


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
    if len(parts) > 1 and all(org_name(part) for part in parts):  # 甲市财政局  甲市市场监督管理局
        return "、".join(parts), md
    line = re.sub(rf"(?<={_WIDE})\s+(?={_WIDE})", "", line)
    return line.strip(), md


def _heading_done(text: str) -> bool:
    """Whether a heading paragraph is complete: a title alone, or a title and whole sentences."""
    m = _H1.match(text) or _H2.match(text)
    if not m:
        return True
    _, body = _split_heading(m[2])
    return not body or body[-1] in "。；！？："


def _continues(para: Para) -> bool:
    """Whether a paragraph was cut by a line break and goes on in the next line."""
    text = para.text
    if para.whole and (not (_H1.match(text) or _H2.match(text)) or _heading_done(text)):
        return False
    if para.raw.endswith("  "):  # a Markdown line break: the same paragraph goes on
        return True
    if text[-1] in "。；！？：":
        return False
    prose_start = text.startswith(_PROSE_START)
    if "，" not in text and not prose_start and text.endswith(("通知", "方案", "印发", "号", "日")):
        return False
    return "，" in text or prose_start or len(text) >= 20 or ("知识产权领域" in text and "方案" not in text)


def paragraphs(text: str) -> list[Para]:
    paras: list[Para] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").split("\n"):
        line, md = _clean_line(raw)
        if not line or _FURNITURE.match(line) or (_WEB_FURNITURE.match(line) and not re.search("[，。；]", line)):
            continue  # (a line of prose that happens to start with 打印 or 技术支持 is kept)
        whole = md or bool(_H1.match(line) or _H2.match(line) or META.match(line))
        kept = raw.strip() + ("  " if raw.endswith("  ") else "")  # a Markdown line break stays visible
        if paras and not whole and _continues(paras[-1]):
            last = paras[-1]
            paras[-1] = Para(last.text + line, last.raw.rstrip() + kept, last.whole)
        else:
            paras.append(Para(line, kept, whole))
    return paras


# ---------------------------------------------------------------------------
# Structure: headings and sentences.


@dataclass(frozen=True)
class Heading:
    number: str  # 二、 or （一）
    title: str


@dataclass(frozen=True)
class Sentence:
    text: str
    h1: Heading | None
    h2: Heading | None

    @property
    def heading(self) -> Heading | None:
        """The innermost heading above the sentence: its clauses' category."""
        return self.h2 or self.h1

    @property
    def section(self) -> str:
        """二、（一）: the section of the clauses read from the sentence."""
        return (self.h1.number if self.h1 else "") + (self.h2.number if self.h2 else "")


def _split_heading(rest: str) -> tuple[str, str]:
    """(title, body) of a heading line: 知识产权宏观管理。将……, and also a title the text runs
    straight into its first clause (知识产权宏观管理将……, 知识产权领域其他事项知识产权领域其他未列事项……)."""
    head, dot, body = rest.partition("。")
    if dot and len(head) <= 30 and "确认为" not in head:
        return head.rstrip("：:"), body
    if not dot and len(rest) <= 30 and "确认为" not in rest:
        return rest.rstrip("：:"), ""
    m = (re.match(r"([^，。；：、将]{2,24}?)(?=将[^，。]*?[，。])", rest)
         or re.match(rf"([^，。；：、]{{2,12}}?{_TITLE_END})(?=知识产权)", rest)
         or re.match(r"([^，。；、]{2,24}?)：", rest))
    if m and "财政事权" in rest[m.end():]:
        return m[1], rest[m.end():].lstrip("：")
    return "", rest


def sentences(paras: list[Para]) -> list[Sentence]:
    result: list[Sentence] = []
    h1 = h2 = None
    for para in paras:
        body = para.text
        if m := _H1.match(body):
            title, body = _split_heading(m[2])
            h1, h2 = Heading(m[1] + "、", title), None
        elif m := _H2.match(body):
            title, body = _split_heading(m[2])
            h2 = Heading(f"（{m[1]}）", title)
        for sentence in re.findall(r"[^。]+。?", body):
            # 将A……；将B……。 holds two clauses; other ；-lists stay one sentence.
            for part in re.split(r"(?<=；)(?=将)", sentence.strip()):
                if part:
                    result.append(Sentence(part, h1, h2))
    return result


# ---------------------------------------------------------------------------
# Clauses: 将<tasks>，确认为<level>财政事权.

# 确认为<level>财政事权: the phrase that places a clause's tasks at a level.
CONFIRM = re.compile(r"确认为(?P<level>[^，。；]*?)财政事权")
_PART = re.compile(r"^(?:其中，)?(?P<lead>将)?(?P<tasks>.+?)，?(?:(?P<how>按照[^，；]*?)，?)?(?:分别)?"
                   r"确认为(?P<level>[^，。；]*?)财政事权")


@dataclass(frozen=True)
class ConfirmPart:
    """One 确认为 part of a sentence (a sentence's parts are split at ；)."""

    lead: bool  # begins with 将: it assigns its tasks (not an explanation: 市级职能部门承担的事项……)
    tasks: str  # the task list, as printed
    how: str  # 按照隶属关系 …, or ''
    level: str  # the level phrase: 市级, 县（市、区）, 市与县共同 …


def confirm_parts(sentence: str) -> list[ConfirmPart]:
    """The 确认为……财政事权 parts of a sentence, in order."""
    result = []
    for part in sentence.split("；"):
        if "确认为" not in part:
            continue
        found = _PART.match(part.lstrip("（）()一二三四五六七八九十、"))
        if found:
            result.append(ConfirmPart(bool(found["lead"]), found["tasks"].strip("，"), found["how"] or "",
                                      found["level"]))
    return result


# 等 that closes a list of examples (商标、专利等), not a word such as 高等, 平等 or 同等.
ETC = r"(?<![高平同])等"
# A piece ending so qualifies what follows (信息化、智能化基础设施; 未列入中央、省级……).
_MODIFIER_END = ("中央", "省级", "市级", "县级", "省", "市", "县", "化", "性", "的")


def split_tasks(text: str, starts: tuple[str, ...] | None = None) -> list[str]:
    """The tasks of a task list.

    With `starts` (the words a task may begin with: scope words, 制定, 开展 …), whole tasks:
    split on top-level ， and 、, and on 和 / 以及 only when both sides are full tasks; when
    unsure a phrase stays whole (行政裁决和行政调解). Without, every fragment between ， 、 和
    以及: what a check of coverage needs, since each must be quoted by some task.
    """
    if starts is None:
        return [t for t in re.split(r"[，、,]|和|以及", text) if t]
    tasks: list[str] = []
    for piece in split_top(text, "，"):
        piece = re.sub(r"^(?:以及|和|及|并)", "", piece)  # ……，以及全市性……
        group = split_top(piece, "、")
        full = len(group) > 1 and all(len(g) >= 4 and not g.endswith(_MODIFIER_END) for g in group)
        pieces = group if full and not any(re.search(ETC, g) for g in group[1:]) else [piece]
        for p in pieces:
            tasks.extend(_split_and(p, starts))
    return tasks


def _split_and(task: str, starts: tuple[str, ...]) -> list[str]:
    for joiner in ("以及", "和"):
        for m in re.finditer(joiner, task):
            left, right = task[:m.start()], task[m.end():]
            if len(left) >= 4 and len(right) >= 4 and right.startswith(starts) and "（" not in left[-2:]:
                return [*_split_and(left, starts), *_split_and(right, starts)]
    return [task]


# ---------------------------------------------------------------------------
# Helpers shared by the readers.


def split_top(text: str, seps: str) -> list[str]:
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


def org_name(text: str) -> str:
    """The organisation a line or part names (甲市财政局, 乙县人民政府), or ''."""
    text = re.sub(r"文件$", "", text)
    ok = (len(text) <= 30 and text.endswith(_ORG_END) and not re.search(r"[，：。；《》]", text)
          and not text.startswith(("各", "抄送", "附件")))
    return text if ok else ""


def unique(words) -> tuple[str, ...]:
    """The non-empty words, each once, in first-seen order."""
    return tuple(dict.fromkeys(w for w in words if w))


def squeeze(text: str) -> str:
    """The text without whitespace: how clauses are compared with the published text."""
    return re.sub(r"\s+", "", text)
