"""The seed slides' pictures drawn by `autograd.viz.diagram` and rendered by the real Graphviz `dot`.

(x + y)z at -2, 5, -4; the sigmoid neuron gate by gate; f = x² + xy + (x + y)². Each test
checks the numbers in the DOT text and, rendered to SVG, in the picture's text; `a + a` keeps
both edges; ids are deterministic across runs and processes; svg and png really render.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from seed_graphs import seed_xyz

import autograd
from autograd import Value

SVG = "{http://www.w3.org/2000/svg}"
EDGE = re.compile(r"^\t(\w+) -> (\w+)(?: \[(.*)\])?$", re.MULTILINE)


def edges(source: str) -> list[tuple[str, str, str]]:
    """(tail, head, attributes) of every edge statement in DOT text, in order."""
    return [(tail, head, attributes or "") for tail, head, attributes in EDGE.findall(source)]


def node_label(source: str, node_id: str) -> str:
    match = re.search(rf"^\t{node_id} \[label=<(.*)> ", source, re.MULTILINE)
    assert match is not None, f"no node {node_id} in\n{source}"
    return match.group(1)


def svg_texts_by_node(svg: str) -> dict[str, list[str]]:
    """Node id (the SVG <title>) -> the texts drawn inside that node."""
    tree = ElementTree.fromstring(svg)
    texts: dict[str, list[str]] = {}
    for group in tree.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        title = group.find(f"{SVG}title")
        assert title is not None and title.text is not None
        texts[title.text] = [text.text or "" for text in group.iter(f"{SVG}text")]
    return texts


def seed_xyz_after_backward() -> tuple[Value, Value, Value, Value, Value]:
    x, y, z, q, f = seed_xyz()
    f.backward()
    return x, y, z, q, f


def sigmoid_neuron() -> tuple[dict[str, Value], Value]:
    leaves = {
        name: Value(data, label=name)
        for name, data in [("w0", 2.0), ("x0", -1.0), ("w1", -3.0), ("x1", -2.0), ("w2", -3.0)]
    }
    s = leaves["w0"] * leaves["x0"] + leaves["w1"] * leaves["x1"] + leaves["w2"]
    out = 1 / (1 + (-s).exp())
    out.label = "f"
    out.backward()
    return leaves, out


def test_xyz_picture_has_the_slide_numbers() -> None:
    x, y, z, q, f = seed_xyz_after_backward()
    source = autograd.draw(f).source
    order = autograd.topological_order(f)
    assert order == [x, y, q, z, f]
    assert "data −2" in node_label(source, "v0") and "grad −4" in node_label(source, "v0")
    assert "data 5" in node_label(source, "v1") and "grad −4" in node_label(source, "v1")
    assert "data 3" in node_label(source, "v2") and "grad −4" in node_label(source, "v2")
    assert "data −4" in node_label(source, "v3") and "grad 3" in node_label(source, "v3")
    assert "data −12" in node_label(source, "v4") and "grad 1" in node_label(source, "v4")
    # each operation is its own node feeding its result
    assert re.search(r"^\top2 \[label=<\+>", source, re.MULTILINE)
    assert re.search(r"^\top4 \[label=<×>", source, re.MULTILINE)
    assert sorted((tail, head) for tail, head, _ in edges(source)) == sorted(
        [("v0", "op2"), ("v1", "op2"), ("op2", "v2"), ("v2", "op4"), ("v3", "op4"), ("op4", "v4")]
    )


def test_xyz_renders_to_svg_with_values_and_grads(renderer: str) -> None:
    *_, f = seed_xyz_after_backward()
    svg = autograd.draw(f).pipe(format="svg").decode()
    texts = svg_texts_by_node(svg)
    assert texts["v0"] == ["x", "data −2", "grad −4"]
    assert texts["v1"] == ["y", "data 5", "grad −4"]
    assert texts["v2"] == ["q", "data 3", "grad −4"]
    assert texts["v3"] == ["z", "data −4", "grad 3"]
    assert texts["v4"] == ["f", "data −12", "grad 1"]
    assert texts["op2"] == ["+"] and texts["op4"] == ["×"]


def test_sigmoid_neuron_gate_by_gate(renderer: str) -> None:
    leaves, out = sigmoid_neuron()
    drawing = autograd.draw(out, number_format=".2f", edge_labels="message")
    texts = svg_texts_by_node(drawing.pipe(format="svg").decode())
    by_name = {
        node_texts[0]: node_texts[1:] for node_texts in texts.values() if len(node_texts) == 3
    }
    # the slide's gradients of the inputs: -0.20, 0.39, -0.39, -0.59, 0.20; output 0.73
    assert by_name["w0"] == ["data 2.00", "grad −0.20"]
    assert by_name["x0"] == ["data −1.00", "grad 0.39"]
    assert by_name["w1"] == ["data −3.00", "grad −0.39"]
    assert by_name["x1"] == ["data −2.00", "grad −0.59"]
    assert by_name["w2"] == ["data −3.00", "grad 0.20"]
    assert by_name["f"] == ["data 0.73", "grad 1.00"]
    # gate by gate (forward value, gradient): w0x0 = -2, w1x1 = 6, sum 4, + w2 = 1, negated -1,
    # exp 0.37, 1 + exp 1.37, 1/(...) 0.73; gradients 0.20 0.20 0.20 0.20 -0.20 -0.53 -0.53
    gates = [node_texts[1:] for node_texts in texts.values() if node_texts[0].startswith("n")]
    assert ["data −2.00", "grad 0.20"] in gates
    assert ["data 6.00", "grad 0.20"] in gates
    assert ["data 4.00", "grad 0.20"] in gates
    assert ["data 1.00", "grad 0.20"] in gates
    assert ["data −1.00", "grad −0.20"] in gates
    assert ["data 0.37", "grad −0.53"] in gates
    assert ["data 1.37", "grad −0.53"] in gates
    ops = sorted(texts[node_id][0] for node_id in texts if node_id.startswith("op"))
    assert ops == sorted(["×", "×", "+", "+", "−x", "exp", "+", "÷"])
    numbers = {name: round(value.grad, 2) for name, value in leaves.items()}
    assert numbers == {"w0": -0.2, "x0": 0.39, "w1": -0.39, "x1": -0.59, "w2": 0.2}


def test_two_paths_into_x_of_x_squared_plus_xy_plus_x_plus_y_squared() -> None:
    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    f = x * x + x * y + (x + y) ** 2
    f.backward()
    assert (x.grad, y.grad) == (10.0, 7.0)  # 2x + y + 2(x + y) and x + 2(x + y)
    source = autograd.draw(f, edge_labels="message").source
    from_x = [(head, attributes) for tail, head, attributes in edges(source) if tail == "v0"]
    heads = [head for head, _ in from_x]
    # x*x: two distinct edges into the same ×; then one into x*y and one into x + y
    assert heads.count(heads[0]) == 2 and len(heads) == 4 and len(set(heads)) == 3
    messages = [
        float(re.search(r"label=<([^>]*)>", attributes).group(1)) for _, attributes in from_x
    ]  # type: ignore[union-attr]
    assert sorted(messages) == [1.0, 1.0, 2.0, 6.0] and sum(messages) == x.grad
    assert "grad 10" in node_label(source, "v0")


def test_a_plus_a_draws_two_edges() -> None:
    a = Value(3.0, label="a")
    b = a + a
    b.backward()
    source = autograd.draw(b).source
    assert [(tail, head) for tail, head, _ in edges(source)] == [
        ("op1", "v1"),
        ("v0", "op1"),
        ("v0", "op1"),
    ]
    assert "grad 2" in node_label(source, "v0")


def test_a_plus_a_renders_two_edges(renderer: str) -> None:
    a = Value(3.0, label="a")
    svg = autograd.draw(a + a).pipe(format="svg").decode()
    edge_titles = [
        title.text
        for group in ElementTree.fromstring(svg).iter(f"{SVG}g")
        if group.get("class") == "edge"
        for title in group.iter(f"{SVG}title")
    ]
    assert edge_titles.count("v0&#45;&gt;op1") + edge_titles.count("v0->op1") == 2


def test_constant_parameters_are_plain_numbers_without_a_grad() -> None:
    x = Value(-2.0, label="x")
    y = x**3 + x.leaky_relu(0.1) + x.elu(0.5)
    y.backward()
    source = autograd.draw(y).source
    order = autograd.topological_order(y)
    parameter_positions = [
        order.index(node.inputs[-1]) for node in order if node.op in ("**", "leaky_relu", "elu")
    ]
    assert [order[p].data for p in parameter_positions] == [3.0, 0.1, 0.5]
    for position, text in zip(parameter_positions, ["3", "0.1", "0.5"]):
        line = re.search(rf"^\tv{position} \[(.*)\]$", source, re.MULTILINE)
        assert line is not None
        assert f"label=<{text}>" in line.group(1) and "shape=plaintext" in line.group(1)
        assert "grad" not in line.group(1)
    # the constant feeds its operation with a thin dashed line
    assert (f"v{parameter_positions[0]}", "op2") in [
        (tail, head) for tail, head, _ in edges(source)
    ]
    # a plain number in arithmetic (x * 2) is a constant: a number too, with no gradient row;
    # show_constants=True draws it as a box with the gradient the engine gave it
    z = x * 2
    z.backward()
    assert re.search(r"^\tv1 \[label=<2> .*shape=plaintext", autograd.draw(z).source, re.M)
    assert "grad −2" in node_label(autograd.draw(z, show_constants=True).source, "v1")


def test_dot_text_is_identical_across_builds_and_processes() -> None:
    first = autograd.draw(sigmoid_neuron()[1], edge_labels="local", color_by_grad=True).source
    second = autograd.draw(sigmoid_neuron()[1], edge_labels="local", color_by_grad=True).source
    assert first == second
    program = (
        "import sys; sys.path.insert(0, sys.argv[1]); import test_draw_pictures as t, autograd;"
        "print(autograd.draw(t.sigmoid_neuron()[1], edge_labels='local', color_by_grad=True).source, end='')"
    )
    other_process = subprocess.run(
        [sys.executable, "-c", program, str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    assert other_process.stdout == first
    ids = re.findall(r"^\t(\w+) \[", first, re.MULTILINE)
    assert all(re.fullmatch(r"v\d+|op\d+|graph|node|edge", node_id) for node_id in ids)
    assert "v0" in ids and "op4" in ids


@pytest.mark.parametrize("file_format", ["svg", "png"])
def test_renders_to_a_file(tmp_path: Path, file_format: str, renderer: str) -> None:
    _, out = sigmoid_neuron()
    path = autograd.draw(out, edge_labels="local").render(
        outfile=tmp_path / f"neuron.{file_format}"
    )
    content = Path(path).read_bytes()
    if file_format == "png":
        assert content.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
        assert width > height > 200  # LR layout, big enough to read on a projector
    else:
        assert b"<svg" in content and b"data 0.7311" in content


def test_jupyter_display_is_an_inline_svg(renderer: str) -> None:
    from IPython.core.formatters import DisplayFormatter

    *_, f = seed_xyz_after_backward()
    data, _metadata = DisplayFormatter().format(autograd.draw(f))
    assert svg_texts_by_node(data["image/svg+xml"])["v4"] == ["f", "data −12", "grad 1"]
