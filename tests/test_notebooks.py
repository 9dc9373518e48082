"""The lecture notebooks: each runs top to bottom in a fresh kernel, and is stored without outputs.

Every notebook is executed with nbclient in a fresh `python3` kernel whose working directory is
an empty temporary directory, which must still be empty afterwards: a notebook run in place
writes no files next to itself. A cell that raises, including a failed `assert` on the seed's
numbers, fails the test, and every cell that ends in `draw(...)` must show a rendered SVG.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograd.viz.render import INSTALL_HINT

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_the_series_is_there() -> None:
    assert len(NOTEBOOKS) == 13  # twelve lectures and the appendix (13: the engine's insides)
    assert [path.name[:3] for path in NOTEBOOKS] == [f"{i:02d}_" for i in range(1, 14)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells, "a notebook without code"
    for cell in code_cells:
        assert cell.outputs == [], f"stored outputs in a cell starting {cell.source[:60]!r}"
        assert cell.execution_count is None
    assert notebook.cells[0].cell_type == "markdown"  # prose first


@pytest.mark.slow  # a kernel per notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path, tmp_path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError (with the traceback) on any error
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    assert sorted(path.name for path in tmp_path.iterdir()) == []  # no files left behind
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.strip().splitlines()[-1].startswith("draw("):
            shown = [output.get("data", {}) for output in cell.outputs]
            assert any("<svg" in data.get("image/svg+xml", "") for data in shown), cell.source
            assert not any(INSTALL_HINT in str(data) for data in shown)


@pytest.mark.slow  # a kernel
def test_notebook_11_runs_without_torch(tmp_path: Path) -> None:
    """The `notebook` extra has no PyTorch: notebook 11 says so and skips that one comparison."""
    hidden = tmp_path / "hide_torch" / "torch"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text("raise ImportError(\"No module named 'torch'\")\n")
    run_in = tmp_path / "run"
    run_in.mkdir()
    path = next(path for path in NOTEBOOKS if path.name.startswith("11_"))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(run_in)}}
    )
    python_path = os.pathsep.join(
        [str(hidden.parent), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    client.execute(env={**os.environ, "PYTHONPATH": python_path})
    printed = "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    assert "PyTorch is not installed" in printed
    assert "PyTorch's 50 epochs" not in printed
    assert sorted(run_in.iterdir()) == []
