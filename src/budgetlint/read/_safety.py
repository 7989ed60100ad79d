"""Checks on a workbook archive before (or while) anything parses it.

- Member names, declared sizes and compression ratios come from the zip's central
  directory: they are checked before a single byte is inflated.
- XML parts are streamed (never parsed) looking for <!DOCTYPE / <!ENTITY: budgetlint
  never expands entities, it refuses files that declare them. Python's zipfile stops
  at each member's declared size, so the stream is capped by the checked sizes.
- The same stream notes formula cells that carry no cached value (a file written by
  a library and never opened in Excel), so that their amounts are not read as zero.
- It also bounds the cells a reader would allocate: calamine makes one grid from the
  first to the last cell reference, so a cell at XFD1048576 beside A1 asks for 17 billion
  cells. References are cheap to bound: in a buffer without a long one (three letters, two
  letters and five digits, a row from 1,100,000) the grid is under 30 million cells; a part
  with a long one is read again for its exact extent (check_extent).
- An OLE2 (CFB) file with an EncryptedPackage stream is a password-protected workbook.
"""

from __future__ import annotations

import mmap
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from .._i18n import say
from ..errors import UnsafeInput, UnsupportedFormat

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_MARKERS = tuple(s.encode("utf-16-le") for s in ("EncryptedPackage", "EncryptionInfo"))
# Below this declared size a member's ratio says nothing (a few KB of zeros compress 1000×).
RATIO_FLOOR = 1 << 20
_CHUNK = 1 << 20
_DTD_MARKERS = tuple(
    marker.encode(enc) for marker in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(map(len, _DTD_MARKERS))
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# A formula cell with no value: …</f></c>, …</f><v/></c>, <f t="shared" si="0"/></c>.
_NO_VALUE_AFTER_F = re.compile(rb"</f>\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
_NO_VALUE_SHARED_F = re.compile(rb"<f\b[^>]*/>\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
#: A cell reference that may widen the grid past max_cells (see the module docstring).
#: Unflagged, a reference is at most Z1099999 or ZZ9999: 28.6 million cells at most, so a
#: 1,000,000-line budget of up to 26 columns is not read twice. (No letter: a <row r=…>.)
_LONG_REF = re.compile(rb'\br="(?:[A-Z]{3}|[A-Z]{2}[0-9]{5}|[A-Z]?(?:[0-9]{8}|1[1-9][0-9]{5}|[2-9][0-9]{6}))')
# _LONG_REF visits every cell reference of a sheet (a million cells: most of a second). Every
# reference it can match, with letters folded to A and digits to 0, holds one of these, which
# bytes.find looks for at memchr speed; only a buffer holding one is searched with _LONG_REF.
_FOLD_REF = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", b"A" * 26 + b"0" * 10)
_LONG_REF_SHAPES = (b'r="AAA', b'r="AA00000', b'r="A0000000', b'r="0000000')


def has_long_reference(buffer: bytes) -> bool:
    """_LONG_REF.search(buffer), found fast: a folded pass first, the expression only where it may match."""
    folded = buffer.translate(_FOLD_REF)
    return any(shape in folded for shape in _LONG_REF_SHAPES) and _LONG_REF.search(buffer) is not None
_ANY_REF = re.compile(rb'\br="([A-Z]*)([0-9]+)"')


@dataclass
class PartScan:
    """What streaming a worksheet part found."""

    #: (0-based row, 0-based column) of formula cells without a cached value.
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    #: such a cell had no r="A1" reference: its position needs a real parser.
    positionless: bool = False
    #: a cell reference may widen the grid past the limit: check_extent decides.
    long_reference: bool = False


def unsafe_member_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
        return True
    return any(part == ".." for part in re.split(r"[/\\]", name))


def check_members(path: str, infos: Iterable[zipfile.ZipInfo], limits) -> None:
    """Refuse traversal names, encrypted members and zip bombs, from declared sizes only."""
    total = 0
    for info in infos:
        name = info.filename
        if unsafe_member_name(name):
            raise UnsafeInput(path, say(f"压缩包成员的路径不安全：{name!r}（路径穿越）",
                                        f"archive member with an unsafe path {name!r} (path traversal)"))
        if info.flag_bits & 0x1:
            raise UnsafeInput(path, encrypted())
        size = info.file_size
        total += size
        if total > limits.max_uncompressed_bytes:
            limit = limits.max_uncompressed_bytes
            raise UnsafeInput(path, say(f"压缩包声明解压后超过 {limit} 字节（仅成员 {name!r} 就有 {size}）：可能是压缩炸弹，拒绝读取",
                                        f"archive declares more than {limit} bytes uncompressed (member {name!r} alone "
                                        f"{size}): refusing a possible zip bomb"))
        if size > RATIO_FLOOR and size > limits.max_compression_ratio * max(info.compress_size, 1):
            ratio = size / max(info.compress_size, 1)
            limit = f"{limits.max_compression_ratio:g}×"
            raise UnsafeInput(path, say(f"压缩包成员 {name!r} 会膨胀 {ratio:.0f}×（上限 {limit}）：可能是压缩炸弹，拒绝读取",
                                        f"archive member {name!r} would inflate {ratio:.0f}× (limit {limit}): refusing "
                                        "a possible zip bomb"))


def is_xml_part(name: str) -> bool:
    return name.lower().endswith(_XML_SUFFIXES) or name == "[Content_Types].xml"


def scan_part(path: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo, worksheet: bool) -> PartScan:
    """Stream one XML part: refuse a DTD, note formulas without cached values."""
    result = PartScan()
    carry = b""
    try:
        with zf.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                buffer = carry + chunk
                # Single-byte searches run at memchr speed: only a buffer holding a "!"
                # can declare a DTD, only one holding an "f" can hold a formula.
                if buffer.find(b"!") >= 0 and any(marker in buffer for marker in _DTD_MARKERS):
                    raise UnsafeInput(path, say(f"部件 {info.filename} 声明了 DTD 或实体（<!DOCTYPE/<!ENTITY>）：拒绝实体展开"
                                                f"（“十亿笑声”、外部实体）",
                                                f"part {info.filename} declares a DTD or entities "
                                                "(<!DOCTYPE/<!ENTITY>): refusing entity expansion (billion laughs, "
                                                "external entities)"))
                if not worksheet:
                    carry = buffer[-_OVERLAP:]
                    continue
                if not result.long_reference and has_long_reference(buffer):
                    result.long_reference = True
                # Cut after the last complete cell so that no cell straddles two buffers.
                cut = buffer.rfind(b"</c>")
                if cut < 0:
                    carry = buffer if len(buffer) < 8 * _CHUNK else buffer[-_OVERLAP:]
                    continue
                cut += 4
                if buffer.find(b"f") >= 0:
                    _note_formulas(buffer, cut, result)
                carry = buffer[cut:]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise UnsupportedFormat(path, corrupt(f"{info.filename}: {exc}")) from None
    except RuntimeError as exc:  # zipfile: "File is encrypted, password required"
        raise UnsafeInput(path, encrypted()) from exc
    return result


def check_extent(path: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits) -> None:
    """Refuse a sheet part whose cells span more than limits.max_cells (first to last)."""
    rows: list[int] = []
    cols: set[bytes] = set()
    carry = b""
    with zf.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            buffer = carry + chunk
            cut = buffer.rfind(b"<c ")
            cut = cut if cut > 0 else len(buffer)
            _extend(_ANY_REF.findall(buffer, 0, cut), rows, cols)
            rows = [min(rows), max(rows)] if rows else []
            carry = buffer[cut:]
        _extend(_ANY_REF.findall(carry), rows, cols)
    cols.discard(b"")  # a <row r="…">: a row, no column
    if not rows or not cols:
        return
    first, last = min(map(column_index, cols)), max(map(column_index, cols))
    cells = (max(rows) - min(rows) + 1) * (last - first + 1)
    if cells > limits.max_cells:
        corner = max(cols, key=column_index).decode("ascii")
        raise UnsafeInput(path, say(f"部件 {info.filename} 的单元格从第 {min(rows)} 行到第 {max(rows)} 行、直到 {corner} 列："
                                    f"要读 {cells:,} 个单元格，超过 {limits.max_cells:,} 个的上限",
                                    f"part {info.filename} has cells from row {min(rows)} to {max(rows)} and up to "
                                    f"column {corner}: {cells:,} cells to read, over the {limits.max_cells:,}-cell "
                                    "limit"))


def _extend(refs: list[tuple[bytes, bytes]], rows: list[int], cols: set[bytes]) -> None:
    for letters, digits in refs:
        cols.add(letters)
        rows.append(int(digits))


def _note_formulas(buffer: bytes, end: int, result: PartScan) -> None:
    for pattern in (_NO_VALUE_AFTER_F, _NO_VALUE_SHARED_F):
        for match in pattern.finditer(buffer, 0, end):
            start = buffer.rfind(b"<c", 0, match.start())
            ref = _CELL_REF.search(buffer, start, match.start()) if start >= 0 else None
            if ref is None:
                result.positionless = True
                continue
            result.formulas_without_value.add((int(ref.group(2)) - 1, column_index(ref.group(1))))


def column_index(letters: bytes | str) -> int:
    """0-based column of "A", "AB" …"""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def encrypted() -> str:
    """Why a password-protected workbook is not read, and what to do."""
    return say("工作簿有密码：请去掉密码后重新保存", "encrypted workbook: remove the password and save again")


def corrupt(detail: str) -> str:
    return say(f"工作簿不完整或已损坏（{detail}）", f"truncated or corrupt workbook ({detail})")


def is_encrypted_ole(path: str) -> bool:
    """An OLE2 container holding an EncryptedPackage stream (a password-protected .xlsx)."""
    with open(path, "rb") as fh:
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return any(data.find(marker) >= 0 for marker in _ENCRYPTION_MARKERS)
