"""Where a report or a baseline goes, and what it may replace.

- "-" is standard output, and so is a path that is this process's own standard output
  (/dev/stdout, /proc/self/fd/1).
- A character device (/dev/null, a terminal), a named pipe or a socket is written to,
  never replaced: os.replace would put a regular file where the device was.
- A symlink is followed: the file it points to is written (replaced atomically), the link
  stays. A symlink to nothing is refused rather than followed out of the folder.
- An existing regular file is replaced only when it is empty or holds this kind's own
  earlier output, told by its content (SIGNATURES: the budgetlint name where each format
  writes it, or the text report's summary line). Anything else (an input workbook,
  someone's notes, a report of another format) is refused: move it or choose another name.
- Never over an input workbook, nor inside a folder being linted.
Regular files are written atomically (_atomic); nothing half-written is left behind.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ._atomic import atomic_write_chunks
from ._i18n import say
from .errors import OutputError, cannot_write

__all__ = ["Target", "STDOUT", "plan", "write"]

_PEEK = 65536  # bytes of an existing file looked at, from each end
#: the text report's summary line, in either language (report/text.py)
_SUMMARY = re.compile(("^(?:" + r"\d+ workbook\(s\), \d+ line\(s\) read; \d+ could not be read\. Findings: "
                       + r"|读取预算表 \d+ 个、项目行 \d+ 行；\d+ 个无法读取。问题：)").encode(), re.MULTILINE)


def _json_report(head: bytes, tail: bytes) -> bool:
    return head.startswith(b'{"version":') and b'"budgetlint":"' in head[:200]


def _sarif(head: bytes, tail: bytes) -> bool:
    return head.lstrip().startswith(b"{") and b"sarif" in head[:400] and b'"name": "budgetlint"' in head


def _html(head: bytes, tail: bytes) -> bool:
    return head.lstrip().lower().startswith(b"<!doctype html") and b'name="generator" content="budgetlint' in head


def _junit(head: bytes, tail: bytes) -> bool:
    return head.startswith(b"<?xml") and b'<testsuites name="budgetlint"' in head[:400]


def _github(head: bytes, tail: bytes) -> bool:
    lines = head.splitlines()[:-1] if len(head) >= _PEEK else head.splitlines()  # the last may be cut
    return bool(lines) and all(line.startswith(b"::") for line in lines if line)


def _text(head: bytes, tail: bytes) -> bool:
    return _SUMMARY.search(tail) is not None


def _baseline(head: bytes, tail: bytes) -> bool:
    return head.lstrip().startswith(b"{") and b'"tool": "budgetlint"' in head[:200]


def _xlsx(path: Path) -> bool:
    """A findings workbook budgetlint wrote: a zip whose core properties name budgetlint as author
    (a preparer's own workbook never does)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as book:
            info = book.getinfo("docProps/core.xml")
            if info.file_size > _PEEK:
                return False
            return b"<dc:creator>budgetlint</dc:creator>" in book.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


#: kind -> does (first, last bytes of a file) look like budgetlint's own output of that kind?
SIGNATURES: dict[str, Callable[[bytes, bytes], bool]] = {
    "json": _json_report, "sarif": _sarif, "html": _html, "junit": _junit, "github": _github,
    "text": _text, "baseline": _baseline,
}
#: kinds whose own output is told by reading the file as a whole (a zip), not by its ends
WHOLE_FILE_SIGNATURES: dict[str, Callable[[Path], bool]] = {"xlsx": _xlsx}
_WHAT = {"baseline": ("budgetlint 的基线", "a budgetlint baseline")}


@dataclass(frozen=True)
class Target:
    kind: str  # "stdout" | "stream" (device, pipe, socket: written to) | "file" (replaced atomically)
    path: Path | None = None


STDOUT = Target("stdout")


def plan(output: Path, kind: str, inputs: Sequence[Path], given: Sequence[Path]) -> Target:
    """Where output of this kind (a format name, or "baseline") may go; an OutputError,
    naming output, when it must not be written there."""
    if str(output) == "-":
        return STDOUT
    try:
        info = os.stat(output)
    except FileNotFoundError:
        if os.path.islink(output):
            target = os.readlink(output)
            raise OutputError(say(f"{output}: 指向不存在文件的符号链接（{target}）；不创建它的目标：请删除这个链接或换个名字",
                                  f"{output}: a symlink to nothing ({target}); refusing to create its target: remove "
                                  "the link or choose another name")) from None
        return _new_file(output, inputs, given)
    except OSError as exc:
        raise OutputError(cannot_write(output, exc)) from None
    if _is_stdout(info):
        return STDOUT
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode) or stat.S_ISSOCK(info.st_mode):
        return Target("stream", output)
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(say(f"{output}: 是文件夹；请给一个文件名", f"{output}: is a folder; give a file name"))
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(say(f"{output}: 不是普通文件，不替换它", f"{output}: not a regular file; refusing to replace it"))
    real = Path(os.path.realpath(output))
    _outside_inputs(output, real, inputs, given)
    if info.st_size and not _own(real, kind):
        what = _WHAT.get(kind, (f"budgetlint 的 {kind} 报告", f"a budgetlint {kind} report"))
        raise OutputError(say(f"{output}: 已存在且不是{what[0]}，不替换它：请把它移走或换个名字",
                              f"{output}: exists and is not {what[1]}; refusing to replace it: move it away or choose "
                              "another name"))
    return Target("file", real)


