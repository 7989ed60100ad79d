"""The least a lint written in CPython can do per line: the benchmark's "minimal lint" contender.

    python benchmarks/_floor.py WORKBOOK SHEET OUTPUT

It reads the sheet with python-calamine (exactly as the floor does), finds the header row by its
项目名称 cell, and for every row with a text name and a number amount: NFKC-normalises the name,
scans it with one Aho-Corasick automaton of every term the bundled schemes use (403 of them), looks
the hits up in a memo of pre-encoded decisions, and writes one short JSON entry (sheet, row, name,
amount, verdict, hits). No header vocabulary, 科目 codes, funding, 小计 checks, rules, evidence,
fingerprints or summary: whatever budgetlint does beyond this is checking the issue asks for.

It answers one question with a measurement: how much of the "≤ 1.5 × the raw read" budget does the
bare per-line cost of CPython leave for the lint itself? Not a test, not a product path.
"""

from __future__ import annotations

import json
import sys
import tomllib
import unicodedata
from json.encoder import encode_basestring
from pathlib import Path

import ahocorasick
from python_calamine import CalamineWorkbook

SCHEMES = Path(__file__).resolve().parent.parent / "schemes"


def scheme_terms() -> set[str]:
    """Every keyword part (知识产权+培训 → 知识产权, 培训) and vocabulary term of the bundled schemes."""
    terms: set[str] = set()

    def walk(value, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                if isinstance(v, str) and (key in ("keywords", "exclude") or key.endswith("_terms")):
                    terms.update(part for part in v.split("+") if part)
                else:
                    walk(v, key)

    for path in sorted(SCHEMES.glob("*.toml")):
        walk(tomllib.loads(path.read_text("utf-8")))
    return terms


def main(path: str, sheet: str, output: str) -> None:
    rows = CalamineWorkbook.from_path(path).get_sheet_by_name(sheet).to_python()
    automaton = ahocorasick.Automaton()
    for term in scheme_terms():
        automaton.add_word(unicodedata.normalize("NFKC", term), term)
    automaton.make_automaton()
    header = next(i for i, row in enumerate(rows) if "项目名称" in row)
    name_col, amount_col = rows[header].index("项目名称"), len(rows[header]) - 1
    sheet_json, nfkc, scan = encode_basestring(sheet), unicodedata.normalize, automaton.iter
    decisions: dict[tuple, str] = {}
    entries = []
    for number, row in enumerate(rows[header + 1:], header + 2):
        name, amount = row[name_col], row[amount_col]
        if name.__class__ is not str or not name or amount.__class__ is not float:
            continue
        hits = tuple([term for _, term in scan(nfkc("NFKC", name))])
        tail = decisions.get(hits)
        if tail is None:
            verdict = "candidate" if hits else "not-ip"
            tail = decisions[hits] = json.dumps({"verdict": verdict, "hits": hits}, ensure_ascii=False)[1:-1]
        entries.append(f'{{"sheet":{sheet_json},"row":{number},"name":{encode_basestring(name)},'
                       f'"amount_yuan":{amount!r},{tail}}}')
    with open(output, "w", encoding="utf-8") as out:
        out.write('{"lines":[')
        out.write(",".join(entries))
        out.write("]}\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
