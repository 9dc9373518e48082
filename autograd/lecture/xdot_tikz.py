"""One Graphviz drawing as a TikZ picture, shape by shape, from Graphviz's own drawing operations.

`dot -Tjson` (and `neato -n2 -Tjson` for a pinned lecture frame) lists, for the graph, every
cluster, node and edge, the operations that draw it (xdot: polygons, ellipses, Bézier curves,
text at a point with a font, colours and line styles). `xdot_picture` replays them as TikZ
commands in Graphviz's coordinates (1 point = 1 bp), so a slide shows exactly what the player
shows: the same boxes, tables, edges, colours and numbers, drawn by pdflatex in vector form.

Text is set in the document's sans-serif font at Graphviz's size; where LaTeX's font is wider
than the one Graphviz measured, that one piece of text is scaled down to Graphviz's width, so no
text ever leaves its box. Every text goes through `latex_text` (no label can inject TeX).
A picture always has Graphviz's bounding box (`\\useasboundingbox`), so the frames of one
lecture, laid out once and pinned, are the same size and sit in the same place.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from autograd.viz.latex import latex_text

__all__ = ["XDOT_MACROS", "xdot_picture"]

# \bpxtext{width}{text}: the text, scaled down to `width` if it is wider (never up).
XDOT_MACROS = [
    r"\newsavebox\bpxbox",
    r"\newcommand\bpxtext[2]{\sbox\bpxbox{#2}%",
    r"  \ifdim\wd\bpxbox>#1\relax\resizebox{#1}{!}{\usebox\bpxbox}\else\usebox\bpxbox\fi}",
]

_BASE_SIZE = 10.0  # text is set at 10 bp and scaled to Graphviz's size (any size, one font)
_BOLD, _ITALIC, _SUPERSCRIPT, _SUBSCRIPT = 1, 2, 8, 16
_ANCHORS = {"l": "base west", "c": "base", "r": "base east"}
_NAMED = {"black": "000000", "white": "ffffff", "none": None, "transparent": None}
_SHAPE_KEYS = ("_draw_",)
_EDGE_SHAPE_KEYS = ("_draw_", "_hdraw_", "_tdraw_")
_LABEL_KEYS = ("_ldraw_", "_hldraw_", "_tldraw_", "_tldraw_")


def xdot_picture(layout_json: str | Mapping[str, Any]) -> str:
    """A `tikzpicture` that draws the Graphviz drawing of `layout_json` (`-Tjson` output)."""
    graph = json.loads(layout_json) if isinstance(layout_json, str) else layout_json
    x0, y0, x1, y1 = (float(v) for v in str(graph["bb"]).split(","))
    lines = [
        r"\begin{tikzpicture}[x=1bp, y=1bp, line cap=round, line join=round]",
        rf"\useasboundingbox ({x0:.2f},{y0:.2f}) rectangle ({x1:.2f},{y1:.2f});",
    ]
    objects = graph.get("objects", [])
    clusters = [item for item in objects if "pos" not in item]
    nodes = [item for item in objects if "pos" in item]
    edges = graph.get("edges", [])
    lines += _replay(graph.get("_draw_", []), skip_background=True)
    for cluster in clusters:
        lines += _replay(cluster.get("_draw_", []))
        lines += _replay(cluster.get("_ldraw_", []))
    for edge in edges:
        for key in _EDGE_SHAPE_KEYS:
            lines += _replay(edge.get(key, []))
    for node in nodes:
        lines += _replay(node.get("_draw_", []))
        lines += _replay(node.get("_ldraw_", []))
    for edge in edges:
        for key in dict.fromkeys(_LABEL_KEYS):
            lines += _replay(edge.get(key, []))
    lines += _replay(graph.get("_ldraw_", []))
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


class _Pen:
    """The drawing state of one operation list: colours, line style, font."""

    def __init__(self) -> None:
        self.line: str | None = "000000"
        self.fill: str | None = "000000"
        self.width = 1.0
        self.dash = ""
        self.invisible = False
        self.font_size = 14.0
        self.flags = 0

    def draw_options(self, filled: bool) -> str | None:
        """TikZ options for a shape, or None when nothing would show."""
        parts = []
        if self.invisible:
            return None
        if self.line is not None:
            parts.append(f"draw={_colour(self.line)}")
            parts.append(f"line width={self.width:.2f}bp")
            if self.dash:
                parts.append(self.dash)
        if filled and self.fill is not None:
            parts.append(f"fill={_colour(self.fill)}")
        return ", ".join(parts) if parts else None


def _replay(
    operations: Sequence[Mapping[str, Any]], *, skip_background: bool = False
) -> Iterator[str]:
    pen = _Pen()
    for operation in operations:
        kind = operation["op"]
        if kind == "c":
            pen.line = _hex(operation.get("color", "black"))
        elif kind == "C":
            pen.fill = _hex(operation.get("color", "black"))
        elif kind == "S":
            _style(pen, str(operation.get("style", "")))
        elif kind == "F":
            pen.font_size = float(operation.get("size", 14.0))
        elif kind == "t":
            pen.flags = int(operation.get("fontchar", 0))
        elif kind == "T":
            yield _text(pen, operation)
        elif kind in ("P", "p", "L"):
            if skip_background and kind == "P":
                continue  # the page is white (or the theme's colour, set by the slide)
            points = operation["points"]
            path = " -- ".join(_point(point) for point in points)
            options = pen.draw_options(filled=kind == "P")
            if options is not None and path:
                closing = " -- cycle" if kind != "L" else ""
                yield rf"\path[{options}] {path}{closing};"
        elif kind in ("E", "e"):
            (x, y), (rx, ry) = operation["rect"][:2], operation["rect"][2:]
            options = pen.draw_options(filled=kind == "E")
            if options is not None:
                yield (
                    rf"\path[{options}] ({x:.2f},{y:.2f}) ellipse "
                    f"[x radius={rx:.2f}, y radius={ry:.2f}];"
                )
        elif kind in ("B", "b"):
            points = operation["points"]
            path = _point(points[0])
            for index in range(1, len(points) - 2, 3):
                path += (
                    f" .. controls {_point(points[index])} and {_point(points[index + 1])}"
                    f" .. {_point(points[index + 2])}"
                )
            options = pen.draw_options(filled=False)  # Graphviz writes edges as "b": never filled
            if options is not None:
                yield rf"\path[{options}] {path};"


def _style(pen: _Pen, style: str) -> None:
    if style.startswith("setlinewidth("):
        pen.width = float(style[len("setlinewidth(") : -1])
    elif style == "dashed":
        pen.dash = "dash pattern=on 4bp off 3bp"
    elif style == "dotted":
        pen.dash = "dash pattern=on 1bp off 2bp"
    elif style == "solid":
        pen.dash = ""
    elif style == "bold":
        pen.width = 2.0
    elif style == "invis":
        pen.invisible = True


def _text(pen: _Pen, operation: Mapping[str, Any]) -> str:
    x, y = operation["pt"]
    size = pen.font_size
    text = latex_text(str(operation.get("text", "")))
    if pen.flags & _BOLD:
        text = r"\bfseries " + text
    if pen.flags & _ITALIC:
        text = r"\itshape " + text
    if pen.flags & _SUBSCRIPT:  # Graphviz gives the baseline of the text it sits beside
        size *= 0.75
        y -= 0.2 * pen.font_size
    elif pen.flags & _SUPERSCRIPT:
        size *= 0.75
        y += 0.35 * pen.font_size
    scale = size / _BASE_SIZE
    width = max(float(operation.get("width", 0.0)), 1.0) * pen.font_size / size / scale
    colour = _colour(pen.line) if pen.line is not None else "black"
    anchor = _ANCHORS.get(str(operation.get("align", "c")), "base")
    return (
        rf"\node[anchor={anchor}, inner sep=0pt, outer sep=0pt, text={colour}, "
        rf"scale={scale:.4f}, font=\sffamily] at ({x:.2f},{y:.2f}) "
        rf"{{\bpxtext{{{width:.2f}bp}}{{{text}}}}};"
    )


def _hex(colour: object) -> str | None:
    """ "#rrggbb" or "#rrggbbaa" (alpha 0: transparent, None) or a few names, as "rrggbb"."""
    text = str(colour).strip().lower()
    if text in _NAMED:
        return _NAMED[text]
    if text.startswith("#") and len(text) in (7, 9):
        if len(text) == 9 and text[7:] == "00":
            return None
        return text[1:7]
    return "000000"


def _colour(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"{{rgb,255:red,{red};green,{green};blue,{blue}}}"


def _point(point: Sequence[float]) -> str:
    return f"({float(point[0]):.2f},{float(point[1]):.2f})"
