"""The Jupyter Stepper, headless: click the buttons, move the slider, check caption and picture."""

from __future__ import annotations

import html
import re
import subprocess
import sys

from seed_graphs import seed_xyz

from autograd.lecture.stepper import Stepper

HIGHLIGHT_FILL = "#ffe97a"  # autograd.draw_style.HIGHLIGHT_FILL: the current node's fill


def texts(svg: str) -> list[str]:
    """The text items of an SVG picture (dot writes "-" as "&#45;")."""
    found = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [" ".join(html.unescape(text).split()) for text in found]  # a blank grad is "grad"


def highlighted_ids(svg: str) -> list[str]:
    """DOT ids (v2, op2, ...) of the SVG node groups filled with the highlight colour."""
    groups = re.findall(r'<g id="node\d+" class="node">\s*<title>(\w+)</title>(.*?)</g>', svg, re.S)
    return sorted(title for title, body in groups if f'fill="{HIGHLIGHT_FILL}"' in body)


def test_stepper_buttons_slider_caption_and_picture(renderer: str) -> None:
    x, y, z, _, f = seed_xyz()
    stepper = Stepper(f)
    assert (x.grad, y.grad, z.grad) == (-4.0, -4.0, 3.0)  # making it ran backward
    assert stepper.slider.max == 2 and stepper.step == 0
    assert "Forward pass done: f = -12." in stepper.caption.value
    assert stepper.previous_button.disabled and not stepper.next_button.disabled
    forward_picture = stepper.drawing.value
    assert forward_picture.startswith("<svg") and highlighted_ids(forward_picture) == []
    assert [t for t in texts(forward_picture) if t.startswith("grad")] == ["grad"] * 5

    stepper.next_button.click()
    assert stepper.slider.value == 1
    assert "∂f/∂q = ∂f/∂f · ∂f/∂q = 1 · (-4) = -4" in stepper.caption.value
    assert highlighted_ids(stepper.drawing.value) == ["op4", "v4"]  # f is position 4
    shown = texts(stepper.drawing.value)
    assert {"grad 1", "grad -4", "grad 3"} <= set(shown)  # f, q, z known; x, y still blank
    assert shown.count("grad") == 2

    stepper.next_button.click()
    assert stepper.slider.value == 2 and stepper.next_button.disabled
    assert "∂f/∂x = ∂f/∂q · ∂q/∂x = -4 · 1 = -4" in stepper.caption.value
    assert highlighted_ids(stepper.drawing.value) == ["op2", "v2"]  # q
    stepper.next_button.click()  # already at the end: stays
    assert stepper.slider.value == 2

    stepper.slider.value = 0  # the slider drives the picture too
    assert stepper.drawing.value == forward_picture
    stepper.previous_button.click()
    assert stepper.slider.value == 0


def test_stepper_graph_has_the_stepper_options() -> None:
    *_, f = seed_xyz()
    stepper = Stepper(f)
    source = stepper.graph(2).source
    assert "#ffe97a" in source  # q highlighted
    assert source.count("#e66100") == 4  # four edges walked: f's two inputs, q's two inputs
    assert stepper.graph(0).source.count("#e66100") == 0


def test_import_autograd_does_not_import_ipywidgets_or_graphviz() -> None:
    code = "import sys, autograd; print('ipywidgets' in sys.modules, 'graphviz' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]
