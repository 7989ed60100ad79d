"""The server's API in-process (Starlette's TestClient): a check gives the engine's
findings under the uploaded names, bad files get the CLI's one-line error, limits, tokens,
host and origin checks, what is kept and for how long, and that every upload lives only in
its own private folder and is gone when the check is done.
"""

from __future__ import annotations

import io
import json
import re
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import project_sheet, write_xlsx

from .conftest import GOOD, SAMPLES, broken_workbook, files_field, leftovers, needs_serve, service_of

needs_serve()

from budgetlint._explain import explain_line, show_scheme  # noqa: E402
from budgetlint.engine import LintOptions, lint_paths  # noqa: E402
from budgetlint.report import FORMATS  # noqa: E402
from budgetlint.rules import RULES  # noqa: E402
from budgetlint.schemes import bundled_schemes  # noqa: E402
from budgetlint.serve import ServeSettings  # noqa: E402
from budgetlint.serve import app as app_module  # noqa: E402
from budgetlint.serve.guard import PAGE_CSP  # noqa: E402
from budgetlint.serve.uploads import safe_name  # noqa: E402

STATIC = Path(app_module.__file__).parent / "static"


def check(client, *paths: Path, names: tuple[str, ...] = (), **fields):
    return client.post("/api/runs", files=files_field(*paths, names=names), data={"lang": "zh", **fields})


def where(findings) -> list[tuple[str, str, int]]:
    return [(f.code, f.sheet, f.row) for f in findings]


# ---------------------------------------------------------------------------
# The page and what it may load.


def test_page_and_assets_come_from_the_package(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
        assert client.get(asset).status_code == 200
    assert {p.name for p in STATIC.iterdir()} == {"index.html", "app.css", "app.js"}
    for path in STATIC.iterdir():  # nothing in the page names another server
        assert not re.search(r"(?i)\b(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", path.read_text(encoding="utf-8")), path.name


def test_policy_forbids_every_request_off_the_server(client):
    policy = dict(part.strip().split(" ", 1) for part in client.get("/").headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'none'"
    for directive, sources in policy.items():
        assert set(sources.split()) <= {"'self'", "'none'", "data:"}, directive
    assert policy["connect-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert PAGE_CSP == client.get("/api/info").headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/", "/static/app.js", "/api/info", "/api/rules", "/api/runs/nothing"])
def test_every_answer_has_the_safety_headers(client, path):
    headers = client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    assert headers["referrer-policy"] == "no-referrer"
    assert "content-security-policy" in headers


# ---------------------------------------------------------------------------
# A check.


def test_a_check_gives_the_engines_findings_under_the_uploaded_names(client, tmp_path):
    books = sorted(SAMPLES.glob("*.xlsx"))[:3] + sorted(SAMPLES.glob("*.csv"))
    answer = check(client, *books)
    assert answer.status_code == 200
    body = answer.json()
    expected = lint_paths(books, LintOptions())
    assert [w["name"] for w in body["workbooks"]] == [b.name for b in books]
    for shown, wb in zip(body["workbooks"], expected.workbooks):
        assert shown["lines"] == wb.lines_judged
        assert shown["jurisdiction"] == wb.placement.jurisdiction.name
        assert shown["placed_by"]["how"] == "file name"
        assert sum(shown["findings"].values()) == len(wb.findings)
    report = json.loads(client.get(f"/runs/{body['run']}/download/json").content)
    assert [(f["code"], f["sheet"], f["row"]) for f in report["findings"]] == where(expected.findings)
    assert {f["path"] for f in report["findings"]} <= {b.name for b in books}
    assert [w["path"] for w in report["workbooks"]] == [b.name for b in books]
    assert leftovers(service_of(client).root) == []


def test_no_download_shows_the_private_folder(client, tmp_path):
    body = check(client, GOOD, broken_workbook(tmp_path)).json()
    root = str(service_of(client).root)
    for fmt in FORMATS:
        data = client.get(f"/runs/{body['run']}/download/{fmt}").content
        assert root.encode() not in data, fmt
    assert root not in json.dumps(body)


def _not_a_workbook(folder: Path) -> Path:
    path = folder / "说明.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")
    return path


