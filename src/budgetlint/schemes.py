"""Load and validate scheme files (schemes/*.toml; the format is in schemes/README.md).

A scheme is data: nothing city-specific lives in Python. It names the city's places and,
clause by clause, which level pays for which task of the national catalogue
(catalogue.py); the words by which a budget names a task come from the catalogue.
Loading checks the whole file and reports every problem with the file, the line and what
to fix (_scheme_check.py holds the checks that need the whole scheme).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ._i18n import say
from ._resources import schemes_dir
from ._toml_check import (
    Problems, adopt_sources, boolean, check_keys, read_once, read_toml, sources, string, strings, the_file,
)
from .catalogue import LIST_KEYS, Catalogue, check_synonyms, load_catalogue
from .errors import SchemeError
from .models import LEVELS, PAYS, SCOPES, Category, Duty, Jurisdiction, Scheme, Task, Vocabulary, remember_scheme

__all__ = [
    "load_scheme", "bundled_schemes", "available_schemes", "find_scheme", "validate_file",
    "scheme_sources", "adopt_scheme_sources", "scheme_origin",
]

_SCHEME_KEYS = {
    "id", "city", "title", "doc_number", "doc_aliases", "issuer", "date", "parents",
    "extends", "example", "source", "levels", "kind", "note",
}
_JURISDICTION_KEYS = {"name", "level", "kind", "aliases"}
_CATEGORY_KEYS = {"id", "title", "section"}
_CLAUSE_KEYS = {"section", "pays", "text", "category", "tasks", "note", "verify"}
_TASK_KEYS = {"task", "wording", "id", "scope", "category", "keywords", "exclude", "note", "verify"}
_TOP_KEYS = {"scheme", "jurisdictions", "categories", "clauses", "vocabulary"}
_LOCAL = ("city", "county")

scheme_sources = sources
adopt_scheme_sources = adopt_sources


def _did_you_mean(word: str, known) -> str:
    from difflib import get_close_matches

    close = get_close_matches(word, sorted(known), n=3, cutoff=0.5)
    return say(f"（是不是 {' 或 '.join(close)}？）", f"; did you mean {' or '.join(close)}?") if close else ""


def _jurisdictions(data: dict, problems: Problems) -> tuple[Jurisdiction, ...]:
    seen: dict[str, str] = {}
    result = []
    items = data.get("jurisdictions", [])
    if not isinstance(items, list):
        problems.add(say("jurisdictions 应为 [[jurisdictions]] 表（name、level、kind）",
                         "jurisdictions must be [[jurisdictions]] tables (name, level, kind)"), "jurisdictions")
        return ()
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.add(say('jurisdictions 应为 [[jurisdictions]] 表，含 name = "…" 和 level = "city" 或 "county"',
                             'jurisdictions must be [[jurisdictions]] tables with name = "…" and level = "city" or '
                             '"county"'),
                         "jurisdictions")
            continue
        here = problems.within(problems.section("[[jurisdictions]]", number))  # the lines of this entry
        name = item.get("name", "")
        needle = f'name = "{name}"'
        where = say(f"行政区 {name!r}", f"jurisdiction {name!r}")
        check_keys(item, _JURISDICTION_KEYS, where, here, needle)
        name = string(item, "name", say("一个 [[jurisdictions]] 条目",
                                        "a [[jurisdictions]] entry"), here, "[[jurisdictions]]",
                      required=True)
        level = string(item, "level", where, here, needle)
        if level not in LEVELS:
            here.add(say(f"{where}：level 只能是 {', '.join(LEVELS)}",
                         f"{where}: level must be one of {', '.join(LEVELS)}"),
                     needle)
        aliases = strings(item, "aliases", where, here, needle)
        for label in (name, *aliases):
            if label in seen:
                problems.add(say(f"行政区 {label!r} 列了两次（又在 {seen[label]!r} 下）：保留一处",
                                 f"jurisdiction {label!r} is listed twice (also under {seen[label]!r}): keep "
                                 "one"), f'"{label}"')
            seen[label] = name
        result.append(Jurisdiction(name=name, level=level, kind=string(item, "kind", where, here, needle), aliases=aliases))
    return tuple(result)


def _categories(data: dict, problems: Problems) -> tuple[Category, ...]:
    result, seen = [], set()
    for item in data.get("categories", []):
        cid = item.get("id", "") if isinstance(item, dict) else ""
        needle = f'id = "{cid}"'
        if not isinstance(item, dict):
            problems.add(say("categories 应为 [[categories]] 表（id、title、section）",
                             "categories must be [[categories]] tables (id, title, section)"), "categories")
            continue
        check_keys(item, _CATEGORY_KEYS, say(f"类别 {cid!r}", f"category {cid!r}"), problems, needle)
        cid = string(item, "id", say("一个 [[categories]] 条目", "a [[categories]] entry"), problems, needle, required=True)
        where = say(f"类别 {cid!r}", f"category {cid!r}")
        title = string(item, "title", where, problems, needle, required=True)
        if cid in seen:
            problems.add(say(f"类别 id {cid!r} 重复", f"duplicate category id {cid!r}"), needle)
        seen.add(cid)
        result.append(Category(id=cid, title=title, section=string(item, "section", where, problems, needle)))
    return tuple(result)


def _duties(data: dict, scheme_id: str, catalogue: Catalogue, problems: Problems) -> list[tuple[Duty, Problems]]:
    """One duty per task of every [[clauses]] entry, each with the problems view of its clause."""
    result = []
    clauses = data.get("clauses", [])
    if not isinstance(clauses, list):
        problems.add(say("clauses 应为 [[clauses]] 表（section、pays、text、tasks）",
                         "clauses must be [[clauses]] tables (section, pays, text, tasks)"), "clauses")
        return result
    for number, clause in enumerate(clauses, 1):
        where = say(f"第 {number} 条", f"clause {number}")
        here = problems.within(problems.section("[[clauses]]", number))
        if not isinstance(clause, dict):
            here.add(say(f"{where}应为 [[clauses]] 表", f"{where} must be a [[clauses]] table"), "[[clauses]]")
            continue
        text = clause.get("text", "")
        needle = str(text)[:20] if text else "[[clauses]]"
        check_keys(clause, _CLAUSE_KEYS, where, here, needle)
        text = string(clause, "text", where, here, needle, required=True)
        pays = string(clause, "pays", where, here, needle, required=True)
        if pays and pays not in PAYS:
            here.add(say(f"{where}：pays = {pays!r}；允许：{', '.join(PAYS)}",
                         f"{where}: pays = {pays!r}; allowed: {', '.join(PAYS)}"),
                     "pays =", needle)
        section = string(clause, "section", where, here, needle)
        entries = clause.get("tasks", [])
        if pays == "catch-all" and not entries:
            entries = [{"task": "unlisted"}]
        if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
            example = 'tasks = [{ task = "navigation", wording = "结合全市产业发展开展专利导航" }]'
            here.add(say(f"{where}：tasks 应列出这一条的事项，例如 {example}",
                         f"{where}: tasks must list the clause's tasks, e.g. {example}"), needle)
            continue
        for entry in entries:
            duty = _duty(entry, clause, text, pays, section, scheme_id, catalogue, here, needle)
            if duty is not None:
                result.append((duty, here))
    return result


def _duty(entry: dict, clause: dict, text: str, pays: str, section: str, scheme_id: str,
          catalogue: Catalogue, problems: Problems, needle: str) -> Duty | None:
    task_id = entry.get("task", "")
    where = say(f"条款 {text[:16]!r}… 的事项 {task_id!r}", f"task {task_id!r} of the clause {text[:16]!r}…")
    check_keys(entry, _TASK_KEYS, where, problems, needle)
    task_id = string(entry, "task", where, problems, needle, required=True)
    task = catalogue.task(task_id)
    if task is None:
        if task_id:
            close = _did_you_mean(task_id, (t.id for t in catalogue.tasks))
            problems.add(say(f"{where}：事项目录中没有 {task_id!r}{close}（`budgetlint schemes tasks` 列出全部事项）",
                             f"{where}: no task {task_id!r} in the catalogue{close} (`budgetlint schemes tasks` lists "
                             "them)"),
                         f'"{task_id}"', needle)
        return None
    wording = string(entry, "wording", where, problems, needle) or (task.name if pays == "catch-all" else "")
    if not wording:
        problems.add(say(f'{where}：wording = "…" 应照条款原文引用这个事项',
                         f'{where}: wording = "…" must quote the task as the clause words it'),
                     f'"{task_id}"', needle)
    elif pays != "catch-all" and text and _squeeze(wording) not in _squeeze(text):
        problems.add(say(f"{where}：wording {wording!r} 不在条款原文中：请照条款原文引用这个事项",
                         f"{where}: wording {wording!r} does not occur in the clause text: quote the task exactly as "
                         "the clause words it"), f'"{wording}"', needle)
    scope = string(entry, "scope", where, problems, needle)
    if scope and scope not in SCOPES:
        problems.add(say(f"{where}：scope 只能是 {', '.join(SCOPES)}（或不写）",
                         f"{where}: scope must be one of {', '.join(SCOPES)} (or left out)"),
                     needle)
    the_clause = say("该条款", "the clause")
    category = string(entry, "category", where, problems, needle) or \
        string(clause, "category", the_clause, problems, needle)
    return Duty(
        id=string(entry, "id", where, problems, needle) or f"{scheme_id}-{task_id}-{pays}",
        category=category or task.aspect, pays=pays, clause=text, section=section, task=wording,
        pair=task_id, scope=scope,
        keywords=tuple(dict.fromkeys((*task.keywords, *strings(entry, "keywords", where, problems, needle)))),
        exclude=tuple(dict.fromkeys((*task.exclude, *strings(entry, "exclude", where, problems, needle)))),
        note=string(entry, "note", where, problems, needle) or string(clause, "note", the_clause, problems, needle),
        verify=boolean(entry, "verify", where, problems, needle) or
        boolean(clause, "verify", the_clause, problems, needle),
        source=scheme_id, task_id=task_id, task_name=task.name,
    )


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _with_scopes(duties: tuple[Duty, ...]) -> tuple[Duty, ...]:
    """A task with a city and a county duty is paired by scope: the city's covers the whole
    city, the county's one county (unless the file says otherwise)."""
    levels: dict[str, set[str]] = {}
    for d in duties:
        levels.setdefault(d.pair, set()).add(d.pays)
    scope = {"city": "city-wide", "county": "local"}
    return tuple(
        Duty(**{**d.__dict__, "scope": scope[d.pays]}) if not d.scope and d.pays in _LOCAL and levels[d.pair] >= set(_LOCAL) else d
        for d in duties
    )


