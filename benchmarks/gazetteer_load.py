"""What the gazetteer costs a run that needs it: import, first load and first lookup.

    .venv/bin/python benchmarks/gazetteer_load.py [RUNS]

Each run is a fresh process that first imports what jurisdiction.py already imports (so
only the gazetteer's own cost is timed), then times `import budgetlint.gazetteer`, the first
find() (which reads data/gazetteer.tsv and indexes it) and a warm find(). Prints the medians
in ms. Nothing here is part of the tests.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

PROBE = """
import json, time
import budgetlint.models, budgetlint.normalize, pathlib
t0 = time.perf_counter()
from budgetlint import gazetteer
t1 = time.perf_counter()
gazetteer.find("山西省晋城市阳城县市场监督管理局2025年部门预算")
t2 = time.perf_counter()
for _ in range(1000):
    gazetteer.find("山西省晋城市阳城县市场监督管理局2025年部门预算")
t3 = time.perf_counter()
print(json.dumps({"import": (t1 - t0) * 1e3, "load": (t2 - t1) * 1e3, "find_warm": (t3 - t2)}))
"""


def main(runs: int) -> None:
    samples = [json.loads(subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout)
               for _ in range(runs)]
    for key, unit in (("import", "ms"), ("load", "ms"), ("find_warm", "ms per find")):
        print(f"{key:>9}: {statistics.median(s[key] for s in samples):.3f} {unit}")
    total = statistics.median(s["import"] + s["load"] for s in samples)
    print(f"import + load + first find: {total:.1f} ms (median of {runs})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
