"""Neurons in `draw` pictures: find what each `nn` neuron made from the nodes' roles, plan, group.

`nn` records a typed `autograd.roles.Role` on every node it makes (`node.role`: the layer, the
neuron, and the kind w, b, wx, z, a). `find_neurons` gathers each neuron's nodes by that record;
labels are never parsed. `plan_size` decides what a big graph becomes: every neuron one box
(collapsed) or, without neurons to collapse, only the `max_nodes` values nearest the output
(`nearest_to_root`). `emit_nodes` writes the node statements into the drawing, inside one
cluster subgraph per neuron (and per layer) when `draw(cluster=...)` asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
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
    "by_distance_to_root",
    "emit_columns",
    "emit_nodes",
    "expanded_rows",
    "find_neurons",
    "nearest_to_root",
    "neuron_name",
    "neuron_role",
    "plan_size",
    "resolve_expand",
]

# (the Value drawn, its DOT node id, its attributes)
NodeStatement = tuple[Value, str, dict[str, str]]


@dataclass(eq=False)  # compared and hashed by identity: one object per neuron of a drawing
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


def by_distance_to_root(order: list[Value], parameters: set[Value]) -> list[Value]:
    """The values (not `parameters`), nearest the root first: fewest steps, then later in `order`."""
    distance: dict[Value, int] = {order[-1]: 0}
    for node in reversed(order):  # every consumer comes before its inputs here
        for parent in node.inputs:
            step = distance[node] + 1
            if step < distance.get(parent, step + 1):
                distance[parent] = step
    position = {node: index for index, node in enumerate(order)}
    candidates = [node for node in order if node not in parameters]
    candidates.sort(key=lambda node: (distance[node], -position[node]))
    return candidates


def nearest_to_root(order: list[Value], parameters: set[Value], limit: int) -> set[Value]:
    """The `limit` values with the fewest steps to the root (ties: the later in `order`)."""
    return set(by_distance_to_root(order, parameters)[:limit])


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


def resolve_expand(expand: object, neurons: list[NeuronNodes]) -> NeuronNodes | None:
    """The neuron `draw(expand=...)` names: an `nn.Neuron` (anything with `w` and `b`), a Value
    it made, or its (layer, neuron) positions from 0; None for None. An error if not drawn."""
    if expand is None:
        return None
    if isinstance(expand, Value):
        wanted = expand
    elif isinstance(expand, tuple) and len(expand) == 2:
        for neuron in neurons:
            if (neuron.layer_position, neuron.neuron_position) == expand:
                return neuron
        raise ValueError(f"draw: expand={expand!r}: no neuron at these (layer, neuron) positions")
    elif isinstance(bias := getattr(expand, "b", None), Value):
        wanted = bias
    elif hasattr(expand, "b") and isinstance(first := getattr(expand, "w", [None])[0], Value):
        wanted = first  # a neuron without a bias (b is None): its first weight
    else:
        raise TypeError(
            "draw: expand must be an nn.Neuron, a Value it made or (layer, neuron), "
            f"got {type(expand).__name__}"
        )
    for neuron in neurons:
        if wanted in neuron.members:
            return neuron
    raise ValueError(f"draw: expand={expand!r} is not a neuron of this graph")


def emit_nodes(
    drawing: GraphDrawing,
    statements: list[NodeStatement],
    neurons: list[NeuronNodes],
    cluster: str | None,
    collapsed: bool,
    header: Callable[[NeuronNodes], str],
    line_colour: str = "#767676",
    expanded: NeuronNodes | None = None,
    rows: Sequence[list[str]] = (),
) -> set[str]:
    """Write node statements, inside cluster subgraphs when asked (layer > neuron nesting).

    A collapsed neuron is already one box: with cluster="layer" its box goes into its layer's
    cluster, and cluster="neuron" adds nothing. The `expanded` neuron (drawn as its scalar graph
    among collapsed ones) always gets its own cluster, every node of it inside, its activation
    and output a too, so the eye finds "inside one neuron"; `rows` (`expanded_rows`) keep its
    rows k = 1, 2, ... in order. `header(neuron)` titles a neuron's cluster
    (`neuron_table.neuron_header`). Returns the ids put in clusters.
    """
    neuron_of = {member: neuron for neuron in neurons for member in neuron.members}
    plain: list[tuple[str, dict[str, str]]] = []
    clustered: set[str] = set()
    # layer cluster ("" for none) -> neuron cluster (None for boxes directly in the layer) -> nodes
    grouped: dict[str, dict[NeuronNodes | None, list[tuple[str, dict[str, str]]]]] = {}
    for node, node_id, attributes in statements:
        neuron = neuron_of.get(node)
        in_neuron_cluster = neuron is not None and (
            neuron is expanded or (not collapsed and cluster is not None)
        )
        in_layer_cluster = neuron is not None and cluster == "layer"
        if not in_neuron_cluster and not in_layer_cluster:
            plain.append((node_id, attributes))
            continue
        assert neuron is not None
        layer_key = neuron.layer if in_layer_cluster else ""
        neuron_key = neuron if in_neuron_cluster else None
        grouped.setdefault(layer_key, {}).setdefault(neuron_key, []).append((node_id, attributes))
        clustered.add(node_id)
    for node_id, attributes in plain:
        drawing.node(node_id, **attributes)
    cluster_style = {"style": "rounded,dashed", "color": line_colour, "fontsize": "16"}
    ordered = {expanded: rows} if expanded is not None else {}
    for layer_number, (layer, by_neuron) in enumerate(grouped.items()):
        prefix = f"{layer_number}_"
        if not layer:
            _emit_neuron_clusters(drawing, by_neuron, prefix, cluster_style, header, ordered)
            continue
        with drawing.subgraph(name=f"cluster_layer{layer_number}") as layer_graph:
            first = next(neuron for neuron in neurons if neuron.layer == layer)
            layer_graph.attr(label=f"<{_layer_title(first)}>", labelloc="t", **cluster_style)
            _emit_neuron_clusters(layer_graph, by_neuron, prefix, cluster_style, header, ordered)
    return clustered


def _layer_title(neuron: NeuronNodes) -> str:
    """ "layer 2" (counted from 1, as the course), or the dotted name outside a model."""
    if neuron.layer_position is None:
        return html_label_text(neuron.layer or _("layer"))
    layer_word = html_label_text(_("layer"))
    return f"{layer_word} {neuron.layer_position + 1}"


def _emit_neuron_clusters(
    graph: GraphDrawing,
    by_neuron: dict[NeuronNodes | None, list[tuple[str, dict[str, str]]]],
    id_prefix: str,
    cluster_style: dict[str, str],
    header: Callable[[NeuronNodes], str],
    ordered: Mapping[NeuronNodes, Sequence[list[str]]],
) -> None:
    for neuron_number, (neuron, nodes) in enumerate(by_neuron.items()):
        if neuron is None:  # collapsed boxes, directly in the layer's cluster
            for node_id, attributes in nodes:
                graph.node(node_id, **attributes)
            continue
        name = f"cluster_neuron{id_prefix}{neuron_number}"
        with graph.subgraph(name=name) as neuron_graph:
            neuron_graph.attr(label=f"<{header(neuron)}>", labelloc="t", **cluster_style)
            for node_id, attrs in nodes:
                neuron_graph.node(node_id, **attrs)
            for number, row in enumerate(ordered.get(neuron, ())):
                _emit_row(neuron_graph, f"row{number}_{name}", row)  # not "cluster...": no frame


def _emit_row(graph: GraphDrawing, name: str, row: list[str]) -> None:
    """`row` (DOT ids) one rank inside a cluster, first on top, fixed by invisible edges.

    Inside a cluster of an LR drawing, Graphviz lays a rank's invisible edges out bottom to
    top (outside one, top to bottom; both the bundled Graphviz 14 and Debian's 2.43), so the
    chain runs from the last node up to the first."""
    if len(row) < 2:
        return
    with graph.subgraph(name=name) as rank:
        rank.attr(rank="same")
        for lower, upper in pairwise(reversed(row)):
            rank.edge(lower, upper, style="invis")


def emit_columns(
    drawing: GraphDrawing,
    order: list[Value],
    neurons: list[NeuronNodes],
    box_id: Callable[[Value], str],
    clustered: set[str],
    expanded: NeuronNodes | None = None,
) -> None:
    """Layers as columns: the inputs x_k, then one column per layer (its neurons' outputs, top
    to bottom in the order j), the loss last.

    A column is one rank (`rank=same`, also across clusters: the drawing sets `newrank=true`);
    invisible edges between neighbours fix the order, so the edges between two layers do not
    cross needlessly. A drawn (not collapsed) neuron's weights and bias are put
    after the previous layer's column, so a layer starts where the previous one ends and the
    layers do not drift diagonally. `clustered`: the node ids emit_nodes put in clusters (a
    column all inside them, in a layer's frame, is chained bottom up: `_emit_row` says why).

    The `expanded` neuron (one drawn among collapsed ones) has its weights in the previous
    column's rank instead, its frame beside that column's boxes: then each edge from that
    column into the neuron's × circles spans one rank. Over a rank between, it would have to go
    around the frame (Graphviz keeps other nodes and edges out of a cluster), and the edges
    to the layer's other neurons with it: they looped over the top of the picture. The frame
    stands above (or below) the rest of its layer, whatever its j: between two of its
    neurons, the edges to those above and below it would have to cross it.
    """
    columns: list[list[str]] = [[box_id(node) for node in order if _is_input(node)]]
    by_layer: dict[int | None, list[NeuronNodes]] = {}
    for neuron in neurons:
        by_layer.setdefault(neuron.layer_position, []).append(neuron)
    layers = sorted(by_layer.items(), key=lambda item: _layer_key(item[0]))
    for _layer, layer_neurons in layers:
        layer_neurons.sort(key=lambda neuron: neuron.neuron_position or 0)
        columns.append([box_id(neuron.output) for neuron in layer_neurons])
    beside: dict[int, list[str]] = {}  # a column's number -> nodes in its rank, not its order
    if expanded is not None:  # columns[number] is the column before layers[number]
        number = next(n for n, (_layer, group) in enumerate(layers) if expanded in group)
        beside[number] = [box_id(weight) for weight in _members_of_kind(expanded, "w")]
    for number, column in enumerate(columns):
        ids = list(dict.fromkeys(column))  # a box once
        if len(ids) < 2 and not beside.get(number):
            continue
        with drawing.subgraph(name=f"column{number}") as rank:
            rank.attr(rank="same")
            inside = all(node_id in clustered for node_id in ids)  # in a layer's frame
            for first, second in pairwise(ids[::-1] if inside else ids):  # see _emit_row
                rank.edge(first, second, style="invis")
            for node_id in beside.get(number, []):
                rank.node(node_id)
    for previous, (_layer, layer_neurons) in zip(columns[1:], layers[1:]):
        for number, neuron in enumerate(layer_neurons):
            if neuron is expanded:
                continue
            box = box_id(neuron.output)
            for member in neuron.members:
                role = member.role
                member_id = box_id(member)
                if role is not None and role.kind in ("w", "b") and member_id != box and previous:
                    # the top neurons of two layers level with each other, the rest free
                    level = "10" if number == 0 and role.index == 0 else "0"
                    drawing.edge(previous[0], member_id, style="invis", weight=level)


def _is_input(node: Value) -> bool:
    return node.role is not None and node.role.kind == "x"


def _layer_key(layer: int | None) -> int:
    return -1 if layer is None else layer


def expanded_rows(neuron: NeuronNodes, position: Mapping[Value, int]) -> list[list[str]]:
    """The columns of an expanded neuron that read as its rows k = 1, 2, ... (top to bottom),
    as DOT ids (`v3` the value at position 3 of the topological order, `op3` the operation
    that made it, as `draw` names them): the weights w_k, their × circles with the bias b under
    them, and the products w_k·x_k. (The bias beside the small circles rather than under the
    products keeps the frame, and so the picture, one box lower.)"""
    products = _members_of_kind(neuron, "wx")
    return [
        [f"v{position[weight]}" for weight in _members_of_kind(neuron, "w")],
        [f"op{position[product]}" for product in products]
        + [f"v{position[bias]}" for bias in _members_of_kind(neuron, "b")],
        [f"v{position[product]}" for product in products],
    ]


def _members_of_kind(neuron: NeuronNodes, kind: str) -> list[Value]:
    """The neuron's nodes of one kind ("w", "wx", "b"), by their index k."""
    found = [member for member in neuron.members if member.role and member.role.kind == kind]
    return sorted(found, key=lambda member: (member.role.index or 0) if member.role else 0)
