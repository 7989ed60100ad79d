"""Builders of hostile and broken inputs, written into tmp_path by the tests.

Nothing here is downloaded or checked in: every file is made from a few lines of code,
so a reviewer can see exactly what is wrong with it. Each builder takes a folder and
returns the path it wrote.

- good_workbook: a real county budget (阳城县) whose verdicts are known (GOOD_VERDICTS);
  every bad input sits next to one, and it must still be linted.
- xlsx_bytes: a minimal but valid .xlsx written by hand (shared strings, one part per
  sheet), so that single parts can be made hostile (DTDs, sizes, member names).
- cfb_bytes: a minimal OLE2 compound file, for the password-protected workbook.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

# ---------------------------------------------------------------------------
# The good workbook every bad input sits next to.

GOOD_NAME = "阳城县市场监督管理局2025年部门预算.xlsx"
PROJECT_SHEET = "项目支出表"
GOOD_TITLE = "阳城县市场监督管理局2025年项目支出表"
# (name, 万元, 资金来源); rows start at 4 (title, 编制单位 line, header above).
GOOD_LINES = (
    ("全市性专利导航项目", 12, "本级财力"),
    ("知识产权维权援助工作经费", 8, "本级财力"),
    ("知识产权侵权纠纷行政裁决", 5, "市级专项转移支付"),
    ("食品安全抽检经费", 30, "本级财力"),
    ("专利资助资金", 20, "本级财力"),
)
FIRST_ROW = 4
GOOD_VERDICTS = {4: "wrong-level", 5: "ok", 6: "entrusted", 7: "not-ip", 8: "unlisted"}

# Project names built to be flagged (wrong-level in 阳城县's budget, own money) while
# carrying a payload: a formula, HTML, a DDE formula.
FORMULA_NAME = '=HYPERLINK("http://x","y")全市性专利导航项目'
IMG_NAME = "<img src=x onerror=alert(1)>知识产权侵权纠纷行政裁决"
SCRIPT_NAME = "<script>alert(1)</script>跨区域知识产权重大违法案件查办"
DDE_NAME = "+cmd|' /C calc'!A0全市知识产权服务业监管"
PAYLOAD_NAMES = (FORMULA_NAME, IMG_NAME, SCRIPT_NAME, DDE_NAME)


def project_rows(lines: Sequence[Sequence[object]], title: str = GOOD_TITLE, unit: str = "万元") -> list[list[object]]:
    """A 项目支出表: title, 编制单位 line, header, the lines, 合计."""
    total = sum(float(line[1]) for line in lines if isinstance(line[1], (int, float)))
    department = re.split(r"\d{4}年", title)[0]
    return [
        [title, None, None],
        [f"编制单位：{department}", None, f"单位：{unit}"],
        ["项目名称", f"金额（{unit}）", "资金来源"],
        *[list(line) for line in lines],
        ["合计", total, None],
    ]


def write_openpyxl(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    """A workbook saved by openpyxl; every text cell is text (never a formula)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # "=HYPERLINK(…)" stays text, as in a real budget
    book.save(path)
    return path


def good_workbook(folder: Path, name: str = GOOD_NAME) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_openpyxl(folder / name, {
        "部门收支总表": [["部门收支总表"], ["收入", "金额"], ["一般公共预算拨款", 100]],
        PROJECT_SHEET: project_rows(GOOD_LINES),
    })


