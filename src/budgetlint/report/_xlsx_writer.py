"""A small streaming writer of .xlsx packages (SpreadsheetML), only as much as the findings
workbook (xlsx.py) needs: sheets of text and number cells, a few cell formats, column widths,
a frozen heading row and an autofilter.

Each row becomes XML text at once (one f-string per cell, each distinct value of a column made
once while it repeats) and goes into its sheet's zip entry as it comes, so memory does not grow
with the sheet. Text is always a string cell, never a formula: inline (`t="inlineStr"`) the
first time, from its second time in a column a shared string (short texts, a bounded number of
them: the workbook, the rule, the clause are written once, a project's name inline). The zip's
dates are fixed, so the same rows give the same bytes. Text follows Excel's own rules, as
xlsxwriter writes them: a control character is stored as `_xHHHH_`, a literal `_xHHHH_` keeps
its underscore as `_x005F_`, and text past Excel's 32,767 UTF-16 units to a cell is cut there.
"""

from __future__ import annotations

import datetime
import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO

__all__ = ["Format", "MAX_CELL_CHARS", "Sheet", "Workbook", "cell_text", "without_surrogates"]

#: Excel's limit of a cell's text, in UTF-16 units.
MAX_CELL_CHARS = 32_767
#: A sheet takes no more rows once its XML passes this many bytes: each zip entry stays under
#: the 2 GiB a zip allows without ZIP64 (the largest row is about 3.4 MB: 15 cells of 32,767
#: characters written as 7-byte escapes).
SHEET_BYTES = 2_000_000_000
#: zlib level of the package: 1 is several times faster than the default 6 on sheet XML, and
#: the file is about a fifth bigger (BENCHMARKS.md).
COMPRESSLEVEL = 1
_DATE_TIME = (1980, 1, 1, 0, 0, 0)
#: Characters of XML made before they are encoded and handed to the zip (about a MB).
_FLUSH_CHARS = 1 << 18
#: Values a column remembers (then it starts over), texts no longer than _MEMO_CHARS; texts
#: shared at most. Bounds on memory: at worst some tens of MB, usually one or two.
_MEMO_SIZE = 1 << 10
_MEMO_CHARS = 1_000
_SHARED_MAX = 1 << 14
#: The "style" a column remembers a text by after its first time: no cell's, so that its
#: second time is looked at again (and shared).
_FIRST = "first"
#: Stands for the row number in a cell's XML until its row is written (no escaped text has it).
_ROW = "\x01"
_ROW_START = f'<row r="{_ROW}">'

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: Column letters A to ZZ: more than any sheet here has.
_COLUMNS = tuple(_LETTERS) + tuple(a + b for a in _LETTERS for b in _LETTERS)

#: What text needs beyond copying: XML's three, characters XML cannot hold, a literal _xHHHH_,
#: and blanks at either end (kept by xml:space="preserve").
_SPECIAL = re.compile("[&<>\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\\s|\\s$")
_LITERAL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BLANK_END = re.compile("^\\s|\\s$")


def without_surrogates(text: str) -> str:
    """text with each lone surrogate -- a file name's undecodable byte, as os.fsdecode keeps it
    -- shown as \\xNN, as the text report shows it: UTF-8 cannot hold one."""
    return _SURROGATE.sub(_show_surrogate, text) if _SURROGATE.search(text) else text


def cell_text(text: str) -> str:
    """`text` as the XML of a string (`<t>…</t>`, in an inline string or the shared strings)."""
    if len(text) > MAX_CELL_CHARS // 2:  # cannot pass the limit in fewer characters
        text = _truncated(text)
    if _SPECIAL.search(text) is None:
        return f"<t>{text}</t>"
    text = without_surrogates(text)
    text = _CONTROL.sub(_escape_control, _LITERAL_ESCAPE.sub(r"_x005F\1", text))
    text = _escape(text)
    if _BLANK_END.search(text):
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def _truncated(text: str) -> str:
    """text cut at Excel's limit in UTF-16 units, never inside a character above U+FFFF."""
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > MAX_CELL_CHARS:
            return text[:i]
    return text


