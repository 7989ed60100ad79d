"""Atomic writes: the target holds the old content or the new, and no temp file is left."""

from __future__ import annotations

import os
import stat

import pytest

from budgetlint import _atomic
from budgetlint._atomic import atomic_write_bytes, atomic_write_text
from budgetlint.errors import OutputError


def test_writes_and_replaces(tmp_path):
    path = tmp_path / "report.json"
    atomic_write_text(path, "第一版\n")
    atomic_write_text(path, "第二版\r\n")
    assert path.read_bytes() == "第二版\r\n".encode()  # no newline translation
    atomic_write_bytes(path, b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_keeps_an_existing_files_mode(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    atomic_write_text(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def _boom(*_args):
    raise OSError(28, "No space left on device")


def _interrupt(*_args):
    raise KeyboardInterrupt


# (function patched, replacement, exception expected)
FAILURES = [
    ("replace", _boom, OutputError),
    ("fsync", _boom, OutputError),
    ("fsync", _interrupt, KeyboardInterrupt),
    ("replace", _interrupt, KeyboardInterrupt),
]


@pytest.mark.parametrize(("function", "replacement", "expected"), FAILURES)
def test_failure_leaves_old_content_and_no_temp_file(tmp_path, monkeypatch, function, replacement, expected):
    path = tmp_path / "report.sarif"
    path.write_text("old", encoding="utf-8")
    monkeypatch.setattr(_atomic.os, function, replacement)
    with pytest.raises(expected):
        atomic_write_text(path, "new")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]


@pytest.mark.usefixtures("english")
def test_missing_folder_is_an_output_error(tmp_path):
    path = tmp_path / "no" / "such" / "report.html"
    with pytest.raises(OutputError) as info:
        atomic_write_text(path, "x")
    assert str(info.value).startswith(f"{path}: ")
    assert not (tmp_path / "no").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_an_output_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError):
            atomic_write_text(folder / "report.json", "x")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)
