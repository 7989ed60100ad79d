"""The command line. Thin: it parses options, calls the engine, hands the result to a
formatter and picks the exit status. Heavy modules are imported inside the commands
that need them, so `budgetlint --version` and a text run stay fast.

Every help text is (Chinese, English), shown in the run's language (_cli_lang); every
command takes --lang.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import click

from . import report
from ._cli_lang import Group, Option, argument, lang_option, option
from ._i18n import chosen_language, language, say, set_language
from ._version import __version__
from .errors import BudgetlintError, cannot_write

FORMATS = tuple(report.FORMATS)  # the report registry is the one list of formats
FAIL_ON = ("error", "warning", "info", "never")


def _fail(message: str) -> None:
    from .report.text import visible

    click.echo(f"budgetlint: {visible(message)}", err=True)
    sys.exit(2)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]},
             help=("budgetlint：按知识产权领域财政事权和支出责任划分方案检查预算表。",
                   "budgetlint: lint budget workbooks against 知识产权领域财政事权和支出责任划分 schemes."))
@click.version_option(__version__, "--version", "-V", prog_name="budgetlint", cls=Option,
                      help=("显示版本并退出。", "Show the version and exit."))
@click.pass_context
def main(ctx: click.Context) -> None:
    # A command's --lang (or the configuration's lang) holds for this run only.
    ctx.call_on_close(partial(set_language, chosen_language()))


@main.command(help=("检查预算表，以及文件夹中的所有预算表。", "Lint workbooks and directories of workbooks."))
@argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar=("路径...", "PATHS..."))
@option("--scheme", default=None, metavar=("方案", "SCHEME"),
        help=("方案的 id、城市、文号或 .toml 文件（默认：按每个预算表所属的行政区）。",
              "Scheme id, city, document number or .toml file (default: from each workbook's jurisdiction)."))
@option("--jurisdiction", default=None, metavar=("行政区", "NAME"),
        help=("这是谁的预算（不再自动识别），如 阳城县。", "Whose budget it is (overrides detection), e.g. 阳城县."))
@option("--format", "fmt", type=click.Choice(FORMATS), default="text",
        help=("报告格式；默认 text。", "Report format [default: text]."))
@option("--output", "-o", type=click.Path(path_type=Path, allow_dash=True), default=None, metavar=("文件", "FILE"),
        help=("报告写到这里（默认或 -：标准输出）。", "Write the report here (default or -: stdout)."))
@option("--fail-on", type=click.Choice(FAIL_ON), default=None,
        help=("达到这一严重程度即以状态 1 退出；默认 error。", "Lowest severity that makes the exit status 1 [default: error]."))
@lang_option(config=True)
@option("--jobs", "-j", type=click.IntRange(0, 256), default=None, metavar="N",
        help=("同时检查的预算表数（0 = 每个 CPU 核一个）。", "Workbooks linted in parallel (0 = one per core)."))
@option("--exclude", multiple=True, metavar=("通配符", "GLOB"),
        help=("跳过匹配的路径（可重复）。", "Glob of paths to skip (repeatable)."))
@option("--select", default=None, metavar=("规则", "RULES"),
        help=("只运行这些规则：逗号分隔的代码、名称或代码前缀（BL1）、ALL（取代默认）。",
              "Comma-separated rule codes, names or code prefixes (BL1), or ALL, to run (replaces the default)."))
@option("--extend-select", default=None, metavar=("规则", "RULES"),
        help=("另外运行这些规则（逗号分隔，同 --select）。", "Comma-separated rules to add (as --select)."))
@option("--ignore", default=None, metavar=("规则", "RULES"),
        help=("不运行这些规则（逗号分隔，同 --select）。", "Comma-separated rules not to run (as --select)."))
@option("--config", "config_path", type=click.Path(path_type=Path), default=None, metavar=("文件", "FILE"),
        help=("配置文件（默认：从所查路径向上查找）。", "Configuration file (default: found walking up)."))
@option("--suppressions", type=click.Path(path_type=Path), default=None, metavar=("文件", "FILE"),
        help=("豁免文件（[[suppress]] 条目）。", "Suppression file ([[suppress]] entries)."))
@option("--baseline", type=click.Path(path_type=Path), default=None, metavar=("文件", "FILE"),
        help=("只对基线中没有的问题报错。", "Fail only on findings not in this baseline."))
@option("--write-baseline", type=click.Path(path_type=Path), default=None, metavar=("文件", "FILE"),
        help=("把当前的问题记为基线。", "Record the current findings as the baseline."))
@option("--annotate", type=click.Path(path_type=Path), default=None, metavar=("文件夹", "FOLDER"),
        help=("把有问题的预算表加批注后另存到这个文件夹。", "Write annotated copies of flagged workbooks into this folder."))
@option("--timestamp", default="", metavar=("时间", "TIME"),
        help=("在报告中注明的检查时间（默认不写，同样的输入得到逐字节相同的报告）。",
              "A run time to print in the report (none by default, for byte-identical output)."))
@option("--no-progress", is_flag=True, help=("不显示进度条。", "Never show a progress bar."))
@option("--allow-empty", is_flag=True,
        help=("路径下没有预算表时以状态 0 退出（默认：报错，状态 2）。",
              "Exit 0 when the paths hold no workbook (default: an error, exit 2)."))
@option("--skip-non-budget", is_flag=True,
        help=("没有项目表的文件只提示、不报错（pre-commit 用）。",
              "Pass over files without a project table with a note (pre-commit)."))
@option("--timeout-seconds", type=click.FloatRange(min=0, min_open=True), default=None, metavar=("秒", "SECONDS"),
        help=("每个预算表的时间上限；默认 120。", "Time limit per workbook [default: 120]."))
@option("--memory-limit-mb", type=click.IntRange(0), default=None, metavar="MB",
        help=("读取一个预算表可用的内存；0 = 不限；默认 4096。",
              "Memory a workbook's reader may use; 0 = none [default: 4096]."))
def check(paths, scheme, jurisdiction, fmt, output, fail_on, lang, jobs, exclude, select, extend_select, ignore,
          config_path, suppressions, baseline, write_baseline, annotate, timestamp, no_progress, allow_empty,
          skip_non_budget, timeout_seconds, memory_limit_mb) -> None:
    from . import _check

    sys.exit(_check.guarded(lambda: _check.run(
        paths=paths, scheme=scheme, jurisdiction=jurisdiction, fmt=fmt, output=output, fail_on=fail_on,
        lang=lang, jobs=jobs, exclude=exclude, select=select, extend_select=extend_select, ignore=ignore,
        config_path=config_path, suppressions=suppressions, baseline=baseline, write_baseline=write_baseline,
        annotate=annotate, timestamp=timestamp, progress=not no_progress, allow_empty=allow_empty,
        skip_non_budget=skip_non_budget, timeout_seconds=timeout_seconds, memory_limit_mb=memory_limit_mb,
    ), paths))


@main.command(help=("显示语法对一行预算的解读和判断过程。", "Print the grammar's reading of one budget line and the decision trail."))
@argument("name", metavar=("项目名称", "NAME"))
@option("--description", default="", metavar=("文字", "TEXT"),
        help=("项目概述 / 绩效目标。", "项目概述 / 绩效目标 text."))
@option("--jurisdiction", required=True, metavar=("行政区", "NAME"),
        help=("这一行所在预算的行政区，如 阳城县、晋城市。", "Whose budget the line is in, e.g. 阳城县 or 晋城市."))
@option("--funding", default="", metavar=("资金来源", "TEXT"),
        help=("预算表所写的资金来源，如 市级专项转移支付。", "资金来源 as the budget writes it, e.g. 市级专项转移支付."))
@option("--code", default="", metavar=("科目编码", "CODE"),
        help=("功能分类科目编码，如 2011409。", "功能分类科目编码, e.g. 2011409."))
@option("--scheme", default=None, metavar=("方案", "SCHEME"),
        help=("方案（默认：该行政区的方案）。", "Scheme (default: the jurisdiction's)."))
@lang_option()
def explain(name, description, jurisdiction, funding, code, scheme, lang) -> None:
    from ._explain import explain_line

    try:
        click.echo(explain_line(name, description=description, jurisdiction=jurisdiction, funding=funding,
                                scheme=scheme, code=code, lang=language(), folders=_scheme_folders()))
    except BudgetlintError as exc:
        _fail(str(exc))


@main.command("rules", help=("列出全部规则。", "List every rule."))
@lang_option()
def rules_command(lang: str | None) -> None:
    from ._words import severity_word
    from .rules import RULES

    lang = language()
    for rule in RULES:
        click.echo(f"{rule.code}  {rule.name:<28} {severity_word(rule.severity, lang):<8} {rule.summary_in(lang)}")


@main.command("rule", help=("显示一条规则的说明。", "Print a rule's documentation."))
@argument("code", metavar=("规则", "CODE"))
@lang_option()
def rule_command(code: str, lang: str | None) -> None:
    from ._words import severity_word
    from .rules import get_rule

    lang = language()
    try:
        rule = get_rule(code)
    except KeyError as exc:
        _fail(say(f"没有规则 {code!r}；运行 `budgetlint rules` 查看全部规则", exc.args[0]))
    click.echo(f"{rule.code} {rule.name}（{severity_word(rule.severity, lang)}）\n\n{rule.documentation(lang).text()}")


@main.group(help=("列出、显示、校验和起草方案。", "List, show, validate and draft schemes."))
def schemes() -> None:
    pass


def _scheme_folders() -> tuple[str, ...]:
    """The scheme folders of the configuration found from here (budgetlint.toml or pyproject.toml)."""
    from .config import find_config, load_config

    return load_config(find_config(Path.cwd())).scheme_folders


@schemes.command("list", help=("已安装的方案：配置的方案文件夹中的和随 budgetlint 安装的，各注明来源。",
                                "The schemes installed: the configured scheme folders' and the bundled ones, "
                                "each with where it came from."))
@lang_option()
def schemes_list(lang: str | None) -> None:
    from .schemes import available_schemes, scheme_origin

    try:
        for s in available_schemes(_scheme_folders()).values():
            example = say("  （示例）", "  (example)") if s.example else ""
            counts = say(f"{len(s.duties):>3} 项事权，{len(s.jurisdictions):>2} 个行政区",
                         f"{len(s.duties):>3} duties, {len(s.jurisdictions):>2} jurisdictions")
            origin = scheme_origin(s)
            origin = say("内置", "bundled") if origin == "bundled" else origin
            click.echo(f"{s.id:<16} {s.city:<8} {s.doc_number or s.date:<22} {counts}  {origin}{example}")
    except BudgetlintError as exc:
        _fail(str(exc))


@schemes.command("tasks", help=("全国事项目录：每个事项的 id、方面和名称（方案条款所指的事项）。",
                                "The national task catalogue: every task id, its aspect and name (what a scheme's "
                                "clauses name)."))
@lang_option()
def schemes_tasks(lang: str | None) -> None:
    from .catalogue import load_catalogue

    try:
        catalogue = load_catalogue()
    except BudgetlintError as exc:
        _fail(str(exc))
    for task in catalogue.tasks:
        aspect = catalogue.aspect(task.aspect)
        click.echo(f"{task.id:<32} {aspect.title if aspect else task.aspect:<12} {task.name}")


@schemes.command("show", help=("方案的事权，按类别和级次列出。", "A scheme's duties, grouped by category and level."))
@argument("scheme_id", metavar=("方案", "SCHEME"))
@lang_option()
def schemes_show(scheme_id: str, lang: str | None) -> None:
    from ._explain import show_scheme

    try:
        click.echo(show_scheme(scheme_id, folders=_scheme_folders()))
    except BudgetlintError as exc:
        _fail(str(exc))


@schemes.command("validate", help=("检查方案文件：无误时以状态 0 退出，有问题时以状态 2 退出并列出问题（各带行号和改法）。",
                                   "Check scheme files; exit 0 when valid, 2 with the problems (each with its line "
                                   "and a fix)."))
@argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar=("文件...", "FILES..."))
@option("--source", type=click.Path(path_type=Path), default=None, metavar=("文件", "FILE"),
        help=("方案的公开文本：检查每个条款都引自原文、每个“确认为”句中的每个事项都已编入（默认：方案自己的 source）。",
              "The published text: check that every clause is quoted from it and every task of every 确认为 sentence is "
              "encoded (default: the scheme's own `source`)."))
@lang_option()
def schemes_validate(files, source, lang) -> None:
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
            checked = say(f"（已对照 {source} 检查）", f" (checked against {source})") if source else ""
            click.echo(f"{file}: " + say("无误", "valid") + checked)
        bad = bad or bool(problems)
    sys.exit(2 if bad else 0)


@schemes.command("draft", help=("根据城市公开的方案文本起草方案文件：可直接使用，需复核的条目列在标准错误上。",
                                "Draft a scheme file from a city's published scheme text: usable as it is, with the "
                                "items a reviewer should look at listed on stderr."))
@argument("text_file", type=click.Path(path_type=Path), metavar=("文本文件", "TEXT_FILE"))
@option("--id", "scheme_id", default=None, metavar="ID",
        help=("起草的方案的 id（默认：输出文件名）。", "Id of the drafted scheme (default: the output file's name)."))
@option("--output", "-o", type=click.Path(path_type=Path), default=None, metavar=("文件", "FILE"),
        help=("草稿写到这里（默认：标准输出）。", "Write the draft here (default: stdout)."))
@option("--force", is_flag=True, help=("输出文件已存在时替换它。", "Replace the output file if it exists."))
@lang_option()
def schemes_draft(text_file, scheme_id, output, force, lang) -> None:
    import os
    import re

    from ._atomic import atomic_write_text
    from .draft import draft_scheme, read_scheme_text
    from .errors import SchemeError

    if output is not None and output.exists() and not force:
        _fail(say(f"{output} 已存在，不覆盖（要替换请加 --force）",
                  f"{output} already exists; not overwriting it (use --force to replace it)"))
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
        click.echo(say(f"已写入 {output}；下一步：看完 REVIEW 条目，再运行 `budgetlint schemes validate {output}`",
                       f"wrote {output}; next: look at the REVIEW items, then `budgetlint schemes validate {output}`"),
                   err=True)


@main.command(help=("在本机打开一个页面：拖入预算表即可看检查结果（需要 budgetlint[serve]）。",
                    "A local page to drop workbooks on and read the findings (needs budgetlint[serve])."))
@option("--host", default="127.0.0.1", metavar=("地址", "ADDRESS"),
        help=("监听的地址；默认 127.0.0.1。本机回环以外的地址需要凭打印出的访问口令访问。",
              "Address to listen on [default: 127.0.0.1]; anything but the loopback needs the printed access token."))
@option("--port", type=int, default=None, metavar=("端口", "PORT"),
        help=("端口；默认 8321，被占用时另选一个空闲端口。", "Port [default: 8321, or a free one when taken]."))
@option("--no-browser", is_flag=True, help=("不打开浏览器。", "Do not open a browser on the page."))
@option("--max-file-mb", type=int, default=50, metavar="MB",
        help=("一次检查接受的最大预算表；默认 50。", "Largest workbook a check accepts [default: 50]."))
@option("--max-files", type=int, default=20, metavar="N",
        help=("一次检查最多的预算表数；默认 20。", "Most workbooks in one check [default: 20]."))
@option("--concurrency", type=int, default=2, metavar="N",
        help=("同时进行的检查数（其余排队）；默认 2。", "Checks linted at the same time (others wait) [default: 2]."))
@lang_option()
def serve(host, port, no_browser, max_file_mb, max_files, concurrency, lang) -> None:
    try:
        import python_multipart, starlette, uvicorn  # noqa: F401,E401 — the extra, before anything starts
    except ImportError:
        _fail(say("serve 需要 serve 附加组件：pip install 'budgetlint[serve]'",
                  "serve needs the serve extra: pip install 'budgetlint[serve]'"))
    from .serve import ServeSettings, serve as run_server
    from .serve.settings import DEFAULT_PORT

    try:
        folders = _scheme_folders()  # the bureau's own schemes, as `check` finds them from here
    except BudgetlintError as exc:
        _fail(str(exc))
    settings = ServeSettings(host=host, port=DEFAULT_PORT if port is None else port, max_file_mb=max_file_mb,
                             max_files=max_files, concurrency=concurrency, scheme_folders=folders)
    try:
        run_server(settings.validated(), open_browser=not no_browser)
    except BudgetlintError as exc:
        _fail(str(exc))


@main.command(help=("写一个带注释的 budgetlint.toml 配置样板。", "Write a commented starter budgetlint.toml."))
@argument("directory", default=".", type=click.Path(path_type=Path, file_okay=False), metavar=("文件夹", "DIRECTORY"))
@lang_option()
def init(directory: Path, lang: str | None) -> None:
    from ._atomic import atomic_write_text
    from .config import starter_config

    target = directory / "budgetlint.toml"
    if target.exists():
        _fail(say(f"{target} 已存在，不覆盖", f"{target} already exists; not overwriting it"))
    try:
        atomic_write_text(target, starter_config())
    except OSError as exc:
        _fail(cannot_write(target, exc))
    click.echo(say(f"已写入 {target}", f"wrote {target}"))


if __name__ == "__main__":  # pragma: no cover
    main()
