"""budgetlint's exceptions. Each carries a one-line message fit for the command line, in
the run's language (worded where it is raised, with _i18n.say).

    BudgetlintError
     ├── InputError            a workbook that cannot be read (names the file)
     │    ├── UnsupportedFormat
     │    ├── UnsafeInput       zip bomb, entity expansion, traversal, limits hit
     │    │    └── OverMemoryLimit  reading needed more memory than a worker may have
     │    └── NoProjectTable
     ├── JurisdictionError     cannot tell (or two parts disagree) whose budget it is
     ├── SchemeError           a scheme file that does not validate (names file and line)
     ├── ConfigError           a configuration key or value that is not allowed
     └── OutputError           an output path that cannot or must not be written
"""

from __future__ import annotations

import errno

from ._i18n import say


class BudgetlintError(Exception):
    """Base class: str(exc) is a complete one-line message."""


class InputError(BudgetlintError):
    def __init__(self, path: str, message: str) -> None:
        self.path = str(path)
        self.reason = message
        super().__init__(f"{path}: {message}")


class UnsupportedFormat(InputError):
    pass


class UnsafeInput(InputError):
    pass


class OverMemoryLimit(UnsafeInput):
    pass


class NoProjectTable(InputError):
    pass


class JurisdictionError(BudgetlintError):
    pass


class SchemeError(BudgetlintError):
    def __init__(self, path: str, problems: list[str] | str) -> None:
        self.path = str(path)
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(f"{path}: " + "; ".join(self.problems))


class ConfigError(BudgetlintError):
    pass


class OutputError(BudgetlintError):
    pass


# -- why a workbook could not be linted, in the words every path to it uses -------------


def one_line(text: object) -> str:
    """A message as one line: a reason may quote a file's own text or an exception."""
    return " ".join(str(text).split())


def timed_out(seconds: float) -> str:
    return say(f"超时：已用 {seconds:g} 秒仍未读完（可调高 timeout-seconds）",
               f"timed out after {seconds:g} s (raise timeout-seconds to allow more)")


def over_memory_limit(megabytes: int) -> str:
    if megabytes:
        return say(f"读取时超出 {megabytes} MB 的内存上限（可调高 memory-limit-mb）",
                   f"over the memory limit of {megabytes} MB while reading (raise memory-limit-mb to allow more)")
    return say("超出内存上限：读取时系统内存耗尽", "over the memory limit: the system ran out of memory while reading")


def crashed(how: str) -> str:
    return say(f"读取时崩溃（{how}）；文件可能已损坏", f"crashed reading ({how}); the file may be corrupt")


#: What the system says, for the errors a preparer meets (its own words are English here:
#: Python does not load the C library's translations).
_OS_REASONS = {
    errno.ENOENT: "没有这个文件或文件夹", errno.EACCES: "没有权限", errno.EPERM: "不允许这样操作",
    errno.EISDIR: "这是文件夹", errno.ENOTDIR: "路径中有一段不是文件夹", errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "只读的文件系统", errno.EEXIST: "已经存在", errno.ENAMETOOLONG: "名字太长",
    errno.EADDRINUSE: "地址已被占用", errno.EADDRNOTAVAIL: "本机没有这个地址", errno.EMFILE: "打开的文件太多",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in the run's language."""
    text = exc.strerror or str(exc)
    return say(_OS_REASONS.get(exc.errno, text), text)


def cannot_write(path: object, exc: OSError) -> str:
    why = os_reason(exc)
    return say(f"{path}: 无法写入：{why}", f"{path}: cannot write: {why}")


def internal_error(exc: BaseException) -> str:
    detail = f"{type(exc).__name__}: {one_line(exc)[:300]}"
    return say(f"内部错误（{detail}）；请报告这个问题", f"internal error ({detail}); please report it")
