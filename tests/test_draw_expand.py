"""One neuron expanded among collapsed ones is tidy, read from Graphviz's own layout (json).

`draw(loss, collapse=True, expand=...)` draws one neuron as its scalar graph inside a dashed
frame (a cluster) that names it. Checked with both renderers on the course's networks (the
problem book's 2-2-2-1 with sigmoid, and 4-4-1 with tanh), expanding a neuron of each layer:

- every node of the neuron (weights, ×, products, bias, Σ, z, the activation and a) lies
  inside the frame's box, and no other node touches it;
- its rows read k = 1, 2, ... top to bottom (the weights, the × circles, the products);
- any hidden neuron opened, the rest of its layer keeps the order j beside the frame;
- no edge loops around the picture: in an LR drawing each edge's curve stays within the
  vertical span of its two ends (18 pt of slack). Before the frame held the whole neuron and
  the weights stood in the previous layer's rank, edges from that layer went around the
  frame, up to 201 pt beyond their ends for 4-4-1 expanding (1, 0), 119 pt for (2, 0) and
  32 pt for 2-2-2-1's (1, 0) (the bundled Graphviz; 205, 122 and 31 with Debian's dot);
- the player's frames (pinned to one layout) all keep the same boxes and frame, the Done
  frame too, the frame's title as large as the boxes' text; the Beamer lecture of an
  expanded network compiles with one picture size.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any, Literal

import pytest

import autograd
from autograd import Value
from autograd.lecture.layout import FramePictures
from autograd.lecture.tikz import to_tikz
from autograd.viz.render import render_dot
from nn import MLP, functional
from tests.test_tikz import compile_pdf, needs_latex, page_count, pdf_text

SLACK = 18.0  # points an edge may bulge beyond its ends (a curve's swing into a port)
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points, y up (Graphviz's json)


def problem_book() -> Value:
    """The problem book's 2-2-2-1 sigmoid network on x = (5, 2), loss ½(1 − ŷ)²."""
    model = MLP(2, [2, 2, 1], "sigmoid", output_activation="sigmoid", seed=1)
    out = model([5.0, 2.0])
    assert isinstance(out, Value)
    loss = 0.5 * (1 - out) ** 2
    loss.backward()
    return loss


def four_four_one() -> Value:
    model = MLP(2, [4, 4, 1], activation="tanh", seed=1)
    loss = functional.binary_cross_entropy_with_logits(model([0.5, -1.2]), 1.0)
    loss.backward()
    return loss


NETWORKS = {"2-2-2-1": problem_book, "4-4-1": four_four_one}
CASES = [
    *((network, (layer, 0)) for network in NETWORKS for layer in (0, 1, 2)),
    ("4-4-1", (1, 2)),  # a neuron in the middle of its layer
]
CASE_IDS = [f"{network}-expand{layer}{neuron}" for network, (layer, neuron) in CASES]


def node_box(item: dict[str, Any]) -> Box:
    x, y = (float(c) for c in item["pos"].split(","))
    half_width, half_height = float(item["width"]) * 36, float(item["height"]) * 36
    return x - half_width, y - half_height, x + half_width, y + half_height


