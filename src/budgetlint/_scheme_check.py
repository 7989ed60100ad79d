"""Checks that need a whole scheme, and the check of a scheme against its published text.

`schemes validate` and the tests of the bundled schemes call the same functions: a new
city file needs no Python edits to be checked.
"""

from __future__ import annotations

import re
from pathlib import Path

from ._toml_check import Problems, read_toml
from .models import PAYS, Scheme

__all__ = ["check_scheme", "check_source", "join_broken_lines", "duty_sentences", "split_tasks"]

_LOCAL = ("city", "county")
_PLACEHOLDER = re.compile(r"TODO|待填|待补充|XXX", re.IGNORECASE)


def _strings_in(value, path: str = ""):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item, path)


def check_scheme(scheme: Scheme, data: dict, problems: Problems, located: dict[str, Problems]) -> None:
    """Pairs complete and of opposite levels, places of both levels, one catch-all, no
    placeholders left by a draft. `located`: the file's own duties, each with the problems
    view of its clause."""
    duties = [d for d in scheme.duties if d.id in located]
    by_task: dict[str, list] = {}
    for d in duties:
        if d.pays in PAYS:  # an unknown level is reported where it is read
            by_task.setdefault(d.task_id, []).append(d)
    ids = [d.id for d in scheme.duties]
    for did in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(f"duty id {did!r} is used twice: give one of them another id = \"…\"", f'id = "{did}"')
    for task_id, group in by_task.items():
        levels = [d.pays for d in group]
        for level in set(levels):
            if levels.count(level) > 1 and level in (*_LOCAL, "shared", "catch-all"):
                second = [d for d in group if d.pays == level][1]
                located[second.id].add(f"task {task_id!r} has {levels.count(level)} {level} duties: a task is paid by one "
                                       f"city and/or one county duty ({', '.join(repr(d.task) for d in group)})", "pays =")
        if set(levels) & set(_LOCAL) and set(levels) - set(_LOCAL):
            problems.add(f"task {task_id!r} is both paid by a level and {'/'.join(sorted(set(levels) - set(_LOCAL)))}: "
                         f"choose one", f'"{task_id}"')
    if sum(1 for d in duties if d.pays == "catch-all") > 1:
        problems.add("more than one catch-all (其他未列事项) clause", "catch-all")
    local = any(d.pays in (*_LOCAL, "shared", "affiliation", "tier") for d in duties)
    if local:
        present = {j.level for j in scheme.jurisdictions}
        for level in _LOCAL:
            if level not in present:
                problems.add(f"no jurisdiction of level {level!r}: list the city and every district, county, county-level "
                             f"city and zone as [[jurisdictions]] (`budgetlint schemes draft` fills them in)", "[[jurisdictions]]"
                             if scheme.jurisdictions else "[scheme]")
    for where, value in _strings_in(data):
        if _PLACEHOLDER.search(value):
            problems.add(f"{where} still holds a placeholder ({value[:30]!r}): fill it in or remove the key", value[:20])


# -- against the published text ---------------------------------------------------------

_HAN_OR_LIST = re.compile(r"[\u4e00-\u9fff，、]$")
_TASKS = re.compile(r"^(?:其中，)?(?P<lead>将)?(?P<tasks>.+?)，(?:按照隶属关系分别)?确认为")


def join_broken_lines(text: str) -> str:
    """Paragraphs of the text, a sentence broken over a blank line joined back together.

    A paragraph that ends in the middle of a sentence (on a Han character, ， or 、) runs
    on into the next one when that starts with a Han character; headings never do.
    """
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        block = re.sub(r" *\n", "", block.strip())  # markdown soft line breaks
        if not block:
            continue
        previous = paragraphs[-1] if paragraphs else ""
        if (previous and not previous.startswith("#") and _HAN_OR_LIST.search(previous)
                and re.match(r"[\u4e00-\u9fff]", block)):
            paragraphs[-1] = previous + block
        else:
            paragraphs.append(block)
    return "\n".join(paragraphs)


def duty_sentences(joined: str) -> list[str]:
    """The sentences that assign a 财政事权."""
    sentences = re.findall(r"[^。\n]*。", joined)
    return [s for s in sentences if re.search(r"确认为.*财政事权", s)]


def split_tasks(sentence: str) -> list[tuple[bool, list[str]]]:
    """(assigns by 将, its tasks) for each 确认为 part of a sentence (parts split on ；)."""
    result = []
    for part in sentence.split("；"):
        if "确认为" not in part:
            continue
        found = _TASKS.match(part.lstrip("（）()一二三四五六七八九十"))
        if not found:
            continue
        tasks = [t for t in re.split(r"[，、,]|和|以及", found["tasks"]) if t]
        result.append((bool(found["lead"]), tasks))
    return result


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_source(scheme: Scheme, path: Path, source: str | Path | None) -> list[str]:
    """Every clause quoted verbatim, every task of every 确认为 sentence encoded."""
    if source is None:
        data, _ = read_toml(path)
        named = data.get("scheme", {}).get("source")
        if not named:
            return []
        source = path.parent / named
    source = Path(source)
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"source {source}: cannot read it as UTF-8 text ({exc})"]
    joined = join_broken_lines(text)
    flat = _squeeze(joined)
    own = [d for d in scheme.duties if d.source == scheme.id]
    problems = [f"clause of {d.id!r} is not quoted verbatim from {source.name}: {d.clause[:30]}…"
                for d in own if _squeeze(d.clause) not in flat]
    problems = list(dict.fromkeys(problems))
    for sentence in duty_sentences(joined):
        encoded = [d for d in own if _squeeze(sentence) in _squeeze(d.clause)]
        if not encoded:
            problems.append(f"no clause encodes the sentence {sentence[:40]}… of {source.name}")
            continue
        for assigns, tasks in split_tasks(sentence):
            holders = [d.task for d in encoded] if assigns else [d.clause for d in encoded]
            problems += [f"the task {t!r} of the sentence {sentence[:20]}… has no duty" for t in tasks
                         if not any(t in h for h in holders)]
    return problems
