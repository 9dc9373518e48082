"""The player, `Stepper` and `export_gif` on drawings that `draw` cuts (issue 24, item 1).

`draw` leaves values out above `max_nodes` (150) and when the layout budget trims a graph (a value
shared along a long chain). The lecture still steps every node; the frames only style the edges
the drawing has, so a cut drawing is stepped instead of raising KeyError for an edge it left out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from autograd import Value, sum_values
from autograd.graph import topological_order
from autograd.lecture.gif import export_gif
from autograd.lecture.player import export_html, page_data
from autograd.lecture.stepper import Stepper


def shared_chain(terms: int) -> Value:
    """x + x + ... + x, built as v = v + x: x's edges span the whole chain (the budget cuts it)."""
    x = Value(1.0, label="x")
    v = x
    for _ in range(terms - 1):
        v = v + x
    return v


def frames_of(page: str) -> list[dict[str, object]]:
    frames: list[dict[str, object]] = page_data(page)["frames"]
    return frames


def grads(root: Value) -> list[float]:
    return [node.grad for node in topological_order(root)]


def test_stepper_on_a_sum_of_150_leaves() -> None:
    root = sum_values([Value(0.5 * i - 3, label=f"x{i}") for i in range(150)])  # 151 values
    before = grads(root)
    stepper = Stepper(root)
    frames = frames_of(stepper.html())
    assert len(frames) == len(stepper.frames) == 5
    assert "only the 150 values nearest the output of 151 are drawn" in str(frames[0]["svg"])
    assert all(str(frame["svg"]).startswith("<svg") for frame in frames)
    assert grads(root) == before


@pytest.mark.slow
def test_player_on_a_sum_cut_by_the_layout_budget(tmp_path: Path) -> None:
    root = shared_chain(80)  # 79 ops: the layout budget draws the 77 values nearest the output
    before = grads(root)
    page = export_html(root, tmp_path / "p.html").read_text(encoding="utf-8")
    frames = frames_of(page)
    assert len(frames) == 3 + 2 * 79
    assert "more would take Graphviz too long to lay out" in str(frames[0]["svg"])
    last = frames[-1]
    assert last["caption"] == [
        "Done: the gradient of n79 with respect to every input",
        "∂n79/∂x\N{NO-BREAK SPACE}=\N{NO-BREAK SPACE}80",
    ]
    assert grads(root) == before


@pytest.mark.slow
def test_player_on_a_chain_of_160_operations(tmp_path: Path) -> None:
    v = Value(0.5, label="x")
    for i in range(160):
        v = v.tanh() if i % 2 else -v
    before = grads(v)
    frames = frames_of(export_html(v, tmp_path / "p.html").read_text(encoding="utf-8"))
    assert len(frames) == 3 + 2 * 160
    assert "only the 150 values nearest the output of 161 are drawn" in str(frames[0]["svg"])
    assert grads(v) == before


@pytest.mark.slow
def test_gif_of_a_cut_drawing(tmp_path: Path) -> None:
    root = sum_values([Value(0.25 * i, label=f"x{i}") for i in range(151)])
    before = grads(root)
    target = export_gif(root, tmp_path / "cut.gif", rankdir="TB", width=640)
    with Image.open(target) as gif:
        assert gif.n_frames == 5 and gif.size[0] == 640
    assert grads(root) == before


@pytest.mark.slow
def test_cli_steps_of_101_terms_writes_the_player(tmp_path: Path) -> None:
    formula = "+".join(["x"] * 101)
    result = subprocess.run(
        [sys.executable, "-m", "autograd", formula, "x=2", "--steps", "-o", "p.html"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    frames = frames_of((tmp_path / "p.html").read_text(encoding="utf-8"))
    assert frames[-1]["phase"] == "end"
