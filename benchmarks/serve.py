"""budgetlint serve: time from drop to findings, and checks per second.

    .venv/bin/python benchmarks/serve.py             # medians of 3 (needs the serve and test extras)
    .venv/bin/python benchmarks/serve.py --quick     # one round, a 10,000-line workbook, 40 small ones

A real `budgetlint serve --no-browser` process is started on a free loopback port, as a
preparer starts it, and driven as the page drives it:

- over HTTP (httpx2): upload one workbook → the check's answer (the findings per workbook)
  → the whole --format html report received, for a sample budget and for the generated
  100,000-line workbook (benchmarks/_generate.py);
- in Debian's Chromium (playwright, when both are there): the drop, a click on 开始检查, and
  the report's findings table in the page's frame — what the preparer waits for;
- checks per second: generated 部门预算 workbooks of 40–80 lines, one per check, from 1 and
  from 4 clients at once; answered, and with every annotated copy made.

Every upload, check and report stays on 127.0.0.1. Markdown to stdout, progress to stderr.
Nothing here is part of the tests; the results and what they mean are in ../BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _generate as gen  # noqa: E402
from run import BUDGETLINT, byte_compile, log, machine  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_budgets" / "阳城县市场监督管理局2025年部门预算.xlsx"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: Timed inside the page, so the harness's own round trips do not count: the click on 开始检查,
#: the first row of results, and the report frame's load (its findings table is static HTML).
STOPWATCH = """() => { const t = window.__stopwatch = {};
    document.getElementById('start').addEventListener('click', () => { t.click = performance.now(); }, {capture: true});
    new MutationObserver(() => { if (!t.rows && document.querySelector('#files tbody tr')) t.rows = performance.now(); })
        .observe(document.getElementById('files'), {childList: true, subtree: true});
    document.getElementById('report').addEventListener('load', () => { if (!t.report) t.report = performance.now(); }); }"""
DROP = """(files) => { const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([Uint8Array.from(atob(f.data), c => c.charCodeAt(0))], f.name));
    return dt; }"""


class Server:
    """`budgetlint serve --no-browser --port 0` in its own process."""

    def __init__(self, *args: str) -> None:
        self.temp = Path(tempfile.mkdtemp(prefix="budgetlint-serve-bench-"))
        env = {**os.environ, "TMPDIR": str(self.temp), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([BUDGETLINT, "serve", "--no-browser", "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline()
        if not line.startswith("budgetlint serve: http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"the server did not start: {line}{self.proc.stderr.read()}")
        self.url = line.split()[-1].rstrip("/")

    def idle(self, limit: float = 900) -> None:
        """Wait until every check's folder is gone: a check removes its folder once its
        annotated copies are made (the page's own polling cannot see runs already forgotten)."""
        deadline = time.perf_counter() + limit
        while any(self.temp.glob("budgetlint-serve-*/check-*")) and time.perf_counter() < deadline:
            time.sleep(0.02)

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(2)  # Ctrl-C: a clean shutdown removes its temporary folder
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.temp, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def files(*paths: Path) -> list:
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]


def wait_annotated(client, run: str, limit: float = 600) -> float:
    """Seconds until the run's annotated copies are made (polled, as the page does)."""
    start = time.perf_counter()
    while client.get(f"/api/runs/{run}").json()["annotated"]["status"] == "pending":
        if time.perf_counter() - start > limit:
            return float("nan")
        time.sleep(0.05)
    return time.perf_counter() - start


# ---------------------------------------------------------------------------
# Drop to findings.


def over_http(url: str, path: Path, rounds: int) -> dict:
    import httpx2

    answer, report, annotated, size = [], [], [], 0
    with httpx2.Client(base_url=url, timeout=900) as client:
        for i in range(rounds):
            log(f"  http {path.name} (round {i + 1}/{rounds})")
            start = time.perf_counter()
            body = client.post("/api/runs", files=files(path), data={"lang": "zh"}).json()
            answer.append(time.perf_counter() - start)
            annotated.append(answer[-1] + wait_annotated(client, body["run"]))  # polled from the answer on
            status = client.get(f"/api/runs/{body['run']}").json()["annotated"]
            start = time.perf_counter()
            with client.stream("GET", f"/runs/{body['run']}/report.html") as streamed:
                size = sum(len(piece) for piece in streamed.iter_bytes())
            report.append(answer[-1] + time.perf_counter() - start)  # the answer, then the report
            client.delete(f"/api/runs/{body['run']}")
    findings = sum(body["findings"].values())
    lines = sum(w["lines"] for w in body["workbooks"])
    return {"answer": answer, "report": report, "annotated": annotated, "report_mb": size / 1e6,
            "lines": lines, "findings": findings, "annotated_status": status, "name": path.name}