def _vocabulary(data: dict, base: Vocabulary, problems: Problems) -> Vocabulary:
    table = data.get("vocabulary", {})
    check_keys(table, set(LIST_KEYS), "[vocabulary]", problems, "[vocabulary]")
    if not isinstance(table, dict):
        return base
    own = {key: strings(table, key, "[vocabulary]", problems, f"{key} =") for key in LIST_KEYS}
    check_synonyms(own["synonyms"], "[vocabulary]", problems)
    return Vocabulary(**{**base.__dict__, **{key: tuple(dict.fromkeys((*getattr(base, key), *own[key]))) for key in LIST_KEYS}})


def _parent_path(path: Path, parent_id: str) -> Path | None:
    """A scheme an `extends` names: beside the file, else the one that ships with budgetlint."""
    for folder in (path.parent, schemes_dir()):
        candidate = folder / f"{parent_id}.toml"
        if candidate.is_file():
            return candidate
    return None


def _tasks(catalogue: Catalogue, duties: tuple[Duty, ...]) -> tuple[Task, ...]:
    """The catalogue's tasks with the city's own words added to the tasks it gives words to."""
    extra: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for d in duties:
        keywords, exclude = extra.get(d.task_id, ((), ()))
        extra[d.task_id] = (keywords + d.keywords, exclude + d.exclude)
    tasks = []
    for t in catalogue.tasks:
        keywords, exclude = extra.get(t.id, ((), ()))
        if keywords or exclude:
            t = Task(**{**t.__dict__, "keywords": tuple(dict.fromkeys((*t.keywords, *keywords))),
                        "exclude": tuple(dict.fromkeys((*t.exclude, *exclude)))})
        tasks.append(t)
    return tuple(tasks)


