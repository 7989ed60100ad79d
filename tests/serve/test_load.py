"""Many checks at once, many checks in a row, and checks cut short, against a real uvicorn
server on the loopback (or in-process for the long sequential run): every upload's folder
is gone afterwards and memory stays flat. Bounds are generous; no timing assertions.
"""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import GOOD, SAMPLES, broken_workbook, files_field, leftovers, live_server, needs_serve, rss_bytes, service_of

needs_serve()

import httpx2  # noqa: E402

from budgetlint.serve import app as app_module  # noqa: E402

pytestmark = pytest.mark.slow

SMALL = next(SAMPLES.glob("*.csv"))


def _settled(service, seconds: float = 120) -> None:
    """Wait until no check is in flight (annotated copies are made after the answer)."""
    deadline = time.monotonic() + seconds
    while service.in_flight:
        assert time.monotonic() < deadline, f"{service.in_flight} checks still in flight"
        time.sleep(0.05)


def test_fifty_concurrent_checks_leave_no_file(tmp_path):
    broken = broken_workbook(tmp_path)
    big = tmp_path / "阳城县超大表.csv"
    big.write_bytes(b"x" * (2**20 + 10))
    with live_server(max_waiting=64, max_file_mb=1) as (url, app):
        service = app.state.service

        def one(i: int) -> tuple[int, dict]:
            paths = [(GOOD, SMALL), (GOOD, broken), (big,)][i % 3] if i % 5 else (SMALL,)
            with httpx2.Client(base_url=url, timeout=300) as client:
                answer = client.post("/api/runs", files=files_field(*paths), data={"lang": "zh"})
                return answer.status_code, answer.json()

        with ThreadPoolExecutor(50) as pool:
            answers = list(pool.map(one, range(50)))
        _settled(service)
        for i, (status, body) in enumerate(answers):
            if i % 5 and i % 3 == 2:
                assert (status, body["error"]) == (413, "file-too-large")
            else:
                assert status == 200, body
                assert all(w["error"] == "" or "损坏的预算表.xlsx:" in w["error"] for w in body["workbooks"])
        assert leftovers(service.root) == []


def test_a_check_cut_off_mid_upload_leaves_no_file():
    with live_server() as (url, app):
        service = app.state.service
        host, port = url.removeprefix("http://").split(":")
        head = (f"POST /api/runs HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                f"Content-Length: 5000000\r\n\r\n--x\r\nContent-Disposition: form-data; name=\"files\"; "
                f"filename=\"阳城县.xlsx\"\r\n\r\n").encode("utf-8")
        with socket.create_connection((host, int(port))) as sock:
            sock.sendall(head + b"y" * 100_000)
            deadline = time.monotonic() + 30
            while not any(p.is_file() for p in leftovers(service.root)):  # the part is being written
                assert time.monotonic() < deadline
                time.sleep(0.02)
        _settled(service, 30)
        # The server notices the cut connection in its own time: the folder must go, within 30 s.
        deadline = time.monotonic() + 30
        while leftovers(service.root) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert leftovers(service.root) == []


def test_beyond_the_waiting_room_checks_are_turned_away(monkeypatch):
    release = threading.Event()
    lint = app_module.lint_upload

    def slow(*args, **kwargs):
        release.wait(60)
        return lint(*args, **kwargs)

    monkeypatch.setattr(app_module, "lint_upload", slow)
    with live_server(concurrency=1, max_waiting=1) as (url, app):
        service = app.state.service

        def post():
            with httpx2.Client(base_url=url, timeout=120) as client:
                return client.post("/api/runs", files=files_field(SMALL)).status_code

        with ThreadPoolExecutor(2) as pool:
            first = [pool.submit(post), pool.submit(post)]
            deadline = time.monotonic() + 30
            while service.in_flight < 2:
                assert time.monotonic() < deadline
                time.sleep(0.02)
            third = post()
            release.set()
            assert [f.result() for f in first] == [200, 200]
        assert third == 503
        _settled(service)
        assert leftovers(service.root) == []


def test_memory_is_flat_over_five_hundred_checks(client, tmp_path):
    """500 small checks in a row, one in ten with findings (so with annotated copies): after
    the first 100 (caches warm, the kept runs at their bound) the process grows by less than
    a generous 40 MB — nothing per check is kept beyond the bounded recent runs."""
    clean = tmp_path / "阳城县市场监督管理局办公经费.csv"
    clean.write_text("项目名称,金额（万元）,资金来源\n办公楼维修改造,12,本级财力\n执法车辆运行维护费,8,本级财力\n", encoding="utf-8")
    with_findings, without = files_field(SMALL), files_field(clean)

    def checks(n: int) -> None:
        for i in range(n):
            answer = client.post("/api/runs", files=with_findings if i % 10 == 0 else without, data={"lang": "zh"})
            assert answer.status_code == 200
            assert answer.json()["annotated"]["status"] == ("pending" if i % 10 == 0 else "none")
            client.get(f"/runs/{answer.json()['run']}/report.html")

    checks(100)
    before = rss_bytes()
    checks(400)
    growth = rss_bytes() - before
    assert growth < 40 * 2**20, f"grew {growth / 2**20:.1f} MB over 400 checks"
    assert len(service_of(client).store) == service_of(client).settings.keep_runs
    assert leftovers(service_of(client).root) == []
