"""A rule's "How to fix" paragraph, read from its documentation (Rule.doc), on one line.

The findings workbook and the annotated copies put it beside each finding, so the preparer
reads what to do where the finding is. The text is the rule's own: nothing is reworded here.
"""

from __future__ import annotations

from functools import cache

__all__ = ["fix_text"]


@cache
def fix_text(code: str) -> str:
    """The 'How to fix' paragraph of a rule's documentation, on one line ("" for no such rule)."""
    from ..rules import get_rule

    try:
        doc = get_rule(code).doc
    except KeyError:
        return ""
    body: list[str] = []
    inside = False
    for line in doc.splitlines():
        if line and not line[0].isspace():  # an unindented line is a heading
            if inside:
                break
            inside = line.strip().rstrip(":：").lower() == "how to fix"
        elif inside and line.strip():
            body.append(line.strip())
    text = ""
    for part in body:  # Chinese wraps without spaces, English with one
        text += part if not text or _cjk(text[-1]) or _cjk(part[0]) else " " + part
    return text


def _cjk(char: str) -> bool:
    return char >= "\u2e80"
