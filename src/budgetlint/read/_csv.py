"""CSV (and tab-separated) exports: decoded, parsed and laid out as a sheet, in time and
memory linear in the file's size.

- Encoding: UTF-8 with or without a BOM, else GB18030; UTF-16 with a BOM (Excel's
  "Unicode text").
- Limits checked while parsing, before a record is built: no line, and no record (quoted
  fields may span lines), longer than max_line_chars; no record with more than
  max_columns fields; no more than max_rows records or max_cells fields in all.
- Layout: the reader wants a rectangle. Rows are padded to the widest row only while the
  padding stays within a few times the fields the file really has; a few freak rows far
  wider than the rest (a ragged export, or an attack) are cut to that width instead, and
  the cut is reported, so a 10,000-field line does not make 10,000 short lines as wide.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from .._i18n import say
from ..errors import UnsafeInput, UnsupportedFormat

__all__ = ["CsvTable", "decode", "read_csv"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")
_STRINGIO_CHARS = 16 * 2**20
#: Padding allowed per field the file really has, and in any case.
_PAD_FACTOR, _PAD_FLOOR = 4, 65_536


@dataclass
class CsvTable:
    rows: list[list]
    #: the line each record starts on, when quoted fields span lines (else None)
    line_numbers: list[int] | None
    #: (row index, fields it had) of the rows cut to the table's width
    cut: list[tuple[int, int]] = field(default_factory=list)


def decode(data: bytes, strict: bool = True) -> str | None:
    """UTF-8 (BOM or not), else GB18030 (UTF-16 with a BOM: Excel's "Unicode text");
    None when neither gives sensible text."""
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            # A sample cut in the middle of a character is still that encoding.
            if strict or exc.start < len(data) - 4:
                continue
            text = data[: exc.start].decode(encoding)
        if _looks_like_text(text):
            return text
    return None


def _looks_like_text(text: str) -> bool:
    sample = text[:65536]
    if not sample.strip() or "\x00" in sample:
        return False
    bad = sum(1 for ch in sample if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\r\n"))
    return bad <= max(8, len(sample) * 0.05)


def read_csv(path: str, suffix: str, limits) -> CsvTable:
    with open(path, "rb") as fh:
        data = fh.read()
    text = decode(data)
    del data
    if text is None:
        raise UnsupportedFormat(path, say("看不出编码：请把 CSV 存为 UTF-8 或 GBK 文本",
                                          "cannot tell the encoding: save the CSV as UTF-8 or GBK text"))
    lines = text.count("\n")
    if lines > limits.max_rows:
        raise UnsafeInput(path, say(f"{lines:,} 行，超过 {limits.max_rows:,} 行的上限",
                                    f"{lines:,} lines, over the {limits.max_rows:,}-row limit"))
    first = text[:4096].split("\n", 1)[0]
    delimiter = "\t" if suffix == ".tsv" or first.count("\t") > first.count(",") else ","
    source = _Lines(path, text, limits.max_line_chars)
    reader = csv.reader(source, delimiter=delimiter)
    rows: list[list] = []
    starts: list[int] = []
    previous = fields = 0
    try:
        for record in reader:
            source.record_done()
            starts.append(previous + 1)
            previous = reader.line_num
            if len(record) > limits.max_columns:
                raise UnsafeInput(path, say(f"第 {previous} 行有 {len(record):,} 个字段，超过 {limits.max_columns:,} 列的上限",
                                            f"line {previous} has {len(record):,} fields, over the "
                                            f"{limits.max_columns:,}-column limit"))
            while record and record[-1] == "":  # trailing empty fields: padding, not data
                record.pop()
            fields += len(record)
            if fields > limits.max_cells:
                raise UnsafeInput(path, say(f"字段多于 {limits.max_cells:,} 个，超过单元格上限",
                                            f"more than {limits.max_cells:,} fields, over the cell limit"))
            rows.append(record)
    except csv.Error as exc:
        detail = " ".join(str(exc).split())
        raise UnsupportedFormat(path, say(f"CSV 格式有误（{detail}）", f"malformed CSV ({detail})")) from None
    if len(rows) > limits.max_rows:
        raise UnsafeInput(path, say(f"多于 {limits.max_rows:,} 行", f"more than {limits.max_rows:,} rows"))
    cut = _rectangle(rows, fields, limits.max_cells)
    return CsvTable(rows, starts if previous != len(rows) else None, cut)


class _Lines:
    """The text's lines for csv.reader, refusing a line or a record that grows too long
    before the reader builds it (a record is ended by record_done)."""

    def __init__(self, path: str, text: str, limit: int) -> None:
        self.path, self.text, self.limit = path, text, limit
        self.pending = 0  # characters of the record being read
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        limit = self.limit
        # Lines end as io.StringIO(newline="") ends them (\r\n, \r or \n). StringIO is the
        # faster, but holds the text at 4 bytes a character: a long text is cut by a regex.
        text = self.text
        lines = io.StringIO(text, newline="") if len(text) <= _STRINGIO_CHARS else (
            match.group() for match in _LINE.finditer(text))
        for line in lines:
            self.line += 1
            self.pending += len(line)
            if self.pending > limit:
                what = say(f"第 {self.line} 行", f"line {self.line} is") if len(line) > limit else \
                    say(f"到第 {self.line} 行为止的记录", f"the record ending on line {self.line} is")
                raise UnsafeInput(self.path, say(f"{what}长于 {limit:,} 个字符（引号没有闭合？），超过行长上限",
                                                 f"{what} over {limit:,} characters long (an unclosed quote?), over "
                                                 "the line limit"))
            yield line

    def record_done(self) -> None:
        self.pending = 0


def _rectangle(rows: list[list], fields: int, max_cells: int) -> list[tuple[int, int]]:
    """Pad the rows to one width; cut the few rows wider than the padding allows."""
    if not rows:
        return []
    widest = max(map(len, rows))
    budget = min(max_cells, _PAD_FACTOR * fields + _PAD_FLOOR)
    width = widest if len(rows) * widest <= budget else max(1, budget // len(rows))
    cut = []
    for i, row in enumerate(rows):
        size = len(row)
        if size < width:
            row.extend([""] * (width - size))
        elif size > width:
            cut.append((i, size))
            del row[width:]
    return cut
