"""The files a run lints: files given as they are, folders walked, excludes applied.

- Folders are walked in sorted order without following symlinked folders (no loops). A
  folder that cannot be listed is named and skipped (the run then exits 2), never a
  traceback.
- A file reached by several paths (a symlink, a hard link, a folder given twice or given
  with one of its files) is linted once, under the first path that reaches it.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ._i18n import say
from .errors import os_reason

__all__ = ["Inputs", "find_inputs", "matches_glob", "WORKBOOK_SUFFIXES"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".et", ".ods")


@dataclass(frozen=True)
class Inputs:
    files: tuple[Path, ...]
    #: (folder, one-line message) for each folder that could not be listed.
    problems: tuple[tuple[str, str], ...] = ()


def matches_glob(path: Path, patterns: Sequence[str]) -> bool:
    """Does a path match one of the globs (whole path, file name, or any trailing part)?"""
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) or fnmatch.fnmatch(text, f"*/{p}") for p in patterns)


def find_inputs(paths: Iterable[str | os.PathLike], exclude: Sequence[str] = ()) -> Inputs:
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(_walk(path, exclude, problems))
        elif not matches_glob(path, exclude):
            files.append(path)
    return Inputs(_once_each(files), tuple(problems))


def _walk(folder: Path, exclude: Sequence[str], problems: list[tuple[str, str]]) -> list[Path]:
    def unreadable(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else folder
        why = os_reason(exc)
        problems.append((str(where), say(f"{where}：无法读取这个文件夹（{why}），已跳过",
                                         f"{where}: cannot read the folder ({why}); skipped")))

    found: list[Path] = []
    for top, folders, names in os.walk(folder, onerror=unreadable):
        folders.sort()
        for name in names:
            if name.lower().endswith(WORKBOOK_SUFFIXES) and not name.startswith(("~$", ".~")):
                path = Path(top, name)
                if path.is_file() and not matches_glob(path, exclude):
                    found.append(path)
    return sorted(found)


def _once_each(files: list[Path]) -> tuple[Path, ...]:
    """The files in order, each file on disk once whatever the path that reached it."""
    seen: set[object] = set()
    out: list[Path] = []
    for path in files:
        try:
            info = os.stat(path)
            key: object = (info.st_dev, info.st_ino)
        except (OSError, ValueError):  # missing or unreadable: the reader names it
            key = str(path)
        if key not in seen:
            seen.add(key)
            out.append(path)
    return tuple(out)
