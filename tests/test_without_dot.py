"""Pictures with pip alone: with no `dot` program anywhere on PATH, everything still draws.

This is a student's laptop after `pip install`: PATH is an empty directory, so the only
renderer is the Graphviz inside the pygraphviz wheel (a core dependency). The tour writes its
drawing (SVG and PNG), the lecture player and the decision boundary; notebook 01 executes in a
real kernel and every `draw(...)` cell shows a rendered SVG; the command line writes a PNG.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograd.lecture.player import page_data
from autograd.viz.render import INSTALL_HINT, RENDERER_VARIABLE

pytestmark = pytest.mark.slow  # real renders / browsers / LaTeX / builds: seconds each

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def no_dot_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """PATH without any `dot`, and no renderer forced: what a pip-only install sees."""
    empty = tmp_path / "bin-without-dot"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv(RENDERER_VARIABLE, raising=False)
    return dict(os.environ)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_tour_writes_its_pictures(no_dot_environment: dict[str, str], tmp_path: Path) -> None:
    tour = subprocess.run(
        [sys.executable, str(ROOT / "tour.py")],
        cwd=tmp_path,
        env=no_dot_environment,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert tour.returncode == 0, tour.stderr
    assert "No pictures" not in tour.stdout and "rendered by bundled" in tour.stdout
    output = tmp_path / "tour_output"
    assert sorted(path.name for path in output.iterdir()) == [
        "backprop.html",
        "decision_boundary.png",
        "f_graph.png",
        "f_graph.svg",
        "training.html",
    ]
    assert "data −12" in (output / "f_graph.svg").read_text(encoding="utf-8")
    width, height = png_size(output / "f_graph.png")
    assert width >= 1000 and height >= 500  # 192 dpi
    player = (output / "backprop.html").read_text(encoding="utf-8")
    frames = page_data(player)["frames"]  # 7 frames, each its picture
    assert [frame["svg"][:4] for frame in frames] == ["<svg"] * 7 and INSTALL_HINT not in player
    assert png_size(output / "decision_boundary.png")[0] > 300
    replay = (output / "training.html").read_text(encoding="utf-8")
    assert replay.count('"marker": ') == 6 and INSTALL_HINT not in replay  # epochs 10, 20, ... 60
    assert "Fontconfig" not in tour.stderr  # the bundled library's warnings are kept out of sight


def test_notebook_01_executes_and_draws(no_dot_environment: dict[str, str], tmp_path: Path) -> None:
    notebook = nbformat.read(ROOT / "notebooks" / "01_graphs_and_the_chain_rule.ipynb", 4)
    NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    drawing_cells = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.source.strip().splitlines()[-1].startswith("draw(")
    ]
    assert len(drawing_cells) >= 4
    for cell in drawing_cells:
        shown = [output.get("data", {}) for output in cell.outputs]
        assert any("<svg" in data.get("image/svg+xml", "") for data in shown), cell.source
        assert not any("cannot render" in str(data) for data in shown)


def test_the_command_line_draws_a_png(no_dot_environment: dict[str, str], tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "autograd", "(x + y) * z", "x=-2", "y=5", "z=-4", "-o", "f.png"],
        cwd=tmp_path,
        env=no_dot_environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert png_size(tmp_path / "f.png")[0] >= 1000
