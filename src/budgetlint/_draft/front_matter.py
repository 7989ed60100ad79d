"""The document's own data: title, document number, issuers, date, parents and addressees.

Each is looked for where notices print it (a title line, the number under the issuer, the
signature above the date, 各县（市、区）……： before the body) and, failing that, in the prose.
What is not found is '' or empty; the draft then asks for it in a TODO.
"""

from __future__ import annotations

import re

from .text import Para, org_name, split_top, unique

TITLE = r"[^《》\s，。：；“”、]{2,12}?知识产权领域[^《》\s，。：；“”]{1,20}?财政事权和支出责任划分改革(?:实施)?方案"
# 甲政办发〔2024〕7号, in any of the brackets and dashes documents print it with.
_DOCNO = re.compile(r"(?P<org>[\u4e00-\u9fff]{0,8}?)[〔﹝\[【（(]\s*(?P<year>(?:19|20)\d{2})\s*[〕﹞\]】）)]"
                    r"\s*[—\-－–―]*\s*(?P<no>\d{1,4})\s*号?")
_PARENT = re.compile(r"《(?P<title>[^《》]+)》[（(](?P<no>[^（）()]*?(?:19|20)\d{2}[^（）()]*?号)[）)]")
# Words before a 《title》 that cite it as a parent document rather than name this one.
_CITING = r"(?:贯彻|落实|根据|按照|依据)"
_DATE = re.compile(r"(\S{4})年(\S{1,3})月(\S{1,3})日(?:印发|发布|印)?")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}


def title(paras: list[Para]) -> str:
    for p in paras:
        if m := re.fullmatch(rf"(?:附件\d*：)?({TITLE})", p.text):
            return m[1]
    for p in paras:
        for m in re.finditer(rf"《({TITLE})》", p.text):
            if not re.search(_CITING + r"[^《]{0,4}$", p.text[:m.start()]):
                return m[1]
    for p in paras:
        if m := re.search(rf"印发({TITLE})的通知", p.text):
            return m[1]
    return ""


def doc_number(paras: list[Para]) -> str:
    for p in paras:
        if _DOCNO.fullmatch(p.text):
            return p.text
    for p in paras:
        for m in _DOCNO.finditer(p.text):
            if not re.search(r"》[（(]$", p.text[:m.start()]):
                return m[0]
    return ""


def doc_aliases(number: str) -> tuple[str, ...]:
    """The number as 甲政办发〔2024〕7号 when the text prints it otherwise (【2024】, (2024)-7)."""
    m = _DOCNO.fullmatch(number)
    if not m:
        return ()
    canonical = f"{m['org']}〔{m['year']}〕{m['no']}号"
    return (canonical,) if canonical != number else ()


def parents(paras: list[Para]) -> list[tuple[str, str]]:
    """(number, title) of each document the text says it carries out."""
    found: dict[str, str] = {}
    for p in paras:
        for m in _PARENT.finditer(p.text):
            if re.search(_CITING, p.text[max(0, m.start() - 8):m.start()]):
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


def date(paras: list[Para]) -> tuple[str, int | None]:
    """ISO date of the signature (or, failing that, of printing); the signature's paragraph.
    A date line may carry its signer before it: 晋城市财政局办公室2024年11月19日印发."""
    best: tuple[str, int | None] = ("", None)
    for index, p in enumerate(paras):
        text = p.text.replace(" ", "")
        if not (m := _DATE.search(text)) or m.end() != len(text) or (m.start() and not org_name(text[:m.start()])):
            continue
        y, mo, d = (_cn_int(x) for x in m.groups())
        if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        iso = f"{y:04d}-{mo:02d}-{d:02d}"
        if not m[0].endswith(("印发", "发布", "印")):
            return iso, index
        best = best if best[0] else (iso, None)
    return best


def _orgs(text: str) -> list[str]:
    return [org_name(part) for part in text.split("、")]


def issuers(paras: list[Para], date_index: int | None) -> tuple[str, ...]:
    """Organisations heading the document, and those signing above (or before) its date."""
    found = []
    for p in paras[:12]:
        if _DOCNO.fullmatch(p.text) or p.text.startswith("各") or re.search(TITLE, p.text):
            if m := re.match(r"(.+?)关于印发", p.text):
                found.append(org_name(m[1]))
            break
        found += _orgs(p.text)
    if date_index is not None:
        index, signature = date_index - 1, _orgs(_DATE.split(paras[date_index].text.replace(" ", ""))[0])
        while index >= 0 and all(_orgs(paras[index].text)):
            signature[:0] = _orgs(paras[index].text)
            index -= 1
        found += signature
    return unique(found)


def addressees(paras: list[Para]) -> tuple[str, ...]:
    """The jurisdictions the notice is sent to (各县（市、区）人民政府，甲高新区管委会：)."""
    for p in paras:
        if p.text.startswith("各") and p.text.endswith("："):
            names = split_top(p.text.rstrip("："), "，、")
            return tuple(n for n in names if not re.search(r"有关(?:部门|单位)|市直|直属", n))
    return ()
