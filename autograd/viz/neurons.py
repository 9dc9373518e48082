"""Neurons in `draw` pictures: find what each `nn` neuron made from the labels, plan, group.

`nn` labels every node it makes "{prefix}{role}": prefix "layers.L.neurons.N.", "neurons.N." or
"" (a bare `Neuron`), role one of `w.i`, `b` (parameters), `wx.i` (a product), `z` (the sum) or
`a` (the activation). `neuron_name` reads that contract for one node and `find_neurons` gathers
each neuron's nodes. `plan_size` decides what a big graph becomes: every neuron one box
(collapsed) or, without neurons to collapse, only the `max_nodes` values nearest the output
(`nearest_to_root`). `emit_nodes` writes the node statements into the drawing, inside one
cluster subgraph per neuron (and per layer) when `draw(cluster=...)` asks for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from autograd.value import Value
from autograd.viz.escape import html_label_text

if TYPE_CHECKING:
    from autograd.viz.render import GraphDrawing

__all__ = [
    "NeuronNodes",
    "NodeStatement",
    "SizePlan",
    "emit_nodes",
    "find_neurons",
    "nearest_to_root",
    "neuron_name",
    "neuron_role",
    "plan_size",
]

# A label written by `nn`: "{prefix}{role}" with prefix "layers.L.neurons.N.", "neurons.N." or ""
# and role one of w.i, b (parameters), wx.i (a product), z (the sum), a (the activation).
_NN_LABEL = re.compile(r"((?:layers\.(\d+)\.)?neurons\.\d+\.)?(w\.\d+|b|wx\.\d+|z|a)")

# (the Value drawn, its DOT node id, its attributes)
NodeStatement = tuple[Value, str, dict[str, str]]


@dataclass
class NeuronNodes:
    """The nodes one `nn` neuron made, found from their labels."""

    name: str  # "layers.0.neurons.1", or "neuron" for a bare Neuron
    layer: str  # "layers.0"; "" for a bare Layer or Neuron
    members: list[Value]  # in topological order
    output: Value  # the activation `a`, or `z` for a linear neuron


@dataclass
class SizePlan:
    """What a drawing shows: every neuron as one box, or only some values; with notes saying so."""

    collapsed: bool  # every neuron is drawn as one box
    drawn: set[Value] | None  # the values drawn; None: all of them
    notes: list[str] = field(default_factory=list)  # lines for the caption


def neuron_name(node: Value) -> str | None:
    """The neuron a node belongs to by its `nn` label ("layers.0.neurons.1"), "" for a bare Neuron.

    None when the label is not an `nn` label or the node's kind does not fit its role
    (parameters `w.i`/`b` are leaves, `wx.i` is a product, `z` a sum, `a` an activation).
    """
    match = _NN_LABEL.fullmatch(node.label)
    if match is None:
        return None
    role = match.group(3)
    fits = (
        ((role.startswith("w.") or role == "b") and not node.op)
        or (role.startswith("wx.") and node.op == "*")
        or (role == "z" and node.op == "sum")
        or (role == "a" and node.op != "")
    )
    if not fits:
        return None
    prefix = match.group(1) or ""
    return prefix[:-1]


def neuron_role(node: Value) -> str:
    """The last part of an `nn` label: "w.0", "b", "wx.0", "z" or "a"; "" for other labels."""
    match = _NN_LABEL.fullmatch(node.label)
    return match.group(3) if match else ""


def find_neurons(order: list[Value]) -> list[NeuronNodes]:
    """The neurons `nn` made, in the order of their outputs; each with its members and output."""
    has_bare_sum = any(node.label == "z" and node.op == "sum" for node in order)
    members_of: dict[str, list[Value]] = {}
    for node in order:
        name = neuron_name(node)
        if name is None or (name == "" and not has_bare_sum):
            continue
        members_of.setdefault(name, []).append(node)
    neurons = []
    for name, members in members_of.items():
        layer_match = re.fullmatch(r"(layers\.\d+)\.neurons\.\d+", name)
        by_role = {neuron_role(member): member for member in members}
        output = by_role.get("a") or by_role.get("z") or members[-1]
        neurons.append(
            NeuronNodes(
                name=name or "neuron",
                layer=layer_match.group(1) if layer_match else "",
                members=members,
                output=output,
            )
        )
    output_position = {node: index for index, node in enumerate(order)}
    neurons.sort(key=lambda neuron: output_position[neuron.output])  # layer 0 first
    return neurons


def nearest_to_root(order: list[Value], parameters: set[Value], limit: int) -> set[Value]:
    """The `limit` values with the fewest steps to the root (ties: the later in `order`)."""
    distance: dict[Value, int] = {order[-1]: 0}
    for node in reversed(order):  # every consumer comes before its inputs here
        for parent in node.inputs:
            step = distance[node] + 1
            if step < distance.get(parent, step + 1):
                distance[parent] = step
    position = {node: index for index, node in enumerate(order)}
    candidates = [node for node in order if node not in parameters]
    candidates.sort(key=lambda node: (distance[node], -position[node]))
    return set(candidates[:limit])


def plan_size(
    order: list[Value],
    parameters: set[Value],
    neurons: list[NeuronNodes],
    *,
    collapse: bool,
    max_nodes: int,
) -> SizePlan:
    """Collapse the neurons when asked or when the graph has more than `max_nodes` values.

    Collapsing happens only if there are neurons and the collapsed picture fits in `max_nodes`
    boxes; a graph still too big shows only the `max_nodes` values nearest the output.
    `parameters` (the constants of `**`, `leaky_relu`, `elu`) are not counted as values.
    """
    members = {member for neuron in neurons for member in neuron.members}
    value_count = len(order) - len(parameters)
    box_count = len(neurons) + sum(
        1 for node in order if node not in parameters and node not in members
    )  # the values drawn when every neuron is one box
    collapsed = bool(neurons) and box_count <= max_nodes and (collapse or value_count > max_nodes)
    if collapsed:
        plan = SizePlan(collapsed=True, drawn=None)
        if not collapse:
            plan.notes.append(
                f"{value_count} values are more than max_nodes={max_nodes}: "
                "each neuron is drawn as one box"
            )
        return plan
    if value_count > max_nodes:
        return SizePlan(
            collapsed=False,
            drawn=nearest_to_root(order, parameters, max_nodes),
            notes=[
                f"only the {max_nodes} values nearest the output of {value_count} are drawn "
                f"(max_nodes={max_nodes})"
            ],
        )
    return SizePlan(collapsed=False, drawn=None)


def emit_nodes(
    drawing: GraphDrawing,
    statements: list[NodeStatement],
    neurons: list[NeuronNodes],
    cluster: str | None,
    collapsed: bool,
) -> None:
    """Write node statements, inside cluster subgraphs when asked (layer > neuron nesting).

    A collapsed neuron is already one box: with cluster="layer" its box goes into its layer's
    cluster, and cluster="neuron" adds nothing.
    """
    use_clusters = cluster == "layer" or (cluster == "neuron" and not collapsed)
    neuron_of = {member: neuron for neuron in neurons for member in neuron.members}
    grouped: dict[str, dict[str, list[tuple[str, dict[str, str]]]]] = {}
    for node, node_id, attributes in statements:
        neuron = neuron_of.get(node) if use_clusters else None
        if neuron is None:
            drawing.node(node_id, **attributes)
        else:
            by_neuron = grouped.setdefault(neuron.layer, {})
            by_neuron.setdefault(neuron.name, []).append((node_id, attributes))
    cluster_style = {"style": "rounded,dashed", "color": "#888888", "fontsize": "14"}
    for layer_number, (layer, by_neuron) in enumerate(grouped.items()):
        if cluster == "neuron":
            _emit_neuron_clusters(drawing, by_neuron, f"{layer_number}_", cluster_style)
            continue
        with drawing.subgraph(name=f"cluster_layer{layer_number}") as layer_graph:
            layer_label = f"<{html_label_text(layer or 'layer')}>"
            layer_graph.attr(label=layer_label, labelloc="t", **cluster_style)
            if collapsed:
                for nodes in by_neuron.values():
                    for node_id, attributes in nodes:
                        layer_graph.node(node_id, **attributes)
            else:
                _emit_neuron_clusters(layer_graph, by_neuron, f"{layer_number}_", cluster_style)


def _emit_neuron_clusters(
    graph: GraphDrawing,
    by_neuron: dict[str, list[tuple[str, dict[str, str]]]],
    id_prefix: str,
    cluster_style: dict[str, str],
) -> None:
    for neuron_number, (name, nodes) in enumerate(by_neuron.items()):
        with graph.subgraph(name=f"cluster_neuron{id_prefix}{neuron_number}") as neuron_graph:
            neuron_graph.attr(label=f"<{html_label_text(name)}>", labelloc="t", **cluster_style)
            for node_id, attrs in nodes:
                neuron_graph.node(node_id, **attrs)
