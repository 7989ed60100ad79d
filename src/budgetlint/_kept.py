"""What an annotated copy did not keep of its original, so that the copy and the run can say so.

openpyxl reads and writes most of a workbook -- values, styles, merged cells, comments with
their authors, data validation, defined names, charts, images (with Pillow) -- but not all
of it: shapes and text boxes, Excel 2010 extensions (sparklines, slicers, drop-down lists
that refer to other sheets), macros in an .xlsx copy, external links and EMF/WMF pictures
are lost. (Formulas are kept; their saved results are not, and Excel or WPS recalculates
them on opening, so that is not reported.) Two witnesses, together:

- the parts of the two packages, counted by content type (images, charts, tables, macros …)
  and, inside drawings, the shapes; a kind with fewer in the copy was not kept;
- openpyxl's own warnings while it read the original (it says when it drops an extension).

expected() names what is lost as soon as the original is read (what openpyxl never writes,
and what it warned about), so the copy's note goes in before its one save; compared() then
checks the saved copy. Parts are counted in the two zips, not in openpyxl's objects, so a
newer openpyxl that keeps more simply reports less.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from defusedxml import ElementTree

__all__ = ["Loss", "Package", "NEVER_WRITTEN", "expected", "compared", "from_warnings"]


@dataclass(frozen=True)
class Loss:
    kind: str  # a key of report._labels' loss words, or "other" (detail says what)
    count: int = 0  # how many were not kept; 0 when not known
    detail: str = ""


#: (part of a content type, kind), first match wins. Kinds not listed (styles, shared strings,
#: calcChain which Excel rebuilds, document properties, VML) are not compared.
_TYPES = (
    ("image/", "image"),
    ("drawingml.chart+xml", "chart"),
    ("chartstyle+xml", "chart-style"),
    ("chartcolorstyle+xml", "chart-style"),
    ("threadedcomments+xml", "threaded-comment"),
    ("spreadsheetml.comments+xml", "comment"),
    ("vbaproject", "macro"),
    ("externallink+xml", "external-link"),
    ("pivottable+xml", "pivot-table"),
    ("slicer+xml", "slicer"),
    ("timeline+xml", "timeline"),
    ("spreadsheetml.table+xml", "table"),
    ("controlproperties+xml", "form-control"),
    ("activex", "activex"),
    ("customxmlproperties+xml", "custom-xml"),
    ("printersettings", "printer-settings"),
    ("connections+xml", "data-connection"),
    ("querytable+xml", "query-table"),
    ("webextension+xml", "web-extension"),
    ("chartsheet+xml", "chartsheet"),
    ("dialogsheet+xml", "dialogsheet"),
    ("worksheet+xml", "sheet"),
)
#: Embedded files (OLE objects, other workbooks, documents) are told by where they live.
_EMBEDDINGS = "xl/embeddings/"
_DRAWING = "drawing+xml"
_WORKBOOK = (".main+xml",)  # sheet.main+xml, sheet.macroEnabled.main+xml, template.main+xml
_SHAPE = re.compile(rb"<(?:[A-Za-z0-9]+:)?(?:sp|grpSp|cxnSp)[\s>/]")
_DEFINED_NAME = re.compile(rb"<(?:[A-Za-z0-9]+:)?definedName[\s>]")
#: Parts larger than this (uncompressed) are not read for counting: a drawing or a workbook part
#: is small; the original has passed the reader's archive checks already.
_READ_LIMIT = 256 * 2**20

#: openpyxl's warnings while reading, as kinds. Extensions are named by openpyxl's EXT_TYPES.
_EXTENSIONS = {
    "Conditional Formatting": "conditional-format",
    "Data Validation": "data-validation",
    "Sparkline Group": "sparkline",
    "Slicer List": "slicer",
    "Protected Range": "protected-range",
    "Ignored Error": "ignored-error",
    "Web Extension": "web-extension",
    "Timeline Ref": "timeline",
}
_WARNINGS = (
    ("DrawingML support is incomplete", "shape"),
    ("Unable to read chart", "chart"),
    ("will be removed because it cannot be read", "image"),
    ("image format is not supported", "image"),
    ("is part of a merged range but has a comment", "merged-comment"),
    ("Failed to load a conditional formatting rule", "conditional-format"),
    ("Cannot parse header or footer", "header-footer"),
    ("Defined names for sheet index", "defined-name"),
    ("Print area cannot be set", "print-area"),
    ("contains an invalid specification", "sheet"),
)
#: Warnings that say nothing was lost (openpyxl fills in a default, or reads a value its own way).
_BENIGN = ("no default style", "contains no stylesheet", "is marked as a date", "more than 31 characters",
           "Unknown type for")
_EXTENSION = re.compile(r"^(.+) extension is not supported")


def from_warnings(messages: list[str]) -> list[Loss]:
    """openpyxl's warnings while reading the original, as losses (one per kind, unknown ones as they are)."""
    found: dict[str, Loss] = {}
    for message in messages:
        extension = _EXTENSION.match(message)
        if extension:
            kind = _EXTENSIONS.get(extension[1], "")
            found.setdefault(kind or message, Loss(kind or "other", 0, "" if kind else message))
        elif not any(b in message for b in _BENIGN):
            kind = next((k for text, k in _WARNINGS if text in message), "")
            found.setdefault(kind or message, Loss(kind or "other", 0, "" if kind else message))
    return list(found.values())


