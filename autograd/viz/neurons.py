"""Neurons in `draw` pictures: find what each `nn` neuron made from the nodes' roles, plan, group.

`nn` records a typed `autograd.roles.Role` on every node it makes (`node.role`: the layer, the
neuron, and the kind w, b, wx, z, a). `find_neurons` gathers each neuron's nodes by that record;
labels are never parsed. `plan_size` decides what a big graph becomes: every neuron one box
(collapsed) or, without neurons to collapse, only the `max_nodes` values nearest the output
(`nearest_to_root`). `emit_nodes` writes the node statements into the drawing, inside one
cluster subgraph per neuron (and per layer) when `draw(cluster=...)` asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from autograd.i18n import _, ngettext
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

# (the Value drawn, its DOT node id, its attributes)
NodeStatement = tuple[Value, str, dict[str, str]]


@dataclass
class NeuronNodes:
    """The nodes one `nn` neuron made, found from their roles."""

    name: str  # "layers.0.neurons.1", "neurons.1" in a bare Layer, "neuron" for a bare Neuron
    layer: str  # "layers.0"; "" for a bare Layer or Neuron
    members: list[Value]  # in topological order
    output: Value  # the activation `a`, or `z` for a linear neuron
    layer_position: int | None = None  # the role's layer (from 0), None outside a model
    neuron_position: int | None = None  # the role's neuron (from 0), None for a bare Neuron


@dataclass
class SizePlan:
    """What a drawing shows: every neuron as one box, or only some values; with notes saying so."""

    collapsed: bool  # every neuron is drawn as one box
    drawn: set[Value] | None  # the values drawn; None: all of them
    notes: list[str] = field(default_factory=list)  # lines for the caption


def neuron_name(node: Value) -> str | None:
    """The neuron a node belongs to, by its role: "layers.0.neurons.1", "neurons.1", "" (bare).

    None for a node no `nn` neuron made (no role, or the role of an input x_k or of a loss).
    """
    role = node.role
    if role is None or not role.in_neuron:
        return None
    if role.layer is not None:
        return f"layers.{role.layer}.neurons.{role.neuron}"
    if role.neuron is not None:
        return f"neurons.{role.neuron}"
    return ""


def neuron_role(node: Value) -> str:
    """The node's part of its neuron as `nn` names it: "w.0", "b", "wx.0", "z", "a"; else ""."""
    role = node.role
    if role is None or not role.in_neuron:
        return ""
    return f"{role.kind}.{role.index}" if role.index is not None else role.kind


def find_neurons(order: list[Value]) -> list[NeuronNodes]:
    """The neurons `nn` made, in the order of their outputs; each with its members and output."""
    members_of: dict[tuple[int | None, int | None], list[Value]] = {}
    for node in order:
        role = node.role
        if role is not None and role.in_neuron:
            members_of.setdefault((role.layer, role.neuron), []).append(node)
    neurons = []
    for (layer, neuron), members in members_of.items():
        by_kind = {member.role.kind: member for member in members if member.role is not None}
        output = by_kind.get("a") or by_kind.get("z") or members[-1]
        neurons.append(
            NeuronNodes(
                name=neuron_name(members[0]) or "neuron",
                layer=f"layers.{layer}" if layer is not None else "",
                members=members,
                output=output,
                layer_position=layer,
                neuron_position=neuron,
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
                _(
                    "{count} values are more than max_nodes={max_nodes}: "
                    "each neuron is drawn as one box"
                ).format(count=value_count, max_nodes=max_nodes)
            )
        return plan
    if value_count > max_nodes:
        return SizePlan(
            collapsed=False,
            drawn=nearest_to_root(order, parameters, max_nodes),
            notes=[
                ngettext(
                    "only the {max_nodes} value nearest the output of {count} is drawn "
                    "(max_nodes={max_nodes})",
                    "only the {max_nodes} values nearest the output of {count} are drawn "
                    "(max_nodes={max_nodes})",
                    max_nodes,
                ).format(max_nodes=max_nodes, count=value_count)
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
            layer_name = layer or _("layer")
            layer_label = f"<{html_label_text(layer_name)}>"
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
