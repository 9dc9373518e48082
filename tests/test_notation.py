"""Both weight conventions: `notation="jk"` (W·x, w_jk from input k to neuron j) and `"ij"` (x·W,
w_ij from input i to neuron j, the problem book's), on draw, the player's frames and captions,
and as a package default. Names change, numbers never do."""

from __future__ import annotations

import re

import pytest

from autograd import Value
from autograd.lecture.layout import FramePictures
from autograd.lecture.player import player_html
from autograd.viz.diagram import draw
from autograd.viz.notation import (
    get_notation,
    lecture_name,
    set_notation,
    weight_notation,
)
from nn import MLP


def network() -> tuple[MLP, Value]:
    model = MLP(2, [2, 1], "sigmoid", seed=4)
    out = model([0.5, -1.0])
    assert isinstance(out, Value)
    loss = (out - 1.0) ** 2
    loss.backward()
    return model, loss


def weight_names(model: MLP, notation: str) -> dict[str, str]:
    """named_parameters() name -> the lecture's name of that weight in `notation`."""
    with weight_notation(notation):
        return {
            name: lecture_name(p.role).text
            for name, p in model.named_parameters()
            if p.role is not None and p.role.kind == "w"
        }


def test_w_ij_of_one_is_w_ji_of_the_other() -> None:
    model, _loss = network()
    jk, ij = weight_names(model, "jk"), weight_names(model, "ij")
    assert jk["layers.0.neurons.1.w.0"] == "w₂₁⁽¹⁾"  # neuron 2, from input 1
    assert ij["layers.0.neurons.1.w.0"] == "w₁₂⁽¹⁾"  # from input 1, to neuron 2
    swapped = re.compile(r"w(.)(.)(⁽.⁾)")
    for name, text in jk.items():
        assert ij[name] == swapped.sub(r"w\2\1\3", text)
    assert len(jk) == 2 * 2 + 2


def test_same_gradients_and_numbers_in_both_notations() -> None:
    model, loss = network()
    grads = [p.grad for p in model.parameters()]
    captions = {}
    for notation in ("jk", "ij"):
        pictures = FramePictures(loss, draw_options={"collapse": True, "notation": notation})
        captions[notation] = [frame.caption for frame in pictures.frames]
        assert [p.grad for p in model.parameters()] == grads
    numbers = re.compile(r"−?\d+\.\d+")
    for jk, ij in zip(captions["jk"], captions["ij"], strict=True):
        assert sorted(numbers.findall(jk)) == sorted(numbers.findall(ij))
    forward_jk, forward_ij = captions["jk"][2], captions["ij"][2]  # neuron 2 of layer 1
    assert forward_jk.startswith("z₂⁽¹⁾ = w₂₁⁽¹⁾·x₁ + w₂₂⁽¹⁾·x₂ + b₂⁽¹⁾ = ")
    assert forward_ij.startswith("z₂⁽¹⁾ = x₁·w₁₂⁽¹⁾ + x₂·w₂₂⁽¹⁾ + b₂⁽¹⁾ = ")
    backward_ij = next(c for c in captions["ij"] if "\nδ₂⁽¹⁾ = " in c)
    assert "w₂₁⁽²⁾·δ₁⁽²⁾" in backward_ij  # Σ_k w_jk δ_k: from a₂⁽¹⁾ to neuron 1 of layer 2
    assert "∂loss/∂w₁₂⁽¹⁾ = δ₂⁽¹⁾ · x₁" in backward_ij


def test_draw_and_player_name_weights_in_the_notation() -> None:
    _model, loss = network()
    jk = draw(loss, notation="jk").source
    ij = draw(loss, notation="ij").source
    assert "w<SUB>21</SUB><SUP>(1)</SUP>" in jk and "w<SUB>21</SUB><SUP>(1)</SUP>" in ij
    product_ij = "x<SUB>1</SUB>·w<SUB>12</SUB><SUP>(1)</SUP>"
    assert product_ij in ij and product_ij not in jk
    page = player_html(loss, collapse=True, notation="ij")
    assert "x₁·w₁₂⁽¹⁾" in page and "w₂₁⁽¹⁾·x₁" not in page
    assert get_notation() == "jk"  # the scopes are gone afterwards


def test_package_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    _model, loss = network()
    try:
        set_notation("ij")
        assert get_notation() == "ij"
        assert "x₁·w₁₂⁽¹⁾" in player_html(loss, collapse=True)
        with weight_notation("jk"):
            assert get_notation() == "jk"
    finally:
        set_notation(None)
    monkeypatch.setenv("BACKPROP_LAB_NOTATION", "ij")
    assert get_notation() == "ij"


def test_a_bad_notation_is_a_clear_error() -> None:
    _model, loss = network()
    with pytest.raises(ValueError, match=r"notation must be 'jk' .* or 'ij' .*, got 'kj'"):
        draw(loss, notation="kj")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="set_notation"):
        set_notation("xy")
