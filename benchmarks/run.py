"""budgetlint's benchmark: speed and memory against the floor (python-calamine) and openpyxl.

    .venv/bin/python benchmarks/run.py            # the full run (make bench): medians of 3
    .venv/bin/python benchmarks/run.py --quick    # one run of each, smaller workbooks
    .venv/bin/python benchmarks/run.py --rows 200000 --huge --json results.json

Every workbook is generated first (benchmarks/_generate.py) into a temporary folder
(or --workdir). Every measure is a fresh process, timed from start to exit, its peak
memory read from wait4(); contenders are run side by side, round after round, so a
busy machine slows them all alike. The in-process stage breakdown also runs in a fresh
process (this script with --probe), timing the engine's own functions by wrapping them.
Markdown tables go to stdout, progress to stderr. Nothing here is part of the tests.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _generate as gen  # noqa: E402
import _reports  # noqa: E402
from _measure import (  # noqa: E402
    BUDGETLINT, PYTHON, Run, Setup, Target, child, completed, cpu, fmt_mb, fmt_s, log, mark, med, ok, peak, rounds,
    table,
)

CALAMINE = ("import sys\nfrom python_calamine import CalamineWorkbook\n"
            "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name(sys.argv[2]).to_python()")
OPENPYXL = ("import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
            "for row in wb[sys.argv[2]].iter_rows(values_only=True):\n    for v in row: pass\nwb.close()")
#: Modules a text run should never import (report formats and analysis only).
MUST_NOT_IMPORT = ("pandas", "numpy", "jinja2", "openpyxl")
#: Packages whose import cost is worth knowing on a text run (cumulative, as importtime reports).
PACKAGES = ("click", "concurrent.futures", "multiprocessing", "python_calamine", "ahocorasick", "defusedxml",
            "tomllib", "csv", "zipfile", "markupsafe")


def byte_compile() -> str:
    """Write the package's .pyc files, as pip does when it installs a wheel. An editable
    install under PYTHONDONTWRITEBYTECODE (set on these machines) would otherwise compile
    every module from source in every measured process: about 40 ms each."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("budgetlint")
    folder = Path(spec.origin).parent if spec and spec.origin else None
    if folder is None or not compileall.compile_dir(str(folder), quiet=1):
        return "nothing (budgetlint not found, or not writable)"
    return str(folder)


def probes_of(runs: list[Run]) -> list[dict]:
    return [json.loads(r.output.read_text("utf-8")) for r in runs if r.status == 0 and r.output]


def in_process(probes: list[dict], fmt: str) -> float:
    """Median of the probe's own total: imports, the engine, rendering and writing."""
    keys = ("import", "lint_paths", f"render {fmt}", "write")
    return statistics.median(sum(p["spent"].get(k, 0.0) for k in keys) for p in probes) if probes else 0.0


# ---------------------------------------------------------------------------
# The in-process probe (runs in its own fresh process).


