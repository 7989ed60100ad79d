"""Helpers for the `budgetlint serve` tests: the app in-process (Starlette's TestClient) or
a real uvicorn server on a free loopback port, and the workbooks a preparer would drop.

Each test module calls needs_serve() first: without the serve extra (or the test client)
the module is skipped with the reason, not failed.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO

SAMPLES = REPO / "sample_budgets"
GOOD = SAMPLES / "阳城县市场监督管理局2025年部门预算.xlsx"
LOOPBACK = "http://127.0.0.1:8321"


def needs_serve(client: bool = True) -> None:
    """Skip the calling module when the serve extra (or the test client) is not installed."""
    for module in ("starlette", "uvicorn", "python_multipart"):
        pytest.importorskip(module, reason="the serve extra is not installed: pip install -e '.[serve]'")
    if client:
        pytest.importorskip("httpx2", reason="the test extra's httpx2 (Starlette's test client) is not installed")


def broken_workbook(folder: Path, name: str = "损坏的预算表.xlsx") -> Path:
    """A workbook cut in half, as a failed copy from a USB stick leaves it."""
    data = GOOD.read_bytes()
    path = folder / name
    path.write_bytes(data[: len(data) // 2])
    return path


def files_field(*paths: Path, names: tuple[str, ...] = ()) -> list:
    """The multipart `files` field of a check, uploaded under the given names (default: their own)."""
    names = names or tuple(p.name for p in paths)
    return [("files", (name, p.read_bytes(), "application/octet-stream")) for p, name in zip(paths, names)]


def leftovers(root: Path) -> list[Path]:
    """Everything under the server's private folder (a check leaves nothing there)."""
    return sorted(root.rglob("*")) if root.exists() else []


def rss_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


@pytest.fixture
def make_client():
    """make_client(**settings) -> a TestClient on a new app, addressed as the loopback."""
    from starlette.testclient import TestClient

    from budgetlint.serve import ServeSettings, create_app

    clients = []

    def make(base_url: str = LOOPBACK, **settings):
        client = TestClient(create_app(ServeSettings(**settings)), base_url=base_url)
        client.__enter__()  # runs the lifespan: closing removes the server's private folder
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client):
    return make_client()


def service_of(client):
    return client.app.state.service


@contextlib.contextmanager
def live_server(**settings) -> Iterator[tuple[str, object]]:
    """A real uvicorn server in a thread, on a free port of 127.0.0.1: (base URL, app)."""
    import uvicorn

    from budgetlint.serve import ServeSettings, create_app
    from budgetlint.serve.server import bind

    app = create_app(ServeSettings(**settings))
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
        app.state.service.close()  # as the lifespan does, even if a loaded machine kept it from finishing


SCREENSHOTS = Path(os.environ.get("BUDGETLINT_SCREENSHOTS", REPO / "reports" / "serve"))
