"""Everything read from one published text, before anything is written."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._i18n import say
from .._scheme_text import Sentence, paragraphs, sentences
from ..errors import SchemeError
from ..gazetteer import city_of, named
from . import front_matter
from .clauses import Item, read_clauses
from .levels import ScopeWords, level_names


@dataclass(frozen=True)
class Document:
    title: str
    city: str  # as the gazetteer names it when it knows the city (张掖市), else as the title does
    doc_number: str
    issuers: tuple[str, ...]
    date: str
    parents: list[tuple[str, str]]
    levels: tuple[str, str]  # (city, county) level names as the text writes them
    addressees: tuple[str, ...]
    items: list[Item]  # clauses and TODOs in text order
    general: list[Sentence]  # mention the reform but assign nothing
    words: ScopeWords


def city_short(city: str) -> str:
    """鄂州市 → 鄂州, 锡林郭勒盟 → 锡林郭勒: the name budgets put before a zone's."""
    return re.sub(r"(?:市|盟|地区|自治州)$", "", city)


def _city(title: str) -> str:
    """The city a title names: 甘肃省张掖市知识产权领域…… → 张掖市."""
    before = title.partition("知识产权领域")[0]
    for division in named(before):
        city = city_of(division)
        if city is not None:
            return city.name
    return before


def read_document(text: str) -> Document:
    paras = paragraphs(text)
    found = sentences(paras)
    if not any("财政事权" in s.text for s in found):
        raise SchemeError("<text>", say("没有找到含“财政事权”的句子：这是财政事权和支出责任划分方案的文本吗？",
                                        "no 财政事权 sentence found: is this a 财政事权和支出责任划分 scheme text?"))
    title = front_matter.title(paras)
    levels = level_names(found, title)
    words = ScopeWords(*levels)
    items, general = read_clauses(found, words, title)
    date, date_index = front_matter.date(paras)
    parents = front_matter.parents(paras, title)
    city = _city(title)
    return Document(
        title=title, city=city, doc_number=front_matter.doc_number(paras, {number for number, _ in parents}),
        issuers=front_matter.issuers(paras, date_index, city), date=date, parents=parents,
        levels=levels, addressees=front_matter.addressees(paras), items=items, general=general, words=words,
    )
