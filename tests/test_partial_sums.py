"""Partial sums say so (issue 20): a gradient still waiting for messages is marked "so far".

In f = x² + xy + (x + y)² at x = 1, y = 2, x receives three messages (6, 2, 2: total 10) and y
two (6, 1: total 7). Until the last one arrives the picture writes "grad 8 so far" and the
caption "total so far 8"; the message that completes it says "total 10 (complete)".
"""

from __future__ import annotations

import re

from autograd import Value, draw
from autograd.lecture.frames import lecture_frames
from autograd.lecture.layout import FramePictures
from autograd.lecture.player import player_html


def shared_inputs() -> tuple[Value, Value, Value]:
    x = Value(1.0, label="x")
    y = Value(2.0, label="y")
    f = x**2 + x * y + (x + y) ** 2
    f.label = "f"
    return x, y, f


def test_captions_say_so_far_until_the_last_message_then_complete() -> None:
    x, y, f = shared_inputs()
    lines = [
        line
        for frame in lecture_frames(f)
        for line in frame.caption.splitlines()
        if line.startswith(("∂f/∂x +=", "∂f/∂y +="))
    ]
    totals = [re.sub(r".* = -?[\d.]+, ", "", line) for line in lines]
    assert totals == [
        "total so far 6",  # x from (x + y)²
        "total so far 6",  # y from (x + y)²
        "total so far 8",  # x from x·y
        "total 7 (complete)",  # y from x·y: its last message
        "total 10 (complete)",  # x from x²
    ]
    f.backward()
    assert (x.grad, y.grad) == (10.0, 7.0)


def test_the_picture_marks_the_partial_gradient() -> None:
    _x, _y, f = shared_inputs()
    pictures = FramePictures(f)
    marked = []
    for index, frame in enumerate(pictures.frames):
        dot = pictures.dot(index)
        marked.append(re.findall(r"grad ([^<]*) so far", dot))
        names = {node.label for node in frame.partial}
        assert len(marked[-1]) == len(names)
    assert ["8"] in marked  # x after two of its three messages
    assert marked[-1] == []  # the Done frame: every gradient complete
    partial_frames = [i for i, found in enumerate(marked) if found]
    assert pictures.frames[partial_frames[-1] + 1].caption.endswith("total 10 (complete)")
    # the layout made room for the marker: every frame has the same boxes
    assert "grad 8 so far" in pictures.svg(partial_frames[-1])


def test_a_plain_drawing_has_no_marker_and_the_player_has_it() -> None:
    _x, _y, f = shared_inputs()
    f.backward()
    assert "so far" not in draw(f).source
    assert "so far" in player_html(f)
