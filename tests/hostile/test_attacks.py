"""Attacks, end to end: zip bombs, XML entities, path traversal, huge and control-character
cells, and project names that look like formulas or HTML — which must stay inert text in
every output format and in the --annotate copy.
"""

from __future__ import annotations

import json
import socket
import threading
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from .corpus import (
    ENTITY_PARTS,
    GOOD_LINES,
    GOOD_VERDICTS,
    PAYLOAD_NAMES,
    assert_refused,
    billion_laughs,
    check,
    check_process,
    deflate_bomb,
    external_entity,
    good_csv_text,
    good_workbook,
    good_xlsx_bytes,
    parameter_entity,
    patch_declared_size,
    project_rows,
    quadratic_blowup,
    rewrite_zip,
    with_entity,
    write_openpyxl,
)

SHEET_PART = "xl/worksheets/sheet1.xml"

# ---------------------------------------------------------------------------
# Zip bombs: refused from the central directory, before a byte is inflated. Run in a
# child process: if anything inflated them, the 60 s timeout fails the test.


@pytest.fixture(scope="module")
def real_bomb(tmp_path_factory) -> bytes:
    """256 MiB of sheet XML deflated to about 256 KiB (ratio ~1000)."""
    return deflate_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", 1 << 28).read_bytes()


# (case, builder from the real bomb's bytes)
BOMBS = [
    ("declares-4-GiB", lambda bomb: patch_declared_size(good_xlsx_bytes(), SHEET_PART, 0xF0000000)),
    ("ratio-1000", lambda bomb: bomb),
    ("declares-less-than-it-inflates", lambda bomb: patch_declared_size(bomb, SHEET_PART, 600_000)),
]


@pytest.mark.parametrize(("case", "build"), BOMBS, ids=[c for c, _ in BOMBS])
def test_zip_bomb_is_refused_without_inflating(tmp_path, real_bomb, case, build):
    folder = tmp_path / "in"
    good = good_workbook(folder)
    bomb = folder / "bomb.xlsx"
    bomb.write_bytes(build(real_bomb))
    run = check_process(folder, report=tmp_path / "report.json", timeout=60)
    assert_refused(run, bomb, good)


# ---------------------------------------------------------------------------
# XML entities in the workbook part, a sheet and the shared strings: refused, never
# expanded, never fetched.