def _load(path: Path, stack: tuple[str, ...], read=read_toml) -> Scheme:
    from ._scheme_check import check_scheme

    data, problems = read(path)
    check_keys(data, _TOP_KEYS, the_file(), problems, "")
    meta = data.get("scheme")
    if not isinstance(meta, dict):
        problems.add(say("缺少 [scheme] 表（至少含 id、city 和 title）",
                         "missing [scheme] table with at least id, city and title"))
        problems.raise_if_any()
    check_keys(meta, _SCHEME_KEYS, "[scheme]", problems, "[scheme]")
    scheme_id = string(meta, "id", "[scheme]", problems, "[scheme]", required=True)
    title = string(meta, "title", "[scheme]", problems, "[scheme]", required=True)
    catalogue = load_catalogue()
    parents: list[Scheme] = []
    for parent_id in strings(meta, "extends", "[scheme]", problems, "extends"):
        parent_path = _parent_path(path, parent_id)
        if parent_id in stack or parent_path is None:
            problems.add(say(f"extends {parent_id!r}：这个文件旁边和 budgetlint 自带的方案中都没有 {parent_id}.toml",
                             f"extends {parent_id!r}: no scheme {parent_id}.toml beside this file or in budgetlint's "
                             "own schemes"),
                         "extends")
            continue
        parents.append(_load(parent_path, (*stack, scheme_id), read))
    own_categories = _categories(data, problems)
    own_duties = _duties(data, scheme_id, catalogue, problems)
    duties = tuple(d for p in parents for d in p.duties) + tuple(d for d, _ in own_duties)
    categories = {c.id: c for p in parents for c in p.categories} | {c.id: c for c in own_categories}
    for d in duties:
        if d.category not in categories:
            aspect = catalogue.aspect(d.category)
            if aspect is not None:
                categories[aspect.id] = aspect
            else:
                where = dict((o.id, w) for o, w in own_duties).get(d.id, problems)
                where.add(say(f"事项 {d.task_id!r}：类别 {d.category!r} 既不是 [[categories]] 的 id，也不是事项目录中的方面",
                              f"task {d.task_id!r}: category {d.category!r} is neither a [[categories]] id nor a "
                              "catalogue aspect"), f'category = "{d.category}"', f'"{d.task_id}"')
    levels = meta.get("levels", {})
    if not isinstance(levels, dict) or set(levels) - set(LEVELS) or not all(isinstance(v, str) for v in levels.values()):
        example = 'levels = { city = "市级", county = "县级" }'
        problems.add(say(f"[scheme] 的 levels 应把 {' 和 '.join(LEVELS)} 对应到文件中的叫法，例如 {example}",
                         f"[scheme] levels must map {' and '.join(LEVELS)} to the names the document uses, e.g. "
                         f"{example}"),
                     "levels")
        levels = {}
    vocabulary = _vocabulary(data, catalogue.vocabulary if not parents else parents[0].vocabulary, problems)
    jurisdictions = _jurisdictions(data, problems)
    texts = {key: strings(meta, key, "[scheme]", problems, f"{key} =") for key in ("doc_aliases", "issuer", "parents")}
    scheme = Scheme(
        id=scheme_id, city=string(meta, "city", "[scheme]", problems, "city ="), title=title,
        doc_number=string(meta, "doc_number", "[scheme]", problems, "doc_number ="),
        doc_aliases=texts["doc_aliases"], issuer=texts["issuer"], date=str(meta.get("date", "")),
        parents=texts["parents"], level_names=tuple(sorted(levels.items())),
        example=boolean(meta, "example", "[scheme]", problems, "example ="),
        jurisdictions=jurisdictions, categories=tuple(categories.values()),
        duties=_with_scopes(duties), vocabulary=vocabulary, path=str(path), tasks=_tasks(catalogue, duties),
    )
    check_scheme(scheme, data, problems, {d.id: where for d, where in own_duties})
    problems.raise_if_any()
    return scheme