def _is_stdout(info: os.stat_result) -> bool:
    try:
        return os.path.samestat(info, os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError, AttributeError):  # no real stdout (a test runner's buffer)
        return False


def _new_file(output: Path, inputs: Sequence[Path], given: Sequence[Path]) -> Target:
    real = Path(os.path.realpath(output))
    _outside_inputs(output, real, inputs, given)
    parent = real.parent
    if not parent.is_dir():
        raise OutputError(say(f"{output}: 文件夹 {parent} 不存在", f"{output}: the folder {parent} does not exist"))
    if not os.access(parent, os.W_OK):
        raise OutputError(say(f"{output}: 文件夹 {parent} 不可写", f"{output}: the folder {parent} is not writable"))
    return Target("file", real)


def _outside_inputs(output: Path, real: Path, inputs: Sequence[Path], given: Sequence[Path]) -> None:
    """Refuse to write over an input or inside an input folder."""
    for path in inputs:
        if os.path.realpath(path) == str(real):
            raise OutputError(say(f"{output}: 不能覆盖所查的预算表", f"{output}: refusing to write over an input workbook"))
    for path in given:
        if path.is_dir() and real.is_relative_to(os.path.realpath(path)):
            raise OutputError(say(f"{output}: 不能写在所查的文件夹 {path} 里面；请另选位置",
                                  f"{output}: refusing to write inside the input folder {path}; choose another place"))


def _own(path: Path, kind: str) -> bool:
    if kind in WHOLE_FILE_SIGNATURES:
        return WHOLE_FILE_SIGNATURES[kind](path)
    signature = SIGNATURES.get(kind)
    if signature is None:
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(_PEEK)
            size = os.fstat(fh.fileno()).st_size
            fh.seek(max(0, size - _PEEK))
            tail = fh.read(_PEEK)
    except OSError:
        return False
    return signature(head, tail)


def write(target: Target, chunks: Iterable[str | bytes], echo: Callable[[bytes], None]) -> None:
    """Write pieces as they come: str encoded, bytes (a binary format) as they are. A lone
    surrogate (a file name in another encoding) is written as a visible \\udcxx escape, never
    a crash: in JSON it is a valid escape."""
    if target.kind == "stdout":
        for chunk in chunks:
            echo(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8", "backslashreplace"))
    elif target.kind == "stream":
        try:
            fd = os.open(target.path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))  # never O_CREAT: it exists
        except OSError as exc:
            raise OutputError(cannot_write(target.path, exc)) from None
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8", "backslashreplace"))
    else:
        atomic_write_chunks(target.path, chunks, errors="backslashreplace")
