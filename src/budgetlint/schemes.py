"""Load and validate scheme files (schemes/*.toml; the format is in schemes/README.md).

A scheme is data: nothing city-specific lives in Python. Loading checks the whole file
and reports every problem with the file, the line and what to fix.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from ._resources import schemes_dir
from .errors import SchemeError
from .models import LEVELS, PAYS, SCOPES, Category, Duty, Jurisdiction, Scheme, Vocabulary, remember_scheme

__all__ = ["load_scheme", "bundled_schemes", "find_scheme", "validate_file"]

_SCHEME_KEYS = {
    "id", "city", "title", "doc_number", "doc_aliases", "issuer", "date", "parents",
    "extends", "example", "source", "levels", "kind", "note",
}
_JURISDICTION_KEYS = {"name", "level", "kind", "aliases"}
_CATEGORY_KEYS = {"id", "title", "section"}
_DUTY_KEYS = {
    "id", "category", "pays", "task", "pair", "scope", "section", "clause", "keywords",
    "exclude", "note", "verify",
}
_VOCABULARY_KEYS = {
    "ip_terms", "not_ip_terms", "subsidy_terms", "transfer_terms", "city_wide_terms",
    "local_terms", "own_terms", "synonyms",
}
_TOP_KEYS = {"scheme", "jurisdictions", "categories", "duties", "vocabulary"}


class _Problems:
    """Collects problems with the line each one is about."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.lines, self.items = path, text.splitlines(), []

    def line_of(self, *needles: str) -> int | None:
        for needle in needles:
            if not needle:
                continue
            for number, line in enumerate(self.lines, 1):
                if needle in line:
                    return number
        return None

    def add(self, message: str, *needles: str) -> None:
        number = self.line_of(*needles)
        self.items.append(f"line {number}: {message}" if number else message)

    def raise_if_any(self) -> None:
        if self.items:
            raise SchemeError(str(self.path), self.items)


