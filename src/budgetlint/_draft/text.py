"""The published text as paragraphs, then as sentences under their headings.

A web page or pdftotext breaks lines inside sentences, prints page numbers, mixes half- and
full-width punctuation and may use Markdown headings. Cleaning gives one logical paragraph per
item whatever the line breaks were; each paragraph is then cut into sentences that know the
一、 and （一） headings above them. Also the small text helpers the other parts share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HAN = re.compile(r"[\u4e00-\u9fff]")
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
_ORG_END = ("局", "厅", "委员会", "办公室", "人民政府", "管委会", "委", "中心", "公署")


# ---------------------------------------------------------------------------
# Cleaning: one logical paragraph per item, whatever the line breaks were.


@dataclass(frozen=True)
class Para:
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
    if len(parts) > 1 and all(org_name(part) for part in parts):  # 甲市财政局  甲市市场监督管理局
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


def paragraphs(text: str) -> list[Para]:
    paras: list[Para] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").split("\n"):
        line, md = _clean_line(raw)
        if not line or _FURNITURE.match(line):
            continue
        heading = md or bool(_H1.match(line) or _H2.match(line))
        if paras and not paras[-1].md and not heading and _continues(paras[-1].text):
            paras[-1] = Para(paras[-1].text + line, False)
        else:
            paras.append(Para(line, md))
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
        """The innermost heading above the sentence: its duties' category."""
        return self.h2 or self.h1

    @property
    def section(self) -> str:
        """二、（一）: the section field of the duties read from the sentence."""
        return (self.h1.number if self.h1 else "") + (self.h2.number if self.h2 else "")


def _split_heading(rest: str) -> tuple[str, str]:
    """(title, body) of a heading line such as 知识产权宏观管理。将……"""
    head, dot, body = rest.partition("。")
    if dot and len(head) <= 30 and "确认为" not in head:
        return head, body
    if not dot and len(rest) <= 30 and "确认为" not in rest:
        return rest.rstrip("：:"), ""
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
# Helpers shared by the other parts.


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
    ok = len(text) <= 30 and text.endswith(_ORG_END) and "，" not in text and not text.startswith(("各", "抄送", "附件"))
    return text if ok else ""


def unique(words) -> tuple[str, ...]:
    """The non-empty words, each once, in first-seen order."""
    return tuple(dict.fromkeys(w for w in words if w))
