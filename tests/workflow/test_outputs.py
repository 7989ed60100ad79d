"""Where a report goes (budgetlint._output): standard output, devices, pipes and symlinks
are written to, never replaced; an existing file is replaced only over budgetlint's own
earlier output of the same kind, told by its content."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from budgetlint._output import SIGNATURES, plan

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hostile.corpus import check, good_workbook, state  # noqa: E402

FORMATS = ("text", "json", "html", "sarif", "junit", "github")


@pytest.fixture
def good(tmp_path) -> Path:
    return good_workbook(tmp_path / "in")


def test_dash_is_standard_output(good, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = check(good, "--format", "json", "-o", "-")
    assert run.code == 1 and run.stdout.startswith('{"version":1')
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_report_replaces_its_own_earlier_output(good, tmp_path, fmt, lang):
    out = tmp_path / f"report.{fmt}"
    assert check(good, "--format", fmt, "--lang", lang, "-o", out).code == 1
    first = out.read_bytes()
    out.write_bytes(first.replace("阳城县".encode(), "旧的县".encode()))  # an older report of the same kind
    assert check(good, "--format", fmt, "--lang", lang, "-o", out).code == 1
    assert out.read_bytes() == first


def test_a_baseline_replaces_its_own_earlier_baseline(good, tmp_path):
    out = tmp_path / "baseline.json"
    assert check(good, "--write-baseline", out).code == 1
    assert check(good, "--write-baseline", out).code == 1
    assert b'"tool": "budgetlint"' in out.read_bytes()


# (case, what is already there)
FOREIGN = [
    ("notes", b"my notes, not a report\n"),
    ("another-tools-json", b'{"version": 1, "tool": "other"}'),
    ("a-workbook-elsewhere", b"PK\x03\x04 someone's workbook"),
]


@pytest.mark.parametrize("kind", [*FORMATS, "baseline"])
@pytest.mark.parametrize(("case", "content"), FOREIGN, ids=[c for c, _ in FOREIGN])
@pytest.mark.usefixtures("english")
def test_a_file_the_run_did_not_write_is_not_replaced(good, tmp_path, case, content, kind):
    out = tmp_path / "out" / "report.txt"
    out.parent.mkdir()
    out.write_bytes(content)
    before = state(out.parent)
    args = ["--write-baseline", out] if kind == "baseline" else ["--format", kind, "-o", out]
    run = check(good, *args)
    assert run.code == 2
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"budgetlint: {out}: exists and is not ")
    assert state(out.parent) == before


def test_a_report_of_another_format_is_not_replaced(good, tmp_path):
    out = tmp_path / "report"
    assert check(good, "--format", "json", "-o", out).code == 1
    json_report = out.read_bytes()
    assert check(good, "--format", "sarif", "-o", out).code == 2
    assert out.read_bytes() == json_report


def test_an_empty_file_is_replaced(good, tmp_path):
    out = tmp_path / "report.json"
    out.touch()
    assert check(good, "--format", "json", "-o", out).code == 1 and out.stat().st_size > 0


def test_report_and_baseline_in_one_file_is_refused(good, tmp_path):
    out = tmp_path / "both.json"
    run = check(good, "--format", "json", "-o", out, "--write-baseline", out)
    assert run.code == 2 and not out.exists()


def test_dev_null_stays_a_device(good):
    run = check(good, "--format", "json", "-o", os.devnull)
    assert run.code == 1
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_named_pipe_is_written_to_not_replaced(good, tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    run = check(good, "--format", "json", "-o", fifo)
    reader.join(timeout=60)
    assert run.code == 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0].startswith(b'{"version":1')


def test_dev_stdout_is_standard_output(good, tmp_path):
    """In a real process: /dev/stdout, when stdout is a file or a pipe, is that stream."""
    for target in ("/dev/stdout", "/proc/self/fd/1"):
        if not os.path.exists(target):
            continue
        done = subprocess.run([sys.executable, "-m", "budgetlint", "check", str(good), "--format", "json", "-o", target],
                              capture_output=True, timeout=120)
        assert done.returncode == 1, done.stderr
        assert done.stdout.startswith(b'{"version":1')


def test_a_symlink_is_followed_and_stays_a_symlink(good, tmp_path):
    real = tmp_path / "reports" / "report.json"
    real.parent.mkdir()
    assert check(good, "--format", "json", "-o", real).code == 1
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    real.write_bytes(real.read_bytes().replace("阳城县".encode(), "旧的县".encode()))
    assert check(good, "--format", "json", "-o", link).code == 1
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "阳城县".encode() in real.read_bytes()
    assert sorted(p.name for p in real.parent.iterdir()) == ["report.json"]


@pytest.mark.usefixtures("english")
def test_a_symlink_to_nothing_is_refused(good, tmp_path):
    link = tmp_path / "report.json"
    link.symlink_to(tmp_path / "elsewhere" / "report.json")
    run = check(good, "--format", "json", "-o", link)
    assert run.code == 2 and "symlink to nothing" in run.stderr
    assert link.is_symlink() and not (tmp_path / "elsewhere").exists()


def test_every_kind_has_a_signature():
    from budgetlint._output import WHOLE_FILE_SIGNATURES
    from budgetlint.report import FORMATS as REGISTERED

    assert set(REGISTERED) | {"baseline"} <= set(SIGNATURES) | set(WHOLE_FILE_SIGNATURES)


@pytest.mark.usefixtures("english")
def test_a_findings_workbook_replaces_its_own_but_never_a_workbook_of_the_user(good, tmp_path):
    target = tmp_path / "问题清单.xlsx"
    first = check(good, "--format", "xlsx", "-o", target)
    assert first.code in (0, 1) and target.stat().st_size > 0
    again = check(good, "--format", "xlsx", "-o", target)
    assert again.code in (0, 1)
    theirs = tmp_path / "他们的工作簿.xlsx"
    theirs.write_bytes(good.read_bytes())
    refused = check(good, "--format", "xlsx", "-o", theirs)
    assert refused.code == 2 and "refusing to replace" in refused.stderr
    assert theirs.read_bytes() == good.read_bytes()


@pytest.mark.usefixtures("english")
def test_plan_refuses_the_input_itself(good):
    with pytest.raises(Exception) as info:
        plan(good, "json", [good], [good])
    assert "over an input workbook" in str(info.value)


@pytest.mark.usefixtures("english")
def test_report_and_baseline_both_on_standard_output_is_refused(good):
    run = check(good, "--write-baseline", "-")
    assert run.code == 2 and run.stdout == "" and "give the baseline its own file" in run.stderr