def _empty(folder: Path) -> Path:
    path = folder / "空文件.xls"
    path.write_bytes(b"")
    return path


def _no_table(folder: Path) -> Path:
    return write_xlsx(folder / "阳城县收入表.xlsx", {"收入总表": [["收入"], ["税收", 100]]})


def _unplaced(folder: Path) -> Path:
    return write_xlsx(folder / "budget.xlsx", {"项目支出表": project_sheet("项目支出表", [["专利导航项目", 10, "本级财力"]])})


def _wrong_suffix(folder: Path) -> Path:
    path = folder / "阳城县预算.pdf"
    path.write_bytes(GOOD.read_bytes())
    return path


@pytest.mark.parametrize("make", [broken_workbook, _not_a_workbook, _empty, _no_table, _unplaced, _wrong_suffix])
def test_a_bad_file_gets_the_clis_one_line_error_beside_the_others(client, tmp_path, run_cli, monkeypatch, make):
    bad = make(tmp_path)
    body = check(client, GOOD, bad).json()
    good, shown = body["workbooks"]
    assert not good["error"] and good["lines"] > 0  # the rest of the batch is still linted
    monkeypatch.chdir(tmp_path)
    code, _, stderr = run_cli("check", bad.name)
    assert code == 2
    assert shown["error"] == stderr.strip().removeprefix("budgetlint: ")
    assert body["errors"] == [shown["error"]]
    assert leftovers(service_of(client).root) == []


@pytest.mark.parametrize(("sent", "stored"), [
    ("../../etc/阳城县预算.xlsx", "阳城县预算.xlsx"),
    ("C:\\Users\\张三\\阳城县预算.xlsx", "阳城县预算.xlsx"),
    (".阳城县预算.xlsx", "阳城县预算.xlsx"),
    ("..", "workbook"),
    ("阳城县\x00预算\x1b[31m.xlsx", "阳城县_预算_[31m.xlsx"),
    ('阳城县<>:"|?*.xlsx', "阳城县_______.xlsx"),
    ("阳" * 100 + ".xlsx", "阳" * 58 + ".xlsx"),
])
def test_file_names_stay_inside_the_private_folder(sent, stored):
    assert safe_name(sent) == stored
    assert len(stored.encode("utf-8")) <= 180


def test_uploads_are_written_only_into_a_private_folder(client, monkeypatch):
    seen = []
    lint = app_module.lint_upload

    def spy(files, folder, **options):
        seen.append([(p, stat.S_IMODE(p.stat().st_mode), stat.S_IMODE(folder.stat().st_mode),
                      stat.S_IMODE(folder.parent.stat().st_mode)) for p in files])
        return lint(files, folder, **options)

    monkeypatch.setattr(app_module, "lint_upload", spy)
    body = check(client, GOOD, GOOD, GOOD, names=("../" + GOOD.name, GOOD.name, "sub/" + GOOD.name)).json()
    root = service_of(client).root
    (files,) = seen
    for path, mode, folder_mode, check_mode in files:
        assert path.resolve().parent.parent.parent == root.resolve()  # root/check-*/in/<name>
        assert mode == 0o600 and folder_mode == 0o700 and check_mode == 0o700
    stem = GOOD.stem
    assert [w["name"] for w in body["workbooks"]] == [GOOD.name, f"{stem} (2).xlsx", f"{stem} (3).xlsx"]
    assert all(w["jurisdiction"] == "阳城县" for w in body["workbooks"])
    assert leftovers(root) == []


def test_choosing_the_jurisdiction(client, tmp_path):
    unplaced = _unplaced(tmp_path)
    assert "budget.xlsx" in check(client, unplaced).json()["workbooks"][0]["error"]
    chosen = check(client, unplaced, jurisdiction="阳城县", scheme="jincheng").json()["workbooks"][0]
    assert chosen["error"] == "" and chosen["jurisdiction"] == "阳城县"
    assert chosen["placed_by"] == {"how": "chosen", "text": ""}
    assert chosen["scheme"]["id"] == "jincheng"


