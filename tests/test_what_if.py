"""The what-if player's page, without a browser: its controls, the Stepper and the command line.

(tests/test_what_if_browser.py runs the page in Chromium and compares every frame with Python.)
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from autograd import Stepper, Value, export_html
from autograd.cli.main import main
from autograd.lecture.player import player_html
from autograd.lecture.what_if import what_if_page_parts


def xyz() -> Value:
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    q = x + y
    q.label = "q"
    f = q * z * 2.0  # the 2.0 is a constant: no control for it
    f.label = "f"
    return f


def labels(page: str) -> list[str]:
    return [html.unescape(label) for label in re.findall(r'aria-label="([^"]*)"', page)]


def test_one_number_box_and_one_slider_per_leaf_that_is_not_a_constant() -> None:
    page = player_html(xyz(), what_if=True)
    assert labels(page) == ["x", "x", "y", "y", "z", "z"]
    assert page.count('type="number"') == 3 and page.count('type="range"') == 3
    data = json.loads(re.search(r'id="what-if-data">(.*?)</script>', page, re.S).group(1))
    lecture = json.loads(re.search(r'id="lecture-data">(.*?)</script>', page, re.S).group(1))
    assert len(data["templates"]) == len(lecture["frames"])  # one template per frame
    assert 'id="what-if"' not in player_html(xyz())  # only when asked


def test_every_number_of_the_seed_graph_is_found() -> None:
    """Each number in every frame is read as a quantity of the pass (none left stale)."""
    from autograd.lecture.layout import FramePictures
    from autograd.lecture.player import _frame_data

    f = xyz()
    pictures = FramePictures(f)
    frames = [_frame_data(pictures, i) for i in range(len(pictures))]

    def variant_frames(variant: Value) -> list[dict[str, object]]:
        other = FramePictures(variant)
        other.layout = pictures.layout
        return [_frame_data(other, i) for i in range(len(other))]

    parts = what_if_page_parts(f, frames, variant_frames, ".4g")
    assert parts["stale"] == "0"


def test_labels_cannot_inject_markup_or_code() -> None:
    x = Value(1.5, label='"><script>alert(1)</script>')
    f = x * x
    page = player_html(f, what_if=True)
    assert "<script>alert" not in page
    assert labels(page)[0] == '"><script>alert(1)</script>'


def test_the_stepper_and_the_command_line_have_it(tmp_path: Path) -> None:
    assert 'aria-label="z"' in Stepper(xyz(), what_if=True).html()
    output = tmp_path / "p.html"
    assert (
        main(["(x + y) * z", "x=-2", "y=5", "z=-4", "--steps", "--what-if", "-o", str(output)]) == 0
    )
    assert labels(output.read_text(encoding="utf-8")) == ["x", "x", "y", "y", "z", "z"]


def test_the_command_line_refuses_it_without_the_player(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["(x + y) * z", "x=-2", "y=5", "z=-4", "--what-if", "-o", str(tmp_path / "f.svg")])
    assert code == 2
    assert "--what-if is for the .html player" in capsys.readouterr().err


def test_exporting_changes_no_gradient(tmp_path: Path) -> None:
    f = xyz()
    f.backward()
    grads = [node.grad for node in (f, *f.inputs)]
    export_html(f, tmp_path / "p.html", what_if=True)
    assert [node.grad for node in (f, *f.inputs)] == grads