def probe(path: str, fmt: str, output: str) -> dict:
    """Lint one workbook through the engine with its stages timed; print JSON."""
    import resource
    from time import perf_counter

    spent: dict[str, float] = defaultdict(float)
    memory: dict[str, float] = {}

    def rss() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def timed(stage, fn):
        def wrapper(*args, **kwargs):
            start = perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[stage] += perf_counter() - start
                memory[stage] = rss()
        return wrapper

    def timed_iter(stage, fn):
        def wrapper(*args, **kwargs):
            items = iter(fn(*args, **kwargs))
            while True:
                start = perf_counter()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    spent[stage] += perf_counter() - start
                yield item
        return wrapper

    class TimedMatcher:
        def __init__(self, inner):
            self._inner = inner

        def __getattr__(self, name):
            return getattr(self._inner, name)

        # The judge's batch path: texts() once per workbook, hits() per line, match_hits() per
        # distinct set of hits (match() is the one-line path, used by explain).
        def _timed_call(self, name, *args, **kwargs):
            start = perf_counter()
            try:
                return getattr(self._inner, name)(*args, **kwargs)
            finally:
                spent["match"] += perf_counter() - start

        def texts(self, *args, **kwargs):
            return self._timed_call("texts", *args, **kwargs)

        def hits(self, *args, **kwargs):
            return self._timed_call("hits", *args, **kwargs)

        def match_hits(self, *args, **kwargs):
            return self._timed_call("match_hits", *args, **kwargs)

        def match(self, *args, **kwargs):
            return self._timed_call("match", *args, **kwargs)

    start = perf_counter()
    import budgetlint.read as read
    from budgetlint import engine
    from budgetlint._atomic import atomic_write_chunks
    from budgetlint.report import LINE_FORMATS, ReportOptions, render_chunks
    spent["import"] = perf_counter() - start
    memory["import"] = rss()

    # The engine looks these names up at call time, so wrapping them times the real path.
    for module, name, stage, wrap in (
        (read, "open_sheets", "read: open (zip checks, calamine)", timed_iter),
        (read, "read_sheet", "read: tables (headers, lines, amounts)", timed),
        (engine, "read_workbook", "read", timed),
        (engine, "bundled_schemes", "schemes (load TOML)", timed),
        (engine, "place", "place", timed),
        (engine, "_judge_all", "judge (incl. match)", timed),
        (engine, "_workbook_findings", "rules", timed),
        (engine, "lint_workbook", "workbook", timed),
    ):
        if hasattr(module, name):
            setattr(module, name, wrap(stage, getattr(module, name)))
    if hasattr(engine, "matcher_for"):
        build = timed("match: build automaton", engine.matcher_for)
        engine.matcher_for = lambda scheme: TimedMatcher(build(scheme))

    from budgetlint._check import collect_rarely

    with collect_rarely():  # as `budgetlint check` does, so the probe times the same run
        # As check sets it, but linted in this process (isolate=False), where the stages are timed.
        options = engine.LintOptions(jobs=1, keep_lines=fmt in LINE_FORMATS, isolate=False)
        result = timed("lint_paths", engine.lint_paths)([path], options)
        # As the CLI does: formats with chunks() (json) are encoded while they are written, so
        # for them "write" holds the rendering; the others render whole first ("render FMT").
        pieces = timed(f"render {fmt}", render_chunks)(fmt, result, ReportOptions())
        timed("write", atomic_write_chunks)(Path(output), pieces)
    return {
        "spent": dict(spent),
        "memory": memory,
        "lines": sum(w.lines_judged for w in result.workbooks),
        "findings": len(result.findings),
        "errors": [m for _, m in result.errors],
        "bytes": Path(output).stat().st_size,
    }


def _derived(spent: dict[str, float]) -> dict[str, float]:
    """One probe's stages plus the ones found by subtraction (per probe, so medians stay consistent)."""
    out = dict(spent)
    get = spent.get
    if "judge (incl. match)" in spent:
        out["judge (without match)"] = spent["judge (incl. match)"] - get("match", 0.0) - get("match: build automaton", 0.0)
    if "workbook" in spent:
        named = ("read", "schemes (load TOML)", "place", "judge (incl. match)", "rules")
        out["workbook: other"] = spent["workbook"] - sum(get(k, 0.0) for k in named)
        if "lint_paths" in spent:
            out["run-level"] = spent["lint_paths"] - spent["workbook"]
    return out


def stage_rows(probes: list[dict], fmt: str) -> list[tuple[str, float, float]]:
    """(stage, median seconds, peak RSS after it) in pipeline order; a stage the probe could not time is left out."""
    spent = [_derived(p["spent"]) for p in probes]

    def m(key: str) -> float | None:
        values = [s[key] for s in spent if key in s]
        return statistics.median(values) if values else None

    def mem(key: str) -> float:
        return max((p["memory"].get(key, 0.0) for p in probes), default=0.0)

    rows = [
        ("import budgetlint (engine, reader, report registry)", m("import"), mem("import")),
        ("read: open (zip checks, calamine)", m("read: open (zip checks, calamine)"), 0.0),
        ("read: tables (headers, lines, amounts)", m("read: tables (headers, lines, amounts)"), 0.0),
        ("read (total)", m("read"), mem("read")),
        ("schemes (load TOML)", m("schemes (load TOML)"), 0.0),
        ("place (jurisdiction)", m("place"), mem("place")),
        ("match: build automaton", m("match: build automaton"), 0.0),
        ("match (per line)", m("match"), 0.0),
        ("judge (without match)", m("judge (without match)"), 0.0),
        ("judge + match (total)", m("judge (incl. match)"), mem("judge (incl. match)")),
        ("rules (findings of the workbook)", m("rules"), mem("rules")),
        ("workbook: other", m("workbook: other"), 0.0),
        ("run-level (numbering duplicate fingerprints, suppressions, cross-workbook rules, sort)", m("run-level"), mem("lint_paths")),
        (f"render {fmt} (streamed formats: 0, rendered while written)", m(f"render {fmt}"), mem(f"render {fmt}")),
        ("write the report (streamed formats: render + write)", m("write"), mem("write")),
    ]
    return [(name, s, r) for name, s, r in rows if s is not None]


