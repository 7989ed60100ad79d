"""Load the national task catalogue (schemes/catalogue.toml).

The catalogue holds what does not depend on the city: the tasks schemes are built from,
each with the words budgets name it by, and the line grammar's word lists. City schemes
(schemes.py) reference its tasks by id and say which level pays.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ._i18n import say
from ._resources import schemes_dir
from ._toml_check import Problems, boolean, check_keys, read_once, string, strings, the_file
from .models import Category, Task, Vocabulary

__all__ = ["Catalogue", "load_catalogue", "LIST_KEYS", "IP_PLACEHOLDER", "PLACEHOLDERS"]

#: In a keyword, stands for any IP word ([grammar] ip_objects and ip_terms).
IP_PLACEHOLDER = "{ip}"
#: Placeholders a keyword may use, and the grammar lists that satisfy each; a placeholder
#: inside a part is spelled out with the first list's words.
PLACEHOLDERS = {IP_PLACEHOLDER: ("ip_objects", "ip_terms"), "{foreign}": ("foreign_words",)}

_TOP_KEYS = {"catalogue", "aspects", "tasks", "grammar"}
_META_KEYS = {"id", "title", "basis", "note"}
_ASPECT_KEYS = {"id", "title"}
_TASK_KEYS = {"id", "name", "aspect", "phrases", "keywords", "exclude", "upper", "broader", "grants", "note"}
#: The grammar's word lists, by Vocabulary field; a city scheme's [vocabulary] may extend each.
LIST_KEYS = (
    "ip_objects", "ip_terms", "foreign_words", "not_ip_terms", "running_cost_terms", "masks", "subsidy_terms",
    "aid_words",
    "beneficiary_words", "subsidy_not_before", "implement_words", "participation_words", "oversight_words", "oversight_objects", "negation_words", "correction_words", "city_wide_terms", "local_terms", "both_terms", "both_city_words", "both_joiners",
    "context_city_words", "context_verbs", "own_terms", "office_words", "place_prefixes", "entrust_words",
    "city_prefixes", "city_prefix_not", "pass_down_terms", "pass_down_verbs", "pass_down_targets", "synonyms",
)
_FUNDING_KEYS = {"levels", "verbs", "shared", "share_verbs"}
_FUNDING_LEVELS = ("city", "county", "provincial", "central")
_FUNDING_VERBS = ("matching", "pays", "transfer")
_UPPER = ("central", "provincial")


@dataclass(frozen=True)
class Catalogue:
    id: str
    title: str
    aspects: tuple[Category, ...]
    tasks: tuple[Task, ...]
    vocabulary: Vocabulary
    path: str

    def task(self, task_id: str) -> Task | None:
        return self._by_id().get(task_id)

    def aspect(self, aspect_id: str) -> Category | None:
        return next((a for a in self.aspects if a.id == aspect_id), None)

    @cache  # noqa: B019 - the catalogue lives as long as the process
    def _by_id(self) -> dict[str, Task]:
        return {t.id: t for t in self.tasks}


def _pairs(table: Any, allowed: tuple[str, ...], where: str, problems: Problems) -> tuple[tuple[str, str], ...]:
    if not isinstance(table, dict):
        problems.add(say(f'{where} 应为 "词" = "含义" 形式的表', f'{where} must be a table of "word" = "meaning"'),
                     where.split()[-1])
        return ()
    result = []
    for word, meaning in table.items():
        if meaning not in allowed:
            problems.add(say(f"{where}：{word!r} = {meaning!r}；允许：{', '.join(allowed)}",
                             f"{where}: {word!r} = {meaning!r}; allowed: {', '.join(allowed)}"), f'"{word}"')
        else:
            result.append((word, meaning))
    return tuple(result)


def _tasks(data: dict, aspects: set[str], problems: Problems) -> tuple[Task, ...]:
    tasks, seen = [], set()
    for item in data.get("tasks", []):
        tid = item.get("id", "") if isinstance(item, dict) else ""
        needle = f'id = "{tid}"'
        if not isinstance(item, dict) or not isinstance(tid, str) or not tid:
            problems.add(say('每个 [[tasks]] 条目都需要 id = "…"', 'every [[tasks]] entry needs id = "…"'), "[[tasks]]")
            continue
        where = say(f"事项 {tid!r}", f"task {tid!r}")
        check_keys(item, _TASK_KEYS, where, problems, needle)
        if tid in seen:
            problems.add(say(f"{where} 列了两次", f"{where} is listed twice"), needle)
        seen.add(tid)
        aspect = string(item, "aspect", where, problems, needle, required=True)
        if aspect and aspect not in aspects:
            problems.add(say(f"{where}：aspect {aspect!r} 不是 [[aspects]] 的 id",
                             f"{where}: aspect {aspect!r} is not an [[aspects]] id"),
                         needle)
        upper = string(item, "upper", where, problems, needle)
        if upper and upper not in _UPPER:
            problems.add(say(f"{where}：upper 只能是 {', '.join(_UPPER)}",
                             f"{where}: upper must be one of {', '.join(_UPPER)}"),
                         needle)
        keywords = strings(item, "keywords", where, problems, needle)
        if not keywords and tid != "unlisted":
            problems.add(say(f"{where} 没有 keywords：任何预算行都不会匹配它",
                             f"{where} has no keywords: a budget line could never match it"),
                         needle)
        tasks.append(Task(
            id=tid, name=string(item, "name", where, problems, needle, required=True), aspect=aspect,
            phrases=strings(item, "phrases", where, problems, needle), keywords=keywords,
            exclude=strings(item, "exclude", where, problems, needle), upper=upper,
            broader=string(item, "broader", where, problems, needle),
            grants=boolean(item, "grants", where, problems, needle),
            note=string(item, "note", where, problems, needle),
        ))
    for t in tasks:
        if t.broader and t.broader not in seen:
            problems.add(say(f"事项 {t.id!r}：broader {t.broader!r} 不是事项 id",
                             f"task {t.id!r}: broader {t.broader!r} is not a task id"),
                         f'id = "{t.id}"')
    return tuple(tasks)


def _vocabulary(data: dict, problems: Problems) -> Vocabulary:
    grammar = data.get("grammar", {})
    if not isinstance(grammar, dict):
        problems.add(say("[grammar] 应为表", "[grammar] must be a table"), "[grammar]")
        return Vocabulary()
    check_keys(grammar, {*LIST_KEYS, "funding"}, "[grammar]", problems, "[grammar]")
    lists = {key: strings(grammar, key, "[grammar]", problems, f"{key} =") for key in LIST_KEYS}
    funding = grammar.get("funding", {})
    if not isinstance(funding, dict):
        problems.add(say("[grammar.funding] 应为表", "[grammar.funding] must be a table"), "[grammar.funding]")
        funding = {}
    check_keys(funding, _FUNDING_KEYS, "[grammar.funding]", problems, "[grammar.funding]")
    return Vocabulary(
        **lists,
        funding_levels=_pairs(funding.get("levels", {}), _FUNDING_LEVELS, "[grammar.funding] levels", problems),
        funding_verbs=_pairs(funding.get("verbs", {}), _FUNDING_VERBS, "[grammar.funding] verbs", problems),
        funding_shared=strings(funding, "shared", "[grammar.funding]", problems, "shared ="),
        funding_share_verbs=_share_verbs(funding, problems),
    )


def _share_verbs(funding: dict, problems: Problems) -> tuple[str, ...]:
    verbs = strings(funding, "share_verbs", "[grammar.funding]", problems, "share_verbs =")
    known = funding.get("verbs", {}) if isinstance(funding.get("verbs"), dict) else {}
    for verb in verbs:
        if known.get(verb) not in ("matching", "pays"):
            problems.add(say(f"[grammar.funding] share_verbs：{verb!r} 应是 verbs 中含义为 matching 或 pays 的动词",
                             f"[grammar.funding] share_verbs: {verb!r} must be a verb of verbs meaning matching or pays"),
                         "share_verbs =")
    return verbs


def check_synonyms(items: tuple[str, ...], where: str, problems: Problems) -> None:
    for item in items:
        if item.count("=") != 1 or item.startswith("=") or item.endswith("="):
            problems.add(say(f"{where} synonyms：{item!r} 应写作 简称=全称，例如 知产=知识产权",
                             f"{where} synonyms: {item!r} must read short=full, e.g. 知产=知识产权"), "synonyms")


def _load(path: Path) -> Catalogue:
    data, problems = read_once(path)
    check_keys(data, _TOP_KEYS, the_file(), problems, "")
    meta = data.get("catalogue", {})
    if not isinstance(meta, dict):
        meta = {}
        problems.add(say("缺少 [catalogue] 表", "missing [catalogue] table"), "")
    check_keys(meta, _META_KEYS, "[catalogue]", problems, "[catalogue]")
    aspects = []
    for item in data.get("aspects", []):
        if not isinstance(item, dict):
            problems.add(say("每个 [[aspects]] 条目都应是含 id 和 title 的表",
                             "every [[aspects]] entry is a table with id and title"),
                         "[[aspects]]")
            continue
        check_keys(item, _ASPECT_KEYS, "[[aspects]]", problems, "[[aspects]]")
        aspects.append(Category(id=string(item, "id", "[[aspects]]", problems, "[[aspects]]", required=True),
                                title=string(item, "title", "[[aspects]]", problems, "[[aspects]]", required=True)))
    tasks = _tasks(data, {a.id for a in aspects}, problems)
    vocabulary = _vocabulary(data, problems)
    check_synonyms(vocabulary.synonyms, "[grammar]", problems)
    problems.raise_if_any()
    return Catalogue(id=str(meta.get("id", "")), title=str(meta.get("title", "")), aspects=tuple(aspects),
                     tasks=tasks, vocabulary=vocabulary, path=str(path))


@cache
def load_catalogue(path: Path | None = None) -> Catalogue:
    """The catalogue (the bundled one unless a path is given), loaded and validated once."""
    return _load(path or schemes_dir() / "catalogue.toml")
