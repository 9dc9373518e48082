"""Drawings of `nn` models as the lecture draws them: notation, layers as columns, one neuron
expanded, readable at 1920×1080 when collapsed.

The notation test pins the names of a known model (w_{jk}^{(l)} from input k to neuron j of layer
l, counted from 1); the column tests read the ranks from the DOT text and the positions from
Graphviz's own layout (json) with both renderers.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree

import pytest

import autograd
from autograd import Value
from autograd.roles import Role
from autograd.viz.notation import lecture_name
from autograd.viz.render import render_dot
from nn import MLP, functional

SVG = "{http://www.w3.org/2000/svg}"


def mlp_loss(sizes: list[int], seed: int = 1) -> tuple[MLP, Value]:
    model = MLP(2, sizes, activation="tanh", seed=seed)
    loss = functional.binary_cross_entropy_with_logits(model([0.5, -1.2]), 1.0)
    loss.backward()
    return model, loss


def test_lecture_names_of_roles() -> None:
    # counted from 1: layer position 0 is l = 1, neuron 2 is j = 3, input 1 is k = 2
    assert lecture_name(Role("w", 0, 2, 1)).text == "w₃₂⁽¹⁾"
    assert lecture_name(Role("w", 0, 2, 1)).html == "w<SUB>32</SUB><SUP>(1)</SUP>"
    assert lecture_name(Role("b", 1, 0)).text == "b₁⁽²⁾"
    assert lecture_name(Role("z", 1, 0)).text == "z₁⁽²⁾"
    assert lecture_name(Role("a", 2, 3)).html == "a<SUB>4</SUB><SUP>(3)</SUP>"
    assert lecture_name(Role("x", index=0)).text == "x₁"
    assert lecture_name(Role("loss")).text == "loss"
    # the product: the weight times the input it multiplies (x in layer 1, a^(l-1) after)
    assert lecture_name(Role("wx", 0, 1, 0)).text == "w₂₁⁽¹⁾·x₁"
    assert lecture_name(Role("wx", 1, 0, 2)).text == "w₁₃⁽²⁾·a₃⁽¹⁾"
    # two-digit indices get a comma; a bare Layer has no (l), a bare Neuron no j
    assert lecture_name(Role("w", 0, 11, 2)).text == "w₁₂,₃⁽¹⁾"
    assert lecture_name(Role("w", None, 1, 0)).text == "w₂₁"
    assert lecture_name(Role("w", index=0)).text == "w₁"


def test_notation_labels_of_a_known_model() -> None:
    model, loss = mlp_loss([3, 1])
    source = autograd.draw(loss).source
    for name in (
        "x<SUB>1</SUB>",
        "x<SUB>2</SUB>",
        "w<SUB>11</SUB><SUP>(1)</SUP>",
        "w<SUB>32</SUB><SUP>(1)</SUP>",
        "b<SUB>3</SUB><SUP>(1)</SUP>",
        "z<SUB>2</SUB><SUP>(1)</SUP>",
        "a<SUB>2</SUB><SUP>(1)</SUP>",
        "w<SUB>13</SUB><SUP>(2)</SUP>",
        "z<SUB>1</SUB><SUP>(2)</SUP>",
        "w<SUB>13</SUB><SUP>(2)</SUP>·a<SUB>3</SUB><SUP>(1)</SUP>",
        "<B>loss</B>",
    ):
        assert name in source, name
    # the named_parameters() names are not in the way, but on hover
    assert ">layers.0.neurons.2.w.1<" not in source
    assert 'tooltip="layers.0.neurons.2.w.1"' in source
    # names="labels" shows them instead
    labels = autograd.draw(loss, names="labels").source
    assert "<B>layers.0.neurons.2.w.1</B>" in labels and "w<SUB>32</SUB>" not in labels
    # the weight from input 2 to neuron 3 of layer 1 is the parameter the name says
    weight = model.layers[0].neurons[2].w[1]
    assert weight.role == Role("w", 0, 2, 1) and weight.label == "layers.0.neurons.2.w.1"


def test_an_unlabelled_root_of_a_model_graph_is_the_loss() -> None:
    model = MLP(2, [2, 1], seed=0)
    out = model([1.0, 2.0])
    assert isinstance(out, Value)
    loss = (out - 1.0) ** 2  # no role, no label: a model's loss written by hand
    loss.backward()
    assert "<B>loss</B>" in autograd.draw(loss).source
    plain = (Value(1.0, label="p") * 2) ** 2  # no model: the automatic name stays
    assert "<B>loss</B>" not in autograd.draw(plain).source


def column_ids(source: str) -> list[list[str]]:
    """The node ids of each `rank=same` column subgraph, in the order of the invisible edges."""
    columns = []
    for body in re.findall(r"subgraph column\d+ \{(.*?)\n\t\}", source, re.DOTALL):
        assert "rank=same" in body
        pairs = re.findall(r"(\w+) -> (\w+) \[style=invis\]", body)
        columns.append([pairs[0][0], *(head for _, head in pairs)])
    return columns


def test_collapsed_layers_are_columns_in_the_dot() -> None:
    model, loss = mlp_loss([4, 4, 1])
    order = autograd.topological_order(loss)
    position = {node: f"v{index}" for index, node in enumerate(order)}
    source = autograd.draw(loss, collapse=True).source
    outputs = []
    for layer_position, layer in enumerate(model.layers):
        column = []
        for j in range(len(layer.neurons)):
            kind = "z" if layer.activation.is_linear else "a"
            node = next(n for n in order if n.role == Role(kind, layer_position, j))
            column.append(position[node])
        outputs.append(column)
    inputs = [position[next(n for n in order if n.role == Role("x", index=k))] for k in (0, 1)]
    columns = column_ids(source)
    assert columns == [inputs, outputs[0], outputs[1]]  # one neuron in layer 3: no column needed
    assert "newrank=true" in source


def test_collapsed_layers_are_columns_in_the_layout(renderer: str) -> None:
    _, loss = mlp_loss([4, 4, 1])
    order = autograd.topological_order(loss)
    position = {node: f"v{index}" for index, node in enumerate(order)}
    layout = json.loads(render_dot(autograd.draw(loss, collapse=True).source, "json"))
    where = {
        item["name"]: tuple(float(c) for c in item["pos"].split(","))
        for item in layout["objects"]
        if "pos" in item
    }

    def place(role: Role) -> tuple[float, float]:
        return where[position[next(n for n in order if n.role == role)]]

    xs = [place(Role("x", index=k)) for k in (0, 1)]
    layers = [[place(Role("a", layer, j)) for j in range(4)] for layer in (0, 1)] + [
        [place(Role("z", 2, 0))]
    ]
    columns = [xs, *layers]
    for column in columns:  # one column per layer: the same x, no diagonal drift
        assert len({round(x) for x, _ in column}) == 1
    lefts = [column[0][0] for column in columns]
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts)  # inputs first, then by layer
    for column in columns:  # neuron j = 1 on top (Graphviz's y grows upwards)
        heights = [y for _, y in column]
        assert heights == sorted(heights, reverse=True)
    assert where[position[loss]][0] > lefts[-1]  # the loss last


def test_collapsed_edges_enter_the_row_of_their_weight() -> None:
    model, loss = mlp_loss([3, 1])
    order = autograd.topological_order(loss)
    position = {node: f"v{index}" for index, node in enumerate(order)}
    source = autograd.draw(loss, collapse=True).source
    a2 = position[next(n for n in order if n.role == Role("a", 0, 1))]
    out = position[next(n for n in order if n.role == Role("z", 1, 0))]
    edge = re.search(rf"^\t{a2} -> {out} \[(.*)\]$", source, re.MULTILINE)
    assert edge is not None
    assert 'headport="w1:w"' in edge.group(1) and 'tailport="out:e"' in edge.group(1)
    # the table has a row per weight with its data and grad
    weight = model.layers[1].neurons[0].w[1]
    box = re.search(rf"^\t{out} \[(.*)\]$", source, re.MULTILINE)
    assert box is not None
    row = re.search(
        r'<TD PORT="w1" ALIGN="LEFT">w₁₂⁽²⁾</TD><TD[^>]*>([^<]*)</TD><TD[^>]*>([^<]*)', box.group(1)
    )
    assert row is not None
    minus = "\N{MINUS SIGN}"  # drawings write the Unicode minus
    expected = (format(weight.data, ".4g"), format(weight.grad, ".4g"))
    assert row.groups() == tuple(text.replace("-", minus) for text in expected)


@pytest.mark.parametrize("expand", [None, (1, 0)], ids=["collapsed", "one-neuron-expanded"])
def test_collapsed_mlp_is_readable_at_1920_by_1080(
    renderer: str, expand: tuple[int, int] | None
) -> None:
    """Every number at least 14 px when the whole picture is fitted into 1920×1080 px."""
    _, loss = mlp_loss([4, 4, 1])
    drawing = autograd.draw(
        loss, collapse=True, expand=expand, color_by_grad=True, number_format=".3f"
    )
    svg = ElementTree.fromstring(render_dot(drawing.source, "svg"))
    width_pt = float(svg.get("width", "0").removesuffix("pt"))
    height_pt = float(svg.get("height", "0").removesuffix("pt"))
    # an SVG point is 4/3 CSS px; fitted into the screen, both sides shrink by the same factor
    scale = min(1920 / (width_pt * 4 / 3), 1080 / (height_pt * 4 / 3))
    sizes = [
        float(text.get("font-size", "0"))
        for text in svg.iter(f"{SVG}text")
        if re.search(r"\d", text.text or "")
    ]
    assert sizes and min(sizes) * 4 / 3 * scale >= 14


def test_expand_one_neuron() -> None:
    model, loss = mlp_loss([4, 4, 1])
    order = autograd.topological_order(loss)
    position = {node: f"v{index}" for index, node in enumerate(order)}
    chosen = model.layers[1].neurons[0]
    source = autograd.draw(loss, collapse=True, expand=chosen).source
    cluster = re.search(r"subgraph cluster_neuron\w+ \{(.*?)\n\t\}", source, re.DOTALL)
    assert cluster is not None
    # all of it is in the cluster, a and the tanh circle too; a is also in its layer's column
    inside = set(re.findall(r"^\t\t(v\d+|op\d+) \[", cluster.group(1), re.MULTILINE))
    members = [n for n in order if n.role and (n.role.layer, n.role.neuron) == (1, 0)]
    a = next(n for n in members if n.role and n.role.kind == "a")
    operations = {"op" + position[n].removeprefix("v") for n in members if n.inputs}
    assert inside == {position[n] for n in members} | operations
    assert column_ids(source)[2][0] == position[a]  # on top of layer 2's column
    assert "<B>j = 1, l = 2</B> · tanh" in cluster.group(1)
    # the other neurons stay one table each
    assert source.count("<B>tanh</B>") == 4 + 3 and source.count("<B>linear</B>") == 1
    # the same neuron named three ways, and mistakes named
    for same in (chosen.b, (1, 0)):
        assert autograd.draw(loss, collapse=True, expand=same).source == source
    with pytest.raises(ValueError, match="not a neuron of this graph"):
        autograd.draw(loss, expand=MLP(2, [1]).layers[0].neurons[0])
    with pytest.raises(ValueError, match=r"no neuron at these \(layer, neuron\) positions"):
        autograd.draw(loss, expand=(5, 0))
    with pytest.raises(TypeError, match=r"expand must be an nn\.Neuron"):
        autograd.draw(loss, expand="layers.1.neurons.0")


def test_drawing_changes_no_number() -> None:
    _, loss = mlp_loss([3, 1])
    order = autograd.topological_order(loss)
    before = [(node.data, node.grad) for node in order]
    for theme in ("light", "dark"):
        autograd.draw(loss, collapse=True, expand=(0, 1), color_by_grad=True, theme=theme)
        autograd.draw(loss, cluster="layer", names="labels", edge_labels="message")
    assert [(node.data, node.grad) for node in order] == before


def test_bad_names_and_theme() -> None:
    _, loss = mlp_loss([1])
    with pytest.raises(
        ValueError, match="draw: theme must be one of light, dark, auto, got 'blue'"
    ):
        autograd.draw(loss, theme="blue")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="draw: names must be 'lecture' or 'labels'"):
        autograd.draw(loss, names="greek")  # type: ignore[arg-type]


def test_a_hostile_label_stays_text_in_the_tooltip() -> None:
    model, loss = mlp_loss([1])
    weight = model.layers[0].neurons[0].w[0]
    weight.label = 'w" onmouseover="x\\N<b>'
    svg = ElementTree.fromstring(render_dot(autograd.draw(loss).source, "svg"))  # well-formed
    titles = [element.get("{http://www.w3.org/1999/xlink}title") for element in svg.iter()]
    assert weight.label in titles  # shown as typed: no attribute, no tag, no \N expansion
    assert not any(element.get("onmouseover") for element in svg.iter())