def stage_table(probes: list[dict], fmt: str, whole: float) -> str:
    """The stage breakdown as Markdown; shares are of the probe's in-process total."""
    total = in_process(probes, fmt)
    rows = [(name, fmt_s(s), f"{100 * s / total:.0f} %" if total else "", fmt_mb(r)) for name, s, r in stage_rows(probes, fmt)]
    rows += [("in-process total (import + lint_paths + render + write)", fmt_s(total), "100 %", ""),
             ("whole process, the CLI (separate runs, above)", fmt_s(whole), "", ""),
             ("difference: interpreter start, CLI, config, exit, noise", fmt_s(whole - total), "", "")]
    return ("In-process, in a fresh process, medians; share of the in-process total. Parts: `read: open` + "
            "`read: tables` ≈ `read (total)`; `match: build automaton` + `match (per line)` + `judge (without match)` "
            "= `judge + match (total)`; `workbook: other` is what `lint_workbook` spends outside the named stages.\n\n"
            + table(("stage", "median", "share", "peak RSS so far"), rows))


# ---------------------------------------------------------------------------
# Reporting.


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    version = subprocess.run([BUDGETLINT, "--version"], capture_output=True, text=True).stdout.strip()
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": cpu, "memory_gb": round(int(mem) / 2**20, 1),
            "python": platform.python_version(), "os": platform.platform(), "budgetlint": version,
            "date": datetime.date.today().isoformat()}


def imports_of(argv: list[str]) -> tuple[dict[str, tuple[float, float]], float]:
    """Every module a run imports (python -X importtime): name → (self s, cumulative s); and the total."""
    done = subprocess.run([PYTHON, "-X", "importtime", *argv], capture_output=True, text=True)
    modules, total = {}, 0.0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|", 2)
        modules[name.strip()] = (int(own) / 1e6, int(cumulative) / 1e6)
        if not name[1:].startswith(" "):  # top level: nesting is shown by indentation
            total += int(cumulative) / 1e6
    return modules, total


# ---------------------------------------------------------------------------
# The benchmark, one section per scenario. Each returns its Markdown, its targets and its numbers.

PROBE = [PYTHON, str(Path(__file__).resolve()), "--probe"]
#: The least a CPython lint can do per line (read, normalise, scan, one short JSON entry): how much
#: of the "≤ 1.5 × the raw read" budget the interpreter itself leaves.
FLOOR = Path(__file__).resolve().with_name("_floor.py")


