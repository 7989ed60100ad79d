"""The language budgetlint speaks to people in: Chinese, unless told English.

One choice for the process, made once per run: the command line sets it from `--lang`, else
from the configuration's `lang`, else leaves it to the locale (LANGUAGE, LC_ALL, LC_MESSAGES,
LANG, read in gettext's order: a value starting with "en" is English, anything else —
zh_CN, C.UTF-8, unset — Chinese). A worker process sets it from LintOptions.lang.

Every message is written where it is raised, both texts side by side:

    raise OutputError(say(f"{path}：不是文件夹", f"{path}: not a folder"))

so a message and its translation never drift apart in two files. Imports nothing but os:
`budgetlint --version` and every worker load it.
"""

from __future__ import annotations

import os

__all__ = ["LANGS", "language", "locale_language", "set_language", "chosen_language", "say", "display_width"]

LANGS = ("zh", "en")
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_chosen: str | None = None  # set by --lang, the configuration or a worker's options; None: the locale's


def locale_language() -> str:
    """English when the locale's language is English, else Chinese."""
    for name in _LOCALE_VARIABLES:
        value = os.environ.get(name, "")
        if value:
            return "en" if value.split(":")[0].lower().startswith("en") else "zh"
    return "zh"


def language() -> str:
    """The language of every message this process prints: "zh" or "en"."""
    return _chosen or locale_language()


def chosen_language() -> str | None:
    """The language set for this process, or None when the locale decides."""
    return _chosen


def set_language(lang: str | None) -> None:
    """Speak lang ("zh" or "en") from now on; None gives the choice back to the locale."""
    global _chosen
    if lang is not None and lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    _chosen = lang


def say(zh: str, en: str) -> str:
    """The message in the process's language, given its Chinese and English texts."""
    return en if language() == "en" else zh


def display_width(text: str) -> int:
    """Columns a terminal gives the text: two for each wide (CJK) character."""
    import unicodedata  # only where text is laid out in columns

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
