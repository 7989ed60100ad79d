"""SARIF 2.1.0: findings for code-scanning dashboards (GitHub, Azure DevOps, VS Code).

One run; every rule is listed in tool.driver.rules so a viewer can show its help even
when no finding used it. A workbook has no lines of code, so a result points at the
workbook file (region.startLine = the Excel row) and, more usefully, at the logical
location "Sheet!Row". The small helpers at the top are shared with junit.py and
github.py so the three machine formats agree on paths, fingerprints and what counts as
an unreadable workbook.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from functools import lru_cache
from json.encoder import encode_basestring as _s  # the C encoder json.dumps uses with ensure_ascii=False
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from .._version import __version__
from ..baseline import fingerprint as baseline_fingerprint
from ..models import Finding, RunResult
from ..rules import RULES
from . import ReportOptions

__all__ = [
    "render", "chunks", "build", "fingerprint", "artifact_uri", "posix_path", "location_name", "headline", "workbook_errors",
]

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
#: budgetlint severity -> SARIF level.
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "budgetlint/v1"

_DRIVE = re.compile(r"^[A-Za-z]:/")


# ---------------------------------------------------------------------------
# Helpers shared by the machine formats.


def posix_path(path: str) -> str:
    """The path as written, with forward slashes and no leading './'."""
    p = str(path).replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p


def fingerprint(finding: Finding) -> str:
    """Finding.fingerprint, or the baseline's recipe when it is empty (rule, workbook file
    name, sheet, project name: moving a row keeps it)."""
    return finding.fingerprint or baseline_fingerprint(finding)


def artifact_uri(path: str) -> str:
    """A URI-reference for a workbook path: relative when it can be, percent-encoded. A name in
    another encoding (bytes Python keeps as surrogate escapes) is encoded as those bytes.
    Worked out once per path and working folder: a workbook's findings all name it."""
    return _artifact_uri(path, os.getcwd())


@lru_cache(maxsize=4096)
def _artifact_uri(path: str, cwd: str) -> str:
    p = posix_path(path)
    if PurePosixPath(p).is_absolute() and not _DRIVE.match(p):
        try:
            p = Path(p).relative_to(cwd).as_posix()
        except ValueError:
            return "file://" + _quote(p)
    elif _DRIVE.match(p):
        return "file:///" + p[:2] + _quote(p[2:])
    # quote() also encodes ':' so a name like "a:b.xlsx" is not read as a URI scheme.
    return _quote(p)


def _quote(path: str) -> str:
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def location_name(finding: Finding) -> str:
    """Sheet!Row, or whichever of the two is known."""
    if finding.row > 0:
        return f"{finding.sheet}!{finding.row}" if finding.sheet else str(finding.row)
    return finding.sheet


def workbook_errors(result: RunResult) -> list[tuple[str, str]]:
    """(path, message) for every workbook that could not be linted, each path once."""
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path, message in result.errors:
        if path not in seen:
            seen.add(path)
            errors.append((path, message))
    for wb in result.workbooks:
        if wb.error and wb.path not in seen:
            seen.add(wb.path)
            errors.append((wb.path, wb.error))
    return errors


def headline(finding: Finding) -> str:
    """'Sheet!Row name: message' — the one line every machine format shows."""
    where = location_name(finding)
    who = " ".join(part for part in (where, finding.name) if part)
    text = finding.message or finding.rule
    return f"{who}: {text}" if who else text


def baseline_used(result: RunResult) -> bool:
    opts = dict(result.options)
    return bool(opts.get("baseline")) or any(f.baseline for f in result.findings)


# ---------------------------------------------------------------------------
# The SARIF log.


def markdown(doc) -> str:
    """A rule's documentation (rules.RuleDoc) as markdown: each heading a heading, each
    paragraph a paragraph."""
    return "\n\n".join([doc.summary, *(f"### {heading}\n\n{text}" for _, heading, text in doc.sections)])


