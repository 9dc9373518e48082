"""The player page keeps its pictures once: shared SVG lines and, per frame, what changed
(autograd/lecture/shared_lines.py). Every frame's picture is the one the frame draws (the SVG
text `FramePictures` renders, as every page carried it in full before), decoded in Python and
in headless Chromium, in any order; the 160-operation chain's page is small.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from browser import chromium

import nn
from autograd import Value
from autograd.lecture.layout import FramePictures
from autograd.lecture.player import _inline_svg, export_html, page_data
from autograd.lecture.shared_lines import KEY_EVERY, decode_frame, encode_frames


def xyz() -> Value:
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    f = (x + y) * z
    f.label = "f"
    return f


def network() -> Value:
    model = nn.MLP(2, [2, 2, 1], seed=0)
    return nn.functional.mse_loss(model([0.5, -1.0]), 1.0)


def chain(length: int) -> Value:
    """x, then tanh and negation in turn: `length` operations in a line."""
    v = x = Value(1.0, label="x")
    for i in range(length):
        v = v.tanh() if i % 2 == 0 else -v
    del x
    return v


# (graph, quiz, draw options): a quiz (asked pictures), a collapsed network, a long chain
CASES = {
    "xyz quiz": (xyz, "grad", {}),
    "network collapsed": (network, None, {"collapse": True, "color_by_grad": True}),
    "chain of 40": (lambda: chain(40), None, {}),
}


def expected_pictures(case: str) -> list[tuple[str, str | None]]:
    """Each frame's SVG (and asked SVG) as the frame draws it: `FramePictures` and the page's
    trimming of it, one frame at a time (what each frame of the page held in full before)."""
    make, quiz, options = CASES[case]
    pictures = FramePictures(make(), quiz=quiz, draw_options=options)
    return [
        (
            _inline_svg(pictures, i, answered=True),
            _inline_svg(pictures, i, answered=False) if pictures.frames[i].questions else None,
        )
        for i in range(len(pictures))
    ]


def test_encoding_gives_back_every_frame() -> None:
    svgs = ["a\nb\nc", "a\nB\nc", "a\nB\nc\nd", "x", "a\nb\nc"] * 15  # > KEY_EVERY frames
    asked = [None, "a\n?\nc", None, None, "?"] * 15
    encoded = encode_frames(svgs, asked)
    assert len(encoded["lines"]) == len(set("\n".join([*svgs, "a\n?\nc", "?"]).split("\n")))
    assert "key" in encoded["frames"][KEY_EVERY] and "edits" in encoded["frames"][KEY_EVERY + 1]
    for i, svg in enumerate(svgs):
        assert decode_frame(encoded, i) == svg
        if asked[i] is not None:
            assert decode_frame(encoded, i, asked=True) == asked[i]


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_frame_in_the_page_is_the_frame_draws(case: str, tmp_path: Path) -> None:
    make, quiz, options = CASES[case]
    path = export_html(make(), tmp_path / "p.html", quiz=quiz, **options)  # type: ignore[arg-type]
    expected = expected_pictures(case)
    frames = page_data(path.read_text(encoding="utf-8"))["frames"]
    assert [(f["svg"], f.get("asked_svg")) for f in frames] == expected  # decoded in Python
    order = list(range(len(expected)))
    random.Random(0).shuffle(order)  # jumps back and forth, as Home/End and the scrubber do
    order += list(range(len(expected)))  # and forward one at a time
    with chromium(tmp_path / "profile", window=(1920, 1080)) as browser:
        browser.get(path.as_uri())
        for index in order:
            svg, asked = expected[index]
            shown = browser.execute_script(
                "return window.backpropLabPlayer.svg(arguments[0], false)", index
            )
            assert shown == svg, (case, index)
            if asked is not None:
                shown = browser.execute_script(
                    "return window.backpropLabPlayer.svg(arguments[0], true)", index
                )
                assert shown == asked, (case, index)
        # and what the page shows after End is the last frame's picture, parsed by Chromium
        same = browser.execute_script(
            """
            var reference = document.createElement("div");
            reference.innerHTML = arguments[0];
            document.dispatchEvent(new KeyboardEvent("keydown", {key: "End", bubbles: true}));
            return document.getElementById("picture").innerHTML === reference.innerHTML;
            """,
            expected[-1][1] if expected[-1][1] is not None else expected[-1][0],
        )
        assert same


@pytest.mark.slow
def test_the_long_chain_page_is_small(tmp_path: Path) -> None:
    """The 160-operation chain of issue 24 item 1: 116 MB when every frame carried its SVG."""
    path = export_html(chain(160), tmp_path / "chain.html")
    size = path.stat().st_size
    print(f"160-op chain player page: {size / 1e6:.2f} MB")
    assert size < 10_000_000
    frames = page_data(path.read_text(encoding="utf-8"))["frames"]
    assert len(frames) > 300 and all(frame["svg"].startswith("<svg") for frame in frames)
