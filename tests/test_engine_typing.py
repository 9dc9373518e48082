"""The engine's public API type-checks from a student's point of view (mypy --strict).

Regression: `sum_values` was annotated `list[Value | Number] | tuple[...]`, and
since `list` is invariant, passing a `list[Value]` variable (the usual case,
e.g. a list of losses) was a mypy error. It now takes any `Sequence`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SNIPPET = """
from autograd import Value, grad, sum_values

losses: list[Value] = [Value(1.0).relu(), Value(2.0) * 3]
numbers: tuple[float, ...] = (1.0, 2.5)
total: Value = sum_values(losses) + sum_values(numbers)
derivatives: list[float] = grad(total, losses)
second: list[Value] = grad(total, losses, create_graph=True)
total.backward()
"""


@pytest.mark.slow  # runs mypy
def test_public_api_passes_mypy_strict(tmp_path: Path) -> None:
    source = tmp_path / "student.py"
    source.write_text(SNIPPET)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(source),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Success: no issues found in 1 source file" in run.stdout
