"""Write the sample budgets under sample_budgets/ (or OUT_DIR).

    python tools/make_samples.py [OUT_DIR]

Six 部门预算 workbooks (a city and two county-level budgets for each seed scheme)
and one GBK project-library export, laid out the way published budgets are:
title rows, merged multi-row headers, 合计 / 小计 / 类款 rows, notes, sheets
without project lines, units per table. Every line carries the verdict a
reviewer would give it; README.md lists them with their sheet and row.

Deterministic: same data, same bytes (fixed document dates and zip times).
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FIXED_TIME = datetime(2025, 1, 15, 9, 0, 0)

SUBJECTS = {
    "2011409": "知识产权宏观管理",
    "2011499": "其他知识产权事务支出",
    "2013804": "市场主体管理",
    "2013805": "市场秩序执法",
    "2013808": "质量基础",
    "2013810": "药品事务",
    "2013815": "质量安全监管",
    "2013816": "食品安全监管",
    "2013899": "其他市场监督管理事务",
}
CLASSES = {"201": "一般公共服务支出", "20114": "知识产权事务", "20138": "市场监督管理事务"}


@dataclass(frozen=True)
class Line:
    code: str  # 7-digit functional classification
    name: str
    yuan: int  # amount in 元; tables in 万元 divide by 10 000
    verdict: str
    duty: str = ""
    desc: str = ""  # 项目概述 / 资金来源 text in the export
    upper: bool = False  # wholly paid by 上级转移支付
    upper_part: int = 0  # partly paid by 上级转移支付 (元)
    other: int = 0  # 其他资金 (元)
    text: bool = False  # amount stored as text


def L(code, name, wan, verdict, duty="", desc="", **kw) -> Line:
    """A line with its amount given in 万元 (a string keeps the decimals exact)."""
    yuan = int(Decimal(str(wan)) * 10000)
    kw = {k: int(Decimal(str(v)) * 10000) if k in ("upper_part", "other") else v for k, v in kw.items()}
    return Line(code, name, yuan, verdict, duty, desc, **kw)


@dataclass(frozen=True)
class Budget:
    file: str
    scheme: str
    jurisdiction: str
    level: str
    org: str
    lines: tuple[Line, ...]
    sheet: str = "项目支出表"
    unit: str = "万元"
    codes: str = "seven"  # "seven" | "split" (类 | 款 | 项)
    groups: str = "plain"  # "plain" | "subtotal" | "classes"
    total_first: bool = True
    desc_column: bool = False
    unit_column: bool = False
    lanci: bool = False  # a 栏次 row under the header
    table_no: str = ""
    one_cell_unit_line: bool = False
    note: str = "注：本表反映部门2025年项目支出预算安排情况。"
    cover: bool = False
    fund_table: bool = False  # an empty 政府性基金 table (故本表无数据)
    basic: str = "0"  # 基本支出, 万元
    sangong: tuple[str, str, str, str] = ("0", "0", "0", "0")  # 出国, 购置, 运行, 接待 (万元)
    shows: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# The budgets.

JINCHENG_CITY = Budget(
    "晋城市市场监督管理局2025年部门预算.xlsx", "jincheng", "晋城市", "city", "晋城市市场监督管理局",
    (
        L("2011409", "结合全市产业发展开展专利导航项目", "40", "ok", "专利导航"),
        L("2011409", "全市知识产权统计调查分析发布", "12", "ok", "统计调查"),
        L("2011409", "知识产权领域地方性法规立法调研经费", "8.5", "ok", "地方性法规"),
        L("2011409", "下达县（市、区）专利导航项目转移支付资金", "50", "transfer", "专利导航"),
        L("2011409", "阳城县陶瓷产业专利导航项目", "20", "wrong-level", "专利导航"),
        L("2011499", "全市知识产权维权援助工作经费", "22", "ok", "维权援助"),
        L("2011499", "著作权许可和转让备案工作经费", "6", "ok", "著作权许可"),
        L("2011499", "2025年“4·26”知识产权宣传周活动经费", "15", "ok", "宣传教育"),
        L("2011499", "知识产权人才培训经费", "10", "ok", "人才队伍"),
        L("2011499", "对县（市、区）知识产权保护体系建设补助", "60", "transfer", "保护体系"),
        L("2011499", "专利资助资金", "80", "unlisted"),
        L("2011499", "知识产权质押融资风险补偿资金", "100", "unlisted"),
        L("2011499", "2025年商标品牌奖补资金", "45", "unlisted"),
        L("2011499", "地理标志产品认定工作经费", "5", "upper-level"),
        L("2013805", "知识产权保护专项行动组织经费", "35", "ok", "保护专项行动"),
        L("2013805", "知识产权侵权纠纷行政裁决工作经费", "18", "ok", "行政裁决"),
        L("2013808", "计量检定设备购置", "55", "not-ip", other="15"),
        L("2013815", "特种设备安全监察经费", "30", "not-ip"),
        L("2013816", "食品安全监督抽检经费", "120", "not-ip", upper_part="40"),
        L("2013899", "12315投诉举报热线运行经费", "18.6", "not-ip"),
    ),
    codes="split", total_first=True, table_no="公开08表", one_cell_unit_line=True, cover=True,
    fund_table=True, basic="1856.4", sangong=("0", "0", "12.6", "3.2"),
    shows=("市级工作簿，类|款|项 三列科目编码", "三行合并表头（项目 / 功能分类科目编码 / 类款项）",
           "合计行在前，合计标签跨编码列合并", "表号“公开08表”，编制单位与单位写在同一单元格",
           "封面、部门收支总表、“三公”经费表、无数据的政府性基金表都没有项目行"),
)

YANGCHENG = Budget(
    "阳城县市场监督管理局2025年部门预算.xlsx", "jincheng", "阳城县", "county", "阳城县市场监督管理局",
    (
        L("2011409", "阳城县知识产权发展规划编制", "8", "ok", "规划"),
        L("2011409", "专利导航项目", "25", "ok", "专利导航", "围绕本县陶瓷产业开展专利导航"),
        L("2011409", "全市性专利导航项目", "15", "wrong-level", "专利导航", "结合晋城市全市产业发展开展专利导航"),
        L("2011499", "知识产权维权援助工作站运行经费", "9", "ok", "维权援助"),
        L("2011499", "知识产权宣传周活动经费", "5", "ok", "宣传教育"),
        L("2011499", "专利申请资助", "30", "unlisted"),
        L("2011499", "知识产权优势企业培育奖补", "20", "unlisted", "", "市级专项转移支付", upper=True),
        L("2011499", "商标注册审查工作经费", "3", "upper-level"),
        L("2013805", "知识产权执法办案经费", "12", "ok", "执法", "查处商标侵权、假冒专利案件"),
        L("2013805", "知识产权侵权纠纷行政裁决工作经费", "10", "entrusted", "行政裁决", "市级专项转移支付", upper=True),
        L("2013805", "知识产权保护专项行动县级配套", "6", "wrong-level", "保护专项行动", "县级配套资金"),
        L("2013805", "知识产权纠纷行政调解工作经费", "4.5", "ok", "行政调解"),
        L("2013805", "执法办案经费", "20", "not-ip", "", "市场监管综合执法办案"),
        L("2013816", "食品安全抽检经费", "40", "not-ip", upper_part="10"),
        L("2013816", "食品快检室运行经费", "8", "not-ip"),
        L("2013899", "办公楼维修改造", "35", "not-ip"),
        L("2013899", "计量器具强制检定", "6.8", "not-ip"),
    ),
    sheet="项目支出预算表", groups="subtotal", total_first=False, desc_column=True,
    basic="612.35", sangong=("0", "0", "6.8", "1.5"),
    shows=("县级工作簿，7位科目编码一列", "两行合并表头（项目 / 功能分类科目编码 | 科目名称）",
           "每个科目后一行小计，合计行在最后", "项目概述列写明范围与资金来源（市级专项转移支付、县级配套）"),
)

GAOPING = Budget(
    "高平市市场监督管理局2025年部门预算.xlsx", "jincheng", "高平市", "county", "高平市市场监督管理局",
    (
        L("2011409", "全市专利导航项目", "20", "ok", "专利导航"),
        L("2011409", "全市知识产权保护体系建设经费", "15", "ok", "保护体系"),
        L("2011409", "晋城市全市性知识产权风险预测预警平台建设", "8", "wrong-level", "风险预测预警"),
        L("2011409", "晋城市全市知识产权公共服务体系建设分摊", "5", "wrong-level", "公共服务体系"),
        L("2011499", "全市软件正版化工作推进", "3", "ok", "软件正版化"),
        L("2011499", "著作权许可和转让备案工作经费", "2", "ok", "著作权许可"),
        L("2011499", "知识产权人才队伍建设", "2.5", "ok", "人才队伍"),
        L("2011499", "高平市与港澳台知识产权合作交流", "4", "ok", "港澳台"),
        L("2011499", "高价值专利培育资金", "30", "unlisted", text=True),
        L("2011499", "知识产权贯标资助资金", "12.5", "unlisted", text=True),
        L("2013804", "市场主体登记注册工作经费", "6.6", "not-ip"),
        L("2013805", "知识产权侵权纠纷行政裁决办案经费", "6", "wrong-level", "行政裁决"),
        L("2013805", "全市知识产权保护专项行动（晋城市统一组织）", "12", "entrusted", "保护专项行动", upper=True),
        L("2013805", "知识产权快速协同保护工作经费", "4.5", "ok", "快速协同保护"),
        L("2013805", "价格监督检查经费", "3.8", "not-ip"),
        L("2013815", "产品质量监督抽查经费", "18", "not-ip"),
        L("2013815", "特种设备检验检测", "9.5", "not-ip", text=True),
    ),
    unit="元", total_first=True, lanci=True, table_no="表8",
    note="说明：本表金额单位为元；项目支出由本级财政拨款和上级转移支付安排。",
    basic="903.2", sangong=("0", "0", "8.4", "2.1"),
    shows=("县级市工作簿：预算内“全市”指高平市本身", "项目支出表单位为元，其余表为万元",
           "部分金额以带千分位的文本存放", "表头下有栏次行，合计行在前", "上级转移支付列标出受委托事项"),
)

SHIJIAZHUANG_CITY = Budget(
    "石家庄市市场监督管理局2025年部门预算.xlsx", "shijiazhuang", "石家庄市", "city", "石家庄市市场监督管理局",
    (
        L("2011409", "结合全市性产业发展开展专利导航", "45", "ok", "专利导航"),
        L("2011409", "下达县（市、区）专利导航转移支付", "60", "transfer", "专利导航"),
        L("2011409", "裕华区专利导航服务项目", "18", "wrong-level", "专利导航"),
        L("2011409", "全市和裕华区专利导航项目", "9", "ambiguous"),
        L("2011409", "全市知识产权服务业监管", "12", "ok", "服务业监管"),
        L("2011499", "市级知识产权公共服务体系建设", "28", "ok", "公共服务体系"),
        L("2011499", "市级层面与外国地方政府知识产权合作交流", "10", "ok", "外国地方政府"),
        L("2011499", "对县（市、区）知识产权维权援助补助资金", "40", "transfer", "维权援助"),
        L("2011499", "著作权许可和转让备案工作经费", "5", "unlisted"),
        L("2011499", "知识产权质押融资风险补偿资金", "150", "unlisted"),
        L("2011499", "市知识产权示范企业奖励", "60", "unlisted"),
        L("2011499", "地理标志认定评审经费", "6", "upper-level"),
        L("2013805", "全市性知识产权执法专项经费", "50", "ok", "执法"),
        L("2013805", "知识产权侵权纠纷行政裁决", "16", "ok", "行政裁决"),
        L("2013808", "标准化工作经费", "30", "not-ip"),
        L("2013808", "政府质量奖奖励资金", "100", "not-ip"),
        L("2013810", "药品医疗器械化妆品监管", "75", "not-ip"),
        L("2013816", "食品安全抽检监测经费", "200", "not-ip", upper_part="80"),
        L("2013899", "网络交易监测经费", "25", "not-ip"),
        L("2013899", "执法车辆运行维护费", "22", "not-ip", other="4"),
    ),
    sheet="项目支出情况表", total_first=False, unit_column=True, table_no="公开08表", cover=True,
    fund_table=True, basic="3120.75", sangong=("8", "0", "24.5", "6"),
    shows=("市级工作簿，7位科目编码，带单位名称列", "合计行在最后", "工作表名为“项目支出情况表”",
           "一条“全市和裕华区”同时点名的行（ambiguous）", "石家庄未列著作权许可和转让备案：unlisted"),
)

YUHUA = Budget(
    "裕华区市场监督管理局2025年部门预算.xlsx", "shijiazhuang", "裕华区", "county", "裕华区市场监督管理局",
    (
        L("2011409", "裕华区知识产权战略规划编制", "6", "ok", "规划"),
        L("2011409", "本地区专利导航项目", "15", "ok", "专利导航"),
        L("2011409", "全市知识产权服务业监管", "8", "wrong-level", "服务业监管"),
        L("2011499", "作品登记审核工作经费", "5", "entrusted", "作品登记", "市级专项转移支付", upper=True),
        L("2011499", "2025年知识产权宣传周活动经费", "4", "ok", "宣传教育"),
        L("2011499", "2025年专利资助资金", "25", "unlisted"),
        L("2011499", "商标品牌奖补资金", "12", "unlisted"),
        L("2011499", "著作权许可和转让备案", "3", "unlisted"),
        L("2013805", "知识产权执法办案经费", "10", "ok", "执法", "本地区商标侵权案件查处"),
        L("2013805", "知识产权纠纷行政调解", "3.5", "ok", "行政调解"),
        L("2013805", "知识产权侵权纠纷行政裁决", "6", "wrong-level", "行政裁决"),
        L("2013805", "广告监测", "7", "not-ip"),
        L("2013808", "计量器具强制检定", "9.5", "not-ip"),
        L("2013815", "特种设备安全监察", "18", "not-ip"),
        L("2013899", "12315热线运行", "11", "not-ip"),
    ),
    codes="split", groups="classes", total_first=True, desc_column=True,
    basic="486.9", sangong=("0", "0", "5.2", "0.8"),
    shows=("区级工作簿，类|款|项 三列科目编码", "类、款行本身是小计（201 一般公共服务支出，20114，20138）",
           "合计行在前", "区预算中的“全市”指石家庄市：wrong-level", "作品登记审核由市级专项转移支付安排：entrusted"),
)

XINJI = Budget(
    "辛集市市场监督管理局2025年部门预算.xlsx", "shijiazhuang", "辛集市", "county", "辛集市市场监督管理局",
    (
        L("2011409", "全市专利导航项目", "20", "ok", "专利导航"),
        L("2011409", "石家庄市全市性知识产权服务业监管", "8", "wrong-level", "服务业监管"),
        L("2011499", "作品登记审核", "4", "wrong-level", "作品登记"),
        L("2011499", "知识产权保护状况评价", "5", "ok", "保护状况评价"),
        L("2011499", "软件正版化工作推进经费", "3", "ok", "软件正版化"),
        L("2011499", "知识产权快速协同保护工作经费", "7.5", "ok", "快速协同保护"),
        L("2011499", "知识产权优势企业培育项目", "30", "unlisted"),
        L("2011499", "专利申请资助", "18", "unlisted", text=True),
        L("2011499", "集成电路布图设计登记经费", "2", "upper-level"),
        L("2013805", "全市知识产权执法专项经费", "15", "ok", "执法"),
        L("2013805", "知识产权行政裁决办案经费", "6", "wrong-level", "行政裁决"),
        L("2013816", "食品安全示范城市创建", "40", "not-ip", text=True),
        L("2013899", "消费者权益保护", "12.5", "not-ip"),
        L("2013899", "办公楼物业管理费", "16", "not-ip"),
    ),
    sheet="项目支出预算表", total_first=False,
    note="注：本表反映2025年项目支出预算，不含基本支出。",
    basic="702.6", sangong=("0", "0", "7.2", "1.2"),
    shows=("县级市工作簿：“全市”指辛集市，“石家庄市全市性”指石家庄市", "合计行在最后，无项目概述列",
           "部分金额以文本存放（无千分位）"),
)

BUDGETS = (JINCHENG_CITY, YANGCHENG, GAOPING, SHIJIAZHUANG_CITY, YUHUA, XINJI)

ZEZHOU_CSV = "泽州县市场监督管理局2025年项目库导出.csv"
ZEZHOU = (  # (line, 资金来源)
    (L("2011409", "专利导航项目", "18", "ok", "专利导航", "围绕本县装备制造产业开展专利导航"), "本级财力"),
    (L("2011409", "县级知识产权统计调查分析发布", "5", "ok", "统计调查"), "本级财力"),
    (L("2011409", "跨区域知识产权重大违法案件查办", "6", "wrong-level", "重大违法案件"), "本级财力"),
    (L("2011499", "著作权许可和转让备案工作经费", "3", "ok", "著作权许可", "县版权局办理的备案"), "本级财力"),
    (L("2011499", "知识产权维权援助工作站运行经费", "8", "ok", "维权援助"), "本级财力"),
    (L("2011499", "专利资助资金", "20", "unlisted"), "本级财力"),
    (L("2011499", "地理标志商标注册奖励", "6", "unlisted"), "本级财力"),
    (L("2013805", "知识产权保护专项行动经费", "10", "entrusted", "保护专项行动"), "上级转移支付-市级专项转移支付"),
    (L("2013805", "知识产权行政裁决配套资金", "4", "wrong-level", "行政裁决"), "县级配套"),
    (L("2013805", "执法车辆运行维护费", "9.6", "not-ip"), "本级财力"),
    (L("2013808", "标准化试点示范项目", "15", "not-ip"), "本级财力"),
    (L("2013815", "特种设备安全监察", "12", "not-ip"), "本级财力"),
    (L("2013816", "食品安全监督抽检", "35", "not-ip"), "上级转移支付-中央和省级补助"),
)


# ---------------------------------------------------------------------------
# Writing.

def _wan(yuan: int) -> float:
    return float(Decimal(yuan) / 10000)


def _amount(yuan: int, unit: str, text: bool = False):
    """Blank for zero, as published tables do; text with separators on request."""
    if not yuan:
        return None
    value = yuan if unit == "元" else _wan(yuan)
    return f"{value:,.2f}" if text else value


#: The 资金来源 columns after 合计, as (key, header path).
FUNDING_SPLIT = [("total", ("合计",)), ("fiscal", ("资金来源", "财政拨款")), ("upper", ("资金来源", "其中：上级转移支付"))]


def table_columns(codes: str, unit_column: bool, desc_column: bool,
                  amounts: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, tuple[str, ...]]]:
    """A project table's columns as (key, header path), left to right: the code columns
    (one 7-digit code, or 类 | 款 | 项 when codes == "split"), 科目名称, the optional unit,
    项目名称, the optional description, then the amount columns given."""
    if codes == "split":
        cols = [(k, ("项目", "功能分类科目编码", k)) for k in ("类", "款", "项")] + [("subject", ("项目", "科目名称"))]
    else:
        cols = [("code", ("项目", "功能分类科目编码")), ("subject", ("项目", "科目名称"))]
    if unit_column:
        cols.append(("unit", ("单位名称",)))
    cols.append(("name", ("项目名称",)))
    if desc_column:
        cols.append(("desc", ("项目概述",)))
    return cols + amounts


def _columns(b: Budget) -> list[tuple[str, tuple[str, ...]]]:
    return table_columns(b.codes, b.unit_column, b.desc_column, [*FUNDING_SPLIT, ("other", ("资金来源", "其他资金"))])


def header_cells(paths: list[tuple[str, ...]]) -> tuple[int, list[tuple[int, int, str, int, int]]]:
    """A merged multi-row header drawn from column paths: its depth, and each cell as
    (header row, column, text, last row, last column) it spans, 0-based. A leaf spans down;
    a shared path prefix spans across."""
    depth = max(len(p) for p in paths)
    cells = []
    for d in range(depth):
        c = 0
        while c < len(paths):
            if len(paths[c]) <= d:
                c += 1
                continue
            end = c
            while end + 1 < len(paths) and len(paths[end + 1]) > d and paths[end + 1][: d + 1] == paths[c][: d + 1]:
                end += 1
            cells.append((d, c, paths[c][d], depth - 1 if len(paths[c]) == d + 1 else d, end))
            c = end + 1
    return depth, cells


def _header(ws, top: int, paths: list[tuple[str, ...]]) -> int:
    """Write a merged multi-row header from column paths; return its depth."""
    depth, cells = header_cells(paths)
    for d, c, text, last, end in cells:
        ws.cell(top + d, c + 1, text)
        if end > c or last > d:
            ws.merge_cells(start_row=top + d, start_column=c + 1, end_row=top + last, end_column=end + 1)
    return depth


def _title(ws, row: int, text: str, width: int) -> None:
    ws.cell(row, 1, text).font = Font(bold=True, size=14)
    ws.cell(row, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _org_line(ws, row: int, b: Budget, unit: str, width: int, one_cell: bool = False) -> None:
    if one_cell:
        ws.cell(row, 1, f"编制单位：{b.org}　　　　单位：{unit}")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    else:
        ws.cell(row, 1, f"编制单位：{b.org}")
        ws.cell(row, width, f"单位：{unit}")


def _values(b: Budget, cols, line: Line | None, label: str = "", lines=(), code: str = "") -> list:
    """One table row: a project line, or a sum row (合计 / 小计 / 类款) over `lines`."""
    rows = (line,) if line else tuple(lines)
    total = sum(x.yuan for x in rows)
    upper = sum(x.yuan if x.upper else x.upper_part for x in rows)
    other = sum(x.other for x in rows)
    text = bool(line and line.text)
    out = []
    for key, _ in cols:
        if key in ("类", "款", "项"):
            src = line.code if line else code
            part = {"类": src[0:3], "款": src[3:5], "项": src[5:7]}[key]
            out.append(part or None)
        elif key == "code":
            out.append(line.code if line else (label if label == "合计" else None))
        elif key == "subject":
            out.append(SUBJECTS[line.code] if line else CLASSES.get(code) if code else None)
        elif key == "unit":
            out.append(b.org if line else None)
        elif key == "name":
            out.append(line.name if line else (label if label == "小计" else None))
        elif key == "desc":
            out.append(line.desc or None if line else None)
        else:
            amount = {"total": total, "fiscal": total - other, "upper": upper, "other": other}[key]
            out.append(_amount(amount, b.unit, text))
    if label == "合计" and b.codes == "split":
        out[0] = "合计"
    return out


def _project_sheet(wb: Workbook, b: Budget) -> list[tuple[Line, int]]:
    ws = wb.create_sheet(b.sheet)
    cols = _columns(b)
    width = len(cols)
    row = 1
    if b.table_no:
        ws.cell(row, width, b.table_no)
        row += 1
    _title(ws, row, f"{b.jurisdiction}市场监督管理局2025年项目支出预算表", width)
    _org_line(ws, row + 1, b, b.unit, width, b.one_cell_unit_line)
    row += 2
    row += _header(ws, row, [p for _, p in cols])
    if b.lanci:
        ws.cell(row, 1, "栏次")
        first_amount = [k for k, _ in cols].index("total")
        for i in range(first_amount, width):
            ws.cell(row, i + 1, i - first_amount + 1)
        row += 1

    body: list[tuple[list, Line | None]] = []
    lines = sorted(b.lines, key=lambda x: x.code)  # stable: keeps the listed order inside a code
    codes = sorted({x.code for x in lines})
    if b.groups == "classes":
        for cls in sorted({c[:3] for c in codes}):
            body.append((_values(b, cols, None, lines=[x for x in lines if x.code[:3] == cls], code=cls), None))
            for kuan in sorted({c[:5] for c in codes if c[:3] == cls}):
                group = [x for x in lines if x.code[:5] == kuan]
                body.append((_values(b, cols, None, lines=group, code=kuan), None))
                body += [(_values(b, cols, x), x) for x in group]
    else:
        for code in codes:
            group = [x for x in lines if x.code == code]
            body += [(_values(b, cols, x), x) for x in group]
            if b.groups == "subtotal":
                body.append((_values(b, cols, None, "小计", group), None))
    total = (_values(b, cols, None, "合计", lines), None)
    body = [total, *body] if b.total_first else [*body, total]

    placed = []
    for values, line in body:
        for c, v in enumerate(values, start=1):
            if v is not None:
                ws.cell(row, c, v)
        if values[0] == "合计" and b.codes == "split":
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        if line:
            placed.append((line, row))
        row += 1
    ws.cell(row, 1, b.note)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    for i, (key, _) in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = {"name": 44, "desc": 30, "unit": 24, "subject": 20}.get(key, 12)
    return placed


def _summary_sheet(wb: Workbook, b: Budget) -> None:
    ws = wb.create_sheet("部门收支总表")
    _title(ws, 1, "部门收支总表", 4)
    _org_line(ws, 2, b, "万元", 4)
    _header(ws, 3, [("收入", "项目"), ("收入", "预算数"), ("支出", "项目"), ("支出", "预算数")])
    project = Decimal(sum(x.yuan for x in b.lines)) / 10000
    other = Decimal(sum(x.other for x in b.lines)) / 10000
    basic = Decimal(b.basic)
    general = basic + project - other
    rows = [
        ("一、一般公共预算拨款收入", general, "一、基本支出", basic),
        ("二、政府性基金预算拨款收入", None, "二、项目支出", project),
        ("三、其他收入", other or None, None, None),
        ("收入合计", basic + project, "支出合计", basic + project),
    ]
    for r, values in enumerate(rows, start=5):
        for c, v in enumerate(values, start=1):
            if v is not None:
                ws.cell(r, c, float(v) if isinstance(v, Decimal) else v)
    ws.column_dimensions["A"].width = ws.column_dimensions["C"].width = 30


def _sangong_sheet(wb: Workbook, b: Budget) -> None:
    ws = wb.create_sheet("“三公”经费表")
    _title(ws, 1, "2025年“三公”经费支出预算表", 6)
    _org_line(ws, 2, b, "万元", 6)
    _header(ws, 3, [("合计",), ("因公出国（境）费",), ("公务用车购置及运行费", "小计"),
                    ("公务用车购置及运行费", "公务用车购置费"), ("公务用车购置及运行费", "公务用车运行费"), ("公务接待费",)])
    abroad, buy, run, host = (Decimal(x) for x in b.sangong)
    for c, v in enumerate((abroad + buy + run + host, abroad, buy + run, buy, run, host), start=1):
        ws.cell(5, c, float(v) if v else None)


def _fund_sheet(wb: Workbook, b: Budget) -> None:
    ws = wb.create_sheet("政府性基金预算支出表")
    _title(ws, 1, "政府性基金预算支出表", 5)
    _org_line(ws, 2, b, "万元", 5)
    _header(ws, 3, [("项目", "功能分类科目编码"), ("项目", "科目名称"), ("合计",), ("基本支出",), ("项目支出",)])
    ws.cell(6, 1, "说明：本部门2025年无政府性基金预算安排的支出，故本表无数据。")
    ws.merge_cells("A6:E6")


def _save(wb: Workbook, path: Path) -> None:
    """Save with fixed document dates and zip times, so reruns give the same bytes."""
    wb.properties.creator = "budgetlint tools/make_samples.py"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # in case a writer stamps its own time
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-01-15T09:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def write_workbook(b: Budget, out_dir: Path) -> list[tuple[Line, int]]:
    wb = Workbook()
    wb.remove(wb.active)
    if b.cover:
        ws = wb.create_sheet("封面")
        _title(ws, 2, f"{b.org}2025年部门预算", 8)
        ws.cell(4, 1, f"{b.jurisdiction}财政局　批复")
        ws.cell(5, 1, "2025年1月")
    _summary_sheet(wb, b)
    _sangong_sheet(wb, b)
    if b.fund_table:
        _fund_sheet(wb, b)
    placed = _project_sheet(wb, b)
    _save(wb, out_dir / b.file)
    return placed


def write_export(out_dir: Path) -> list[tuple[Line, int]]:
    """The budget-system export: one row per project, GBK, CRLF, 资金来源 as text."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["财政区划", "预算级次", "单位名称", "项目编码", "项目名称", "项目概述", "功能分类科目编码",
                "功能分类科目名称", "资金性质", "资金来源", "金额（万元）"])
    placed = []
    for n, (line, source) in enumerate(ZEZHOU, start=1):
        w.writerow(["140525-泽州县", "县级", "泽州县市场监督管理局", f"14052525{n:08d}", line.name, line.desc,
                    line.code, SUBJECTS[line.code], "一般公共预算", source, f"{_wan(line.yuan):.2f}"])
        placed.append((line, n + 1))
    (out_dir / ZEZHOU_CSV).write_bytes(buf.getvalue().encode("gbk"))
    return placed


