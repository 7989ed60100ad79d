"""Output formats. Formatters turn a RunResult into text; they never decide anything.

The table below is the one place a format is registered. Each entry names the module
and function that renders it, imported only when that format is asked for, so a text
run never pays for jinja2. A format module may also offer chunks(result, options), an
iterator of pieces that join to its render(); `render_chunks` streams those. Pieces are
str, or bytes for the formats in BINARY_FORMATS (the findings workbook).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # models is large: `budgetlint --version` reads the format names only
    from ..models import RunResult

__all__ = ["FORMATS", "LINE_FORMATS", "BINARY_FORMATS", "ReportOptions", "render", "render_chunks"]

#: format name -> (module, function). Each function is render(result, options) -> str.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("budgetlint.report.text", "render"),
    "json": ("budgetlint.report.json_format", "render"),
    "html": ("budgetlint.report.html", "render"),
    "sarif": ("budgetlint.report.sarif", "render"),
    "junit": ("budgetlint.report.junit", "render"),
    "github": ("budgetlint.report.github", "render"),
    "xlsx": ("budgetlint.report.xlsx", "render"),
}

#: Formats that show every budget line, not only findings: the run must keep its lines for them.
LINE_FORMATS = frozenset({"json", "html", "xlsx"})
#: Formats whose render() is bytes, not text: never to a terminal, written as they are.
BINARY_FORMATS = frozenset({"xlsx"})


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "zh"  # "zh" | "en"
    color: bool = False  # ANSI colour, only for a terminal
    timestamp: str = ""  # shown in the report only when given (keeps output byte-identical)


def render(fmt: str, result: RunResult, options: ReportOptions | None = None) -> str | bytes:
    module_name, function = FORMATS[fmt]
    module = importlib.import_module(module_name)
    return getattr(module, function)(result, options or ReportOptions())


def render_chunks(fmt: str, result: RunResult, options: ReportOptions | None = None) -> Iterator[str | bytes]:
    """The report in pieces: the format's chunks() when it has one (lazily), else its
    whole render(), done right away so its errors come before anything is written."""
    module_name, function = FORMATS[fmt]
    module = importlib.import_module(module_name)
    options = options or ReportOptions()
    chunks = getattr(module, "chunks", None)
    if chunks is None:
        return iter((getattr(module, function)(result, options),))
    return iter(chunks(result, options))
