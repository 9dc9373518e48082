"""The HTML player in a real headless Chromium: captions, keys, one geometry, the quiz, printing."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, needs
from seed_graphs import seed_xyz

from autograd import Value
from autograd.lecture.player import export_html, page_data, player_html

pytestmark = pytest.mark.slow  # real renders / browsers / LaTeX / builds: seconds each

HIGHLIGHT_FILL = "#ffe97a"  # viz.style.HIGHLIGHT_FILL, written out: the test checks the SVG


def sigmoid_neuron() -> tuple[list[Value], Value]:
    """The slides' neuron σ(w0·x0 + w1·x1 + w2) at w0=2, x0=-1, w1=-3, x1=-2, w2=-3."""
    leaves = [
        Value(value, label=name)
        for name, value in [("w0", 2.0), ("x0", -1.0), ("w1", -3.0), ("x1", -2.0), ("w2", -3.0)]
    ]
    w0, x0, w1, x1, w2 = leaves
    f = (w0 * x0 + w1 * x1 + w2).sigmoid()
    f.label = "f"
    return leaves, f


@pytest.fixture
def browser(tmp_path: Path, renderer: str) -> Iterator[Any]:
    with chromium(tmp_path / "chromium-profile", window=(1280, 800)) as driver:
        yield driver


