"""Three synthetic cities, from published text to linted budgets with no hand edits.

Each folder under cities/ holds a scheme text in one of the shapes cities publish, a scheme
written by hand from it (hand.toml), and budget lines written the way budgets name things,
each labelled with the verdict the scheme text gives it (lines.csv):

- zhangye: 市级 / 县区, a web-page copy (navigation, 发布时间, half-width commas, a sentence
  broken across lines), no 总体要求, an extra 知识产权创造 category with 专利奖励 at both levels;
- ezhou: 市 / 区, a pdftotext copy in GB18030 (page footers, lines broken inside sentences and
  numbers, headings running into their clauses), a shared clause explained by 其中;
- chifeng: 市级 / 旗县区, a Word export with 总体要求, inline headings, one heading run straight
  into its clause with no stop, a 授权确权 category, county words the catalogue lacks (旗).

For each: the draft validates against its text, places every task as the hand-written scheme
does, and its verdicts on the labelled lines are within one line of the hand-written scheme's.
"""

from __future__ import annotations

import csv
import json
import shutil
import tomllib
from pathlib import Path

import pytest

from budgetlint.draft import draft_scheme, read_scheme_text
from budgetlint.judge import judge_line
from budgetlint.match import matcher_for
from budgetlint.models import BudgetLine, Placement, Scheme
from budgetlint.read.funding import classify_funding
from budgetlint.schemes import load_scheme, validate_file
from tests.conftest import project_sheet, write_xlsx

CITIES = Path(__file__).resolve().parent / "cities"
NAMES = sorted(p.name for p in CITIES.iterdir() if (p / "text.txt").is_file())


def _lines(city: str) -> list[dict]:
    with open(CITIES / city / "lines.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _drafted(city: str, folder: Path) -> tuple[Path, tuple[str, ...]]:
    """The draft written beside a copy of its text, as `schemes draft TEXT -o FILE` does."""
    shutil.copy(CITIES / city / "text.txt", folder / "text.txt")
    draft = draft_scheme(read_scheme_text(folder / "text.txt"), f"{city}-draft", "text.txt")
    path = folder / f"{city}.toml"
    path.write_text(draft.toml, encoding="utf-8")
    return path, draft.review


def _verdicts(scheme: Scheme, cases: list[dict]) -> list[str]:
    matcher, verdicts = matcher_for(scheme), []
    for case in cases:
        j = scheme.jurisdiction(case["jurisdiction"])
        assert j is not None, case["jurisdiction"]
        line = BudgetLine("项目支出表", 1, case["name"], 1.0, description=case["description"],
                          funding=classify_funding(case["funding"]))
        verdicts.append(judge_line(line, Placement(scheme, j, j.level), matcher).verdict)
    return verdicts


@pytest.mark.parametrize("city", NAMES)
def test_hand_written_scheme_is_valid_against_the_text(city: str) -> None:
    assert validate_file(CITIES / city / "hand.toml") == []


@pytest.mark.parametrize("city", NAMES)
def test_draft_validates_against_its_text_and_places_every_task(city: str, tmp_path: Path) -> None:
    path, review = _drafted(city, tmp_path)
    assert validate_file(path) == []  # the scheme's `source` makes this the check against the text too
    assert [r for r in review if r.startswith(("task “", "not read as a clause", "jurisdictions:"))] == []

    def clauses(data: dict) -> dict[tuple[str, str], dict[str, str]]:
        return {(c["text"], c["pays"]): {t["task"]: t["wording"] for t in c.get("tasks", [])} for c in data["clauses"]}

    draft = tomllib.loads(path.read_text(encoding="utf-8"))
    hand = tomllib.loads((CITIES / city / "hand.toml").read_text(encoding="utf-8"))
    hand_clauses = clauses(hand)
    drafted = clauses(draft)
    # A sentence holding two clauses (……；将……) is one hand-written text per level, two drafted ones.
    for (text, pays), tasks in hand_clauses.items():
        match = drafted.get((text, pays)) or next(v for (t, p), v in drafted.items() if p == pays and t in text)
        assert match == tasks, (pays, text[:30])
    hand_places = {(j["name"], j["level"]) for j in hand["jurisdictions"] if j["kind"] != "开发区"}
    assert {(j["name"], j["level"]) for j in draft["jurisdictions"]} >= hand_places


@pytest.mark.parametrize("city", NAMES)
def test_draft_verdicts_are_within_one_line_of_the_hand_written_scheme(city: str, tmp_path: Path) -> None:
    path, _ = _drafted(city, tmp_path)
    cases = _lines(city)
    assert len(cases) >= 20
    drafted = _verdicts(load_scheme(path), cases)
    hand = _verdicts(load_scheme(CITIES / city / "hand.toml"), cases)
    assert sum(d != h for d, h in zip(drafted, hand)) <= 1
    right = [sum(v == c["verdict"] for v, c in zip(verdicts, cases)) for verdicts in (drafted, hand)]
    assert right[0] >= right[1] - 1


@pytest.mark.parametrize("city", NAMES)
@pytest.mark.usefixtures("english")
def test_draft_to_report_through_the_command_line(city: str, tmp_path: Path, run_cli) -> None:
    """draft → validate → check a workbook with --scheme: the findings are the hand-written
    scheme's, row for row."""
    shutil.copy(CITIES / city / "text.txt", tmp_path / "text.txt")
    scheme = tmp_path / "schemes" / f"{city}.toml"
    scheme.parent.mkdir()
    code, _, err = run_cli("schemes", "draft", tmp_path / "text.txt", "-o", scheme)
    assert code == 0 and "review:" in err, err
    assert tomllib.loads(scheme.read_text(encoding="utf-8"))["scheme"]["source"] == "../text.txt"
    code, out, err = run_cli("schemes", "validate", scheme)
    assert code == 0 and "valid" in out, err
    cases = [c for c in _lines(city) if c["jurisdiction"] == _busiest(city)]
    book = write_xlsx(tmp_path / f"{_busiest(city)}2025年部门预算.xlsx", {
        "项目支出表": project_sheet(f"{_busiest(city)}2025年部门预算项目支出表",
                                 [(c["name"], 10.0, c["funding"]) for c in cases]),
    })

    def findings(scheme_path: Path) -> set[tuple[str, str, int]]:
        out = tmp_path / f"{scheme_path.stem}.json"
        run_cli("check", book, "--scheme", scheme_path, "--format", "json", "--output", out, "--jobs", "1")
        report = json.loads(out.read_text(encoding="utf-8"))
        return {(f["rule"], f["sheet"], f["row"]) for f in report["findings"]}

    drafted, hand = findings(scheme), findings(CITIES / city / "hand.toml")
    assert drafted and len(drafted ^ hand) <= 1


def _busiest(city: str) -> str:
    """The city's own jurisdiction: most lines are written for its budget."""
    counts: dict[str, int] = {}
    for case in _lines(city):
        counts[case["jurisdiction"]] = counts.get(case["jurisdiction"], 0) + 1
    return max(sorted(counts), key=counts.get)
