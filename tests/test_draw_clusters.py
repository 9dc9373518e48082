"""Clusters and collapsed neurons for graphs with `nn`'s roles, and big graphs.

The hand-built networks record what `nn` records (`node.role`: layer, neuron and kind w, b, wx,
z, a; inputs x) and `nn`'s labels; one test uses a real `nn.MLP`. A graph with more values
than `max_nodes` is collapsed (when it has neurons) or cut down to the values nearest the
output, always with a note, so dot never gets thousands of nodes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import autograd
from autograd import Value, sum_values
from autograd.roles import Role
from autograd.value import Constant
from autograd.viz.neurons import neuron_name

EDGE = re.compile(r"^\t+(\w+) -> (\w+)(?: \[(.*)\])?$", re.MULTILINE)
NODE = re.compile(r"^\t+(v\d+|op\d+|more) \[", re.MULTILINE)


def hand_neuron(
    layer: int, neuron: int, inputs: list[Value], weights: list[float], activation: str
) -> Value:
    """What `nn.Neuron.forward` builds in neuron `neuron` of layer `layer`, labelled by hand."""
    prefix = f"layers.{layer}.neurons.{neuron}."
    w = [Value(weight, label=f"{prefix}w.{i}") for i, weight in enumerate(weights)]
    b = Value(0.5, label=f"{prefix}b")
    b.role = Role("b", layer, neuron)
    products = []
    for i, (weight, x) in enumerate(zip(w, inputs)):
        weight.role = Role("w", layer, neuron, i)
        product = weight * x
        product.label = f"{prefix}wx.{i}"
        product.role = Role("wx", layer, neuron, i)
        products.append(product)
    z = sum_values([*products, b])
    z.label, z.role = f"{prefix}z", Role("z", layer, neuron)
    if activation == "linear":
        return z
    a = z.relu() if activation == "relu" else z.leaky_relu(0.1)
    a.label, a.role = f"{prefix}a", Role("a", layer, neuron)
    return a


def hand_input(k: int, data: float) -> Value:
    x = Value(data, label=f"x.{k}")
    x.role = Role("x", index=k)
    return x


def hand_mlp() -> tuple[list[Value], list[Value], Value]:
    """2 inputs -> 2 relu/leaky-relu neurons -> 1 linear neuron, then a squared error."""
    xs = [hand_input(0, 1.0), hand_input(1, -2.0)]
    hidden = [
        hand_neuron(0, 0, xs, [0.3, -0.4], "relu"),
        hand_neuron(0, 1, xs, [-0.2, 0.1], "leaky"),
    ]
    out = hand_neuron(1, 0, hidden, [1.5, -1.0], "linear")
    loss = (out - 1.0) ** 2
    loss.label = "loss"
    loss.backward()
    return xs, hidden, loss


def node_ids(source: str) -> list[str]:
    return NODE.findall(source)


def test_neuron_name_reads_the_role_never_the_label() -> None:
    xs, hidden, loss = hand_mlp()
    assert neuron_name(hidden[0]) == "layers.0.neurons.0"
    assert neuron_name(hidden[0].inputs[0].inputs[0].inputs[0]) == "layers.0.neurons.0"  # w.0
    assert neuron_name(xs[0]) is None and neuron_name(loss) is None
    bias = Value(1.0)
    bias.role = Role("b", None, 3)  # a bias of a bare Layer
    assert neuron_name(bias) == "neurons.3"
    weight = Value(1.0)
    weight.role = Role("w", index=0)  # a bare Neuron
    assert neuron_name(weight) == ""
    assert neuron_name(Value(1.0, label="layers.0.neurons.0.z")) is None  # a label is not a role


def test_cluster_neuron_groups_each_neurons_nodes() -> None:
    *_, loss = hand_mlp()
    order = autograd.topological_order(loss)
    position = {node: index for index, node in enumerate(order)}
    source = autograd.draw(loss, cluster="neuron").source
    clusters = re.findall(r"subgraph (cluster_\w+) \{(.*?)\n\t\}", source, re.DOTALL)
    assert len(clusters) == 3
    expected = []  # per neuron (by role): its value boxes and operation circles
    for place in ((0, 0), (0, 1), (1, 0)):
        members = [n for n in order if n.role and (n.role.layer, n.role.neuron) == place]
        ids = {f"v{position[n]}" for n in members} | {
            f"op{position[n]}" for n in members if n.inputs
        }
        expected.append(sorted(ids))
    assert sorted(sorted(node_ids(body)) for _, body in clusters) == sorted(expected)
    # each cluster says which neuron, counted from 1 as the course does
    labels = [re.search(r"label=<(.*?)> labelloc", body) for _, body in clusters]
    assert sorted(label.group(1) for label in labels if label) == [
        "<B>j = 1, l = 1</B> · relu",
        "<B>j = 1, l = 2</B> · linear",
        "<B>j = 2, l = 1</B> · leaky relu",
    ]
    # the inputs and the loss stay outside every cluster
    outside = source.split("subgraph")[0]
    for node in order:
        if node.label in ("x.0", "x.1", "loss"):
            assert f"\tv{position[node]} [" in outside


def test_cluster_layer_nests_neurons_in_layers() -> None:
    *_, loss = hand_mlp()
    source = autograd.draw(loss, cluster="layer").source
    assert source.count("subgraph cluster_layer") == 2
    assert source.count("subgraph cluster_neuron") == 3
    assert "label=<layer 1>" in source and "label=<layer 2>" in source
    assert "label=<<B>j = 2, l = 1</B> · leaky relu>" in source


def test_collapse_draws_one_box_per_neuron() -> None:
    xs, hidden, loss = hand_mlp()
    order = autograd.topological_order(loss)
    position = {node: index for index, node in enumerate(order)}
    out = loss.inputs[0].inputs[0]
    source = autograd.draw(loss, collapse=True).source
    boxes = {f"v{position[n]}" for n in (*hidden, out)}
    drawn = set(node_ids(source))
    assert boxes <= drawn
    assert not any("w." in n.label or "wx." in n.label for n in order if f"v{position[n]}" in drawn)
    edges = {(tail, head) for tail, head, _ in EDGE.findall(source)}
    x0, x1 = (f"v{position[x]}" for x in xs)
    h0, h1 = (f"v{position[h]}" for h in hidden)
    assert {
        (x0, h0),
        (x1, h0),
        (x0, h1),
        (x1, h1),
        (h0, f"v{position[out]}"),
        (h1, f"v{position[out]}"),
    } <= edges
    assert len(edges) == len(
        [line for line in source.splitlines() if " -> " in line]
    )  # no duplicates
    # each box is a table: the activation, then a, z, the weights and the bias, data and grad
    assert "<B>linear</B>" in source and "<B>relu</B>" in source and "<B>leaky relu</B>" in source
    for name in ("a₁⁽¹⁾", "z₂⁽¹⁾", "w₂₁⁽¹⁾", "w₂₂⁽¹⁾", "b₂⁽¹⁾", "z₁⁽²⁾", "w₁₂⁽²⁾"):
        assert name in source
    assert "a₁⁽²⁾" not in source  # a linear neuron has no a
    # the leaky relu's slope belongs inside its box: no dangling constant
    assert "label=<0.1>" not in source


def test_highlight_inside_a_collapsed_neuron_highlights_its_box() -> None:
    _, hidden, loss = hand_mlp()
    order = autograd.topological_order(loss)
    weight = hidden[1].inputs[0].inputs[0].inputs[0]
    assert weight.label == "layers.0.neurons.1.w.0"
    source = autograd.draw(loss, collapse=True, highlight=weight).source
    box = f"v{order.index(hidden[1])}"
    assert re.search(rf'^\t{box} \[label=<<TABLE BORDER="3"', source, re.MULTILINE)


def wide_network(width: int) -> Value:
    xs = [hand_input(i, float(i % 3) - 1.0) for i in range(width)]
    hidden = [
        hand_neuron(0, n, xs, [0.01 * (i - n) for i in range(width)], "relu") for n in range(4)
    ]
    out = hand_neuron(1, 0, hidden, [0.5, -0.5, 0.25, 1.0], "linear")
    out.backward()
    return out


def test_graph_over_max_nodes_with_neurons_is_collapsed_with_a_note() -> None:
    out = wide_network(40)  # 40 inputs, 4 neurons of 40 products: about 380 values
    value_count = len(autograd.topological_order(out))
    assert value_count > 150
    source = autograd.draw(out).source
    assert len(node_ids(source)) == 40 + 5  # the inputs and one box per neuron
    assert f"{value_count} values are more than max_nodes=150" in source
    assert "each neuron is drawn as one box" in source


def test_graph_over_max_nodes_without_neurons_is_cut_with_a_note() -> None:
    x = Value(0.5, label="x")
    y = x
    for step in range(3000):
        y = (y * 0.999 + 0.001) if step % 2 else y.tanh()
    y.backward()
    source = autograd.draw(y, max_nodes=60).source
    order = autograd.topological_order(y)
    values = [node_id for node_id in node_ids(source) if node_id.startswith("v")]
    boxes = [v for v in values if not isinstance(order[int(v[1:])], Constant)]
    assert len(boxes) == 60  # the constants 0.999 and 0.001 are drawn as numbers beside them
    assert f"v{len(order) - 1}" in values  # the root is drawn
    assert "v0" not in values  # x is far away
    values_count = sum(1 for node in order if not isinstance(node, Constant))
    assert f"only the 60 values nearest the output of {values_count} are drawn" in source
    assert re.search(r"^\tmore \[label=<⋯ \d+ more values>", source, re.MULTILINE)
    assert len(source) < 60_000


def test_explicit_max_nodes_applies_to_small_graphs_too() -> None:
    *_, loss = hand_mlp()
    source = autograd.draw(loss, max_nodes=8).source
    assert "each neuron is drawn as one box" in source


def test_real_nn_mlp_clusters_and_collapses(renderer: str) -> None:
    import nn  # this repository's nn package

    model = nn.MLP(3, [4, 4, 1], seed=0)
    out = model([1.0, -2.0, 0.5])
    out.backward()
    clustered = autograd.draw(out, cluster="layer")
    assert clustered.source.count("subgraph cluster_layer") == 3
    assert clustered.source.count("subgraph cluster_neuron") == 9
    collapsed = autograd.draw(out, collapse=True)
    svg = collapsed.pipe(format="svg").decode()
    titles = [
        group.findtext("{http://www.w3.org/2000/svg}title")
        for group in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}g")
        if group.get("class") == "node"
    ]
    assert len(titles) == 3 + 9  # three inputs, nine neurons
    assert "layers.2.neurons.0" in svg and "layers.0.neurons.3" in svg


def test_collapse_with_layer_clusters_groups_neuron_boxes() -> None:
    _, hidden, loss = hand_mlp()
    order = autograd.topological_order(loss)
    source = autograd.draw(loss, collapse=True, cluster="layer").source
    assert "subgraph cluster_neuron" not in source
    layers = re.findall(r"subgraph cluster_layer\d+ \{(.*?)\n\t\}", source, re.DOTALL)
    assert len(layers) == 2
    assert set(node_ids(layers[0])) == {f"v{order.index(h)}" for h in hidden}
    assert "subgraph cluster" not in autograd.draw(loss, collapse=True, cluster="neuron").source
