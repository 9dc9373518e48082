"""The what-if player in a real headless Chromium: change a leaf, every frame shows the engine's
numbers for the new value, no box moves, and an input outside a domain shows the engine's error.

The expected pages come from Python: the same graph built again at the new values, its frames
made by the player's own code (`FramePictures`), compared with what the page shows, text by text,
frame by frame.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium

import nn
from autograd import Value
from autograd.lecture.layout import FramePictures
from autograd.lecture.player import export_html

pytestmark = pytest.mark.slow  # real renders and a browser: seconds each

SHAPES = """
return Array.prototype.map.call(document.querySelectorAll("#picture svg g.node"), function (g) {
  var shapes = g.querySelectorAll("polygon, ellipse, path");
  return [g.querySelector("title").textContent].concat(Array.prototype.map.call(shapes,
    function (s) { var b = s.getBBox(); return [b.x, b.y, b.width, b.height].join(","); }));
});
"""
TEXTS = """
return Array.prototype.map.call(document.querySelectorAll("#picture svg text"),
  function (t) { return t.textContent; });
"""


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with chromium(tmp_path / "profile", viewport=(1920, 1080)) as driver:
        yield driver


def plain(text: str) -> str:
    """Text with its blanks made one space (a blank number's width is not a number)."""
    return re.sub(r"[\s\u00a0]+", " ", text.replace("\u2060", "")).strip()


def svg_texts(svg: str) -> list[str]:
    from html import unescape

    return [plain(unescape(t)) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]


def expected_frames(root: Value, **options: Any) -> list[tuple[list[str], list[str]]]:
    """(caption lines, picture texts) of every frame, as the player makes them in Python."""
    pictures = FramePictures(root, draw_options=options)
    return [
        ([plain(line) for line in frame.caption.splitlines()], svg_texts(pictures.svg(index)))
        for index, frame in enumerate(pictures.frames)
    ]


def shown_frames(driver: Any, count: int) -> list[tuple[list[str], list[str]]]:
    """(caption lines, picture texts) of every frame the page shows, first to last."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.execute_script("document.activeElement.blur();")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.HOME)
    frames = []
    for index in range(count):
        caption = driver.find_element(By.ID, "caption").get_attribute("innerText")
        texts = [plain(t) for t in driver.execute_script(TEXTS)]
        frames.append(([plain(line) for line in caption.splitlines() if line.strip()], texts))
        if index < count - 1:
            body.send_keys(Keys.ARROW_RIGHT)
    return frames


def type_into(driver: Any, name: str, text: str) -> None:
    """Type `text` into the number box labelled `name` (as a user does: clear, type)."""
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.CSS_SELECTOR, f'#what-if input[type=number][aria-label="{name}"]')
    box.clear()
    box.send_keys(text)


SEED = {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0}


def seed_neuron(**changed: float) -> Value:
    """The slides' neuron σ(w0·x0 + w1·x1 + w2), at the seed's values or changed ones."""
    w0, x0, w1, x1, w2 = (Value(changed.get(n, v), label=n) for n, v in SEED.items())
    f = (w0 * x0 + w1 * x1 + w2).sigmoid()
    f.label = "f"
    return f


def test_a_changed_leaf_refills_every_frame_and_no_box_moves(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    f = seed_neuron()
    page = export_html(f, tmp_path / "what_if.html", what_if=True)
    browser.get(page.as_uri())
    before = expected_frames(f)
    assert shown_frames(browser, len(before)) == before  # the page as exported
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.END)
    shapes = browser.execute_script(SHAPES)

    type_into(browser, "w0", "3")
    type_into(browser, "x1", "-0.5")
    assert browser.find_element(By.ID, "counter").text == f"{len(before)} / {len(before)}"
    assert browser.execute_script(SHAPES) == shapes  # the current frame stays, nothing moved
    after = expected_frames(seed_neuron(w0=3.0, x1=-0.5))
    assert after[-1] != before[-1]
    assert shown_frames(browser, len(after)) == after  # every caption and number, every frame


def test_an_input_outside_a_domain_shows_the_error_and_keeps_the_numbers(
    browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    f = (x * y).log() + x
    f.label = "f"
    page = export_html(f, tmp_path / "domain.html", what_if=True)
    browser.get(page.as_uri())
    type_into(browser, "y", "4")
    again_x = Value(2.0, label="x")
    again = (again_x * Value(4.0, label="y")).log() + again_x
    again.label = "f"
    good = shown_frames(browser, len(expected_frames(f)))
    assert good == expected_frames(again)
    type_into(browser, "y", "-1")
    message = browser.find_element(By.ID, "what-if-message").text
    with pytest.raises(ValueError) as error:
        (Value(2.0) * Value(-1.0)).log()
    assert message == str(error.value) == "log: input must be positive, got -2.0"
    assert shown_frames(browser, len(good)) == good  # the last good numbers stay
    type_into(browser, "y", "1")  # back in the domain: the error goes
    assert browser.find_element(By.ID, "what-if-message").text == ""


def mlp_2_2_1(x1: float = 0.5, w: float | None = None) -> Value:
    """MLP(2, [2, 2, 1]) with fixed weights, its squared error on one example."""
    model = nn.MLP(2, [2, 2, 1])
    for index, parameter in enumerate(model.parameters()):
        parameter.data = [0.4, -0.6, 0.1, 0.7, 0.3, -0.2, 0.5, -0.8, 0.25, 0.9, -0.4, 0.6, 0.35][
            index % 13
        ] * (1.0 + index / 20)
    if w is not None:
        model.parameters()[2].data = w
    out = model([Value(x1, label="x1"), Value(-1.0, label="x2")])
    prediction = out[0] if isinstance(out, list) else out
    return (prediction - 1.0) ** 2


@pytest.mark.parametrize("options", [{}, {"collapse": True}], ids=["expanded", "collapsed"])
def test_a_network_follows_its_inputs_and_weights(
    browser: Any, tmp_path: Path, options: dict[str, Any]
) -> None:
    f = mlp_2_2_1()
    page = export_html(f, tmp_path / "network.html", what_if=True, **options)
    browser.get(page.as_uri())
    before = expected_frames(f, **options)
    bias = _third_parameter_name(browser)
    type_into(browser, "x1", "1.5")
    type_into(browser, bias, "-0.3")
    after = expected_frames(mlp_2_2_1(x1=1.5, w=-0.3), **options)
    assert after[-1] != before[-1]
    assert shown_frames(browser, len(after)) == after


def _third_parameter_name(driver: Any) -> str:
    """The name the page gives `model.parameters()[2]` (layer 1, neuron 1's bias b₁⁽¹⁾)."""
    names: list[str] = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll("
        "'#what-if input[type=number]'), function (i) { return i.getAttribute('aria-label'); });"
    )
    assert "b₁⁽¹⁾" in names, names
    return "b₁⁽¹⁾"


def test_russian_dark_quiz_asks_for_the_new_numbers(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    f = (x + y) * z
    f.label = "f"
    page = export_html(f, tmp_path / "ru.html", what_if=True, lang="ru", theme="dark", quiz="grad")
    browser.get(page.as_uri())
    assert browser.find_element(By.CSS_SELECTOR, "#what-if summary").text == "Что если…"
    background = browser.execute_script(
        "return getComputedStyle(document.getElementById('what-if')).backgroundColor"
    )
    assert background != "rgb(255, 255, 255)"  # the dark theme's caption surface
    type_into(browser, "z", "2")  # ∂f/∂f = 1, then ∂f/∂(x + y) = z = 2 is the first question
    browser.execute_script("document.activeElement.blur();")
    body = browser.find_element(By.TAG_NAME, "body")
    while not browser.find_elements(By.CSS_SELECTOR, "#questions input"):
        body.send_keys(Keys.ARROW_RIGHT)
    # ∂f/∂n1 = z = 2 and ∂f/∂z = n1 = x + y = 3: the new numbers are the right answers
    first, second = browser.find_elements(By.CSS_SELECTOR, "#questions input")
    first.send_keys("2")
    second.send_keys("3", Keys.ENTER)
    verdicts = browser.find_elements(By.CSS_SELECTOR, "#questions .verdict")
    assert [verdict.text for verdict in verdicts] == ["✓ верно", "✓ верно"]
