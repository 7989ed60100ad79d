"""Issue 19: a run stopped from outside. SIGTERM or Ctrl-C stops the workers and removes
temporary files (exit 143 / 130); SIGKILL of the run takes its workers with it, and
nothing it started keeps the CI step's output open.

Each run is a real process whose reader stalls on one file (after writing its worker's
pid to a marker), so the signal arrives while a worker is busy.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .corpus import good_workbook

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")

REPO = Path(__file__).resolve().parents[2]
#: The CLI with a reader that stalls on files whose name holds "stall" (or, with STALL=write,
#: the report writer stalling after its first piece), after writing its pid to $MARKER.
RUNNER = """
import os, sys, time
from pathlib import Path
from budgetlint import engine, report

def mark():
    Path(os.environ["MARKER"]).write_text(str(os.getpid()))
    time.sleep(600)

if os.environ.get("STALL") == "write":
    real = report.render_chunks
    def render_chunks(*args, **kwargs):
        for i, piece in enumerate(real(*args, **kwargs)):
            yield piece
            if i == 0:
                mark()
    report.render_chunks = render_chunks
else:
    real_read = engine.read_workbook
    def read_workbook(path, limits=None):
        if "stall" in Path(path).name:
            mark()
        return real_read(path, limits)
    engine.read_workbook = read_workbook

from budgetlint.cli import main
sys.argv = ["budgetlint", *sys.argv[1:]]
main()
"""


def _start(tmp_path: Path, *args: object, stall: str = "read") -> tuple[subprocess.Popen, Path]:
    marker = tmp_path / "marker"
    env = {**os.environ, "MARKER": str(marker), "STALL": stall, "CI": "1"}
    process = subprocess.Popen([sys.executable, "-c", RUNNER, "check", *map(str, args)], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while not marker.exists() or not marker.read_text():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run never reached the stalling reader"
        time.sleep(0.05)
    return process, marker


def _gone(pid: int, within: float = 30.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if Path(f"/proc/{pid}/stat").exists() and Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
            return True  # dead, waiting to be reaped by whoever adopted it
        time.sleep(0.05)
    return False


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "in"
    good_workbook(folder)
    good_workbook(folder, "阳城县市场监督管理局2025年部门预算（stall）.xlsx")
    return folder


# (signal, sent to, exit status)
STOPS = [
    (signal.SIGTERM, "process", 128 + signal.SIGTERM),
    (signal.SIGHUP, "process", 128 + signal.SIGHUP),
    (signal.SIGINT, "group", 130),  # Ctrl-C: the terminal signals the whole foreground group
]


@pytest.mark.parametrize(("signum", "to", "status"), STOPS, ids=[s.name for s, _, _ in STOPS])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_stopped_run_stops_its_workers(folder, tmp_path, signum, to, status, jobs):
    process, marker = _start(tmp_path, folder, "--jobs", jobs, "--format", "json", "-o", tmp_path / "report.json")
    worker = int(marker.read_text())
    assert worker != process.pid
    (os.killpg if to == "group" else os.kill)(process.pid, signum)
    out, err = process.communicate(timeout=60)
    assert process.returncode == status, err
    assert b"Traceback" not in out + err
    assert _gone(worker)
    assert not (tmp_path / "report.json").exists()


def test_a_terminated_write_leaves_the_previous_report_and_no_temporary_file(folder, tmp_path):
    out = tmp_path / "reports" / "report.json"
    out.parent.mkdir()
    done = subprocess.run([sys.executable, "-m", "budgetlint", "check", str(folder / "阳城县市场监督管理局2025年部门预算.xlsx"),
                           "--format", "json", "-o", str(out)], capture_output=True, timeout=120)
    assert done.returncode == 1, done.stderr
    previous = out.read_bytes()
    process, _ = _start(tmp_path, folder / "阳城县市场监督管理局2025年部门预算.xlsx", "--format", "json", "-o", out,
                        stall="write")
    assert len(list(out.parent.iterdir())) == 2  # the report and the temporary file being written
    os.kill(process.pid, signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert [p.name for p in out.parent.iterdir()] == ["report.json"] and out.read_bytes() == previous


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_killed_run_takes_its_workers_and_closes_its_output(folder, tmp_path, jobs):
    """SIGKILL cannot be handled: the workers see the run's end on their lifeline and
    exit, and none of them holds the run's stdout or stderr, so a CI step sees them close."""
    process, marker = _start(tmp_path, folder, "--jobs", jobs)
    worker = int(marker.read_text())
    os.kill(process.pid, signal.SIGKILL)
    closed: list[bytes] = []
    reader = threading.Thread(target=lambda: closed.append(process.stdout.read() + process.stderr.read()))
    reader.start()
    reader.join(timeout=60)
    assert closed, "a process the run started still holds its output open"
    process.wait(timeout=60)
    assert _gone(worker)
