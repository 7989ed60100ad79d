"""The streamed JSON report: byte for byte what json.dumps(to_dict(result)) writes.

reference() below gives the report as it was written before streaming; every streamed output
is compared with it, for the sample budgets, for a run built from hostile values, and
through the command line (--output and stdout).
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

from budgetlint import _atomic
from budgetlint._atomic import atomic_write_chunks, atomic_writer
from budgetlint.cli import main
from budgetlint.engine import LintOptions, lint_paths
from budgetlint.errors import OutputError
from budgetlint.models import (
    BudgetLine,
    Category,
    Duty,
    Finding,
    Funding,
    Judgement,
    Jurisdiction,
    Placement,
    Reason,
    RunResult,
    Scheme,
    SheetInfo,
    Suppression,
    Workbook,
    WorkbookResult,
)
from budgetlint.reasons import reason
from budgetlint.report import ReportOptions, render, render_chunks
from budgetlint.report import json_format
from budgetlint.report.json_format import chunks, to_dict

from conftest import REPO


def reference(result: RunResult) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, separators=(",", ":")) + "\n"


def streamed(result: RunResult) -> str:
    pieces = list(chunks(result, ReportOptions()))
    assert all(isinstance(p, str) and p for p in pieces)
    return "".join(pieces)


@pytest.fixture(params=[1000, 1], ids=["batched", "one-per-chunk"])
def batch(request, monkeypatch):
    monkeypatch.setattr(json_format, "_BATCH", request.param)
    return request.param


# ---------------------------------------------------------------------------
# A run of hostile values, built from models.py.

NAMES = ['引号"和\\反斜杠', "控制\x00\x01\x1f\x7f字符\t\n\r", "行分隔\u2028段分隔\u2029", "表情😀𠀀",
         "</script><!--", "", " 空格 "]
AMOUNTS = [float("nan"), float("inf"), float("-inf"), None, -0.0, 0.1, 1e300, 5e-324, 123456789.125, 1e16]
JX = Jurisdiction("阳城县", "county", "县")
CITY_DUTY = Duty("jc-nav-city", "use", "city", '将"全市"专利导航\\确认为市级', section="二、（二）", task="专利导航")
TIER_DUTY = Duty("jc-tier", "nosuch", "tier", "分级\u2028负责", task="分级")  # level from the owner, category id kept
CATCH = Duty("jc-other", "use", "catch-all", "其他", task="")
SCHEME = Scheme(id="jincheng", city="晋城市", title="方案“测试”", doc_number="晋市财行〔2024〕88号", example=True,
                jurisdictions=(JX,), categories=(Category("use", "知识产权运用促进"),),
                duties=(CITY_DUTY, TIER_DUTY, CATCH))
OUTCOMES = [  # (verdict, duty, owner, reasons)
    ("wrong-level", CITY_DUTY, "city", (reason("matched", words=("专利导航",), task="jc-nav-city", owner="city"),
                                         reason("county-own", owner="city", budget="county"))),
    ("ok", TIER_DUTY, "county", (reason("catch-all", clause="分级\\负责"),)),
    ("ok", TIER_DUTY, "city", (reason("catch-all", clause="分级\\负责"),)),
    ("unlisted", None, "", ()),
    ("ambiguous", CATCH, "", (reason("both-scopes", words="x\x1b[31m"),)),
    ("not-ip", None, "county", (reason("not-ip-words", words=("不属于知识产权",)),)),
]
FUNDINGS = [Funding("own", None, "本级财力"), Funding("transfer", "city", "市级专项转移支付"),
            Funding("unknown", None, ""), Funding("mixed", "upper", '上级"补助"')]
SUPPRESSION = Suppression("wrong-level", '原因"引号"\n换行', "备注 cell 项目支出表!F9", by="张三😀")


def _lines(sheet: str, count: int, start: int = 5):
    judgements, findings = [], []
    for i in range(count):
        row = start + i
        name = NAMES[i % len(NAMES)]
        funding = FUNDINGS[i % len(FUNDINGS)]
        verdict, duty, owner, reasons = OUTCOMES[i % len(OUTCOMES)]
        line = BudgetLine(sheet, row, name, AMOUNTS[i % len(AMOUNTS)], code="2011409" if i % 3 else "", funding=funding)
        judgements.append(Judgement(line, verdict, duty, owner, None, funding, reasons))  # the report never reads the Match
        if verdict in ("wrong-level", "unlisted", "ambiguous"):
            for code in ("BL101", "BL105")[: 1 + i % 2]:
                findings.append(Finding(
                    "budgets/阳城县.xlsx", sheet, row, code, verdict, "error" if code == "BL101" else "warning",
                    name=name, amount_yuan=AMOUNTS[(i + 3) % len(AMOUNTS)], message=f"第{row}行：{name}",
                    duty_id=duty.id if duty else "", clause=duty.clause if duty else "",
                    evidence=(("duty", name), ("matched", "专利+导航"), ("duty", "重复的键"), ("空", "")) if i % 2 else (),
                    fingerprint=f"{row:016x}", suppression=SUPPRESSION if i % 4 == 0 else None, baseline=i % 3 == 0))
    return judgements, findings


def _book(path: str, sheets: dict[str, int]) -> WorkbookResult:
    judgements, findings = [], []
    for sheet, count in sheets.items():
        j, f = _lines(sheet, count)
        judgements += j
        findings += f
    info = tuple(SheetInfo(s, "read", f"{s}, 单位：万元", lines=n) for s, n in sheets.items())
    info += (SheetInfo('说明"表"', "skipped", "not a project table\x0c"),)
    workbook = Workbook(path, tuple(j.line for j in judgements), info)
    return WorkbookResult(path, Placement(SCHEME, JX, "county", "file name：阳城县"), workbook,
                          tuple(judgements), tuple(findings))


def hostile_run() -> RunResult:
    one = _book("budgets/阳城县.xlsx", {"项目支出表": 40, '表"2"\\': 13})
    two = _book("budgets/第二个\u2028.xlsx", {"项目支出表": 7})
    broken = WorkbookResult("budgets/坏\\文件.xls", None, None, error="文件已加密")
    return RunResult(workbooks=(one, broken, two), findings=one.findings + two.findings,
                     errors=(("budgets/坏\\文件.xls", '文件"已"加密\n'), ("b.csv", "\u2028")),
                     schemes=(SCHEME,), version="1.2.3")


def test_hostile_values_stream_byte_for_byte(batch):
    result = hostile_run()
    expected = reference(result)
    assert '"amount_yuan":NaN' in expected and "Infinity" in expected and "\u2028" in expected
    assert streamed(result) == expected
    assert render("json", result) == expected
    assert "".join(render_chunks("json", result)) == expected


@pytest.mark.parametrize("result", [
    RunResult((), (), ()),
    RunResult((WorkbookResult("x.xlsx", None, None, error="bad"),), (), (("x.xlsx", "bad"),)),
    RunResult((_book("a.xlsx", {}),), (), (), schemes=(SCHEME, replace(SCHEME, id="other", example=False))),
], ids=["empty", "only-errors", "no-lines"])
def test_edge_runs(result, batch):
    assert streamed(result) == reference(result)


def test_small_memos_start_over(monkeypatch):
    monkeypatch.setattr(json_format, "_MEMO_LIMIT", 2)
    result = hostile_run()
    assert streamed(result) == reference(result)


def test_values_of_unexpected_types_are_written_as_json_dumps_would():
    """Not what the reader produces, but what json.dumps would make of them, all the same."""
    result = hostile_run()
    book = result.workbooks[0]
    odd = []
    for i, j in enumerate(book.judgements[:12]):
        line = j.line
        changes = [
            dict(amount_yuan=500_000), dict(row=True), dict(name=7), dict(code=2011409),
            dict(funding=Funding("own", None, 0)), dict(amount_yuan=float("nan")),
        ]
        line = replace(line, **changes[i % len(changes)])
        odd.append(replace(j, line=line, reasons=(*j.reasons, Reason("odd", ((1, 2),))) if i % 4 == 0 else j.reasons))
    findings = list(book.findings)
    findings[0] = replace(findings[0], amount_yuan=120_000, evidence=(("n", 1), (2, "x")))
    findings[1] = replace(findings[1], baseline=0, row=False)
    findings[2] = replace(findings[2], evidence=(("list", ["a"]),))  # unhashable
    book = replace(book, judgements=tuple(odd) + book.judgements[12:], findings=tuple(findings))
    result = replace(result, workbooks=(book,), findings=tuple(findings))
    assert streamed(result) == reference(result)


@pytest.fixture(scope="module")
def samples() -> RunResult:
    return lint_paths([REPO / "sample_budgets"], LintOptions(jobs=1))


def test_sample_budgets_stream_byte_for_byte(samples, batch):
    result = samples
    assert result.findings and sum(len(w.judgements) for w in result.workbooks) > 50
    expected = reference(result)
    assert streamed(result) == expected
    assert render("json", result).encode("utf-8") == expected.encode("utf-8")


def test_formats_without_chunks_come_in_one_piece():
    result = hostile_run()
    assert list(render_chunks("junit", result)) == [render("junit", result)]


def test_streamed_sarif_is_its_render():
    result = hostile_run()
    pieces = list(render_chunks("sarif", result))
    assert len(pieces) > 1 and "".join(pieces) == render("sarif", result)


# ---------------------------------------------------------------------------
# Atomic writing of chunks.


def test_atomic_chunks_are_written(tmp_path):
    path = tmp_path / "report.json"
    atomic_write_chunks(path, iter(["{", '"a":"甲"', "}\n"]))
    assert path.read_bytes() == '{"a":"甲"}\n'.encode()
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


@pytest.mark.parametrize("existing", [True, False], ids=["old-file", "no-file"])
def test_generator_failing_midway_leaves_the_target(tmp_path, existing):
    path = tmp_path / "report.json"
    if existing:
        path.write_bytes(b"old")
    written = []

    def pieces():
        yield "x" * 100_000
        written.append(list(tmp_path.iterdir()))  # the temporary file is there meanwhile
        yield "y"
        raise ValueError("formatter broke")

    with pytest.raises(ValueError, match="formatter broke"):
        atomic_write_chunks(path, pieces())
    assert len(written[0]) == 1 + existing
    assert [p.name for p in tmp_path.iterdir()] == (["report.json"] if existing else [])
    if existing:
        assert path.read_bytes() == b"old"


@pytest.mark.usefixtures("english")
def test_write_failure_midway_is_an_output_error(tmp_path, monkeypatch):
    path = tmp_path / "report.json"
    path.write_bytes(b"old")

    def boom(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_atomic.os, "fsync", boom)
    with pytest.raises(OutputError, match="No space left"):
        with atomic_writer(path) as fh:
            fh.write(b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


# ---------------------------------------------------------------------------
# The command line: --output and stdout give the same bytes.


def test_cli_output_file_and_stdout_are_the_same_bytes(tmp_path):
    out = tmp_path / "report.json"
    runner = CliRunner()
    args = ["check", str(REPO / "sample_budgets"), "--format", "json", "--jobs", "1"]
    to_file = runner.invoke(main, [*args, "--output", str(out)], catch_exceptions=False)
    to_stdout = runner.invoke(main, args, catch_exceptions=False)
    assert to_file.exit_code == to_stdout.exit_code
    data = out.read_bytes()
    assert data == to_stdout.stdout_bytes
    assert data.endswith(b"}\n") and json.loads(data)["workbooks"]