def bench_big(s: Setup, big: Path, sheet: str, rows: int) -> tuple[list[str], list[Target], dict]:
    log(f"{rows:,}-line workbook")
    runs = rounds(s.n, {
        "budgetlint": [BUDGETLINT, "check", str(big), "--format", "json", "--output", str(s.out / "big.json"), "--jobs", "1"],
        "calamine": [PYTHON, "-c", CALAMINE, str(big), sheet],
        "openpyxl": [PYTHON, "-c", OPENPYXL, str(big), sheet],
        "minimal": [PYTHON, str(FLOOR), str(big), sheet, str(s.out / "big-minimal.json")],
        "probe": [*PROBE, str(big), "json", str(s.out / "big-probe.json")],
    }, stdout={"probe": s.out / "probe-big.txt"})
    probes = probes_of(runs["probe"])
    bl, cal, opx, least = med(runs["budgetlint"]), med(runs["calamine"]), med(runs["openpyxl"]), med(runs["minimal"])
    found = probes[-1]["findings"] if probes else 0

    def line(label: str, key: str, t: float) -> tuple:
        return (label, fmt_s(t), fmt_s(cpu(runs[key])), fmt_mb(peak(runs[key])), f"{rows / t:,.0f}")

    measures = f"### {rows:,}-line workbook ({big.name}, {big.stat().st_size / 2**20:.1f} MB, {found:,} findings)\n\n" + table(
        ("measure (whole fresh process)", "median wall", "median CPU", "peak RSS", "lines/s"),
        [line("budgetlint check --format json --jobs 1", "budgetlint", bl),
         line("python-calamine raw read (the floor)", "calamine", cal),
         line("openpyxl read_only, every value", "openpyxl", opx),
         line("minimal CPython lint (benchmarks/_floor.py)", "minimal", least),
         ("budgetlint / calamine", f"{bl / cal:.1f}×", f"{cpu(runs['budgetlint']) / cpu(runs['calamine']):.1f}×", "", ""),
         ("minimal lint / calamine", f"{least / cal:.1f}×", f"{cpu(runs['minimal']) / cpu(runs['calamine']):.1f}×", "", ""),
         ("openpyxl / budgetlint", f"{opx / bl:.2f}×", f"{cpu(runs['openpyxl']) / cpu(runs['budgetlint']):.2f}×", "", "")])
    stages = f"### Where the time goes: {rows:,}-line workbook\n\n" + stage_table(probes, "json", bl)
    memory = peak(runs["budgetlint"])
    targets = [
        (f"{rows:,} lines end to end ≤ 1.5 × calamine raw", f"{bl / cal:.1f}×", "≤ 1.5×", mark(bl / cal, 1.5, True)),
        (f"{rows:,} lines: openpyxl read_only ≥ 5 × budgetlint's time", f"{opx / bl:.2f}×", "≥ 5×", mark(opx / bl, 5, False)),
        ("peak memory, 100,000 lines", fmt_mb(memory), "≤ 400 MB", mark(memory, 400, True, rows == 100_000)),
    ]
    numbers = {"rows": rows, "budgetlint": bl, "calamine": cal, "openpyxl": opx, "minimal": least, "findings": found,
               "rss": {k: peak(v) for k, v in runs.items()}, "cpu": {k: cpu(v) for k, v in runs.items()},
               "stages": stage_rows(probes, "json")}
    return [measures, stages], targets, numbers


def bench_small(s: Setup, folder: Path, count: int) -> tuple[list[str], list[Target], dict]:
    log(f"{count} small workbooks")
    runs = rounds(s.n, {
        "jobs 1": [BUDGETLINT, "check", str(folder), "--jobs", "1", "--no-progress"],
        "jobs 2": [BUDGETLINT, "check", str(folder), "--jobs", "2", "--no-progress"],
        "probe": [*PROBE, str(folder), "text", str(s.out / "small-probe.txt")],
    }, stdout={"jobs 1": s.out / "small-1.txt", "jobs 2": s.out / "small-2.txt", "probe": s.out / "probe-small.txt"})
    probes = probes_of(runs["probe"])
    j1, j2 = med(runs["jobs 1"]), med(runs["jobs 2"])

    def line(key: str, t: float) -> tuple:
        return (f"budgetlint check DIR --{key}", fmt_s(t), fmt_s(cpu(runs[key])), f"{count / t:,.0f}",
                fmt_mb(peak(runs[key])))

    measures = (f"### {count:,} small workbooks (40–80 lines, 12 jurisdictions, both schemes, one in ten a CSV "
                f"export) in one `check` of their folder\n\n" + table(
                    ("measure (whole fresh process)", "median wall", "median CPU (all processes)", "workbooks/s",
                     "peak RSS (largest process)"),
                    [line("jobs 1", j1), line("jobs 2", j2), ("speed-up jobs 2 / jobs 1", f"{j1 / j2:.2f}×", "", "", "")]))
    stages = f"### Where the time goes: {count:,} small workbooks, --jobs 1, text\n\n" + stage_table(probes, "text", j1)
    targets = [
        ("1,000 small workbooks with --jobs 2 ≤ 15 s", fmt_s(j2), "≤ 15 s", mark(j2, 15, True, s.full)),
        ("--jobs 2 speed-up ≥ 1.6 × --jobs 1", f"{j1 / j2:.2f}×", "≥ 1.6×", mark(j1 / j2, 1.6, False)),
    ]
    numbers = {"count": count, "jobs1": j1, "jobs2": j2, "rss": {k: peak(v) for k, v in runs.items()},
               "cpu": {k: cpu(v) for k, v in runs.items()}, "stages": stage_rows(probes, "text")}
    return [measures, stages], targets, numbers