def _readme(results: list[tuple[str, str, str, str, tuple[str, ...], list[tuple[Line, int]]]]) -> str:
    out = [
        "# Sample budgets",
        "",
        "Generated by `python tools/make_samples.py` — do not edit by hand; change the script and rerun.",
        "Every line below carries the verdict and duty word a reviewer would give it (the same",
        "conventions as `tests/acceptance/cases.csv`). Amounts add up: 合计 and 小计 / 类 / 款 rows are",
        "the sums of their lines, and each 部门收支总表 balances with its 项目支出 table.",
        "",
    ]
    for file, scheme, where, sheet, shows, placed in results:
        place = f"project lines on sheet `{sheet}`" if sheet else "one row per project"
        out += [f"## {file}", "", f"Scheme `{scheme}`, {where}; {place}.", ""]
        out += [f"- {s}" for s in shows]
        out += ["", "| row | 项目名称 | verdict | duty |", "|---|---|---|---|"]
        out += [f"| {row} | {line.name} | {line.verdict} | {line.duty} |" for line, row in placed]
        out.append("")
    return "\n".join(out)


def write_samples(out_dir: Path) -> list[Path]:
    """Write every sample into out_dir; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for b in BUDGETS:
        level = "city budget" if b.level == "city" else "county budget"
        results.append((b.file, b.scheme, f"{b.jurisdiction} {level}, amounts in {b.unit}", b.sheet, b.shows,
                        write_workbook(b, out_dir)))
    results.append((ZEZHOU_CSV, "jincheng", "泽州县 county budget, amounts in 万元", "",
                    ("项目库导出：GBK 编码、CRLF 换行、无合计行", "资金来源列写明本级财力 / 市级专项转移支付 / 县级配套",
                     "财政区划、预算级次、资金性质各占一列"), write_export(out_dir)))
    (out_dir / "README.md").write_text(_readme(results), encoding="utf-8")
    return [out_dir / b.file for b in BUDGETS] + [out_dir / ZEZHOU_CSV, out_dir / "README.md"]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path(__file__).resolve().parents[1] / "sample_budgets"
    for path in write_samples(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
