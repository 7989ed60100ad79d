"""UI strings for the human-facing reports, in Chinese (default) and English.

Severity words are the domain's own: budget systems split their checks into 强制性审核
(must be fixed before submission), 提示性审核 (may be submitted with an explanation) and
提示信息 (for information). budgetlint's error / warning / info map onto them.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._words import LANGS, _lang, funding_word, level_word, severity_word

__all__ = [
    "LANGS", "labels", "severity_word", "severity_hint", "verdict_word", "funding_word",
    "evidence_word", "level_word", "sheet_labels", "unit_word", "loss_text",
]


_SEVERITY_HINT = {
    "zh": {
        "error": "须在报送前改正",
        "warning": "可附说明后报送",
        "info": "仅供知悉，无须处理",
    },
    "en": {
        "error": "fix before the budget is submitted",
        "warning": "may be submitted with an explanation",
        "info": "no action needed",
    },
}

_VERDICT = {
    "zh": {
        "ok": "合规",
        "wrong-level": "支出级次不符",
        "upper-level": "上级事权",
        "entrusted": "委托事项",
        "transfer": "转移支付",
        "unlisted": "未列事项",
        "ambiguous": "无法确定",
        "not-ip": "非知识产权",
    },
    "en": {
        "ok": "ok",
        "wrong-level": "wrong level",
        "upper-level": "upper-level duty",
        "entrusted": "entrusted",
        "transfer": "transfer",
        "unlisted": "unlisted",
        "ambiguous": "ambiguous",
        "not-ip": "not IP",
    },
}



_EVIDENCE = {
    "zh": {
        "duty": "事权", "category": "类别", "matched": "命中词", "scope": "范围",
        "funding": "资金", "level": "预算级次", "candidates": "候选事权",
        "declared": "表列合计", "computed": "计算合计",
    },
    "en": {
        "duty": "duty", "category": "category", "matched": "matched", "scope": "scope",
        "funding": "funding", "level": "level", "candidates": "candidates",
        "declared": "declared", "computed": "computed",
    },
}

_UI = {
    "zh": {
        "title": "预算合规检查报告",
        "lp": "（",
        "rp": "）",
        "colon": "：",
        "subtitle": "知识产权领域市与县财政事权和支出责任划分",
        "generated_by": "生成工具",
        "run_at": "检查时间",
        "schemes": "依据方案",
        "no_scheme": "未加载方案",
        "summary": "概况",
        "workbooks": "工作簿",
        "workbooks_read": "已读取工作簿",
        "workbooks_failed": "未能检查的工作簿",
        "sheets_read": "已读取工作表",
        "sheets_skipped": "已跳过工作表",
        "lines": "项目行",
        "total_amount": "项目金额合计",
        "amount_unknown": "行金额无法确定",
        "findings": "问题",
        "by_severity": "按审核类别",
        "suppressed": "已豁免",
        "baseline": "基线已有",
        "wrong_amount": "支出级次不符金额",
        "wrong_by_jurisdiction": "按预算单位所属地区",
        "wrong_by_category": "按事权类别",
        "no_wrong_amount": "未发现支出级次不符的金额。",
        "wan": "万元",
        "findings_table": "问题清单",
        "filters": "筛选",
        "f_severity": "审核类别",
        "f_rule": "规则",
        "f_jurisdiction": "地区",
        "f_verdict": "判定",
        "f_status": "状态",
        "f_search": "搜索",
        "f_search_hint": "项目名称、事权、命中词……",
        "f_all": "全部",
        "f_reset": "清除筛选",
        "shown": "显示",
        "of": "/",
        "rows_unit": "条",
        "no_findings": "未发现问题。",
        "no_match": "没有符合筛选条件的问题。",
        "clauses": "引用的方案条款",
        "clauses_hint": "问题清单所引事权的方案原文，每项事权列一次；点击问题清单中的事权可跳到这里。",
        "see_clause": "条款原文",
        "col_workbook": "工作簿",
        "col_where": "位置",
        "col_name": "项目名称",
        "col_amount": "金额（万元）",
        "col_verdict": "判定",
        "col_rule": "规则",
        "col_duty": "对应事权及条款",
        "col_why": "说明",
        "col_status": "状态",
        "col_sheet": "工作表",
        "col_reason": "原因 / 说明",
        "col_lines": "项目行",
        "col_header_row": "表头行",
        "col_reasons": "判定依据",
        "col_funding": "资金来源",
        "status_open": "待处理",
        "status_suppressed": "已豁免",
        "status_baseline": "基线已有",
        "accepted_by": "认可人",
        "reason": "理由",
        "source": "出处",
        "sheet_read": "已读取",
        "sheet_skipped": "已跳过",
        "per_workbook": "逐行判定",
        "per_workbook_hint": "每个工作簿的全部项目行及其判定，便于核对合规的行。",
        "placement": "预算单位",
        "unknown_placement": "无法确定所属地区",
        "lines_of": "项目行",
        "no_lines": "未读取到项目行。",
        "sheets": "工作表",
        "errors": "错误",
        "no_errors": "没有错误。",
        "rules_fired": "规则说明",
        "rules_hint": "本次触发的规则。",
        "no_doc": "暂无说明。",
        "uncategorised": "未分类",
        "unknown": "未知",
        "none": "—",
        "skip_link": "跳到问题清单",
        "print_note": "打印时显示全部内容。",
        "printed_at": "打印时间",
        "jurisdictions": "地区",
        "more_jurisdictions": "等 {n} 个地区",
        "page_of": "第 {page} 页 / 共 {pages} 页",
        "pages": "分页",
        "prev_page": "上一页",
        "next_page": "下一页",
        "pager_format": "第 {from}–{to} 条，共 {n} 条",
    },
    "en": {
        "title": "Budget compliance report",
        "lp": " (",
        "rp": ")",
        "colon": ": ",
        "subtitle": "Intellectual-property duties and spending responsibilities, city and county",
        "generated_by": "Generated by",
        "run_at": "Run at",
        "schemes": "Schemes",
        "no_scheme": "No scheme loaded",
        "summary": "Summary",
        "workbooks": "Workbooks",
        "workbooks_read": "Workbooks read",
        "workbooks_failed": "Workbooks not checked",
        "sheets_read": "Sheets read",
        "sheets_skipped": "Sheets skipped",
        "lines": "Project lines",
        "total_amount": "Total amount",
        "amount_unknown": "lines with unknown amount",
        "findings": "Findings",
        "by_severity": "By severity",
        "suppressed": "suppressed",
        "baseline": "in baseline",
        "wrong_amount": "Amount at the wrong level",
        "wrong_by_jurisdiction": "By jurisdiction",
        "wrong_by_category": "By category",
        "no_wrong_amount": "No amount at the wrong level.",
        "wan": "10k yuan",
        "findings_table": "Findings",
        "filters": "Filter",
        "f_severity": "Severity",
        "f_rule": "Rule",
        "f_jurisdiction": "Jurisdiction",
        "f_verdict": "Verdict",
        "f_status": "Status",
        "f_search": "Search",
        "f_search_hint": "project, duty, matched words…",
        "f_all": "All",
        "f_reset": "Clear filters",
        "shown": "Showing",
        "of": "of",
        "rows_unit": "",
        "no_findings": "No findings.",
        "no_match": "No finding matches the filters.",
        "clauses": "Clauses cited",
        "clauses_hint": "The scheme's wording of each duty the findings cite, once per duty; a duty in the findings table links here.",
        "see_clause": "clause",
        "col_workbook": "Workbook",
        "col_where": "Where",
        "col_name": "Project",
        "col_amount": "Amount (10k yuan)",
        "col_verdict": "Verdict",
        "col_rule": "Rule",
        "col_duty": "Duty and clause",
        "col_why": "Why",
        "col_status": "Status",
        "col_sheet": "Sheet",
        "col_reason": "Reason / found",
        "col_lines": "Lines",
        "col_header_row": "Header row",
        "col_reasons": "Decision",
        "col_funding": "Funding",
        "status_open": "open",
        "status_suppressed": "suppressed",
        "status_baseline": "in baseline",
        "accepted_by": "accepted by",
        "reason": "reason",
        "source": "source",
        "sheet_read": "read",
        "sheet_skipped": "skipped",
        "per_workbook": "Every line",
        "per_workbook_hint": "Every project line of each workbook with its verdict, including those that passed.",
        "placement": "Budget of",
        "unknown_placement": "jurisdiction unknown",
        "lines_of": "lines",
        "no_lines": "No project lines were read.",
        "sheets": "Sheets",
        "errors": "Errors",
        "no_errors": "No errors.",
        "rules_fired": "Rules",
        "rules_hint": "The rules that fired in this run.",
        "no_doc": "No documentation.",
        "uncategorised": "uncategorised",
        "unknown": "unknown",
        "none": "—",
        "skip_link": "Skip to the findings",
        "print_note": "Printing shows everything.",
        "printed_at": "Printed",
        "jurisdictions": "Jurisdictions",
        "more_jurisdictions": "and {n} more",
        "page_of": "Page {page} of {pages}",
        "pages": "Pages",
        "prev_page": "Previous",
        "next_page": "Next",
        "pager_format": "{from}–{to} of {n}",
    },
}



#: The workbook outputs: the findings workbook (xlsx.py) and the annotated copies (annotate.py).
#: Column headings name their unit with {unit}.
_SHEETS = {
    "zh": {
        "title": "预算合规检查问题清单",
        "summary_sheet": "概况",
        "findings_sheet": "问题清单",
        "lines_sheet": "预算行",
        "schemes": "依据方案",
        "generated_by": "生成工具",
        "run_at": "检查时间",
        "by_workbook": "按工作簿",
        "by_jurisdiction": "按地区",
        "total": "合计",
        "not_read": "未能检查",
        "summary_columns": ["工作簿", "地区", "级次", "项目行", "项目金额", "单位", "强制性", "提示性", "提示信息",
                            "已豁免", "支出级次不符金额", "支出级次不符行数", "说明"],
        "jurisdiction_columns": ["地区", "工作簿数", "级次", "项目行", "项目金额", "单位", "强制性", "提示性", "提示信息",
                                 "已豁免", "支出级次不符金额", "支出级次不符行数"],
        "finding_columns": ["工作簿", "工作表", "行", "项目名称", "金额（{unit}）", "判定", "规则", "审核类别",
                            "对应事权", "条款", "命中依据", "说明", "如何改正", "检查状态", "处理情况（编制单位填写）"],
        "line_columns": ["工作簿", "工作表", "行", "项目名称", "金额（{unit}）", "功能科目", "资金来源", "判定",
                         "对应事权", "判定依据"],
        "copy_columns": ["工作表", "行", "规则", "审核类别", "项目名称", "金额（{unit}）", "说明", "条款", "如何改正"],
        "copy_lines_columns": ["工作表", "行", "项目名称", "金额（{unit}）", "功能科目", "资金来源", "判定"],
        "not_kept": "副本未能保留原工作簿中的以下内容（请以原工作簿为准）：",
        "status_open": "待处理",
        "status_suppressed": "已豁免",
        "status_baseline": "基线已有",
        "clause": "条款",
        "how_to_fix": "如何改正",
    },
    "en": {
        "title": "Budget compliance findings",
        "summary_sheet": "Summary",
        "findings_sheet": "Findings",
        "lines_sheet": "Lines",
        "schemes": "Schemes",
        "generated_by": "Generated by",
        "run_at": "Run at",
        "by_workbook": "By workbook",
        "by_jurisdiction": "By jurisdiction",
        "total": "Total",
        "not_read": "not checked",
        "summary_columns": ["workbook", "jurisdiction", "level", "lines", "amount", "unit", "must fix",
                            "needs an explanation", "for information", "suppressed", "amount at the wrong level",
                            "lines at the wrong level", "note"],
        "jurisdiction_columns": ["jurisdiction", "workbooks", "level", "lines", "amount", "unit", "must fix",
                                 "needs an explanation", "for information", "suppressed",
                                 "amount at the wrong level", "lines at the wrong level"],
        "finding_columns": ["workbook", "sheet", "row", "project", "amount ({unit})", "verdict", "rule", "severity",
                            "duty", "clause", "evidence", "message", "how to fix", "status",
                            "reply (for the preparer)"],
        "line_columns": ["workbook", "sheet", "row", "project", "amount ({unit})", "code", "funding", "verdict",
                         "duty", "decision"],
        "copy_columns": ["sheet", "row", "rule", "severity", "project", "amount ({unit})", "message", "clause",
                         "how to fix"],
        "copy_lines_columns": ["sheet", "row", "project", "amount ({unit})", "code", "funding", "verdict"],
        "not_kept": "This copy could not keep the following of the original workbook (the original is what counts):",
        "status_open": "open",
        "status_suppressed": "suppressed",
        "status_baseline": "in baseline",
        "clause": "clause",
        "how_to_fix": "How to fix",
    },
}

_UNIT_EN = {"元": "yuan", "千元": "1,000 yuan", "万元": "10,000 yuan", "亿元": "100 million yuan"}

#: What an annotated copy may not keep of its original (_kept.Loss.kind).
_LOSS = {
    "zh": {
        "image": "图片", "chart": "图表", "chart-style": "图表样式", "shape": "形状和文本框",
        "threaded-comment": "新式批注（会话）", "comment": "批注", "merged-comment": "合并单元格上的批注",
        "macro": "宏（VBA）", "external-link": "外部链接", "pivot-table": "数据透视表", "slicer": "切片器",
        "timeline": "日程表", "table": "表格（套用表格格式）", "form-control": "表单控件", "activex": "ActiveX 控件",
        "embedded-object": "嵌入对象", "custom-xml": "自定义 XML", "printer-settings": "打印机设置",
        "data-connection": "数据连接", "query-table": "查询表", "web-extension": "加载项", "chartsheet": "图表工作表",
        "dialogsheet": "对话框工作表", "sheet": "工作表", "defined-name": "名称（名称管理器）", "print-area": "打印区域",
        "data-validation": "数据验证（扩展，如引用其他工作表的下拉列表）", "conditional-format": "条件格式（扩展）",
        "sparkline": "迷你图", "protected-range": "允许编辑区域", "ignored-error": "已忽略的错误提示",
        "header-footer": "页眉页脚",
    },
    "en": {
        "image": "images", "chart": "charts", "chart-style": "chart styles", "shape": "shapes and text boxes",
        "threaded-comment": "threaded comments", "comment": "comments", "merged-comment": "comments on merged cells",
        "macro": "macros (VBA)", "external-link": "external links", "pivot-table": "pivot tables", "slicer": "slicers",
        "timeline": "timelines", "table": "tables (formatted as table)", "form-control": "form controls",
        "activex": "ActiveX controls", "embedded-object": "embedded objects", "custom-xml": "custom XML",
        "printer-settings": "printer settings", "data-connection": "data connections", "query-table": "query tables",
        "web-extension": "add-ins", "chartsheet": "chart sheets", "dialogsheet": "dialog sheets", "sheet": "sheets",
        "defined-name": "defined names", "print-area": "print areas",
        "data-validation": "data validation (extended, e.g. drop-down lists from other sheets)",
        "conditional-format": "conditional formatting (extended)", "sparkline": "sparklines",
        "protected-range": "ranges allowed to edit", "ignored-error": "ignored error marks",
        "header-footer": "headers and footers",
    },
}


def sheet_labels(lang: str) -> Mapping[str, object]:
    """The workbook outputs' sheet names, headings and notes for lang."""
    return _SHEETS[_lang(lang)]


def unit_word(unit: str, lang: str = "zh") -> str:
    """A budget unit (元, 万元 …) as the report's language says it."""
    return _UNIT_EN.get(unit, unit) if _lang(lang) == "en" else unit


def loss_text(kind: str, count: int = 0, detail: str = "", lang: str = "zh") -> str:
    """One thing an annotated copy did not keep: 「图片 2 个」, "2 images"; an unknown kind by its detail."""
    word = _LOSS[_lang(lang)].get(kind) or detail or kind
    if not count:
        return word
    return f"{word} {count} 个" if _lang(lang) == "zh" else f"{count} {word}"


def labels(lang: str) -> Mapping[str, str]:
    """The UI strings for lang ("zh" or "en"; anything else falls back to Chinese)."""
    return _UI[_lang(lang)]



def severity_hint(severity: str, lang: str = "zh") -> str:
    return _SEVERITY_HINT[_lang(lang)].get(severity, "")


def verdict_word(verdict: str, lang: str = "zh") -> str:
    return _VERDICT[_lang(lang)].get(verdict, verdict)




def evidence_word(key: str, lang: str = "zh") -> str:
    return _EVIDENCE[_lang(lang)].get(key, key)


