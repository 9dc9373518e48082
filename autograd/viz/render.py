"""Turning DOT text into a picture: `render_dot(source, "png", dpi=192)`, and the `GraphDrawing`.

Every picture the project makes goes through `render_dot`: `draw(...)` shown in Jupyter,
`.render()` and `.pipe()`, the lecture player, the command line's `-o`, the tour and the
notebooks. It turns DOT source into the bytes of an svg, png, pdf, json (Graphviz's layout with
node positions) or plain (the same, as text) file, with one of two renderers:

- "bundled": the `pygraphviz` wheel, a core dependency, carries Graphviz's own libraries (the
  dot layout, SVG, cairo for PNG and PDF) and renders in-process. `pip install` is all it needs.
- "dot": the system's Graphviz `dot` program, started once per picture.

Which one renders: `use_renderer("dot")` if called, else the environment variable
`BACKPROP_LAB_RENDERER` (`bundled` or `dot`), else "bundled" when pygraphviz imports, else "dot"
when it is on PATH. With neither, `GraphvizNotFoundError` says how to get one; a `GraphDrawing`
shown in Jupyter then shows its DOT text and that hint instead. Whatever goes wrong inside a
renderer (a Graphviz syntax error, a crash, a missing program) is one `RenderError` with a
one-line message. This module and `autograd.viz.diagram` (which imports it lazily) are the only
ones that need the `graphviz` package, so `import autograd` works without it.
"""

from __future__ import annotations

import base64
import html
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, overload

import graphviz

from autograd.i18n import N_, _

__all__ = [
    "DEFAULT_DPI",
    "FORMATS",
    "INSTALL_HINT",
    "RENDERERS",
    "RENDERER_VARIABLE",
    "GraphDrawing",
    "GraphvizNotFoundError",
    "RenderError",
    "available_renderers",
    "chosen_renderer",
    "fit_svg",
    "render_dot",
    "svg_html",
    "svg_image",
    "use_renderer",
]

FORMATS = ("svg", "png", "pdf", "json", "plain")
RENDERERS = ("bundled", "dot")
RENDERER_VARIABLE = "BACKPROP_LAB_RENDERER"
DEFAULT_DPI = 192.0  # PNG pixels per inch: twice Graphviz's 96, sharp when a slide stretches it

INSTALL_HINT = N_(  # shown translated: _(INSTALL_HINT)
    "no Graphviz renderer: the bundled one (the `pygraphviz` wheel) did not import and "
    "Graphviz's `dot` program is not on PATH; `pip install pygraphviz`, or install Graphviz with "
    "`apt-get install graphviz` / `brew install graphviz` / `conda install graphviz`."
)

_CANNOT = N_("cannot render the drawing: {reason}")  # how every RenderError message starts
_chosen: str | None = None  # set by use_renderer; None: the environment variable, then automatic
_stderr_lock = threading.Lock()


class RenderError(RuntimeError):
    """A renderer could not turn the DOT text into a picture; the message is one line."""


class GraphvizNotFoundError(RenderError):
    """No renderer: pygraphviz does not import and there is no `dot` program (or the chosen one is missing)."""


def use_renderer(name: Literal["bundled", "dot"] | None) -> None:
    """Render with `name` from now on ("bundled" or "dot"); None goes back to automatic choice.

    It wins over the environment variable `BACKPROP_LAB_RENDERER`.
    """
    if name is not None and name not in RENDERERS:
        raise ValueError(f"use_renderer: unknown renderer {name!r}; use 'bundled', 'dot' or None")
    global _chosen
    _chosen = name


def available_renderers() -> tuple[str, ...]:
    """The renderers that work here, preferred first: ("bundled", "dot"), or fewer."""
    found = []
    if _bundled_imports():
        found.append("bundled")
    if shutil.which("dot") is not None:
        found.append("dot")
    return tuple(found)


