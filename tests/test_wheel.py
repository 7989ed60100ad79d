"""An installed budgetlint (a wheel, not the editable checkout) finds its schemes and
templates and lints a sample budget."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow


def _run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)


def test_wheel_installs_and_lints(tmp_path):
    dist = tmp_path / "dist"
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, REPO)
    if built.returncode != 0:
        pytest.fail(f"building the wheel failed: {built.stderr[-2000:]}")
    (wheel,) = dist.glob("budgetlint-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    installed = _run(python, "-m", "pip", "install", "--quiet", "-c", REPO / "constraints.txt", wheel)
    assert installed.returncode == 0, installed.stderr[-2000:]
    sample = next((REPO / "sample_budgets").glob("*.xlsx"))
    out = tmp_path / "report.json"
    html = tmp_path / "report.html"
    # Run from a folder outside the checkout, so nothing can be found through it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = _run(env_dir / "bin" / "budgetlint", "check", sample, "--format", "json", "--output", out, cwd=tmp_path, env=env)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["workbooks"] and report["workbooks"][0]["lines"]
    result = _run(env_dir / "bin" / "budgetlint", "check", sample, "--format", "html", "--output", html, cwd=tmp_path, env=env)
    assert result.returncode in (0, 1), result.stderr
    assert "<html" in html.read_text(encoding="utf-8")
    where = _run(python, "-c", "import budgetlint._resources as r; print(r.schemes_dir())", cwd=tmp_path, env=env)
    assert str(env_dir) in where.stdout
