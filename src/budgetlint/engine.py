"""Run the pipeline over files: read → place → match/judge → rules → suppress → baseline.

One workbook is linted by `lint_workbook`, in a worker process (_parallel: a reader that
crashes, runs out of memory or hangs costs only its workbook); everything that needs the
whole run (suppressions, cross-workbook rules, the baseline) happens afterwards in the
parent, in input order, so output is deterministic whatever the number of jobs.
"""

from __future__ import annotations

import contextlib
import operator
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ._i18n import chosen_language, set_language
from ._inputs import WORKBOOK_SUFFIXES, Inputs, find_inputs, matches_glob
from ._version import __version__
from .baseline import fingerprint_key, load_baseline, mark_baseline, number_across_workbooks, numbered_fingerprints
from .config import DEFAULT_MEMORY_LIMIT_MB
from .errors import BudgetlintError, NoProjectTable, OverMemoryLimit, internal_error, one_line, over_memory_limit, timed_out
from .judge import judge_lines
from .jurisdiction import place
from .match import matcher_for
from .models import BudgetLine, Finding, Judgement, RunResult, Scheme, WorkbookResult
from .read import ReadLimits, read_workbook
from .rules import RULES, Problem, Rule, RuleOptions, RunInput
from .schemes import adopt_scheme_sources, available_schemes, find_scheme, scheme_sources
from .suppressions import apply_suppressions, entries_for, inline_suppressions, load_suppressions

__all__ = ["LintOptions", "lint_paths", "lint_workbook", "collect_files", "schemes_in_use", "WORKBOOK_SUFFIXES"]


@dataclass(frozen=True)
class LintOptions:
    scheme: str = ""  # id, city, document number or path; "" = detect per workbook
    scheme_folders: tuple[str, ...] = ()  # a bureau's own schemes, searched before the bundled ones
    jurisdiction: str = ""  # override detection for every workbook
    jurisdiction_globs: tuple[tuple[str, str], ...] = ()  # (path glob, jurisdiction)
    rules: tuple[str, ...] = tuple(r.code for r in RULES)  # enabled rule codes
    severity: tuple[tuple[str, str], ...] = ()  # (rule code, severity) overrides
    lang: str = "zh"
    #: (rule code, ((option, value), …)): rule options from the configuration, validated
    rule_options: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = ()
    limits: ReadLimits = field(default_factory=ReadLimits)
    timeout_seconds: float = 120  # per workbook; 0 = no limit
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB  # per worker; 0 = no limit
    jobs: int = 1
    exclude: tuple[str, ...] = ()
    suppressions: str = ""  # suppression file
    baseline: str = ""  # baseline file
    #: Keep every line and judgement in the result. Reports that list findings only (text,
    #: SARIF, JUnit, GitHub) need neither: without them, results from worker processes
    #: are a fraction of the size, and a big workbook's lines are freed once linted.
    keep_lines: bool = True
    #: Read each workbook in a worker process (_parallel), so that a reader that crashes,
    #: runs out of memory or hangs costs only that workbook. False lints in this process,
    #: without those protections: for profiling (benchmarks/run.py --probe) only.
    isolate: bool = True
    #: A file without a project table (an unrelated CSV staged with budgets) is passed over
    #: with a note instead of an error (the pre-commit hook).
    skip_non_budget: bool = False


# -- files ---------------------------------------------------------------------


def collect_files(paths: Iterable[str | os.PathLike], exclude: Sequence[str] = ()) -> list[Path]:
    """Files to lint: given files as they are, directories walked (sorted), excludes applied,
    each file once (see _inputs; folders that cannot be read are left out here)."""
    return list(find_inputs(paths, exclude).files)


# -- one workbook ----------------------------------------------------------------