def load_scheme(path: str | Path) -> Scheme:
    """Load one scheme file (and the schemes it extends), validated."""
    path = Path(path)
    if not path.is_file():
        raise SchemeError(str(path), say("没有这个方案文件", "no such scheme file"))
    return _load_cached(path.resolve())


@cache
def _load_cached(path: Path) -> Scheme:
    return remember_scheme(_load(path, (), read_once))


def _is_city_scheme(path: Path) -> bool:
    data, _ = read_once(path)
    return bool(data.get("jurisdictions"))


@cache
def available_schemes(folders: tuple[str, ...] = ()) -> dict[str, Scheme]:
    """Every city scheme in these folders (a bureau's own) and in budgetlint's schemes/, by id:
    a folder's scheme wins over a bundled one of the same id. Files that are only extended
    (base) or are not schemes (the catalogue) are left out."""
    result: dict[str, Scheme] = {}
    for folder in (*folders, str(schemes_dir())):
        for path in sorted(Path(folder).glob("*.toml")):
            if path.name != "catalogue.toml" and _is_city_scheme(path):
                scheme = load_scheme(path)
                result.setdefault(scheme.id, scheme)
    return result


def bundled_schemes() -> dict[str, Scheme]:
    """Every city scheme shipped with budgetlint."""
    return available_schemes(())


