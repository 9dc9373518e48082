"""`--code`: the CLI prints `autograd.to_python(root)`, code that recomputes the same numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from autograd.codegen.python_source import to_python
from autograd.formula import build_graph


def test_code_flag_prints_to_python_of_the_graph(tmp_path: Path) -> None:
    argv = ["x**2 + x*y + (x + y)**2", "x=1", "y=2", "--code"]
    result = subprocess.run(
        [sys.executable, "-m", "autograd", *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    root = build_graph("x**2 + x*y + (x + y)**2", {"x": 1.0, "y": 2.0})
    root.backward()
    expected = to_python(root)
    assert result.stdout == expected + "\n"
    assert "x=1.0" in result.stdout and "y=2.0" in result.stdout
