"""Masks: spans of a line that name something else — a supplier, 商标纸 — in which
IP-looking words do not make the line IP work (catalogue.toml [grammar] masks).

A mask is a word (商标纸), or "…" and a word that ends a name (…有限公司): the span then
runs back from the word over at most `BEFORE` characters of the name, stopping at
punctuation; or a word and "…" that introduces one (承印单位：…): the span runs on from the
word over the name that follows; or a word and "……" that opens a clause (认定条件含…): the
span runs on to the clause's end (；。） or at most `CLAUSE` characters) — a criterion, not the
work. A bracket right after a mask glosses it (播映权（版权）) and is masked with it. The words are terms of the matcher's automaton, so a line without one
costs nothing here.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Masks", "BEFORE"]

BEFORE = 12  # characters of a name before its ending word (公司名称通常不超过十几个字)
CLAUSE = 40  # characters a clause runs on at most after the word that opens it
_NAME_END = "…"
_CLAUSE_END = "……"
#: Where a clause ends: a sentence's or clause's stop, a closing bracket, the name's end.
_CLAUSE_STOPS = frozenset(";。)\x00")


class Masks:
    def __init__(self, masks: tuple[str, ...], normalize: Callable[[str], str]) -> None:
        self._suffixes: set[str] = set()
        self._prefixes: set[str] = set()
        self._clauses: set[str] = set()
        words = []
        for mask in masks:
            word = normalize(mask.strip(_NAME_END))
            if word:
                words.append(word)
                if mask.startswith(_NAME_END):
                    self._suffixes.add(word)
                elif mask.endswith(_CLAUSE_END):
                    self._clauses.add(word)
                elif mask.endswith(_NAME_END):
                    self._prefixes.add(word)
        self.words = tuple(dict.fromkeys(words))

    def __bool__(self) -> bool:
        return bool(self.words)

    def spans(self, text: str, found: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
        """(start, end) of every mask among the found mask words (start, end inclusive), end exclusive."""
        spans = []
        for start, end in found:
            word = text[start:end + 1]
            end += 1
            if word in self._suffixes:
                first = start
                while first > 0 and start - first < BEFORE and _in_name(text[first - 1]):
                    first -= 1
                start = first
            elif word in self._prefixes:
                last = end
                while last < len(text) and last - end < BEFORE and _in_name(text[last]):
                    last += 1
                end = last
            elif word in self._clauses:  # 认定条件含…发明专利: to the end of the clause
                last = end
                while last < len(text) and last - end < CLAUSE and text[last] not in _CLAUSE_STOPS:
                    last += 1
                end = last
            if text.startswith("(", end):  # a gloss: 播映权(版权)
                close = text.find(")", end, end + BEFORE)
                end = close + 1 if close > 0 else end
            spans.append((start, end))
        return tuple(spans)


def _in_name(ch: str) -> bool:
    return ch.isalnum()  # Han characters, letters and digits; punctuation and spaces end a name
