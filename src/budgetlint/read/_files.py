"""Open a workbook file: tell its format by content, check it, and yield its sheets.

.xlsx/.xlsm/.xls are read with python-calamine, after checks on what they claim (_safety,
_ole); .csv/.txt/.tsv are decoded and parsed by _csv. Content decides the format, so an
.xls saved under an .xlsx name is still read, while a text file named .xlsx or a
zip named .csv gets a clear error. Every failure is an InputError subclass naming the file.
"""

from __future__ import annotations

import io
import os
import queue
import re
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

from .._i18n import say
from ..errors import InputError, UnsafeInput, UnsupportedFormat, os_reason
from . import _safety

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
#: (Chinese, English) for each file type refused by name.
_REFUSED = {
    ".et": ("WPS 表格文件（.et）：请另存为 .xlsx", "a WPS spreadsheet (.et): save it as .xlsx"),
    ".ett": ("WPS 表格模板（.ett）：请另存为 .xlsx", "a WPS template (.ett): save it as .xlsx"),
    ".ods": ("OpenDocument 表格（.ods）：请另存为 .xlsx", "an OpenDocument spreadsheet (.ods): save it as .xlsx"),
    ".xlsb": ("Excel 二进制工作簿（.xlsb）：请另存为 .xlsx", "a binary Excel workbook (.xlsb): save it as .xlsx"),
    ".numbers": ("Numbers 文稿：请导出为 .xlsx", "a Numbers document: export it as .xlsx"),
    ".doc": ("Word 文档，不是工作簿", "a Word document, not a workbook"),
    ".docx": ("Word 文档，不是工作簿", "a Word document, not a workbook"),
    ".wps": ("WPS 文字文档，不是工作簿", "a WPS text document, not a workbook"),
    ".pdf": ("PDF 文件，不是工作簿：请用编制预算所用的 .xlsx", "a PDF, not a workbook: use the .xlsx the budget was made from"),
}
#: Worksheet XML (uncompressed) above which calamine runs on its own thread.
_THREAD_BYTES = 4 * 2**20
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class RawSheet:
    """One sheet as rows of cell values, with what is needed to give real row numbers."""

    name: str
    rows: list[list] = field(default_factory=list)
    row0: int = 0  # 0-based sheet row of rows[0]
    col0: int = 0  # 0-based sheet column of rows[i][0]
    #: merged ranges as (first row, first col, last row, last col), indices into rows.
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: (row index, col index) of formula cells without a cached value.
    no_value: frozenset[tuple[int, int]] = frozenset()
    #: CSV only: the line each row starts on, when quoted fields span lines.
    line_numbers: list[int] | None = None
    skipped: str = ""  # why the sheet could not be read at all (chart sheet …)
    #: CSV only: (row index, fields it had) of rows cut to the sheet's width (_csv)
    cut: list[tuple[int, int]] = field(default_factory=list)

    def row_number(self, index: int) -> int:
        """Real 1-based Excel row (CSV line) of rows[index]."""
        if self.line_numbers is not None:
            return self.line_numbers[index]
        return self.row0 + index + 1