def chosen_renderer(wanted: str | None = None) -> str:
    """The renderer `render_dot` uses now; `GraphvizNotFoundError` if it (or every one) is missing.

    `wanted` ("bundled" or "dot") is one call's own choice; None: `use_renderer`'s, else the
    environment variable's, else the first available.
    """
    if wanted is None:
        wanted = _chosen
    if wanted is None:
        variable = os.environ.get(RENDERER_VARIABLE, "").strip().lower()
        if variable not in ("", *RENDERERS):
            raise RenderError(
                _cannot(
                    _("{setting} is not a renderer: use 'bundled' or 'dot'").format(
                        setting=f"{RENDERER_VARIABLE}={variable!r}"
                    )
                )
            )
        wanted = variable or None
    if wanted == "bundled" and not _bundled_imports():
        raise GraphvizNotFoundError(
            _cannot(
                _(
                    "the bundled renderer was chosen but `pygraphviz` does not import: "
                    "`pip install pygraphviz`, or choose 'dot'"
                )
            )
        )
    if wanted == "dot" and shutil.which("dot") is None:
        raise GraphvizNotFoundError(
            _cannot(
                _(
                    "the `dot` renderer was chosen but Graphviz's `dot` program is not on PATH: "
                    "`apt-get install graphviz` / `brew install graphviz` / "
                    "`conda install graphviz`, or choose 'bundled'"
                )
            )
        )
    if wanted is not None:
        return wanted
    available = available_renderers()
    if not available:
        raise GraphvizNotFoundError(_cannot(_(INSTALL_HINT)))
    return available[0]


def render_dot(
    source: str,
    format: str = "svg",
    *,
    dpi: float = DEFAULT_DPI,
    renderer: Literal["bundled", "dot"] | None = None,
    engine: Literal["dot", "nop2"] = "dot",
) -> bytes:
    """The picture of the DOT text `source` as the bytes of a `format` file, laid out by dot.

    `format` is one of svg, png, pdf, json, plain; `dpi` sets the pixels per inch of a png (the
    other formats are measured in points and ignore it). `renderer` overrides the choice
    described in the module docstring for this one call. `engine="nop2"` lays nothing out:
    every node and edge keeps the `pos` it has (`neato -n2`; the stepper's pinned frames).
    """
    if format not in FORMATS:
        raise ValueError(f"render_dot: cannot render {format!r}; use one of {', '.join(FORMATS)}")
    if not (isinstance(dpi, int | float) and 1 <= dpi <= 2400):
        raise ValueError(f"render_dot: dpi must be a number from 1 to 2400, not {dpi!r}")
    if renderer is not None and renderer not in RENDERERS:
        raise ValueError(f"render_dot: unknown renderer {renderer!r}; use 'bundled' or 'dot'")
    name = chosen_renderer(renderer)
    if engine not in ("dot", "nop2"):
        raise ValueError(f"render_dot: unknown engine {engine!r}; use 'dot' or 'nop2'")
    arguments = [f"-Gdpi={dpi:g}"] if format == "png" else []
    if name == "bundled":
        return _render_bundled(source, format, arguments, engine)
    return _render_with_dot_program(source, format, [*arguments, f"-K{engine}"])


def fit_svg(svg: str) -> str:
    """`svg` ready to place in a web page: no XML prolog, and never wider than its container.

    A picture wider than the page (or notebook cell) scales down to the available width, keeping
    its proportions; a smaller one keeps its natural size.
    """
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    return re.sub(
        r"<svg\b",
        '<svg style="max-width: 100%; height: auto"',
        svg,
        count=1,
    )


# ----------------------------------------------------------------------
# The two renderers
# ----------------------------------------------------------------------


def _bundled_imports() -> bool:
    try:
        import pygraphviz  # noqa: F401  (only whether it imports)
    except ImportError:
        return False
    return True


def _render_bundled(source: str, format: str, arguments: list[str], engine: str = "dot") -> bytes:
    """In-process, with the Graphviz libraries inside the pygraphviz wheel."""
    import pygraphviz

    messages: list[str] = []
    try:
        with _graphviz_messages(messages):
            graph = pygraphviz.AGraph(string=source)
            picture = graph.draw(format=format, prog=engine, args=" ".join(arguments))
    except Exception as error:  # any failure inside the library: one named error
        raise RenderError(_failure(_("the bundled Graphviz"), messages, error)) from error
    if not isinstance(picture, bytes) or not picture:
        reason = _("it returned no picture")
        raise RenderError(_failure(_("the bundled Graphviz"), messages, reason))
    return picture


