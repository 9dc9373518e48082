"""Every number a drawing shows is written one way (`autograd.viz.style.format_number`): the
Unicode minus "−4" of the captions and the player, never the ASCII hyphen "-4", in data, grads,
edge labels, constants and collapsed neuron tables; and a number that reads as zero in the
chosen format is shown as zero ("0.00", no "−0.00", no ▼, grey), not as a tiny signed gradient.
"""

from __future__ import annotations

import re

import pytest

import autograd
from autograd import Value
from autograd.viz.style import MINUS, THEMES, format_number, reads_as_zero, rgb_hex
from nn import MLP, functional

# An ASCII hyphen used as a sign: before a digit or a decimal point.
ASCII_SIGN = re.compile(r"-(?=[0-9.])")
# Every number in the labels of a DOT text, with its sign (ASCII or Unicode), e.g. "−4", "0.5".
LABEL_NUMBER = re.compile(rf"(?<![#\w.])([-{MINUS}]?)\d+(?:\.\d+)?")


def xyz() -> Value:
    """f = (x + y) · z at x = −2, y = 5, z = −4: negative data, grads and edge labels."""
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    f = (x + y) * z
    f.label = "f"
    f.backward()
    return f


def labels(source: str) -> str:
    """The text of every HTML-like label (<...>) of a DOT source, tags removed."""
    texts = re.findall(r"label=<(.*?)>\s*(?:\w+=|\])", source)
    return " ".join(re.sub(r"<[^>]*>", " ", text) for text in texts)


@pytest.mark.parametrize("edge_labels", ["local", "message"])
@pytest.mark.parametrize("color_by_grad", [False, True])
def test_every_number_of_the_dot_uses_the_unicode_minus(
    edge_labels: str, color_by_grad: bool
) -> None:
    source = autograd.draw(xyz(), edge_labels=edge_labels, color_by_grad=color_by_grad).source
    assert not ASCII_SIGN.search(source), ASCII_SIGN.findall(source)
    text = labels(source)
    signs = LABEL_NUMBER.findall(text)
    assert MINUS in signs  # the drawing does show negative numbers ...
    assert "-" not in signs  # ... and each with the Unicode minus
    assert f"data {MINUS}2" in source and f"data {MINUS}12" in source  # x, f
    grad = f"▼ {MINUS}4" if color_by_grad else f"grad {MINUS}4"
    assert grad in source  # x's gradient, as the player and captions write it
    edge = f"label=<{MINUS}4>"  # local ∂f/∂(x+y) = z = −4; message to x+y: 1 · (−4)
    assert edge in source


def test_constants_and_collapsed_neuron_tables_use_the_unicode_minus() -> None:
    x = Value(-3.0, label="x")
    y = x**-1  # the constant −1 is drawn as a plain number
    y.backward()
    source = autograd.draw(y).source
    assert f"<{MINUS}1>" in source and not ASCII_SIGN.search(source)

    model = MLP(2, [2, 1], activation="tanh", seed=1)
    loss = functional.binary_cross_entropy_with_logits(model([0.5, -1.2]), 1.0)
    loss.backward()
    for options in ({"collapse": True}, {"collapse": True, "color_by_grad": True}):
        source = autograd.draw(loss, **options).source  # type: ignore[arg-type]
        signs = LABEL_NUMBER.findall(labels(source))
        assert MINUS in signs and "-" not in signs
        assert not ASCII_SIGN.search(source)


def test_format_number() -> None:
    assert format_number(-4.0) == f"{MINUS}4"
    assert format_number(0.19661193) == "0.1966"
    assert format_number(-0.0) == "0"
    assert format_number(-1.5e-5) == f"{MINUS}1.5e{MINUS}05"
    assert format_number(float("-inf")) == f"{MINUS}inf"
    assert format_number(-0.001, ".2f") == "0.00"  # reads as zero: no "−0.00"
    assert format_number(-0.006, ".2f") == f"{MINUS}0.01"
    assert format_number(-0.001, ".2e") == f"{MINUS}1.00e{MINUS}03"
    assert reads_as_zero(-0.001, ".2f") and reads_as_zero(0.0) and reads_as_zero(-0.0)
    assert not reads_as_zero(-0.006, ".2f") and not reads_as_zero(1e-300)
    assert not reads_as_zero(float("nan")) and not reads_as_zero(float("inf"))