def in_browser(url: str, path: Path, rounds: int) -> dict | None:
    if not CHROMIUM.exists():
        log("  no /usr/bin/chromium: browser measure skipped")
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        log("  no playwright: browser measure skipped")
        return None
    payload = [{"name": path.name, "data": base64.b64encode(path.read_bytes()).decode("ascii")}]
    results = {"results": [], "findings": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for i in range(rounds):
            log(f"  browser {path.name} (round {i + 1}/{rounds})")
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(900_000)
            page.goto(url + "/")
            page.wait_for_function("() => document.getElementById('limits').textContent.length > 0")
            page.dispatch_event("#drop", "drop", {"dataTransfer": page.evaluate_handle(DROP, payload)})
            page.evaluate(STOPWATCH)
            page.click("#start")
            page.frame_locator("#report").locator("#findings tbody tr").first.wait_for()
            page.wait_for_function("() => window.__stopwatch.report !== undefined")
            t = page.evaluate("() => window.__stopwatch")
            results["results"].append((t["rows"] - t["click"]) / 1000)
            results["findings"].append((t["report"] - t["click"]) / 1000)
            context.close()
        browser.close()
    return results


# ---------------------------------------------------------------------------
# Checks per second.


def throughput(server: Server, workbooks: list[Path], clients: int) -> dict:
    import httpx2

    def check(path: Path) -> str:
        with httpx2.Client(base_url=server.url, timeout=900) as client:
            return client.post("/api/runs", files=files(path), data={"lang": "zh"}).json()["run"]

    log(f"  {len(workbooks)} checks from {clients} client(s)")
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        runs = list(pool.map(check, workbooks))
    answered = time.perf_counter() - start
    server.idle()
    return {"checks": len(workbooks), "clients": clients, "answered_s": answered,
            "all_done_s": time.perf_counter() - start}


# ---------------------------------------------------------------------------


def med(values: list[float]) -> float:
    return statistics.median(values)


def measure(work: Path, n: int, rows: int, small_count: int, browser: bool) -> dict:
    log(f"byte-compiled {byte_compile()}")
    log(f"generating into {work}")
    (work / "big").mkdir(parents=True, exist_ok=True)
    big, _sheet = gen.write_big(work / "big", rows)
    small = gen.write_small_set(work / "small", small_count)
    results: dict = {}
    with Server() as server:
        log(f"server at {server.url}")
        for key, path in (("sample", SAMPLE), ("big", big)):
            results[key] = over_http(server.url, path, n)
            if browser:
                results[key]["browser"] = in_browser(server.url, path, n)
        results["peak_mb_after_big"] = server.peak_mb()
    with Server() as server:  # a fresh one: the big workbook's run is not in its memory
        results["throughput"] = [throughput(server, small, clients) for clients in (1, 4)]
        results["peak_mb_small"] = server.peak_mb()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="rounds per measure (default 3; 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="one round, smaller workbooks")
    parser.add_argument("--rows", type=int, default=None, help="lines of the big workbook (default 100000)")
    parser.add_argument("--small", type=int, default=None, help="small workbooks for checks per second (default 200)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measures")
    parser.add_argument("--workdir", type=Path, default=None, help="generate here and keep the files")
    parser.add_argument("--json", type=Path, default=None, help="also write every measure to this JSON file")
    args = parser.parse_args(argv)
    try:
        import httpx2  # noqa: F401
    except ImportError:
        print("benchmarks/serve.py needs the serve and test extras: pip install -e '.[serve,test]'", file=sys.stderr)
        return 2
    n = args.runs or (1 if args.quick else 3)
    rows = args.rows or (10_000 if args.quick else 100_000)
    small_count = args.small or (40 if args.quick else 200)
    results: dict = {"machine": machine(), "runs": n, "load_before": os.getloadavg()}
    folder = contextlib.nullcontext(args.workdir) if args.workdir else tempfile.TemporaryDirectory(prefix="budgetlint-serve-bench-")
    with folder as work:
        work = Path(work)
        try:
            results.update(measure(work, n, rows, small_count, browser=not args.no_browser))
        finally:
            results["load_after"] = os.getloadavg()
            if args.json:
                args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(report(results, n, args.quick, rows))
    return 0


def size(mb: float) -> str:
    return f"{mb:.1f} MB" if mb >= 1 else f"{mb * 1000:.0f} KB"


def report(results: dict, n: int, quick: bool, rows: int) -> str:
    info = results["machine"]
    out = [f"## budgetlint serve benchmark — {info['date']}\n",
           f"{info['budgetlint']}; Python {info['python']}; {info['nproc']} CPU; {info['os']}. Medians of {n} run(s)"
           + (" (--quick: smaller sizes)" if quick else "") + ". Load average before / after: "
           + " / ".join(f"{x[0]:.2f}" for x in (results["load_before"], results["load_after"])) + ".\n",
           "#### Drop to findings\n",
           "| workbook | lines | findings | answer (HTTP) | + report received | report | page: results shown | page: findings in the report | annotated copies ready |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for key, name in (("sample", SAMPLE.name), ("big", f"{results['big']['name']} ({rows:,} lines)")):
        r = results[key]
        browser = r.get("browser") or {}
        shown = f"{med(browser['results']):.2f} s" if browser else "—"
        found = f"{med(browser['findings']):.2f} s" if browser else "—"
        status = r["annotated_status"]
        annotated = (f"{med(r['annotated']):.2f} s" if status["files"] else
                     f"not made: over {status['max_lines']:,} lines" if status["skipped"] else "none needed")
        out.append(f"| {name} | {r['lines']:,} | {r['findings']:,} | {med(r['answer']):.2f} s | {med(r['report']):.2f} s "
                   f"| {size(r['report_mb'])} | {shown} | {found} | {annotated} |")
    out += ["", f"Server peak memory after both: {results['peak_mb_after_big']:.0f} MB.", "",
            "#### Checks per second (部门预算 workbooks of 40–80 lines, one per check; server --concurrency 2)\n",
            "| clients | checks | answered | checks/s answered | with every annotated copy made | checks/s overall |",
            "|---:|---:|---:|---:|---:|---:|"]
    for t in results["throughput"]:
        out.append(f"| {t['clients']} | {t['checks']} | {t['answered_s']:.1f} s | {t['checks'] / t['answered_s']:.1f} "
                   f"| {t['all_done_s']:.1f} s | {t['checks'] / t['all_done_s']:.1f} |")
    out += ["", f"Server peak memory over the small checks: {results['peak_mb_small']:.0f} MB."]
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
