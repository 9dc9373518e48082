"""Without Graphviz's `dot`: Jupyter shows the DOT text and an install hint; rendering says why it failed.

`dot` is made unavailable by pointing PATH at an empty directory, so these tests always run,
whether or not Graphviz is installed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.formatters import DisplayFormatter

import autograd
from autograd import Value
from autograd.viz.render import INSTALL_HINT, GraphDrawing, GraphvizNotFoundError


@pytest.fixture
def no_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return tmp_path


def xyz_drawing() -> GraphDrawing:
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    f = (x + y) * z
    f.backward()
    return autograd.draw(f)


def test_jupyter_display_shows_source_and_hint(no_dot: Path) -> None:
    drawing = xyz_drawing()
    bundle = drawing._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    plain = bundle["text/plain"]
    assert isinstance(plain, str)
    assert plain.splitlines()[0] == INSTALL_HINT
    assert drawing.source in plain and "data -12" in plain
    assert "apt-get install graphviz" in INSTALL_HINT and "brew install graphviz" in INSTALL_HINT
    html = bundle["text/html"]
    assert isinstance(html, str) and "&lt;TABLE" in html and "<pre>" in html


def test_ipython_formatter_shows_no_traceback(
    no_dot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _metadata = DisplayFormatter().format(xyz_drawing())
    assert "image/svg+xml" not in data
    assert data["text/plain"].startswith(INSTALL_HINT)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


def test_render_to_file_raises_a_clear_error(no_dot: Path) -> None:
    drawing = xyz_drawing()
    with pytest.raises(GraphvizNotFoundError, match="cannot render the drawing to a file") as error:
        drawing.render(outfile=no_dot / "graph.svg")
    assert INSTALL_HINT in str(error.value)
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz"):
        drawing.pipe(format="png")


def test_import_autograd_does_not_import_graphviz() -> None:
    program = "import sys, autograd; print('graphviz' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
