"""The domain's own words for levels, money and severities, in Chinese and English.

One table for every stage that speaks to people: the judge's reasons, the rules'
messages and evidence, `explain`, and every report format.
"""

from __future__ import annotations

LANGS = ("zh", "en")

SEVERITY = {
    "zh": {"error": "强制性", "warning": "提示性", "info": "提示信息"},
    "en": {"error": "must fix", "warning": "needs an explanation", "info": "for information"},
}

FUNDING = {
    "zh": {"own": "本级资金", "transfer": "转移支付", "matching": "配套资金", "mixed": "混合来源",
           "unknown": "未注明（按本级资金）"},
    "en": {"own": "own money", "transfer": "transfer", "matching": "matching money", "mixed": "mixed",
           "unknown": "not stated (read as own money)"},
}

#: Levels, and the other ways a scheme says who pays (models.PAYS).
LEVEL = {
    "zh": {"city": "市级", "county": "县级", "provincial": "省级", "central": "中央",
           "shared": "共同（按办理部门）", "affiliation": "按隶属关系", "tier": "按层面", "catch-all": "其他未列事项"},
    "en": {"city": "city", "county": "county", "provincial": "provincial", "central": "central",
           "shared": "shared (by handling department)", "affiliation": "by affiliation", "tier": "by 层面",
           "catch-all": "catch-all"},
}


def _lang(lang: str) -> str:
    return lang if lang in LANGS else "zh"


def severity_word(severity: str, lang: str = "zh") -> str:
    return SEVERITY[_lang(lang)].get(severity, severity)


def funding_word(kind: str, lang: str = "zh") -> str:
    return FUNDING[_lang(lang)].get(kind, kind)


def level_word(level: str, lang: str = "zh") -> str:
    return LEVEL[_lang(lang)].get(level, level)
