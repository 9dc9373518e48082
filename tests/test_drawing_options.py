"""`DrawingOptions` is the one options object of `draw`; keyword arguments are sugar for it.

The stepper's state (the current node, the gradients and values shown so far, bold edges) is
a `FrameState`, not an option; `draw` switches language and notation with a `with` block
instead of calling itself again with every option.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import textwrap
import typing

import pytest

from autograd import Value, draw
from autograd.i18n import get_language
from autograd.lecture.layout import LectureDrawing
from autograd.viz import diagram
from autograd.viz.options import DrawingKeywords, DrawingOptions, FrameState

STEPPER_STATE = {
    "highlight",
    "shown_grads",
    "highlighted_edges",
    "shown_data",
    "partial_grads",
    "shown_values",
}


def graph() -> Value:
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    f = (x + y) * z
    f.label = "f"
    f.backward()
    return f


def test_the_keywords_are_the_options_fields_and_stepper_state_is_not_one() -> None:
    fields = {field.name for field in dataclasses.fields(DrawingOptions)}
    assert set(typing.get_type_hints(DrawingKeywords)) == fields
    assert set(typing.get_type_hints(LectureDrawing)) == fields - {"quiz", "lang"}  # their own
    assert not fields & STEPPER_STATE
    assert {field.name for field in dataclasses.fields(FrameState)} == STEPPER_STATE


def test_keywords_are_sugar_for_the_options_object() -> None:
    f = graph()
    options = DrawingOptions(rankdir="TB", edge_labels="message", number_format=".2f")
    assert (
        draw(f, options).source
        == draw(f, rankdir="TB", edge_labels="message", number_format=".2f").source
    )
    assert draw(f, options, theme="dark").source == draw(f, options.replace(theme="dark")).source
    assert draw(f, options).source != draw(f).source


def test_a_bad_option_is_an_error_naming_it_when_the_options_are_made() -> None:
    with pytest.raises(ValueError, match="draw: rankdir must be one of LR, RL, TB, BT"):
        DrawingOptions(rankdir="XY")
    with pytest.raises(ValueError, match="draw: max_nodes must be a positive int"):
        DrawingOptions().replace(max_nodes=0)
    with pytest.raises(TypeError, match=r"draw: options must be an autograd\.viz\.options"):
        draw(graph(), {"rankdir": "TB"})  # type: ignore[arg-type]


def test_the_frame_state_is_given_once() -> None:
    f = graph()
    frame = FrameState(highlight=f, shown_grads={f: 1.0})
    assert draw(f, frame=frame).source == draw(f, highlight=f, shown_grads={f: 1.0}).source
    with pytest.raises(TypeError, match="as frame= or as keywords, not both"):
        draw(f, frame=frame, highlight=f)


def test_draw_switches_language_without_calling_itself_again() -> None:
    tree = ast.parse(textwrap.dedent(inspect.getsource(diagram.draw)))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "draw"
    ]
    assert calls == []
    before = get_language()
    russian = draw(graph(), lang="ru").source
    assert get_language() == before
    assert "data −2" in draw(graph()).source and "data −2" not in russian  # Russian words
    assert "data −2" in draw(graph()).source  # and English again after
