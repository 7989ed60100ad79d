"""Budget workbooks for the benchmark, written fast and deterministically.

The .xlsx files are written as XML directly (shared strings, merged cells, fixed zip
times): openpyxl would take longer to write the 100,000-line workbook than budgetlint
takes to lint it. Lines come from small pools per scheme and level (IP duties of both
levels, subsidies, national duties, out-of-scope market-supervision work), picked by a
pure function of the line number, so a workbook can be streamed twice (sums first,
then rows) without holding a million lines in memory.

    write_big(folder, lines)           阳城县…项目库导出.xlsx: one table, title rows, two-row header, 合计/小计
    write_small_set(folder, count)     count 部门预算 workbooks of 40–80 lines, mixed layouts and jurisdictions
    write_findings(folder, lines)      阳城县 budget where nearly every line is a finding (for the HTML report)
    write_heavy(folder, lines)         泽州县 export that is mostly wrong: 80 % IP lines, many wrong-level, names
                                       repeated by the thousand, amounts split over 本级 / 上级转移支付 columns
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ZIP_TIME = (2025, 1, 15, 9, 0, 0)

# The functional classification names are the sample budgets' own (one table for both).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from make_samples import FUNDING_SPLIT, SUBJECTS, header_cells, table_columns  # noqa: E402

# ---------------------------------------------------------------------------
# Line pools. (code, name, expected verdict, description, 资金来源). The verdict is what a
# reviewer would say; it only steers the mix, the benchmark never asserts on it.

Entry = tuple[str, str, str, str, str]
OWN = "本级财力"
CITY_TRANSFER = "市级专项转移支付"

NOT_IP: tuple[Entry, ...] = (
    ("2013805", "执法办案经费", "not-ip", "市场监管综合执法办案", OWN),
    ("2013816", "食品安全抽检经费", "not-ip", "", OWN),
    ("2013816", "食品快检室运行经费", "not-ip", "", OWN),
    ("2013899", "办公楼维修改造", "not-ip", "", OWN),
    ("2013808", "计量器具强制检定", "not-ip", "", OWN),
    ("2013815", "特种设备安全监察经费", "not-ip", "", OWN),
    ("2013804", "市场主体登记注册工作经费", "not-ip", "", OWN),
    ("2013805", "价格监督检查经费", "not-ip", "", OWN),
    ("2013815", "产品质量监督抽查经费", "not-ip", "", OWN),
    ("2013815", "特种设备检验检测", "not-ip", "", OWN),
    ("2013808", "标准化试点示范项目", "not-ip", "", OWN),
    ("2013805", "执法车辆运行维护费", "not-ip", "", OWN),
    ("2013899", "消费者权益保护", "not-ip", "", OWN),
    ("2013899", "办公楼物业管理费", "not-ip", "", OWN),
    ("2013899", "12315投诉举报热线运行经费", "not-ip", "", OWN),
    ("2013805", "广告监测", "not-ip", "", OWN),
    ("2013899", "网络交易监测经费", "not-ip", "", OWN),
    ("2013810", "药品医疗器械化妆品监管", "not-ip", "", OWN),
    ("2013816", "食品安全监督抽检", "not-ip", "", "上级转移支付-中央和省级补助"),
)

JINCHENG_COUNTY: tuple[Entry, ...] = (
    ("2011409", "知识产权发展规划编制", "ok", "", OWN),
    ("2011409", "专利导航项目", "ok", "围绕本县陶瓷产业开展专利导航", OWN),
    ("2011409", "县级知识产权统计调查分析发布", "ok", "", OWN),
    ("2011499", "知识产权维权援助工作站运行经费", "ok", "", OWN),
    ("2011499", "知识产权宣传周活动经费", "ok", "", OWN),
    ("2011499", "著作权许可和转让备案工作经费", "ok", "县版权局办理的备案", OWN),
    ("2011499", "知识产权人才队伍建设", "ok", "", OWN),
    ("2013805", "知识产权执法办案经费", "ok", "查处商标侵权、假冒专利案件", OWN),
    ("2013805", "知识产权纠纷行政调解工作经费", "ok", "", OWN),
    ("2013805", "知识产权快速协同保护工作经费", "ok", "", OWN),
    ("2011499", "专利申请资助", "unlisted", "", OWN),
    ("2011499", "知识产权优势企业培育奖补", "unlisted", "", OWN),
    ("2011499", "高价值专利培育资金", "unlisted", "", OWN),
    ("2011499", "知识产权贯标资助资金", "unlisted", "", OWN),
    ("2011499", "商标注册审查工作经费", "upper-level", "", OWN),
    ("2011499", "地理标志产品认定工作经费", "upper-level", "", OWN),
    ("2011409", "晋城市全市性知识产权风险预测预警平台建设", "wrong-level", "", OWN),
    ("2011409", "跨区域知识产权重大违法案件查办", "wrong-level", "", OWN),
    ("2013805", "知识产权侵权纠纷行政裁决办案经费", "wrong-level", "", OWN),
    ("2013805", "知识产权保护专项行动县级配套", "wrong-level", "县级配套资金", "县级配套"),
    ("2013805", "知识产权侵权纠纷行政裁决工作经费", "entrusted", "", CITY_TRANSFER),
    ("2013805", "知识产权保护专项行动经费", "entrusted", "", CITY_TRANSFER),
)

JINCHENG_CITY: tuple[Entry, ...] = (
    ("2011409", "结合全市产业发展开展专利导航项目", "ok", "", OWN),
    ("2011409", "全市知识产权统计调查分析发布", "ok", "", OWN),
    ("2011409", "知识产权领域地方性法规立法调研经费", "ok", "", OWN),
    ("2011499", "全市知识产权维权援助工作经费", "ok", "", OWN),
    ("2011499", "著作权许可和转让备案工作经费", "ok", "", OWN),
    ("2011499", "知识产权人才培训经费", "ok", "", OWN),
    ("2013805", "知识产权保护专项行动组织经费", "ok", "", OWN),
    ("2013805", "知识产权侵权纠纷行政裁决工作经费", "ok", "", OWN),
    ("2011409", "下达县（市、区）专利导航项目转移支付资金", "transfer", "", OWN),
    ("2011499", "对县（市、区）知识产权保护体系建设补助", "transfer", "", OWN),
    ("2011409", "阳城县陶瓷产业专利导航项目", "wrong-level", "", OWN),
    ("2011499", "专利资助资金", "unlisted", "", OWN),
    ("2011499", "知识产权质押融资风险补偿资金", "unlisted", "", OWN),
    ("2011499", "商标品牌奖补资金", "unlisted", "", OWN),
    ("2011499", "地理标志产品认定工作经费", "upper-level", "", OWN),
)

SHIJIAZHUANG_COUNTY: tuple[Entry, ...] = (
    ("2011409", "知识产权战略规划编制", "ok", "", OWN),
    ("2011409", "本地区专利导航项目", "ok", "", OWN),
    ("2011499", "知识产权宣传周活动经费", "ok", "", OWN),
    ("2011499", "知识产权保护状况评价", "ok", "", OWN),
    ("2011499", "软件正版化工作推进经费", "ok", "", OWN),
    ("2013805", "知识产权执法办案经费", "ok", "本地区商标侵权案件查处", OWN),
    ("2013805", "知识产权纠纷行政调解", "ok", "", OWN),
    ("2013805", "知识产权快速协同保护工作经费", "ok", "", OWN),
    ("2011409", "石家庄市全市性知识产权服务业监管", "wrong-level", "", OWN),
    ("2011499", "作品登记审核", "wrong-level", "", OWN),
    ("2013805", "知识产权侵权纠纷行政裁决", "wrong-level", "", OWN),
    ("2011499", "作品登记审核工作经费", "entrusted", "", CITY_TRANSFER),
    ("2011499", "专利资助资金", "unlisted", "", OWN),
    ("2011499", "商标品牌奖补资金", "unlisted", "", OWN),
    ("2011499", "著作权许可和转让备案", "unlisted", "", OWN),
    ("2011499", "知识产权优势企业培育项目", "unlisted", "", OWN),
    ("2011499", "集成电路布图设计登记经费", "upper-level", "", OWN),
)

SHIJIAZHUANG_CITY: tuple[Entry, ...] = (
    ("2011409", "结合全市性产业发展开展专利导航", "ok", "", OWN),
    ("2011409", "全市知识产权服务业监管", "ok", "", OWN),
    ("2011499", "市级知识产权公共服务体系建设", "ok", "", OWN),
    ("2011499", "市级层面与外国地方政府知识产权合作交流", "ok", "", OWN),
    ("2013805", "全市性知识产权执法专项经费", "ok", "", OWN),
    ("2013805", "知识产权侵权纠纷行政裁决", "ok", "", OWN),
    ("2011409", "下达县（市、区）专利导航转移支付", "transfer", "", OWN),
    ("2011499", "对县（市、区）知识产权维权援助补助资金", "transfer", "", OWN),
    ("2011409", "裕华区专利导航服务项目", "wrong-level", "", OWN),
    ("2011409", "全市和裕华区专利导航项目", "ambiguous", "", OWN),
    ("2011499", "知识产权质押融资风险补偿资金", "unlisted", "", OWN),
    ("2011499", "市知识产权示范企业奖励", "unlisted", "", OWN),
    ("2011499", "著作权许可和转让备案工作经费", "unlisted", "", OWN),
    ("2011499", "地理标志认定评审经费", "upper-level", "", OWN),
)

#: jurisdiction → (level, IP pool). Both schemes, city and county level, county-level cities.
JURISDICTIONS: dict[str, tuple[str, tuple[Entry, ...]]] = {
    "晋城市": ("city", JINCHENG_CITY),
    "沁水县": ("county", JINCHENG_COUNTY),
    "阳城县": ("county", JINCHENG_COUNTY),
    "陵川县": ("county", JINCHENG_COUNTY),
    "泽州县": ("county", JINCHENG_COUNTY),
    "高平市": ("county", JINCHENG_COUNTY),
    "石家庄市": ("city", SHIJIAZHUANG_CITY),
    "长安区": ("county", SHIJIAZHUANG_COUNTY),
    "裕华区": ("county", SHIJIAZHUANG_COUNTY),
    "正定县": ("county", SHIJIAZHUANG_COUNTY),
    "平山县": ("county", SHIJIAZHUANG_COUNTY),
    "辛集市": ("county", SHIJIAZHUANG_COUNTY),
}


def _mix(rand: int) -> int:
    """A cheap deterministic hash of a line number (splitmix-style), 32 bits."""
    x = (rand * 0x9E3779B1 + 0x7F4A7C15) & 0xFFFFFFFF
    x ^= x >> 16
    x = (x * 0x85EBCA6B) & 0xFFFFFFFF
    return x ^ (x >> 13)


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    desc: str
    funding: str
    yuan: int  # amounts are whole hundreds of 元, so 万元 values have two decimals
    transfer: bool  # paid wholly by an upper-level transfer


@dataclass(frozen=True)
class Plan:
    """Which lines a table holds: `count` lines drawn from `pool`, grouped by code."""

    pool: tuple[Entry, ...]
    count: int
    seed: int = 0
    ip_share: float = 0.45  # the rest is out-of-scope market-supervision work
    unique: bool = True  # suffix a serial so no two lines are identical (defeats the judge memo)

    def _entry(self, i: int, ip: list[Entry], other: list[Entry]) -> tuple[Entry, int]:
        h = _mix(i + self.seed * 7919)
        source = ip if (ip and h % 1000 < self.ip_share * 1000) or not other else other
        return source[(h >> 10) % len(source)], h

    def lines(self) -> Iterator[tuple[str, list[Line]]]:
        """(code, lines of that code) in code order; the same every call."""
        ip = [e for e in self.pool if e[2] != "not-ip"]
        other = [e for e in self.pool if e[2] == "not-ip"]
        picks: dict[str, list[int]] = {}
        # The first pass keeps only line numbers, so a million lines stay small.
        for i in range(self.count):
            picks.setdefault(self._entry(i, ip, other)[0][0], []).append(i)
        for code in sorted(picks):
            group = []
            for i in picks[code]:
                (c, name, _verdict, desc, funding), h = self._entry(i, ip, other)
                if self.unique:
                    name = f"{name}（{i + 1:06d}）"
                yuan = ((h >> 20) % 4000 + 5) * 100
                group.append(Line(c, name, desc, funding, yuan, funding != OWN and "配套" not in funding))
            yield code, group

    def total(self) -> int:
        return sum(x.yuan for _, group in self.lines() for x in group)


# ---------------------------------------------------------------------------
# Table layout.


@dataclass(frozen=True)
class Layout:
    sheet: str = "项目支出表"
    unit: str = "万元"  # "万元" | "元"
    codes: str = "seven"  # "seven" | "split" (类 | 款 | 项)
    subtotals: bool = False  # a 小计 row after each code
    total_first: bool = True
    desc_column: bool = False
    unit_column: bool = False
    funding_column: bool = False  # 资金来源 as text instead of split amount columns
    lanci: bool = False  # a 栏次 row under the header
    table_no: str = ""
    text_amounts: bool = False  # every 7th amount stored as text with separators


def _columns(layout: Layout) -> list[tuple[str, tuple[str, ...]]]:
    amounts = [("funding", ("资金来源",)), ("total", ("合计",))] if layout.funding_column else FUNDING_SPLIT
    return table_columns(layout.codes, layout.unit_column, layout.desc_column, amounts)


def _header(paths: list[tuple[str, ...]], top: int) -> tuple[list[list], list[str]]:
    """Rows and merged ranges of a header drawn from column paths (make_samples.header_cells)."""
    depth, cells = header_cells(paths)
    rows: list[list] = [[None] * len(paths) for _ in range(depth)]
    merges = []
    for d, c, text, last, end in cells:
        rows[d][c] = text
        if end > c or last > d:
            merges.append(f"{_ref(top + d, c)}:{_ref(top + last, end)}")
    return rows, merges


def _amount(yuan: int, unit: str, as_text: bool = False):
    if not yuan:
        return None
    value = yuan if unit == "元" else yuan / 10000
    return f"{value:,.2f}" if as_text else value


def _values(cols, layout: Layout, org: str, line: Line | None, label: str = "", yuan: int = 0, upper: int = 0,
            serial: int = 0) -> list:
    out = []
    for key, _ in cols:
        if key in ("类", "款", "项"):
            out.append({"类": line.code[0:3], "款": line.code[3:5], "项": line.code[5:7]}[key] if line else None)
        elif key == "code":
            out.append(line.code if line else (label if label == "合计" else None))
        elif key == "subject":
            out.append(SUBJECTS[line.code] if line else None)
        elif key == "unit":
            out.append(org if line else None)
        elif key == "name":
            out.append(line.name if line else (label if label == "小计" else None))
        elif key == "desc":
            out.append((line.desc or None) if line else None)
        elif key == "funding":
            out.append(line.funding if line else None)
        else:
            as_text = bool(line and layout.text_amounts and serial % 7 == 3)
            value = {"total": yuan, "fiscal": yuan, "upper": upper}[key]
            out.append(_amount(value, layout.unit, as_text))
    if label == "合计" and layout.codes == "split":
        out[0] = "合计"
    return out


@dataclass
class Sheet:
    name: str
    rows: Iterable[list]  # may be a generator: it is consumed once, while writing
    merges: list[str] = field(default_factory=list)  # may grow while rows are consumed


def project_sheet(layout: Layout, plan: Plan, jurisdiction: str, org: str) -> Sheet:
    """The project table: table number, title, 编制单位 line, merged header, 合计, lines, 小计, note."""
    cols = _columns(layout)
    width = len(cols)
    sheet = Sheet(layout.sheet, ())

    def rows() -> Iterator[list]:
        r = 0
        if layout.table_no:
            yield [None] * (width - 1) + [layout.table_no]
            r += 1
        yield [f"{jurisdiction}{org[len(jurisdiction):]}2025年项目支出预算表"] + [None] * (width - 1)
        sheet.merges.append(f"{_ref(r, 0)}:{_ref(r, width - 1)}")
        yield [f"编制单位：{org}"] + [None] * (width - 2) + [f"单位：{layout.unit}"]
        r += 2
        head, merges = _header([p for _, p in cols], r)
        sheet.merges.extend(merges)
        yield from head
        r += len(head)
        if layout.lanci:
            first = [k for k, _ in cols].index("total")
            yield ["栏次"] + [None] * (first - 1) + list(range(1, width - first + 1))
            r += 1
        total = plan.total() if layout.total_first else 0
        upper_total = 0
        if layout.total_first:
            upper_total = sum(x.yuan for _, g in plan.lines() for x in g if x.transfer)
            yield _values(cols, layout, org, None, "合计", total, upper_total)
            if layout.codes == "split":
                sheet.merges.append(f"{_ref(r, 0)}:{_ref(r, 3)}")
            r += 1
        run_total = run_upper = serial = 0
        for _code, group in plan.lines():
            group_total = group_upper = 0
            for line in group:
                upper = line.yuan if line.transfer else 0
                yield _values(cols, layout, org, line, yuan=line.yuan, upper=upper, serial=serial)
                serial += 1
                group_total += line.yuan
                group_upper += upper
                r += 1
            if layout.subtotals:
                yield _values(cols, layout, org, None, "小计", group_total, group_upper)
                r += 1
            run_total += group_total
            run_upper += group_upper
        if not layout.total_first:
            yield _values(cols, layout, org, None, "合计", run_total, run_upper)
            if layout.codes == "split":
                sheet.merges.append(f"{_ref(r, 0)}:{_ref(r, 3)}")
            r += 1
        yield ["注：本表反映部门2025年项目支出预算安排情况。"] + [None] * (width - 1)
        sheet.merges.append(f"{_ref(r, 0)}:{_ref(r, width - 1)}")

    sheet.rows = rows()
    return sheet


def summary_sheet(org: str, project_yuan: int, basic_yuan: int = 6_123_500) -> Sheet:
    """部门收支总表 (no project lines; balances with the project table)."""
    wan = lambda y: y / 10000  # noqa: E731
    total = basic_yuan + project_yuan
    rows = [
        ["部门收支总表", None, None, None],
        [f"编制单位：{org}", None, None, "单位：万元"],
        ["收入", None, "支出", None],
        ["项目", "预算数", "项目", "预算数"],
        ["一、一般公共预算拨款收入", wan(total), "一、基本支出", wan(basic_yuan)],
        ["二、政府性基金预算拨款收入", None, "二、项目支出", wan(project_yuan)],
        ["收入合计", wan(total), "支出合计", wan(total)],
    ]
    return Sheet("部门收支总表", rows, ["A1:D1", "A3:B3", "C3:D3"])


# ---------------------------------------------------------------------------
# The .xlsx writer: XML by hand, shared strings, streamed rows.

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
_LETTERS = [chr(65 + i) for i in range(26)] + [f"A{chr(65 + i)}" for i in range(26)]


def _ref(row: int, col: int) -> str:
    """0-based (row, col) → A1."""
    return f"{_LETTERS[col]}{row + 1}"


def _member(zf: zipfile.ZipFile, name: str, text: str) -> None:
    zf.writestr(zipfile.ZipInfo(name, ZIP_TIME), text.encode("utf-8"), zipfile.ZIP_DEFLATED)


def write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    """Write sheets as an .xlsx; strings are shared, rows are streamed in chunks."""
    strings: dict[str, int] = {}

    def cell(ref: str, value) -> str:
        if isinstance(value, str):
            index = strings.get(value)
            if index is None:
                index = strings[value] = len(strings)
            return f'<c r="{ref}" t="s"><v>{index}</v></c>'
        return f'<c r="{ref}"><v>{value!r}</v></c>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        _member(zf, "[Content_Types].xml", (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>{overrides}'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/></Types>'))
        _member(zf, "_rels/.rels", (
            f'{_HEAD}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'))
        listed = "".join(f'<sheet name="{escape(s.name)}" sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(sheets, 1))
        _member(zf, "xl/workbook.xml", f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{listed}</sheets></workbook>')
        n = len(sheets)
        rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
        _member(zf, "xl/_rels/workbook.xml.rels", (
            f'{_HEAD}<Relationships xmlns="{_PKG}">{rels}'
            f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
        _member(zf, "xl/styles.xml", _STYLES)
        for i, sheet in enumerate(sheets, 1):
            info = zipfile.ZipInfo(f"xl/worksheets/sheet{i}.xml", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w", force_zip64=True) as fh:
                fh.write(f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetData>'.encode())
                chunk: list[str] = []
                for r, values in enumerate(sheet.rows):
                    cells = "".join(cell(_ref(r, c), v) for c, v in enumerate(values) if v is not None)
                    chunk.append(f'<row r="{r + 1}">{cells}</row>')
                    if len(chunk) >= 4096:
                        fh.write("".join(chunk).encode())
                        chunk.clear()
                fh.write("".join(chunk).encode())
                merges = "".join(f'<mergeCell ref="{m}"/>' for m in sheet.merges)
                tail = f'<mergeCells count="{len(sheet.merges)}">{merges}</mergeCells>' if sheet.merges else ""
                fh.write(f"</sheetData>{tail}</worksheet>".encode())
        info = zipfile.ZipInfo("xl/sharedStrings.xml", ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as fh:
            fh.write(f'{_HEAD}<sst xmlns="{_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'.encode())
            fh.write("".join(f"<si><t>{escape(s)}</t></si>" for s in strings).encode())
            fh.write(b"</sst>")


def write_csv_export(path: Path, plan: Plan, jurisdiction: str, org: str) -> None:
    """A budget-system project-library export: GBK, CRLF, one row per project, no totals."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["财政区划", "预算级次", "单位名称", "项目名称", "项目概述", "功能分类科目编码",
                "功能分类科目名称", "资金性质", "资金来源", "金额（万元）"])
    for _code, group in plan.lines():
        for line in group:
            w.writerow([jurisdiction, "县级", org, line.name, line.desc, line.code, SUBJECTS[line.code],
                        "一般公共预算", line.funding, f"{line.yuan / 10000:.2f}"])
    path.write_bytes(buf.getvalue().encode("gbk"))