def _descriptor(rule, lang: str) -> dict:
    doc = rule.documentation(lang)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": doc.text(), "markdown": markdown(doc)},
        "help": {"text": doc.text(), "markdown": markdown(doc)},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": ["budget", "知识产权"]},
    }


def _evidence(finding: Finding) -> dict[str, str]:
    merged: dict[str, str] = {}
    for key, value in finding.evidence:
        merged[key] = f"{merged[key]}；{value}" if key in merged else value
    return merged


def _result(finding: Finding, rule_index: dict[str, int], with_baseline: bool) -> dict:
    out: dict = {"ruleId": finding.code}
    if finding.code in rule_index:
        out["ruleIndex"] = rule_index[finding.code]
    out["level"] = LEVELS.get(finding.severity, "warning")
    out["message"] = {"text": headline(finding)}
    physical: dict = {"artifactLocation": {"uri": artifact_uri(finding.path)}}
    if finding.row > 0:
        physical["region"] = {"startLine": finding.row}
    location: dict = {"physicalLocation": physical}
    name = location_name(finding)
    if name:
        location["logicalLocations"] = [
            {"name": name, "fullyQualifiedName": f"{posix_path(finding.path)}/{name}", "kind": "element"}
        ]
    out["locations"] = [location]
    out["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(finding)}
    if finding.suppression is not None:
        s = finding.suppression
        kind = "inSource" if s.source.startswith("备注") else "external"
        entry: dict = {"kind": kind, "justification": s.reason}
        if s.source or s.by:
            entry["properties"] = {k: v for k, v in (("source", s.source), ("by", s.by)) if v}
        out["suppressions"] = [entry]
    if with_baseline:
        out["baselineState"] = "unchanged" if finding.baseline else "new"
    props: dict = {"rule": finding.rule, "severity": finding.severity, "sheet": finding.sheet, "row": finding.row}
    if finding.name:
        props["name"] = finding.name
    if finding.amount_yuan is not None:
        props["amountYuan"] = finding.amount_yuan
    if finding.duty_id:
        props["duty"] = finding.duty_id
    if finding.clause:
        props["clause"] = finding.clause
    if finding.evidence:
        props["evidence"] = _evidence(finding)
    out["properties"] = props
    return out


def build(result: RunResult, options: ReportOptions | None = None, results: bool = True) -> dict:
    """The SARIF log as a plain dict (without its results when results=False)."""
    options = options or ReportOptions()
    rule_index = {rule.code: i for i, rule in enumerate(RULES)}
    with_baseline = baseline_used(result)
    errors = workbook_errors(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}],
        }
        for path, message in errors
    ]
    invocation: dict = {"executionSuccessful": not errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict = {
        "tool": {
            "driver": {
                "name": "budgetlint",
                "version": result.version or __version__,
                "semanticVersion": result.version or __version__,
                "rules": [_descriptor(rule, options.lang) for rule in RULES],
            }
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, rule_index, with_baseline) for f in result.findings] if results else [],
    }
    props: dict = {}
    if result.schemes:
        props["schemes"] = [s.id for s in result.schemes]
    if options.timestamp:
        props["timestamp"] = options.timestamp
    if props:
        run["properties"] = props
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: RunResult, options: ReportOptions) -> str:
    return "".join(chunks(result, options))


# ---------------------------------------------------------------------------
# Streaming. json.dumps with indent falls back to Python's slow encoder; the log is written
# with the same indentation instead, every result laid out by the structure _result gives it
# and every leaf encoded by the C encoder: the same bytes, several times faster
# (tests/formats/test_sarif.py compares them with json.dumps of build()).

_MARK = "\x00results\x00"


