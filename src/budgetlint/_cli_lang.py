"""The command line in the run's language: help, headings and usage errors.

Help texts and metavars are given as (Chinese, English) and read when help is shown, in the
process's language (_i18n): `--lang en` anywhere on a command's line counts, even after
`--help`. click's own words (Usage, Options, Commands, its usage errors) are replaced here;
its messages have no Chinese of their own.
"""

from __future__ import annotations

import re
from typing import Any

import click

from ._i18n import LANGS, display_width, say, set_language

__all__ = ["Command", "Group", "Option", "Argument", "option", "argument", "lang_option"]

#: A group called without a command shows its help this way (click 8.2 and later).
_HELP_INSTEAD = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _said(value: Any) -> Any:
    return say(*value) if isinstance(value, tuple) else value


class _Said:
    """An attribute click reads (help, metavar …), set as (Chinese, English) and read in
    the run's language; a plain str is read as it is."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = f"_said_{name}"

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        return self if obj is None else _said(getattr(obj, self.name, None))

    def __set__(self, obj: Any, value: Any) -> None:
        setattr(obj, self.name, value)


class _Texts:
    help = _Said()
    metavar = _Said()


class Option(_Texts, click.Option):
    """An option whose help says its default itself: click's "[default: …]" is English."""

    def __init__(self, *decls: Any, help: Any = None, **attrs: Any) -> None:
        super().__init__(*decls, **attrs)
        self.help = help

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        required = say("（必填）", " (required)") if self.required else ""
        return record[0], f"{self.help or ''}{required}"

    def get_help_extra(self, ctx: click.Context) -> Any:
        return {}  # default, range, required: English words; the help text says them


class Argument(_Texts, click.Argument):
    pass


class _Formatter(click.HelpFormatter):
    """click's layout, measured in terminal columns (a Chinese character takes two) and in
    the run's language."""

    _HEADINGS = {"Options": ("选项", "Options"), "Commands": ("命令", "Commands"),
                 "Positional arguments": ("参数", "Arguments")}

    def section(self, name: str) -> Any:
        return super().section(_said(self._HEADINGS.get(name, name)))

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}{say('：', ':')}\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, say("用法：", "Usage: ") if prefix is None else prefix)

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in _wrap(text, self.width - self.current_indent):
            self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((display_width(term) for term, _ in rows), default=0), col_max) + col_spacing
        margin = " " * (first + self.current_indent)
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            width = display_width(term)
            self.write(" " * (first - width) if width <= first - col_spacing else f"\n{margin}")
            lines = _wrap(text, max(self.width - first - self.current_indent, 10))
            self.write("\n".join([lines[0], *(margin + line for line in lines[1:])]) + "\n")


#: A wrapped line may break before any wide character or at a space; never before the
#: first of these, nor after the second.
_NO_BREAK_BEFORE, _NO_BREAK_AFTER = "，。、；：！？）」』”", "（「『“"
_TOKENS = re.compile(r"\s+|[^\s\u2e80-\uffff]+|[\u2e80-\uffff]")


def _wrap(text: str, width: int) -> list[str]:
    """text in lines of at most width columns (one over for punctuation that ends a line)."""
    lines, line = [], ""
    for token in _TOKENS.findall(" ".join(text.split())):
        fits = display_width(line) + display_width(token) <= width or token in _NO_BREAK_BEFORE
        if fits or not line:
            line += "" if token.isspace() and not line else token
        else:
            carry = line[-1] if line[-1] in _NO_BREAK_AFTER else ""
            lines.append(line[:len(line) - len(carry)].rstrip())
            line = carry + ("" if token.isspace() else token)
    return [*lines, line.rstrip()] if line.strip() or not lines else lines


class _Context(click.Context):
    formatter_class = _Formatter


