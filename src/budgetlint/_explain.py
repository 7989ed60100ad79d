"""`budgetlint explain` and `budgetlint schemes show`: the decision trail, for people."""

from __future__ import annotations

from ._words import level_word
from .judge import judge_line
from .jurisdiction import find_jurisdiction
from .match import matcher_for
from .models import BudgetLine, Placement
from .read.funding import classify_funding
from .schemes import bundled_schemes, find_scheme



def explain_line(name: str, *, description: str = "", jurisdiction: str, funding: str = "", scheme: str | None = None) -> str:
    schemes = [find_scheme(scheme)] if scheme else list(bundled_schemes().values())
    found_scheme, j = find_jurisdiction(jurisdiction, schemes)
    placement = Placement(found_scheme, j, j.level, "--jurisdiction")
    matcher = matcher_for(found_scheme)
    line = BudgetLine(sheet="-", row=0, name=name, amount_yuan=None, description=description,
                      funding=classify_funding(funding) if funding else classify_funding(""))
    judgement = judge_line(line, placement, matcher)
    m = judgement.match
    out = [
        f"line:         {name}" + (f"  ({description})" if description else ""),
        f"budget:       {j.name} ({level_word(j.level)}) — scheme {found_scheme.id} {found_scheme.doc_number}",
        f"normalised:   {' | '.join(t for t in matcher.texts([name], [description])[0] if t)}",
        f"IP work:      {'yes' if m.is_ip else 'no'}  ip words: {'、'.join(m.ip_words) or '—'}"
        + (f"  not-IP words: {'、'.join(m.not_ip_words)}" if m.not_ip_words else ""),
        f"scope:        {m.scope or '(none: the paying level own work)'}  words: {'、'.join(m.scope_words) or '—'}"
        + (f"  own: {'、'.join(m.own_words)}" if m.own_words else ""),
        f"funding:      {judgement.funding.kind}" + (f" from {judgement.funding.source_level}" if judgement.funding.source_level else "")
        + (f"  ({judgement.funding.text})" if judgement.funding.text else ""),
    ]
    if m.subsidy_words or m.transfer_words:
        out.append(f"subsidy:      {'、'.join(m.subsidy_words) or '—'}   transfer: {'、'.join(m.transfer_words) or '—'}")
    out.append("candidates:")
    for c in m.candidates[:8] or ():
        out.append(f"  {c.score:5.1f}  {c.duty.id:<36} {level_word(c.duty.pays):<10} {'、'.join(c.words)}")
    if not m.candidates:
        out.append("  (none)")
    out.append(f"verdict:      {judgement.verdict}")
    for reason in judgement.reasons:
        out.append(f"  because     {reason}")
    if judgement.duty is not None:
        out.append(f"clause:       {judgement.duty.section} {judgement.duty.clause}")
    return "\n".join(out)


def show_scheme(scheme_id: str) -> str:
    scheme = find_scheme(scheme_id)
    out = [f"{scheme.title}", f"  {scheme.id} · {scheme.doc_number or '—'} · {scheme.date or '—'}"
           + ("  (example, not an official text)" if scheme.example else "")]
    if scheme.parents:
        out.append(f"  implements: {'；'.join(scheme.parents)}")
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
                mark = " (verify)" if d.verify else ""
                out.append(f"  [{level_word(level)}] {d.task or d.clause[:50]}  — {d.id}{mark}")
    return "\n".join(out)
