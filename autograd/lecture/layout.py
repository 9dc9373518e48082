"""One layout for every frame: the graph is laid out once, then each frame only fills in numbers.

Graphviz's `dot` would lay out every frame anew, and since a blank gradient is narrower
than "−0.1966", boxes would jump at every key press. So `frame_pictures(root)` runs `dot`
once, on the widest picture (every number shown, every box with the thick border of the
current node), and reads the positions, sizes and edge curves from its JSON output. Each
frame's DOT then gets those pinned: every node its `pos` and fixed size (a table its
minimum WIDTH and HEIGHT), every edge its curve, and it is drawn by `neato -n2`
(Graphviz's "nop2": positions as given). So every frame has the same viewBox and every
node the same position; only numbers, fills and edge colours change.

Walked edges take the phase's colour: forward blue, backward purple. A backward edge's
arrowhead moves to its start (the same curve, pointing from output to input), so the
backward pass visibly runs right to left.

A drawing that `draw` cuts (above `max_nodes` values, or beyond its layout budget) is stepped
all the same: a frame of a node left out keeps its caption and styles only the edges drawn.

`FramePictures` gives each frame as DOT, SVG, PNG (at a dpi) or PDF: the player, the
notebook stepper, the GIF and the TikZ slides are all made from these.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypedDict

from autograd.graph import topological_order
from autograd.lecture.descent import descent_frames
from autograd.lecture.frames import RESULT_EDGE, Frame, QuizKind, lecture_frames
from autograd.lecture.mistakes import PlantedMistake
from autograd.lecture.network_frames import boxed_neurons, lecture_frames_for
from autograd.lecture.steps import caption_number_format
from autograd.value import Value
from autograd.viz.auto_theme import ColourPairs
from autograd.viz.diagram import draw
from autograd.viz.notation import Notation, weight_notation
from autograd.viz.options import DrawingOptions, FrameState
from autograd.viz.style import THEMES

__all__ = [
    "BACKWARD_EDGE",
    "FORWARD_EDGE",
    "Box",
    "FramePictures",
    "Layout",
    "LectureDrawing",
    "frame_pictures",
    "layout_from_json",
    "lecture_options",
    "lecture_theme",
    "pin",
    "planted_frames",
]

FORWARD_EDGE = THEMES["light"].forward_walked  # edges the forward pass has walked
BACKWARD_EDGE = THEMES["light"].backward_walked  # edges walked backward (arrow reversed)
_WALKED_WIDTH = "2.5"
_CURRENT_WIDTH = "4.5"
_ARROW_LENGTH = 8.0  # points: Graphviz's 10 × our arrowsize 0.8
_FONT_SIZE = 22  # points, the boxes' text (draw's 16 is for pictures on a page, not a hall)
_COLUMN_GAP = "0.45"  # inches between a collapsed network's columns in a lecture
_ROW_GAP = "0.15"  # and between its neurons, one above the other
_NEURON_TABLE = 'CELLBORDER="0" CELLSPACING="0" CELLPADDING="2"'  # a collapsed neuron's
_CELL_GAP = 8  # points between its columns in a lecture (and half that at its sides)


class LectureDrawing(TypedDict, total=False):
    """The `draw` options a lecture (player, Stepper, GIF, TikZ slides) takes as keyword
    arguments: every field of `autograd.viz.options.DrawingOptions` but `quiz` and `lang`, which
    a lecture has as parameters of its own (a `DrawingOptions` given as `options=` may carry
    them). Keywords and `options=` make one `DrawingOptions` (`drawing_options`), and every frame
    is drawn with it (`lecture_options`).

    With `collapse=True` (or an `expand`, or `view="neuron"`) a network's collapsed neurons are
    stepped one frame per neuron, the caption the layer rule in numbers
    (autograd/lecture/network_frames.py); with `view="matrix"` one frame per layer, forward and
    backward (autograd/lecture/matrix_frames.py).
    """

    rankdir: str
    edge_labels: Literal["local", "message"] | None
    color_by_grad: bool
    number_format: str
    cluster: Literal["neuron", "layer"] | None
    collapse: bool
    max_nodes: int
    expand: object
    theme: Literal["light", "dark", "auto"]
    names: Literal["lecture", "labels"]
    notation: Notation | None
    show_constants: bool
    caption: str | None
    view: Literal["scalar", "neuron", "matrix"]


# A lecture's own parameters: its quiz asks frame by frame and its language is set around it
# (neither goes to `draw`); `FramePictures` takes `rankdir` by name.
_LECTURE_OWN = frozenset({"quiz", "lang", "rankdir"})


def lecture_options(options: DrawingOptions) -> dict[str, Any]:
    """The `draw_options` of `FramePictures` for `options`: every field that differs from the
    default except the lecture's own (`quiz`, `lang`, `rankdir`). The one place a lecture turns
    its `DrawingOptions` into what its frames draw with, so no view can leave an option out."""
    return {name: value for name, value in options.changed().items() if name not in _LECTURE_OWN}


def lecture_theme(options: DrawingOptions) -> str:
    """The theme of a lecture's page, GIF or slides: "auto" (draw's default) is light in a file,
    as the frames are drawn."""
    return "light" if options.theme == "auto" else options.theme


# (tail id, head id, k): the k-th edge from tail to head (`a + a` has two).
EdgeKey = tuple[str, str, int]

_NODE_LINE = re.compile(r"^(\s*)([A-Za-z_]\w*) \[(.*)\]$")
_EDGE_LINE = re.compile(r"^(\s*)([A-Za-z_]\w*) -> ([A-Za-z_]\w*)(?: \[(.*)\])?$")
_CLUSTER_LINE = re.compile(r'^(\s*)subgraph "?(cluster\w*)"? \{$')
_KEYWORDS = frozenset({"graph", "node", "edge", "subgraph", "digraph"})


@dataclass(frozen=True)
class Box:
    """A node's place in points: centre (x, y), with y upward as in Graphviz; width, height."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    """The one layout of a lecture: each DOT node id's `Box`, each edge's curve, the size.

    `edges` maps an `EdgeKey` to Graphviz's `pos` of the edge (its B-spline points and
    arrow tip, in points); `width` and `height` are the drawing's bounding box; `clusters`
    maps a cluster's name to its box ("x0,y0,x1,y1", Graphviz's `bb`).
    """

    nodes: Mapping[str, Box]
    edges: Mapping[EdgeKey, str]
    width: float
    height: float
    clusters: Mapping[str, str] = field(default_factory=dict)


def layout_from_json(layout_json: str) -> Layout:
    """Read positions, sizes and curves from the output of `dot -Tjson`."""
    data = json.loads(layout_json)
    objects = data.get("objects", [])
    names = {item["_gvid"]: item["name"] for item in objects}
    nodes = {}
    clusters = {}
    for item in objects:
        if "pos" not in item:  # a cluster
            if "bb" in item:
                clusters[item["name"]] = item["bb"]
            continue
        x, y = (float(v) for v in item["pos"].split(","))
        nodes[item["name"]] = Box(x, y, float(item["width"]) * 72, float(item["height"]) * 72)
    edges: dict[EdgeKey, str] = {}
    for edge in data.get("edges", []):
        tail, head = names[edge["tail"]], names[edge["head"]]
        count = sum(1 for key in edges if key[:2] == (tail, head))
        edges[(tail, head, count)] = edge["pos"]
    _, _, width, height = (float(v) for v in data["bb"].split(","))
    return Layout(nodes, edges, width, height, clusters)


def pin(
    dot_source: str, layout: Layout, edge_attributes: Mapping[EdgeKey, Mapping[str, str]]
) -> str:
    """`dot_source` (from `draw`) with every node and edge pinned to `layout`, for `neato -n2`.

    `edge_attributes` adds attributes to some edges (colour, width, a reversed arrow).
    A node or edge that the layout does not know is an error (the frames of one lecture
    all draw the same nodes and edges).
    """
    lines = []
    seen: dict[tuple[str, str], int] = {}
    for line in dot_source.splitlines():
        cluster = _CLUSTER_LINE.match(line)
        if cluster and cluster.group(2) in layout.clusters:  # its box, or nop2 would not draw it
            lines += [line, f'{cluster.group(1)}\tbb="{layout.clusters[cluster.group(2)]}"']
            continue
        edge = _EDGE_LINE.match(line)
        node = None if edge else _NODE_LINE.match(line)
        if edge:
            indent, tail, head, attributes = edge.groups()
            occurrence = seen.get((tail, head), 0)
            seen[(tail, head)] = occurrence + 1
            key = (tail, head, occurrence)
            if key not in layout.edges:
                raise ValueError(f"pin: the edge {tail} -> {head} is not in the layout")
            extra = dict(edge_attributes.get(key, {}))
            curve = extra.pop("pos", layout.edges[key])
            pinned = {**extra, "pos": curve}
            line = f"{indent}{tail} -> {head} [{_join(attributes, pinned)}]"
        elif node and node.group(2) not in _KEYWORDS:
            indent, name, attributes = node.groups()
            if name not in layout.nodes:
                raise ValueError(f"pin: the node {name} is not in the layout")
            box = layout.nodes[name]
            attributes = _sized_table(attributes, box)
            pinned = {
                "pos": f"{box.x:.3f},{box.y:.3f}!",
                "width": f"{box.width / 72:.6f}",
                "height": f"{box.height / 72:.6f}",
                "fixedsize": "shape",
            }
            line = f"{indent}{name} [{_join(attributes, pinned)}]"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _sized_table(attributes: str, box: Box) -> str:
    """Give a table label the layout's size: the table a minimum size, its cells the full width.

    In a stacked table (one cell per row, `ROWS="*"`, the LR drawings) every cell gets
    the inner width, so the rules between rows span the box; in a side-by-side table
    (TB drawings) every cell gets the inner height and the table the width; a grid (a
    collapsed neuron's rows of name, data, grad) only gets the table's size.
    """
    match = re.search(r'<<TABLE BORDER="(\d+)"', attributes)
    if match is None:
        return attributes
    # A table's size is in whole points; rounding up keeps every frame's table the same size.
    width, height = math.ceil(box.width - 0.01), math.ceil(box.height - 0.01)
    border = int(match.group(1))
    table = f'<<TABLE WIDTH="{width}" HEIGHT="{height}" BORDER="{border}"'
    attributes = attributes.replace(match.group(0), table, 1)
    if 'ROWS="*"' in attributes:
        cell = f'<TD WIDTH="{width - 2 * border}"'
    elif 'COLUMNS="*"' in attributes:
        cell = f'<TD HEIGHT="{height - 2 * border}"'
    else:  # a grid (a collapsed neuron's table of rows): the table's own size is enough
        return attributes
    return re.sub(r"<TD(?=[ >])", cell, attributes)


def _join(attributes: str | None, extra: Mapping[str, str]) -> str:
    """DOT attributes followed by `extra` (later ones win in DOT)."""
    added = " ".join(f'{name}="{value}"' for name, value in extra.items())
    return f"{attributes} {added}" if attributes else added


def _reversed_arrow(curve: str) -> str:
    """The same edge curve with its arrowhead at the start, pointing back at the input.

    Graphviz's `pos` is "e,tip b0 b1 ... bn": a cubic B-spline from the tail to the
    arrow's base, then the arrow to `tip`. The curve is extended straight to the tip,
    cut by one arrow length at its start (de Casteljau), and the start becomes the tip
    of a tail arrow: "s,start b0' ... tip".
    """
    points: list[tuple[float, float]] = []
    tip: tuple[float, float] | None = None
    for part in curve.split():
        kind = part[:2]
        coordinates = part[2:] if kind in ("e,", "s,") else part
        x, y = (float(v) for v in coordinates.split(","))
        if kind == "e,":
            tip = (x, y)
        elif kind != "s,":
            points.append((x, y))
    if tip is not None:
        (px, py), (tx, ty) = points[-1], tip
        points += [(px + (tx - px) * k / 3, py + (ty - py) * k / 3) for k in (1, 2, 3)]
    start = points[0]
    first = points[:4]
    t = _parameter_at_distance(first, _ARROW_LENGTH)
    if t is None:  # a segment shorter than the arrow: keep the curve, no reversed arrow
        return curve
    points[:4] = _split_right(first, t)
    text = " ".join(f"{x:.3f},{y:.3f}" for x, y in points)
    return f"s,{start[0]:.3f},{start[1]:.3f} {text}"


def _bezier(points: list[tuple[float, float]], t: float) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    u = 1 - t
    return (
        u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
        u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
    )


def _parameter_at_distance(points: list[tuple[float, float]], distance: float) -> float | None:
    """The first t where the cubic is `distance` away from its start (None: never)."""
    x0, y0 = points[0]
    for step in range(1, 201):
        t = step / 200
        x, y = _bezier(points, t)
        if math.hypot(x - x0, y - y0) >= distance:
            return t
    return None


def _split_right(points: list[tuple[float, float]], t: float) -> list[tuple[float, float]]:
    """The part of the cubic from t to 1, as four control points (de Casteljau)."""

    def mix(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
        return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)

    p0, p1, p2, p3 = points
    p01, p12, p23 = mix(p0, p1), mix(p1, p2), mix(p2, p3)
    p012, p123 = mix(p01, p12), mix(p12, p23)
    return [mix(p012, p123), p123, p23, p3]


def _render(source: str, file_format: str, *, engine: str = "dot", dpi: float = 96.0) -> bytes:
    """DOT source -> bytes in `file_format` ("svg", "png", "pdf", "json") by the chosen renderer.

    `engine="nop2"` keeps the given positions (`neato -n2`).
    """
    from autograd.viz.render import render_dot

    return render_dot(source, file_format, dpi=dpi, engine="nop2" if engine == "nop2" else "dot")


class FramePictures:
    """Every frame of the lecture on `root`, drawn on one layout (see the module docstring).

    `frames` are the `Frame`s (phase, caption, questions); `layout` is the shared
    `Layout`; `draw_options` go to `draw` for every frame (clusters of an `nn` model:
    `{"cluster": "neuron"}`). `dot(i)`, `svg(i)`, `png(i, dpi=...)` and `pdf(i)` give frame i; with
    `answered=False` a quiz frame is drawn as asked, its answers blank. Rendering
    needs Graphviz; building the frames never changes any `.grad`.
    """

    def __init__(
        self,
        root: Value,
        *,
        quiz: QuizKind | None = None,
        rankdir: str = "LR",
        draw_options: Mapping[str, Any] | None = None,
        descent: tuple[float, int] | None = None,
        mistake: str | None = None,
    ) -> None:
        self.root = root
        self.rankdir = rankdir
        # More options for `draw` in every frame, e.g. {"cluster": "neuron"}.
        self.draw_options: dict[str, Any] = dict(draw_options or {})
        # With collapsed neurons (collapse=True, expand=...) a neuron is one frame (the layer
        # rule, autograd/lecture/network_frames.py) and its edges are those of its box.
        with (  # captions name w and write numbers as the picture does
            weight_notation(self.draw_options.get("notation")),
            caption_number_format(self.draw_options.get("number_format")),
        ):
            if mistake is None:
                self.frames: list[Frame] = lecture_frames_for(root, quiz, self.draw_options)
            else:  # one planted error, node by node (autograd/lecture/mistakes.py)
                self.frames = planted_frames(root, mistake, quiz, self.draw_options)
            if descent is not None:  # (learning rate, steps): gradient descent after Done
                self.frames += descent_frames(root, descent[0], descent[1])
        order = topological_order(root)
        self._position = {node: index for index, node in enumerate(order)}
        self._box_of = {
            member: f"v{self._position[neuron.output]}"
            for neuron in boxed_neurons(root, self.draw_options)
            for member in neuron.members
        }
        ever_partial = frozenset().union(*(frame.partial for frame in self.frames))
        # every frame is drawn with these options; what a frame shows is its FrameState. With
        # theme="auto" a frame is drawn light and dark, and `pairs` gives each light colour its
        # dark partner (autograd/viz/auto_theme.py): the page repaints the picture when dark.
        theme = self.draw_options.get("theme", "light")
        self.pairs = ColourPairs() if theme == "auto" else None
        self.theme: str = "light" if theme == "auto" else theme
        self.options = DrawingOptions(rankdir=rankdir, **{**self.draw_options, "theme": self.theme})
        widest = _for_the_lecture(
            draw(
                root,
                self.options,
                frame=FrameState(
                    shown_grads=_widest_grads(self.frames),
                    partial_grads=ever_partial,  # room for "so far"
                    shown_values=_widest_values(self.frames),  # a descent step's new values
                ),
            ).source
        )
        widest = widest.replace('<<TABLE BORDER="1" ', '<<TABLE BORDER="3" ')
        self.layout: Layout = layout_from_json(_render(widest, "json").decode("utf-8"))
        chain = _loss_chain(order, self._box_of) if self._box_of else []
        if chain and self.layout.width > _FOLD_ASPECT * self.layout.height:
            # a wide network's loss: folded into two columns beside its output neuron
            folded = _folded_tail(widest, chain, self.layout)
            drawn = self.layout.nodes  # an operation is drawn at its own size, not its room
            laid_out = layout_from_json(_render(folded, "json").decode("utf-8"))
            nodes = {
                name: replace(box, width=drawn[name].width, height=drawn[name].height)
                if name.startswith("op") and name in drawn
                else box
                for name, box in laid_out.nodes.items()
            }
            self.layout = replace(laid_out, nodes=nodes)
        self._reversed: dict[EdgeKey, str] = {}  # each backward edge's curve, computed once

    def node_id(self, node: Value) -> str:
        """The DOT id of `node`'s box (`v3`; a collapsed neuron's member: its neuron's box)."""
        return self._box_of.get(node, f"v{self._position[node]}")

    def __len__(self) -> int:
        return len(self.frames)

    def dot(self, index: int, *, answered: bool = True) -> str:
        """Frame `index` as DOT with every position pinned (render it with `neato -n2`)."""
        frame = self.frames[index]
        grads, data = (
            (frame.shown_grads, frame.shown_data) if answered else frame.hidden_until_answered()
        )
        state = FrameState(
            highlight=frame.highlight,
            shown_grads=grads,
            shown_data=data,
            partial_grads=frame.partial,
            shown_values=frame.values,
        )
        source = draw(self.root, self.options, frame=state).source
        light = pin(_for_the_lecture(source), self.layout, self._edge_styles(frame))
        if self.pairs is None:
            return light
        dark_source = draw(self.root, self.options.replace(theme="dark"), frame=state).source
        dark = pin(_for_the_lecture(dark_source), self.layout, self._edge_styles(frame, "dark"))
        return self.pairs.pair(light, dark) or light

    def svg(self, index: int, *, answered: bool = True) -> str:
        """Frame `index` as SVG text; every frame has the same viewBox and node positions."""
        return _render(self.dot(index, answered=answered), "svg", engine="nop2").decode("utf-8")

    def png(self, index: int, *, dpi: float = 96.0, answered: bool = True) -> bytes:
        """Frame `index` as PNG bytes at `dpi` dots per inch (96: one pixel per CSS pixel)."""
        return _render(self.dot(index, answered=answered), "png", engine="nop2", dpi=dpi)

    def pdf(self, index: int, *, answered: bool = True) -> bytes:
        """Frame `index` as a one-page PDF."""
        return _render(self.dot(index, answered=answered), "pdf", engine="nop2")

    def _edge_key(self, node: Value, index: int) -> EdgeKey:
        position = self._position[node]
        if index == RESULT_EDGE:
            return (f"op{position}", f"v{position}", 0)
        source = node.inputs[index]
        tail = self._box_of.get(source, f"v{self._position[source]}")
        if node in self._box_of:  # into a collapsed neuron: one edge per (source, box)
            return (tail, self._box_of[node], 0)
        occurrence = sum(1 for earlier in node.inputs[:index] if earlier is source)
        return (tail, f"op{position}", occurrence)

    def _edge_styles(self, frame: Frame, theme_name: str = "") -> dict[EdgeKey, dict[str, str]]:
        backward = frame.phase in ("backward", "end")
        theme = THEMES[theme_name or self.theme]  # walked edges fit the theme
        colour = theme.backward_walked if backward else theme.forward_walked
        current = set(frame.current_edges)
        styles: dict[EdgeKey, dict[str, str]] = {}
        for node, index in frame.walked_edges:
            key = self._edge_key(node, index)
            if key not in self.layout.edges:  # a cut drawing leaves this edge out
                continue
            width = _CURRENT_WIDTH if (node, index) in current else _WALKED_WIDTH
            style = {"color": colour, "penwidth": width}
            if backward:
                if key not in self._reversed:
                    self._reversed[key] = _reversed_arrow(self.layout.edges[key])
                style.update(dir="back", pos=self._reversed[key])
            styles[key] = style
        return styles


def _for_the_lecture(dot_source: str) -> str:
    """`draw`'s DOT as the lecture shows it: larger type in the boxes (its numbers already have
    the captions' Unicode minus, "grad −4": `autograd.viz.style.format_number`)."""
    dot_source = re.sub(
        r"^(\s*node \[[^\n]*?)fontsize=\d+",
        rf"\g<1>fontsize={_FONT_SIZE}",
        dot_source,
        count=1,
        flags=re.M,
    )
    dot_source = re.sub(  # the operations' circles grow with the text
        r"^(\s*op\d+ \[[^\n]*?)fontsize=(\d+)",
        lambda match: f"{match.group(1)}fontsize={round(int(match.group(2)) * _FONT_SIZE / 16)}",
        dot_source,
        flags=re.M,
    )
    dot_source = re.sub(  # a constant's number is as large as the boxes' numbers
        r"^(\s*v\d+ \[[^\n]*?)fontsize=\d+",
        rf"\g<1>fontsize={_FONT_SIZE}",
        dot_source,
        flags=re.M,
    )
    dot_source = _tight_rows(dot_source)
    dot_source = re.sub(  # and a frame's title (an expanded neuron's j, l and activation)
        r"^(\t+color=\S+ )fontsize=\d+( label=<)",
        rf"\g<1>fontsize={_FONT_SIZE}\g<2>",
        dot_source,
        flags=re.M,
    )
    # the columns of a collapsed network closer together (draw leaves 0.9 in between them for
    # a page): the picture is narrower for its type, so a wide network's numbers get larger
    if not re.search(r"\branksep=0\.9\b", dot_source):
        return dot_source
    dot_source = re.sub(r"\bnodesep=0\.3\b", f"nodesep={_ROW_GAP}", dot_source)  # and rows
    return re.sub(r"\branksep=0\.9\b", f"ranksep={_COLUMN_GAP}", dot_source)


def _tight_rows(dot_source: str) -> str:
    """Collapsed neurons' tables with their rows one line of type apart: no padding in the cells
    (draw's 2 points above and below each line are for a page; a 4-4-1's second layer is a
    column of 32 rows, 13% shorter without). The gaps between the columns and at the sides stay,
    as narrow empty cells in the colour of the cell beside them; an edge's port (on a first or
    last cell) moves to the empty cell at the side, so edges still meet the box's border."""

    def gap(width: int, cell: str, port: str = "") -> str:
        fill = re.search(r' BGCOLOR="[^"]*"', cell)
        return f'<TD WIDTH="{width}"{port}{fill.group(0) if fill else ""}></TD>'

    def row(match: re.Match[str]) -> str:
        cells = re.findall(r"<TD\b[^>]*>.*?</TD>", match.group(1))
        spaced = []
        for index, cell in enumerate(cells):
            port = re.search(r' PORT="[^"]*"', cell)
            at_side = index in (0, len(cells) - 1)
            port_text = port.group(0) if port and at_side else ""
            cell = cell.replace(port_text, "", 1) if port_text else cell
            if index == 0:  # the name's cell: a weight's port, where its edge comes in
                spaced += [gap(_CELL_GAP // 2, cell, port_text), cell]
            else:  # a number's cell; the last one may hold the output's port, where edges leave
                spaced += [gap(_CELL_GAP, cell), cell]
        spaced.append(gap(_CELL_GAP // 2, cells[-1], port_text))
        return "<TR>" + "".join(spaced) + "</TR>"

    def table(match: re.Match[str]) -> str:
        unpadded = match.group(0).replace('CELLPADDING="2"', 'CELLPADDING="0"', 1)
        return re.sub(r"<TR>(.*?)</TR>", row, unpadded)

    return re.sub(rf"<TABLE [^>]*{_NEURON_TABLE}.*?</TABLE>", table, dot_source)


def _loss_chain(order: list[Value], boxed: Mapping[Value, str]) -> list[int]:
    """The positions in `order` of the computed nodes after a network's output (the loss's
    chain: 1 − a, its square, times 0.5), when they are one chain, each using the one before;
    else none. Nodes of a neuron (boxed or expanded) are not part of it."""
    chain = [
        position
        for position, node in enumerate(order)
        if node.inputs and node not in boxed and (node.role is None or node.role.kind == "loss")
    ]
    nodes = [order[position] for position in chain]
    linked = all(before in after.inputs for before, after in itertools.pairwise(nodes))
    members = set(nodes)
    uses = sum(1 for after in nodes for x in after.inputs if x in members)
    return chain if len(chain) >= 3 and linked and uses == len(chain) - 1 else []


_FOLD_ASPECT = 3.0  # a picture wider than this many times its height is folded: it would
# fill a slide's or a screen's width long before its height (the 2-2-2-1 network: 4.6)
_FOLD_GAP = "0.3"  # inches above and below an operation of the folded chain: room for its arrows


def _folded_tail(dot_source: str, chain: list[int], layout: Layout) -> str:
    """The loss's chain in two columns (Graphviz ranks) instead of a row of its own columns: the
    2-2-2-1 network's picture is 2117 x 461 points unfolded, 1522 x 504 folded, so its numbers
    are a third larger on a slide. In a column the chain's edges run downwards, each operation
    circle with room above and below (laid out larger than drawn: `fixedsize=shape`)."""
    ids = []
    for position in chain:
        ids += [name for name in (f"op{position}", f"v{position}") if name in layout.nodes]
    if len(ids) < 4:
        return dot_source
    for name in ids:
        if name.startswith("op"):
            box = layout.nodes[name]
            size = (
                f"fixedsize=shape width={box.width / 72:.5f} height={box.height / 72:.5f} "
                f'margin="0.04,{_FOLD_GAP}"'
            )
            dot_source = re.sub(
                rf"^(\s*{name} \[[^\n]*)\]$", rf"\g<1> {size}]", dot_source, count=1, flags=re.M
            )
    half = (len(ids) + 1) // 2
    ranks = "".join(f"  {{rank=same; {'; '.join(group)}}}\n" for group in (ids[:half], ids[half:]))
    end = dot_source.rstrip().rindex("}")
    return dot_source[:end] + ranks + "}\n"


# Helvetica's character widths (em) for the characters of a formatted number.
_CHARACTER_WIDTH = {"-": 0.333, ".": 0.278, "+": 0.584, "\N{MINUS SIGN}": 0.584}


def _widest_grads(frames: list[Frame]) -> dict[Value, float]:
    """For each node, the gradient any frame shows that takes the most room as text.

    A running total ("−0.07143") can be wider than the final gradient ("−0.5").
    """
    return _widest([frame.shown_grads for frame in frames])


def _widest_values(frames: list[Frame]) -> dict[Value, float]:
    """For each node a frame draws at another value (a descent step), the value, its own
    included, that takes the most room as text: "2.02" after "2"."""
    shown = [frame.values for frame in frames if frame.values]
    if not shown:
        return {}
    return _widest([{node: node.data for node in shown[0]}, *shown])


def _widest(numbers: list[Mapping[Value, float]]) -> dict[Value, float]:
    widest: dict[Value, tuple[float, float]] = {}
    for mapping in numbers:
        for node, number in mapping.items():
            text = format(number + 0.0, ".4g").replace("-", "\N{MINUS SIGN}")
            width = sum(_CHARACTER_WIDTH.get(character, 0.556) for character in text)
            if node not in widest or width > widest[node][0]:
                widest[node] = (width, number)
    return {node: number for node, (_, number) in widest.items()}


def planted_frames(
    root: Value, name: str, quiz: QuizKind | None, draw_options: Mapping[str, Any]
) -> list[Frame]:
    """The node-level lecture with mistake `name` planted (autograd/lecture/mistakes.py; a
    network's collapsed neurons are stepped by the layer rule, where no one step is wrong)."""
    planted = PlantedMistake(name, root)
    if boxed_neurons(root, draw_options):
        raise ValueError("export_html: a mistake is planted node by node, not with collapse/expand")
    show_constants = bool(draw_options.get("show_constants", False))
    return lecture_frames(root, quiz=quiz, show_constants=show_constants, mistake=planted)


def frame_pictures(
    root: Value,
    *,
    quiz: QuizKind | None = None,
    rankdir: str = "LR",
    draw_options: Mapping[str, Any] | None = None,
) -> FramePictures:
    """The lecture's frames on one layout: `FramePictures(root, quiz=quiz, ...)`, or with
    `view="matrix"` the layer-by-layer frames (`autograd.lecture.matrix_frames`)."""
    if (draw_options or {}).get("view") == "matrix":
        from autograd.lecture.matrix_frames import MatrixFramePictures

        if quiz is not None:
            raise ValueError("view='matrix' steps whole layers; it cannot be combined with a quiz")
        return MatrixFramePictures(root, rankdir=rankdir, draw_options=draw_options)  # type: ignore[return-value]
    return FramePictures(root, quiz=quiz, rankdir=rankdir, draw_options=draw_options)