class _Usage(click.UsageError):
    """A usage error in the run's language, worded when raised: the run's language ends
    with the command, before click shows the error."""

    def __init__(self, message: str, ctx: click.Context | None) -> None:
        super().__init__(message, ctx)
        self.framing = ""
        if ctx is not None:
            hint = say(f"运行 '{ctx.command_path} -h' 查看帮助。", f"Try '{ctx.command_path} -h' for help.")
            self.framing = f"{ctx.get_usage()}\n{hint}\n"
        self.label = say("错误：", "Error: ")

    def show(self, file: Any = None) -> None:
        color = self.ctx.color if self.ctx is not None else None
        if self.framing:
            click.echo(self.framing, err=True, color=color)
        click.echo(self.label + self.format_message(), err=True, color=color)


def _usage_error(exc: click.UsageError) -> _Usage:
    """exc in the run's language; what click says is kept for English."""
    message = exc.format_message()
    param = getattr(exc, "param", None)
    hint = getattr(exc, "param_hint", "")
    if param is not None and exc.ctx is not None:
        hint = param.get_error_hint(exc.ctx)
    if isinstance(exc, click.MissingParameter):
        zh = f"缺少{'参数' if isinstance(param, click.Argument) else '选项'} {hint}"
    elif isinstance(exc, click.NoSuchOption):
        close = f"（是否想用 {'、'.join(exc.possibilities)}？）" if exc.possibilities else ""
        zh = f"没有选项 {exc.option_name}{close}"
    elif isinstance(exc, click.BadOptionUsage):
        zh = f"选项 {exc.option_name} 用法不对：缺少它的值，或它不带值（{message}）"
    elif isinstance(exc, click.BadParameter) and param is not None and isinstance(param.type, click.Choice):
        zh = f"{hint} 只能是 {'、'.join(map(str, param.type.choices))}"
    elif isinstance(exc, click.BadParameter):
        zh = f"{hint} 的值不对（{message}）"
    else:
        zh = f"命令行不对（{message}）"
    return _Usage(say(zh, message), exc.ctx)


def _language_in(args: list[str]) -> str | None:
    """The value of --lang among a command's arguments, before any option is processed:
    `--help --lang en` is English too."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


class _Speaking:
    """What Command and Group share: their texts, context, and usage errors in the run's language."""

    context_class = _Context

    def get_help_option(self, ctx: click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = say("显示本帮助并退出。", "Show this message and exit.")
        return option

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.UsageError as exc:
            if isinstance(exc, _HELP_INSTEAD):
                raise
            raise _usage_error(exc) from None


class Command(_Speaking, _Texts, click.Command):
    options_metavar = _Said()

    def __init__(self, *args: Any, help: Any = None, **attrs: Any) -> None:
        super().__init__(*args, **attrs)
        self.help = help
        self.options_metavar = ("[选项]", "[OPTIONS]")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        lang = _language_in(args)
        if lang in LANGS:
            set_language(lang)
        return super().parse_args(ctx, args)


class Group(_Speaking, _Texts, click.Group):
    command_class = Command
    group_class = type  # subgroups are Groups too

    def __init__(self, *args: Any, help: Any = None, **attrs: Any) -> None:
        super().__init__(*args, **attrs)
        self.help = help

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, say("[选项] 命令 [参数]...", "[OPTIONS] COMMAND [ARGS]..."))

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            if isinstance(exc, _Usage):
                raise
            name = args[0] if args else ""
            raise _Usage(say(f"没有命令 '{name}'；运行 '{ctx.command_path} -h' 查看全部命令", exc.format_message()),
                         exc.ctx) from None


def option(*decls: str, **attrs: Any) -> Any:
    """click.option with help=(Chinese, English) (and metavar likewise)."""
    return click.option(*decls, cls=Option, **attrs)


def argument(*decls: str, **attrs: Any) -> Any:
    return click.argument(*decls, cls=Argument, **attrs)


def lang_option(config: bool = False) -> Any:
    """--lang, the same on every command (its value is taken before anything else:
    Command.parse_args). config: the command reads the configuration's lang."""
    first = ("配置中的 lang，否则", "the configuration's lang, else ") if config else ("", "")
    return option("--lang", type=click.Choice(LANGS), default=None,
                  help=(f"输出语言：zh（中文）或 en（英文）；默认取{first[0]}系统语言（LANG=en_* 为英文），否则中文。",
                        f"Language of messages and reports: zh or en; default: {first[1]}the locale's (LANG=en_* is "
                        "English), else zh."))