@pytest.mark.parametrize(("fields", "code"), [
    ({"scheme": "/etc/passwd"}, "unknown-scheme"),
    ({"scheme": "../schemes/base.toml"}, "unknown-scheme"),
    ({"jurisdiction": "不存在县"}, "bad-choice"),
    ({"jurisdiction": "阳城县", "scheme": "shijiazhuang"}, "bad-choice"),
])
def test_bad_choices_are_refused(client, fields, code):
    answer = check(client, GOOD, **fields)
    assert (answer.status_code, answer.json()["error"]) == (400, code)
    assert leftovers(service_of(client).root) == []


def test_annotated_copies_follow_the_findings(client, tmp_path):
    clean = write_xlsx(tmp_path / "阳城县办公经费.xlsx", {"项目支出表": project_sheet("阳城县项目支出表", [["办公楼维修改造", 10, "本级财力"]])})
    body = check(client, GOOD, clean).json()
    run = client.get(f"/api/runs/{body['run']}").json()  # the copies are made once the answer is sent
    assert run["annotated"] == {"status": "done", "files": [GOOD.stem + ".annotated.xlsx"], "skipped": [], "max_lines": 20_000}
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/runs/{body['run']}/annotated/0").content))
    assert "budgetlint" in book.sheetnames
    assert client.get(f"/runs/{body['run']}/annotated/1").status_code == 404
    none = check(client, clean).json()
    assert none["annotated"]["status"] == "none"


def test_workbooks_too_long_to_annotate_here_are_named(make_client, tmp_path):
    lines = check(make_client(), GOOD).json()["workbooks"][0]["lines"]
    client = make_client(annotate_max_lines=lines - 1)
    small = write_xlsx(tmp_path / "阳城县小表.xlsx",
                       {"项目支出表": project_sheet("阳城县项目支出表", [["全市性专利导航项目", 10, "本级财力"]])})
    body = check(client, GOOD, small).json()
    annotated = client.get(f"/api/runs/{body['run']}").json()["annotated"]
    assert annotated == {"status": "done", "files": [small.stem + ".annotated.xlsx"], "skipped": [GOOD.name],
                         "max_lines": lines - 1}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_registered_format_downloads(client, fmt):
    body = check(client, GOOD).json()
    answer = client.get(f"/runs/{body['run']}/download/{fmt}")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith("attachment;")
    data = answer.content
    if fmt in ("json", "sarif"):
        json.loads(data)
    elif fmt == "junit":
        ET.fromstring(data)
    elif fmt == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    elif fmt == "html":
        assert b"<table" in data and b"Content-Security-Policy" in data
    else:
        assert GOOD.name in data.decode("utf-8")


def test_the_findings_workbook_downloads(client):
    if "xlsx" not in FORMATS:
        pytest.skip("report.FORMATS has no xlsx format yet (the findings workbook is another issue's)")
    openpyxl = pytest.importorskip("openpyxl")
    body = check(client, GOOD).json()
    answer = client.get(f"/runs/{body['run']}/download/xlsx")
    assert answer.headers["content-type"] == app_module.DOWNLOADS["xlsx"][1]
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    expected = lint_paths([GOOD], LintOptions()).findings
    assert expected and all(any(f.code in cell for cell in cells) for f in expected)  # every finding's rule is listed


def test_the_report_in_the_page_is_the_html_format(client):
    body = check(client, GOOD).json()
    framed = client.get(f"/runs/{body['run']}/report.html")
    assert framed.text == client.get(f"/runs/{body['run']}/download/html").text
    assert "frame-ancestors 'self'" in framed.headers["content-security-policy"]
    assert framed.headers["x-frame-options"] == "SAMEORIGIN"
    english = client.get(f"/runs/{body['run']}/report.html?lang=en").text
    assert '<html lang="en"' in english and '<html lang="zh-CN"' in framed.text


