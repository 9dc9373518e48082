"""A network by layers, laid out once by Graphviz: one circle per input and neuron, one line per
weight. `network_layout(model)` gives the positions (the live dashboard draws them in the browser);
`layered_dot(layout, weights, grads)` is the same picture as DOT with every position pinned, a
line's width |w| and colour w's sign (blue +, orange −), the dot at its end the weight's gradient
(size |∂L/∂w|, red +, green −) and each neuron its bias, for pictures made in Python (the training
replay of a large network, whose collapsed drawing would be too small to read).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

from autograd.lecture.layout import layout_from_json
from autograd.viz.render import render_dot
from autograd.viz.style import format_number

__all__ = ["layered_dot", "network_layout"]

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
    return {"nodes": nodes, "edges": edges, "width": layout.width, "height": layout.height}


def layered_dot(layout: dict[str, Any], weights: Sequence[float], grads: Sequence[float]) -> str:
    """The layered picture at these parameter values, as DOT pinned for `neato -n2`."""
    height = float(layout["height"])
    biggest = max([abs(weights[e["weight"]]) for e in layout["edges"]] + [1e-12])
    steepest = max([abs(grads[e["weight"]]) for e in layout["edges"]] + [1e-12])
    lines = [
        "digraph network {",
        '  graph [bgcolor="#ffffff", splines=false];',
        '  node [shape=circle, fixedsize=true, width=0.55, fontsize=9, fontname="Helvetica",'
        ' style=filled, fillcolor="#f4f0ff", color="#404040"];',
    ]
    for node in layout["nodes"]:
        position = f"{node['x']},{height - node['y']}!"
        if node["layer"] == 0:
            label = "x" + str(int(node["id"][1:]) + 1).translate(_SUBSCRIPTS)
            lines.append(
                f'  {node["id"]} [pos="{position}", label="{label}", fillcolor="#eef5ff"];'
            )
        else:
            bias = "" if node["bias"] is None else format_number(weights[node["bias"]], ".3g")
            lines.append(f'  {node["id"]} [pos="{position}", label="{html.escape(bias)}"];')
    for edge in layout["edges"]:
        w, g = weights[edge["weight"]], grads[edge["weight"]]
        colour = "#1f5fbf" if w >= 0 else "#e66100"
        fill = "#c0392b" if g > 0 else "#1e8449" if g < 0 else "#999999"
        width = 0.4 + 4.0 * abs(w) / biggest
        size = 0.2 + 0.9 * math.sqrt(abs(g) / steepest)
        tip = f"w = {format_number(w)}, ∂L/∂w = {format_number(g)}"
        lines.append(
            f'  {edge["from"]} -> {edge["to"]} [penwidth={width:.2f}, color="{colour}", '
            f'arrowhead=dot, arrowsize={size:.2f}, fillcolor="{fill}", tooltip="{tip}"];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
