"""`budgetlint serve` on the command line: options, the missing extra, the warning and token
off the loopback, the port, the browser, and a real process started and stopped with Ctrl-C
leaving no temporary folder behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import GOOD, files_field, needs_serve

needs_serve()

import httpx2  # noqa: E402

from budgetlint.errors import ConfigError  # noqa: E402
from budgetlint.serve import ServeSettings, server  # noqa: E402
from budgetlint.serve.settings import DEFAULT_PORT, is_loopback  # noqa: E402


def test_help_names_the_options(run_cli):
    code, out, _ = run_cli("serve", "--help")
    assert code == 0
    for option in ("--host", "--port", "--no-browser", "--max-file-mb", "--max-files", "--concurrency"):
        assert option in out


def test_without_the_extra_it_says_how_to_install_it(run_cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "starlette", None)  # import starlette now raises ImportError
    code, _, err = run_cli("serve", "--no-browser")
    assert code == 2
    assert "pip install 'budgetlint[serve]'" in err


@pytest.mark.parametrize(("args", "words"), [
    (["--max-files", "0"], "max-files"),
    (["--max-file-mb", "-1"], "max-file-mb"),
    (["--concurrency", "0"], "concurrency"),
    (["--port", "70000"], "--port"),
])
def test_bad_settings_are_one_line_errors(run_cli, args, words):
    code, _, err = run_cli("serve", "--no-browser", *args)
    assert code == 2 and words in err and "Traceback" not in err


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("budget-pc.local", False),
])
def test_what_counts_as_the_loopback(host, loopback):
    assert is_loopback(host) is loopback
    assert bool(ServeSettings(host=host).validated().token) is not loopback


def test_shared_off_the_loopback_it_warns_and_prints_the_token():
    settings = ServeSettings(host="0.0.0.0").validated()
    text = server.announcement(settings, 8321)
    assert settings.token in text
    assert f"http://127.0.0.1:8321/?token={settings.token}" in text
    assert "警告" in text and "WARNING" in text and "HTTP" in text
    local = server.announcement(ServeSettings().validated(), 8321)
    assert "token" not in local and "警告" not in local and "http://127.0.0.1:8321/" in local


def test_the_default_port_gives_way_but_a_chosen_one_does_not():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError, match=str(port)):
            server.bind("127.0.0.1", port)
    try:
        holder = server.bind("127.0.0.1", DEFAULT_PORT)
    except ConfigError:
        pytest.skip(f"port {DEFAULT_PORT} is held by another program here")
    with holder:
        with server.bind("127.0.0.1", DEFAULT_PORT) as other:
            assert other.getsockname()[1] not in (DEFAULT_PORT, 0)


@pytest.mark.parametrize(("open_browser", "display", "opened"), [(True, True, True), (False, True, False), (True, False, False)])
def test_the_browser_opens_on_the_printed_address(monkeypatch, capsys, open_browser, display, opened):
    import uvicorn

    seen = []
    monkeypatch.setattr(server.webbrowser, "open", seen.append)
    monkeypatch.setattr(server, "_has_display", lambda: display)
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: None)
    server.run(ServeSettings(port=0), open_browser=open_browser)
    printed = capsys.readouterr().out.splitlines()[0].removeprefix("budgetlint serve: ")
    assert seen == ([printed] if opened else [])


@pytest.mark.slow
@pytest.mark.usefixtures("english")
def test_a_real_process_serves_and_stops_cleanly(tmp_path):
    """Started as a preparer would, checked once, stopped with Ctrl-C: exit 0, and its
    temporary folder (TMPDIR points into tmp_path) is gone."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONUNBUFFERED": "1"}
    budgetlint = Path(sys.executable).with_name("budgetlint")
    proc = subprocess.Popen([str(budgetlint), "serve", "--no-browser", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = proc.stdout.readline().split()[-1]
        assert url.startswith("http://127.0.0.1:")
        with httpx2.Client(base_url=url, timeout=60) as client:
            assert client.get("/").status_code == 200
            body = client.post("/api/runs", files=files_field(GOOD)).json()
            assert body["workbooks"][0]["jurisdiction"] == "阳城县"
            deadline = time.monotonic() + 30
            while client.get(f"/api/runs/{body['run']}").json()["annotated"]["status"] == "pending":
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert [p.name for p in temp.iterdir()][0].startswith("budgetlint-serve-")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err and "Aborted" not in err
    assert list(temp.iterdir()) == []


def test_serve_takes_the_scheme_folders_of_the_configuration_found_from_here(run_cli, tmp_path, monkeypatch):
    (tmp_path / "own").mkdir()
    (tmp_path / "budgetlint.toml").write_text('scheme-folders = ["own"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    seen = []
    monkeypatch.setattr("budgetlint.serve.serve", lambda settings, open_browser: seen.append(settings))
    code, _, err = run_cli("serve", "--no-browser")
    assert code == 0, err
    assert seen[0].scheme_folders == (str(tmp_path / "own"),)


def test_serve_with_a_bad_configuration_is_a_one_line_error(run_cli, tmp_path, monkeypatch):
    (tmp_path / "budgetlint.toml").write_text('scheme-folders = ["missing"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("serve", "--no-browser")
    assert code == 2 and "budgetlint.toml" in err and "Traceback" not in err
