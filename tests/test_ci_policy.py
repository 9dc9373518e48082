"""The CI policy itself: a skip under CI=true must turn into a failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # runs pytest in a subprocess
def test_skip_fails_under_ci(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text())
    (tmp_path / "test_skipping.py").write_text(
        "import pytest\n\ndef test_needs_missing():\n    pytest.importorskip('no_such_module_xyz')\n"
    )
    env = {**os.environ, "CI": "true"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert run.returncode == 1, run.stdout
    assert "1 failed" in run.stdout
    env["CI"] = ""
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout
    assert "1 skipped" in run.stdout


def test_ci_script_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = ci.strip().splitlines()[-1]
    assert command.endswith(".venv/bin/python -m pytest")
    assert command in readme


def test_ci_script_runs_the_readme_tour_command_without_dot() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    tour = next(line for line in readme.splitlines() if line.endswith(".venv/bin/python tour.py"))
    no_dot_line = next(line for line in ci.splitlines() if "tour.py" in line and "PATH=" in line)
    assert f"-c '{tour}'" in no_dot_line and 'PATH="$no_dot_bin"' in no_dot_line
    links = [line for line in ci.splitlines() if line.startswith("ln -s")]
    assert len(links) == 1 and '"$no_dot_bin/python3"' in links[0]  # python3 only: no dot
