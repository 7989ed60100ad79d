"""Where the data that ships with budgetlint lives.

In a wheel, schemes/ and templates/ are installed inside the package
(budgetlint/schemes, budgetlint/templates). In a source checkout they stay at the
top of the repository, two levels above this file's folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"budgetlint is installed without its {name}/ folder")


def schemes_dir() -> Path:
    return data_dir("schemes")


def templates_dir() -> Path:
    return data_dir("templates")