@pytest.mark.parametrize("path", ["/runs/{run}/download/pdf", "/runs/{run}/download/..%2F..%2Fetc", "/runs/{run}/annotated/9",
                                  "/runs/nothing/report.html", "/runs/nothing/download/html", "/api/runs/nothing"])
def test_unknown_things_are_404(client, path):
    body = check(client, GOOD).json()
    assert client.get(path.format(run=body["run"])).status_code == 404


# ---------------------------------------------------------------------------
# Limits.


def test_a_file_over_the_limit_is_refused_as_it_arrives(make_client, tmp_path):
    client = make_client(max_file_mb=1)
    big = tmp_path / "阳城县大表.csv"
    big.write_bytes(b"x" * (2**20 + 1))
    answer = check(client, GOOD, big)
    assert answer.status_code == 413
    assert answer.json() == {"error": "file-too-large", "name": big.name, "limit_mb": 1}
    assert leftovers(service_of(client).root) == []


def test_too_many_files(make_client):
    client = make_client(max_files=2)
    answer = check(client, GOOD, GOOD, GOOD)
    assert (answer.status_code, answer.json()) == (413, {"error": "too-many-files", "limit": 2})
    assert check(client, GOOD, GOOD).status_code == 200
    assert leftovers(service_of(client).root) == []


def test_a_declared_length_over_the_limit_is_refused_unread(make_client):
    client = make_client(max_file_mb=1, max_files=1)
    answer = client.post("/api/runs", content=b"", headers={"content-type": "multipart/form-data; boundary=x",
                                                              "content-length": str(3 * 2**20)})
    assert (answer.status_code, answer.json()["error"]) == (413, "too-large")


def test_an_undeclared_length_over_the_limit_is_cut_off(make_client):
    client = make_client(max_file_mb=1, max_files=1)

    def body():
        yield b"--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.csv\"\r\n\r\n"
        for _ in range(40):
            yield b"y" * 65536

    answer = client.post("/api/runs", content=body(), headers={"content-type": "multipart/form-data; boundary=x"})
    assert answer.status_code == 413
    assert leftovers(service_of(client).root) == []


@pytest.mark.parametrize(("content", "ctype"), [
    (b"files=a", "application/x-www-form-urlencoded"),
    (b"--x\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nzh\r\n--x--\r\n", "multipart/form-data; boundary=x"),
    (b"garbage", "multipart/form-data; boundary=x"),
    (b"--x\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\n" + b"z" * 5000 + b"\r\n--x--\r\n", "multipart/form-data; boundary=x"),
])
def test_malformed_uploads_are_refused(client, content, ctype):
    answer = client.post("/api/runs", content=content, headers={"content-type": ctype})
    assert answer.status_code == 400 and answer.json()["error"] in ("bad-upload", "no-files")
    assert leftovers(service_of(client).root) == []


# ---------------------------------------------------------------------------
# Who may ask.


def test_the_loopback_needs_no_token(client):
    assert client.get("/api/info").json()["token_required"] is False


def test_off_the_loopback_a_token_is_made_and_required(make_client):
    settings = ServeSettings(host="0.0.0.0").validated()
    assert len(settings.token) >= 24
    client = make_client(host="0.0.0.0", token=settings.token, base_url="http://192.0.2.10:8321")
    assert client.get("/").status_code == 200  # the page itself, to ask for the token
    assert client.get("/static/app.js").status_code == 200
    for path in ("/api/info", "/api/rules", "/api/runs/x", "/runs/x/report.html"):
        assert (client.get(path).status_code, client.get(path).json()) == (401, {"error": "token-required"})
    assert check(client, GOOD).status_code == 401
    assert client.get("/api/info", headers={"x-budgetlint-token": "x" * 32}).status_code == 401
    assert client.get("/api/info", headers={"x-budgetlint-token": settings.token}).status_code == 200


