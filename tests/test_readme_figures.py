"""The README's measured figures match a measurement made now (issue 24, item 16).

The seed neuron's GIF (frames, pixels, megabytes) and the quick loop's test count were typed by
hand and went stale (1280×817 and 0.7 MB for a 1280×735, 0.81 MB GIF). They are measured by
benchmarks/readme_figures.py, which `--write`s them into the README; this test runs its check.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # renders a GIF and collects the whole suite: about 30 s

ROOT = Path(__file__).resolve().parent.parent


def test_the_readmes_figures_are_measured() -> None:
    spec = importlib.util.spec_from_file_location(
        "readme_figures", ROOT / "benchmarks" / "readme_figures.py"
    )
    assert spec is not None and spec.loader is not None
    figures = importlib.util.module_from_spec(spec)
    sys.modules["readme_figures"] = figures  # (its dataclasses look their module up there)
    spec.loader.exec_module(figures)
    problems, _ = figures.compare((ROOT / "README.md").read_text(encoding="utf-8"))
    assert problems == [], "run: python benchmarks/readme_figures.py --write"
