"""`budgetlint check`: merge configuration and options, lint, write the report."""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import click

from ._inputs import WORKBOOK_SUFFIXES, find_inputs
from ._output import STDOUT, plan, write
from ._i18n import language, say, set_language
from .config import MAX_TOML_BYTES, Config, enabled_rules, find_config, load_config, read_bytes, selector, severity_for
from .engine import LintOptions, exit_status, lint_paths, schemes_in_use, stderr_is_terminal
from .errors import (
    BudgetlintError, ConfigError, InputError, JurisdictionError, OutputError, internal_error, one_line, os_reason,
)
from .read import ReadLimits
from .rules import RULES


def _selectors(text: str | None, option: str) -> tuple[str, ...]:
    """A comma-separated --select, --extend-select or --ignore, read as budgetlint.toml reads
    its lists (config.selector): codes, names, code prefixes (BL1), ALL."""
    out = []
    for token in (text or "").split(","):
        if token.strip():
            try:
                out.append(selector(token))
            except KeyError:
                raise ConfigError(say(f"{option}: 没有规则或规则前缀 {token.strip()!r}；运行 `budgetlint rules` 查看全部规则",
                                      f"{option}: unknown rule or prefix {token.strip()!r}; run `budgetlint rules` for "
                                      "the list")) from None
    return tuple(dict.fromkeys(out))


def _check_annotate(annotate: Path, inputs: list[Path], given: tuple[Path, ...]) -> None:
    """The annotated-copy folder: a folder (or creatable), outside every input folder."""
    target = annotate.resolve()
    folders = [p.resolve() for p in given if p.is_dir()] + [p.resolve().parent for p in inputs]
    if any(target == p.resolve() for p in inputs) or any(target.is_relative_to(f) for f in folders):
        raise OutputError(say(f"{annotate}: 批注副本不能写在所查的文件中间；请另选一个文件夹",
                              f"{annotate}: refusing to write annotated copies among the inputs; choose another "
                              "folder"))
    existing = next(p for p in (target, *target.parents) if p.exists())
    if not existing.is_dir():
        raise OutputError(say(f"{annotate}: {existing} 是文件，不是文件夹", f"{annotate}: {existing} is a file, not a folder"))
    if not os.access(existing, os.W_OK):
        raise OutputError(say(f"{annotate}: 文件夹 {existing} 不可写", f"{annotate}: the folder {existing} is not writable"))


