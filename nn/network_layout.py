"""A network by layers, laid out once by Graphviz: one circle per input and neuron, one line per
weight. `network_layout(model)` gives the positions (the live dashboard draws them in the browser);
`layered_dot(layout, weights, grads)` is the same picture as DOT with every position pinned, a
line's width |w| and colour w's sign, the dot on it the weight's gradient (size |∂L/∂w|, colour
its sign) and each neuron its bias, for pictures made in Python (the training replay of a large
network, whose collapsed drawing would be too small to read).

Signs are coloured as in every view (`Theme.sign_colour`: blue +, orange −). A gradient's dot can
sit on a line of its own colour, so it has a dark rim in a ring of the background's colour: it
stays visible on a blue or orange line (`GRADIENT_DOT`: where along its line it sits).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

from autograd.lecture.layout import layout_from_json
from autograd.viz.render import render_dot
from autograd.viz.style import LIGHT, Theme, format_number

__all__ = ["GRADIENT_DOT", "layered_dot", "network_layout"]

GRADIENT_DOT = 0.62  # a gradient's dot sits this far along its weight's line (0 start, 1 end)

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def network_layout(model: Any) -> dict[str, Any]:
    """Neurons and weights of an MLP-like model with positions from Graphviz (points, y down)."""
    layers = list(model.layers)
    index = {id(p): i for i, p in enumerate(model.parameters())}
    inputs = len(layers[0].neurons[0].w)
    nodes: list[dict[str, Any]] = [{"id": f"x{k}", "layer": 0, "bias": None} for k in range(inputs)]
    edges = []
    previous = [f"x{k}" for k in range(inputs)]
    for depth, layer in enumerate(layers, start=1):
        current = []
        for j, neuron in enumerate(layer.neurons):
            name = f"n{depth}_{j}"
            bias = None if neuron.b is None else index[id(neuron.b)]
            nodes.append({"id": name, "layer": depth, "bias": bias})
            for source, weight in zip(previous, neuron.w):
                edges.append({"from": source, "to": name, "weight": index[id(weight)]})
            current.append(name)
        previous = current
    lines = [
        "digraph network {",
        "  rankdir=LR; nodesep=0.25; ranksep=1.6;",
        '  node [shape=circle, width=0.55, fixedsize=true, label=""];',
    ]
    lines += [f"  {node['id']};" for node in nodes]
    lines += [f"  {edge['from']} -> {edge['to']} [arrowhead=none];" for edge in edges]
    lines.append("}")
    layout = layout_from_json(render_dot("\n".join(lines), "json").decode("utf-8"))
    for node in nodes:
        box = layout.nodes[str(node["id"])]
        node.update(x=round(box.x, 1), y=round(layout.height - box.y, 1), r=round(box.width / 2, 1))
    return {
        "nodes": nodes,
        "edges": edges,
        "width": layout.width,
        "height": layout.height,
        "dot": GRADIENT_DOT,
    }


def layered_dot(
    layout: dict[str, Any],
    weights: Sequence[float],
    grads: Sequence[float],
    theme: Theme = LIGHT,
) -> str:
    """The layered picture at these parameter values, as DOT pinned for `neato -n2`."""
    height = float(layout["height"])
    biggest = max([abs(weights[e["weight"]]) for e in layout["edges"]] + [1e-12])
    steepest = max([abs(grads[e["weight"]]) for e in layout["edges"]] + [1e-12])
    lines = [
        "digraph network {",
        f'  graph [bgcolor="{theme.background}", splines=false];',
        '  node [shape=circle, fixedsize=true, width=0.55, fontsize=9, fontname="Helvetica",'
        f' style=filled, fillcolor="{theme.neuron_fill}", color="{theme.line}",'
        f' fontcolor="{theme.text}"];',
    ]
    position = {
        node["id"]: (float(node["x"]), height - float(node["y"])) for node in layout["nodes"]
    }
    for node in layout["nodes"]:
        x, y = position[node["id"]]
        if node["layer"] == 0:
            label = "x" + str(int(node["id"][1:]) + 1).translate(_SUBSCRIPTS)
            lines.append(
                f'  {node["id"]} [pos="{x},{y}!", label="{label}", fillcolor="{theme.leaf_fill}"];'
            )
        else:
            bias = "" if node["bias"] is None else format_number(weights[node["bias"]], ".3g")
            lines.append(f'  {node["id"]} [pos="{x},{y}!", label="{html.escape(bias)}"];')
    dots = []
    for number, edge in enumerate(layout["edges"]):
        w, g = weights[edge["weight"]], grads[edge["weight"]]
        width = 0.4 + 4.0 * abs(w) / biggest
        tip = f"w = {format_number(w)}, ∂L/∂w = {format_number(g)}"
        lines.append(
            f"  {edge['from']} -> {edge['to']} [penwidth={width:.2f}, "
            f'color="{theme.sign_colour(w)}", arrowhead=none, tooltip="{tip}"];'
        )
        (x0, y0), (x1, y1) = position[edge["from"]], position[edge["to"]]
        x, y = x0 + GRADIENT_DOT * (x1 - x0), y0 + GRADIENT_DOT * (y1 - y0)
        size = (5.0 + 9.0 * math.sqrt(abs(g) / steepest)) / 72  # inches: 5 to 14 pt
        halo = size + 4.0 / 72  # a 2 pt ring of the background's colour around a dark rim
        dots.append(
            f'  h{number} [pos="{x:.1f},{y:.1f}!", width={halo:.3f}, label="", '
            f'fillcolor="{theme.background}", color="{theme.background}", tooltip="{tip}"];'
        )
        dots.append(
            f'  g{number} [pos="{x:.1f},{y:.1f}!", width={size:.3f}, label="", '
            f'fillcolor="{theme.sign_colour(g)}", color="{theme.text}", penwidth=1, '
            f'tooltip="{tip}"];'
        )
    lines += dots  # drawn after every line, so no line covers a dot
    lines.append("}")
    return "\n".join(lines) + "\n"
