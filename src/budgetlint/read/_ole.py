"""What a legacy .xls claims, checked before calamine reads it.

An .xls is a compound file (OLE2/CFB): a header, a FAT of sector chains, a directory of
streams; the workbook is the "Workbook" (BIFF8) or "Book" (BIFF5) stream, a run of BIFF
records. Its claims are checked against the file and the limits, in milliseconds:

- the header: versions, sector sizes and table counts a real file can have;
- the directory: no stream longer than the file;
- each sheet's DIMENSIONS records: calamine reserves room for the rows × columns they
  declare, so a 14-byte record claiming 4 billion rows would abort the reader;
- each sheet's cells: calamine makes one grid from the first cell to the last, so a cell
  at column 65535 would ask for billions.

Chains are followed with a step limit (the file's sector count), so a FAT that loops is
refused, not followed forever. Anything this reader cannot follow is left to calamine,
whose process has a memory and a time limit (engine, _parallel).
"""

from __future__ import annotations

import struct

from .._i18n import say
from ..errors import UnsafeInput, UnsupportedFormat

_HEADER = struct.Struct("<8s16sHHHHH6sIIIIIIIII")
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_NO_STREAM = 0xFFFFFFFF
_BOUNDSHEET, _BOF, _EOF, _DIMENSIONS = 0x0085, 0x0809, 0x000A, 0x0200
#: Records of one cell (row, column first): BLANK, NUMBER, LABEL, BOOLERR, RK, LABELSST,
#: RSTRING, FORMULA (BIFF2-8 numbers); and of a run of cells (MULRK, MULBLANK: row, first
#: column … last column in the final two bytes).
_CELLS = frozenset({0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6, 0x0006, 0x0206, 0x0406})
_CELL_RUNS = frozenset({0x00BD, 0x00BE})


class _Bad(Exception):
    """The file is not what it claims; the message says how."""


def check(path: str, limits) -> None:
    """Refuse an .xls whose header, directory or sheet dimensions claim too much."""
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        stream = _workbook_stream(data)
        if stream is not None:
            _check_dimensions(path, stream, limits)
    except _Bad as exc:
        raise UnsupportedFormat(path, say(f"Excel 97-2003 文件已损坏（{exc}）",
                                          f"corrupt Excel 97-2003 file ({exc})")) from None
    except (struct.error, IndexError, ValueError):
        pass  # a layout this reader does not follow: calamine decides, within its limits