def openpyxl_bytes(rows: Sequence[Sequence[object]], title: str = PROJECT_SHEET) -> bytes:
    """One sheet as openpyxl saves it (inline strings, no XML declaration)."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_bytes() -> bytes:
    return openpyxl_bytes(project_rows(GOOD_LINES))


def good_csv_text(lines: Sequence[Sequence[object]] = GOOD_LINES) -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["项目名称", "金额（万元）", "资金来源"])
    writer.writerows(lines)
    return out.getvalue()


# ---------------------------------------------------------------------------
# A hand-written .xlsx: every part under the test's control.

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _sheet_xml(rows: Sequence[Sequence[object]], strings: dict[str, int], dimension: str | None) -> str:
    width = max((len(r) for r in rows), default=1)
    dim = dimension or f"A1:{get_column_letter(max(width, 1))}{max(len(rows), 1)}"
    out = [f'<worksheet xmlns="{_NS}"><dimension ref="{dim}"/><sheetData>']
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row, start=1):
            ref = f"{get_column_letter(c)}{r}"
            if value is None:
                continue
            if isinstance(value, str):
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    out.append("</sheetData></worksheet>")
    return _DECL + "".join(out)


def xlsx_bytes(sheets: Mapping[str, Sequence[Sequence[object]]], *, dimension: str | None = None) -> bytes:
    """A minimal valid workbook: one worksheet part per sheet and a shared-string table."""
    strings: dict[str, int] = {}
    parts = {f"xl/worksheets/sheet{i}.xml": _sheet_xml(rows, strings, dimension)
             for i, rows in enumerate(sheets.values(), start=1)}
    n = len(sheets)
    sheet_list = "".join(f"<sheet name={quoteattr(name)} sheetId=\"{i}\" r:id=\"rId{i}\"/>"
                         for i, name in enumerate(sheets, start=1))
    parts["xl/workbook.xml"] = (_DECL + f'<workbook xmlns="{_NS}" xmlns:r="{_R}"><sheets>{sheet_list}</sheets></workbook>')
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, n + 1))
    rels += f'<Relationship Id="rId{n + 1}" Type="{_R}/sharedStrings" Target="sharedStrings.xml"/>'
    parts["xl/_rels/workbook.xml.rels"] = _DECL + f'<Relationships xmlns="{_PKG}">{rels}</Relationships>'
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    parts["xl/sharedStrings.xml"] = (_DECL + f'<sst xmlns="{_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">'
                                     f"{items}</sst>")
    parts["_rels/.rels"] = (_DECL + f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                            f'Type="{_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{main}.worksheet+xml"/>'
                        for i in range(1, n + 1))
    parts["[Content_Types].xml"] = (
        _DECL + f'<Types xmlns="{_CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>{overrides}'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{main}.sharedStrings+xml"/></Types>'
    )
    order = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
             *sorted(p for p in parts if p.startswith("xl/worksheets/")), "xl/sharedStrings.xml"]
    return zip_bytes((name, parts[name].encode("utf-8")) for name in order)


def zip_bytes(members, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data, compress_type=compression)
    return buffer.getvalue()


def rewrite_zip(data: bytes, edit: Mapping[str, Callable[[bytes], bytes]] = {}, add: Sequence[tuple[str, bytes]] = ()) -> bytes:
    """The same archive with some members edited and others appended."""
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            body = zf.read(info)
            members.append((info.filename, edit[info.filename](body) if info.filename in edit else body))
    return zip_bytes([*members, *add])


def good_xlsx_bytes() -> bytes:
    """The good workbook's project table, hand-written (shared strings, XML declarations)."""
    return xlsx_bytes({PROJECT_SHEET: project_rows(GOOD_LINES)})


# ---------------------------------------------------------------------------
# XML entity attacks: a DTD in one part, and an entity reference where the part allows it.

_ROOTS = {"xl/workbook.xml": "workbook", "xl/worksheets/sheet1.xml": "worksheet", "xl/sharedStrings.xml": "sst"}
_REF_AT = {
    "xl/workbook.xml": ("</workbook>", '<definedNames><definedName name="x">{ref}</definedName></definedNames></workbook>'),
    "xl/worksheets/sheet1.xml": ("</sheetData>", '<row r="99"><c r="A99" t="inlineStr"><is><t>{ref}</t></is></c></row></sheetData>'),
    "xl/sharedStrings.xml": ("</sst>", "<si><t>{ref}</t></si></sst>"),
}
ENTITY_PARTS = tuple(_ROOTS)


