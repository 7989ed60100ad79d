"""JUnit XML: one test case per workbook, so a CI dashboard shows which budgets fail.

A workbook fails when it has error-severity findings that are neither suppressed nor in
the baseline (强制性审核: must be fixed before submission); each is one <failure>.
Warnings, info and accepted findings are listed in <system-out>, so they are visible
without failing the build. A workbook that could not be read is an <error>.

The suite's `failures` / `errors` count test cases (workbooks), as JUnit does, so they
never exceed `tests`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..models import Finding, RunResult
from . import ReportOptions
from ._labels import evidence_word, labels, severity_word
from .sarif import headline, location_name, posix_path, workbook_errors

__all__ = ["render", "xml_safe"]

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: Words only this format needs; the rest come from the shared report labels.
_WORDS = {"zh": {"amount": "金额（元）", "clause": "条款"}, "en": {"amount": "amount (yuan)", "clause": "clause"}}


def xml_safe(text: str) -> str:
    """Text XML can hold: control characters become a visible \\xNN instead."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def _fails(finding: Finding) -> bool:
    return finding.severity == "error" and finding.suppression is None and not finding.baseline


def _amount(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}"


def _body(finding: Finding, lang: str) -> str:
    words = _WORDS.get(lang, _WORDS["zh"])
    lines = [f"{finding.code} {finding.rule}", f"{location_name(finding)} {finding.name}".strip()]
    if finding.amount_yuan is not None:
        lines.append(f"{words['amount']}: {_amount(finding.amount_yuan)}")
    if finding.message:
        lines.append(finding.message)
    if finding.duty_id:
        lines.append(f"{evidence_word('duty', lang)}: {finding.duty_id}")
    if finding.clause:
        lines.append(f"{words['clause']}: {finding.clause}")
    for key, value in finding.evidence:
        lines.append(f"{evidence_word(key, lang)}: {value}")
    return xml_safe("\n".join(lines))


def _out_line(finding: Finding, lang: str) -> str:
    ui = labels(lang)
    marks = []
    if finding.suppression is not None:
        marks.append(f"{ui['suppressed']}: {finding.suppression.reason}")
    if finding.baseline:
        marks.append(ui["baseline"])
    mark = f" [{'; '.join(marks)}]" if marks else ""
    return f"{severity_word(finding.severity, lang)} {finding.code} {finding.rule} {headline(finding)}{mark}"


def render(result: RunResult, options: ReportOptions) -> str:
    errors = dict(workbook_errors(result))
    # Test cases in the run's workbook order; findings or errors for other paths
    # (cross-workbook rules) get a case of their own, sorted after.
    paths = list(dict.fromkeys(wb.path for wb in result.workbooks))
    extra = {f.path for f in result.findings} | set(errors)
    paths += sorted(extra - set(paths))
    by_path: dict[str, list[Finding]] = {p: [] for p in paths}
    for finding in result.findings:
        by_path[finding.path].append(finding)

    root = ET.Element("testsuites", name="budgetlint")
    suite = ET.SubElement(root, "testsuite", name="budgetlint")
    failed = errored = 0
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname="budgetlint", name=xml_safe(posix_path(path)))
        if path in errors:
            errored += 1
            message = xml_safe(errors[path])
            ET.SubElement(case, "error", type="unreadable", message=message).text = message
        failures = [f for f in by_path[path] if _fails(f)]
        if failures:
            failed += 1
        for finding in failures:
            message = xml_safe(f"{location_name(finding)} {finding.name}: {finding.message}".strip())
            node = ET.SubElement(case, "failure", type=f"{finding.code} {finding.rule}", message=message)
            node.text = _body(finding, options.lang)
        others = [_out_line(f, options.lang) for f in by_path[path] if not _fails(f)]
        if others:
            ET.SubElement(case, "system-out").text = xml_safe("\n".join(others))
    for node in (root, suite):
        node.set("tests", str(len(paths)))
        node.set("failures", str(failed))
        node.set("errors", str(errored))
    suite.set("skipped", "0")
    if options.timestamp:
        suite.set("timestamp", xml_safe(options.timestamp))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
