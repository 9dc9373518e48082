"""The player readable from the back of the hall, measured in real headless Chromium at 1920x1080.

A collapsed MLP(2, [4, 4, 1]) (tanh, MSE loss): every text of the picture that shows a digit
is at least 16 px tall as Chromium renders it (getBoundingClientRect of the SVG text, not the
font size in the source) and its ink at least 13 px (Pillow on a screenshot); the picture is at
least 70% of the window's height, and it and every node box have the same size and place in
every frame, the Done frame included (the caption area is as tall as the tallest caption,
measured), whose gradients are one table, every row of it one line.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

import autograd
from nn import MLP, functional
from tests.browser import chromium

pytestmark = pytest.mark.slow  # real Chromium

MEASURE = """
var svg = document.querySelector('#picture svg');
var box = svg.getBoundingClientRect();
var smallest = 1e9, smallestText = '';
svg.querySelectorAll('text').forEach(function (text) {
  if (!/[0-9]/.test(text.textContent)) { return; }
  var height = text.getBoundingClientRect().height;
  if (height < smallest) { smallest = height; smallestText = text.textContent; }
});
var nodes = [];
svg.querySelectorAll('g.node').forEach(function (node) {
  var b = node.getBBox();
  nodes.push([node.id, Math.round(b.x * 10), Math.round(b.y * 10), Math.round(b.width * 10),
              Math.round(b.height * 10)].join(' '));
});
return [box.left, box.top, box.width, box.height, smallest, smallestText, nodes.join(';')];
"""

# Every text of the picture that is a number ("−0.4694", "0"): its box on the page.
NUMBERS = """
var boxes = [];
document.querySelectorAll('#picture svg text').forEach(function (text) {
  if (!/^[\\u2212\\-]?[0-9.]+$/.test(text.textContent)) { return; }
  var r = text.getBoundingClientRect();
  boxes.push([r.left, r.top, r.right, r.bottom]);
});
return boxes;
"""


def ink_height(shot: Image.Image, box: list[float]) -> int:
    """How many pixel rows of `box` in the screenshot have ink (a pixel darker than mid-grey)."""
    left, top, right, bottom = (round(v) for v in box)
    crop = shot.crop((left, top, right + 1, bottom + 1))
    pixels = crop.load()
    assert pixels is not None
    rows = [y for y in range(crop.height) if any(pixels[x, y] < 128 for x in range(crop.width))]
    return rows[-1] - rows[0] + 1 if rows else 0


# The Done frame's table: each row one line (as tall as a line of the caption), no cell wrapped,
# the caption no wider than the window.
TABLE = """
var caption = document.getElementById('caption');
var rows = Array.from(caption.querySelectorAll('table.grads tr'));
var line = parseFloat(getComputedStyle(caption).lineHeight);
return [rows.length, line, rows.map(function (row) { return row.getBoundingClientRect().height; }),
        rows.map(function (row) { return row.cells.length; }),
        caption.scrollWidth, caption.clientWidth,
        Array.from(caption.querySelectorAll('div')).map(function (d) {
          return d.getBoundingClientRect().height; })];
"""


def test_every_digit_is_16_px_and_the_picture_never_moves(tmp_path: Path) -> None:
    model = MLP(2, [4, 4, 1], "tanh", seed=0)
    out = model([0.5, -1.0])
    assert isinstance(out, autograd.Value)
    loss = functional.mse_loss(out, 1.0)
    page = autograd.export_html(loss, tmp_path / "player.html", collapse=True)
    with chromium(tmp_path / "profile", viewport=(1920, 1080), hide_scrollbars=True) as driver:
        driver.get(page.as_uri())
        count = driver.execute_script(
            "return JSON.parse(document.getElementById('lecture-data').textContent).frames.length"
        )
        places = set()
        for index in range(count):
            if index:
                driver.execute_script(
                    "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight'}))"
                )
            left, top, width, height, smallest, text, nodes = driver.execute_script(MEASURE)
            places.add((round(left, 1), round(top, 1), round(width, 1), round(height, 1), nodes))
            assert smallest >= 16.0, f"frame {index + 1}: {text!r} is {smallest:.1f} px tall"
        counter = driver.execute_script("return document.getElementById('counter').textContent")
        assert counter.startswith(f"{count} /")  # the last frame (Done) was measured too
        assert len(places) == 1, places  # every node box the same in every frame, Done too
        # The buttons share the title's bar: the picture has their room, 70% of the window's
        # height (774 px; 723 px with the buttons in a bar of their own under the caption).
        assert height >= 0.7 * 1080, height
        rows, line, heights, cells, scroll_width, width, lines = driver.execute_script(TABLE)
        # W⁽¹⁾ 4x2, b⁽¹⁾, W⁽²⁾ 4x4, b⁽²⁾, W⁽³⁾ 1x4, b⁽³⁾, x: the names' row and four rows of numbers
        assert rows == 5 and cells[1] == 2 + 1 + 4 + 1 + 4 + 1 + 1, (rows, cells)
        assert all(height < 1.5 * line for height in heights + lines), (line, heights, lines)
        assert scroll_width <= width + 1, (scroll_width, width)
        # The digits' ink, in a screenshot of the Done frame: the text boxes above are the
        # font's line box (21 px); the glyphs of a number are 13 px tall (10 px while the
        # lecture's neuron tables kept draw's 2 points of padding around every cell). 16 px of
        # ink would take the picture 1.15 times as tall: 4 neurons of 8 rows each in a column
        # cannot be that at 1080 px with a caption (README: "Sizes for a hall").
        texts = driver.execute_script(NUMBERS)
        shot = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("L")
    assert shot.size == (1920, 1080) and len(texts) > 100
    inks = [ink_height(shot, box) for box in texts]
    assert min(inks) >= 13, sorted(zip(inks, texts))[:5]
