"""The document's own data: title, document number, issuers, date, parents and addressees.

Each is looked for where notices print it (a title line, the number under the issuer, the
signature above the date, 各县（市、区）……： before the body), where a web page's header
prints it (文号：, 发布机构：, 成文日期：, 发布时间：), and, failing that, in the prose. What is
not found is '' or empty; the draft then asks for it.
"""

from __future__ import annotations

import re

from .._scheme_text import META, Para, org_name, split_top, unique

TITLE = r"[^《》\s，。：；“”、]{2,12}?知识产权领域[^《》\s，。：；“”]{1,20}?财政事权和支出责任划分改革(?:实施)?方案"
# 甲政办发〔2024〕7号, in any of the brackets and dashes documents print it with.
_DOCNO = re.compile(r"(?P<org>[\u4e00-\u9fff]{0,8}?)[〔﹝\[【（(]\s*(?P<year>(?:19|20)\d{2})\s*[〕﹞\]】）)]"
                    r"\s*[—\-－–―]*\s*(?P<no>\d{1,4})\s*号?")
# A cited document: 《title》（number号）, or a title without brackets: ……方案（number号）.
_CITED = re.compile(r"(?:《(?P<title>[^《》]+)》|(?P<bare>[^，。；：《》（）]{6,60}?(?:方案|通知|意见|办法)))"
                    r"[（(](?P<no>[^（）()]*?(?:19|20)\d{2}[^（）()]*?号)[）)]")
# Words before a 《title》 that cite it as a parent document rather than name this one.
_CITING = r"(?:贯彻|落实|根据|按照|依据|印发的)"
_DATE = re.compile(r"(\S{4})年(\S{1,3})月(\S{1,3})日(?:印发|发布|印)?")
_NUMERIC_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}
# A web page's date fields, the document's own first.
_DATE_LABELS = ("成文日期", "印发日期", "发文日期", "发布日期", "发布时间", "生成日期")


def meta(paras: list[Para], *labels: str) -> list[str]:
    """The values of a web page's labelled fields (发布时间：…), in the order of `labels`."""
    found: dict[str, str] = {}
    for p in paras:
        if m := META.match(p.text):
            found.setdefault(m["label"], p.text[m.end():].strip())
    return [found[label] for label in labels if found.get(label)]


def title(paras: list[Para]) -> str:
    for p in paras:
        if m := re.fullmatch(rf"(?:附件\d*：|标题：)?({TITLE})", p.text):
            return m[1]
    for p in paras:
        for m in re.finditer(rf"《({TITLE})》", p.text):
            if not re.search(_CITING + r"[^《]{0,4}$", p.text[:m.start()]):
                return m[1]
    for p in paras:
        if m := re.search(rf"印发({TITLE})的通知", p.text):
            return m[1]
    return ""


def parents(paras: list[Para], own_title: str) -> list[tuple[str, str]]:
    """(number, title) of each document the text cites: 《title》（number）, the way a scheme
    cites the province's and the State Council's; this document's own title is not one."""
    found: dict[str, str] = {}
    for p in paras:
        for m in _CITED.finditer(p.text):
            cited = m["title"] or m["bare"]
            if m["bare"] and not re.search(_CITING, p.text[max(0, m.start() - 30):m.end()]):
                continue  # a bare title counts only where the text says it carries it out
            if own_title and own_title in cited:
                continue
            found.setdefault(re.sub(r"\s+", "", m["no"]), cited)
    return list(found.items())


def doc_number(paras: list[Para], cited: set[str]) -> str:
    """The document's number: a web page's 文号 field, a line of its own under the issuer, or
    the first number in the text that is not a cited document's."""
    for value in meta(paras, "文号", "发文字号"):
        if m := _DOCNO.search(value):
            return m[0]
    for p in paras:
        if _DOCNO.fullmatch(p.text):
            return p.text
    for p in paras:
        for m in _DOCNO.finditer(p.text):
            if re.sub(r"\s+", "", m[0]) not in cited and not re.search(r"[》（(]$", p.text[:m.start()]):
                return m[0]
    return ""


def doc_aliases(number: str) -> tuple[str, ...]:
    """The number as 甲政办发〔2024〕7号 when the text prints it otherwise (【2024】, (2024)-7)."""
    m = _DOCNO.fullmatch(number)
    if not m:
        return ()
    canonical = f"{m['org']}〔{m['year']}〕{m['no']}号"
    return (canonical,) if canonical != number else ()


def _cn_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text):  # 二〇二四
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    if m := re.fullmatch(r"([一二三四五六七八九]?)十([一二三四五六七八九]?)", text):
        return (_CN_DIGITS[m[1]] if m[1] else 1) * 10 + (_CN_DIGITS[m[2]] if m[2] else 0)
    return None


def _iso(year: str, month: str, day: str) -> str:
    y, mo, d = _cn_int(year), _cn_int(month), _cn_int(day)
    if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def date(paras: list[Para]) -> tuple[str, int | None]:
    """ISO date of the signature, else of the web page's date fields (成文日期 before 发布时间),
    else of printing; and the signature's paragraph. A date line may carry its signer before
    it: 晋城市财政局办公室2024年11月19日印发."""
    printed = ""
    for index, p in enumerate(paras):
        text = p.text.replace(" ", "")
        if not (m := _DATE.search(text)) or m.end() != len(text) or (m.start() and not org_name(text[:m.start()])):
            continue
        iso = _iso(*m.groups())
        if iso and not m[0].endswith(("印发", "发布", "印")):
            return iso, index
        printed = printed or iso
    for value in meta(paras, *_DATE_LABELS):
        if (m := _NUMERIC_DATE.match(value)) and (iso := _iso(*m.groups())):
            return iso, None
    return printed, None


def _orgs(text: str, city: str) -> list[str]:
    """The organisations of a line; two run together by a copy (甲市财政局甲市市场监督管理局) are parted
    where the city's name starts again."""
    parts = []
    for part in re.split(r"[、，\s]+", text):
        if city and len(city) > 1:
            part = re.sub(rf"(?<=.)(?={re.escape(city)})", "\n", part)
        parts += part.split("\n")
    return [org_name(part) for part in parts if part]


def issuers(paras: list[Para], date_index: int | None, city: str) -> tuple[str, ...]:
    """Organisations heading the document, a web page's 发文机关, and those signing above (or
    before) its date."""
    found = []
    for value in meta(paras, "发文机关", "发布机构", "发文单位"):
        found += _orgs(value, city)
    for p in paras[:12]:
        if META.match(p.text):
            continue
        if _DOCNO.fullmatch(p.text) or p.text.startswith("各") or re.search(TITLE, p.text):
            if m := re.match(r"(.+?)关于印发", p.text):
                found += _orgs(m[1], city)
            break
        found += _orgs(p.text, city)
    if date_index is not None:
        index, signature = date_index - 1, _orgs(_DATE.split(paras[date_index].text.replace(" ", ""))[0], city)
        while index >= 0 and all(_orgs(paras[index].text, city)):
            signature[:0] = _orgs(paras[index].text, city)
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