def bench_one(s: Setup, one: Path) -> tuple[list[str], list[Target], dict]:
    log("one small workbook")
    runs = rounds(s.n, {"check": [BUDGETLINT, "check", str(one), "--no-progress"], "version": [BUDGETLINT, "--version"]})
    modules, import_total = imports_of([BUDGETLINT, "check", str(one), "--no-progress"])
    heavy = [m for m in MUST_NOT_IMPORT if m in modules]
    packages = [(m, modules[m][1]) for m in PACKAGES if m in modules]
    own = sorted(((m, t[0]) for m, t in modules.items()), key=lambda x: -x[1])[:8]
    chk, ver = med(runs["check"]), med(runs["version"])
    text = (f"### One small workbook ({one.name})\n\n" + table(
        ("measure (whole fresh process)", "median wall", "peak RSS"),
        [("budgetlint check FILE (text)", fmt_s(chk), fmt_mb(peak(runs["check"]))),
         ("budgetlint --version", fmt_s(ver), fmt_mb(peak(runs["version"])))])
        + f"\n\nImported on a text run: of {', '.join(MUST_NOT_IMPORT)} (should be absent): "
        + (", ".join(heavy) or "none") + f". All imports: {import_total * 1000:.0f} ms under -X importtime.\n"
        + "Packages (cumulative): " + ", ".join(f"{m} {t * 1000:.0f} ms" for m, t in packages) + ".\n"
        + "Costliest modules (own time): " + ", ".join(f"{m} {t * 1000:.0f} ms" for m, t in own) + ".")
    targets = [("one small workbook, whole process ≤ 0.5 s", fmt_s(chk), "≤ 0.5 s", mark(chk, 0.5, True)),
               ("no pandas / numpy / jinja2 / openpyxl on a text run", ", ".join(heavy) or "none", "none",
                "PASS" if not heavy else "MISS")]
    numbers = {"check": chk, "version": ver, "heavy": heavy, "packages": packages, "own": own, "imports": import_total,
               "rss": {k: peak(v) for k, v in runs.items()}}
    return [text], targets, numbers


def bench_html(s: Setup, flagged: Path, rows: int) -> tuple[list[str], list[Target], dict]:
    log(f"HTML report of a {rows:,}-line workbook")
    report = s.out / "report.html"
    runs = rounds(s.n, {
        "html": [BUDGETLINT, "check", str(flagged), "--format", "html", "--output", str(report), "--jobs", "1"],
        "probe": [*PROBE, str(flagged), "html", str(s.out / "probe-report.html")],
    }, stdout={"probe": s.out / "probe-html.txt"})
    probes = probes_of(runs["probe"])
    render_s = statistics.median(p["spent"]["render html"] for p in probes) if probes else None
    lint_s = statistics.median(p["spent"]["lint_paths"] for p in probes) if probes else None
    size = report.stat().st_size if report.exists() else 0
    found = probes[-1]["findings"] if probes else 0
    e2e = med(runs["html"])
    text = f"### HTML report: {flagged.name}, {rows:,} lines, {found:,} findings\n\n" + table(
        ("measure", "median", "peak RSS"),
        [("budgetlint check --format html (whole process)", fmt_s(e2e), fmt_mb(peak(runs["html"]))),
         ("lint (in-process lint_paths)", fmt_s(lint_s), ""),
         ("render html (in-process)", fmt_s(render_s),
          fmt_mb(max((p["memory"].get("render html", 0) for p in probes), default=0))),
         ("report size", f"{size / 2**20:.1f} MB", "")])
    targets = [(f"HTML report of {found:,} findings rendered ≤ 1 s", fmt_s(render_s), "≤ 1 s",
                mark(render_s, 1.0, True, s.full))]
    numbers = {"findings": found, "e2e": e2e, "lint": lint_s, "render": render_s, "bytes": size,
               "rss": {k: peak(v) for k, v in runs.items()}}
    return [text], targets, numbers