def caption(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    text: str = driver.find_element(By.ID, "caption").text
    return text.replace("\N{NO-BREAK SPACE}", " ").replace("\N{WORD JOINER}", "").splitlines()


def counter(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    text: str = driver.find_element(By.ID, "counter").text
    return text


def press(driver: Any, *keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    for key in keys:
        ActionChains(driver).send_keys(key).perform()


def highlighted_nodes(driver: Any) -> list[tuple[str, str]]:
    """(DOT id, fill colour) of every node the shown frame marks as current."""
    from selenium.webdriver.common.by import By

    found = []
    for group in driver.find_elements(By.CSS_SELECTOR, "#picture g.node.current"):
        title = group.find_element(By.TAG_NAME, "title").get_attribute("textContent")
        shapes = group.find_elements(By.CSS_SELECTOR, "polygon, ellipse, path")
        fills = {shape.get_attribute("fill") for shape in shapes}
        found.append((title, HIGHLIGHT_FILL if HIGHLIGHT_FILL in fills else ",".join(fills)))
    return sorted(found)


GEOMETRY = """
var svg = document.querySelector("#picture svg");
var nodes = Array.prototype.map.call(svg.querySelectorAll("g.node"), function (group) {
  var box = group.getBBox();
  return [group.querySelector("title").textContent, box.x, box.y, box.width, box.height];
});
var shown = svg.getBoundingClientRect();  // its size on the screen: the picture never rescales
return [svg.getAttribute("viewBox"), nodes, [shown.left, shown.top, shown.width, shown.height]];
"""


def test_player_steps_with_every_key(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    x, y, z, _q, f = seed_xyz()
    page = export_html(f, tmp_path / "backprop.html")
    browser.get(page.resolve().as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text == "f = (x + y) · z"  # the formula
    assert browser.title == "f = (x + y) · z"
    assert caption(browser) == ["Forward pass: the inputs are given: x = −2, y = 5, z = −4"]
    assert counter(browser) == "1 / 7"
    assert highlighted_nodes(browser) == []
    assert browser.find_element(By.ID, "previous").get_attribute("disabled") == "true"

    browser.find_element(By.ID, "next").click()
    assert caption(browser) == ["q = x + y = −2 + 5 = 3"]
    # q is position 2 in topological order (x, y, q, z, f): its box v2 and its circle op2
    assert highlighted_nodes(browser) == [("op2", HIGHLIGHT_FILL), ("v2", HIGHLIGHT_FILL)]
    press(browser, Keys.SPACE)
    assert caption(browser) == ["f = q · z = 3 · (−4) = −12"]
    assert browser.find_element(By.ID, "phase").text == "Forward pass"
    press(browser, Keys.ENTER)
    assert caption(browser)[0] == "start: ∂f/∂f = 1"
    assert browser.find_element(By.ID, "phase").text == "Backward pass"
    press(browser, Keys.PAGE_DOWN)
    assert caption(browser)[:3] == [
        "f = q · z, upstream ∂f/∂f = 1",
        "×: the derivative by one factor is the other factor",
        "∂f/∂q = ∂f/∂f · z = 1 · (−4) = −4",
    ]
    press(browser, Keys.ARROW_RIGHT)
    assert counter(browser) == "6 / 7"
    assert caption(browser) == [
        "q = x + y, upstream ∂f/∂q = −4",
        "∂q/∂x = 1, ∂q/∂y = 1  (+ passes the gradient on to both inputs)",
        "∂f/∂x = ∂f/∂q · 1 = −4 · 1 = −4",
        "∂f/∂y = ∂f/∂q · 1 = −4 · 1 = −4",
    ]
    assert highlighted_nodes(browser) == [("op2", HIGHLIGHT_FILL), ("v2", HIGHLIGHT_FILL)]
    press(browser, Keys.SPACE)
    assert counter(browser) == "7 / 7"
    assert caption(browser) == [
        "Done: the gradient of f with respect to every input",
        "∂f/∂x = −4,   ∂f/∂y = −4,   ∂f/∂z = 3",
    ]
    assert browser.find_element(By.ID, "phase").text == "Done"
    assert browser.find_element(By.ID, "next").get_attribute("disabled") == "true"
    svg_text = browser.find_element(By.CSS_SELECTOR, "#picture svg").text
    assert "grad −4" in svg_text and "grad 3" in svg_text  # the captions' minus in the boxes too

    press(browser, Keys.BACKSPACE)
    assert counter(browser) == "6 / 7"
    press(browser, Keys.PAGE_UP, Keys.ARROW_LEFT)
    assert counter(browser) == "4 / 7"
    press(browser, Keys.END)
    assert counter(browser) == "7 / 7"
    press(browser, Keys.HOME)
    assert counter(browser) == "1 / 7"
    assert browser.find_element(By.CSS_SELECTOR, "#picture svg").size["width"] > 800
    assert (x.grad, y.grad, z.grad, f.grad) == (0.0,) * 4  # exporting changed no .grad


def test_sigmoid_neuron_captions_and_one_geometry(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    _, f = sigmoid_neuron()
    browser.get(export_html(f, tmp_path / "neuron.html").resolve().as_uri())
    captions, geometries = [], []
    for _ in range(13):
        captions.append(caption(browser))
        geometries.append(browser.execute_script(GEOMETRY))
        press(browser, Keys.SPACE)
    assert captions[5] == ["f = σ(n4) = σ(1) = 0.7311"]
    assert captions[6][0] == "start: ∂f/∂f = 1"
    # Each step: upstream × the op's own rule, in symbols and then in numbers.
    assert captions[7] == [
        "f = σ(n4), upstream ∂f/∂f = 1",
        "σ′ = σ(1 − σ)",
        "∂f/∂n4 = ∂f/∂f · σ(n4)(1 − σ(n4)) = 1 · 0.7311 · (1 − 0.7311) = 0.1966",
    ]
    assert captions[8] == [
        "n4 = n3 + w2, upstream ∂f/∂n4 = 0.1966",
        "∂n4/∂n3 = 1, ∂n4/∂w2 = 1  (+ passes the gradient on to both inputs)",
        "∂f/∂n3 = ∂f/∂n4 · 1 = 0.1966 · 1 = 0.1966",
        "∂f/∂w2 = ∂f/∂n4 · 1 = 0.1966 · 1 = 0.1966",
    ]
    assert captions[11] == [
        "n1 = w0 · x0, upstream ∂f/∂n1 = 0.1966",
        "∂n1/∂w0 = x0 = −1, ∂n1/∂x0 = w0 = 2  (×: the derivative by one factor is the other factor)",
        "∂f/∂w0 = ∂f/∂n1 · x0 = 0.1966 · (−1) = −0.1966",
        "∂f/∂x0 = ∂f/∂n1 · w0 = 0.1966 · 2 = 0.3932",
    ]
    assert " ".join(captions[12][1:]).split(",   ") == [  # one line, wrapped by the browser
        "∂f/∂w0 = −0.1966",
        "∂f/∂x0 = 0.3932",
        "∂f/∂w1 = −0.3932",
        "∂f/∂x1 = −0.5898",
        "∂f/∂w2 = 0.1966",
    ]
    # One picture: the same viewBox and every node's box the same in all 13 frames.
    view_box, nodes, on_screen = geometries[0]
    assert len(nodes) == 15  # 10 values + 5 operations
    assert all(geometry == [view_box, nodes, on_screen] for geometry in geometries)


def test_quiz_right_wrong_hint_and_score(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _x, _y, _z, _q, f = seed_xyz()
    browser.get(export_html(f, tmp_path / "quiz.html", quiz="grad").resolve().as_uri())
    press(browser, Keys.END, Keys.HOME)  # End shows the last frame; nothing answered yet
    for _ in range(4):
        press(browser, Keys.SPACE)
    assert counter(browser) == "5 / 7"  # the step at f asks ∂f/∂q and ∂f/∂z
    page_text = browser.find_element(By.TAG_NAME, "body").text
    assert "−4" not in page_text.replace("data −4", "")  # z's value, not an answer
    assert "grad 3" not in page_text
    assert caption(browser)[0] == "f = q · z, upstream ∂f/∂f = 1"
    asked_at = browser.execute_script(GEOMETRY)[2]
    inputs = browser.find_elements(By.CSS_SELECTOR, "#questions input")
    labels = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "#questions label")]
    assert labels == ["∂f/∂q =", "∂f/∂z ="]
    assert browser.find_element(By.ID, "hint").text == ""
    inputs[0].send_keys("-4")  # right
    inputs[1].send_keys("-3")  # wrong (the sign)
    inputs[1].send_keys(Keys.ENTER)
    # the wrong one stays open for another try, and the hint (the rule) comes before any answer
    assert verdicts(browser) == ["✓ right", "✗ not yet: try again"]
    hint = browser.find_element(By.ID, "hint").text
    assert hint.startswith(
        "∂f/∂q = ∂f/∂f · z, where ∂f/∂f is the output's gradient by itself"
        " (×: the derivative by one factor is the other factor)"
    )
    assert "∂f/∂z = ∂f/∂f · q, where ∂f/∂f" in hint
    assert "−4" not in hint and "3" not in hint  # the rule, never the answers
    assert [i.is_enabled() for i in browser.find_elements(By.CSS_SELECTOR, "#questions input")] == [
        False,
        True,
    ]
    assert "grad 3" not in browser.find_element(By.CSS_SELECTOR, "#picture svg").text
    inputs = browser.find_elements(By.CSS_SELECTOR, "#questions input")
    inputs[1].clear()
    inputs[1].send_keys("3", Keys.ENTER)  # right at the second try
    assert verdicts(browser) == ["✓ right", "✓ right now"]
    assert caption(browser)[2] == "∂f/∂q = ∂f/∂f · z = 1 · (−4) = −4"  # now the step is shown
    assert "grad 3" in browser.find_element(By.CSS_SELECTOR, "#picture svg").text
    assert browser.execute_script(GEOMETRY)[2] == asked_at  # the picture did not move

    press(browser, Keys.SPACE)  # the step at q
    inputs = browser.find_elements(By.CSS_SELECTOR, "#questions input")
    inputs[0].send_keys("−4.0")  # a Unicode minus is fine
    inputs[1].send_keys("1e400")  # not a finite number: not an answer at all
    browser.find_element(By.ID, "check").click()
    assert browser.find_element(By.ID, "hint").text == "not a number: type one, e.g. −0.25 or 3"
    assert verdicts(browser) == ["", ""]  # nothing judged yet
    inputs[1].clear()
    inputs[1].send_keys("-4.02")  # 3 digits typed: −4.02 is not −4 (no 1 % slack)
    browser.find_element(By.ID, "check").click()
    assert verdicts(browser)[1].startswith("✗ not yet")
    browser.find_element(By.ID, "reveal").click()  # "show the answer" stays its own choice
    assert verdicts(browser) == ["✓ right", "✗ it is −4"]
    press(browser, Keys.SPACE)
    assert counter(browser) == "7 / 7"
    assert browser.execute_script(GEOMETRY)[2] == asked_at
    score = browser.find_element(By.ID, "score").text
    assert score == "Score: 2/4 at the first try, 3/4 in the end"


def verdicts(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [v.text for v in driver.find_elements(By.CSS_SELECTOR, "#questions .verdict")]


def test_quiz_digits_too_coarse_and_not_a_number(browser: Any, tmp_path: Path) -> None:
    """−0.20 for 0.1966's −: right; −0.2 too coarse (not wrong); 1e400 and −99e999 not numbers."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _, f = sigmoid_neuron()
    browser.get(export_html(f, tmp_path / "quiz.html", quiz="grad").resolve().as_uri())
    while not browser.find_elements(By.CSS_SELECTOR, "#questions input"):
        press(browser, Keys.SPACE)
    assert caption(browser)[0].startswith("f = σ(")  # asks the 0.1966 under σ
    answer = browser.find_element(By.CSS_SELECTOR, "#questions input")
    for typed in ("1.0e400", "10e400", "−99e999"):
        answer.clear()
        answer.send_keys(typed, Keys.ENTER)
        assert browser.find_element(By.ID, "hint").text.startswith("not a number"), typed
        assert verdicts(browser) == [""]
    answer.clear()
    answer.send_keys("0.2", Keys.ENTER)
    assert verdicts(browser) == ["≈ too coarse"]
    assert browser.find_element(By.ID, "hint").text.startswith("too coarse: give at least 2")
    answer = browser.find_element(By.CSS_SELECTOR, "#questions input")
    assert answer.is_enabled()
    answer.clear()
    answer.send_keys("0.20", Keys.ENTER)
    assert verdicts(browser) == ["✓ right"]  # too coarse was not a wrong try
    press(browser, Keys.END)
    score = browser.find_element(By.ID, "score").text
    assert re.fullmatch(r"Score: 1/(\d+) at the first try, 1/\1 in the end", score)


def test_quiz_on_values_and_skipping_a_question(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _, f = sigmoid_neuron()
    browser.get(export_html(f, tmp_path / "quiz.html", quiz="data").resolve().as_uri())
    press(browser, Keys.SPACE)
    assert caption(browser)[0] == "n1 = w0 · x0"
    shown = browser.find_element(By.CSS_SELECTOR, "#picture svg").text
    assert shown.count("data −2") == 1  # x1's value, not yet n1's
    answer = browser.find_element(By.CSS_SELECTOR, "#questions input")
    answer.send_keys("two")
    answer.send_keys(Keys.ENTER)
    assert browser.find_element(By.ID, "hint").text == "not a number: type one, e.g. −0.25 or 3"
    answer.clear()
    answer.send_keys("-2", Keys.ENTER)
    assert browser.find_element(By.CSS_SELECTOR, "#questions .verdict").text == "✓ right"
    press(browser, Keys.SPACE)  # n5 = w1 · x1 = 6
    browser.find_element(By.ID, "reveal").click()  # no answer: shown, counted as not right
    assert browser.find_element(By.CSS_SELECTOR, "#questions .verdict").text == "the answer is 6"
    press(browser, Keys.SPACE)  # n6 = n2 + n5: its answer box has the focus (Space would type)
    browser.find_element(By.ID, "next").click()  # Next on an open question reveals it first
    assert caption(browser) == ["n3 = n1 + n2 = −2 + 6 = 4"]
    press(browser, Keys.END)
    score = browser.find_element(By.ID, "score").text
    assert score == "Score: 1/3 at the first try, 1/3 in the end"


def test_print_gives_one_frame_per_page(browser: Any, tmp_path: Path) -> None:
    *_, f = seed_xyz()
    browser.get(export_html(f, tmp_path / "print.html").resolve().as_uri())
    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages == 7


def test_player_file_is_self_contained(renderer: str) -> None:
    page = player_html(seed_xyz()[-1])
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(?!#)""", page)  # no external resources
    assert "@import" not in page and "url(" not in page
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page
    assert page.count("\\u003csvg") == 1  # the pictures' shared lines, in the script's data
    frames = page_data(page)["frames"]  # one picture per frame, put back together
    assert len(frames) == 7 and all(frame["svg"].startswith("<svg") for frame in frames)


def test_player_escapes_labels(renderer: str) -> None:
    x = Value(2.0, label="<b>&x</b>")
    f = x * x
    f.label = "</script><script>alert(1)</script>{{data}}"
    page = player_html(f)
    assert "<b>&x</b>" not in page and "</script><script>alert" not in page
    assert "&lt;b&gt;&amp;x&lt;/b&gt; · &lt;b&gt;&amp;x&lt;/b&gt;" in page  # the title
    assert page.count("<script") == 2


def test_too_many_frames_is_a_clear_error() -> None:
    x = Value(1.0, label="x")
    y = x
    for _ in range(10):
        y = y * 1.0
    with pytest.raises(ValueError, match="needs 23 frames, more than max_frames=20"):
        player_html(y, max_frames=20)


def test_dark_theme_makes_the_whole_page_dark(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from autograd.lecture.page_theme import PAGES
    from autograd.viz.style import THEMES, contrast_ratio, hex_rgb

    _leaves, f = sigmoid_neuron()
    browser.get(export_html(f, tmp_path / "dark.html", theme="dark").resolve().as_uri())
    dark = PAGES["dark"]

    def colour(css_selector: str, prop: str) -> str:
        value: str = browser.find_element(By.CSS_SELECTOR, css_selector).value_of_css_property(prop)
        return value

    def rgb(hex_colour: str) -> str:
        return "rgba({}, {}, {}, 1)".format(*hex_rgb(hex_colour))

    assert colour("body", "background-color") == rgb(dark.background)
    assert colour("h1", "color") == rgb(dark.text)
    assert colour("#caption", "background-color") == rgb(dark.caption_background)
    assert colour("#caption", "color") == rgb(dark.text)
    assert colour("#next", "background-color") == rgb(dark.button_background)
    assert colour("#phase", "background-color") == rgb(dark.forward_chip)
    assert contrast_ratio(dark.text, dark.caption_background) >= 4.5
    # the picture's own background is the page's: no light rectangle around the graph
    fills = browser.execute_script(
        "return document.querySelector('#picture svg g.graph > polygon').getAttribute('fill')"
    )
    assert fills == THEMES["dark"].background == dark.background
    press(browser, Keys.END, Keys.LEFT, Keys.LEFT)  # a backward frame
    assert colour("#caption", "border-top-color") == rgb(dark.backward)
    assert colour("#phase", "color") == rgb(dark.backward_chip_text)


def test_dark_player_prints_light(browser: Any, tmp_path: Path) -> None:
    import subprocess

    needs("pdftoppm")
    _leaves, f = sigmoid_neuron()
    browser.get(export_html(f, tmp_path / "dark.html", theme="dark").resolve().as_uri())
    pdf = tmp_path / "dark.pdf"
    pdf.write_bytes(base64.b64decode(browser.print_page()))
    for page in (1, 10, 13):  # the inputs, a backward step with its highlight, the end
        pgm = subprocess.run(
            ["pdftoppm", "-r", "30", "-gray", "-f", str(page), "-l", str(page), str(pdf)],
            capture_output=True,
            check=True,
        ).stdout
        magic, _size, _depth, pixels = pgm.split(b"\n", 3)
        assert magic == b"P5"
        mean = sum(pixels) / len(pixels)
        dark_share = sum(1 for pixel in pixels if pixel < 128) / len(pixels)
        assert mean > 230 and dark_share < 0.1, (page, mean, dark_share)  # paper, little ink
