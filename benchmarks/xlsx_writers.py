"""What writes the findings workbook (`--format xlsx`): budgetlint's own streaming writer
(report/_xlsx_writer.py) beside xlsxwriter, which wrote it before, and openpyxl's write-only mode.

    .venv/bin/python benchmarks/xlsx_writers.py [--rows 100000] [--runs 3]

Lints a generated workbook of ROWS lines where nearly every line is a finding (as the HTML
benchmark does), turns the result into the rows of the findings and lines sheets once, and
then, in a fresh process per writer and round, writes the same two sheets (bold frozen header,
autofilter, column widths, wrapped text, number format on amounts, every text cell written as
text) with each contender: its wall time, peak memory above the rows it was given, the file size,
and whether two runs wrote the same bytes. Markdown to stdout. openpyxl is a dependency of
budgetlint; xlsxwriter is a test dependency only (`make install-test`): without it, its rows
are left out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _generate as gen  # noqa: E402

WRITERS = ("budgetlint's writer", "xlsxwriter constant_memory", "xlsxwriter (default, in memory)", "openpyxl write_only")
WIDTHS = (24, 14, 6, 30, 12, 12, 18, 10, 28, 50, 50, 50, 16)
WRAPPED = {3, 8, 9, 10, 11}
AMOUNT = 4


def sheet_rows(rows: int, folder: Path) -> tuple[list[tuple], list[tuple]]:
    """The findings and lines of a generated workbook, as plain tuples (shared by every writer)."""
    from budgetlint.engine import LintOptions, lint_paths
    from budgetlint.reasons import render_reasons

    path = gen.write_findings(folder, rows)
    result = lint_paths([path], LintOptions(jobs=1))
    verdicts = {(j.line.sheet, j.line.row): j.verdict for wb in result.workbooks for j in wb.judgements}
    findings = [
        (Path(f.path).name, f.sheet, f.row, f.name, (f.amount_yuan or 0) / 10_000, verdicts.get((f.sheet, f.row), ""),
         f"{f.code} {f.rule}", f.severity, f.duty_id, f.clause, "；".join(f"{k}：{v}" for k, v in f.evidence), f.message, "")
        for f in result.findings
    ]
    lines = [
        (Path(wb.path).name, j.line.sheet, j.line.row, j.line.name, (j.line.amount_yuan or 0) / 10_000, j.verdict,
         j.line.code, j.funding.text, j.duty.id if j.duty else "", "；".join(render_reasons(j.reasons)), "", "", "")
        for wb in result.workbooks for j in wb.judgements
    ]
    return findings, lines


def _rss_mb(reset: bool = False) -> float:
    """Peak RSS so far (VmHWM); reset=True starts the peak afresh at the current RSS (Linux)."""
    if reset:
        Path("/proc/self/clear_refs").write_text("5")
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def write_ours(sheets: dict[str, list[tuple]], target: Path) -> None:
    import datetime

    from budgetlint.report._xlsx_writer import Format, Workbook

    with open(target, "wb") as fh, Workbook(fh, title="", author="budgetlint", comments="",
                                            created=datetime.datetime(2000, 1, 1)) as book:
        bold = book.style(Format(bold=True, wrap=True, top=True))
        formats = [book.style(Format(wrap=col in WRAPPED, top=True)) for col in range(len(WIDTHS))]
        formats[AMOUNT] = book.style(Format(top=True, number="#,##0.00"))
        for title, rows in sheets.items():
            ws = book.add_sheet(title, WIDTHS, frozen_rows=1)
            ws.row([f"列{col}" for col in range(len(WIDTHS))], [bold] * len(WIDTHS))
            for row in rows:
                ws.row(row, formats)
            ws.close(filter_columns=len(WIDTHS))


def available(writer: str) -> bool:
    """Whether the contender's library is installed."""
    import importlib.util

    return importlib.util.find_spec(writer.split()[0]) is not None if writer.startswith("xlsxwriter") else True


