"""The HTML player in a real headless Chromium: captions, buttons, arrow keys, highlight, screenshot."""

from __future__ import annotations

import re
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from seed_graphs import seed_xyz

from autograd import Value
from autograd.lecture.player import export_html, player_html

CHROMEDRIVER = "/usr/bin/chromedriver"
HIGHLIGHT_FILL = "#ffe97a"  # draw_style.HIGHLIGHT_FILL, written out: the test checks the SVG


def seed_example() -> Value:
    return seed_xyz()[-1]


def needs(*programs: str) -> None:
    for program in programs:
        if shutil.which(program) is None and not Path(program).exists():
            pytest.skip(f"{program} is not installed")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    needs("chromium", CHROMEDRIVER)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=1280,800",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def shown_caption(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    text: str = driver.find_element(By.CSS_SELECTOR, "section.frame:not([hidden]) .caption").text
    return text


def highlighted_nodes(driver: Any) -> list[tuple[str, str]]:
    """(DOT id, fill colour) of every node the visible frame marks as current."""
    from selenium.webdriver.common.by import By

    found = []
    for group in driver.find_elements(
        By.CSS_SELECTOR, "section.frame:not([hidden]) g.node.current"
    ):
        title = group.find_element(By.TAG_NAME, "title").get_attribute("textContent")
        shapes = group.find_elements(By.CSS_SELECTOR, "polygon, ellipse, path")
        fills = {shape.get_attribute("fill") for shape in shapes}
        found.append((title, HIGHLIGHT_FILL if HIGHLIGHT_FILL in fills else ",".join(fills)))
    return sorted(found)


def test_player_in_headless_chromium(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = export_html(seed_example(), tmp_path / "backprop.html", title="f = (x + y) * z")
    browser.get(page.resolve().as_uri())
    counter = browser.find_element(By.ID, "counter")

    assert shown_caption(browser) == "Forward pass: the inputs are given: x = -2, y = 5, z = -4"
    assert counter.text == "1 / 5"
    assert highlighted_nodes(browser) == []
    assert browser.find_element(By.ID, "previous").get_attribute("disabled") == "true"

    browser.find_element(By.ID, "next").click()
    assert shown_caption(browser) == "q = x + y = -2 + 5 = 3"
    assert counter.text == "2 / 5"
    # q is position 2 in topological order (x, y, q, z, f): its box v2 and its circle op2
    assert highlighted_nodes(browser) == [("op2", HIGHLIGHT_FILL), ("v2", HIGHLIGHT_FILL)]

    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    assert shown_caption(browser) == "f = q · z = 3 · (-4) = -12"
    assert highlighted_nodes(browser) == [("op4", HIGHLIGHT_FILL), ("v4", HIGHLIGHT_FILL)]
    assert browser.find_element(By.ID, "phase").text == "Forward pass"

    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    assert shown_caption(browser).splitlines() == [
        "q = x + y, upstream ∂f/∂q = -4",
        "∂f/∂x = ∂f/∂q · ∂q/∂x = -4 · 1 = -4",
        "∂f/∂y = ∂f/∂q · ∂q/∂y = -4 · 1 = -4",
    ]
    assert counter.text == "5 / 5"
    assert browser.find_element(By.ID, "phase").text == "Backward pass"
    assert browser.find_element(By.ID, "next").get_attribute("disabled") == "true"
    assert highlighted_nodes(browser) == [("op2", HIGHLIGHT_FILL), ("v2", HIGHLIGHT_FILL)]
    svg_text = browser.find_element(By.CSS_SELECTOR, "section.frame:not([hidden]) svg").text
    assert "grad -4" in svg_text and "grad 3" in svg_text

    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_LEFT)
    assert counter.text == "4 / 5"
    assert shown_caption(browser).startswith("f = q · z, upstream ∂f/∂f = 1")
    visible_svg = browser.find_element(By.CSS_SELECTOR, "section.frame:not([hidden]) svg")
    assert visible_svg.size["width"] > 800  # scaled to the window, not dot's point size

    screenshot = tmp_path / "player.png"
    assert browser.save_screenshot(str(screenshot))
    data = screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 800) or width >= 1000
    assert len(data) > 20_000  # a real picture, not a blank page


def test_player_file_is_self_contained(tmp_path: Path, renderer: str) -> None:
    page = player_html(seed_example())
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(?!#)""", page)  # no external resources
    assert "@import" not in page and "url(" not in page
    assert page.count('<section class="frame"') == 5
    assert page.count("<svg") == 5 and "<?xml" not in page and "<!DOCTYPE svg" not in page


def test_player_escapes_labels_in_captions(tmp_path: Path, renderer: str) -> None:
    x = Value(2.0, label="<b>&x</b>")
    f = x * x
    f.label = "{sections}"
    page = player_html(f)
    assert "<b>&x</b>" not in page
    assert "&lt;b&gt;&amp;x&lt;/b&gt; · &lt;b&gt;&amp;x&lt;/b&gt;" in page
    assert page.count('<section class="frame"') == 3


def test_too_many_frames_is_a_clear_error() -> None:
    x = Value(1.0, label="x")
    y = x
    for _ in range(10):
        y = y * 1.0
    with pytest.raises(ValueError, match="needs 21 frames, more than max_frames=20"):
        player_html(y, max_frames=20)