def _render_with_dot_program(source: str, format: str, arguments: list[str]) -> bytes:
    """Start the system's `dot` program once, DOT text in, picture out."""
    program = shutil.which("dot")
    if program is None:
        raise GraphvizNotFoundError(_cannot(_(INSTALL_HINT)))
    try:
        finished = subprocess.run(
            [program, f"-T{format}", *arguments],
            input=source.encode("utf-8"),
            capture_output=True,
            check=False,
        )
    except OSError as error:
        raise RenderError(_failure(_("Graphviz's `dot` program"), [], error)) from error
    messages = finished.stderr.decode("utf-8", errors="replace").splitlines()
    if finished.returncode != 0 or not finished.stdout:
        reason = _("it exited with code {code}").format(code=finished.returncode)
        raise RenderError(_failure(_("Graphviz's `dot` program"), messages, reason))
    return finished.stdout


@contextmanager
def _graphviz_messages(messages: list[str]) -> Iterator[None]:
    """Collect what the Graphviz libraries print on the process's stderr into `messages`.

    The bundled Graphviz writes its errors (and font warnings) straight to file descriptor 2;
    they belong in the error message, not scattered over a terminal or a notebook.
    """
    with _stderr_lock, tempfile.TemporaryFile() as sink:
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            messages.extend(sink.read().decode("utf-8", errors="replace").splitlines())


def _failure(renderer: str, messages: list[str], error: object) -> str:
    """One line: which renderer failed, and Graphviz's own first error line (or the exception)."""
    errors = [line.strip() for line in messages if line.strip().lower().startswith("error")]
    reason = errors[0] if errors else str(error)
    reason = " ".join(reason.split())
    if len(reason) > 300:
        reason = reason[:299] + "…"
    return _cannot(_("{renderer} failed: {reason}").format(renderer=renderer, reason=reason))


def _cannot(reason: str) -> str:
    """ "cannot render the drawing: <reason>", in the current language."""
    return _(_CANNOT).format(reason=reason)


# ----------------------------------------------------------------------
# The drawing object `autograd.draw` returns
# ----------------------------------------------------------------------


