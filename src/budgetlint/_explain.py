"""`budgetlint explain` and `budgetlint schemes show`: the decision trail, for people."""

from __future__ import annotations

from ._i18n import display_width, language, say
from ._words import funding_word, level_word
from .judge import IP_CODES, judge_line
from .jurisdiction import find_jurisdiction
from .match import matcher_for
from .models import BudgetLine, Placement
from .read.funding import classify_funding
from .reasons import render_reason
from .schemes import available_schemes, find_scheme

_LABELS = {
    "zh": {
        "line": "项目", "budget": "预算", "scheme": "方案", "normalised": "规范化", "ip": "知识产权",
        "yes": "是", "no": "否", "ip_words": "知识产权用语", "not_ip": "非知识产权用语", "masked": "其他名称中的用语",
        "task": "任务", "scope": "范围", "unscoped": "（未写明：视为本级事项）", "own": "本级用语", "funding": "资金",
        "words": "用语", "down": "资金下达", "candidates": "候选任务", "none": "（无）", "verdict": "判定",
        "because": "依据", "clause": "条款", "code": "科目编码", "not_listed": "本方案未列",
    },
    "en": {
        "line": "line", "budget": "budget", "scheme": "scheme", "normalised": "normalised", "ip": "IP work",
        "yes": "yes", "no": "no", "ip_words": "IP words", "not_ip": "not-IP words", "masked": "inside other names",
        "task": "task", "scope": "scope", "unscoped": "(none: the paying level's own work)", "own": "own",
        "funding": "funding", "words": "words", "down": "passes down", "candidates": "candidates", "none": "(none)",
        "verdict": "verdict", "because": "because", "clause": "clause", "code": "code", "not_listed": "not in this scheme",
    },
}


def explain_line(name: str, *, description: str = "", jurisdiction: str, funding: str = "", scheme: str | None = None,
                 code: str = "", lang: str = "zh", folders: tuple[str, ...] = ()) -> str:
    """The grammar's reading of one line (task, scope, funding, pass-down) and the verdict."""
    t = _LABELS["en" if lang == "en" else "zh"]
    schemes = [find_scheme(scheme, folders)] if scheme else list(available_schemes(folders).values())
    found_scheme, j = find_jurisdiction(jurisdiction, schemes)
    placement = Placement(found_scheme, j, j.level, "--jurisdiction")
    matcher = matcher_for(found_scheme)
    line = BudgetLine(sheet="-", row=0, name=name, amount_yuan=None, description=description, code=code,
                      funding=classify_funding(funding) if funding else classify_funding(""))
    judgement = judge_line(line, placement, matcher)
    m = judgement.match
    listed = {d.task_id for d in found_scheme.duties}

    def row(label: str, value: str) -> str:
        text = t[label] + ":"
        return text + " " * max(1, 14 - display_width(text)) + value

    out = [
        row("line", name + (f"  ({description})" if description else "")),
        row("budget", f"{j.name} ({level_word(j.level, lang)}) — {t['scheme']} {found_scheme.id} {found_scheme.doc_number}"),
        row("normalised", " | ".join(x for x in matcher.texts([name], [description])[0] if x)),
        row("ip", f"{t['yes'] if m.is_ip else t['no']}  {t['ip_words']}: {'、'.join(m.ip_words) or '—'}"
            + (f"  {t['not_ip']}: {'、'.join(m.not_ip_words)}" if m.not_ip_words else "")
            + (f"  {t['masked']}: {'、'.join(m.masked_words)}" if m.masked_words else "")
            + (f"  {t['code']}: {code}" if code.startswith(IP_CODES) else "")),
        row("task", "；".join(f"{c.task.name}（{c.task.id}）" + ("" if c.task.id in listed else f" {t['not_listed']}")
                             for c in m.candidates[:1]) or t["none"]),
        row("scope", f"{m.scope or t['unscoped']}  {t['words']}: {'、'.join(m.scope_words) or '—'}"
            + (f"  {t['own']}: {'、'.join(m.own_words)}" if m.own_words else "")),
        row("funding", funding_word(judgement.funding.kind, lang)
            + (f" ({level_word(judgement.funding.source_level, lang)})" if judgement.funding.source_level else "")
            + (f"  {judgement.funding.text}" if judgement.funding.text else "")),
        row("down", "、".join(m.pass_down_words) or "—"),
        f"{t['candidates']}:",
    ]
    for c in m.candidates[:8]:
        out.append(f"  {c.score:5.1f}  {c.task.id:<28} {c.task.name}  {'、'.join(c.words)}")
    if not m.candidates:
        out.append(f"  {t['none']}")
    out.append(row("verdict", judgement.verdict))
    for r in judgement.reasons:
        out.append(f"  {t['because']}" + " " * max(1, 12 - display_width(t["because"])) + render_reason(r, lang))
    if judgement.duty is not None:
        out.append(row("clause", f"{found_scheme.title} {judgement.duty.section} {judgement.duty.clause}"))
    return "\n".join(out)


def show_scheme(scheme_id: str, words: bool = True, folders: tuple[str, ...] = ()) -> str:
    """A scheme's duties by category and level, each with its task and the words that name it."""
    scheme = find_scheme(scheme_id, folders)
    out = [f"{scheme.title}", f"  {scheme.id} · {scheme.doc_number or '—'} · {scheme.date or '—'}"
           + (say("  （示例，不是正式文件）", "  (example, not an official text)") if scheme.example else "")]
    if scheme.parents:
        out.append(say("  落实：", "  implements: ") + "；".join(scheme.parents))
    by_level: dict[str, list[str]] = {}
    for j in scheme.jurisdictions:
        by_level.setdefault(j.level, []).append(j.name)
    for level, names in by_level.items():
        out.append(f"  {scheme.level_name(level)}: {'、'.join(names)}")
    for category in scheme.categories:
        duties = [d for d in scheme.duties if d.category == category.id]
        if not duties:
            continue
        out.append(f"\n{category.section}{category.title}")
        for level in ("city", "county", "shared", "affiliation", "tier", "provincial", "central", "catch-all"):
            for d in (d for d in duties if d.pays == level):
                mark = say("（待核实）", " (verify)") if d.verify else ""
                out.append(f"  [{level_word(level, language())}] {d.task or d.clause[:50]}  — {d.task_id}{mark}")
                if words and d.keywords:
                    out.append(f"      {'、'.join(d.keywords)}")
    return "\n".join(out)
