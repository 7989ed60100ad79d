"""A rule's "how to fix" paragraph in the run's language, on one line.

The findings workbook and the annotated copies put it beside each finding, so the preparer
reads what to do where the finding is. The text is the rule's own documentation, read by
the one reader every consumer uses (Rule.documentation): nothing is reworded here.
"""

from __future__ import annotations

from functools import cache

__all__ = ["fix_text"]


@cache
def fix_text(code: str, lang: str = "zh") -> str:
    """The "how to fix" paragraph of a rule's documentation, on one line ("" for no such rule)."""
    from ..rules import get_rule

    try:
        return " ".join(get_rule(code).documentation(lang).section("fix").splitlines())
    except KeyError:
        return ""