def curve_points(edge: dict[str, Any], steps: int = 12) -> list[tuple[float, float]]:
    """Points along the edge's drawn Bézier curve (xdot "b" operations), ends included."""
    controls = [point for op in edge.get("_draw_", []) if op["op"] == "b" for point in op["points"]]
    points = []
    for start in range(0, len(controls) - 3, 3):
        p0, p1, p2, p3 = controls[start : start + 4]
        for step in range(steps + 1):
            t = step / steps
            weights = ((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3)
            points.append(
                (
                    sum(w * p[0] for w, p in zip(weights, (p0, p1, p2, p3))),
                    sum(w * p[1] for w, p in zip(weights, (p0, p1, p2, p3))),
                )
            )
    return points


def layout_of(
    loss: Value, expand: tuple[int, int], cluster: Literal["layer"] | None = None
) -> tuple[dict[str, Any], dict[str, Value]]:
    """Graphviz's layout of the drawing, and which Value each DOT id (v3, op3) draws."""
    source = autograd.draw(
        loss, collapse=True, expand=expand, color_by_grad=True, cluster=cluster
    ).source
    order = autograd.topological_order(loss)
    ids = {f"v{index}": node for index, node in enumerate(order)}
    ids |= {f"op{index}": node for index, node in enumerate(order) if node.inputs}
    return json.loads(render_dot(source, "json")), ids


def members(ids: dict[str, Value], expand: tuple[int, int]) -> dict[str, Value]:
    return {
        node_id: node
        for node_id, node in ids.items()
        if node.role is not None
        and node.role.in_neuron
        and (node.role.layer, node.role.neuron) == expand
    }


@pytest.mark.parametrize(("network", "expand"), CASES, ids=CASE_IDS)
def test_every_node_of_the_expanded_neuron_is_inside_its_frame(
    renderer: str, network: str, expand: tuple[int, int]
) -> None:
    layout, ids = layout_of(NETWORKS[network](), expand)
    objects = layout["objects"]
    (frame,) = [item for item in objects if item["name"].startswith("cluster")]
    x0, y0, x1, y1 = (float(c) for c in frame["bb"].split(","))
    neuron = members(ids, expand)
    kinds = {node.role.kind for node in neuron.values() if node.role is not None}
    assert {"w", "wx", "b", "z"} <= kinds
    if network == "2-2-2-1" or expand[0] < 2:  # 4-4-1's output is linear: z, no a
        assert "a" in kinds  # a and its activation's circle in the frame too
    drawn = {item["name"]: item for item in objects if "pos" in item}
    assert set(neuron) <= set(drawn)
    for name, item in drawn.items():
        left, bottom, right, top = node_box(item)
        if name in neuron:
            assert x0 <= left and right <= x1 and y0 <= bottom and top <= y1, (name, frame["bb"])
        else:  # nothing else inside or across the frame
            assert right < x0 or left > x1 or top < y0 or bottom > y1, (name, frame["bb"])


@pytest.mark.parametrize(("network", "expand"), CASES, ids=CASE_IDS)
def test_the_expanded_neurons_rows_read_top_to_bottom(
    renderer: str, network: str, expand: tuple[int, int]
) -> None:
    layout, ids = layout_of(NETWORKS[network](), expand)
    height = {item["name"]: node_box(item)[3] for item in layout["objects"] if "pos" in item}
    neuron = members(ids, expand)
    for kind, prefix in (("w", "v"), ("wx", "op"), ("wx", "v")):
        row = sorted(
            (node.role.index or 0, node_id)
            for node_id, node in neuron.items()
            if node.role is not None and node.role.kind == kind and node_id.startswith(prefix)
        )
        tops = [height[node_id] for _, node_id in row]
        assert len(tops) >= 2 and tops == sorted(tops, reverse=True), (kind, prefix, row)


def edges_going_around(layout: dict[str, Any]) -> tuple[int, list[str]]:
    """How many visible edges there are, and those whose curve leaves the vertical span of
    their two ends by more than SLACK (in an LR drawing: going around something)."""
    objects = layout["objects"]
    checked, around = 0, []
    for edge in layout["edges"]:
        points = curve_points(edge)
        if edge.get("style") == "invis" or not points:
            continue
        tail, head = node_box(objects[edge["tail"]]), node_box(objects[edge["head"]])
        low, high = min(tail[1], head[1]), max(tail[3], head[3])
        heights = [y for _, y in points]
        beyond = max(low - min(heights), max(heights) - high)
        if beyond > SLACK:
            names = f"{objects[edge['tail']]['name']} -> {objects[edge['head']]['name']}"
            around.append(f"{names} goes {beyond:.0f} pt beyond its ends")
        checked += 1
    return checked, around


@pytest.mark.parametrize(("network", "expand"), CASES, ids=CASE_IDS)
def test_no_edge_loops_around_the_picture(
    renderer: str, network: str, expand: tuple[int, int]
) -> None:
    checked, around = edges_going_around(layout_of(NETWORKS[network](), expand)[0])
    assert checked > 20 and around == []


HIDDEN = [
    (network, (layer, neuron))
    for network, width in (("2-2-2-1", 2), ("4-4-1", 4))
    for layer in (0, 1)
    for neuron in range(width)
]


@pytest.mark.parametrize(
    ("network", "expand"), HIDDEN, ids=[f"{net}-expand{layer}{j}" for net, (layer, j) in HIDDEN]
)
def test_the_rest_of_the_layer_keeps_its_order_beside_the_frame(
    renderer: str, network: str, expand: tuple[int, int]
) -> None:
    """Any hidden neuron opened: the layer's other neurons stay in the order j, top to bottom,
    and the frame stands above (or below) them all, not between them: there, the edges from
    the layer before to the neurons above and below it would have to cross it."""
    layout, ids = layout_of(NETWORKS[network](), expand)
    (frame,) = [item for item in layout["objects"] if item["name"].startswith("cluster")]
    _, frame_bottom, _, frame_top = (float(c) for c in frame["bb"].split(","))
    place = {item["name"]: node_box(item) for item in layout["objects"] if "pos" in item}
    others = sorted(
        (node.role.neuron, place[node_id])
        for node_id, node in ids.items()
        if node_id.startswith("v")  # a collapsed neuron's box is its a's, v3
        and node.role is not None
        and node.role.kind == "a"
        and node.role.layer == expand[0]
        and node.role.neuron != expand[1]
    )
    tops = [box[3] for _, box in others]
    assert len(others) >= 1 and tops == sorted(tops, reverse=True)
    above = all(box[3] < frame_bottom for _, box in others)
    below = all(box[1] > frame_top for _, box in others)
    assert above or below
    checked, around = edges_going_around(layout)
    assert checked > 20 and around == []


@pytest.mark.parametrize(("network", "expand"), CASES, ids=CASE_IDS)
def test_in_layer_frames_too(renderer: str, network: str, expand: tuple[int, int]) -> None:
    """With cluster="layer" (a frame per layer, the expanded neuron's inside its layer's) the
    neuron is inside its own frame and every layer's other neurons keep the order j. (Chained
    top down, Graphviz turned these columns over or mixed them: a₁, a₄, a₃, a₂.)"""
    layout, ids = layout_of(NETWORKS[network](), expand, cluster="layer")
    (frame,) = [item for item in layout["objects"] if item["name"].startswith("cluster_neuron")]
    x0, y0, x1, y1 = (float(c) for c in frame["bb"].split(","))
    place = {item["name"]: node_box(item) for item in layout["objects"] if "pos" in item}
    for node_id in members(ids, expand):
        left, bottom, right, top = place[node_id]
        assert x0 <= left and right <= x1 and y0 <= bottom and top <= y1, node_id
    for layer in (0, 1):
        column = sorted(
            (node.role.neuron, place[node_id][3])
            for node_id, node in ids.items()
            if node_id.startswith("v")
            and node.role is not None
            and node.role.kind == "a"
            and node.role.layer == layer
            and (layer, node.role.neuron) != expand
        )
        tops = [top for _, top in column]
        assert tops == sorted(tops, reverse=True), (layer, column)


SVG = "{http://www.w3.org/2000/svg}"
OUTLINE = ("polygon", "ellipse", "path", "text")  # a box, a circle; a plain number's text


def frame_geometry(svg: str) -> tuple[str, list[str], list[tuple[str, str]]]:
    """A frame's viewBox, its clusters' outlines and each node's first outline (place, size)."""
    root = ElementTree.fromstring(svg)
    groups = [
        (group.get("class"), group.findtext(f"{SVG}title", ""), group)
        for group in root.iter(f"{SVG}g")
    ]
    outlines = []
    clusters = []
    for kind, title, group in groups:
        if kind not in ("node", "cluster"):
            continue
        first = next(item for item in group.iter() if item.tag.removeprefix(SVG) in OUTLINE)
        shape = " ".join(
            f"{key}={first.get(key)}"
            for key in ("points", "cx", "cy", "d", "x", "y")
            if first.get(key)
        )
        if kind == "cluster":
            clusters.append(shape)
        else:
            outlines.append((title, shape))
    return root.get("viewBox", ""), clusters, outlines


@pytest.mark.parametrize(
    ("network", "expand"), [("2-2-2-1", (1, 0)), ("4-4-1", (2, 0))], ids=["2-2-2-1", "4-4-1"]
)
def test_the_players_frames_keep_the_frame_and_every_box(
    renderer: str, network: str, expand: tuple[int, int]
) -> None:
    loss = NETWORKS[network]()
    pictures = FramePictures(
        loss, draw_options={"collapse": True, "expand": expand, "color_by_grad": True}
    )
    geometries = {str(frame_geometry(pictures.svg(i))) for i in range(len(pictures))}
    assert len(geometries) == 1  # every frame, the Done frame too
    _view_box, clusters, outlines = frame_geometry(pictures.svg(len(pictures) - 1))
    assert len(clusters) == 1 and len(outlines) == len(pictures.layout.nodes)
    # the frame's title (j = 1, l = 2 · tanh) is as large as the boxes' text, as the hall sees it
    svg = ElementTree.fromstring(pictures.svg(len(pictures) - 1))
    sizes = {
        kind: {
            text.get("font-size")
            for group in svg.iter(f"{SVG}g")
            if group.get("class") == kind
            for text in group.iter(f"{SVG}text")
            if kind == "cluster" or (text.text or "").startswith("data")
        }
        for kind in ("cluster", "node")
    }
    assert len(sizes["node"]) == 1 and sizes["cluster"] == sizes["node"], sizes
    # the pinned layout keeps the expanded neuron inside its frame
    x0, y0, x1, y1 = (float(c) for c in next(iter(pictures.layout.clusters.values())).split(","))
    _, ids = layout_of(loss, expand)
    inside = members(ids, expand)
    assert len(inside) > 10
    for node_id in inside:
        box = pictures.layout.nodes[node_id]
        assert x0 <= box.x - box.width / 2 and box.x + box.width / 2 <= x1, node_id
        assert y0 <= box.y - box.height / 2 and box.y + box.height / 2 <= y1, node_id


@needs_latex
@pytest.mark.slow  # real pdflatex, 21 slides: about 20 s
def test_the_beamer_lecture_with_a_neuron_expanded(tmp_path: Path) -> None:
    loss = problem_book()
    tex = to_tikz(loss, steps=True, collapse=True, expand=(1, 0))
    pdf = compile_pdf(tex, tmp_path, "expanded")
    frames = FramePictures(loss, draw_options={"collapse": True, "expand": (1, 0)})
    assert page_count(pdf) == len(frames)
    assert len(set(re.findall(r"\\useasboundingbox [^;]*;", tex))) == 1  # one size for all
    log = (tmp_path / "expanded.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull" not in log
    assert "j = 1, l = 2" in pdf_text(pdf)  # the frame's title
