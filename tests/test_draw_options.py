"""`draw` options: edge labels, colour by gradient, quiz, number format, rankdir, stepper support,
and errors for bad options. Checked on the DOT text (node ids are positions in topological order).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest

import autograd
from autograd import Value
from autograd.viz.style import (
    HIGHLIGHT_EDGE,
    HIGHLIGHT_FILL,
    NEGATIVE_RGB,
    POSITIVE_RGB,
    ZERO_FILL,
)

EDGE = re.compile(r"^\t(\w+) -> (\w+)(?: \[(.*)\])?$", re.MULTILINE)


def edge_list(source: str) -> list[tuple[str, str, str]]:
    return [(tail, head, attributes or "") for tail, head, attributes in EDGE.findall(source)]


def edge_attributes(source: str, tail: str, head: str) -> list[str]:
    return [attributes for t, h, attributes in edge_list(source) if (t, h) == (tail, head)]


def node_line(source: str, node_id: str) -> str:
    match = re.search(rf"^\t{node_id} \[(.*)\]$", source, re.MULTILINE)
    assert match is not None, f"no node {node_id}"
    return match.group(1)


def edge_label(attributes: str) -> str:
    match = re.search(r"label=<([^>]*)>", attributes)
    assert match is not None, attributes
    return match.group(1)


def xyz() -> tuple[Value, Value, Value, Value, Value]:
    # order: x v0, y v1, q v2 (op2), z v3, f v4 (op4)
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    q = x + y
    f = q * z
    f.backward()
    return x, y, q, z, f


def test_edge_labels_local_derivatives() -> None:
    *_, f = xyz()
    source = autograd.draw(f, edge_labels="local").source
    assert [edge_label(a) for a in edge_attributes(source, "v0", "op2")] == ["1"]
    assert [edge_label(a) for a in edge_attributes(source, "v1", "op2")] == ["1"]
    assert [edge_label(a) for a in edge_attributes(source, "v2", "op4")] == ["−4"]  # ∂(qz)/∂q = z
    assert [edge_label(a) for a in edge_attributes(source, "v3", "op4")] == ["3"]  # ∂(qz)/∂z = q
    assert "local derivative" in source


def test_edge_labels_messages_are_upstream_times_local() -> None:
    *_, f = xyz()
    source = autograd.draw(f, edge_labels="message").source
    assert [edge_label(a) for a in edge_attributes(source, "v0", "op2")] == ["−4"]
    assert [edge_label(a) for a in edge_attributes(source, "v2", "op4")] == ["−4"]
    assert [edge_label(a) for a in edge_attributes(source, "v3", "op4")] == ["3"]
    assert "label=" not in "".join(edge_attributes(autograd.draw(f).source, "v0", "op2"))


def test_undefined_local_derivative_is_labelled_not_raised() -> None:
    x = Value(0.0, label="x")
    y = x**0.5
    source = autograd.draw(y, edge_labels="local").source
    assert edge_label(edge_attributes(source, "v0", "op2")[0]) == "undefined"


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_color_by_grad_sign_hue_magnitude_intensity_and_dead_relu() -> None:
    a, b, c = Value(2.0, label="a"), Value(-3.0, label="b"), Value(0.5, label="c")
    dead = (a * b).relu()  # relu(-6) = 0: no gradient reaches a, b or a*b
    out = dead + c * Value(-4.0, label="k")
    out.backward()
    order = autograd.topological_order(out)
    position = {node: f"v{index}" for index, node in enumerate(order)}
    source = autograd.draw(out, color_by_grad=True).source

    def grad_colour(node: Value) -> tuple[int, int, int]:
        match = re.search(
            r'<TD BGCOLOR="(#[0-9a-f]{6})"><FONT[^>]*>grad', node_line(source, position[node])
        )
        assert match is not None
        return hex_rgb(match.group(1))

    # c.grad = -4 (the largest |grad|): full red; k.grad = 0.5: light blue; out.grad = 1: blue
    assert (c.grad, out.grad) == (-4.0, 1.0)
    assert grad_colour(c) == NEGATIVE_RGB
    k = order[-2].inputs[1]
    red, green, blue = grad_colour(k)
    assert blue > red and (red, green, blue) != POSITIVE_RGB
    assert sum(grad_colour(out)) < sum((red, green, blue))  # |1| > |0.5|: more intense
    # the dead relu's inputs: grey fill, dashed border, dotted grey edges
    assert dead.grad == 1.0 and dead.inputs[0].grad == 0.0
    for node in (a, b, dead.inputs[0]):
        assert f'BGCOLOR="{ZERO_FILL}"' in node_line(source, position[node])
        assert 'STYLE="dashed"' in node_line(source, position[node])
    relu_op = "op" + position[dead][1:]
    assert "style=dotted" in edge_attributes(source, position[dead.inputs[0]], relu_op)[0]
    assert (
        "style=dotted"
        in edge_attributes(source, position[a], "op" + position[dead.inputs[0]][1:])[0]
    )
    # the sign without colour: negative messages dashed, positive solid, "▼ −" / "▲ +" in boxes
    c_edge = edge_attributes(source, position[c], "op" + position[order[-2]][1:])[0]
    assert "style=dashed" in c_edge and "penwidth=5.00" in c_edge  # c sends -4: the largest
    assert "▼ −4" in node_line(source, position[c]) and "▲ +1" in node_line(source, position[out])
    assert "dashed" not in node_line(source, position[dead]) + node_line(source, relu_op)
    assert "dashed" not in node_line(source, position[c])


def test_quiz_hides_data_and_or_grads() -> None:
    *_, f = xyz()
    data_quiz = autograd.draw(f, quiz="data").source
    assert "data −2" in node_line(data_quiz, "v0")  # leaves keep their data
    assert "data ?" in node_line(data_quiz, "v2") and "data ?" in node_line(data_quiz, "v4")
    assert "grad −4" in node_line(data_quiz, "v2")
    grad_quiz = autograd.draw(f, quiz="grad", edge_labels="message").source
    assert "grad ?" in node_line(grad_quiz, "v0") and "data −2" in node_line(grad_quiz, "v0")
    assert "grad 1" in node_line(grad_quiz, "v4")  # the seed 1 at the root stays
    assert {edge_label(a) for t, h, a in edge_list(grad_quiz) if h.startswith("op")} == {"?"}
    both = autograd.draw(f, quiz="both").source
    assert "data ?" in node_line(both, "v2") and "grad ?" in node_line(both, "v2")
    assert "−12" not in both and "−4" not in both.replace("data −4", "")


def test_number_format() -> None:
    x = Value(1.0, label="x")
    y = x / 3
    y.backward()
    assert "data 0.3333" in autograd.draw(y).source
    assert "data 0.33333" not in autograd.draw(y).source
    assert "data 0.33<" in autograd.draw(y, number_format=".2f").source
    assert "data 3.333e−01" in autograd.draw(y, number_format=".3e").source
    negative_zero = Value(-0.0, label="m") * 1
    shown = autograd.draw(negative_zero).source
    assert "data -0" not in shown and "data \N{MINUS SIGN}0" not in shown


def test_rankdir() -> None:
    *_, f = xyz()
    lr = autograd.draw(f).source
    tb = autograd.draw(f, rankdir="TB").source
    assert "rankdir=LR" in lr and "rankdir=TB" in tb
    assert 'ROWS="*"' in node_line(lr, "v0")  # stacked name / data / grad
    assert 'COLUMNS="*"' in node_line(tb, "v0")  # side by side


def test_stepper_highlight_shown_grads_edges_and_caption() -> None:
    a = Value(3.0, label="a")
    b = a + a  # v1, op1
    c = b * Value(2.0, label="two")  # v2 two, v3 c, op3
    c.backward()
    source = autograd.draw(
        c,
        highlight=b,
        shown_grads={c: 1.0, b: 2.0},
        highlighted_edges=[(b, 1)],
        caption="∂c/∂a = ∂c/∂b · ∂b/∂a = 2 · 1 = 2",
    ).source
    assert f'BGCOLOR="{HIGHLIGHT_FILL}"' in node_line(source, "v1")
    assert 'BORDER="3"' in node_line(source, "v1")
    assert HIGHLIGHT_FILL in node_line(source, "op1") and "penwidth=3" in node_line(source, "op1")
    assert HIGHLIGHT_FILL not in node_line(source, "v0")
    assert "grad 2<" in node_line(source, "v1") and "grad 1<" in node_line(source, "v3")
    assert re.search(r"grad (&#160;)+<", node_line(source, "v0"))  # blank: not computed yet
    assert "grad 4" not in source  # a.grad = 4 and two.grad = 6 are not shown yet
    first, second = edge_attributes(source, "v0", "op1")
    assert HIGHLIGHT_EDGE not in first and HIGHLIGHT_EDGE in second and "penwidth=3.5" in second
    assert "label=<∂c/∂a = ∂c/∂b · ∂b/∂a = 2 · 1 = 2>" in source
    plain = autograd.draw(c).source
    assert HIGHLIGHT_FILL not in plain and HIGHLIGHT_EDGE not in plain


def test_message_labels_follow_shown_grads() -> None:
    *_, f = xyz()
    source = autograd.draw(f, edge_labels="message", shown_grads={f: 1.0}).source
    assert edge_label(edge_attributes(source, "v2", "op4")[0]) == "−4"
    assert edge_label(edge_attributes(source, "v0", "op2")[0]) == ""  # q's grad not known yet


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"rankdir": "XY"}, "rankdir must be one of"),
        ({"edge_labels": "both"}, "edge_labels must be"),
        ({"quiz": "all"}, "quiz must be"),
        ({"cluster": "module"}, "cluster must be"),
        ({"max_nodes": 0}, "max_nodes must be a positive int"),
        ({"number_format": "q"}, "not a format spec"),
        ({"highlight": Value(1.0)}, "highlight .* is not a node of this graph"),
    ],
)
def test_bad_options_are_clear_errors(options: dict[str, object], message: str) -> None:
    *_, f = xyz()
    with pytest.raises(ValueError, match=message):
        autograd.draw(f, **options)  # type: ignore[arg-type]


def test_bad_highlighted_edges_and_root() -> None:
    _, _, q, _, f = xyz()
    with pytest.raises(ValueError, match=r"input_index must be 0\.\.1"):
        autograd.draw(f, highlighted_edges=[(q, 2)])
    with pytest.raises(ValueError, match="is not a node of this graph"):
        autograd.draw(f, highlighted_edges=[(Value(1.0) + 1, 0)])
    with pytest.raises(TypeError, match="root must be a Value"):
        autograd.draw(3.0)  # type: ignore[arg-type]


def test_every_option_together_renders(renderer: str) -> None:
    _, _, q, _, f = xyz()
    drawing = autograd.draw(
        f,
        rankdir="TB",
        edge_labels="message",
        color_by_grad=True,
        quiz="data",
        number_format=".3f",
        highlight=q,
        shown_grads={f: 1.0, q: -4.0},
        highlighted_edges=[(f, 0)],
        caption='caption with "quotes" & <tags>',
    )
    svg = drawing.pipe(format="svg").decode()
    texts = [t.text for t in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert 'caption with "quotes" & <tags>' in texts
    # with colours on, the sign is also written: a marker and an explicit sign
    assert texts.count("grad ▼ −4.000") == 1  # q; x, y and z are not computed yet
    assert texts.count("data ?") == 2 and "data −2.000" in texts and "grad ▲ +1.000" in texts


def test_grad_quiz_turns_gradient_colours_off() -> None:
    *_, f = xyz()
    source = autograd.draw(f, quiz="grad", color_by_grad=True).source
    assert "penwidth" not in source and "<TD BGCOLOR" not in source


@pytest.mark.parametrize("number_format", ["<>10", "&<8", "><8.2f", "\\<12", '"^9'])
def test_number_formats_with_markup_fill_characters_are_drawn_literally(
    number_format: str, renderer: str
) -> None:
    # Issue 15, defect 16: a fill character (`<`, `&`, ...) went into the HTML-like label raw.
    import xml.etree.ElementTree as ElementTree

    x = Value(1.5, label="x")
    y = x * 2.0
    y.backward()
    svg = autograd.draw(y, number_format=number_format, edge_labels="message").pipe(format="svg")
    texts = [
        t.text or "" for t in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    ]
    assert f"data {format(1.5, number_format)}" in texts
    assert f"grad {format(1.0, number_format)}" in texts
    assert format(2.0, number_format) in texts  # the constant 2 and the message 2 · 1
