"""The command line. Thin: it parses options, calls the engine, hands the result to a
formatter and picks the exit status. Heavy modules are imported inside the commands
that need them, so `budgetlint --version` and a text run stay fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import report
from ._version import __version__
from .errors import BudgetlintError

FORMATS = tuple(report.FORMATS)  # the report registry is the one list of formats
FAIL_ON = ("error", "warning", "info", "never")


def _fail(message: str) -> None:
    from .report.text import visible

    click.echo(f"budgetlint: {visible(message)}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="budgetlint")
def main() -> None:
    """budgetlint: lint budget workbooks against 知识产权领域财政事权和支出责任划分 schemes."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--scheme", default=None, help="Scheme id, city, document number or .toml file (default: from each workbook's jurisdiction).")
@click.option("--jurisdiction", default=None, help="Whose budget it is (overrides detection), e.g. 阳城县.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, allow_dash=True), default=None, help="Write the report here (default or -: stdout).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None, help="Lowest severity that makes the exit status 1 [default: error].")
@click.option("--lang", type=click.Choice(("zh", "en")), default=None, help="Language of messages and the HTML report [default: zh].")
@click.option("--jobs", "-j", type=click.IntRange(0, 256), default=None, help="Workbooks linted in parallel (0 = one per core).")
@click.option("--exclude", multiple=True, help="Glob of paths to skip (repeatable).")
@click.option("--select", default=None, help="Comma-separated rule codes or names to run (replaces the default).")
@click.option("--extend-select", default=None, help="Comma-separated rules to add.")
@click.option("--ignore", default=None, help="Comma-separated rules not to run.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None, help="Configuration file (default: found walking up).")
@click.option("--suppressions", type=click.Path(path_type=Path), default=None, help="Suppression file ([[suppress]] entries).")
@click.option("--baseline", type=click.Path(path_type=Path), default=None, help="Fail only on findings not in this baseline.")
@click.option("--write-baseline", type=click.Path(path_type=Path), default=None, help="Record the current findings as the baseline.")
@click.option("--annotate", type=click.Path(path_type=Path), default=None, help="Write annotated copies of flagged workbooks into this folder.")
@click.option("--timestamp", default="", help="A run time to print in the report (none by default, for byte-identical output).")
@click.option("--no-progress", is_flag=True, help="Never show a progress bar.")
@click.option("--allow-empty", is_flag=True, help="Exit 0 when the paths hold no workbook (default: an error, exit 2).")
@click.option("--skip-non-budget", is_flag=True, help="Pass over files without a project table with a note (pre-commit).")
@click.option("--timeout-seconds", type=click.FloatRange(min=0, min_open=True), default=None, help="Time limit per workbook [default: 120].")
@click.option("--memory-limit-mb", type=click.IntRange(0), default=None, help="Memory a workbook's reader may use; 0 = none [default: 4096].")
def check(paths, scheme, jurisdiction, fmt, output, fail_on, lang, jobs, exclude, select, extend_select, ignore,
          config_path, suppressions, baseline, write_baseline, annotate, timestamp, no_progress, allow_empty,
          skip_non_budget, timeout_seconds, memory_limit_mb) -> None:
    """Lint workbooks and directories of workbooks."""
    from . import _check

    sys.exit(_check.guarded(lambda: _check.run(
        paths=paths, scheme=scheme, jurisdiction=jurisdiction, fmt=fmt, output=output, fail_on=fail_on,
        lang=lang, jobs=jobs, exclude=exclude, select=select, extend_select=extend_select, ignore=ignore,
        config_path=config_path, suppressions=suppressions, baseline=baseline, write_baseline=write_baseline,
        annotate=annotate, timestamp=timestamp, progress=not no_progress, allow_empty=allow_empty,
        skip_non_budget=skip_non_budget, timeout_seconds=timeout_seconds, memory_limit_mb=memory_limit_mb,
    ), paths))


@main.command()
@click.argument("name")
@click.option("--description", default="", help="项目概述 / 绩效目标 text.")
@click.option("--jurisdiction", required=True, help="Whose budget the line is in, e.g. 阳城县 or 晋城市.")
@click.option("--funding", default="", help="资金来源 as the budget writes it, e.g. 市级专项转移支付.")
@click.option("--code", default="", help="功能分类科目编码, e.g. 2011409.")
@click.option("--scheme", default=None, help="Scheme (default: the jurisdiction's).")
@click.option("--lang", type=click.Choice(("zh", "en")), default="zh")
def explain(name, description, jurisdiction, funding, code, scheme, lang) -> None:
    """Print the grammar's reading of one budget line and the decision trail."""
    from ._explain import explain_line

    try:
        click.echo(explain_line(name, description=description, jurisdiction=jurisdiction, funding=funding,
                                scheme=scheme, code=code, lang=lang, folders=_scheme_folders()))
    except BudgetlintError as exc:
        _fail(str(exc))


@main.command("rules")
@click.option("--lang", type=click.Choice(("zh", "en")), default="zh")
def rules_command(lang: str) -> None:
    """List every rule."""
    from ._words import severity_word
    from .rules import RULES

    for rule in RULES:
        click.echo(f"{rule.code}  {rule.name:<28} {severity_word(rule.severity, lang):<8} {rule.summary_in(lang)}")


@main.command("rule")
@click.argument("code")
@click.option("--lang", type=click.Choice(("zh", "en")), default="zh")
def rule_command(code: str, lang: str) -> None:
    """Print a rule's documentation."""
    from ._words import severity_word
    from .rules import get_rule

    try:
        rule = get_rule(code)
    except KeyError as exc:
        _fail(exc.args[0])
    click.echo(f"{rule.code} {rule.name}（{severity_word(rule.severity, lang)}）\n\n{rule.documentation(lang).text()}")


@main.group()
def schemes() -> None:
    """List, show, validate and draft schemes."""


def _scheme_folders() -> tuple[str, ...]:
    """The scheme folders of the configuration found from here (budgetlint.toml or pyproject.toml)."""
    from .config import find_config, load_config

    return load_config(find_config(Path.cwd())).scheme_folders


@schemes.command("list")
def schemes_list() -> None:
    """The schemes installed: the configured scheme folders' and the bundled ones, each with where it came from."""
    from .schemes import available_schemes, scheme_origin

    try:
        for s in available_schemes(_scheme_folders()).values():
            example = "  (example)" if s.example else ""
            click.echo(f"{s.id:<16} {s.city:<8} {s.doc_number or s.date:<22} {len(s.duties):>3} duties, "
                       f"{len(s.jurisdictions):>2} jurisdictions  {scheme_origin(s)}{example}")
    except BudgetlintError as exc:
        _fail(str(exc))


@schemes.command("tasks")
def schemes_tasks() -> None:
    """The national task catalogue: every task id, its aspect and name (what a scheme's clauses name)."""
    from .catalogue import load_catalogue

    try:
        catalogue = load_catalogue()
    except BudgetlintError as exc:
        _fail(str(exc))
    for task in catalogue.tasks:
        aspect = catalogue.aspect(task.aspect)
        click.echo(f"{task.id:<32} {aspect.title if aspect else task.aspect:<12} {task.name}")


@schemes.command("show")
@click.argument("scheme_id")
def schemes_show(scheme_id: str) -> None:
    """A scheme's duties, grouped by category and level."""
    from ._explain import show_scheme

    try:
        click.echo(show_scheme(scheme_id, folders=_scheme_folders()))
    except BudgetlintError as exc:
        _fail(str(exc))


@schemes.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--source", type=click.Path(path_type=Path), default=None,
              help="The published text: check that every clause is quoted from it and every task of every "
                   "确认为 sentence is encoded (default: the scheme's own `source`).")
