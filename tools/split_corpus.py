"""Split blind-written evaluation lines into the development part and the sealed part.

    python tools/split_corpus.py AUTHOR.csv [AUTHOR.csv ...]

Each line goes to the sealed part when the SHA-1 of its scheme, jurisdiction, name,
description and funding falls in the lower 60 % — a rule fixed before anyone looked at
the lines, so adding an author later never moves an earlier line. The parts are written to
tests/acceptance/dev.csv and tests/acceptance/sealed/sealed.csv with an `author` column.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

FIELDS = ["scheme", "jurisdiction", "name", "description", "funding", "verdict", "duty", "clause", "note", "author"]
SEALED_SHARE = 60  # percent
ROOT = Path(__file__).resolve().parent.parent / "tests" / "acceptance"


def sealed(row: dict) -> bool:
    key = "\x1f".join(row[k] for k in ("scheme", "jurisdiction", "name", "description", "funding"))
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 100 < SEALED_SHARE


def main(paths: list[str]) -> None:
    rows = []
    for path in paths:
        author = Path(path).stem.removeprefix("author_")
        with open(path, encoding="utf-8", newline="") as f:
            rows += [{**row, "author": author} for row in csv.DictReader(f)]
    parts = {"dev": [r for r in rows if not sealed(r)], "sealed": [r for r in rows if sealed(r)]}
    for name, target in (("dev", ROOT / "dev.csv"), ("sealed", ROOT / "sealed" / "sealed.csv")):
        with open(target, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(sorted(parts[name], key=lambda r: (r["author"], r["scheme"], r["jurisdiction"], r["name"])))
        print(f"{name}: {len(parts[name])} lines -> {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