def colour_wanted(stream) -> bool:
    """Colour for a terminal, unless NO_COLOR is set to anything but "" (https://no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


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
        config_path, suppressions, baseline, write_baseline, annotate, timestamp, progress, allow_empty=False,
        skip_non_budget=False, timeout_seconds=None, memory_limit_mb=None) -> int:
    from .report import BINARY_FORMATS, LINE_FORMATS, ReportOptions, render, render_chunks

    start = Path(paths[0])
    config = load_config(config_path or find_config(start if start.is_dir() else start.parent))
    if lang is None and config.lang:  # --lang (already in force), else the configuration's, else the locale's
        set_language(config.lang)
    base = Path(config.path).parent if config.path else Path.cwd()
    severity = tuple((r.code, severity_for(config, r)) for r in RULES if severity_for(config, r) != r.severity)
    to_stdout = output is None or str(output) == "-"
    options = LintOptions(
        scheme=scheme or config.scheme,
        scheme_folders=config.scheme_folders,
        jurisdiction=jurisdiction or "",
        jurisdiction_globs=config.jurisdictions,
        rules=enabled_rules(config, _selectors(select, "--select"), _selectors(extend_select, "--extend-select"),
                            _selectors(ignore, "--ignore")),
        severity=severity,
        rule_options=config.rule_options,
        lang=language(),
        limits=ReadLimits(max_file_bytes=config.max_file_mb * 2**20),
        timeout_seconds=timeout_seconds if timeout_seconds is not None else config.timeout_seconds,
        memory_limit_mb=memory_limit_mb if memory_limit_mb is not None else config.memory_limit_mb,
        jobs=jobs if jobs is not None else config.jobs,
        exclude=tuple(exclude) + config.exclude,
        suppressions=str(suppressions) if suppressions else (str(base / config.suppressions) if config.suppressions else ""),
        baseline=str(baseline) if baseline else "",
        keep_lines=fmt in LINE_FORMATS or annotate is not None,
        skip_non_budget=skip_non_budget,
    )
    # A wrong --scheme or --jurisdiction is one usage error, not one per workbook.
    if options.scheme or options.jurisdiction or options.jurisdiction_globs:
        _check_jurisdictions(options, config, _schemes(options))
    if fmt in BINARY_FORMATS and (to_stdout or output is None) and sys.stdout.isatty():
        raise OutputError(say(f"--format {fmt} 写的是工作簿，不是文字：请用 --output 文件.{fmt} 指定文件",
                              f"--format {fmt} writes a workbook, not text: give --output FILE.{fmt}"))
    inputs = find_inputs(paths, options.exclude)
    if not inputs.files and not inputs.problems and not (allow_empty or config.allow_empty):
        shown = ", ".join(map(str, paths))
        kinds = ", ".join(WORKBOOK_SUFFIXES)
        raise InputError(shown, say(f"没有可检查的预算表（查找的是 {kinds}）；请检查路径，确实没有时加 --allow-empty",
                                    f"no workbook to lint (looked for {kinds}); check the path, or pass --allow-empty "
                                    "if that is expected"))
    report = STDOUT if to_stdout else plan(output, fmt, inputs.files, tuple(paths))
    record = plan(write_baseline, "baseline", inputs.files, tuple(paths)) if write_baseline is not None else None
    if record is not None and report == record:  # one file, or both on standard output
        raise OutputError(say(f"{write_baseline}: 报告也写在这里；请给基线另一个文件",
                              f"{write_baseline}: the report is written there too; give the baseline its own file"))
    if annotate is not None:
        _check_annotate(annotate, list(inputs.files), tuple(paths))
    result = lint_paths(inputs, options, progress=_progress_bar() if progress else None)  # walked once
    report_options = ReportOptions(lang=options.lang, color=to_stdout and fmt == "text" and colour_wanted(sys.stdout),
                                   timestamp=timestamp)
    # Written as the formatter produces it: JSON in pieces, the other formats in one.
    write(report, render_chunks(fmt, result, report_options), _echo_bytes)
    if report is not STDOUT:
        click.echo(render("text", result, ReportOptions(lang=options.lang)).splitlines()[-1] if fmt == "text" else
                   _summary_line(result, output, options.lang), err=False)
    if record is not None:
        from .baseline import baseline_document

        write(record, [baseline_document([f for f in result.findings if f.suppression is None])], _echo_bytes)
    if annotate is not None:
        from .annotate import annotated_copies
        from .report.text import visible

        try:
            annotate.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            why = os_reason(exc)
            raise OutputError(say(f"{annotate}: 无法创建文件夹（{why}）",
                                  f"{annotate}: cannot create the folder ({why})")) from None
        # Where each copy went; on stderr when the report itself is on stdout.
        for copy in annotated_copies(result, annotate, report_options):
            click.echo(visible(say(f"{copy.source} 的批注副本已写入 {copy.path}",
                                   f"Annotated copy of {copy.source} written to {copy.path}")), err=output is None)
            if copy.not_kept:
                lost = say("；", "; ").join(copy.not_kept_text(options.lang))
                click.echo(visible(say(f"budgetlint: 警告：{copy.path} 未能保留：{lost}",
                                       f"budgetlint: warning: {copy.path} could not keep: {lost}")), err=True)
    from .report.text import visible

    linted = {r.path for r in result.workbooks}
    for path in inputs.files:
        if str(path) not in linted:
            click.echo(say(f"budgetlint: 提示：{visible(str(path))}：不是预算表（没有项目表），已跳过",
                           f"budgetlint: note: {visible(str(path))}: not a budget table (no project-line table); "
                           "skipped"),
                       err=True)
    for _, message in result.errors:
        click.echo(f"budgetlint: {visible(message)}", err=True)
    return exit_status(result, fail_on or config.fail_on)


def _schemes(options: LintOptions) -> list:
    """The schemes a run judges with; a --scheme file too large or too deep is one line."""
    if options.scheme and Path(options.scheme).is_file():
        read_bytes(Path(options.scheme), MAX_TOML_BYTES, ("方案", "scheme"))  # its size, before a parser sees it
    try:
        return schemes_in_use(options)
    except RecursionError:
        name = options.scheme
        raise ConfigError(say(f"{name}: 嵌套过深，不是方案文件", f"{name}: nested too deeply to be a scheme file")) from None


def _echo_bytes(data: bytes) -> None:
    click.echo(data, nl=False)


def _check_jurisdictions(options: LintOptions, config: Config, schemes) -> None:
    """--jurisdiction and the names of [jurisdictions] in the configuration, checked once."""
    from .jurisdiction import find_jurisdiction

    named = [("--jurisdiction", options.jurisdiction)] if options.jurisdiction else []  # (may be none: --scheme alone)
    named += [(say(f"{config.path}: 键 'jurisdictions.{glob}'", f"{config.path}: key 'jurisdictions.{glob}'"), name)
              for glob, name in options.jurisdiction_globs]
    for where, name in named:
        try:
            find_jurisdiction(name, schemes)
        except JurisdictionError:
            known = [label for s in schemes for j in s.jurisdictions for label in (j.name, *j.aliases)]
            close = difflib.get_close_matches(name.strip(), known, n=3, cutoff=0.5)
            close = list(dict.fromkeys(close))
            hint = say(f"是不是 {' 或 '.join(close)}？", f"did you mean {' or '.join(close)}?") if close else \
                say("`budgetlint schemes show 方案` 列出方案中的行政区",
                    "`budgetlint schemes show SCHEME` lists the jurisdictions of a scheme")
            raise ConfigError(say(f"{where}: 没有行政区 {name!r}；{hint}",
                                  f"{where}: unknown jurisdiction {name!r}; {hint}")) from None


def _summary_line(result, output: Path, lang: str) -> str:
    from .report import ReportOptions
    from .report.text import summary

    return f"{summary(result, ReportOptions(lang=lang))}\n" + say(f"报告已写入 {output}", f"Report written to {output}")


# -- every way out of `check`: an exit status and at most one line per problem -------------


class Terminated(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so workers are stopped and temporary files removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_unwind() -> Iterator[None]:
    def unwind(signum, frame):
        raise Terminated(signum)

    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {n: signal.signal(getattr(signal, n), unwind) for n in names}
    try:
        yield
    finally:
        for n, handler in previous.items():
            signal.signal(getattr(signal, n), handler)


def guarded(check: Callable[[], int], paths: Sequence[object]) -> int:
    """check() turned into an exit status: 0/1/2 as it returns, 2 with one line on stderr for
    a usage or input error and for anything unexpected (never a traceback, never 1), 130 on
    Ctrl-C, 128 + N on signal N (SIGTERM, SIGHUP), 141 when stdout is a closed pipe."""
    from .report.text import visible

    try:
        with _signals_unwind(), collect_rarely():
            return check()
    except BudgetlintError as exc:
        click.echo(f"budgetlint: {visible(one_line(exc))}", err=True)
    except KeyboardInterrupt:
        click.echo("budgetlint: " + say("已中断", "interrupted"), err=True)
        return 130
    except Terminated as exc:
        return 128 + exc.signum
    except BrokenPipeError:  # `budgetlint check … | head`: the reader has gone
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # noqa: BLE001 — the last resort: one line naming what was checked
        where = getattr(exc, "filename", None) or ", ".join(map(str, paths))
        click.echo(f"budgetlint: {visible(f'{where}: {internal_error(exc)}')}", err=True)
    return 2