def test_text_view_keeps_ascii() -> None:
    """The terminal table stays ASCII (copy-paste into Python works)."""
    text = autograd.as_text(xyz())
    assert "-2" in text and MINUS not in text


def test_drawing_changes_no_number() -> None:
    f = xyz()
    before = [(node.data, node.grad) for node in autograd.topological_order(f)]
    autograd.draw(f, edge_labels="message", color_by_grad=True, number_format=".2f")
    assert [(node.data, node.grad) for node in autograd.topological_order(f)] == before


def tiny_gradient() -> tuple[Value, Value, Value]:
    """f = a · b at a = 2, b = −0.001: ∂f/∂a = b = −0.001 reads "0.00" at ".2f"."""
    a, b = Value(2.0, label="a"), Value(-0.001, label="b")
    f = a * b
    f.label = "f"
    f.backward()
    return a, b, f


def node_line(source: str, node_id: str) -> str:
    match = re.search(rf"^\t{node_id} \[(.*)\]$", source, re.MULTILINE)
    assert match is not None, node_id
    return match.group(1)


def signed_zeros(source: str) -> list[str]:
    """Numbers written with a minus that are zero: "−0", "−0.00"."""
    return [text for text in re.findall(rf"{MINUS}[0-9.]+", source) if float(text[1:]) == 0]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_gradient_that_reads_as_zero_is_drawn_as_zero(theme: str) -> None:
    a, _b, f = tiny_gradient()
    colours = THEMES[theme]
    source = autograd.draw(
        f, color_by_grad=True, edge_labels="message", number_format=".2f", theme=theme
    ).source  # type: ignore[arg-type]
    box = node_line(source, "v0")  # a: grad −0.001
    assert "grad 0.00<" in box and "▼" not in box and "▲" not in box
    assert f'BGCOLOR="{colours.zero_fill}"' in box and 'STYLE="dashed"' in box
    assert f'COLOR="{colours.zero_line}"' in box
    negative = {rgb_hex(colour) for colour in colours.negative}
    assert not any(colour in box for colour in negative)  # no red cell for a "0.00"
    # the message to a is 1 · (−0.001): a dotted grey edge labelled 0.00
    edge = re.search(r"^\tv0 -> op2 \[(.*)\]$", source, re.MULTILINE)
    assert edge is not None
    assert "style=dotted" in edge.group(1) and "label=<0.00>" in edge.group(1)
    assert colours.zero_line in edge.group(1)
    assert "data 0.00" in node_line(source, "v1")  # b = −0.001 as data too
    assert signed_zeros(source) == []
    assert "▲ +2.00" in node_line(source, "v1")  # ∂f/∂b = 2 keeps its marker and colour
    assert a.grad == -0.001  # the drawing shows, it changes nothing


def test_the_same_gradient_in_a_finer_format_keeps_its_sign() -> None:
    _a, _b, f = tiny_gradient()
    source = autograd.draw(f, color_by_grad=True, number_format=".4g").source
    box = node_line(source, "v0")
    assert f"▼ {MINUS}0.001" in box and 'STYLE="dashed"' not in box
    # the weakest red (|−0.001| is tiny beside ∂f/∂b = 2)
    assert f'<TD BGCOLOR="{rgb_hex(THEMES["light"].negative[0])}">' in box


def test_collapsed_neuron_tables_show_no_signed_zero() -> None:
    model = MLP(2, [2, 1], activation="tanh", seed=1)
    loss = functional.binary_cross_entropy_with_logits(model([0.5, -1.2]), 1.0) * 0.001
    loss.backward()
    assert all(abs(p.grad) < 0.005 for p in model.parameters())  # all read "0.00" at ".2f"
    assert any(p.grad < 0 for p in model.parameters())  # some of them are negative

    def tables(number_format: str) -> str:
        source = autograd.draw(
            loss, collapse=True, color_by_grad=True, number_format=number_format
        ).source
        return "\n".join(line for line in source.splitlines() if 'PORT="out"' in line)

    shown = tables(".2f")
    assert shown.count('PORT="out"') == 3  # the three neurons' tables
    assert "▼" not in shown and "▲" not in shown  # no weight's grad is marked or coloured
    assert signed_zeros(shown) == []
    fine = tables(".4g")
    assert "▼" in fine and f"{MINUS}0.00" in fine  # at ".4g" the same tables show the signs