#: Kinds openpyxl (load_workbook with keep_vba and keep_links off) never writes: known lost as
#: soon as the original is read, before the copy is saved. compared() checks the saved copy.
NEVER_WRITTEN = frozenset({
    "chart-style", "threaded-comment", "macro", "external-link", "slicer", "timeline", "form-control",
    "activex", "embedded-object", "custom-xml", "printer-settings", "data-connection", "query-table",
    "web-extension", "dialogsheet", "shape",
})


@dataclass(frozen=True)
class Package:
    """What a workbook package holds, counted by kind: its parts, the shapes in its drawings
    ("shape") and its defined names ("defined-name")."""

    kinds: Counter

    @classmethod
    def of(cls, archive: zipfile.ZipFile) -> Package:
        kinds: Counter = Counter()
        shapes = names = 0
        for name, content_type in _types(archive).items():
            lowered = content_type.lower()
            kind = "embedded-object" if name.startswith(_EMBEDDINGS) else next(
                (k for part, k in _TYPES if part in lowered), "")
            if kind:
                kinds[kind] += 1
            if _DRAWING in lowered and "chart" not in lowered:
                shapes += len(_SHAPE.findall(_read(archive, name)))
            elif lowered.endswith(_WORKBOOK):
                names += len(_DEFINED_NAME.findall(_read(archive, name)))
        if shapes:
            kinds["shape"] = shapes
        if names:
            kinds["defined-name"] = names
        return cls(kinds)

    @classmethod
    def read(cls, path: str) -> Package:
        with zipfile.ZipFile(path) as archive:
            return cls.of(archive)


def _types(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name (no leading /) → content type, from [Content_Types].xml."""
    root = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    defaults, overrides = {}, {}
    for element in root:
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "Default":
            defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
        elif tag == "Override":
            overrides[element.get("PartName", "").lstrip("/")] = element.get("ContentType", "")
    return {name: overrides.get(name) or defaults.get(PurePosixPath(name).suffix.lstrip(".").lower(), "")
            for name in archive.namelist() if not name.endswith("/")}


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    return archive.read(name) if archive.getinfo(name).file_size <= _READ_LIMIT else b""


def _with_warnings(found: list[Loss], warned: list[str]) -> tuple[Loss, ...]:
    counted = {loss.kind for loss in found}
    return tuple(found + [loss for loss in from_warnings(warned) if loss.kind == "other" or loss.kind not in counted])


def expected(original: Package, warned: list[str]) -> tuple[Loss, ...]:
    """What the copy will lack, known before it is saved: what openpyxl never writes, and what
    it warned it dropped."""
    return _with_warnings([Loss(k, n) for k, n in sorted(original.kinds.items()) if k in NEVER_WRITTEN], warned)


def compared(original: Package, copy: zipfile.ZipFile, warned: list[str]) -> tuple[Loss, ...]:
    """What the saved copy lacks of the original: every kind with fewer in the copy, and what
    openpyxl warned it dropped."""
    after = Package.of(copy).kinds
    return _with_warnings([Loss(k, n - after[k]) for k, n in sorted(original.kinds.items()) if n > after[k]], warned)
