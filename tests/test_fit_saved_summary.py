"""A notebook's training leaves a line of text in its saved output, not a widget (issue 24, 15).

In a notebook `fit`'s progress bar is a tqdm widget while it runs. A widget's model lives only in
the kernel that made it: reopened, a saved widget output shows "Error displaying widget: model
not found" (trusted) or a stale "0%" (untrusted). So when the training ends the bar's output is
replaced (through its display id) by the summary line, which is what the file keeps. Checked
with nbclient (a real kernel) and by training, saving, closing and reopening in a real
JupyterLab and Notebook 7, trusted and untrusted.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.sign import NotebookNotary

from tests.browser import chromium
from tests.jupyter import (
    jupyter_server,
    open_notebook,
    reopen_notebook,
    save_notebook,
    screenshot,
    wait_for,
)

pytestmark = pytest.mark.slow  # a real kernel

SOURCE = (
    "from nn import MLP, fit, optim, functional as F\n"
    "model = MLP(2, [4, 1])\n"
    "data = ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])\n"
    "history = fit(model, data, F.binary_cross_entropy_with_logits,\n"
    "              optim.SGD(model.parameters(), lr=0.1), epochs=7)\n"
    "print(f'{history.loss[-1]:.4f} {history.accuracy[-1]:.2%}')"
)

WIDGET = "application/vnd.jupyter.widget-view+json"


def summary_pattern(printed: str) -> str:
    """The summary line for the loss and accuracy the cell printed ("0.6931 50.00%")."""
    loss, accuracy = printed.split()
    return rf"fit \(\w+\): 7 epochs, loss {re.escape(loss)}, accuracy {re.escape(accuracy)}"


def test_fit_in_a_notebook_saves_a_text_summary_not_a_widget(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SOURCE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = notebook.cells[0].outputs
    # The bar was a widget while it ran (its model's state, kept by nbclient) ...
    states = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert any(state["model_name"] == "FloatProgressModel" for state in states.values())
    # ... and its output is now the summary line, no widget view is left to fail.
    assert not [o for o in outputs if WIDGET in o.get("data", {})], outputs
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    shown = [o["data"]["text/plain"] for o in outputs if o.output_type == "display_data"]
    assert len(shown) == 1 and re.fullmatch(summary_pattern(printed.strip()), shown[0]), outputs


_OUTPUT_TEXT = """
const panel = window.jupyterapp.shell.currentWidget;
const outputs = [...panel.node.querySelectorAll('.jp-OutputArea-output')];
return outputs.length ? outputs.map(output => output.innerText).join('\\n') : null;
"""


@pytest.mark.parametrize("front", ["lab", "notebook"])
def test_trained_saved_closed_and_reopened(tmp_path: Path, front: str) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SOURCE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, tmp_path / "training.ipynb")
    with (
        jupyter_server(tmp_path, front) as server,  # type: ignore[arg-type]
        chromium(tmp_path / "profile", viewport=(1366, 768)) as driver,
    ):
        open_notebook(driver, server, "training.ipynb")
        driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
        text = wait_for(  # the line appears when the training ends
            driver,
            _OUTPUT_TEXT.replace("return outputs.length ?", "const t = outputs.length ?")
            + "return t && /fit \\(\\w+\\): 7 epochs/.test(t) ? t : null;",
        )
        printed = text.strip().splitlines()[-1]
        save_notebook(driver)
        reopen_notebook(driver, server, "training.ipynb")
        reopened = wait_for(driver, _OUTPUT_TEXT)
        screenshot(driver, tmp_path / f"progress-reopened-{front}.png")
        assert re.search(summary_pattern(printed), reopened), reopened
        assert "Error displaying widget" not in reopened and "%|" not in reopened, reopened
        assert driver.execute_script(
            "return window.jupyterapp.shell.currentWidget.content.widgets[0].model.trusted"
        )  # saved from the browser: signed, so trusted

        # The same file opened by someone who did not run it: not signed for them (untrusted).
        # Its only outputs are text, which every front end shows as it is.
        saved = nbformat.read(tmp_path / "training.ipynb", as_version=4)
        assert not [o for o in saved.cells[0].outputs if WIDGET in o.get("data", {})]
        notary = NotebookNotary(data_dir=str(tmp_path / ".jupyter-private" / "data"))
        assert notary.check_signature(saved)  # JupyterLab signed what it saved
        saved.metadata["copied"] = True  # another notebook: no signature for it
        assert not notary.check_signature(saved)
        nbformat.write(saved, tmp_path / "copy.ipynb")
        open_notebook(driver, server, "copy.ipynb")
        untrusted = wait_for(driver, _OUTPUT_TEXT)
        screenshot(driver, tmp_path / f"progress-reopened-unsigned-{front}.png")
        assert re.search(summary_pattern(printed), untrusted), untrusted
        assert "Error displaying widget" not in untrusted and "%|" not in untrusted, untrusted