class Listener:
    """A TCP server on 127.0.0.1 that counts connections: an entity fetch would be one."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stopping.set()
        self.thread.join()
        self.server.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


SECRET = "budgetlint-secret-7f3a9c"

# (case, payload builder given the listener's port and the secret file, UTF-16 parts?)
ENTITY_PAYLOADS = [
    ("billion-laughs", lambda port, secret: billion_laughs, False),
    ("billion-laughs-utf16", lambda port, secret: billion_laughs, True),
    ("quadratic-blowup", lambda port, secret: quadratic_blowup, False),
    ("external-etc-passwd", lambda port, secret: external_entity("file:///etc/passwd"), False),
    ("external-secret-file", lambda port, secret: external_entity(secret.as_uri()), False),
    ("external-http-port-9", lambda port, secret: external_entity("http://127.0.0.1:9/x"), False),
    ("external-http-listener", lambda port, secret: external_entity(f"http://127.0.0.1:{port}/x"), False),
    ("parameter-entity-listener", lambda port, secret: parameter_entity(f"http://127.0.0.1:{port}/x"), False),
]


@pytest.mark.parametrize(("case", "payload", "utf16"), ENTITY_PAYLOADS, ids=[c for c, _, _ in ENTITY_PAYLOADS])
def test_entities_are_refused_never_expanded_or_fetched(tmp_path, listener, case, payload, utf16):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    build = payload(listener.port, secret)
    folder = tmp_path / "in"
    good = good_workbook(folder)
    bad = []
    for part in ENTITY_PARTS:
        path = folder / f"entity-in-{part.replace('/', '-')}.xlsx"
        path.write_bytes(with_entity(good_xlsx_bytes(), part, build, utf16))
        bad.append(str(path))
    report = tmp_path / "report.json"
    run = check_process(folder, report=report, timeout=60)
    assert run.code == 2
    assert "Traceback" not in run.stdout + run.stderr
    assert sorted(run.errors()) == sorted(bad)
    assert all("\n" not in message and path in message for path, message in run.errors().items())
    assert run.verdicts(good) == GOOD_VERDICTS
    everything = run.stdout + run.stderr + report.read_text(encoding="utf-8")
    assert SECRET not in everything
    assert "root:x:0:0" not in everything and "lollollol" not in everything
    assert listener.connections == 0


# ---------------------------------------------------------------------------
# Path traversal in archive member names: refused; budgetlint never extracts anything.

TRAVERSAL_NAMES = ["../evil.xml", "/evil.xml", "xl/../../evil.xml", "C:/evil.xml", "..\\evil.xml",
                   "xl/worksheets/../../../evil.xml"]


@pytest.mark.parametrize("member", TRAVERSAL_NAMES)
def test_path_traversal_member_is_refused(tmp_path, monkeypatch, member):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "a" / "b" / "in"
    good = good_workbook(folder)
    bad = folder / "traversal.xlsx"
    bad.write_bytes(rewrite_zip(good_xlsx_bytes(), add=[(member, b"<evil/>")]))
    (tmp_path / "out").mkdir()
    run = check(folder, report=tmp_path / "out" / "report.json")
    assert_refused(run, bad, good)
    assert sorted(p.name for p in tmp_path.rglob("evil*")) == []
    assert not Path("/evil.xml").exists()


def test_relationship_target_outside_the_archive_is_not_followed(tmp_path):
    folder = tmp_path / "in"
    good = good_workbook(folder)
    bad = folder / "rels.xlsx"

    def edit(body: bytes) -> bytes:
        return body.replace(b'Target="worksheets/sheet1.xml"', b'Target="../../../../../../etc/passwd"')

    bad.write_bytes(rewrite_zip(good_xlsx_bytes(), {"xl/_rels/workbook.xml.rels": edit}))
    (tmp_path / "out").mkdir()
    run = check(folder, report=tmp_path / "out" / "report.json")
    assert_refused(run, bad, good)
    assert "root:x:0:0" not in run.stdout + run.stderr + json.dumps(run.report, ensure_ascii=False)


# ---------------------------------------------------------------------------
# Hostile text in cells: formulas, HTML, control characters, a 100,000-character cell.

YANGCHENG_XLSX = "阳城县市场监督管理局2025年部门预算.xlsx"
ZEZHOU_CSV = "泽州县市场监督管理局2025年项目库导出.csv"
LONG_NAME = "全市性专利导航项目" + "专利导航" * 25_000  # 100,009 characters
CONTROL_NAMES = (
    "全市性专利导航\x1b[2J\x1b]0;pwned\x07项目",  # clear screen, set the terminal title
    "全市性专利导航\n::error file=x::forged annotation",  # a new line that looks like a finding
    "全市性专利导航\r覆盖本行",  # carriage return overwrites the line on a terminal
    "知识产权\u202e决裁政行",  # right-to-left override
    "全市性知识产权\x08\x08\x08\x0b\x0c服务业监管",
)


@pytest.fixture
def payload_folder(tmp_path) -> Path:
    """A county xlsx and a county CSV whose flagged lines carry formula and HTML payloads."""
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [(name, 10, "本级财力") for name in PAYLOAD_NAMES]
    write_openpyxl(folder / YANGCHENG_XLSX, {"项目支出表": project_rows(lines)})
    (folder / ZEZHOU_CSV).write_text(good_csv_text(lines), encoding="utf-8")
    (tmp_path / "out").mkdir()
    return folder


@pytest.fixture
def control_folder(tmp_path) -> Path:
    """A county CSV with control characters in names and a 100,000-character name."""
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [(name, 3, "本级财力") for name in (*CONTROL_NAMES, LONG_NAME)] + list(GOOD_LINES)
    (folder / ZEZHOU_CSV).write_text(good_csv_text(lines), encoding="utf-8")
    (tmp_path / "out").mkdir()
    return folder


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False

    def handle_data(self, data):
        (self.scripts if self._script else self.text).append(data)


def _strings(value) -> list[str]:
    """Every string in a parsed JSON document."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _unescape_github(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def _inert_html(page_text: str, names) -> None:
    page = _Page()
    page.feed(page_text)
    for tag, attrs in page.tags:
        assert tag != "img", attrs
        assert not any(key.startswith("on") for key in attrs), (tag, attrs)
        assert not any(str(v).lstrip().lower().startswith("javascript:") for v in attrs.values()), (tag, attrs)
    assert not any("alert(1)" in script for script in page.scripts)
    shown = "".join(page.text)
    for name in names:
        assert name in shown  # as text a reader sees, not as markup


def _inert_annotated(folder: Path, names) -> None:
    copies = sorted(folder.glob("*.annotated.xlsx"))
    assert len(copies) == 2
    for copy in copies:
        book = openpyxl.load_workbook(copy)
        found = set()
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        assert cell.data_type == "s", (copy.name, ws.title, cell.coordinate, cell.data_type)
                        found.add(cell.value)
                    else:
                        assert cell.data_type != "f", (copy.name, ws.title, cell.coordinate)
        assert set(names) <= found, copy.name


def _report(run, out: Path) -> str:
    return out.read_text(encoding="utf-8") if out.exists() else run.stdout