class GraphDrawing(graphviz.Digraph):  # type: ignore[misc]  # graphviz ships no type hints
    """A `graphviz.Digraph` whose pictures come from `render_dot`, friendly without Graphviz.

    `.source` is the DOT text; `.pipe(format)` the picture's bytes; `.render(outfile=...)` writes
    the picture (and no `.gv` source file next to it, unless `cleanup=False`). In Jupyter it
    shows as an SVG that scales down to the cell's width; without any renderer, as its DOT text
    with one line on how to get one.

    `dark_source` is the same drawing in the dark theme (`draw(theme="auto")`, the default): then
    the SVG shown in Jupyter (`themed_svg()`) is light on a light page and dark on a dark one
    (autograd/viz/auto_theme.py). Files (`.pipe`, `.render`) are always the light `source`.
    """

    dark_source: str | None = None

    @overload
    def pipe(
        self, format: str | None = None, *, encoding: None = None, dpi: float = DEFAULT_DPI
    ) -> bytes: ...

    @overload
    def pipe(
        self, format: str | None = None, *, encoding: str, dpi: float = DEFAULT_DPI
    ) -> str: ...

    def pipe(
        self, format: str | None = None, *, encoding: str | None = None, dpi: float = DEFAULT_DPI
    ) -> bytes | str:
        """The picture as bytes (svg, png, pdf, json, plain), or as text if `encoding` is given."""
        picture = render_dot(self.source, format or self.format, dpi=dpi)
        return picture if encoding is None else picture.decode(encoding)

    def render(
        self,
        filename: str | os.PathLike[str] | None = None,
        directory: str | os.PathLike[str] | None = None,
        view: bool = False,
        cleanup: bool = True,
        format: str | None = None,
        *,
        outfile: str | os.PathLike[str] | None = None,
        dpi: float = DEFAULT_DPI,
    ) -> str:
        """Write the picture to `outfile` (its suffix gives the format) and return its path.

        As `graphviz.Digraph.render`, `render("name")` writes `name.svg` (the drawing's format);
        the DOT source file (`name`, or `outfile` with the suffix `.gv`) is written only with
        `cleanup=False`. `view=True` opens the picture in the system's viewer.
        """
        if outfile is not None:
            picture_path = Path(outfile)
            file_format = format or picture_path.suffix.lower().lstrip(".") or self.format
            source_path = picture_path.with_suffix(".gv")
        else:
            folder = Path(directory if directory is not None else self.directory or ".")
            source_path = folder / (filename if filename is not None else self.filename)
            file_format = format or self.format
            picture_path = source_path.with_name(f"{source_path.name}.{file_format}")
        picture = render_dot(self.source, file_format, dpi=dpi)
        picture_path.parent.mkdir(parents=True, exist_ok=True)
        picture_path.write_bytes(picture)
        if not cleanup:
            source_path.write_text(self.source, encoding="utf-8")
        if view:
            graphviz.view(picture_path)
        return str(picture_path)

    def themed_svg(self) -> str:
        """The SVG shown in a notebook: with a `dark_source`, the picture with its dark colours
        for a dark page inside it (autograd/viz/auto_theme.py); else the SVG of `source`."""
        if self.dark_source is not None:
            from autograd.viz.auto_theme import ColourPairs, themed_svg

            pairs = ColourPairs()
            keyed = pairs.pair(self.source, self.dark_source)
            if keyed is not None:
                return themed_svg(render_dot(keyed, "svg").decode("utf-8"), pairs)
        return self.pipe(format="svg", encoding="utf-8")

    def _repr_mimebundle_(
        self,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
        **kwargs: Any,
    ) -> dict[str, bytes | str]:
        """Jupyter display: an SVG that fits the cell, or without a renderer the DOT text and why."""
        try:
            svg = fit_svg(self.themed_svg())
        except RenderError as error:
            reason = str(error)
            return {
                "text/plain": f"{reason}\n{self.source}",
                "text/html": f"<p>{html.escape(reason)}</p>\n<pre>{html.escape(self.source)}</pre>",
            }
        # Both: notebook front ends and nbconvert prefer the HTML (as an image/svg+xml output,
        # nbconvert wraps it in an <img> that keeps Graphviz's width, however wide); the plain SVG
        # is there for the others. The HTML is a picture even where it is not trusted: see
        # `svg_html`.
        return {"image/svg+xml": svg, "text/html": svg_html(svg)}


def svg_image(svg: str, style: str = "max-width: 100%; height: auto") -> str:
    """`svg` as an `<img>` of a data URL: a picture that no HTML sanitizer strips and that runs
    nothing (an SVG shown as an image is never scripted)."""
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    if "xmlns=" not in svg.split(">", 1)[0]:  # an image needs its namespaces declared
        svg = svg.replace(
            "<svg",
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"',
            1,
        )
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" style="{style}" alt="">'


# A trusted front end runs this: the picture becomes the inline SVG itself (its tooltips, the
# named_parameters() names, show on hover). An untrusted one (a notebook someone else ran, GitHub)
# strips the script and keeps the <img>, where an inline <svg> would be stripped to its bare text.
_INLINE_SCRIPT = (
    "<script>(function (image) {"
    " var data = image.getAttribute('src').split(',')[1];"
    " var bytes = Uint8Array.from(atob(data), function (c) { return c.charCodeAt(0); });"
    " var holder = document.createElement('div');"
    " holder.innerHTML = new TextDecoder().decode(bytes);"
    " image.replaceWith(holder.firstElementChild);"
    " }(document.currentScript.previousElementSibling));</script>"
)


def svg_html(svg: str) -> str:
    """The HTML form of a drawing for a notebook: the picture in every front end, trusted or not.

    Front ends show an untrusted output's HTML through a sanitizer that removes `<svg>` (the
    drawing became a paragraph of its text) and never fall back to image/svg+xml; an `<img>`
    survives. Where the HTML is trusted, a two-line script swaps the image for the inline SVG.
    `svg` is as `fit_svg` gives it (so the inline SVG, too, never overflows the cell).
    """
    return f'<div style="max-width: 100%">{svg_image(svg)}{_INLINE_SCRIPT}</div>'