def _strings(value: Any, where: str, problems: _Problems, needle: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        problems.add(f"{where} must be a list of non-empty strings", needle)
        return ()
    return tuple(value)


def _unknown_keys(table: dict, allowed: set[str], where: str, problems: _Problems, needle: str) -> None:
    for key in sorted(set(table) - allowed):
        problems.add(f"unknown key {key!r} in {where}; allowed: {', '.join(sorted(allowed))}", f"{key} =", needle)


def _read_toml(path: Path) -> tuple[dict, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemeError(str(path), f"cannot read the file: {exc}") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(str(path), f"not valid TOML: {exc}") from None


#: The text of every scheme file a cached load read (or a parent process handed over), by path:
#: every worker of a run judges with the schemes its main process loaded, even if a file is
#: edited during the run (spawned workers would otherwise read it again).
_SOURCES: dict[str, str] = {}


def _read_once(path: Path) -> tuple[dict, str]:
    text = _SOURCES.get(str(path))
    if text is None:
        data, text = _read_toml(path)
        _SOURCES[str(path)] = text
        return data, text
    return tomllib.loads(text), text  # valid: it was parsed when it was first read


def scheme_sources() -> tuple[tuple[str, str], ...]:
    """(path, text) of every scheme file this process has loaded: for its worker processes."""
    return tuple(sorted(_SOURCES.items()))


def adopt_scheme_sources(sources: tuple[tuple[str, str], ...]) -> None:
    """In a worker: load scheme files as the main process read them, not as they are now."""
    _SOURCES.update(sources)


def _parse(path: Path, read=_read_toml) -> tuple[dict, _Problems]:
    data, text = read(path)
    problems = _Problems(path, text)
    _unknown_keys(data, _TOP_KEYS, "the file", problems, "")
    meta = data.get("scheme")
    if not isinstance(meta, dict):
        problems.add("missing [scheme] table with at least id, city and title")
        problems.raise_if_any()
    _unknown_keys(meta, _SCHEME_KEYS, "[scheme]", problems, "[scheme]")
    for key in ("id", "title"):
        if not isinstance(meta.get(key), str) or not meta.get(key):
            problems.add(f"[scheme] needs {key} = \"…\"", "[scheme]")
    return data, problems


def _jurisdictions(data: dict, problems: _Problems) -> tuple[Jurisdiction, ...]:
    seen: dict[str, str] = {}
    result = []
    for item in data.get("jurisdictions", []):
        name = item.get("name", "")
        needle = f'name = "{name}"'
        _unknown_keys(item, _JURISDICTION_KEYS, f"jurisdiction {name!r}", problems, needle)
        if item.get("level") not in LEVELS:
            problems.add(f"jurisdiction {name!r}: level must be one of {', '.join(LEVELS)}", needle)
        aliases = _strings(item.get("aliases"), f"jurisdiction {name!r} aliases", problems, needle)
        for label in (name, *aliases):
            if label in seen:
                problems.add(f"jurisdiction {label!r} is listed twice (also under {seen[label]!r})", f'"{label}"')
            seen[label] = name
        result.append(Jurisdiction(name=name, level=item.get("level", ""), kind=item.get("kind", ""), aliases=aliases))
    return tuple(result)


def _categories(data: dict, problems: _Problems) -> tuple[Category, ...]:
    result, seen = [], set()
    for item in data.get("categories", []):
        cid = item.get("id", "")
        needle = f'id = "{cid}"'
        _unknown_keys(item, _CATEGORY_KEYS, f"category {cid!r}", problems, needle)
        if not cid or not item.get("title"):
            problems.add("a category needs an id and a title", needle)
        if cid in seen:
            problems.add(f"duplicate category id {cid!r}", needle)
        seen.add(cid)
        result.append(Category(id=cid, title=item.get("title", ""), section=item.get("section", "")))
    return tuple(result)


def _duties(data: dict, scheme_id: str, categories: set[str], problems: _Problems) -> tuple[Duty, ...]:
    result = []
    for item in data.get("duties", []):
        did = item.get("id", "")
        needle = f'id = "{did}"'
        _unknown_keys(item, _DUTY_KEYS, f"duty {did!r}", problems, needle)
        if not did:
            problems.add("a duty has no id", "[[duties]]")
        if not item.get("clause"):
            problems.add(f"duty {did!r} has no clause: copy the sentence exactly as the document words it", needle)
        if item.get("category") not in categories:
            problems.add(f"duty {did!r}: category {item.get('category')!r} is not one of the [[categories]] ids", needle)
        if item.get("pays") not in PAYS:
            problems.add(f"duty {did!r}: pays must be one of {', '.join(PAYS)}", needle)
        if item.get("scope", "") not in ("", *SCOPES):
            problems.add(f"duty {did!r}: scope must be one of {', '.join(SCOPES)} (or left out)", needle)
        keywords = _strings(item.get("keywords"), f"duty {did!r} keywords", problems, needle)
        if not keywords and item.get("pays") != "catch-all":
            problems.add(f"duty {did!r} has no keywords: a budget line could never match it", needle)
        result.append(Duty(
            id=did, category=item.get("category", ""), pays=item.get("pays", ""),
            clause=item.get("clause", ""), section=item.get("section", ""),
            task=item.get("task", ""), pair=item.get("pair", "") or did, scope=item.get("scope", ""),
            keywords=keywords,
            exclude=_strings(item.get("exclude"), f"duty {did!r} exclude", problems, needle),
            note=item.get("note", ""), verify=bool(item.get("verify", False)), source=scheme_id,
        ))
    return tuple(result)


def _vocabulary(data: dict, problems: _Problems) -> dict[str, tuple[str, ...]]:
    table = data.get("vocabulary", {})
    _unknown_keys(table, _VOCABULARY_KEYS, "[vocabulary]", problems, "[vocabulary]")
    result = {key: _strings(table.get(key), f"[vocabulary] {key}", problems, f"{key} =") for key in _VOCABULARY_KEYS}
    for item in result["synonyms"]:
        if item.count("=") != 1 or item.startswith("=") or item.endswith("="):
            problems.add(f"[vocabulary] synonyms: {item!r} must read short=full, e.g. 知产=知识产权", "synonyms")
    return result


def _merge(*parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(word for part in parts for word in part))


def _load(path: Path, stack: tuple[str, ...], read=_read_toml) -> Scheme:
    data, problems = _parse(path, read)
    meta = data["scheme"]
    scheme_id = meta.get("id", "")
    parents: list[Scheme] = []
    for parent_id in _strings(meta.get("extends"), "[scheme] extends", problems, "extends"):
        parent_path = path.parent / f"{parent_id}.toml"
        if parent_id in stack or not parent_path.is_file():
            problems.add(f"extends {parent_id!r}: no scheme {parent_id}.toml next to this file", "extends")
            continue
        parents.append(_load(parent_path, (*stack, scheme_id), read))
    own_categories = _categories(data, problems)
    category_map = {c.id: c for p in parents for c in p.categories} | {c.id: c for c in own_categories}
    duties = _duties(data, scheme_id, set(category_map), problems)
    all_duties = tuple(d for p in parents for d in p.duties) + duties
    ids = [d.id for d in all_duties]
    for did in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(f"duplicate duty id {did!r}", f'id = "{did}"')
    levels = meta.get("levels", {})
    if not isinstance(levels, dict) or set(levels) - set(LEVELS):
        problems.add(f"[scheme] levels must map {' and '.join(LEVELS)} to the names the document uses", "levels")
        levels = {}
    vocab = _vocabulary(data, problems)
    jurisdictions = _jurisdictions(data, problems)
    texts = {key: _strings(meta.get(key), f"[scheme] {key}", problems, f"{key} =") for key in ("doc_aliases", "issuer", "parents")}
    problems.raise_if_any()
    vocabulary = Vocabulary(**{
        key: _merge(*(getattr(p.vocabulary, key) for p in parents), vocab[key]) for key in _VOCABULARY_KEYS
    })
    return Scheme(
        id=scheme_id, city=meta.get("city", ""), title=meta["title"],
        doc_number=meta.get("doc_number", ""),
        doc_aliases=texts["doc_aliases"], issuer=texts["issuer"], date=str(meta.get("date", "")),
        parents=texts["parents"],
        level_names=tuple(sorted(levels.items())), example=bool(meta.get("example", False)),
        jurisdictions=jurisdictions, categories=tuple(category_map.values()),
        duties=all_duties, vocabulary=vocabulary, path=str(path),
    )


def load_scheme(path: str | Path) -> Scheme:
    """Load one scheme file (and the schemes it extends), validated."""
    path = Path(path)
    if not path.is_file():
        raise SchemeError(str(path), "no such scheme file")
    return _load_cached(path.resolve())


@cache
def _load_cached(path: Path) -> Scheme:
    return remember_scheme(_load(path, (), _read_once))


def _is_city_scheme(path: Path) -> bool:
    data, _ = _read_once(path)
    return bool(data.get("jurisdictions"))


@cache
def bundled_schemes() -> dict[str, Scheme]:
    """Every city scheme shipped in schemes/ (base files that only get extended are left out)."""
    result = {}
    for path in sorted(schemes_dir().glob("*.toml")):
        if _is_city_scheme(path):
            scheme = load_scheme(path)
            result[scheme.id] = scheme
    return result


def find_scheme(name: str) -> Scheme:
    """A scheme by id, city name, document number, or path to a TOML file."""
    if name.endswith(".toml") or Path(name).is_file():
        return load_scheme(name)
    key = re.sub(r"\s+", "", name)
    for scheme in bundled_schemes().values():
        if key in (scheme.id, scheme.city, scheme.doc_number, *scheme.doc_aliases):
            return scheme
    known = ", ".join(sorted(bundled_schemes()))
    raise SchemeError(name, f"unknown scheme; known schemes: {known}, or give a path to a .toml file")


def validate_file(path: str | Path) -> list[str]:
    """Problems found in a scheme file; empty when it is valid."""
    try:
        _load(Path(path), ())
    except SchemeError as exc:
        return exc.problems
    return []