def _assert_inert(fmt: str, text: str, names, out_dir: Path) -> None:
    if fmt == "text":
        for name in names:
            assert any(name in line for line in text.splitlines())
    elif fmt == "json":
        strings = _strings(json.loads(text))
        assert all(name in strings for name in names)
    elif fmt == "html":
        _inert_html(text, names)
    elif fmt == "sarif":
        sarif = json.loads(text)
        for run in sarif["runs"]:
            for result in run["results"]:
                markdown = result.get("message", {}).get("markdown", "")
                assert "<script" not in markdown and "<img" not in markdown
        strings = _strings(sarif)
        assert all(any(name in s for s in strings) for name in names)
    elif fmt == "junit":
        root = ET.fromstring(text)
        strings = [s for el in root.iter() for s in (el.text or "", *el.attrib.values())]
        assert all(any(name in s for s in strings) for name in names)
    elif fmt == "github":
        lines = text.split("\n")[:-1]
        assert lines and all(line.startswith("::") for line in lines)
        assert all(any(name in _unescape_github(line) for line in lines) for name in names)
    elif fmt == "annotate":
        _inert_annotated(out_dir / "annotated", names)


FORMATS = ("text", "json", "html", "sarif", "junit", "github", "annotate")


def _flagged_report(folder: Path, fmt: str):
    """check the folder into one format (or --annotate); every line there is a finding and
    none an error. The run, its report (or annotated folder) and the output folder."""
    out_dir = folder.parent / "out"
    out = out_dir / f"report.{fmt}"
    if fmt == "annotate":
        run = check(folder, "--annotate", out_dir / "annotated")
    else:
        run = check(folder, "--format", fmt, "--output", out)
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    return run, out, out_dir


@pytest.mark.parametrize("fmt", FORMATS)
def test_formula_and_html_names_are_inert_text(payload_folder, fmt):
    run, out, out_dir = _flagged_report(payload_folder, fmt)  # every payload line is wrong-level
    _assert_inert(fmt, _report(run, out), PAYLOAD_NAMES, out_dir)


def test_payload_names_are_flagged_where_they_are(payload_folder):
    """The payload lines really are findings (else the format tests would prove little)."""
    run = check(payload_folder, report=payload_folder.parent / "out" / "report.json")
    for path in (payload_folder / YANGCHENG_XLSX, payload_folder / ZEZHOU_CSV):
        first = 4 if path.suffix == ".xlsx" else 2
        assert run.verdicts(path) == {first + i: "wrong-level" for i in range(len(PAYLOAD_NAMES))}
    names = {f["name"] for f in run.report["findings"]}
    assert names == set(PAYLOAD_NAMES)


def _no_controls(text: str, allowed: str = "\n") -> None:
    bad = sorted({f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) == "Cc" and ch not in allowed})
    assert bad == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_control_characters_and_huge_cells_stay_inert(control_folder, fmt):
    run, out, out_dir = _flagged_report(control_folder, fmt)
    text = _report(run, out)
    if fmt == "text":
        # A terminal must not be driven by a project name, nor a name forge a report line.
        _no_controls(text)
        body = text.split("\n")[:-3]  # the summary's two lines and the final newline
        assert body and all(line.startswith(str(control_folder)) for line in body)
    elif fmt == "github":
        # The runner reads commands line by line: no name may start a line of its own.
        lines = text.split("\n")[:-1]
        assert lines and all(line.startswith("::") for line in lines)
    elif fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "junit":
        ET.fromstring(text)
    elif fmt == "html":
        _inert_html(text, ())
    elif fmt == "annotate":
        copy = out_dir / "annotated" / ZEZHOU_CSV.replace(".csv", ".annotated.xlsx")
        for ws in openpyxl.load_workbook(copy).worksheets:
            for row in ws.iter_rows():
                assert all(c.data_type == "s" for c in row if isinstance(c.value, str))


def test_control_characters_and_huge_cells_are_read_on_their_rows(control_folder):
    run = check(control_folder, report=control_folder.parent / "out" / "report.json")
    assert run.errors() == {}
    (wb,) = run.report["workbooks"]
    rows = [line["row"] for line in wb["lines"]]
    # CSV lines: the header is line 1; the quoted name with a newline spans lines 3-4 and
    # the one with a lone carriage return lines 5-6 (editors break lines at a lone CR too).
    assert rows == [2, 3, 5, 7, 8, 9, 10, 11, 12, 13, 14]
    long_line = next(line for line in wb["lines"] if line["row"] == 9)
    assert long_line["name"].startswith("全市性专利导航项目专利导航") and long_line["verdict"] == "wrong-level"
    assert len(long_line["name"]) <= 32_767  # Excel's own cell limit; the rest is cut, not carried


def test_file_name_with_control_characters_is_one_line(tmp_path):
    """A broken file whose name holds a newline and a terminal escape (OSC, which click does
    not strip): the error is still one line, and drives no terminal."""
    folder = tmp_path / "in"
    good = good_workbook(folder)
    bad = folder / "坏\n文件\x1b]0;pwned\x07.xlsx"
    bad.write_bytes(b"not a workbook")
    (tmp_path / "out").mkdir()
    run = check(folder, report=tmp_path / "out" / "report.json")
    assert run.code == 2 and run.verdicts(good) == GOOD_VERDICTS
    assert list(run.errors()) == [str(bad)]  # JSON keeps the real name
    _no_controls(run.stderr)
    assert len(run.stderr.splitlines()) == 1