def bench_huge(s: Setup, folder: Path) -> tuple[list[str], list[Target], dict]:
    log("1,000,000-line workbook: generating")
    folder.mkdir(exist_ok=True)
    huge, _ = gen.write_big(folder, 1_000_000)
    report = s.out / "huge.json"
    cmd = [BUDGETLINT, "check", str(huge), "--format", "json", "--output", str(report), "--jobs", "1"]

    def row(label: str, run: Run) -> tuple:
        size = f"{report.stat().st_size / 2**20:,.0f} MB" if completed([run]) and report.exists() else "—"
        last = run.stderr.strip().splitlines()[-1][:160] if run.stderr.strip() else ""
        return (label, "yes" if completed([run]) else "no", fmt_s(run.seconds), fmt_s(run.cpu), fmt_mb(run.rss_mb), size, last)

    log("1,000,000-line workbook: budgetlint check (default configuration)")
    first = ok(child(cmd), "budgetlint")
    rows = [row("default configuration", first)]
    if not completed([first]) and ("took longer" in first.stderr or "timed out" in first.stderr):
        log("1,000,000-line workbook: again with timeout-seconds = 3600")
        (folder / "budgetlint.toml").write_text("timeout-seconds = 3600\n", encoding="utf-8")
        rows.append(row("timeout-seconds = 3600", ok(child(cmd), "budgetlint")))
    text = (f"### 1,000,000-line workbook ({huge.stat().st_size / 2**20:.1f} MB), json, --jobs 1, one run\n\n"
            + table(("run", "completes", "wall", "CPU", "peak RSS", "JSON report", "stderr (last line)"), rows))
    return [text], [], {"rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="rounds per measure (default 3; 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="one round, smaller workbooks")
    parser.add_argument("--rows", type=int, default=None, help="lines of the big workbook (default 100000)")
    parser.add_argument("--huge", action="store_true", help="also lint a 1,000,000-line workbook")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="generate here and keep the files (e.g. benchmarks/_work; a budgetlint.toml above it applies)")
    parser.add_argument("--json", type=Path, default=None, help="also write every measure to this JSON file")
    parser.add_argument("--probe", nargs=3, metavar=("PATH", "FORMAT", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(probe(*args.probe)))
        return 0

    n = args.runs or (1 if args.quick else 3)
    big_rows = args.rows or (10_000 if args.quick else 100_000)
    small_count, findings_rows = (100, 1_000) if args.quick else (1_000, 10_000)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="budgetlint-bench-"))
    for sub in ("big", "one", "findings", "out"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    setup = Setup(n, not args.quick, work / "out")
    results: dict = {"machine": machine(), "runs": n, "load_before": os.getloadavg()}
    sections: list[str] = []
    targets: list[Target] = []
    try:
        compiled = byte_compile()
        log(f"byte-compiled {compiled}")
        log(f"generating into {work}")
        start = time.perf_counter()
        big, sheet = gen.write_big(work / "big", big_rows)
        small = gen.write_small_set(work / "small", small_count)
        one = work / "one" / small[1].name  # alone in its folder: a 部门预算 .xlsx of 晋城市
        shutil.copy(small[1], one)
        flagged = gen.write_findings(work / "findings", findings_rows)
        log(f"  generated in {time.perf_counter() - start:.1f} s")
        scenarios = [("big", lambda: bench_big(setup, big, sheet, big_rows)),
                     ("small", lambda: bench_small(setup, work / "small", small_count)),
                     ("one", lambda: bench_one(setup, one)),
                     ("html", lambda: bench_html(setup, flagged, findings_rows)),
                     ("html-usable", lambda: _reports.bench_html_usable(
                         setup, setup.out / "report.html", results.get("html", {}).get("findings", findings_rows))),
                     ("xlsx", lambda: _reports.bench_xlsx(setup, big, big_rows, flagged, findings_rows)),
                     ("annotate", lambda: _reports.bench_annotate(
                         setup, work / "annotate", (2_000, 4_000, 8_000) + (() if args.quick else (100_000,))))]
        if args.huge:
            scenarios.append(("huge", lambda: bench_huge(setup, work / "huge")))
        for key, scenario in scenarios:
            texts, marks, numbers = scenario()
            sections += texts
            targets += marks
            results[key] = numbers
    finally:
        results["load_after"] = os.getloadavg()
        if args.json:
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    info = results["machine"]
    print(f"## budgetlint benchmark — {info['date']}\n")
    print(f"{info['budgetlint']}; Python {info['python']}; {info['nproc']} CPU ({info['cpu']}); "
          f"{info['memory_gb']} GB RAM; {info['os']}. Medians of {n} run(s)"
          + (" (--quick: smaller sizes)" if args.quick else "")
          + ". Load average before / after: " + " / ".join(f"{x[0]:.2f}" for x in (results["load_before"], results["load_after"]))
          + " (other work on the machine slows wall times; CPU times suffer less).\n")
    for section in sections:
        print(section + "\n")
    print("### Targets\n")
    print(table(("target", "measured", "limit", "mark"), targets))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
