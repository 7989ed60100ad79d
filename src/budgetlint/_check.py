"""`budgetlint check`: merge configuration and options, lint, write the report."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from .config import Config, find_config, load_config, rule_enabled, severity_for
from .engine import LintOptions, collect_files, exit_status, lint_paths, stderr_is_terminal
from .errors import ConfigError, OutputError
from .read import ReadLimits
from .rules import RULES, get_rule
from .schemes import find_scheme


def _codes(text: str | None, option: str) -> tuple[str, ...]:
    if not text:
        return ()
    codes = []
    for item in text.split(","):
        if item.strip():
            try:
                codes.append(get_rule(item.strip()).code)
            except KeyError as exc:
                raise ConfigError(f"{option}: {exc.args[0]}") from None
    return tuple(codes)


def _enabled(config: Config, select, extend_select, ignore) -> tuple[str, ...]:
    chosen = [r.code for r in RULES if rule_enabled(config, r)]
    if select:
        chosen = list(_codes(select, "--select"))
    chosen += [c for c in _codes(extend_select, "--extend-select") if c not in chosen]
    dropped = set(_codes(ignore, "--ignore"))
    return tuple(c for c in chosen if c not in dropped)


def _check_output(output: Path, inputs: list[Path], given: tuple[Path, ...]) -> None:
    """Refuse to write over an input or inside an input folder."""
    target = output.resolve()
    for path in inputs:
        if path.resolve() == target:
            raise OutputError(f"{output}: refusing to write the report over an input workbook")
    for path in given:
        if path.is_dir() and target.is_relative_to(path.resolve()):
            raise OutputError(f"{output}: refusing to write inside the input folder {path}; choose another place")
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"{output}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{output}: the folder {parent} is not writable")


def _check_annotate(annotate: Path, inputs: list[Path], given: tuple[Path, ...]) -> None:
    """The annotated-copy folder: a folder (or creatable), outside every input folder."""
    target = annotate.resolve()
    folders = [p.resolve() for p in given if p.is_dir()] + [p.resolve().parent for p in inputs]
    if any(target == p.resolve() for p in inputs) or any(target.is_relative_to(f) for f in folders):
        raise OutputError(f"{annotate}: refusing to write annotated copies among the inputs; choose another folder")
    existing = next(p for p in (target, *target.parents) if p.exists())
    if not existing.is_dir():
        raise OutputError(f"{annotate}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK):
        raise OutputError(f"{annotate}: the folder {existing} is not writable")


def _progress_bar():
    if not stderr_is_terminal():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\r" + " " * (width + 24) + "\r")
        sys.stderr.flush()

    return show


@contextlib.contextmanager
def collect_rarely() -> Iterator[None]:
    """The cycle collector, nearly off for one run, then as it was.

    Lines, judgements and findings form no cycles: reference counting frees them, and full
    collections over hundreds of thousands of live objects are pure cost (about a sixth of
    a 100,000-line run). Forked workers inherit the setting."""
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if not frozen:  # a caller's own frozen objects cannot be told apart from ours: keep them
            gc.unfreeze()


def run(*, paths, scheme, jurisdiction, fmt, output, fail_on, lang, jobs, exclude, select, extend_select, ignore,
        config_path, suppressions, baseline, write_baseline, annotate, timestamp, progress) -> int:
    from .report import BINARY_FORMATS, LINE_FORMATS, ReportOptions, render, render_chunks

    start = Path(paths[0])
    config = load_config(config_path or find_config(start if start.is_dir() else start.parent))
    base = Path(config.path).parent if config.path else Path.cwd()
    severity = tuple((r.code, severity_for(config, r)) for r in RULES if severity_for(config, r) != r.severity)
    options = LintOptions(
        scheme=scheme or config.scheme,
        jurisdiction=jurisdiction or "",
        jurisdiction_globs=config.jurisdictions,
        rules=_enabled(config, select, extend_select, ignore),
        severity=severity,
        lang=lang or config.lang,
        limits=ReadLimits(max_file_bytes=config.max_file_mb * 2**20),
        timeout_seconds=config.timeout_seconds,
        jobs=jobs if jobs is not None else config.jobs,
        exclude=tuple(exclude) + config.exclude,
        suppressions=str(suppressions) if suppressions else (str(base / config.suppressions) if config.suppressions else ""),
        baseline=str(baseline) if baseline else "",
        keep_lines=fmt in LINE_FORMATS or annotate is not None,
    )
    if options.scheme:
        find_scheme(options.scheme)  # a wrong --scheme is one usage error, not one per workbook
    if fmt in BINARY_FORMATS and output is None and sys.stdout.isatty():
        raise OutputError(f"--format {fmt} writes a workbook, not text: give --output FILE.{fmt}")
    inputs = collect_files(paths, options.exclude)
    for target in (output, write_baseline):
        if target is not None:
            _check_output(target, inputs, tuple(paths))
    if annotate is not None:
        _check_annotate(annotate, inputs, tuple(paths))
    result = lint_paths(inputs, options, progress=_progress_bar() if progress else None)  # files, not folders: walked once
    report_options = ReportOptions(lang=options.lang, color=output is None and fmt == "text" and sys.stdout.isatty(), timestamp=timestamp)
    # Written as the formatter produces it: JSON in pieces, the other formats in one.
    if output is None:
        for piece in render_chunks(fmt, result, report_options):
            click.echo(piece, nl=False)
    else:
        from ._atomic import atomic_write_chunks

        atomic_write_chunks(output, render_chunks(fmt, result, report_options))
        click.echo(render("text", result, ReportOptions(lang=options.lang)).splitlines()[-1] if fmt == "text" else
                   _summary_line(result, output, options.lang), err=False)
    if write_baseline is not None:
        from .baseline import write_baseline as write

        write(write_baseline, [f for f in result.findings if f.suppression is None])
    if annotate is not None:
        from .annotate import annotated_copies
        from .report.text import visible

        try:
            annotate.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{annotate}: cannot create the folder ({exc.strerror or exc})") from None
        # Where each copy went; on stderr when the report itself is on stdout.
        for copy in annotated_copies(result, annotate, report_options):
            click.echo(visible(f"Annotated copy of {copy.source} written to {copy.path}"), err=output is None)
            if copy.not_kept:
                click.echo(visible(f"budgetlint: warning: {copy.path} could not keep: "
                                   f"{'; '.join(copy.not_kept_text(options.lang))}"), err=True)
    from .report.text import visible

    for _, message in result.errors:
        click.echo(f"budgetlint: {visible(message)}", err=True)
    return exit_status(result, fail_on or config.fail_on)


def _summary_line(result, output: Path, lang: str) -> str:
    from .report import ReportOptions
    from .report.text import summary

    return f"{summary(result, ReportOptions(lang=lang))}\nReport written to {output}"
