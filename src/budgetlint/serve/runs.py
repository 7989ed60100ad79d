"""One check from the page: lint the uploaded files, name them as the preparer knows them,
describe the result for the page, and keep it (in memory only) for the downloads.

Linting is engine.lint_paths with LintOptions, unchanged: whatever isolation and limits
`check` has, a check from the page has too. It runs in a worker thread, never on the
event loop, and at most `concurrency` of them at once (the caller's limiter).
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..engine import LintOptions, lint_paths
from ..models import SEVERITIES, Finding, RunResult, WorkbookResult
from ..read import ReadLimits
from ..report import ReportOptions

__all__ = ["Run", "RunStore", "lint_upload", "annotate", "describe", "private_folder", "remove_folder"]


# ---------------------------------------------------------------------------
# Private folders.


def private_folder(parent: Path | None = None, prefix: str = "budgetlint-serve-") -> Path:
    """A new folder only this user can enter (mkdtemp makes it mode 700)."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------------------
# Linting and naming.


def lint_upload(files: tuple[Path, ...], folder: Path, *, scheme: str, jurisdiction: str, lang: str,
                max_file_bytes: int, timeout_seconds: int, scheme_folders: tuple[str, ...] = ()) -> tuple[RunResult, RunResult]:
    """(the result as linted, the result as shown): the shown one names each workbook by
    its uploaded name, as `check` does for a file in the current folder."""
    options = LintOptions(scheme=scheme, jurisdiction=jurisdiction, lang=lang, jobs=1, keep_lines=True,
                          limits=ReadLimits(max_file_bytes=max_file_bytes), timeout_seconds=timeout_seconds,
                          scheme_folders=scheme_folders)
    linted = lint_paths(files, options)
    return linted, shown_names(linted, folder)


def shown_names(result: RunResult, folder: Path) -> RunResult:
    """The result with the private folder's path cut from every path and message."""
    prefix = f"{folder}{os.sep}"

    def cut(text: str) -> str:
        return text.replace(prefix, "") if prefix in text else text

    def named(f: Finding) -> Finding:
        return replace(f, path=cut(f.path), message=cut(f.message), evidence=tuple((k, cut(v)) for k, v in f.evidence))

    findings = {id(f): named(f) for wb in result.workbooks for f in wb.findings}
    findings.update((id(f), named(f)) for f in result.findings if id(f) not in findings)

    def workbook(wb: WorkbookResult) -> WorkbookResult:
        book = replace(wb.workbook, path=cut(wb.workbook.path)) if wb.workbook else None
        return replace(wb, path=cut(wb.path), error=cut(wb.error), workbook=book,
                       findings=tuple(findings[id(f)] for f in wb.findings))

    return replace(result, workbooks=tuple(workbook(wb) for wb in result.workbooks),
                   findings=tuple(findings[id(f)] for f in result.findings),
                   errors=tuple((cut(p), cut(m)) for p, m in result.errors))


def annotate(linted: RunResult, folder: Path, inbox: Path, lang: str, max_lines: int) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The annotated copies (annotate.write_annotated_copies), read back into memory, and the
    uploaded names of flagged workbooks too long to annotate here. Annotating costs far more
    than linting (about 0.5 ms a line with openpyxl, 10 s at 20,000 lines; before annotate.py
    measured each sheet's width once, it grew with the square: 43 s at 10,000 lines), and it
    holds a worker thread and the uploaded file until it is done."""
    from ..annotate import write_annotated_copies

    small = tuple(wb for wb in linted.workbooks if wb.lines_judged <= max_lines)
    kept = {wb.path for wb in small}
    part = replace(linted, workbooks=small, findings=tuple(f for f in linted.findings if f.path in kept))
    written = write_annotated_copies(part, folder, ReportOptions(lang=lang))
    skipped = [str(Path(wb.path).relative_to(inbox)) for wb in linted.workbooks
               if wb.path not in kept and wb.findings and not wb.error]
    return [(path.name, path.read_bytes()) for path in written], skipped


# ---------------------------------------------------------------------------
# What the page shows of a run.


def _placed_by(evidence: str) -> dict[str, str]:
    """Placement.evidence ("file name：阳城县…", "title：…", "--jurisdiction") as how and what."""
    if evidence == "--jurisdiction":
        return {"how": "chosen", "text": ""}
    how, _, text = evidence.partition("：")
    return {"how": how, "text": text}


def _workbook(wb: WorkbookResult) -> dict:
    counts = {s: 0 for s in SEVERITIES}
    for f in wb.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    out: dict = {"name": wb.path, "error": wb.error, "lines": wb.lines_judged, "findings": counts}
    if wb.placement:
        p = wb.placement
        out.update(jurisdiction=p.jurisdiction.name, level=p.level, level_name=p.scheme.level_name(p.level),
                   scheme={"id": p.scheme.id, "title": p.scheme.title, "doc_number": p.scheme.doc_number},
                   placed_by=_placed_by(p.evidence))
    return out


def describe(run: Run) -> dict:
    result = run.result
    counts = {s: 0 for s in SEVERITIES}
    for f in result.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    # Findings of the whole run (funded-twice) name no single workbook's row; lists count them too.
    return {
        "run": run.id,
        "lang": run.lang,
        "workbooks": [_workbook(wb) for wb in result.workbooks],
        "errors": [message for _, message in result.errors],
        "findings": counts,
        "annotated": {"status": run.annotated_status, "files": [name for name, _ in run.annotated],
                      "skipped": run.annotated_skipped, "max_lines": run.annotate_max_lines},
    }


# ---------------------------------------------------------------------------
# Recent runs, in memory.


@dataclass
class Run:
    id: str
    result: RunResult  # as shown (uploaded names)
    lang: str
    lines: int
    created: float = field(default_factory=time.monotonic)
    annotated: list[tuple[str, bytes]] = field(default_factory=list)
    annotated_status: str = "pending"  # "pending" | "done" | "failed" | "none"
    annotated_skipped: list[str] = field(default_factory=list)  # flagged, but too long to annotate here
    annotate_max_lines: int = 0


class RunStore:
    """The latest runs, so the page can render and download their reports after the check;
    bounded in number, age and lines so that memory stays flat however long it runs."""

    def __init__(self, keep_runs: int, keep_seconds: float, keep_lines: int) -> None:
        self.keep_runs, self.keep_seconds, self.keep_lines = keep_runs, keep_seconds, keep_lines
        self._runs: OrderedDict[str, Run] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, result: RunResult, lang: str, annotate_max_lines: int) -> Run:
        lines = sum(wb.lines_judged for wb in result.workbooks)
        run = Run(secrets.token_urlsafe(18), result, lang, lines, annotate_max_lines=annotate_max_lines)
        with self._lock:
            self._runs[run.id] = run
            self._trim()
        return run

    def get(self, run_id: str) -> Run | None:
        with self._lock:
            self._trim()
            return self._runs.get(run_id)

    def forget(self, run_id: str) -> bool:
        with self._lock:
            return self._runs.pop(run_id, None) is not None

    def __len__(self) -> int:
        with self._lock:
            return len(self._runs)

    def _trim(self) -> None:
        now = time.monotonic()
        while len(self._runs) > 1:
            oldest = next(iter(self._runs.values()))
            total = sum(r.lines for r in self._runs.values())
            if len(self._runs) > self.keep_runs or total > self.keep_lines or now - oldest.created > self.keep_seconds:
                self._runs.popitem(last=False)
            else:
                break
        if self._runs:
            newest = next(reversed(self._runs.values()))
            if now - newest.created > self.keep_seconds:
                self._runs.clear()