def _show_surrogate(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def _escape_control(m: re.Match) -> str:
    return f"_x{ord(m.group()):04X}_"


def _escape(text: str) -> str:
    """XML's three characters of element text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


@dataclass(frozen=True)
class Format:
    """A cell format: what the findings workbook uses of Excel's, nothing more."""

    bold: bool = False
    size: int = 11
    wrap: bool = False
    top: bool = False  # vertically aligned to the top of the cell
    fill: str = ""  # solid background, "#RRGGBB"
    border: str = ""  # one thin line: "top" or "bottom"
    number: str = ""  # number format code, e.g. "#,##0.00"


class Sheet:
    """One worksheet, written row by row into its zip entry."""

    def __init__(self, book: Workbook, name: str, index: int, widths: Sequence[float], frozen_rows: int) -> None:
        self.book, self.name, self.index = book, name, index
        self.rows = 0  # rows so far, blank ones included
        self.full = False  # whether the XML is near the most a zip entry holds: start another sheet
        self._memos: list[_Column] = []
        self._size = 0
        self._pending: list[str] = []
        self._pending_chars = 0
        self._out = book._zip.open(book._entry(f"xl/worksheets/sheet{index + 1}.xml"), "w")
        self._put(_HEAD + f'<worksheet xmlns="{_NS}" xmlns:r="{_REL}">'
                  + _sheet_view(index == 0, frozen_rows) + '<sheetFormatPr defaultRowHeight="15"/>'
                  + _cols(widths) + "<sheetData>")

    def row(self, values: Sequence, styles: Sequence[str]) -> None:
        """The next row: text as text, numbers as numbers, None and "" left empty. `styles` are
        Workbook.style's, one per value."""
        self.rows += 1
        memos = self._memos
        if len(values) > len(memos):
            memos.extend(_Column(_COLUMNS[i], self.book._shared) for i in range(len(memos), len(values)))
        cells = [_ROW_START]
        add = cells.append
        for memo, value, s in zip(memos, values, styles):
            cell = memo.get(value)
            if cell is not None and cell[0] is s:
                add(cell[1])
            elif value.__class__ is float or value.__class__ is int:  # a row, an amount: seldom the same twice
                if value - value == 0:  # finite: NaN and infinity are no Excel number
                    add(f'<c r="{memo.ref}{_ROW}"{s}><v>{value!r}</v></c>')
            elif value is not None and value != "":
                cell = memo.cell(value, s)
                if cell is not None:
                    add(cell[1])
        add("</row>")
        xml = "".join(cells).replace(_ROW, str(self.rows))
        self._pending.append(xml)
        self._pending_chars += len(xml)
        if self._pending_chars > _FLUSH_CHARS:
            self._flush()

    def skip(self) -> None:
        """Leave the next row empty."""
        self.rows += 1

    def close(self, filter_columns: int = 0) -> None:
        """Finish the sheet; with filter_columns, filter buttons on the first row over that many
        columns and every row written."""
        tail = "</sheetData>"
        if filter_columns:
            ref = f"A1:{_COLUMNS[filter_columns - 1]}{max(self.rows, 1)}"
            tail += f'<autoFilter ref="{ref}"/>'
            self.book._filters.append((self.index, self.name, ref))
        self._put(tail + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
                  'footer="0.3"/></worksheet>')
        self._flush()
        self._out.close()

    def _put(self, xml: str) -> None:
        self._pending.append(xml)
        self._pending_chars += len(xml)

    def _flush(self) -> None:
        data = "".join(self._pending).encode("utf-8")
        self._pending.clear()
        self._pending_chars = 0
        self._size += len(data)
        self._out.write(data)
        self.full = self._size + 4 * _FLUSH_CHARS >= SHEET_BYTES  # UTF-8: at most 4 bytes a character


class _Shared(dict):
    """The shared strings: texts met again in a column, by their index. A text is written inline
    the first time; from its second time it is shared, and written once, at the end. Only short
    texts, and a bounded number of them, so memory stays flat."""

    def add(self, text: str) -> int | None:
        if len(self) >= _SHARED_MAX:
            return None
        self[text] = index = len(self)
        return index


class _Column(dict):
    """A column's cells by value: (style, the cell's XML with _ROW for its row number). Values
    repeat down a column (the workbook, the rule, the clause, the verdict), so each is made
    once while it is here; emptied when full, and long texts never kept, so memory stays flat."""

    __slots__ = ("ref", "shared")

    def __init__(self, ref: str, shared: _Shared) -> None:
        super().__init__()
        self.ref, self.shared = ref, shared

    def cell(self, value, s: str) -> tuple[str, str] | None:
        keep = s
        if isinstance(value, str):
            index = self.shared.get(value)
            # Its second time, shared; not a text with _xHHHH_ escapes, which openpyxl reads
            # back differently from a shared string than from an inline one.
            if index is None and value in self and "_x" not in self[value][1]:
                index = self.shared.add(value)
            if index is not None:
                xml = f'<c r="{self.ref}{_ROW}"{s} t="s"><v>{index}</v></c>'
            else:
                xml = f'<c r="{self.ref}{_ROW}"{s} t="inlineStr"><is>{cell_text(value)}</is></c>'
                if len(value) > _MEMO_CHARS:
                    return s, xml
                if value not in self:
                    keep = _FIRST  # not the style of any cell: its next time comes back here
        elif math.isfinite(value):
            xml = f'<c r="{self.ref}{_ROW}"{s}><v>{float(value)!r}</v></c>'
        else:  # NaN and infinity are no Excel number
            return None
        if len(self) >= _MEMO_SIZE:
            self.clear()
        self[value] = (keep, xml)
        return s, xml


def _sheet_view(selected: bool, frozen_rows: int) -> str:
    tab = ' tabSelected="1"' if selected else ""
    if not frozen_rows:
        return f'<sheetViews><sheetView{tab} workbookViewId="0"/></sheetViews>'
    top = f"A{frozen_rows + 1}"
    return (f'<sheetViews><sheetView{tab} workbookViewId="0"><pane ySplit="{frozen_rows}" topLeftCell="{top}" '
            f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="{top}" '
            f'sqref="{top}"/></sheetView></sheetViews>')


def _cols(widths: Sequence[float]) -> str:
    """Column widths in characters, stored as Excel stores them (whole pixels of a 7-pixel
    digit, plus 5 pixels of padding, as xlsxwriter writes them)."""
    if not widths:
        return ""
    cols = []
    for i, width in enumerate(widths, start=1):
        pixels = int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)
        cols.append(f'<col min="{i}" max="{i}" width="{int(pixels / 7 * 256) / 256}" customWidth="1"/>')
    return f"<cols>{''.join(cols)}</cols>"


