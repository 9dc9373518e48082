"""`export_gif`: the player's frames as a looping GIF, 1280 pixels wide, caption under the picture,
the frame duration honoured, the same size every frame, `.grad` untouched; and `--steps -o x.gif`."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from autograd import Value
from autograd.cli.main import main
from autograd.graph import topological_order
from autograd.lecture.gif import export_gif
from autograd.lecture.layout import frame_pictures
from tests.seed_graphs import seed_xyz

pytestmark = pytest.mark.slow  # real renders / browsers / LaTeX / builds: seconds each


def test_gif_of_the_seed_graph(renderer: str, tmp_path: Path) -> None:
    *_, f = seed_xyz()
    before = {node: node.grad for node in topological_order(f)}
    target = export_gif(f, tmp_path / "seed.gif", seconds_per_frame=1.5, last_frame_seconds=4)
    assert {node: node.grad for node in topological_order(f)} == before
    expected_frames = len(frame_pictures(f))
    with Image.open(target) as gif:
        assert gif.format == "GIF" and gif.info["loop"] == 0  # loops forever
        assert gif.n_frames == expected_frames
        assert gif.size[0] == 1280
        durations, frames = [], []
        for index in range(gif.n_frames):
            gif.seek(index)
            durations.append(gif.info["duration"])
            frames.append(gif.convert("RGB"))
    assert durations == [1500] * (expected_frames - 1) + [4000]
    assert len({frame.size for frame in frames}) == 1
    for earlier, later in itertools.pairwise(frames):  # every step changes something on screen
        assert ImageChops.difference(earlier, later).getbbox() is not None
    width, height = frames[0].size
    caption = frames[-1].crop((0, int(height * 0.75), width, height)).convert("L")
    assert sum(caption.histogram()[:128]) > 500  # dark text under the picture


def test_gif_from_the_command_line(tmp_path: Path) -> None:
    target = tmp_path / "neuron.gif"
    argv = ["sigmoid(w0*x0 + w1*x1 + w2)", "w0=2", "x0=-1", "w1=-3", "x1=-2", "w2=-3"]
    assert main([*argv, "--steps", "-o", str(target), "--frame-seconds", "3"]) == 0
    with Image.open(target) as gif:
        assert gif.n_frames > 11 and gif.info["duration"] == 3000 and gif.size[0] == 1280


def test_bad_durations_are_one_line_errors(tmp_path: Path) -> None:
    x = Value(2.0, label="x")
    f = x * x
    for seconds in (0.0, -1.0, 100.0):
        try:
            export_gif(f, tmp_path / "x.gif", seconds_per_frame=seconds)
        except ValueError as error:
            assert "seconds_per_frame" in str(error)
        else:
            raise AssertionError(f"{seconds} was accepted")


def test_dark_theme(tmp_path: Path) -> None:
    target = tmp_path / "dark.gif"
    assert main(["x * y", "x=2", "y=3", "--steps", "-o", str(target), "--theme", "dark"]) == 0
    with Image.open(target) as gif:
        gif.seek(gif.n_frames - 1)
        corner = gif.convert("RGB").getpixel((2, 2))
    assert isinstance(corner, tuple) and max(corner) < 60  # a dark background
    drawing = tmp_path / "dark.dot"
    assert main(["x * y", "x=2", "y=3", "-o", str(drawing), "--theme", "dark"]) == 0
    assert "bgcolor=white" not in drawing.read_text(encoding="utf-8")


def test_max_frames_is_checked_before_any_frame_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 24, item 7: a graph with too many frames is refused from a count of its operations;
    the frames (a million-node chain's reached 11.9 GB) are never built."""
    import autograd.lecture.gif as gif

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("export_gif built the frames of a graph it refuses")

    monkeypatch.setattr(gif, "frame_pictures", never)
    v = Value(0.5, label="x")
    for _ in range(150):
        v = v.tanh()
    with pytest.raises(
        ValueError, match=r"^export_gif: the graph needs 303 frames, more than max_frames=200$"
    ):
        export_gif(v, tmp_path / "x.gif")
    assert not (tmp_path / "x.gif").exists()
