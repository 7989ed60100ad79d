"""The draft scheme file's TOML text, section by section: [scheme], a commented jurisdictions
block to fill in, [[categories]], [[duties]] under comments naming their headings, and
[vocabulary]. What a reviewer must do is written where it is needed as a ``# TODO:`` comment.
"""

from __future__ import annotations

import re

from .._toml_writer import TomlDocument, toml_string
from .clauses import Duty, Todo
from .document import Document
from .entries import Category, Entry
from .front_matter import doc_aliases
from .tasks import IP_MARKS
from .text import Heading, unique


def _todo(out: TomlDocument, todo: str) -> None:
    """A TODO comment set apart by a blank line."""
    out.blank()
    out.comment(f"TODO: {todo}")


def write_scheme(out: TomlDocument, doc: Document, scheme_id: str, missing: list[str]) -> None:
    out.comment(f"Draft scheme for {doc.city or 'TODO'}, written by `budgetlint schemes draft` from the published\n"
                "text. Clauses and tasks are copied from the text; ids, pairs, scopes and keywords are a first\n"
                "guess. Review every TODO, then validate the file.")
    out.table("scheme")
    out.pair("id", scheme_id)
    out.pair("city", doc.city or "TODO")
    out.pair("title", doc.title or "TODO: 方案标题")
    out.pair("doc_number", doc.doc_number)
    out.pair("doc_aliases", list(doc_aliases(doc.doc_number)))
    out.pair("issuer", list(doc.issuers))
    out.pair("date", doc.date)
    out.pair("parents", [number for number, _ in doc.parents])
    for number, parent_title in doc.parents:
        out.comment(f"parent {number}: 《{parent_title}》")
    out.pair("extends", ["base"])
    out.pair("levels", {"city": doc.levels[0], "county": doc.levels[1]})
    for todo in missing:
        out.comment(f"TODO: {todo}")


def _placeholder(name: str) -> tuple[str, str]:
    """(name, kind) of a jurisdiction block for one addressee such as 石家庄高新区管委会."""
    name = re.sub(r"(?:管委会|管理委员会|人民政府)$", "", name)
    if re.search(r"高新|经开|开发|园区|新区", name):
        return name, "开发区"
    kind = {"县": "县", "旗": "旗", "区": "区", "市": "县级市"}.get(name[-1:], "")
    return name, kind


def write_jurisdictions(out: TomlDocument, doc: Document, todo: str) -> None:
    _todo(out, todo)
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


def write_categories(out: TomlDocument, categories: dict[Heading | None, Category]) -> list[str]:
    """Write the [[categories]] tables; the TODOs left in them."""
    todos = []
    for category in categories.values():
        if category.title.startswith("TODO"):
            todos.append(f"category {category.id}: no heading found above its duties; give it a title")
            _todo(out, todos[-1])
        out.array_table("categories")
        out.pair("id", category.id)
        out.pair("title", category.title)
        out.pair("section", category.section)
    return todos


def write_duties(out: TomlDocument, doc: Document, entries: dict[int, list[Entry]],
                 categories: dict[Heading | None, Category]) -> None:
    heading: object = object()
    for i, item in enumerate(doc.items):
        if item.sentence.heading != heading:
            heading = item.sentence.heading
            out.blank()
            out.comment(f"── {item.sentence.section} {heading.title if heading else ''} ──")
        if isinstance(item, Todo):
            _todo(out, f"not placed ({item.why}); add duties by hand:\n{item.sentence.text}")
            continue
        for entry in entries[i]:
            out.array_table("duties")
            out.pair("id", entry.id)
            out.pair("category", categories[item.sentence.heading].id)
            out.pair("pays", item.pays)
            out.pair("pair", entry.pair)
            out.pair("scope", entry.scope)
            out.pair("section", item.sentence.section)
            out.pair("task", item.task)
            out.pair("clause", item.sentence.text)
            out.pair("keywords", list(entry.keywords))
            out.pair("note", entry.note)


def write_vocabulary(out: TomlDocument, doc: Document, entries: dict[int, list[Entry]]) -> None:
    terms = [k for group in entries.values() for e in group for k in e.keywords]
    tasks = "".join(d.task for d in doc.items if isinstance(d, Duty))
    out.table("vocabulary")
    # base.toml already marks 知识产权/专利/商标… as IP; terms without them are only a suggestion.
    candidates = unique(k for k in terms if "+" not in k and not any(m in k for m in IP_MARKS))
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