def scheme_origin(scheme: Scheme) -> str:
    """Where a scheme came from: "bundled", or its file."""
    return "bundled" if Path(scheme.path).parent == schemes_dir().resolve() else scheme.path


def find_scheme(name: str, folders: tuple[str, ...] = ()) -> Scheme:
    """A scheme by id, city name, document number, or path to a TOML file."""
    if name.endswith(".toml") or Path(name).is_file():
        return load_scheme(name)
    key = re.sub(r"\s+", "", name)
    schemes = available_schemes(folders)
    for scheme in schemes.values():
        if key in (scheme.id, scheme.city, scheme.doc_number, *scheme.doc_aliases):
            return scheme
    known, close = ", ".join(sorted(schemes)), _did_you_mean(key, schemes)
    raise SchemeError(name, say(f"没有这个方案{close}；已知的方案：{known}，也可以给出 .toml 文件的路径",
                                f"unknown scheme{close}; known schemes: {known}, or give a path to a .toml file"))


def validate_file(path: str | Path, source: str | Path | None = None) -> list[str]:
    """Problems found in a scheme file; empty when it is valid. With a source text (or the
    scheme's own `source`), also that every clause is quoted verbatim and every task of every
    确认为 sentence is encoded."""
    from ._scheme_check import check_source

    path = Path(path)
    try:
        scheme = _load(path, ())
    except SchemeError as exc:
        return exc.problems
    except RecursionError:
        return [say("文件嵌套过深，不是方案", "the file nests too deeply to be a scheme")]
    return check_source(scheme, path, source)
