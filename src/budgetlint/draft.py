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

This module is the entry point and gathers the TODOs; the steps live in budgetlint._draft
(its docstring lists them).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from ._draft.clauses import Todo
from ._draft.document import read_document
from ._draft.entries import categories_of, count_by_level, entries_of
from ._draft.text import HAN
from ._draft.writer import write_categories, write_duties, write_jurisdictions, write_scheme, write_vocabulary
from ._toml_writer import TomlDocument
from .errors import SchemeError

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
    if not HAN.search(text):
        raise SchemeError(str(path), "no Chinese text in the file: is it the scheme's published text?")
    return text


def draft_scheme(text: str, scheme_id: str | None = None) -> Draft:
    """A scheme file drafted from a published scheme text (see the module docstring)."""
    doc = read_document(text)
    scheme_id = scheme_id or doc.city.rstrip("市盟州") or "draft"
    todos = [f"{what}: not found in the text; fill it in by hand"
             for what, value in (("title", doc.title), ("document number", doc.doc_number), ("date", doc.date))
             if not value]
    out = TomlDocument()
    write_scheme(out, doc, scheme_id, todos)
    todos.append("jurisdictions: add the city and every county-level jurisdiction from the gazetteer"
                 + (f" (addressees: {'、'.join(doc.addressees)})" if doc.addressees else ""))
    write_jurisdictions(out, doc, todos[-1])
    todos += [f"not placed ({t.why}): {t.sentence.text}" for t in doc.items if isinstance(t, Todo)]
    categories = categories_of(doc.items)
    todos += write_categories(out, categories)
    entries = entries_of(doc.items, doc.words, categories, f"{scheme_id}-")
    write_duties(out, doc, entries, categories)
    write_vocabulary(out, doc, entries)
    return Draft(out.render(), len(categories), count_by_level(entries), tuple(todos))