def chunks(result: RunResult, options: ReportOptions | None = None) -> Iterator[str]:
    options = options or ReportOptions()
    log = build(result, options, results=False)
    log["runs"][0]["results"] = [_MARK]
    head, tail = json.dumps(log, ensure_ascii=False, indent=2).split(_s(_MARK))
    if not result.findings:
        yield head.rstrip()[:-1] + "[]" + tail.lstrip()[1:] + "\n"
        return
    rule_index = {rule.code: i for i, rule in enumerate(RULES)}
    with_baseline = baseline_used(result)
    yield head
    batch: list[str] = []
    for i, finding in enumerate(result.findings):
        batch.append(_result_text(finding, rule_index, with_baseline) if i == 0 else
                     _NEXT + _result_text(finding, rule_index, with_baseline))
        if len(batch) == 1000:
            yield "".join(batch)
            batch.clear()
    yield "".join(batch) + tail + "\n"


_NEXT = ",\n        "  # between two results: they sit at depth 4 of the log
_I = "\n          "  # a result's own keys


def _value(value) -> str:
    """One leaf, as json.dumps writes it (ensure_ascii=False)."""
    kind = value.__class__
    if kind is str:
        return _s(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float and value - value == 0.0:  # finite: json writes float.__repr__
        return float.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def _result_text(finding: Finding, rule_index: dict[str, int], with_baseline: bool) -> str:
    """_result(finding) as json.dumps(indent=2) writes it inside the log's results."""
    I = _I
    parts = ["{", I, '"ruleId": ', _s(finding.code)]
    if finding.code in rule_index:
        parts += [",", I, '"ruleIndex": ', str(rule_index[finding.code])]
    parts += [",", I, '"level": ', _s(LEVELS.get(finding.severity, "warning")), ",", I, '"message": {', I,
              '  "text": ', _s(headline(finding)), I, "},", I, '"locations": [', I, "  {", I,
              '    "physicalLocation": {', I, '      "artifactLocation": {', I, '        "uri": ',
              _s(artifact_uri(finding.path)), I, "      }"]
    if finding.row > 0:
        parts += [",", I, '      "region": {', I, '        "startLine": ', _value(finding.row), I, "      }"]
    parts += [I, "    }"]
    name = location_name(finding)
    if name:
        parts += [",", I, '    "logicalLocations": [', I, "      {", I, '        "name": ', _s(name), ",", I,
                  '        "fullyQualifiedName": ', _s(f"{posix_path(finding.path)}/{name}"), ",", I,
                  '        "kind": "element"', I, "      }", I, "    ]"]
    parts += [I, "  }", I, "],", I, '"partialFingerprints": {', I, '  "', FINGERPRINT_KEY, '": ',
              _s(fingerprint(finding)), I, "}"]
    if finding.suppression is not None:
        s = finding.suppression
        parts += [",", I, '"suppressions": [', I, "  {", I, '    "kind": ',
                  '"inSource"' if s.source.startswith("备注") else '"external"', ",", I,
                  '    "justification": ', _s(s.reason)]
        extra = [(k, v) for k, v in (("source", s.source), ("by", s.by)) if v]
        if extra:
            parts += [",", I, '    "properties": {',
                      ",".join(f'{I}      {_s(k)}: {_s(v)}' for k, v in extra), I, "    }"]
        parts += [I, "  }", I, "]"]
    if with_baseline:
        parts += [",", I, '"baselineState": ', '"unchanged"' if finding.baseline else '"new"']
    props = [("rule", finding.rule), ("severity", finding.severity), ("sheet", finding.sheet), ("row", finding.row)]
    if finding.name:
        props.append(("name", finding.name))
    if finding.amount_yuan is not None:
        props.append(("amountYuan", finding.amount_yuan))
    if finding.duty_id:
        props.append(("duty", finding.duty_id))
    if finding.clause:
        props.append(("clause", finding.clause))
    parts += [",", I, '"properties": {', ",".join(f"{I}  {_s(k)}: {_value(v)}" for k, v in props)]
    if finding.evidence:
        evidence = ",".join(f"{I}    {_value(k)}: {_value(v)}" for k, v in _evidence(finding).items())
        parts += [",", I, '  "evidence": {', evidence, I, "  }"]
    parts += [I, "}", "\n        }"]
    return "".join(parts)

