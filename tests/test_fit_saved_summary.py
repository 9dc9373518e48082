"""A notebook's training leaves a text summary in its saved output (issue 24, item 15).

In a notebook `fit`'s progress bar is a tqdm widget; reopened, the saved notebook cannot show it
("Error displaying widget: model not found", or a stale 0% where it is not trusted). The text
line printed when the training ends is saved with the cell and reads the same everywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow  # a real kernel


def test_fit_in_a_notebook_saves_a_text_summary(tmp_path: Path) -> None:
    source = (
        "from nn import MLP, fit, optim, functional as F\n"
        "model = MLP(2, [4, 1])\n"
        "data = ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])\n"
        "history = fit(model, data, F.binary_cross_entropy_with_logits,\n"
        "              optim.SGD(model.parameters(), lr=0.1), epochs=7)\n"
        "print(f'{history.loss[-1]:.4f} {history.accuracy[-1]:.2%}')"
    )
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = notebook.cells[0].outputs
    widgets = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert widgets  # the live bar is a widget here
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    loss, accuracy = text.splitlines()[-1].split()
    assert re.search(
        rf"^fit \(\w+\): 7 epochs, loss {re.escape(loss)}, accuracy {re.escape(accuracy)}$",
        text,
        re.M,
    ), text
