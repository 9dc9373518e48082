"""Without any renderer: Jupyter shows the DOT text and an install hint; rendering says why it failed.

"No renderer" is made for real in this process: PATH points at an empty directory (no `dot`
program) and `pygraphviz` cannot be imported (its `sys.modules` entry is None), so these tests
always run, whatever is installed. Choosing a renderer that is missing is the same clear error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.formatters import DisplayFormatter
from seed_graphs import seed_xyz

import autograd
from autograd.viz.render import (
    INSTALL_HINT,
    RENDERER_VARIABLE,
    GraphDrawing,
    GraphvizNotFoundError,
    available_renderers,
    chosen_renderer,
    render_dot,
    use_renderer,
)


@pytest.fixture
def no_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No `dot` on PATH (the bundled renderer may still be there)."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return tmp_path


@pytest.fixture
def no_renderer(no_dot: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Neither `dot` on PATH nor an importable pygraphviz."""
    monkeypatch.setitem(sys.modules, "pygraphviz", None)  # `import pygraphviz` now fails
    monkeypatch.delenv(RENDERER_VARIABLE, raising=False)
    return no_dot


def xyz_drawing() -> GraphDrawing:
    *_, f = seed_xyz()
    f.backward()
    return autograd.draw(f)


def test_jupyter_display_shows_source_and_hint(no_renderer: Path) -> None:
    assert available_renderers() == ()
    drawing = xyz_drawing()
    bundle = drawing._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    plain = bundle["text/plain"]
    assert isinstance(plain, str)
    assert plain.splitlines()[0] == f"cannot render the drawing: {INSTALL_HINT}"
    assert drawing.source in plain and "data −12" in plain
    assert "apt-get install graphviz" in INSTALL_HINT and "brew install graphviz" in INSTALL_HINT
    assert "pip install pygraphviz" in INSTALL_HINT
    html = bundle["text/html"]
    assert isinstance(html, str) and "&lt;TABLE" in html and "<pre>" in html


def test_ipython_formatter_shows_no_traceback(
    no_renderer: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _metadata = DisplayFormatter().format(xyz_drawing())
    assert "image/svg+xml" not in data
    assert data["text/plain"].startswith(f"cannot render the drawing: {INSTALL_HINT}")
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


def test_render_to_file_raises_a_clear_error(no_renderer: Path) -> None:
    drawing = xyz_drawing()
    with pytest.raises(GraphvizNotFoundError) as error:
        drawing.render(outfile=no_renderer / "graph.svg")
    assert str(error.value) == f"cannot render the drawing: {INSTALL_HINT}"
    assert not (no_renderer / "graph.svg").exists()
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz"):
        drawing.pipe(format="png")


def test_choosing_a_missing_renderer_says_which(
    no_renderer: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RENDERER_VARIABLE, "dot")
    with pytest.raises(GraphvizNotFoundError, match="the `dot` renderer was chosen"):
        render_dot("digraph { a }", "svg")
    monkeypatch.setenv(RENDERER_VARIABLE, "bundled")
    with pytest.raises(GraphvizNotFoundError, match="the bundled renderer was chosen"):
        chosen_renderer()


def test_without_dot_the_bundled_renderer_draws(renderer: str, no_dot: Path) -> None:
    """The pip-only install: no `dot` anywhere, and the picture is still there (`renderer` is
    chosen before `no_dot` empties PATH: choosing "dot" then is the clear error)."""
    if renderer == "dot":
        with pytest.raises(GraphvizNotFoundError, match="not on PATH"):
            xyz_drawing().pipe(format="svg")
        return
    svg = xyz_drawing().pipe(format="svg", encoding="utf-8")
    assert "<svg" in svg and "data −12" in svg


def test_use_renderer_wins_over_the_environment(
    renderer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert chosen_renderer() == renderer  # the fixture chose it through the environment
    monkeypatch.setenv(RENDERER_VARIABLE, "cairo")
    with pytest.raises(RuntimeError, match="'cairo' is not a renderer: use 'bundled' or 'dot'"):
        chosen_renderer()
    assert render_dot("digraph { a }", "svg", renderer=renderer).startswith(b"<?xml")  # per call
    try:
        use_renderer(renderer)  # type: ignore[arg-type]
        assert chosen_renderer() == renderer  # the variable is not even read
    finally:
        use_renderer(None)
    with pytest.raises(ValueError, match="unknown renderer 'gd'"):
        use_renderer("gd")  # type: ignore[arg-type]


def test_import_autograd_does_not_import_graphviz() -> None:
    program = "import sys, autograd; print('graphviz' in sys.modules, 'pygraphviz' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False False"