def billion_laughs(root: str) -> tuple[str, str]:
    """(DTD, reference): ten levels of ten, 10⁹ "lol"s if anything expanded it."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return f"<!DOCTYPE {root} [{''.join(entities)}]>", "&lol9;"


def quadratic_blowup(root: str) -> tuple[str, str]:
    """One 50,000-character entity referenced 50,000 times: no nesting, still 2.5 GB."""
    return f'<!DOCTYPE {root} [<!ENTITY a "{"a" * 50_000}">]>', "&a;" * 50_000


def external_entity(url: str) -> Callable[[str], tuple[str, str]]:
    def build(root: str) -> tuple[str, str]:
        return f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{url}">]>', "&xxe;"

    return build


def parameter_entity(url: str) -> Callable[[str], tuple[str, str]]:
    """Blind XXE: a parameter entity fetched while the DTD itself is parsed."""
    def build(root: str) -> tuple[str, str]:
        return f'<!DOCTYPE {root} [<!ENTITY % remote SYSTEM "{url}"> %remote;]>', "x"

    return build


def with_entity(data: bytes, part: str, payload: Callable[[str], tuple[str, str]], utf16: bool = False) -> bytes:
    """data (from xlsx_bytes) with the DTD of payload in part, referenced inside it."""
    doctype, ref = payload(_ROOTS[part])

    def edit(body: bytes) -> bytes:
        text = body.decode("utf-8")
        anchor, replacement = _REF_AT[part]
        text = text.replace(_DECL, _DECL + doctype, 1).replace(anchor, replacement.format(ref=ref), 1)
        if utf16:
            return text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
        return text.encode("utf-8")

    return rewrite_zip(data, {part: edit})


# ---------------------------------------------------------------------------
# Archives that lie about their members.


def patch_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Set a member's uncompressed size, in its local header and the central directory."""
    raw = bytearray(data)
    name = member.encode("utf-8")
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := raw.find(signature, start)) >= 0:
            name_len_at = 26 if signature == b"PK\x03\x04" else 28
            name_len = struct.unpack_from("<H", raw, start + name_len_at)[0]
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if bytes(raw[name_at:name_at + name_len]) == name:
                struct.pack_into("<I", raw, start + offset, size)
            start += 4
    return bytes(raw)


def deflate_bomb(path: Path, inflated_bytes: int) -> Path:
    """A real workbook whose sheet part is inflated_bytes of whitespace (ratio ~1000×)."""
    base = good_xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, body in members:
            if name != "xl/worksheets/sheet1.xml":
                out.writestr(name, body)
                continue
            head, tail = body.split(b"<sheetData>", 1)
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with out.open(info, "w", force_zip64=True) as fh:
                fh.write(head + b"<sheetData>")
                chunk = b" " * (1 << 24)
                for _ in range(inflated_bytes // len(chunk)):
                    fh.write(chunk)
                fh.write(tail)
    return path


# ---------------------------------------------------------------------------
# OLE2: a password-protected workbook is a compound file holding EncryptionInfo and
# EncryptedPackage streams (MS-OFFCRYPTO), not a zip.

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded, len(encoded), kind, 1, left, right, child, b"\0" * 16, 0, 0, 0, start, size,
    )


def cfb_bytes(streams: Sequence[tuple[str, bytes]]) -> bytes:
    """A version-3 compound file: sector 0 the FAT, sector 1 the directory, then the
    streams, each at least 4096 bytes so that none lives in the mini stream."""
    sector = 512
    data_sectors: list[bytes] = []
    fat = [_FATSECT, _END]
    entries = [b""]  # the root entry, written last
    starts = []
    for name, body in streams:
        body = body.ljust(max(len(body), 4096), b"\0")
        count = -(-len(body) // sector)
        first = 2 + len(data_sectors)
        starts.append((name, first, len(body)))
        for i in range(count):
            data_sectors.append(body[i * sector:(i + 1) * sector].ljust(sector, b"\0"))
            fat.append(first + i + 1 if i + 1 < count else _END)
    assert len(fat) <= sector // 4, "one FAT sector is enough for a test file"
    fat += [_FREE] * (sector // 4 - len(fat))
    # Siblings form a (degenerate, all black) tree: each entry's right sibling is the next.
    for i, (name, first, size) in enumerate(starts, start=1):
        right = i + 1 if i < len(starts) else _NOSTREAM
        entries.append(_dir_entry(name, 2, _NOSTREAM, right, _NOSTREAM, first, size))
    entries[0] = _dir_entry("Root Entry", 5, _NOSTREAM, _NOSTREAM, 1 if starts else _NOSTREAM, _END, 0)
    directory = b"".join(entries).ljust(sector, b"\0")
    assert len(directory) == sector
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6,
        0, 1, 1, 0, 4096, _END, 0, _END, 0,
    )
    header += struct.pack("<109I", 0, *([_FREE] * 108))
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(data_sectors)


def encrypted_workbook(path: Path) -> Path:
    rng = random.Random(20250426)
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        '<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
        'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/></encryption>'
    ).encode("utf-8")
    package = struct.pack("<Q", 8192) + rng.randbytes(8192)
    path.write_bytes(cfb_bytes([("EncryptionInfo", info), ("EncryptedPackage", package)]))
    return path