class _Timeout(BaseException):
    """Not an Exception: nothing between the timer and lint_workbook may take it for bad input."""


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Stop a workbook that takes too long (main thread of its process only)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or not _in_main_thread():
        yield
        return

    def expire(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _stamp(found: list[tuple[Rule, Problem]], path: str, severity: dict[str, str]) -> tuple[Finding, ...]:
    """Findings of the problems rules yielded (in the order they came): code, name, severity and
    fingerprint stamped on each, each built once. Findings sharing rule, workbook, sheet and
    project name are numbered in row order (baseline.numbered_fingerprints)."""
    places = [(fingerprint_key(rule.code, p.path or path, p.sheet, p.name), p.path or path, p.row) for rule, p in found]
    return tuple(
        Finding(where, p.sheet, p.row, rule.code, rule.name, severity.get(rule.code, rule.severity), p.name,
                p.amount_yuan, p.message, p.duty_id, p.clause, p.evidence, fp)
        for (rule, p), (_, where, _), fp in zip(found, places, numbered_fingerprints(places)))


def _jurisdiction_for(path: Path, options: LintOptions) -> str:
    if options.jurisdiction:
        return options.jurisdiction
    for pattern, name in options.jurisdiction_globs:
        if matches_glob(path, (pattern,)):
            return name
    return ""


def _judge_all(lines, placement) -> tuple[Judgement, ...]:
    return judge_lines(lines, placement, matcher_for(placement.scheme))


def lint_workbook(path: str | os.PathLike, options: LintOptions = LintOptions()) -> WorkbookResult:
    """Lint one workbook. Never raises for bad input: the reason is in `.error`."""
    path = Path(path)
    shown = str(path)
    try:
        with _time_limit(options.timeout_seconds):
            workbook = read_workbook(path, options.limits)
            schemes = schemes_in_use(options)
            placement = place(workbook, schemes, _jurisdiction_for(path, options))
            judgements = _judge_all(workbook.lines, placement)
            result = WorkbookResult(shown, placement, workbook, judgements)
            # Numbered within the workbook here, in parallel; lint_paths renumbers only
            # workbooks that share a file name with another (fingerprints name files).
            findings = _workbook_findings(result, options)
            inline = tuple(e for line in workbook.lines if line.remark for e in inline_suppressions(line, shown))
            keep = options.keep_lines  # else only what the run needs of the lines stays (verdicts, inline, facts)
            return replace(result, workbook=workbook if keep else replace(workbook, lines=()),
                           judgements=judgements if keep else (), findings=findings,
                           inline_suppressions=inline, facts=_facts(result, options))
    except _Timeout:
        return failed(shown, timed_out(options.timeout_seconds))
    except NoProjectTable as exc:
        if options.skip_non_budget:
            return WorkbookResult(shown, None, None)  # passed over: neither linted nor an error
        return failed(shown, exc.reason)
    except (MemoryError, OverMemoryLimit):
        return failed(shown, over_memory_limit(options.memory_limit_mb if options.isolate else 0))
    except BudgetlintError as exc:
        return failed(shown, getattr(exc, "reason", None) or str(exc).removeprefix(f"{shown}: "))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # an internal error must not stop the batch
        return failed(shown, internal_error(exc))


def failed(path: str, reason: str) -> WorkbookResult:
    """The result for a workbook that could not be linted: one line naming it and why."""
    return WorkbookResult(path, None, None, error=f"{path}: {one_line(reason)}")


def rule_options(rule: Rule, options: LintOptions) -> RuleOptions:
    """What a rule's check is given: the run's language and the rule's options, defaults filled in."""
    given = dict(dict(options.rule_options).get(rule.code, ()))
    return RuleOptions(lang=options.lang, values=tuple((o.name, given.get(o.name, o.default)) for o in rule.options))


def _workbook_findings(result: WorkbookResult, options: LintOptions) -> tuple[Finding, ...]:
    enabled = set(options.rules)
    severity = dict(options.severity)
    found: list[tuple[Rule, Problem]] = []
    line_rules: dict[str, list[Rule]] = {}  # verdict -> the rules that look at its lines
    for rule in RULES:
        if rule.kind == "line" and rule.code in enabled:
            for verdict in rule.verdicts:
                line_rules.setdefault(verdict, []).append(rule)
    given = {rule.code: rule_options(rule, options) for rule in RULES}
    for j in result.judgements:
        for rule in line_rules.get(j.verdict, ()):
            found.extend((rule, p) for p in rule.check(j, given[rule.code]))
    for rule in RULES:
        if rule.kind == "workbook" and rule.code in enabled:
            found.extend((rule, p) for p in rule.check(result, given[rule.code]))
    return _stamp(found, result.path, severity)


def _facts(result: WorkbookResult, options: LintOptions) -> tuple[tuple[str, object], ...]:
    """What each enabled run-level rule collects from this workbook (Rule.collect)."""
    return tuple((rule.code, rule.collect(result, rule_options(rule, options))) for rule in RULES
                 if rule.kind == "run" and rule.collect is not None and rule.code in options.rules)


# -- a run -----------------------------------------------------------------------


def schemes_in_use(options: LintOptions) -> list[Scheme]:
    """The --scheme named, else every scheme installed: the configured folders' and the bundled."""
    if options.scheme:
        return [find_scheme(options.scheme, options.scheme_folders)]
    return list(available_schemes(options.scheme_folders).values())


def _warm(options: LintOptions, matchers: bool = True) -> None:
    """Load schemes and build their matchers before workers fork, so each inherits them."""
    try:
        for scheme in schemes_in_use(options):
            if matchers:
                matcher_for(scheme)
    except BudgetlintError:
        pass  # each workbook reports it


def _map(files: Sequence[Path], options: LintOptions, progress: Callable[[int, int], None] | None) -> list[WorkbookResult]:
    """Lint every file; results in input order whatever the number of jobs (see _parallel)."""
    jobs = max(1, min(options.jobs or (os.cpu_count() or 1), len(files)))
    paths = [str(f) for f in files]
    results: list[WorkbookResult | None] = [None] * len(paths)
    done = 0

    def store(index: int, result: WorkbookResult) -> None:
        nonlocal done
        results[index] = result
        done += 1
        if progress:
            progress(done, len(paths))

    if not paths:
        return []
    if not options.isolate:
        for i, path in enumerate(paths):
            store(i, lint_workbook(path, options))
        return results  # type: ignore[return-value]
    from ._parallel import Limits, lint_isolated

    if jobs > 1:  # built once here rather than in each worker; one worker builds what it needs
        _warm(options)
    # Workers judge with the scheme files as this process read them (spawn reads afresh).
    setup = (adopt_scheme_sources, (scheme_sources(),))
    limits = Limits(timeout_seconds=options.timeout_seconds, memory_mb=options.memory_limit_mb)
    # One worker: while it reads, this process loads the schemes its result will name (they
    # cross as paths), instead of after it, on the way to the report.
    meanwhile = None if jobs > 1 else (lambda: _warm(options, matchers=False))
    lint_isolated(paths, jobs, _lint_one, options, limits, store, failed, _whole, _arrive, setup, meanwhile)
    return results  # type: ignore[return-value]


#: Judgements and findings cross from a worker in pieces of this many: the coordinator loads
#: one while the worker pickles the next (a 100,000-line result is otherwise pickled, then
#: loaded, one after the other).
_PIECE = 10_000


def _lint_one(path: str, options: LintOptions) -> list:
    """What a worker runs for each file (lint_workbook looked up by name, so a test may
    patch it): the result in pieces (_whole puts them together)."""
    set_language(options.lang)  # its messages in the run's language, however the worker was started
    result = lint_workbook(path, options)
    judgements, findings = result.judgements, result.findings
    if len(judgements) + len(findings) <= _PIECE:
        return [result]
    lines = result.workbook.lines if result.workbook else ()
    # A workbook's lines are its judgements' lines (judge_lines makes one per line, in
    # order): they cross once, as the judgements' first column.
    shared = len(lines) == len(judgements) and all(map(operator.is_, lines, map(_LINE_OF, judgements)))
    rest = replace(result, judgements=(), findings=(),
                   workbook=replace(result.workbook, lines=()) if shared else result.workbook)
    return [*(("judgements", _columns(judgements[i:i + _PIECE])) for i in range(0, len(judgements), _PIECE)),
            *(("findings", findings[i:i + _PIECE]) for i in range(0, len(findings), _PIECE)),
            ("result", (rest, shared))]


def _arrive(piece):
    """A piece as it arrives: judgements made from their columns (_columns)."""
    if piece.__class__ is tuple and piece[0] == "judgements":
        return "judgements", _objects(piece[1])
    return piece


def _whole(pieces: list) -> WorkbookResult:
    if len(pieces) == 1:
        return pieces[0]
    parts: dict[str, list] = {"judgements": [], "findings": []}
    for kind, piece in pieces[:-1]:
        parts[kind].extend(piece)
    rest, shared = pieces[-1][1]
    judgements = tuple(parts["judgements"])
    workbook = replace(rest.workbook, lines=tuple(map(_LINE_OF, judgements))) if shared else rest.workbook
    return replace(rest, workbook=workbook, judgements=judgements, findings=tuple(parts["findings"]))


# Judgements cross as columns (each a tuple of one field's values, their lines' fields
# first): pickling a tuple of strings runs in C, where pickling an object calls its
# __reduce__ in Python, and a 100,000-line result was mostly that.
_LINE_OF = operator.attrgetter("line")
_LINE_FIELDS = tuple(f.name for f in fields(BudgetLine))
_JUDGEMENT_FIELDS = tuple(f.name for f in fields(Judgement) if f.name != "line")


def _columns(judgements: Sequence[Judgement]) -> tuple[tuple, ...]:
    lines = tuple(map(_LINE_OF, judgements))
    return (*(tuple(map(operator.attrgetter(n), lines)) for n in _LINE_FIELDS),
            *(tuple(map(operator.attrgetter(n), judgements)) for n in _JUDGEMENT_FIELDS))


def _objects(columns: tuple[tuple, ...]) -> list[Judgement]:
    split = len(_LINE_FIELDS)
    lines = map(BudgetLine, *columns[:split])
    return list(map(Judgement, lines, *columns[split:]))


def lint_paths(paths: Iterable[str | os.PathLike] | Inputs, options: LintOptions = LintOptions(),
               progress: Callable[[int, int], None] | None = None) -> RunResult:
    """Lint files and directories (or the Inputs already found); the whole run's result, in
    input order. Folders that cannot be read are errors; files passed over as not budget
    tables (LintOptions.skip_non_budget) are left out. Every message of the run is in
    options.lang, in the workers and here alike, whatever the process spoke before."""
    before = chosen_language()
    set_language(options.lang)
    try:
        return _lint_paths(paths, options, progress)
    finally:
        set_language(before)


def _lint_paths(paths, options: LintOptions, progress) -> RunResult:
    inputs = paths if isinstance(paths, Inputs) else find_inputs(paths, options.exclude)
    results = [r for r in _map(inputs.files, options, progress) if r.workbook or r.error]
    results += [failed(folder, message.removeprefix(f"{folder}: ")) for folder, message in inputs.problems]
    order = {r.path: i for i, r in enumerate(results)}
    findings = number_across_workbooks([f for r in results for f in r.findings])
    entries = [e for r in results for e in r.inline_suppressions]
    if options.suppressions:
        # Only the entries for workbooks in this run: pre-commit lints a few files at a time.
        entries = list(entries_for(load_suppressions(Path(options.suppressions)), [r.path for r in results])) + entries
    findings, unreasoned, stale = apply_suppressions(findings, entries)
    enabled, severity = set(options.rules), dict(options.severity)
    run_input = RunInput(tuple(results), tuple(unreasoned), tuple(stale))
    for rule in RULES:
        if rule.kind == "run" and rule.code in enabled:
            facts = tuple(dict(r.facts).get(rule.code) for r in results) if rule.collect else ()
            found = _stamp([(rule, p) for p in rule.check(replace(run_input, facts=facts), rule_options(rule, options))],
                           "", severity)
            findings = (*findings, *found)
    if options.baseline:
        findings = mark_baseline(findings, load_baseline(Path(options.baseline)))
    findings = tuple(sorted(findings, key=lambda f: (order.get(f.path, len(order)), f.path, f.sheet, f.row, f.code, f.name)))
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    results = [replace(r, findings=tuple(by_path.get(r.path, ()))) for r in results]
    schemes = {r.placement.scheme.id: r.placement.scheme for r in results if r.placement}
    errors = tuple((r.path, r.error) for r in results if r.error)
    used = tuple((k, v) for k, v in (("scheme", options.scheme), ("baseline", options.baseline),
                                      ("suppressions", options.suppressions)) if v)
    return RunResult(tuple(results), findings, errors, tuple(schemes[k] for k in sorted(schemes)), __version__, used)


def exit_status(result: RunResult, fail_on: str = "error") -> int:
    """0 clean, 1 findings at or above fail_on (not suppressed, not in the baseline), 2 errors."""
    if result.errors:
        return 2
    if fail_on == "never":
        return 0
    ranks = {"info": 0, "warning": 1, "error": 2}
    threshold = ranks[fail_on]
    live = (f for f in result.findings if f.suppression is None and not f.baseline)
    return 1 if any(ranks[f.severity] >= threshold for f in live) else 0


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")
