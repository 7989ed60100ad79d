"""Measuring a command in a fresh process: its wall time, CPU time and peak memory.

Shared by run.py (the benchmark) and _reports.py (its report-format scenarios).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

PYTHON = sys.executable
BUDGETLINT = str(Path(sys.executable).with_name("budgetlint"))
#: Runs one command and reports its own wall time and rusage. Linux starts a process's peak RSS at
#: its parent's RSS when it forks, so measuring straight from this (large) script would inflate small
#: children; this launcher is a bare interpreter (~10 MB, the floor of any Python measure anyway).
LAUNCHER = """import json, os, sys, time
result, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(result, "w") as fh:
    json.dump([seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)], fh)
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Run:
    seconds: float
    cpu: float  # user + sys seconds, the process and the workers it waited for
    rss_mb: float  # peak RSS of the process (for --jobs 2: of its largest process)
    status: int
    stderr: str
    output: Path | None = None  # where its stdout went, when kept


def child(argv: list[str], stdout: Path | None = None) -> Run:
    """Run argv (absolute executable first) to completion through the launcher; its wall, CPU and peak RSS."""
    with open(stdout or os.devnull, "wb") as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".json") as result:
        launched = subprocess.run([PYTHON, "-c", LAUNCHER, result.name, *argv], stdout=out, stderr=err)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
        if launched.returncode != 0:
            return Run(0.0, 0.0, 0.0, 255, f"launcher failed: {text}", stdout)
        seconds, cpu_s, rss_mb, status = json.load(result)
    return Run(seconds, cpu_s, rss_mb, status, text, stdout)


def ok(run: Run, tool: str) -> Run:
    """budgetlint exits 1 when it finds something; 2 or worse is a failed measure."""
    if run.status not in (0, 1):
        log(f"{tool} exited {run.status}: {run.stderr.strip()[-400:]}")
    return run


def rounds(n: int, contenders: dict[str, list[str]], stdout: dict[str, Path] | None = None) -> dict[str, list[Run]]:
    """n rounds; each round runs every contender once, in turn. Kept stdout goes to one file per round."""
    runs: dict[str, list[Run]] = defaultdict(list)
    for i in range(n):
        for name, argv in contenders.items():
            log(f"  {name} (round {i + 1}/{n})")
            kept = (stdout or {}).get(name)
            kept = kept.with_name(f"{kept.stem}.{i + 1}{kept.suffix}") if kept else None
            runs[name].append(ok(child(argv, kept), name))
    return runs


def med(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def cpu(runs: list[Run]) -> float:
    return statistics.median(r.cpu for r in runs)


def peak(runs: list[Run]) -> float:
    return max(r.rss_mb for r in runs)


def completed(runs: list[Run]) -> bool:
    return all(r.status in (0, 1) for r in runs)


def fmt_s(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_mb(mb: float | None) -> str:
    return "—" if not mb else f"{mb:,.0f} MB"


def table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def mark(value: float | None, limit: float, below: bool, applies: bool = True) -> str:
    if not applies:
        return "n/a (size differs)"
    if value is None:
        return "MISS (no measure)"
    return "PASS" if (value <= limit if below else value >= limit) else "MISS"


Target = tuple[str, str, str, str]  # (target, measured, limit, mark)


@dataclass(frozen=True)
class Setup:
    n: int  # rounds
    full: bool  # full sizes (targets that depend on size apply)
    out: Path  # reports and kept stdout
