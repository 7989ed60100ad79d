"""Score budgetlint's verdicts on a labelled set of budget lines.

    python tests/acceptance/score.py sealed          # the sealed part: scores only, no lines
    python tests/acceptance/score.py dev --misses    # the development part, with every miss
    python tests/acceptance/score.py cases holdout   # the older regression sets

Prints, per set: error-flag precision and recall (an error flag is a wrong-level or
upper-level verdict), verdict accuracy overall and per labelled verdict, transfer lines
right, and not-IP lines given a finding at warning or error. The sealed part never prints
its lines: it is scored, never tuned on (sealed/RECORD.md).
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = {
    "sealed": HERE / "sealed" / "sealed.csv",
    "dev": HERE / "dev.csv",
    "cases": HERE / "cases.csv",
    "holdout": HERE / "holdout.csv",
}
ERRORS = frozenset({"wrong-level", "upper-level"})  # verdicts whose rules are errors
WARNED = frozenset({"wrong-level", "upper-level", "unlisted", "ambiguous"})  # a finding at warning or error
VERDICTS = ("ok", "wrong-level", "upper-level", "entrusted", "transfer", "unlisted", "ambiguous", "not-ip")


@dataclass(frozen=True)
class Score:
    lines: int
    precision: float
    recall: float
    accuracy: float
    per_verdict: tuple[tuple[str, int, int], ...]  # (verdict, right, labelled)
    not_ip_flagged: int
    misses: tuple[tuple[dict, str], ...]  # (case, verdict got)

    def transfer_right(self) -> float:
        right, total = next(((r, n) for v, r, n in self.per_verdict if v == "transfer"), (0, 0))
        return right / total if total else 1.0

    def report(self, name: str) -> str:
        out = [f"{name}: {self.lines} lines — error-flag precision {self.precision:.3f}, recall {self.recall:.3f}; "
               f"verdict accuracy {self.accuracy:.3f}; transfer {self.transfer_right():.3f}; "
               f"not-IP lines with a finding {self.not_ip_flagged}"]
        out += [f"  {v:<12} {r:>4}/{n:<4} {r / n:.3f}" for v, r, n in self.per_verdict if n]
        return "\n".join(out)


def load(name_or_path: str) -> list[dict]:
    path = SETS.get(name_or_path, Path(name_or_path))
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def judge(cases: list[dict]) -> list[str]:
    """The verdict budgetlint gives each case, each line placed in its budget."""
    from budgetlint.judge import judge_line
    from budgetlint.match import matcher_for
    from budgetlint.models import BudgetLine, Placement
    from budgetlint.read.funding import classify_funding
    from budgetlint.schemes import find_scheme

    verdicts = []
    for case in cases:
        scheme = find_scheme(case["scheme"])
        j = scheme.jurisdiction(case["jurisdiction"])
        if j is None:
            raise ValueError(f"unknown jurisdiction {case['jurisdiction']} in {case['scheme']}")
        line = BudgetLine("项目支出表", 1, case["name"], 1.0, description=case["description"],
                          funding=classify_funding(case["funding"]))
        verdicts.append(judge_line(line, Placement(scheme, j, j.level), matcher_for(scheme)).verdict)
    return verdicts


def score(cases: list[dict], got: list[str]) -> Score:
    pairs = list(zip(cases, got))
    tp = sum(1 for c, g in pairs if g in ERRORS and c["verdict"] in ERRORS)
    flagged = sum(1 for _, g in pairs if g in ERRORS)
    labelled = sum(1 for c, _ in pairs if c["verdict"] in ERRORS)
    right = Counter(c["verdict"] for c, g in pairs if g == c["verdict"])
    total = Counter(c["verdict"] for c, _ in pairs)
    return Score(
        lines=len(pairs),
        precision=tp / flagged if flagged else 1.0,
        recall=tp / labelled if labelled else 1.0,
        accuracy=sum(right.values()) / len(pairs) if pairs else 1.0,
        per_verdict=tuple((v, right[v], total[v]) for v in VERDICTS),
        not_ip_flagged=sum(1 for c, g in pairs if c["verdict"] == "not-ip" and g in WARNED),
        misses=tuple((c, g) for c, g in pairs if g != c["verdict"]),
    )


def main(argv: list[str]) -> int:
    show = "--misses" in argv
    for name in [a for a in argv if not a.startswith("--")] or ["dev"]:
        cases = load(name)
        result = score(cases, judge(cases))
        print(result.report(name))
        if show and name != "sealed":
            for c, g in result.misses:
                print(f"  {c['verdict']:>11} ← {g:<11} {c['jurisdiction']}｜{c['name']}｜{c['description'][:40]}｜{c['funding']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
