"""GitHub Actions workflow commands: each finding becomes an annotation on the run.

    ::error file=<path>,line=<row>,title=<CODE rule>::<sheet>!<row> <name>: <message>

Suppressed and baseline findings are left out (they are accepted, an annotation would
only be noise). Every value is escaped the way the Actions toolkit does it, so a
project name cannot end the command early or start a new one.
"""

from __future__ import annotations

from ..models import Finding, RunResult
from . import ReportOptions
from .sarif import headline, posix_path, workbook_errors

__all__ = ["render", "escape_data", "escape_property"]

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, properties: list[tuple[str, str]], message: str) -> str:
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{kind} {props}::{escape_data(message)}" if props else f"::{kind}::{escape_data(message)}"


def _annotation(finding: Finding) -> str:
    props = [("file", posix_path(finding.path))]
    if finding.row > 0:
        props.append(("line", str(finding.row)))
    props.append(("title", f"{finding.code} {finding.rule}"))
    return _command(COMMANDS.get(finding.severity, "warning"), props, headline(finding))


def render(result: RunResult, options: ReportOptions) -> str:
    lines = [_command("error", [("file", posix_path(path))], message) for path, message in workbook_errors(result)]
    lines += [_annotation(f) for f in result.findings if f.suppression is None and not f.baseline]
    return "".join(line + "\n" for line in lines)