def schemes_validate(files, source) -> None:
    """Check scheme files; exit 0 when valid, 2 with the problems (each with its line and a fix)."""
    from .errors import SchemeError
    from .schemes import validate_file

    bad = False
    for file in files:
        try:
            problems = validate_file(file, source)
        except (BudgetlintError, OSError) as exc:  # validate_file reports what it finds; this is a last guard
            problems = exc.problems if isinstance(exc, SchemeError) else [str(exc)]
        for problem in problems:
            click.echo(f"{file}: {problem}", err=True)
        if not problems:
            click.echo(f"{file}: valid" + (f" (checked against {source})" if source else ""))
        bad = bad or bool(problems)
    sys.exit(2 if bad else 0)


@schemes.command("draft")
@click.argument("text_file", type=click.Path(path_type=Path))
@click.option("--id", "scheme_id", default=None, help="Id of the drafted scheme (default: the output file's name).")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="Write the draft here (default: stdout).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def schemes_draft(text_file, scheme_id, output, force) -> None:
    """Draft a scheme file from a city's published scheme text: usable as it is, with the
    items a reviewer should look at listed on stderr."""
    import os
    import re

    from ._atomic import atomic_write_text
    from .draft import draft_scheme, read_scheme_text
    from .errors import SchemeError

    if output is not None and output.exists() and not force:
        _fail(f"{output} already exists; not overwriting it (use --force to replace it)")
    if scheme_id is None and output is not None and re.fullmatch(r"[a-z0-9][a-z0-9_-]*", output.stem.lower()):
        scheme_id = output.stem.lower()
    # The scheme names its text, so that `schemes validate` checks the clauses against it.
    source = os.path.relpath(text_file.resolve(), output.resolve().parent).replace(os.sep, "/") if output else ""
    try:
        try:
            draft = draft_scheme(read_scheme_text(text_file), scheme_id, source)
        except SchemeError as exc:
            if str(text_file) in str(exc):
                raise
            raise SchemeError(str(text_file), exc.problems) from None
        if output:
            atomic_write_text(output, draft.toml)
        else:
            click.echo(draft.toml, nl=False)
    except (BudgetlintError, OSError) as exc:
        _fail(str(exc))
    click.echo(draft.summary(), err=True)
    if output:
        click.echo(f"wrote {output}; next: look at the REVIEW items, then `budgetlint schemes validate {output}`", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but the loopback needs the printed access token.")
@click.option("--port", type=int, default=None, help="Port [default: 8321, or a free one when taken].")
@click.option("--no-browser", is_flag=True, help="Do not open a browser on the page.")
@click.option("--max-file-mb", type=int, default=50, show_default=True, help="Largest workbook a check accepts.")
@click.option("--max-files", type=int, default=20, show_default=True, help="Most workbooks in one check.")
@click.option("--concurrency", type=int, default=2, show_default=True, help="Checks linted at the same time (others wait).")
def serve(host, port, no_browser, max_file_mb, max_files, concurrency) -> None:
    """A local page to drop workbooks on and read the findings (needs budgetlint[serve])."""
    try:
        import python_multipart, starlette, uvicorn  # noqa: F401,E401 — the extra, before anything starts
    except ImportError:
        _fail("serve needs the serve extra: pip install 'budgetlint[serve]'")
    from .serve import ServeSettings, serve as run_server
    from .serve.settings import DEFAULT_PORT

    settings = ServeSettings(host=host, port=DEFAULT_PORT if port is None else port, max_file_mb=max_file_mb,
                             max_files=max_files, concurrency=concurrency)
    try:
        run_server(settings.validated(), open_browser=not no_browser)
    except BudgetlintError as exc:
        _fail(str(exc))


@main.command()
@click.argument("directory", default=".", type=click.Path(path_type=Path, file_okay=False))
def init(directory: Path) -> None:
    """Write a commented starter budgetlint.toml."""
    from ._atomic import atomic_write_text
    from .config import starter_config

    target = directory / "budgetlint.toml"
    if target.exists():
        _fail(f"{target} already exists; not overwriting it")
    try:
        atomic_write_text(target, starter_config())
    except OSError as exc:
        _fail(f"{target}: cannot write ({exc.strerror or exc})")
    click.echo(f"wrote {target}")


if __name__ == "__main__":  # pragma: no cover
    main()
