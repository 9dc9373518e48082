"""Every `DrawingOptions` field reaches every view: draw, the player (export_html), the Stepper,
the TikZ slides (to_tikz) and the GIF (export_gif / gif_frames).

For each field, with a value other than its default: the keyword and a `DrawingOptions` given
as `options=` make the same output, and every frame the view draws is drawn by `draw` with
exactly that option (recorded by wrapping `draw` where the lecture calls it). `quiz` and `lang`
are a lecture's own parameters: in `options` they act as those parameters do. A new field needs
a sample value here, so no view can leave it out unnoticed.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import nn
from autograd import Value, draw
from autograd.lecture import layout, tikz
from autograd.lecture.gif import gif_frames
from autograd.lecture.player import player_html
from autograd.lecture.stepper import Stepper
from autograd.lecture.tikz import to_tikz
from autograd.viz.options import DrawingOptions

# A value other than the default for every field (view="matrix" below, on its own).
SAMPLES: dict[str, object] = {
    "rankdir": "TB",
    "edge_labels": "message",
    "color_by_grad": True,
    "quiz": "grad",
    "number_format": ".2f",
    "cluster": "neuron",
    "collapse": True,
    "max_nodes": 8,
    "expand": (0, 0),
    "theme": "dark",
    "names": "labels",
    "lang": "ru",
    "notation": "ij",
    "show_constants": True,
    "caption": "a caption of our own",
    "view": "neuron",
}
LECTURES_OWN = {"quiz", "lang"}  # parameters of the lecture itself, not of its frames' draw


def neuron_loss() -> Value:
    """One neuron's squared error: a model graph small enough to step in every view."""
    model = nn.MLP(2, [1], seed=0)
    loss = (model([0.5, -1.0]) - 1.0) ** 2  # type: ignore[operator]
    loss.backward()
    return loss


def test_every_field_has_a_sample() -> None:
    assert set(SAMPLES) == {field.name for field in dataclasses.fields(DrawingOptions)}
    default = DrawingOptions()
    for name, value in SAMPLES.items():
        assert DrawingOptions(**{name: value}).changed() == {name: value}  # type: ignore[arg-type]
        assert getattr(default, name) != value


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[DrawingOptions]]:
    """The options of every `draw` a lecture makes (its frames, TikZ's static drawing)."""
    seen: list[DrawingOptions] = []

    def recording(root: Value, options: DrawingOptions | None = None, **rest: Any) -> Any:
        drawing = draw(root, options, **rest)
        keywords = {k: v for k, v in rest.items() if k in SAMPLES}
        seen.append(DrawingOptions(**keywords) if options is None else options.replace(**keywords))
        return drawing

    monkeypatch.setattr(layout, "draw", recording)
    monkeypatch.setattr(tikz, "draw", recording)
    yield seen


def _stepper_page(root: Value, **given: Any) -> str:
    stepper = Stepper(root, **given)
    return stepper.html().replace(stepper.element_id, "ID")


def _gif_bytes(root: Value, **given: Any) -> list[bytes]:
    images = gif_frames(root, width=320, **given)
    out = []
    for image in images:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        out.append(buffer.getvalue())
    return out


def _tikz(root: Value, **given: Any) -> str:
    steps = "quiz" not in given and given.get("options", DrawingOptions()).quiz is None
    return to_tikz(root, steps=steps, document=False, **given)


VIEWS: dict[str, Callable[..., object]] = {
    "export_html": player_html,
    "Stepper": _stepper_page,
    "to_tikz": _tikz,
    "export_gif": _gif_bytes,
}


@pytest.mark.slow
@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_field_reaches_every_view(view: str, name: str, drawn: list[DrawingOptions]) -> None:
    make = VIEWS[view]
    value = SAMPLES[name]
    with_keyword = make(neuron_loss(), **{name: value})
    by_keyword = list(drawn)
    drawn.clear()
    with_options = make(neuron_loss(), options=DrawingOptions(**{name: value}))  # type: ignore[arg-type]
    assert with_options == with_keyword
    if view == "export_gif" and name == "quiz":  # a GIF does not ask (its docstring says so)
        assert with_keyword == make(neuron_loss())
        return
    if name in LECTURES_OWN:  # the keyword is the lecture's own parameter: `options` acts as it
        assert with_keyword != make(neuron_loss())  # and it changes the output
        return
    assert by_keyword and drawn  # the view drew with draw
    for options in by_keyword + drawn:
        assert getattr(options, name) == value, (view, name, options)


def test_the_matrix_view_reaches_every_view() -> None:
    for view, make in VIEWS.items():
        if view == "export_gif":
            continue  # below, smaller
        with_keyword = make(neuron_loss(), view="matrix")
        assert make(neuron_loss(), options=DrawingOptions(view="matrix")) == with_keyword
        assert make(neuron_loss()) != with_keyword


def test_one_field_in_every_view_quickly(drawn: list[DrawingOptions]) -> None:
    """The quick loop's check: color_by_grad (which to_tikz did not take before) in each view."""
    for view, make in VIEWS.items():
        drawn.clear()
        page = make(neuron_loss(), color_by_grad=True)
        assert drawn and all(options.color_by_grad for options in drawn), view
        assert make(neuron_loss(), options=DrawingOptions(color_by_grad=True)) == page
    # (the slides' colours are the palette's: tests/test_sign_colours.py)


def test_options_and_keywords_combine_as_in_draw() -> None:
    f = neuron_loss()
    options = DrawingOptions(theme="dark", number_format=".3f")
    assert player_html(f, options=options, theme="light") == player_html(f, number_format=".3f")
    assert player_html(f, theme="auto") == player_html(f)  # draw's default: light in a file
    with pytest.raises(TypeError, match=r"export_html: options must be an autograd\.viz\.options"):
        player_html(f, options={"theme": "dark"})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^to_tikz: rankdir must be one of"):
        to_tikz(f, rankdir="XY")
