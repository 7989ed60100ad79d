"""Bad and hostile files: the right InputError subclass, a message naming the file, no traceback."""

from __future__ import annotations

import random
import zipfile

import pytest

from budgetlint.errors import InputError, NoProjectTable, UnsafeInput, UnsupportedFormat
from budgetlint.read import ReadLimits, read_workbook

from .builders import csv_file, rewrite_zip, set_declared_size, sheet_xml, xlsx

GOOD = {"项目支出表": [["项目名称", "金额"], ["专利导航", 10], ["维权援助", 20]]}

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
               for i in range(1, 10))
    + b"]>"
)
EXTERNAL_ENTITY = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def good(tmp_path, name="good.xlsx"):
    return xlsx(tmp_path, GOOD, name=name)


def zero_bytes(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    return path


def random_bytes(tmp_path):
    path = tmp_path / "random.xlsx"
    path.write_bytes(random.Random(0).randbytes(4096))
    return path


def truncated(tmp_path):
    data = good(tmp_path).read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def csv_named_xlsx(tmp_path):
    return csv_file(tmp_path, [["项目名称", "金额"], ["专利导航", "10"]], name="text.xlsx")


def zip_named_csv(tmp_path):
    return good(tmp_path, name="book.csv")


def wps_et(tmp_path):
    path = tmp_path / "book.et"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


def word_doc(tmp_path):
    path = tmp_path / "notice.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


def html_named_xls(tmp_path):
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>项目名称</td></tr></table></body></html>", encoding="utf-8")
    return path


def encrypted(tmp_path):
    """A CFB (OLE2) container whose directory holds an EncryptedPackage stream."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x1A:0x1C] = (0x3E).to_bytes(2, "little")  # minor version
    header[0x1C:0x1E] = (3).to_bytes(2, "little")  # major version 3: 512-byte sectors
    header[0x1E:0x20] = (9).to_bytes(2, "little")  # sector shift
    header[0x30:0x34] = (0).to_bytes(4, "little")  # first directory sector
    entries = bytearray()
    for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage"):
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        entry[: len(encoded)] = encoded
        entry[64:66] = len(encoded).to_bytes(2, "little")
        entry[66] = 5 if name == "Root Entry" else 2
        entries += entry
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes(header) + bytes(entries) + bytes(512 - len(entries)))
    return path


def no_sheets(tmp_path):
    def drop_sheets(name, data):
        if name == "xl/workbook.xml":
            start, end = data.index(b"<sheets>"), data.index(b"</sheets>") + len(b"</sheets>")
            return data[:start] + b"<sheets/>" + data[end:]
        return data

    return rewrite_zip(good(tmp_path), tmp_path / "nosheets.xlsx", edit=drop_sheets)


def only_empty_sheets(tmp_path):
    return xlsx(tmp_path, {"Sheet1": [], "Sheet2": [[None]]}, name="blank.xlsx")


def no_project_table(tmp_path):
    sheets = {"部门收支总表": [["项目", "预算数", "项目", "预算数"], ["一般公共预算拨款", 100, "一般公共服务支出", 100]]}
    return xlsx(tmp_path, sheets, name="totals.xlsx")


def one_column_header(tmp_path):
    return xlsx(tmp_path, {"项目支出表": [["序号", "项目名称", "负责人"], [1, "专利导航", "张三"]]}, name="onecol.xlsx")


def undetectable_csv(tmp_path):
    path = tmp_path / "garbled.csv"
    path.write_bytes(random.Random(1).randbytes(2048))
    return path


def binary_csv(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes("项目名称,金额\n专利导航,10\n".encode() + b"\x00" * 64)
    return path


def ratio_bomb(tmp_path):
    """A modest file with one member that inflates 1000× (20 MB of zeros)."""
    return rewrite_zip(good(tmp_path), tmp_path / "ratio.xlsx", add={"xl/media/image1.bin": bytes(20 * 2**20)})


def declared_bomb(tmp_path):
    """A member that declares 4 GB uncompressed (the archive lies; nothing may inflate it)."""
    path = good(tmp_path, name="declared.xlsx")
    set_declared_size(path, "xl/worksheets/sheet1.xml", 0xFFFF_FFF0)
    return path


def billion_laughs(tmp_path):
    xml = sheet_xml(good(tmp_path))
    body = xml[xml.index(b"<worksheet"):]
    change = {"xl/worksheets/sheet1.xml": BILLION_LAUGHS + body}
    return rewrite_zip(good(tmp_path), tmp_path / "laughs.xlsx", change=change)


def external_entity(tmp_path):
    path = good(tmp_path)
    with zipfile.ZipFile(path) as zf:
        book = zf.read("xl/workbook.xml")
    body = book[book.index(b"<workbook"):]
    return rewrite_zip(path, tmp_path / "xxe.xlsx", change={"xl/workbook.xml": EXTERNAL_ENTITY + body})


def entity_in_shared_strings(tmp_path):
    strings = EXTERNAL_ENTITY + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    return rewrite_zip(good(tmp_path), tmp_path / "sst.xlsx", add={"xl/sharedStrings.xml": strings})


def traversal(tmp_path):
    return rewrite_zip(good(tmp_path), tmp_path / "slip.xlsx", add={"../../evil.txt": b"x"})


def absolute_member(tmp_path):
    return rewrite_zip(good(tmp_path), tmp_path / "abs.xlsx", add={"/etc/evil.txt": b"x"})


BAD = [
    (zero_bytes, UnsupportedFormat, None),
    (random_bytes, UnsupportedFormat, None),
    (truncated, UnsupportedFormat, None),
    (csv_named_xlsx, UnsupportedFormat, None),
    (zip_named_csv, UnsupportedFormat, None),
    (wps_et, UnsupportedFormat, None),
    (word_doc, UnsupportedFormat, None),
    (html_named_xls, UnsupportedFormat, None),
    (encrypted, UnsafeInput, None),
    (no_sheets, NoProjectTable, None),
    (only_empty_sheets, NoProjectTable, None),
    (no_project_table, NoProjectTable, None),
    (one_column_header, NoProjectTable, None),
    (undetectable_csv, UnsupportedFormat, None),
    (binary_csv, UnsupportedFormat, None),
    (ratio_bomb, UnsafeInput, None),
    (declared_bomb, UnsafeInput, None),
    (billion_laughs, UnsafeInput, None),
    (external_entity, UnsafeInput, None),
    (entity_in_shared_strings, UnsafeInput, None),
    (traversal, UnsafeInput, None),
    (absolute_member, UnsafeInput, None),
    (good, UnsafeInput, ReadLimits(max_file_bytes=1000)),
    (good, UnsafeInput, ReadLimits(max_uncompressed_bytes=2000)),
    (good, UnsafeInput, ReadLimits(max_rows=2)),
    (lambda tmp_path: csv_file(tmp_path, [["项目名称", "金额"]] + [["a", "1"]] * 5), UnsafeInput, ReadLimits(max_rows=3)),
]


@pytest.mark.parametrize("build, error, limits", BAD, ids=lambda v: getattr(v, "__name__", None))
def test_bad_input(tmp_path, build, error, limits):
    path = build(tmp_path)
    with pytest.raises(InputError) as caught:
        read_workbook(path, limits)
    assert type(caught.value) is error
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


def test_declared_size_is_checked_before_anything_inflates(tmp_path, monkeypatch):
    path = declared_bomb(tmp_path)

    def refuse(*args, **kwargs):
        raise AssertionError("a member was inflated before the declared sizes were checked")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "read", refuse)
    monkeypatch.setattr("python_calamine.CalamineWorkbook.from_path", refuse)
    with pytest.raises(UnsafeInput):
        read_workbook(path)


def test_ratio_is_checked_before_anything_inflates(tmp_path, monkeypatch):
    path = ratio_bomb(tmp_path)
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("inflated before the ratio check"))
    with pytest.raises(UnsafeInput):
        read_workbook(path)


def test_the_good_file_used_above_is_good(tmp_path):
    assert len(read_workbook(good(tmp_path)).lines) == 2


def test_no_project_table_lists_every_sheet(tmp_path):
    sheets = {"部门收支总表": [["项目", "预算数"], ["拨款", 1]], "Sheet2": [], "Sheet3": [["备忘"], ["a"]]}
    with pytest.raises(NoProjectTable) as caught:
        read_workbook(xlsx(tmp_path, sheets))
    assert all(name in str(caught.value) for name in sheets)
