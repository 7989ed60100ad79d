"""Every report format against the raw read of the same workbook, and the cost per finding.

    .venv/bin/python benchmarks/formats.py [--runs 3] [--rows 100000] [--workdir DIR]

Two generated workbooks (benchmarks/_generate.py): the benchmark's 100,000-line project
library (30 % IP lines, names that never repeat) and the findings-heavy export of issue 22
(80 % IP lines, many at the wrong level, names repeated by the thousand, amounts split over
本级财力 / 上级转移支付 columns, descriptions). For each: python-calamine's raw read of the
sheet (the floor), then `budgetlint check --format F --output …` for every format of the
report registry, each a fresh process, run side by side in rounds; medians. Printed as
Markdown: ratio to the read, µs per line and µs per finding beyond the read, and what each
format costs against JSON. Also `budgetlint --version` against a bare interpreter.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _generate import write_big, write_heavy  # noqa: E402
from _measure import BUDGETLINT, PYTHON, cpu, fmt_s, log, med, rounds, table  # noqa: E402

CALAMINE = ("import sys\nfrom python_calamine import CalamineWorkbook\n"
            "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name(sys.argv[2]).to_python()")
SUFFIX = {"text": "txt", "github": "github.txt", "junit": "xml"}


def formats() -> list[str]:
    from budgetlint.report import FORMATS

    return list(FORMATS)


def bench(path: Path, sheet: str, runs: int, out: Path) -> tuple[str, dict]:
    contenders = {"calamine": [PYTHON, "-c", CALAMINE, str(path), sheet]}
    for fmt in formats():
        target = out / f"{path.stem}.{SUFFIX.get(fmt, fmt)}"
        target.unlink(missing_ok=True)  # a report from another version would be refused, not replaced
        contenders[fmt] = [BUDGETLINT, "check", str(path), "--format", fmt, "--output", str(target), "--jobs", "1",
                           "--fail-on", "never", "--no-progress"]
    results = rounds(runs, contenders)
    report = json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))
    lines = sum(len(wb["lines"]) for wb in report["workbooks"])
    findings = len(report["findings"])
    read = med(results["calamine"])
    base = med(results["json"])
    rows = []
    for fmt in formats():
        failed = [r.status for r in results[fmt] if r.status not in (0, 1)]
        if failed:  # a failed run would otherwise show as a fast one
            rows.append((fmt, f"failed (exit {failed[0]})", "", "", "", "", ""))
            continue
        t = med(results[fmt])
        beyond = max(t - read, 0.0)
        rows.append((fmt, fmt_s(t), fmt_s(cpu(results[fmt])), f"{t / read:.2f}×", f"{t / base:.2f}×",
                     f"{beyond / lines * 1e6:.1f}", f"{beyond / findings * 1e6:.1f}" if findings else "—"))
    rows.append(("python-calamine raw read", fmt_s(read), fmt_s(cpu(results["calamine"])), "1.00×", "", "", ""))
    text = (f"### {path.name}: {lines:,} lines, {findings:,} findings\n\n"
            + table(("format", "median wall", "median CPU", "× read", "× json", "µs/line beyond the read",
                     "µs/finding beyond the read"), rows))
    numbers = {"lines": lines, "findings": findings, "read": read,
               **{fmt: {"wall": med(results[fmt]), "cpu": cpu(results[fmt])} for fmt in formats()}}
    return text, numbers


def version(runs: int) -> tuple[str, dict]:
    results = rounds(runs * 3, {"budgetlint --version": [BUDGETLINT, "--version"], "python -c pass": [PYTHON, "-c", "pass"]})
    ours, bare = med(results["budgetlint --version"]), med(results["python -c pass"])
    return (f"`budgetlint --version` {fmt_s(ours)} against a bare interpreter's {fmt_s(bare)}: {ours / bare:.2f}×",
            {"version": ours, "bare": bare})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write every measure to this JSON file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        out = work / "out"
        out.mkdir(exist_ok=True)
        log("writing the workbooks")
        big = write_big(work, args.rows)
        heavy = write_heavy(work, args.rows)
        sections, numbers = [], {}
        for label, (path, sheet) in (("benchmark", big), ("heavy", heavy)):
            log(f"{path.name}")
            text, numbers[label] = bench(path, sheet, args.runs, out)
            sections.append(text)
        text, numbers["version"] = version(args.runs)
        sections.append(text)
    print("\n\n".join(sections))
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
