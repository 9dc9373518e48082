"""Kernel-free stepping: notebook 01 run, exported to HTML by nbconvert, stepped offline in Chromium."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from browser import chromium
from nbclient import NotebookClient

pytestmark = pytest.mark.slow  # real renders / browsers / LaTeX / builds: seconds each

NOTEBOOK = (
    Path(__file__).resolve().parent.parent / "notebooks" / "01_graphs_and_the_chain_rule.ipynb"
)


def test_exported_notebook_steps_without_a_kernel(tmp_path: Path, renderer: str) -> None:
    from nbconvert import HTMLExporter
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    body, _ = HTMLExporter().from_notebook_node(notebook)
    page = tmp_path / "01.html"
    page.write_text(body, encoding="utf-8")

    with chromium(tmp_path / "chromium-profile", window=(1280, 900)) as driver:
        driver.get(page.resolve().as_uri())  # a file, no server, no kernel
        frames = driver.find_elements(By.CSS_SELECTOR, "iframe.backprop-lab-stepper")
        # Stepper(f), Stepper(f, quiz="grad"), the many-paths one, and the exercise's quiz neuron
        assert len(frames) == 4
        first = frames[0]
        # The player told the notebook its height: the iframe fits it (not the first 560 px).
        WebDriverWait(driver, 10).until(lambda d: first.get_attribute("style").find("560px") < 0)
        assert 250 < first.size["height"] < 900 and first.size["width"] > 600
        driver.switch_to.frame(first)
        caption = driver.find_element(By.ID, "caption")
        assert caption.text == "Forward pass: the inputs are given: x = −2, y = 5, z = −4"
        driver.find_element(By.ID, "next").click()
        assert caption.text == "q = x + y = −2 + 5 = 3"
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.SPACE)
        assert caption.text == "f = q · z = 3 · (−4) = −12"
        picture = driver.find_element(By.CSS_SELECTOR, "#picture svg")
        assert picture.size["width"] > 500  # scaled to the cell's width
        driver.switch_to.default_content()
        driver.switch_to.frame(frames[1])  # the quiz
        assert driver.find_element(By.ID, "counter").text == "1 / 7"