def open_sheets(path: str, limits) -> Iterator[RawSheet]:
    """Yield the sheets of the workbook at path, in workbook order."""
    suffix = Path(path).suffix.lower()
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise UnsupportedFormat(path, say(f"无法打开：{os_reason(exc)}", f"cannot open: {os_reason(exc)}")) from None
    if size > limits.max_file_bytes:
        raise UnsafeInput(path, say(f"文件 {size} 字节，超过 {limits.max_file_bytes} 字节的上限",
                                    f"file is {size} bytes, over the {limits.max_file_bytes}-byte limit"))
    if size == 0:
        raise UnsupportedFormat(path, say("空文件（0 字节）", "empty file (0 bytes)"))
    if suffix in _REFUSED:
        raise UnsupportedFormat(path, say(*_REFUSED[suffix]))
    if suffix not in WORKBOOK_SUFFIXES + TEXT_SUFFIXES:
        kind = suffix or say("（无扩展名）", "(no extension)")
        raise UnsupportedFormat(path, say(f"未知的文件类型 {kind}：应为 .xlsx、.xlsm、.xls 或 .csv",
                                          f"unknown file type {kind}: expected .xlsx, .xlsm, .xls or .csv"))
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(_ZIP_MAGIC):
        if suffix in TEXT_SUFFIXES:
            raise UnsupportedFormat(path, say(f"扩展名是 {suffix}，实为 zip 压缩包（.xlsx 工作簿？）：请改名",
                                              f"named {suffix} but is a zip archive (an .xlsx workbook?): rename it"))
        yield from _xlsx_sheets(path, suffix, limits)
    elif head.startswith(_safety.OLE2_MAGIC):
        if _safety.is_encrypted_ole(path):
            raise UnsafeInput(path, _safety.encrypted())
        if suffix in TEXT_SUFFIXES:
            raise UnsupportedFormat(path, say(f"扩展名是 {suffix}，实为 Excel 97-2003（.xls）文件：请改名",
                                              f"named {suffix} but is an Excel 97-2003 (.xls) file: rename it"))
        from ._ole import check  # only for .xls

        check(path, limits)
        yield from _load(path, path if suffix == ".xls" and _utf8(path) else None, limits)
    elif suffix in TEXT_SUFFIXES:
        yield _csv_sheet(path, suffix, limits)
    else:
        raise UnsupportedFormat(path, _describe_other(path, suffix))


def _describe_other(path: str, suffix: str) -> str:
    with open(path, "rb") as fh:
        head = fh.read(4096)
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml", b"mime-version")):
        return say(f"存成 {suffix} 的网页或 XML，不是工作簿：请用 Excel 打开后另存为 .xlsx",
                   f"a web page or XML saved as {suffix}, not a workbook: open it in Excel and save as .xlsx")
    from ._csv import decode

    if decode(head, strict=False) is not None:
        return say(f"扩展名为 {suffix} 的文本（CSV？）文件：请改名为 .csv", f"a text (CSV?) file named {suffix}: rename it to .csv")
    return say(f"不是工作簿：{suffix} 文件不完整或已损坏", f"not a workbook: truncated or corrupt {suffix}")


# --- .xlsx / .xlsm ----------------------------------------------------------


def _xlsx_sheets(path: str, suffix: str, limits) -> Iterator[RawSheet]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsupportedFormat(path, say(f"{suffix} 文件不完整或已损坏（{exc}）",
                                          f"truncated or corrupt {suffix} ({exc})")) from None
    with zf:
        infos = zf.infolist()
        _safety.check_members(path, infos, limits)  # before anything is inflated
        names = {info.filename for info in infos}
        _refuse_other_zip(path, suffix, names, zf)
        big = {"xl/sharedStrings.xml"}
        big.update(
            i.filename for i in infos if i.filename.startswith("xl/worksheets/") and _safety.is_xml_part(i.filename)
        )
        for info in infos:
            if _safety.is_xml_part(info.filename) and info.filename not in big:
                _safety.scan_part(path, zf, info, worksheet=False)
        parts, source = _sheet_parts(path, zf, names)
        # calamine parses the big parts on another thread while this one streams them: it
        # never expands entities, and the declared sizes it stops at are already checked.
        # Only for big workbooks: for small ones, handing the GIL between threads costs more,
        # and checking every part before calamine sees it refuses most attacks sooner.
        if source is None:
            source = path if suffix in (".xlsx", ".xlsm") and _utf8(path) else None
        threaded = sum(i.file_size for i in infos if i.filename in big) > _THREAD_BYTES
        producer = _Producer(path, source, limits) if threaded else None
        try:
            scans: dict[str, _safety.PartScan] = {}
            for info in infos:
                if info.filename in big:
                    scan = scans[info.filename] = _safety.scan_part(
                        path, zf, info, worksheet=info.filename != "xl/sharedStrings.xml"
                    )
                    if scan.long_reference:
                        _safety.check_extent(path, zf, info, limits)
            no_value = {name: scans[part] for name, part in parts if part in scans}
            sheets = producer.sheets() if producer else _load(path, source, limits)
            for sheet in sheets:
                yield _with_no_value(path, sheet, no_value)
        finally:
            if producer:
                producer.stop()


