"""Draft a city's scheme file from the published text of its 实施方案.

The text is read as a web page, a Word export or pdftotext gives it (budgetlint._scheme_text:
lines broken inside sentences, page footers, navigation text, half-width punctuation). Then:

- each 将<tasks>，确认为<level>财政事权 sentence becomes one [[clauses]] entry, quoted verbatim,
  with its level: the 确认为 phrase (市级 / 县（市、区）/ 区 / 旗县 …), 共同 for a shared clause,
  按照隶属关系 for an affiliation one, 其他未列事项 for the catch-all; the sentence that explains
  who pays (其中… / …职能部门承担的事项…) joins its clause;
- the clause's task list is cut into tasks and each is placed on the national catalogue's
  tasks by its wording (catalogue.toml `phrases`), so the words budgets name it by come from
  the catalogue, never from the clause;
- the city and its county-level divisions come from the gazetteer;
- each heading with clauses under it becomes a category, named after the aspect it titles.

What a reviewer should look at — a task no catalogue task fits (with the nearest ones), a
sentence that assigns but cannot be read, a value not found — is a ``# REVIEW:`` comment in
the draft and a line of Draft.review: nothing is dropped silently. A text of the usual shape
gives a draft that validates and lints as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._draft.categories import categories_of
from ._draft.document import city_short, read_document
from ._draft.writer import Writer
from ._i18n import language, say
from ._scheme_text import read_scheme_text
from ._words import level_word
from .catalogue import load_catalogue
from .models import PAYS

__all__ = ["Draft", "draft_scheme", "read_scheme_text"]


@dataclass(frozen=True)
class Draft:
    toml: str  # the scheme file text, with REVIEW comments
    categories: int
    tasks_by_level: tuple[tuple[str, int], ...]  # (pays, tasks) in PAYS order; the catch-all counts one
    jurisdictions: int  # written from the gazetteer (and the notice's addressees)
    review: tuple[str, ...]

    def summary(self) -> str:
        total = sum(n for _, n in self.tasks_by_level)
        lang = language()
        per_level = say("，", ", ").join(f"{level_word(pays, lang)} {n}" for pays, n in self.tasks_by_level)
        lines = [say(f"类别：{self.categories}", f"categories: {self.categories}"),
                 say(f"事项：{total}（{per_level}）", f"tasks: {total} ({per_level})"),
                 say(f"行政区：{self.jurisdictions}", f"jurisdictions: {self.jurisdictions}"),
                 say(f"待复核（REVIEW）：{len(self.review)}", f"review: {len(self.review)}")]
        lines += [f"  - {item}" for item in self.review]
        return "\n".join(lines)


def draft_scheme(text: str, scheme_id: str | None = None, source: str = "") -> Draft:
    """A scheme file drafted from a published scheme text (see the module docstring).
    `source`: the text's path as the scheme file should name it (its `source` key)."""
    catalogue = load_catalogue()
    doc = read_document(text)
    scheme_id = scheme_id or city_short(doc.city) or "draft"
    categories = categories_of(doc.items, catalogue)
    writer = Writer(doc, catalogue)
    writer.scheme(scheme_id, source)
    writer.jurisdictions()
    writer.categories(categories)
    writer.clauses(categories)
    writer.vocabulary()
    by_level = tuple((pays, writer.tasks_by_level[pays]) for pays in PAYS if writer.tasks_by_level.get(pays))
    return Draft(writer.out.render(), len(categories), by_level, writer.jurisdiction_count, tuple(writer.review))
