"""A rule's documentation, in Chinese and English, read from its module's docstring.

The docstring is the documentation everywhere (`budgetlint rule CODE`, `budgetlint rules`,
the HTML report, SARIF help, the comments of annotated copies): one reader, here. Its
shape, after a title line (``name (CODE)``):

    one-line summary in Chinese
    one-line summary in English

    检查内容 / 依据 / 示例 / 如何改正 / 选项      each an unindented heading, its text indented
    What it checks / Why / Example line / How to fix / Options
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

__all__ = ["HEADINGS", "SECTIONS", "RuleDoc", "parse_doc"]

#: The sections of every rule's documentation, by key, with their headings in each language.
SECTIONS = ("what", "why", "example", "fix", "options")
HEADINGS = {
    "zh": dict(zip(SECTIONS, ("检查内容", "依据", "示例", "如何改正", "选项"))),
    "en": dict(zip(SECTIONS, ("What it checks", "Why", "Example line", "How to fix", "Options"))),
}
_KEY_OF = {heading: (lang, key) for lang, headings in HEADINGS.items() for key, heading in headings.items()}


@dataclass(frozen=True)
class RuleDoc:
    """One language's documentation of a rule."""

    summary: str
    sections: tuple[tuple[str, str, str], ...]  # (key, heading, text) in SECTIONS order

    def section(self, key: str) -> str:
        return next((text for k, _, text in self.sections if k == key), "")

    def text(self) -> str:
        """Plain text: the summary, then each heading with its text indented."""
        body = "\n\n".join(f"{heading}\n" + "\n".join(f"    {line}" for line in text.splitlines())
                           for _, heading, text in self.sections)
        return f"{self.summary}\n\n{body}"


def parse_doc(docstring: str) -> dict[str, RuleDoc]:
    """{"zh": RuleDoc, "en": RuleDoc} from a rule module's docstring."""
    lines = inspect.cleandoc(docstring or "").splitlines()
    summaries = [line.strip() for line in lines[1:3]]
    found: dict[str, dict[str, list[str]]] = {"zh": {}, "en": {}}
    current: list[str] | None = None
    for line in lines[3:]:
        if line and not line[0].isspace() and line.strip() in _KEY_OF:
            lang, key = _KEY_OF[line.strip()]
            current = found[lang].setdefault(key, [])
        elif current is not None:
            current.append(line.strip())
    docs = {}
    for index, lang in enumerate(("zh", "en")):
        sections = tuple((key, HEADINGS[lang][key], _paragraphs(found[lang][key]))
                         for key in SECTIONS if key in found[lang])
        docs[lang] = RuleDoc(summaries[index] if index < len(summaries) else "", sections)
    return docs


def _paragraphs(lines: list[str]) -> str:
    """Indented lines joined into paragraphs (a blank line separates them)."""
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(_join(current))
            current = []
    if current:
        paragraphs.append(_join(current))
    return "\n".join(paragraphs)


def _join(lines: list[str]) -> str:
    """Lines of one paragraph: Chinese lines run on without a space, English ones with one."""
    out = lines[0]
    for line in lines[1:]:
        out += line if (out[-1:] > "\u2e7f" or line[:1] > "\u2e7f") else f" {line}"
    return out
