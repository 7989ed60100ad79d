"""The benchmark's report-format scenarios (issue 20): the findings workbook, annotated copies,
and how soon a large HTML report can be used in a browser.

- xlsx: `check --format xlsx` beside `--format json` on the big workbook and on the workbook
  where nearly every line is a finding, whole fresh processes: time and peak memory (the
  workbook is written row by row, so its memory should stay near the JSON run's);
- annotate: `check --annotate` on project libraries of 2,000 … 100,000 lines, less the same
  run without it: the copy's own cost per line must not grow with the size (issue 19 found it
  quadratic: 2.8 / 8 / 49 s for 2,000 / 4,000 / 8,000 lines);
- html-usable: the 10,000-finding report opened in headless Chromium (/usr/bin/chromium, via
  playwright): from navigation to the load event, then the first filter answered (its rows
  shown in the next frame), then a search. "Usable" is the load plus the first filter.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import _generate as gen
from _measure import BUDGETLINT, Setup, Target, cpu, fmt_mb, fmt_s, log, mark, med, peak, rounds, table

CHROMIUM = Path("/usr/bin/chromium")
#: Sets a filter the way a user does (value, then an input event) and resolves with
#: [ms until the handler returned, ms until the frame after it was drawn].
FILTER = """([selector, value]) => new Promise(done => {
    const el = document.querySelector(selector), start = performance.now();
    el.value = value; el.dispatchEvent(new Event("input", {bubbles: true}));
    const handled = performance.now() - start;
    requestAnimationFrame(() => setTimeout(() => done([handled, performance.now() - start]), 0));
})"""


def bench_xlsx(s: Setup, big: Path, rows: int, flagged: Path, flagged_rows: int) -> tuple[list[str], list[Target], dict]:
    log("findings workbook (--format xlsx)")
    contenders = {}
    for label, path in (("big", big), ("findings", flagged)):
        for fmt in ("xlsx", "json"):
            contenders[f"{fmt} {label}"] = [BUDGETLINT, "check", str(path), "--format", fmt, "--output",
                                            str(s.out / f"{label}.{fmt}"), "--jobs", "1"]
    runs = rounds(s.n, contenders)

    def line(key: str, what: str) -> tuple:
        size = s.out / (key.split()[1] + "." + key.split()[0])
        return (f"`check --format {key.split()[0]}`, {what}", fmt_s(med(runs[key])), fmt_s(cpu(runs[key])),
                fmt_mb(peak(runs[key])), f"{size.stat().st_size / 2**20:.1f} MB" if size.exists() else "—")

    big_what, flagged_what = f"{rows:,} lines", f"{flagged_rows:,} lines, nearly all findings"
    text = "### The findings workbook (`--format xlsx`) beside JSON, whole fresh processes\n\n" + table(
        ("run", "median wall", "median CPU", "peak RSS", "output"),
        [line("xlsx big", big_what), line("json big", big_what),
         line("xlsx findings", flagged_what), line("json findings", flagged_what)])
    extra = peak(runs["xlsx big"]) - peak(runs["json big"])
    targets = [(f"xlsx on {rows:,} lines: peak memory above the JSON run's", fmt_mb(extra) if extra > 0 else "none",
                "≤ 100 MB", mark(extra, 100, True))]
    numbers = {k: {"wall": med(v), "cpu": cpu(v), "rss": peak(v)} for k, v in runs.items()}
    return [text], targets, numbers


def bench_annotate(s: Setup, folder: Path, sizes: tuple[int, ...]) -> tuple[list[str], list[Target], dict]:
    rows_out, per_line = [], {}
    for n in sizes:
        log(f"annotated copy of a {n:,}-line workbook")
        where = folder / f"annotate-{n}"
        where.mkdir(parents=True, exist_ok=True)
        path, _ = gen.write_big(where, n)
        out = s.out / f"annotated-{n}"
        base = [BUDGETLINT, "check", str(path), "--format", "json", "--output", str(s.out / f"annotate-{n}.json"),
                "--jobs", "1", "--fail-on", "never"]
        runs = rounds(1 if n > 20_000 else s.n, {"with": [*base, "--annotate", str(out)], "without": base})
        copy_s = max(med(runs["with"]) - med(runs["without"]), 0.0)
        per_line[n] = copy_s / n * 1000  # seconds per 1,000 lines
        rows_out.append((f"{n:,}", fmt_s(med(runs["without"])), fmt_s(med(runs["with"])), fmt_s(copy_s),
                         fmt_s(per_line[n]), fmt_mb(peak(runs["with"]))))
    text = ("### Annotated copies (`--annotate`), one workbook of N project lines (about one in six flagged)\n\n"
            "The copy's cost is the run with `--annotate` less the same run without it.\n\n" + table(
                ("lines", "check (json)", "check --annotate", "the copy", "per 1,000 lines", "peak RSS"), rows_out))
    small, large = per_line[sizes[0]], per_line[sizes[-1]]
    growth = large / small if small else None
    targets = [(f"annotate: cost per line at {sizes[-1]:,} lines ≤ 2 × at {sizes[0]:,} (linear)",
                f"{growth:.2f}×" if growth else "—", "≤ 2×", mark(growth, 2.0, True))]
    return [text], targets, {"per_1000_lines_s": per_line}


def bench_html_usable(s: Setup, report: Path, findings: int) -> tuple[list[str], list[Target], dict]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return ["### HTML report in a browser: not measured (playwright is not installed)"], [], {}
    if not CHROMIUM.exists() or not report.exists():
        return [f"### HTML report in a browser: not measured (no {CHROMIUM} or no report)"], [], {}
    log(f"HTML report of {findings:,} findings in headless Chromium")
    measures: dict[str, list[float]] = {"load": [], "filter": [], "search": [], "usable": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"])
        for i in range(s.n):
            log(f"  round {i + 1}/{s.n}")
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(report.as_uri())
            load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
            _, first = page.evaluate(FILTER, ["#f-sev", "error"])
            time.sleep(0.2)
            _, search = page.evaluate(FILTER, ["#f-q", "项目"])
            measures["load"].append(load)
            measures["filter"].append(first / 1000)
            measures["search"].append(search / 1000)
            measures["usable"].append(load + first / 1000)
            page.close()
        browser.close()
    m = {k: statistics.median(v) for k, v in measures.items()}
    text = (f"### HTML report of {findings:,} findings in headless Chromium ({report.stat().st_size / 2**20:.1f} MB), "
            f"medians of {s.n}\n\n" + table(("step", "median"), [
                ("open the file: navigation to the load event", fmt_s(m["load"])),
                ("first filter (severity), rows shown in the next frame", fmt_s(m["filter"])),
                ("a search over every row", fmt_s(m["search"])),
                ("usable: load + first filter", fmt_s(m["usable"]))]))
    targets = [(f"HTML report of {findings:,} findings usable in Chromium ≤ 3 s", fmt_s(m["usable"]), "≤ 3 s",
                mark(m["usable"], 3.0, True, s.full))]
    return [text], targets, m