# ---------------------------------------------------------------------------
# The corpus of broken files: (id, builder). Each must be refused on its own, with a
# one-line error naming it, while the good workbook beside it is still linted.


def _write(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return build


def _random_bytes() -> bytes:
    data = random.Random(9).randbytes(4096)
    assert not data.startswith((b"PK", b"\xd0\xcf")), "the seed must not give a magic number"
    return data


def _dimension_lie(body: bytes) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', body, count=1)


def no_sheets() -> bytes:
    return xlsx_bytes({})


def only_empty_sheets() -> bytes:
    return xlsx_bytes({"Sheet1": [], "Sheet2": [], PROJECT_SHEET: []})


def no_project_table() -> bytes:
    return xlsx_bytes({
        "部门收支总表": [["部门收支总表"], ["收入", "金额", "支出", "金额"], ["一般公共预算拨款", 100, "一般公共服务支出", 100]],
        "Sheet1": [["阳城县市场监督管理局"], ["联系人", "电话"], ["张三", "0356-1234567"]],
    })


def one_column_header() -> bytes:
    """A 项目支出表 whose header kept one column of all: 金额, with nothing to name a line."""
    return xlsx_bytes({PROJECT_SHEET: [
        [GOOD_TITLE], ["编制单位：阳城县市场监督管理局"], ["金额（万元）"], [12], [8], [5], [25],
    ]})


def one_name_column_header() -> bytes:
    """The same, keeping only 项目名称: lines with nothing to say what they cost."""
    return xlsx_bytes({PROJECT_SHEET: [
        [GOOD_TITLE], ["编制单位：阳城县市场监督管理局"], ["项目名称"], *[[line[0]] for line in GOOD_LINES],
    ]})


def undetectable_csv() -> bytes:
    """UTF-16 without a byte-order mark: neither UTF-8 nor GB18030 text."""
    return good_csv_text().encode("utf-16-le")


def invalid_bytes_csv() -> bytes:
    """UTF-8 text with bytes that neither UTF-8 nor GB18030 allows (0xFF, a lone 0x80)."""
    return good_csv_text().encode("utf-8").replace("金额".encode(), b"\xff\x80\xff\x80")


BAD_INPUTS: list[tuple[str, Callable[[Path], Path]]] = [
    ("zero-byte", _write("empty.xlsx", b"")),
    ("random-bytes", _write("random.xlsx", _random_bytes)),
    ("truncated-xlsx", _write("truncated.xlsx", lambda: good_bytes()[: len(good_bytes()) // 2])),
    ("truncated-central-directory", _write("no-end.xlsx", lambda: good_bytes()[:-22])),
    ("csv-named-xlsx", _write("text.xlsx", lambda: good_csv_text().encode("utf-8"))),
    ("xlsx-named-csv", _write("archive.csv", good_bytes)),
    ("encrypted-ole", lambda folder: encrypted_workbook(folder / "locked.xlsx")),
    ("no-sheets", _write("no-sheets.xlsx", no_sheets)),
    ("only-empty-sheets", _write("empty-sheets.xlsx", only_empty_sheets)),
    ("no-project-table", _write("no-table.xlsx", no_project_table)),
    ("undetectable-encoding-utf16", _write("utf16.csv", undetectable_csv)),
    ("undetectable-encoding-bytes", _write("mojibake.csv", invalid_bytes_csv)),
    ("one-amount-column-header", _write("amount-column.xlsx", one_column_header)),
    ("one-name-column-header", _write("name-column.xlsx", one_name_column_header)),
]


#: The project table written in ten rows: title, 编制单位, header, lines, 合计, a note.
TEN_ROWS = [*project_rows(GOOD_LINES), ["注：本表反映部门2025年项目支出预算。"]]


def dimension_lie_workbook(path: Path) -> Path:
    """Ten real rows on a sheet whose XML declares A1:XFD1048576 (17 billion cells)."""
    data = openpyxl_bytes(TEN_ROWS)
    path.write_bytes(rewrite_zip(data, {"xl/worksheets/sheet1.xml": _dimension_lie}))
    with zipfile.ZipFile(path) as zf:  # the lie is really there
        assert b'<dimension ref="A1:XFD1048576"/>' in zf.read("xl/worksheets/sheet1.xml")
    return path


# ---------------------------------------------------------------------------
# Running `budgetlint check`: in-process (CliRunner) or as a real process with a timeout.


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    report: dict | None = None  # the JSON report, when one was asked for

    def errors(self) -> dict[str, str]:
        return {e["path"]: e["message"] for e in (self.report or {}).get("errors", [])}

    def verdicts(self, path: Path) -> dict[int, str]:
        """row -> verdict of the workbook at path, from the JSON report."""
        for wb in (self.report or {}).get("workbooks", []):
            if wb["path"] == str(path):
                return {line["row"]: line["verdict"] for line in wb["lines"]}
        return {}


def _json_args(out: Path | None) -> list[str]:
    return ["--format", "json", "--output", str(out)] if out is not None else []


def check(*args: object, report: Path | None = None, jobs: int = 1) -> Run:
    """`budgetlint check ARGS --jobs 1` in this process (its workers forked from it, so they
    see what a test patched); the JSON report is read when given."""
    from click.testing import CliRunner

    from budgetlint.cli import main

    argv = ["check", *map(str, args), "--jobs", str(jobs), *_json_args(report)]
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    parsed = json.loads(report.read_text(encoding="utf-8")) if report is not None and report.exists() else None
    return Run(result.exit_code, result.stdout, result.stderr, parsed)


def check_process(*args: object, report: Path | None = None, cwd: Path | None = None, timeout: float = 60) -> Run:
    """The same in a child process: a hang or a blow-up fails the test instead of the run."""
    argv = [sys.executable, "-m", "budgetlint", "check", *map(str, args), "--jobs", "1", *_json_args(report)]
    env = {**os.environ, "CI": "1", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(argv, capture_output=True, timeout=timeout, cwd=cwd, env=env)  # TimeoutExpired fails
    parsed = json.loads(report.read_text(encoding="utf-8")) if report is not None and report.exists() else None
    return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"), parsed)


def state(folder: Path, folder_times: bool = True) -> dict[str, tuple[str, int]]:
    """Every file and folder under folder (itself included): (sha256 or "dir", mtime in ns).
    A folder's mtime changes when anything is created in it, even a temporary file that
    is gone again; folder_times=False allows that (outside the inputs)."""
    import hashlib

    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir",
                                     p.lstat().st_mtime_ns if p.is_file() or folder_times else 0)
        for p in sorted([folder, *folder.rglob("*")])
    }


def assert_refused(run: Run, bad: Path, good: Path | None = None) -> None:
    """Exit 2; one one-line error naming bad, the same on stderr; no traceback; good linted."""
    assert run.code == 2, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert list(run.errors()) == [str(bad)], run.errors()
    message = run.errors()[str(bad)]
    assert "\n" not in message and str(bad) in message
    assert [line for line in run.stderr.splitlines() if str(bad) in line] == [f"budgetlint: {message}"]
    if good is not None:
        assert run.verdicts(good) == GOOD_VERDICTS
