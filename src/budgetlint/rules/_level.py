"""What the level rules share: a judgement's evidence, and its finding's message rendered
from the rule's template and the judge's reasons in the run's language."""

from __future__ import annotations

from collections.abc import Iterator

from .._words import funding_word, level_word
from ..models import Judgement
from ..reasons import render_reason
from ._problem import Problem, RuleOptions

__all__ = ["evidence", "level_problem", "message_params", "line_check"]


def evidence(j: Judgement, lang: str = "zh") -> tuple[tuple[str, str], ...]:
    """The facts a reader needs to check the decision, as (key, value) pairs."""
    items: list[tuple[str, str]] = []
    if j.duty is not None:
        items.append(("duty", f"{j.duty.task_name or j.duty.task or j.duty.clause[:40]}（{j.duty.id}）"))
    if j.match.candidates:
        items.append(("matched", "、".join(j.match.candidates[0].words)))
    if j.match.scope_words or j.match.own_words:
        scope = j.match.scope or ("own" if lang == "en" else "本级")
        items.append(("scope", f"{scope}：" + "、".join((*j.match.scope_words, *j.match.own_words))))
    funding = funding_word(j.funding.kind, lang)
    if j.funding.source_level:
        funding += f"（{level_word(j.funding.source_level, lang)}）"
    if j.funding.text:
        funding += f"：{j.funding.text}"
    items.append(("funding", funding))
    if j.alternatives:
        items.append(("candidates", "；".join(f"{d.task_name or d.id}（{level_word(d.pays, lang)}）" for d in j.alternatives)))
    if j.match.pass_down_words:
        items.append(("transfer", "、".join(j.match.pass_down_words)))
    return tuple(items)


def message_params(j: Judgement, options: RuleOptions) -> dict[str, str]:
    """What a level rule's message template may name: {task}, {why}, {owner}, {cited} (the
    clause's section, or nothing), {candidates}, {words}."""
    duty = j.duty
    section = duty.section.strip() if duty else ""
    cited = options.say(f"（依据方案{section}）", f" (scheme {section})") if section else ""
    return {
        "task": (duty.task_name or duty.task) if duty else "",
        "why": render_reason(j.reasons[-1], options.lang) if j.reasons else "",
        "owner": level_word(j.duty_level, options.lang),
        "cited": cited,
        "candidates": "、".join(d.task_name or d.id for d in j.alternatives),
        "words": "、".join(j.match.pass_down_words),
    }


def level_problem(j: Judgement, options: RuleOptions, messages: dict[str, str]) -> Problem:
    """The finding of a level rule: its message (the module's MESSAGES in the run's language)
    and the line, duty, clause and evidence. Lines of one decision share them: worked out once
    (the judge shares its Match, reasons and alternatives between such lines; the funding is
    compared by value, since split amount columns give each line its own)."""
    line, funding = j.line, j.funding
    key = (id(j.match), id(j.reasons), id(j.duty), j.duty_level, id(j.alternatives),
           funding.kind, funding.source_level, funding.text)
    shared = options.memo.get(key)
    if shared is None:
        message = messages["en" if options.lang == "en" else "zh"].format(**message_params(j, options))
        duty = j.duty
        shared = options.memo[key] = (message, duty.id if duty else "", duty.clause if duty else "",
                                      evidence(j, options.lang), (j.match, j.reasons, duty, j.alternatives))
    message, duty_id, clause, facts, _ = shared  # the last item keeps the ids of the key alive
    return Problem(message, line.sheet, line.row, line.name, line.amount_yuan, duty_id, clause, facts)


def line_check(verdict: str, messages: dict[str, str]):
    """The check of a level rule: each line of its verdict is a finding, worded by `messages`."""
    def check(j: Judgement, options: RuleOptions) -> Iterator[Problem]:
        if j.verdict == verdict:
            yield level_problem(j, options, messages)

    return check
