"""Drawings fit the page: a notebook exported by nbconvert, opened in a real headless Chromium.

A graph wider than the page (a chain of 40 additions, about 4,000 points wide) scales down to
the width of its output cell, keeping its proportions; the small seed graph keeps its natural
size. Before, nbconvert put Graphviz's SVG in an <img> of its full width and the page cropped it.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browser import chromium
from nbclient import NotebookClient

pytestmark = pytest.mark.slow  # real renders / browsers / LaTeX / builds: seconds each

WINDOW = (1280, 900)

CELLS = [
    "from autograd import Value, draw\n"
    "x, y, z = Value(-2.0, label='x'), Value(5.0, label='y'), Value(-4.0, label='z')\n"
    "f = (x + y) * z\n"
    "f.backward()\n"
    "draw(f)",
    "total = Value(0.0, label='start')\n"
    "for i in range(40):\n"
    "    total = total + Value(float(i), label=f'x{i}')\n"
    "total.backward()\n"
    "draw(total)",
]


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with chromium(tmp_path / "chromium-profile", window=WINDOW) as driver:
        yield driver


def exported_notebook(folder: Path) -> Path:
    from nbconvert import HTMLExporter

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    NotebookClient(
        notebook, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(folder)}}
    ).execute()
    page, _resources = HTMLExporter().from_notebook_node(notebook)
    path = folder / "exported.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_wide_drawing_scales_to_the_cell_in_an_exported_notebook(
    browser: Any, renderer: str, tmp_path: Path
) -> None:
    page = exported_notebook(tmp_path)
    browser.get(page.as_uri())
    sizes = browser.execute_script(
        """
        return Array.from(document.querySelectorAll('.jp-OutputArea-output svg')).map(svg => {
          const box = svg.getBoundingClientRect();
          const cell = svg.parentElement.getBoundingClientRect();  // the space the cell gives it
          return {width: box.width, height: box.height, cell: cell.width,
                  natural: svg.width.baseVal.value, naturalHeight: svg.height.baseVal.value};
        });
        """
    )
    assert len(sizes) == 2, sizes
    seed, chain = sizes
    assert browser.execute_script("return document.documentElement.scrollWidth") <= WINDOW[0]
    # the small graph: its own size
    assert abs(seed["width"] - seed["natural"]) < 1 and seed["width"] < seed["cell"]
    # the wide graph: as wide as the cell, not its natural 4,000-odd pixels, proportions kept
    assert chain["natural"] > 2 * WINDOW[0]
    assert abs(chain["width"] - chain["cell"]) < 2
    ratio = chain["natural"] / chain["naturalHeight"]
    assert abs(chain["width"] / chain["height"] - ratio) < 0.02 * ratio
    screenshot = tmp_path / "exported.png"
    browser.execute_script(
        "document.querySelectorAll('.jp-OutputArea-output svg')[1].scrollIntoView()"
    )
    assert browser.save_screenshot(str(screenshot))
    data = screenshot.read_bytes()
    assert struct.unpack(">II", data[16:24])[0] >= 1000 and len(data) > 20_000
