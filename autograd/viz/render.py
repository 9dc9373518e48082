"""`GraphDrawing`: the `graphviz.Digraph` that `autograd.draw` returns, friendly without Graphviz.

The Python `graphviz` package only writes DOT text; turning it into a picture needs Graphviz's
`dot` program. When `dot` is missing, a plain `Digraph` shown in Jupyter prints a traceback. A
`GraphDrawing` shows the DOT text instead, with one line saying how to install Graphviz, and
`render`/`pipe` raise `GraphvizNotFoundError` with the same line. This is the only module
besides `autograd.viz.diagram` (which imports it lazily) that needs the `graphviz` package, so
`import autograd` works without it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import graphviz

__all__ = ["INSTALL_HINT", "GraphDrawing", "GraphvizNotFoundError"]

INSTALL_HINT = (
    "Graphviz's `dot` program is not installed (or not on PATH); install it with "
    "`apt-get install graphviz` / `brew install graphviz` / `conda install graphviz`."
)


class GraphvizNotFoundError(RuntimeError):
    """Rendering a drawing needs Graphviz's `dot` program, and it was not found."""


class GraphDrawing(graphviz.Digraph):  # type: ignore[misc]  # graphviz ships no type hints
    """A `graphviz.Digraph` that explains a missing `dot` instead of failing with a traceback."""

    def pipe(self, *args: Any, **kwargs: Any) -> Any:
        """Render to bytes (or str), as `graphviz.Digraph.pipe`; a clear error without `dot`."""
        try:
            return super().pipe(*args, **kwargs)
        except graphviz.ExecutableNotFound as error:
            raise GraphvizNotFoundError(f"cannot render the drawing: {INSTALL_HINT}") from error

    def render(self, *args: Any, **kwargs: Any) -> Any:
        """Render to a file, as `graphviz.Digraph.render`; a clear error without `dot`."""
        try:
            return super().render(*args, **kwargs)
        except graphviz.ExecutableNotFound as error:
            raise GraphvizNotFoundError(
                f"cannot render the drawing to a file: {INSTALL_HINT}"
            ) from error

    def _repr_mimebundle_(
        self,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
        **kwargs: Any,
    ) -> dict[str, bytes | str]:
        """Jupyter display: the picture, or without `dot` the DOT text and how to install Graphviz."""
        try:
            bundle: dict[str, bytes | str] = super()._repr_mimebundle_(include, exclude, **kwargs)
        except GraphvizNotFoundError:
            return {
                "text/plain": f"{INSTALL_HINT}\n{self.source}",
                "text/html": (
                    f"<p>{html.escape(INSTALL_HINT)}</p>\n<pre>{html.escape(self.source)}</pre>"
                ),
            }
        return bundle