def write_xlsxwriter(sheets: dict[str, list[tuple]], target: Path, constant_memory: bool) -> None:
    import datetime

    import xlsxwriter

    book = xlsxwriter.Workbook(str(target), {"constant_memory": constant_memory, "strings_to_formulas": False,
                                             "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"created": datetime.datetime(2000, 1, 1)})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    top = book.add_format({"valign": "top"})
    amount = book.add_format({"num_format": "#,##0.00", "valign": "top"})
    for title, rows in sheets.items():
        ws = book.add_worksheet(title)
        for col, width in enumerate(WIDTHS):
            ws.set_column(col, col, width, wrap if col in WRAPPED else top)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(rows), len(WIDTHS) - 1)
        for col in range(len(WIDTHS)):
            ws.write_string(0, col, f"列{col}", bold)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if isinstance(value, str):
                    if value:
                        ws.write_string(r, col, value, wrap if col in WRAPPED else top)
                elif col == AMOUNT:
                    ws.write_number(r, col, value, amount)
                else:
                    ws.write_number(r, col, value, top)
    book.close()


def write_openpyxl(sheets: dict[str, list[tuple]], target: Path) -> None:
    import datetime

    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)
    book.properties.created = datetime.datetime(2000, 1, 1)
    wrap, top, bold = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top"), Font(bold=True)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for col, width in enumerate(WIDTHS, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(WIDTHS))}{len(rows) + 1}"
        header = []
        for col in range(len(WIDTHS)):
            cell = WriteOnlyCell(ws, f"列{col}")
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in rows:
            cells = []
            for col, value in enumerate(row):
                cell = WriteOnlyCell(ws, value if value != "" else None)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula
                cell.alignment = wrap if col in WRAPPED else top
                if col == AMOUNT:
                    cell.number_format = "#,##0.00"
                cells.append(cell)
            ws.append(cells)
    book.save(str(target))


def child(writer: str, rows_file: str, target: str) -> dict:
    with open(rows_file, "rb") as fh:
        sheets = pickle.load(fh)
    before = _rss_mb(reset=True)
    start = time.perf_counter()
    if writer.startswith("xlsxwriter"):
        write_xlsxwriter(sheets, Path(target), constant_memory="constant" in writer)
    elif writer.startswith("openpyxl"):
        write_openpyxl(sheets, Path(target))
    else:
        write_ours(sheets, Path(target))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rss_above_rows_mb": _rss_mb() - before, "bytes": Path(target).stat().st_size,
            "sha256": hashlib.sha256(Path(target).read_bytes()).hexdigest()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    with tempfile.TemporaryDirectory(prefix="budgetlint-xlsx-") as work:
        work_path = Path(work)
        print(f"[{time.strftime('%H:%M:%S')}] linting a generated {args.rows:,}-line workbook", file=sys.stderr)
        findings, lines = sheet_rows(args.rows, work_path)
        rows_file = work_path / "rows.pickle"
        rows_file.write_bytes(pickle.dumps({"问题清单": findings, "预算行": lines}))
        writers = [w for w in WRITERS if available(w)]
        if len(writers) < len(WRITERS):
            print(f"[{time.strftime('%H:%M:%S')}] xlsxwriter is not installed: left out", file=sys.stderr)
        results: dict[str, list[dict]] = {w: [] for w in writers}
        for i in range(args.runs):
            for writer in writers:
                print(f"[{time.strftime('%H:%M:%S')}]   {writer} (round {i + 1}/{args.runs})", file=sys.stderr)
                done = subprocess.run([sys.executable, __file__, "--child", writer, str(rows_file),
                                       str(work_path / f"out-{WRITERS.index(writer)}.xlsx")],
                                      capture_output=True, text=True, check=True)
                results[writer].append(json.loads(done.stdout))
    print(f"### Writing the findings workbook: {len(findings):,} findings + {len(lines):,} lines, "
          f"13 columns each, medians of {args.runs}\n")
    print("| writer | median write | peak RSS above the rows | file size | same bytes every run |")
    print("|---|---|---|---|---|")
    for writer, runs in results.items():
        print(f"| {writer} | {statistics.median(r['seconds'] for r in runs):.2f} s "
              f"| {max(r['rss_above_rows_mb'] for r in runs):,.0f} MB | {runs[0]['bytes'] / 2**20:.1f} MB "
              f"| {'yes' if len({r['sha256'] for r in runs}) == 1 else 'no'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
