"""The draft-to-report path of a new city, timed as a user runs it (issue 17).

    .venv/bin/python benchmarks/draft_to_report.py [RUNS]

For each published text (the two seeds, and the synthetic cities of tests/draft/cities: a web
copy, a pdftotext copy in GB18030, a Word export), in fresh processes, in a temporary folder:

    budgetlint schemes draft TEXT -o city.toml
    budgetlint schemes validate city.toml          (with the text: the scheme names it as source)
    budgetlint check BUDGET.xlsx --scheme city.toml -o report.txt

BUDGET.xlsx is a 项目支出表 of 200 lines for the city itself, made from the city's labelled lines
(tests/draft/cities/*/lines.csv; the seeds borrow 张掖's names). Prints the median wall time of
each step in seconds, and their sum. Nothing here is part of the tests.
"""

from __future__ import annotations

import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CITIES = REPO / "tests" / "draft" / "cities"
BUDGETLINT = [sys.executable, "-m", "budgetlint"]
LINES = 200

TEXTS = {  # name: (text, the city's own jurisdiction, labelled lines)
    "jincheng (seed, Markdown)": (REPO / "schemes" / "sources" / "jincheng.txt", "晋城市", CITIES / "zhangye" / "lines.csv"),
    "shijiazhuang (seed)": (REPO / "schemes" / "sources" / "shijiazhuang.txt", "石家庄市", CITIES / "zhangye" / "lines.csv"),
    "zhangye (web copy)": (CITIES / "zhangye" / "text.txt", "张掖市", CITIES / "zhangye" / "lines.csv"),
    "ezhou (pdftotext, GB18030)": (CITIES / "ezhou" / "text.txt", "鄂州市", CITIES / "ezhou" / "lines.csv"),
    "chifeng (Word export, 旗县区)": (CITIES / "chifeng" / "text.txt", "赤峰市", CITIES / "chifeng" / "lines.csv"),
}
STEPS = ("draft", "validate", "check")


def _budget(path: Path, city: str, lines_csv: Path) -> Path:
    from openpyxl import Workbook

    with open(lines_csv, encoding="utf-8", newline="") as f:
        names = [(row["name"], row["funding"]) for row in csv.DictReader(f)]
    wb = Workbook()
    ws = wb.active
    ws.title = "项目支出表"
    ws.append([f"{city}市场监督管理局2025年部门预算项目支出表"])
    ws.append([f"编制单位：{city}市场监督管理局", None, "单位：万元"])
    ws.append(["项目名称", "金额（万元）", "资金来源"])
    for i in range(LINES):
        name, funding = names[i % len(names)]
        ws.append([f"{name}（{i // len(names) + 1}）" if i >= len(names) else name, 5.0, funding])
    ws.append(["合计", 5.0 * LINES, None])
    path = path / f"{city}2025年部门预算.xlsx"
    wb.save(path)
    return path


def _timed(args: list[str], expect: tuple[int, ...]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in expect:
        raise SystemExit(f"{' '.join(args)}: exit {done.returncode}\n{done.stderr}")
    return elapsed


def run_once(text: Path, city: str, lines_csv: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / text.name
        source.write_bytes(text.read_bytes())
        scheme = folder / "city.toml"
        budget = _budget(folder, city, lines_csv)
        return {
            "draft": _timed([*BUDGETLINT, "schemes", "draft", str(source), "-o", str(scheme)], (0,)),
            "validate": _timed([*BUDGETLINT, "schemes", "validate", str(scheme)], (0,)),
            # exit 1: the budget has findings, as it should
            "check": _timed([*BUDGETLINT, "check", str(budget), "--scheme", str(scheme), "-o", str(folder / "report.txt"),
                             "--no-progress"], (0, 1)),
        }


def main(runs: int) -> None:
    print(f"| text | {' | '.join(STEPS)} | total |")
    print("|---|" + "---:|" * (len(STEPS) + 1))
    for name, (text, city, lines_csv) in TEXTS.items():
        samples = [run_once(text, city, lines_csv) for _ in range(runs)]
        medians = {step: statistics.median(s[step] for s in samples) for step in STEPS}
        total = statistics.median(sum(s.values()) for s in samples)
        print(f"| {name} | " + " | ".join(f"{medians[s]:.2f} s" for s in STEPS) + f" | {total:.2f} s |")
    print(f"\nmedian of {runs} runs; each step a fresh process; a {LINES}-line budget")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