class Workbook:
    """An .xlsx package written into a binary file (seekable: a zip's entries are finished in
    place). Sheets one after another: add_sheet, its rows, its close; then close the book."""

    def __init__(self, fh: BinaryIO, *, title: str, author: str, comments: str, created: datetime.datetime) -> None:
        self._zip = zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED)
        self._sheets: list[Sheet] = []
        self._filters: list[tuple[int, str, str]] = []
        self._formats: list[Format] = [Format()]
        self._shared = _Shared()
        stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
        self._put("docProps/core.xml", _core(title, author, comments, stamp))

    def style(self, fmt: Format) -> str:
        """The attribute that gives a cell this format (the same for the same format)."""
        if fmt not in self._formats:
            self._formats.append(fmt)
        index = self._formats.index(fmt)
        return f' s="{index}"' if index else ""

    def add_sheet(self, name: str, widths: Sequence[float] = (), frozen_rows: int = 0) -> Sheet:
        """A new sheet after the others (the one before must be closed); widths in characters."""
        sheet = Sheet(self, name, len(self._sheets), widths, frozen_rows)
        self._sheets.append(sheet)
        return sheet

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.close()
            return
        # Abandoned half-written (its file is thrown away): nothing more is written, not even
        # the zip's directory when the ZipFile is collected (which would fail, noisily).
        self._zip.fp = None

    def close(self) -> None:
        names = [s.name for s in self._sheets]
        self._put("docProps/app.xml", _app(names))
        self._put("xl/styles.xml", _styles(self._formats))
        self._put("xl/workbook.xml", _workbook(names, self._filters))
        parts = [(f"{_REL}/worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(names) + 1)]
        parts.append((f"{_REL}/styles", "styles.xml"))
        if self._shared:
            with self._zip.open(self._entry("xl/sharedStrings.xml"), "w") as out:
                for piece in _shared_strings(self._shared):
                    out.write(piece.encode("utf-8"))
            parts.append((f"{_REL}/sharedStrings", "sharedStrings.xml"))
        self._put("xl/_rels/workbook.xml.rels", _rels(parts))
        self._put("_rels/.rels", _rels([(f"{_REL}/officeDocument", "xl/workbook.xml"),
                                        (f"{_PKG_REL}/metadata/core-properties", "docProps/core.xml"),
                                        (f"{_REL}/extended-properties", "docProps/app.xml")]))
        self._put("[Content_Types].xml", _content_types(len(names), bool(self._shared)))
        self._zip.close()

    def _entry(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_DATE_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        # ZipFile.open(info) reads the level from the entry: compress_level since Python 3.13,
        # _compresslevel before (ZipInfo has slots: only the one its version knows can be set).
        if hasattr(info, "compress_level"):
            info.compress_level = COMPRESSLEVEL
        else:
            info._compresslevel = COMPRESSLEVEL
        info.create_system = 3
        info.external_attr = 0o644 << 16
        return info

    def _put(self, name: str, xml: str) -> None:
        self._zip.writestr(self._entry(name), xml.encode("utf-8"))


def _rels(targets: list[tuple[str, str]]) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
                   for i, (kind, target) in enumerate(targets, start=1))
    return f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>'


def _shared_strings(shared: _Shared) -> Iterator[str]:
    yield f'{_HEAD}<sst xmlns="{_NS}" uniqueCount="{len(shared)}">'
    texts = iter(shared)
    while batch := "".join(f"<si>{cell_text(text)}</si>" for text in islice(texts, 4096)):
        yield batch
    yield "</sst>"


def _content_types(sheets: int, shared: bool) -> str:
    office = "application/vnd.openxmlformats-officedocument"
    parts = [("/docProps/app.xml", f"{office}.extended-properties+xml"),
             ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
             ("/xl/styles.xml", f"{office}.spreadsheetml.styles+xml"),
             ("/xl/workbook.xml", f"{office}.spreadsheetml.sheet.main+xml")]
    parts += [(f"/xl/worksheets/sheet{i}.xml", f"{office}.spreadsheetml.worksheet+xml") for i in range(1, sheets + 1)]
    if shared:
        parts.append(("/xl/sharedStrings.xml", f"{office}.spreadsheetml.sharedStrings+xml"))
    overrides = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in parts)
    return (f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>')


def _core(title: str, author: str, comments: str, stamp: str) -> str:
    return (f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_attr(title)}</dc:title><dc:creator>{_attr(author)}</dc:creator>"
            f"<dc:description>{_attr(comments)}</dc:description><cp:lastModifiedBy>{_attr(author)}</cp:lastModifiedBy>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')


def _app(names: list[str]) -> str:
    vt = "".join(f"<vt:lpstr>{_attr(n)}</vt:lpstr>" for n in names)
    return (f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr>'
            f'</vt:variant><vt:variant><vt:i4>{len(names)}</vt:i4></vt:variant></vt:vector></HeadingPairs>'
            f'<TitlesOfParts><vt:vector size="{len(names)}" baseType="lpstr">{vt}</vt:vector></TitlesOfParts>'
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>")


def _workbook(names: list[str], filters: list[tuple[int, str, str]]) -> str:
    sheets = "".join(f'<sheet name="{_attr(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1))
    defined = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
        f"{_attr(_quoted(name))}!{_absolute(ref)}</definedName>" for index, name, ref in filters)
    return (f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{sheets}</sheets>" + (f"<definedNames>{defined}</definedNames>" if defined else "")
            + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')


def _quoted(name: str) -> str:
    """A sheet name as a formula names it: quoted, which is right for every name."""
    return "'" + name.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


def _styles(formats: list[Format]) -> str:
    """styles.xml with exactly these formats, in order (cellXfs index = Workbook.style's)."""
    fonts = sorted({(f.bold, f.size) for f in formats}, key=lambda k: (k != (False, 11), k))
    fills = sorted({f.fill for f in formats if f.fill})
    borders = ["", *sorted({f.border for f in formats if f.border})]
    numbers = sorted({f.number for f in formats if f.number})
    xfs = []
    for f in formats:
        font, fill = fonts.index((f.bold, f.size)), fills.index(f.fill) + 2 if f.fill else 0
        border, number = borders.index(f.border), numbers.index(f.number) + 164 if f.number else 0
        applied = "".join(f' apply{what}="1"' for what, used in (
            ("NumberFormat", number), ("Font", font), ("Fill", fill), ("Border", border),
            ("Alignment", f.wrap or f.top)) if used)
        align = "".join(a for a, used in ((' vertical="top"', f.top), (' wrapText="1"', f.wrap)) if used)
        xfs.append(f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"{applied}'
                   + (f"><alignment{align}/></xf>" if align else "/>"))
    font_xml = "".join(f'<font>{"<b/>" if bold else ""}<sz val="{size}"/><name val="Calibri"/><family val="2"/></font>'
                       for bold, size in fonts)
    fill_xml = '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' + "".join(
        f'<fill><patternFill patternType="solid"><fgColor rgb="FF{c.lstrip("#").upper()}"/><bgColor indexed="64"/>'
        "</patternFill></fill>" for c in fills)
    border_xml = "".join(
        "<border><left/><right/>" + ('<top style="thin"><color auto="1"/></top>' if b == "top" else "<top/>")
        + ('<bottom style="thin"><color auto="1"/></bottom>' if b == "bottom" else "<bottom/>") + "<diagonal/></border>"
        for b in borders)
    number_xml = "".join(f'<numFmt numFmtId="{i}" formatCode="{_attr(code)}"/>' for i, code in enumerate(numbers, 164))
    return (f'{_HEAD}<styleSheet xmlns="{_NS}">'
            + (f'<numFmts count="{len(numbers)}">{number_xml}</numFmts>' if numbers else "")
            + f'<fonts count="{len(fonts)}">{font_xml}</fonts><fills count="{len(fills) + 2}">{fill_xml}</fills>'
            f'<borders count="{len(borders)}">{border_xml}</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
            'defaultPivotStyle="PivotStyleLight16"/></styleSheet>')