def test_the_printed_address_sets_the_cookie_and_forgets_the_token(make_client):
    token = "s" * 30
    client = make_client(token=token)
    wrong = client.get("/?token=" + "x" * 30, follow_redirects=False)
    assert wrong.status_code == 303 and "set-cookie" not in wrong.headers
    right = client.get("/?token=" + token, follow_redirects=False)
    assert right.status_code == 303 and right.headers["location"] == "/"
    cookie = right.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/api/info").status_code == 200  # the client keeps the cookie


def test_the_page_asks_for_the_token(make_client):
    token = "p" * 30
    client = make_client(token=token)
    assert client.post("/api/login", json={"token": "q" * 30}).status_code == 403
    assert client.get("/api/info").status_code == 401
    assert client.post("/api/login", json={"token": token}).status_code == 204
    assert client.get("/api/info").status_code == 200


@pytest.mark.parametrize("token", ["short", ""])
@pytest.mark.usefixtures("english")
def test_a_given_token_must_be_long(token):
    from budgetlint.errors import ConfigError

    if token:
        with pytest.raises(ConfigError, match="16 characters"):
            ServeSettings(token=token).validated()
    else:
        assert ServeSettings().validated().token == ""


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8321", "127.0.0.1.evil.example"])
def test_another_host_name_is_refused_on_the_loopback(make_client, host):
    client = make_client()
    answer = client.get("/api/info", headers={"host": host})
    assert (answer.status_code, answer.json()) == (421, {"error": "wrong-host"})


@pytest.mark.parametrize("host", ["127.0.0.1:8321", "localhost:8321", "[::1]:8321"])
def test_loopback_names_are_served(client, host):
    assert client.get("/api/info", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("headers", [{"origin": "http://evil.example"}, {"origin": "null"}, {"sec-fetch-site": "cross-site"}])
def test_other_sites_cannot_post(client, headers):
    answer = client.post("/api/runs", files=files_field(GOOD), headers=headers)
    assert (answer.status_code, answer.json()) == (403, {"error": "cross-origin"})
    assert client.post("/api/explain", json={"name": "专利", "jurisdiction": "阳城县"}, headers=headers).status_code == 403


def test_this_page_can_post(client):
    assert check(client, GOOD).status_code == 200
    headers = {"origin": "http://127.0.0.1:8321", "sec-fetch-site": "same-origin"}
    assert client.post("/api/runs", files=files_field(GOOD), headers=headers).status_code == 200


# ---------------------------------------------------------------------------
# What is kept, and for how long.


def test_old_runs_are_forgotten(make_client):
    client = make_client(keep_runs=2)
    runs = [check(client, GOOD).json()["run"] for _ in range(3)]
    assert [client.get(f"/runs/{r}/report.html").status_code for r in runs] == [404, 200, 200]


def test_runs_beyond_the_line_budget_are_forgotten(make_client):
    lines = check(make_client(), GOOD).json()["workbooks"][0]["lines"]
    client = make_client(keep_lines=lines * 2)
    runs = [check(client, GOOD).json()["run"] for _ in range(3)]
    assert [client.get(f"/api/runs/{r}").status_code for r in runs] == [404, 200, 200]
    one = make_client(keep_lines=1)  # the newest run is kept whatever its size
    assert one.get(f"/api/runs/{check(one, GOOD).json()['run']}").status_code == 200


def test_runs_expire(make_client, monkeypatch):
    import budgetlint.serve.runs as runs_module

    client = make_client(keep_minutes=1)
    run = check(client, GOOD).json()["run"]
    now = runs_module.time.monotonic()
    monkeypatch.setattr(runs_module.time, "monotonic", lambda: now + 61)
    assert client.get(f"/api/runs/{run}").status_code == 404


def test_forgetting_a_run(client):
    run = check(client, GOOD).json()["run"]
    assert client.delete(f"/api/runs/{run}").status_code == 204
    assert client.get(f"/runs/{run}/report.html").status_code == 404
    assert client.delete(f"/api/runs/{run}").status_code == 404


# ---------------------------------------------------------------------------
# Look up a line, schemes and rules.


def test_info_lists_the_installed_schemes_and_formats(client):
    info = client.get("/api/info").json()
    assert [s["id"] for s in info["schemes"]] == list(bundled_schemes())
    assert info["formats"] == list(FORMATS)
    yangcheng = next(j for s in info["schemes"] for j in s["jurisdictions"] if j["name"] == "阳城县")
    assert yangcheng["level"] == "county"


def test_explain_is_the_clis(client):
    answer = client.post("/api/explain", json={"name": "全市性专利导航项目", "jurisdiction": "阳城县", "funding": "本级财力"})
    assert answer.json()["text"] == explain_line("全市性专利导航项目", jurisdiction="阳城县", funding="本级财力")


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"name": "专利导航", "jurisdiction": "不存在县"}, 400, "explain"),
    ({"name": "", "jurisdiction": "阳城县"}, 400, "missing"),
    ({"name": "专利导航", "jurisdiction": "阳城县", "scheme": "/etc/passwd"}, 400, "unknown-scheme"),
    ({"name": ["专利"], "jurisdiction": "阳城县"}, 400, "bad-request"),
    ("not an object", 400, "bad-request"),
])
def test_explain_refuses_bad_questions(client, body, status, code):
    answer = client.post("/api/explain", json=body)
    assert (answer.status_code, answer.json()["error"]) == (status, code)