def _refuse_other_zip(path: str, suffix: str, names: set[str], zf: zipfile.ZipFile) -> None:
    if "xl/workbook.xml" in names:
        return
    if "mimetype" in names:
        kind = zf.read("mimetype")[:100].decode("ascii", "replace")  # tiny, size already checked
        if "opendocument.spreadsheet" in kind:
            raise UnsupportedFormat(path, say(f"扩展名为 {suffix} 的 OpenDocument 表格：请另存为 .xlsx",
                                              f"an OpenDocument spreadsheet named {suffix}: save it as .xlsx"))
    if "word/document.xml" in names:
        raise UnsupportedFormat(path, say(f"扩展名为 {suffix} 的 Word 文档，不是工作簿",
                                          f"a Word document named {suffix}, not a workbook"))
    if "xl/workbook.bin" in names:
        raise UnsupportedFormat(path, say(*_REFUSED[".xlsb"]))
    raise UnsupportedFormat(path, say(f"扩展名为 {suffix} 的 zip 压缩包，其中没有工作簿：文件不完整或已损坏？",
                                      f"a zip archive without a workbook, named {suffix}: truncated or corrupt?"))


def _sheet_parts(path: str, zf: zipfile.ZipFile, names: set[str]) -> tuple[list[tuple[str, str]], bytes | None]:
    """(sheet name, worksheet part) in workbook order, from xl/workbook.xml and its
    relationships; and, when two sheets share a name, the archive with the later ones
    renamed "name (#n)" (n its position), for calamine, which finds sheets by name."""
    try:
        raw = zf.read("xl/workbook.xml")
        book = ElementTree.fromstring(raw)
        rels_name = "xl/_rels/workbook.xml.rels"
        rels = ElementTree.fromstring(zf.read(rels_name)) if rels_name in names else None
    except Exception as exc:  # defusedxml and expat raise several kinds
        raise UnsupportedFormat(path, say(f"workbook.xml 已损坏（{exc}）", f"corrupt workbook.xml ({exc})")) from None
    targets = {}
    for rel in rels if rels is not None else ():
        if rel.tag == f"{_NS_PKG_REL}Relationship":
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[rel.get("Id")] = os.path.normpath(target).replace(os.sep, "/")
    sheets = [(sheet.get("name", ""), targets.get(sheet.get(f"{_NS_REL}id"), "")) for sheet in book.iter(f"{_NS_MAIN}sheet")]
    unique = unique_names([name for name, _ in sheets])
    parts = [(name, part) for name, (_, part) in zip(unique, sheets) if part]
    if unique == [name for name, _ in sheets]:
        return parts, None
    return parts, _renamed(zf, raw, unique)


def unique_names(names: list[str]) -> list[str]:
    """Sheet names, a later sheet that repeats an earlier name as "name (#n)", n its position."""
    seen: set[str] = set()
    out = []
    for n, name in enumerate(names, 1):
        if name in seen:
            name = f"{name} (#{n})"
        seen.add(name)
        out.append(name)
    return out


_SHEET_ELEMENT = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_NAME_ATTRIBUTE = re.compile(rb'\bname\s*=\s*("[^"]*"|\'[^\']*\')')


def _renamed(zf: zipfile.ZipFile, workbook_xml: bytes, unique: list[str]) -> bytes:
    """The archive again, in memory, with each <sheet> of workbook.xml named as in unique."""
    names = iter(unique)

    def rename(element: re.Match) -> bytes:
        name = next(names, None)
        if name is None:
            return element.group()
        escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        value = f'"{escaped}"'.encode("utf-8")
        return _NAME_ATTRIBUTE.sub(lambda _: b"name=" + value, element.group(), count=1)

    xml = _SHEET_ELEMENT.sub(rename, workbook_xml)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in zf.infolist():  # sizes and names checked before (check_members)
            member = zipfile.ZipInfo(info.filename, info.date_time)  # a copy: writing changes a ZipInfo
            member.compress_type = info.compress_type
            copy.writestr(member, xml if info.filename == "xl/workbook.xml" else zf.read(info))
    return out.getvalue()


