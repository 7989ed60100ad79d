"""The draft scheme file's TOML text, section by section: [scheme], [[jurisdictions]] from the
gazetteer, [[categories]], [[clauses]] under comments naming their headings, and the
[vocabulary] words this city's budgets will use that the catalogue does not know yet.

What a reviewer should look at is written where it is, as a ``# REVIEW:`` comment, and
returned so that the summary lists it too.
"""

from __future__ import annotations

import re

from .._i18n import say
from .._scheme_text import Heading
from .._toml_writer import TomlDocument, toml_string
from ..catalogue import Catalogue
from ..gazetteer import jurisdictions_of
from ..models import Jurisdiction
from ..normalize import normalize
from .categories import Category
from .clauses import Clause, Todo
from .document import Document, city_short
from .front_matter import doc_aliases
from .place import candidates, place

_ZONE = re.compile(r"高新|经开|开发区|园区|新区|管理区|经济区|示范区|合作区")
_ZONE_FULL = (("经开区", "经济技术开发区"), ("高新区", "高新技术产业开发区"))
_LOCAL = ("city", "county")
_UPPER = ("central", "provincial")


class Writer:
    """Writes one draft; `review` collects what a reviewer should look at, in file order."""

    def __init__(self, doc: Document, catalogue: Catalogue) -> None:
        self.doc, self.catalogue, self.out = doc, catalogue, TomlDocument()
        self.review: list[str] = []
        self.tasks_by_level: dict[str, int] = {}
        self.jurisdiction_count = 0

    def _review(self, text: str, *, summary: str = "") -> None:
        self.out.blank()
        self.out.comment(f"REVIEW: {text}")
        self.review.append(summary or text.splitlines()[0])

    def scheme(self, scheme_id: str, source: str) -> None:
        doc = self.doc
        self.out.comment(say(
            f"{doc.city or '本市'}的方案，由 `budgetlint schemes draft` 从其公布的原文起草。\n"
            "每条条款都引自原文；每项任务都指向全国任务目录中的一项\n"
            "（catalogue.toml；`budgetlint schemes show` 列出预算用来称呼它的词语）。\n"
            "请逐条查看 REVIEW 注释，然后对本文件运行 `budgetlint schemes validate`。",
            f"Scheme for {doc.city or 'the city'}, drafted by `budgetlint schemes draft` from its published text.\n"
            "Every clause is quoted from the text; each task names its task of the national catalogue\n"
            "(catalogue.toml: `budgetlint schemes show` prints the words budgets name it by).\n"
            "Look at each REVIEW comment, then run `budgetlint schemes validate` on this file."))
        self.out.table("scheme")
        self.out.pair("id", scheme_id)
        self.out.pair("city", doc.city or "TODO: 城市名称")
        self.out.pair("title", doc.title or "TODO: 方案标题")
        self.out.pair("doc_number", doc.doc_number)
        self.out.pair("doc_aliases", list(doc_aliases(doc.doc_number)))
        self.out.pair("issuer", list(doc.issuers))
        self.out.pair("date", doc.date)
        self.out.pair("parents", [number for number, _ in doc.parents])
        for number, parent_title in doc.parents:
            self.out.comment(say(f"上位文件 {number}：《{parent_title}》", f"parent {number}: 《{parent_title}》"))
        self.out.pair("extends", ["base"])
        self.out.pair("source", source)
        self.out.pair("levels", {"city": doc.levels[0], "county": doc.levels[1]})
        for what, value in ((say("标题", "title"), doc.title), (say("文号", "document number"), doc.doc_number),
                            (say("日期", "date"), doc.date)):
            if not value:
                self._review(say(f"{what}：原文中未找到；请从发布的文件补上",
                                 f"{what}: not found in the text; add it from the published document"))

    def jurisdictions(self) -> None:
        doc = self.doc
        found = list(jurisdictions_of(doc.city)) if doc.city else []
        if not found:
            self._review(say(f"行政区：{doc.city or '本市'} 不在 budgetlint 的行政区划表中；请列出本市"
                             "（level = \"city\"）及每个区、县、县级市和开发区（level = \"county\"）",
                             f"jurisdictions: {doc.city or 'the city'} is not in budgetlint's gazetteer; list the city "
                             "(level = \"city\") and every district, county, county-level city and zone (level = \"county\")"))
            for name, level, kind in ((doc.city or "TODO", "city", "地级市"), ("TODO", "county", "县")):
                self.out.comment(f"[[jurisdictions]]\nname = {toml_string(name)}\nlevel = \"{level}\"\nkind = {toml_string(kind)}")
            return
        self.out.blank()
        self.out.comment(say(f"{doc.city}及其县级行政区，取自 budgetlint 的行政区划表（统计用区划代码）。",
                             f"{doc.city} and its county-level divisions, from budgetlint's gazetteer (统计用区划代码)."))
        zones = self._zones(found)
        for j in [*found, *zones]:
            self.out.array_table("jurisdictions")
            self.out.pair("name", j.name)
            self.out.pair("level", j.level)
            self.out.pair("kind", j.kind)
            self.out.pair("aliases", list(j.aliases))
        self.jurisdiction_count = len(found) + len(zones)
        for zone in zones:
            self._review(say(f"行政区 {zone.name}：通知的主送单位，行政区划表中没有；如该区单独编制预算则保留，"
                             "并把其预算使用的名称写进 aliases",
                             f"jurisdiction {zone.name}: an addressee of the notice that the gazetteer does not list; "
                             "keep it if the zone has its own budget, and give the names its budgets use as aliases"))

    def _zones(self, known: list[Jurisdiction]) -> list[Jurisdiction]:
        """Development zones the notice is addressed to (石家庄高新区、经开区管委会) that the gazetteer lacks."""
        short = city_short(self.doc.city)
        labels = {label for j in known for label in (j.name, *j.aliases)}
        zones = []
        for addressee in self.doc.addressees:
            name = re.sub(r"(?:管委会|管理委员会|人民政府)$", "", addressee)
            if addressee.startswith("各") or not _ZONE.search(name):
                continue
            name = name if name.startswith(short) else short + name
            aliases = tuple(name.replace(a, b) for a, b in _ZONE_FULL if a in name)
            if not labels & {name, *aliases}:
                zones.append(Jurisdiction(name, "county", "开发区", aliases))
                labels |= {name, *aliases}
        return zones

    def categories(self, categories: dict[Heading, Category]) -> None:
        for category in categories.values():
            self.out.array_table("categories")
            self.out.pair("id", category.id)
            self.out.pair("title", category.title)
            self.out.pair("section", category.section)

    def clauses(self, categories: dict[Heading, Category]) -> None:
        heading: object = object()
        paid: dict[str, list[tuple[str, str]]] = {}  # task → (pays, section) of the clauses paying it
        for item in self.doc.items:
            s = item.sentence
            if s.heading != heading:
                heading = s.heading
                self.out.blank()
                self.out.comment(f"── {s.section} {heading.title if heading else ''} ──")
            if isinstance(item, Todo):
                self._review(say(f"未读作条款（{item.why}）；如它划分了事权，请手工写成条款：\n{s.text}",
                                 f"not read as a clause ({item.why}); encode it by hand if it assigns a duty:\n{s.text}"),
                             summary=say(f"未读作条款（{item.why}）：{s.text}", f"not read as a clause ({item.why}): {s.text}"))
                continue
            self._clause(item, categories.get(s.heading) if s.heading else None, paid)

    def _clause(self, clause: Clause, category: Category | None, paid: dict[str, list[tuple[str, str]]]) -> None:
        tasks = candidates(self.catalogue, clause.pays)
        placed = [place(w, tasks, self.doc.words.core(w)) for w in clause.wordings]
        entries: dict[str, list[str]] = {}
        for p in placed:
            for task_id in p.tasks:
                entries.setdefault(task_id, []).append(p.wording)
        for p in placed:
            if not p.tasks:
                near = say("、", ", ").join(f"{t.id}（{t.name}）" for t in p.nearest) or say("无", "none")
                entry = f"{{ task = \"<id>\", wording = {toml_string(p.wording)} }}"
                self._review(say(f"任务“{p.wording}”（{clause.sentence.section}）在任务目录中没有对应项；最接近的：{near}。\n"
                                 f"请在下面的条款中加入 {entry}，填上它对应的任务，或在 catalogue.toml 中为它提出一个短语。",
                                 f"task “{p.wording}” ({clause.sentence.section}) matches no catalogue task; nearest: {near}.\n"
                                 f"Add {entry} to the clause below with the task it is, or propose a phrase for it in "
                                 "catalogue.toml."))
        for task_id in list(entries):
            earlier = next(((pays, section) for pays, section in paid.get(task_id, ()) if _clash(pays, clause.pays)), None)
            if earlier:  # the scheme would not validate with both: a reviewer keeps one
                self._review(say(f"任务 {task_id}：{earlier[1]} 的 {earlier[0]} 条款和本条 {clause.sentence.section} 的 "
                                 f"{clause.pays} 条款都由它承担；下面的条款未写入它：请保留其中一处",
                                 f"task {task_id}: paid by the {earlier[0]} clause of {earlier[1]} and by this {clause.pays} "
                                 f"clause of {clause.sentence.section}; left out of the clause below: keep one"))
                del entries[task_id]
            else:
                paid.setdefault(task_id, []).append((clause.pays, clause.sentence.section))
        tables = [{"task": task_id, "wording": _span(clause.sentence.text, wordings)} for task_id, wordings in entries.items()]
        aspects = {self.catalogue.task(t).aspect for t in entries}
        commented = bool(clause.wordings) and not tables
        self._clause_table(clause, tables, category.id if category and aspects - {category.id} else "", commented=commented)
        if not commented:
            self.tasks_by_level[clause.pays] = self.tasks_by_level.get(clause.pays, 0) + max(1, len(tables))

    def _clause_table(self, clause: Clause, tables: list[dict], category: str, *, commented: bool) -> None:
        out = TomlDocument() if commented else self.out
        out.array_table("clauses")
        out.pair("section", clause.sentence.section)
        out.pair("pays", clause.pays)
        out.pair("text", clause.sentence.text)
        out.pair("category", category)
        out.pair("tasks", tables or ([{"task": "<id>", "wording": w} for w in clause.wordings]))
        out.pair("note", clause.note)
        if commented:  # no task placed: left for the reviewer to complete and uncomment
            self.out.comment(out.render())

    def vocabulary(self) -> None:
        """Scope words of this text's level names (全盟, 旗县) the catalogue's grammar lacks."""
        grammar = self.catalogue.vocabulary
        known = "".join(normalize(w) for w in (*grammar.city_wide_terms, *grammar.local_terms, *grammar.own_terms))

        def new(words: tuple[str, ...]) -> list[str]:
            # Only words with a level the grammar never names (盟, 旗): 县区级 says nothing 县区 does not.
            return [w for w in words if not w.startswith("在") and any(ch not in known for ch in normalize(w))]

        city_wide, local = new(self.doc.words.city_wide), new(self.doc.words.local)
        general = self.doc.general
        if city_wide or local:
            self.out.table("vocabulary")
            self.out.comment(say("本文对层级的称呼，任务目录的范围词中还没有：",
                                 "How this text names its levels, which the catalogue's scope words do not include yet:"))
            self.out.pair("city_wide_terms", city_wide)
            self.out.pair("local_terms", local)
        if general:
            self.out.blank()
            self.out.comment(say("提到财政事权或支出责任、但读作一般叙述而非条款的句子：",
                                 "Sentences that mention 财政事权 or 支出责任 but were read as general text, not clauses:"))
            for s in general:
                self.out.comment(f"- {s.text}")


def _clash(a: str, b: str) -> bool:
    """Whether one task may not be paid by clauses of both kinds: two of the same local kind, or a
    level beside shared / affiliation / catch-all (what the scheme check refuses)."""
    local = {a, b} & set(_LOCAL)
    return (a == b and a not in _UPPER) or (bool(local) and not {a, b} <= set(_LOCAL))


def _span(text: str, wordings: list[str]) -> str:
    """One wording for a task the clause names in several places: from the first to the last."""
    if len(wordings) == 1:
        return wordings[0]
    starts = [text.find(w) for w in wordings]
    if min(starts) < 0:
        return wordings[0]
    return text[min(starts):max(s + len(w) for s, w in zip(starts, wordings))]