def _workbook_stream(data: bytes) -> bytes | None:
    if len(data) < 512:
        raise _Bad(say("比 512 字节的文件头还短", "shorter than its 512-byte header"))
    (_, _, _, major, order, shift, mini_shift, _, dir_sectors, fat_sectors, first_dir, _, cutoff,
     first_mini_fat, mini_fat_sectors, first_difat, difat_sectors) = _HEADER.unpack_from(data)
    if order != 0xFFFE or (major, shift) not in ((3, 9), (4, 12)) or mini_shift != 6 or cutoff != 4096:
        raise _Bad(say("文件头不是 Excel 文件的", "its header is not that of an Excel file"))
    size = 1 << shift
    sectors = max(0, (len(data) - size) // size)
    if fat_sectors > sectors or mini_fat_sectors > sectors or difat_sectors > sectors:
        raise _Bad(say(f"文件头声明的表多于文件的 {sectors} 个扇区",
                       f"its header declares more tables than the file's {sectors} sectors"))

    def sector(n: int) -> bytes:
        if n >= sectors:
            raise _Bad(say(f"扇区链指向第 {n} 扇区，超出了文件末尾", f"a chain points to sector {n}, past the end of the file"))
        return data[(n + 1) * size:(n + 2) * size]

    # The FAT's own sectors: 109 in the header, the rest in a chain of DIFAT sectors.
    fat_at = list(struct.unpack_from("<109I", data, 76))
    n = first_difat
    for _ in range(difat_sectors):
        if n in (_END_OF_CHAIN, _FREE):
            break
        entries = struct.unpack(f"<{size // 4}I", sector(n))
        fat_at.extend(entries[:-1])
        n = entries[-1]
    fat_at = [s for s in fat_at[:fat_sectors] if s not in (_FREE, _END_OF_CHAIN)]
    fat = _u32s(b"".join(sector(s) for s in fat_at))

    def chain(first: int) -> list[int]:
        out, n = [], first
        while n not in (_END_OF_CHAIN, _FREE):
            if len(out) > sectors or n >= len(fat):
                raise _Bad(say("扇区链成环或超出文件", "a sector chain loops or leaves the file"))
            out.append(n)
            n = fat[n]
        return out

    directory = b"".join(sector(s) for s in chain(first_dir))
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    root_start = struct.unpack_from("<I", entries[0], 116)[0] if entries else _END_OF_CHAIN
    found = None
    for entry in entries:
        name_bytes = struct.unpack_from("<H", entry, 64)[0]
        name = entry[:max(0, min(name_bytes, 64) - 2)].decode("utf-16-le", "replace")
        start, length = struct.unpack_from("<IQ", entry, 116)
        if major == 3:
            length &= 0xFFFFFFFF  # version 3 files may leave garbage in the high half
        if entry[66] == 2 and length > len(data):
            raise _Bad(say(f"流 {name!r} 声明 {length:,} 字节，而文件只有 {len(data):,} 字节",
                           f"stream {name!r} declares {length:,} bytes in a file of {len(data):,}"))
        if entry[66] == 2 and name in ("Workbook", "Book") and found is None:
            found = (start, length)
    if found is None:
        return None
    start, length = found
    if length >= cutoff:
        return b"".join(sector(s) for s in chain(start))[:length]
    # A small stream lives in the mini stream (the root entry's chain), in 64-byte pieces.
    mini_fat = _u32s(b"".join(sector(s) for s in chain(first_mini_fat))[:mini_fat_sectors * size])
    mini = b"".join(sector(s) for s in chain(root_start))
    pieces, n = [], start
    while n not in (_END_OF_CHAIN, _FREE):
        if len(pieces) > len(mini) // 64 or n >= len(mini_fat):
            raise _Bad(say("小流链成环或超出文件", "a mini-stream chain loops or leaves the file"))
        pieces.append(mini[n * 64:(n + 1) * 64])
        n = mini_fat[n]
    return b"".join(pieces)[:length]


def _u32s(data: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{len(data) // 4}I", data[:len(data) // 4 * 4])


def _records(stream: bytes, at: int):
    """(type, offset of the body, length) of the BIFF records from offset at to the next EOF."""
    head = struct.Struct("<HH").unpack_from
    end = len(stream)
    while at + 4 <= end:
        kind, length = head(stream, at)
        yield kind, at + 4, length
        if kind == _EOF:
            return
        at += 4 + length


def _check_dimensions(path: str, stream: bytes, limits) -> None:
    """Every DIMENSIONS record of every sheet (first row, last row + 1, first column, last
    column + 1): calamine reserves room for what each one declares, wherever it stands."""
    sheets: list[tuple[int, str]] = []
    for kind, at, length in _records(stream, 0):
        if kind == _BOUNDSHEET and length >= 6:
            sheets.append((struct.unpack_from("<I", stream, at)[0], _sheet_name(stream[at:at + length])))
    for offset, name in sheets:
        if offset + 4 > len(stream):
            raise _Bad(say(f"工作表 {name!r} 起于第 {offset:,} 字节，而工作簿流只有 {len(stream):,} 字节",
                           f"sheet {name!r} starts at byte {offset:,} of a {len(stream):,}-byte workbook stream"))
        rows, cols = [], []
        for kind, at, length in _records(stream, offset):
            if kind in _CELLS and length >= 4:
                row, col = struct.unpack_from("<HH", stream, at)
                rows.append(row)
                cols.append(col)
            elif kind in _CELL_RUNS and length >= 6:
                row, col = struct.unpack_from("<HH", stream, at)
                rows.append(row)
                cols += (col, struct.unpack_from("<H", stream, at + length - 2)[0])
            elif kind == _DIMENSIONS and length >= 10:
                if length >= 14:  # BIFF8: 32-bit rows
                    first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", stream, at)
                else:  # BIFF5
                    first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", stream, at)
                if first_row > last_row or first_col > last_col:  # calamine would wrap round to billions
                    raise _Bad(say(f"工作表 {name!r} 声明的行 {first_row}-{last_row}、列 {first_col}-{last_col} 首尾颠倒",
                                   f"sheet {name!r} declares rows {first_row}-{last_row}, columns "
                                   f"{first_col}-{last_col}"))
                _within(path, name, ("声明了", "declares"), last_row - first_row, last_col - first_col, limits)
        if rows:
            _within(path, name, ("的单元格跨", "has cells over"), max(rows) - min(rows) + 1, max(cols) - min(cols) + 1,
                    limits)


def _within(path: str, name: str, how: tuple[str, str], rows: int, cols: int, limits) -> None:
    if rows * cols > limits.max_cells:
        raise UnsafeInput(path, say(f"工作表 {name!r} {how[0]} {rows:,} 行 × {cols:,} 列：要读 {rows * cols:,} 个单元格，"
                                    f"超过 {limits.max_cells:,} 个的上限",
                                    f"sheet {name!r} {how[1]} {rows:,} rows × {cols:,} columns: {rows * cols:,} cells "
                                    f"to read, over the {limits.max_cells:,}-cell limit"))


def _sheet_name(body: bytes) -> str:
    """The name in a BOUNDSHEET record (BIFF8: a short XLUnicodeString after 6 bytes)."""
    if len(body) < 8:
        return "?"
    length, flags = body[6], body[7]
    text = body[8:8 + length * (2 if flags & 1 else 1)]
    return text.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