class _Producer:
    """Loads sheets with calamine on a worker thread, one at a time, in workbook order."""

    _DONE = object()

    def __init__(self, path: str, source: str | bytes | None, limits) -> None:
        self.path, self.limits = path, limits
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(source,), daemon=True)
        self.thread.start()

    def _run(self, source: str | bytes | None) -> None:
        try:
            for sheet in _load(self.path, source, self.limits):
                if self.stopping.is_set():
                    return
                self.queue.put(sheet)
            self.queue.put(self._DONE)
        except BaseException as exc:  # handed to the consumer, which raises it
            self.queue.put(exc)

    def sheets(self) -> Iterator[RawSheet]:
        while True:
            item = self.queue.get()
            if item is self._DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def stop(self) -> None:
        self.stopping.set()
        while self.thread.is_alive():  # unblock a worker waiting on a full queue
            try:
                self.queue.get(timeout=0.05)
            except queue.Empty:
                pass


def _with_no_value(path: str, item: RawSheet, scans: dict[str, _safety.PartScan]) -> RawSheet:
    """The sheet with its formula cells that have no cached value (from the XML scan)."""
    scan = scans.get(item.name)
    if scan is not None and not item.skipped:
        cells = scan.formulas_without_value
        if scan.positionless:
            cells = _formula_cells_openpyxl(path, item.name)
        item.no_value = frozenset(
            (r - item.row0, c - item.col0) for r, c in cells if r >= item.row0 and c >= item.col0
        )
    return item


def _formula_cells_openpyxl(path: str, sheet: str) -> set[tuple[int, int]]:
    """Rare path: formula cells of a sheet whose XML omits cell references."""
    import openpyxl  # only here: slow, and only needed for such files

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        cells = set()
        for row in book[sheet].iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    cells.add((cell.row - 1, cell.column - 1))
        return cells
    finally:
        book.close()


# --- calamine (.xlsx, .xlsm, .xls) -------------------------------------------


def _load(path: str, source: str | bytes | None, limits) -> Iterator[RawSheet]:
    """Sheets via calamine, in workbook order. source: the path when the extension matches
    the content (and calamine can take the name), the bytes of an archive rewritten in
    memory, None to hand calamine the open file."""
    try:
        if isinstance(source, bytes):
            book = CalamineWorkbook.from_filelike(io.BytesIO(source))
        elif source:
            book = CalamineWorkbook.from_path(source)
        else:
            with open(path, "rb") as fh:
                book = CalamineWorkbook.from_filelike(fh)
        with book:
            seen: set[str] = set()
            for meta in book.sheets_metadata:
                if meta.name in seen:  # calamine finds sheets by name: it would read the first again
                    yield RawSheet(meta.name, skipped=say("与前一张表同名：给它另起一个名字才能读取",
                                                          "a second sheet of this name: give it its own name to read "
                                                          "it"))
                    continue
                seen.add(meta.name)
                if meta.typ != SheetTypeEnum.WorkSheet:
                    kind = str(meta.typ).rsplit('.', 1)[-1]
                    yield RawSheet(meta.name, skipped=say(f"{kind}：不是工作表", f"{kind}: not a worksheet"))
                    continue
                sheet = book.get_sheet_by_name(meta.name)
                if sheet.height > limits.max_rows:
                    raise UnsafeInput(path, say(f"工作表 {meta.name!r} 有 {sheet.height} 行，超过 {limits.max_rows} 行的上限",
                                                f"sheet {meta.name!r} has {sheet.height} rows, over the "
                                                f"{limits.max_rows}-row limit"))
                rows = sheet.to_python()
                row0, col0 = sheet.start or (0, 0)
                merges = [
                    (r1 - row0, c1 - col0, r2 - row0, c2 - col0)
                    for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or ())
                    if r2 >= row0 and c2 >= col0
                ]
                yield RawSheet(meta.name, rows, row0, col0, merges)
    except InputError:
        raise
    except PasswordError:
        raise UnsafeInput(path, _safety.encrypted()) from None
    except (CalamineError, OSError, ValueError, TypeError) as exc:
        raise UnsupportedFormat(path, _safety.corrupt(_one_line(exc))) from None


def _utf8(path: str) -> bool:
    """Can calamine open it by name? A name in another encoding (GBK bytes from a Windows
    archive, escaped as surrogates) is opened here and handed over as a file object."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__


# --- CSV ---------------------------------------------------------------------


def _csv_sheet(path: str, suffix: str, limits) -> RawSheet:
    from ._csv import read_csv  # only for CSV

    table = read_csv(path, suffix, limits)
    return RawSheet(Path(path).stem, table.rows, line_numbers=table.line_numbers, cut=table.cut)
