"""What the suppression rules share: a finding for each suppression entry of one kind."""

from __future__ import annotations

from collections.abc import Iterator

from ..suppressions import location
from ._problem import Problem, RuleOptions, RunInput

__all__ = ["entry_check"]


def entry_check(entries: str, messages: dict[str, str]):
    """The check of a rule that reports the run's suppression entries of one kind
    (RunInput.unreasoned, RunInput.stale), worded by `messages` with {rule} and {where}."""
    def check(run: RunInput, options: RuleOptions) -> Iterator[Problem]:
        for entry in getattr(run, entries):
            message = options.say(messages["zh"], messages["en"]).format(rule=entry.rule, where=location(entry))
            yield Problem(message=message, path=entry.workbook, sheet=entry.sheet, name=entry.name)

    return check
