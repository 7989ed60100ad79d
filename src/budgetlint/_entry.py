"""The `budgetlint` command's entry point: `--version` answers before anything heavy is
imported (click and the models alone cost several times an interpreter's start); every
other command goes to the command line proper (cli.py)."""

from __future__ import annotations

import sys

_VERSION_FLAGS = (["--version"], ["-V"])


def main() -> None:
    if sys.argv[1:] in _VERSION_FLAGS:
        from ._version import __version__

        sys.stdout.write(f"budgetlint, version {__version__}\n")  # as click's version option words it
        sys.exit(0)
    from .cli import main as cli

    cli()