# ---------------------------------------------------------------------------
# The benchmark's workbooks.

BIG_NAME = "阳城县市场监督管理局2025年项目库导出.xlsx"


def _org(jurisdiction: str) -> str:
    return f"{jurisdiction}市场监督管理局"


def write_big(folder: Path, lines: int, name: str = BIG_NAME) -> tuple[Path, str]:
    """The one-table project library of 阳城县 (晋城 scheme); returns (path, project sheet name)."""
    org = _org("阳城县")
    plan = Plan(JINCHENG_COUNTY + NOT_IP, lines, seed=1, ip_share=0.3)
    layout = Layout(unit_column=True, desc_column=True, funding_column=True, subtotals=True, table_no="公开08表")
    path = folder / name
    write_xlsx(path, [summary_sheet(org, plan.total()), project_sheet(layout, plan, "阳城县", org)])
    return path, layout.sheet


def write_findings(folder: Path, lines: int) -> Path:
    """A 阳城县 budget whose lines are almost all findings: wrong-level, upper-level, unlisted, entrusted."""
    org = _org("阳城县")
    flagged = tuple(e for e in JINCHENG_COUNTY if e[2] not in ("ok", "not-ip"))
    wrong = tuple(e for e in flagged if e[2] == "wrong-level")
    plan = Plan(flagged + wrong, lines, seed=3, ip_share=1.0)  # wrong-level lines weigh double
    layout = Layout(desc_column=True, funding_column=True)
    path = folder / "阳城县市场监督管理局2025年部门预算（问题清单）.xlsx"
    write_xlsx(path, [project_sheet(layout, plan, "阳城县", org)])
    return path