def test_explain_refuses_a_huge_body(client):
    answer = client.post("/api/explain", content=json.dumps({"name": "专" * 20000, "jurisdiction": "阳城县"}),
                         headers={"content-type": "application/json"})
    assert answer.status_code == 400


def test_schemes_and_rules(client):
    for scheme_id in bundled_schemes():
        assert client.get(f"/api/schemes/{scheme_id}").json()["text"] == show_scheme(scheme_id)
    assert client.get("/api/schemes/base").status_code == 404
    answer = client.get("/api/rules").json()
    assert [(r["code"], r["doc"]["zh"], r["doc"]["en"]) for r in answer] == [
        (r.code, r.documentation("zh").text(), r.documentation("en").text()) for r in RULES]


# ---------------------------------------------------------------------------
# A bureau's own schemes (the `scheme-folders` of its configuration).

ZHANGYE = Path(__file__).resolve().parents[1] / "draft" / "cities" / "zhangye" / "hand.toml"


def _own_schemes(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with the hand-written 张掖 scheme, and a 甘州区 budget only it places."""
    from tests.conftest import project_sheet, write_xlsx

    folder = tmp_path / "our-schemes"
    folder.mkdir()
    (folder / "zhangye.toml").write_bytes(ZHANGYE.read_bytes())
    budget = tmp_path / "甘州区市场监督管理局2025年部门预算.xlsx"
    write_xlsx(budget, {"项目支出表": project_sheet("甘州区2025年部门预算项目支出表",
                                                 [("专利行政裁决工作经费", 8.0, "本级财力")])})
    return folder, budget


def test_the_page_uses_the_bureaus_own_scheme_folders(make_client, tmp_path):
    folder, budget = _own_schemes(tmp_path)
    bundled, own = make_client(), make_client(scheme_folders=(str(folder),))
    assert "zhangye-hand" not in [s["id"] for s in bundled.get("/api/info").json()["schemes"]]
    assert "zhangye-hand" in [s["id"] for s in own.get("/api/info").json()["schemes"]]
    assert check(bundled, budget).json()["workbooks"][0]["error"]  # no scheme knows 甘州区
    placed = check(own, budget).json()["workbooks"][0]
    assert placed["error"] == "" and placed["scheme"]["id"] == "zhangye-hand"
    assert own.get("/api/schemes/zhangye-hand").status_code == 200
    assert bundled.get("/api/schemes/zhangye-hand").status_code == 404
    chosen = check(own, budget, scheme="zhangye-hand", jurisdiction="甘州区").json()["workbooks"][0]
    assert chosen["error"] == "" and chosen["jurisdiction"] == "甘州区"
