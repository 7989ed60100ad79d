"""Everything read from one published text, before anything is written."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SchemeError
from . import front_matter
from .clauses import Item, read_duties
from .levels import ScopeWords, level_names
from .text import Sentence, paragraphs, sentences


@dataclass(frozen=True)
class Document:
    title: str
    city: str
    doc_number: str
    issuers: tuple[str, ...]
    date: str
    parents: list[tuple[str, str]]
    levels: tuple[str, str]  # (city, county) level names as the text writes them
    addressees: tuple[str, ...]
    items: list[Item]  # duties and TODOs in text order
    general: list[Sentence]  # mention the reform but assign nothing
    words: ScopeWords


def read_document(text: str) -> Document:
    paras = paragraphs(text)
    found = sentences(paras)
    if not any("财政事权" in s.text for s in found):
        raise SchemeError("<text>", "no 财政事权 sentence found: is this a 财政事权和支出责任划分 scheme text?")
    title = front_matter.title(paras)
    levels = level_names(found, title)
    words = ScopeWords(*levels)
    items, general = read_duties(found, words, title)
    date, date_index = front_matter.date(paras)
    return Document(
        title=title, city=title.partition("知识产权领域")[0], doc_number=front_matter.doc_number(paras),
        issuers=front_matter.issuers(paras, date_index), date=date, parents=front_matter.parents(paras),
        levels=levels, addressees=front_matter.addressees(paras), items=items, general=general, words=words,
    )