def write_heavy(folder: Path, lines: int) -> tuple[Path, str]:
    """A budget-system export where most lines are IP work and many are at the wrong level: the
    names repeat (no serials), amounts are split over 本级财力 / 上级转移支付 columns, and a
    description runs beside each name (issue 22's findings-heavy case)."""
    org = _org("泽州县")
    wrong = tuple(e for e in JINCHENG_COUNTY if e[2] == "wrong-level")
    plan = Plan(JINCHENG_COUNTY + wrong + wrong + NOT_IP, lines, seed=5, ip_share=0.8, unique=False)
    layout = Layout(desc_column=True, unit_column=True, subtotals=True, unit="元")
    path = folder / "泽州县市场监督管理局2025年项目库导出（全部）.xlsx"
    write_xlsx(path, [project_sheet(layout, plan, "泽州县", org)])
    return path, layout.sheet


def small_layout(k: int) -> Layout:
    """The k-th small workbook's layout: every combination turns up across a few dozen."""
    h = _mix(k * 31 + 5)
    return Layout(
        sheet=("项目支出表", "项目支出预算表", "项目支出情况表")[h % 3],
        unit="元" if h >> 2 & 3 == 0 else "万元",
        codes="split" if h >> 4 & 1 else "seven",
        subtotals=bool(h >> 5 & 1),
        total_first=bool(h >> 6 & 1),
        desc_column=bool(h >> 7 & 1),
        unit_column=bool(h >> 8 & 1),
        funding_column=bool(h >> 9 & 1),
        lanci=h >> 10 & 3 == 0,
        table_no="公开08表" if h >> 12 & 1 else "",
        text_amounts=h >> 13 & 3 == 0,
    )


def write_small_set(folder: Path, count: int, progress: Callable[[int], None] | None = None) -> list[Path]:
    """count 部门预算 workbooks of 40–80 lines; one in ten is a CSV project-library export."""
    folder.mkdir(parents=True, exist_ok=True)
    names = sorted(JURISDICTIONS)
    paths = []
    for k in range(count):
        jurisdiction = names[k % len(names)]
        _level, pool = JURISDICTIONS[jurisdiction]
        org = _org(jurisdiction)
        plan = Plan(pool + NOT_IP, 40 + _mix(k) % 41, seed=k + 11, unique=False)
        if k % 10 == 9:
            path = folder / f"{org}2025年项目库导出（{k:04d}）.csv"
            write_csv_export(path, plan, jurisdiction, org)
        else:
            path = folder / f"{org}2025年部门预算（{k:04d}）.xlsx"
            write_xlsx(path, [summary_sheet(org, plan.total()), project_sheet(small_layout(k), plan, jurisdiction, org)])
        paths.append(path)
        if progress:
            progress(k + 1)
    return paths
