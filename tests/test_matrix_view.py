"""`draw(loss, view="matrix")`: the network as W, z, a and δ, every number the scalar engine's.

Each number cell of the view has the id `<table>.<data|grad>.<row>.<column>` in the DOT. The
tests read every cell back and compare it with the engine's own `.data` / `.grad` of the same
entry, written by the one number formatter, and check those gradients against the matrix
formulas computed independently with numpy: δ⁽ᴸ⁾ = f′(z⁽ᴸ⁾) ∂L/∂a⁽ᴸ⁾, δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ W⁽ˡ⁺¹⁾ᵀδ⁽ˡ⁺¹⁾,
∇W⁽ˡ⁾ = Σ_examples δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from autograd import Value, draw
from autograd.viz.matrix_view import MAX_SHOWN, matrix_model
from autograd.viz.style import format_number
from nn import MLP, functional

CELL = re.compile(r'<TD ID="([^"]+)"[^>]*><FONT[^>]*>([^<]*)</FONT></TD>')


def cells(source: str) -> dict[str, str]:
    return dict(CELL.findall(source))


def problem_book() -> tuple[MLP, Value]:
    """The problem book's 2-2-2-1 sigmoid network on x = (5, 2), target 1, loss ½(y − ŷ)²."""
    model = MLP(2, [2, 2, 1], "sigmoid", output_activation="sigmoid", seed=1)
    out = model([5.0, 2.0])
    assert isinstance(out, Value)
    return model, 0.5 * (1 - out) ** 2


def three_two_one() -> tuple[MLP, Value]:
    model = MLP(2, [3, 2, 1], "tanh", seed=3)
    out = model([0.7, -1.3])
    assert isinstance(out, Value)
    return model, functional.mse_loss(out, 0.25)


def numpy_backward(model: MLP, xs: list[list[float]], dloss_dout: list[float]):  # type: ignore[no-untyped-def]
    """δ and ∇W of every layer by the matrix formulas (columns: examples), from the weights."""
    weights = [np.array([[w.data for w in n.w] for n in layer.neurons]) for layer in model.layers]
    biases = [np.array([n.b.data for n in layer.neurons]) for layer in model.layers]
    functions = [layer.activation for layer in model.layers]
    a = [np.array(xs, dtype=float).T]
    zs = []
    for weight, b, f in zip(weights, biases, functions):
        z = weight @ a[-1] + b[:, None]
        zs.append(z)
        a.append(_apply(str(f), z))
    delta = _derivative(str(functions[-1]), zs[-1]) * np.array(dloss_dout)[None, :]
    deltas, grads = [None] * len(weights), [None] * len(weights)
    for position in reversed(range(len(weights))):
        deltas[position] = delta
        grads[position] = delta @ a[position].T
        if position:
            below = position - 1
            delta = _derivative(str(functions[below]), zs[below]) * (weights[position].T @ delta)
    return deltas, grads


def _apply(name: str, z: np.ndarray) -> np.ndarray:
    return {"sigmoid": lambda v: 1 / (1 + np.exp(-v)), "tanh": np.tanh, "linear": lambda v: v}[
        name
    ](z)


def _derivative(name: str, z: np.ndarray) -> np.ndarray:
    if name == "sigmoid":
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.tanh(z) ** 2
    return np.ones_like(z)


@pytest.mark.parametrize("network", [problem_book, three_two_one], ids=["2-2-2-1", "2-3-2-1"])
def test_every_number_is_the_engines_and_the_matrix_formulas(network) -> None:  # type: ignore[no-untyped-def]
    model, loss = network()
    loss.backward()
    source = draw(loss, view="matrix").source
    shown = cells(source)
    model_view = matrix_model(loss)
    out = model_view.layers[-1].outputs[0][0]
    deltas, grads = numpy_backward(
        model, [[x.data for x in model_view.layers[0].inputs[0]]], [out.grad]
    )
    checked = 0
    for index, layer in enumerate(model_view.layers):
        layer_number = layer.number
        for j, row in enumerate(layer.weights):
            for k, weight in enumerate(row):
                assert shown[f"W{layer_number}.data.{j}.{k}"] == format_number(weight.data)
                assert shown[f"W{layer_number}.grad.{j}.{k}"] == format_number(weight.grad)
                assert weight.grad == pytest.approx(grads[index][j, k], rel=1e-12, abs=1e-15)
                checked += 2
        for j, z in enumerate(layer.sums[0]):
            assert shown[f"z{layer_number}.data.{j}.0"] == format_number(z.data)
            assert shown[f"z{layer_number}.grad.{j}.0"] == format_number(z.grad)  # δ⁽ˡ⁾_j
            assert z.grad == pytest.approx(deltas[index][j, 0], rel=1e-12, abs=1e-15)
            checked += 2
        assert layer.biases is not None
        for j, b in enumerate(layer.biases):
            assert shown[f"b{layer_number}.grad.{j}.0"] == format_number(b.grad)  # ∇b = δ
        if layer.activations is not None:
            for j, a in enumerate(layer.activations[0]):
                assert shown[f"a{layer_number}.data.{j}.0"] == format_number(a.data)
                assert shown[f"a{layer_number}.grad.{j}.0"] == format_number(a.grad)
    assert checked >= 20
    assert "δ<SUP>(1)</SUP>" in source and "∇W<SUP>(2)</SUP>" in source
    assert "W⁽²⁾a⁽¹⁾ + b⁽²⁾" in source  # the edge into z⁽²⁾ says the operation
    assert "(·)>]" in source  # and the one into a⁽ˡ⁾: σ(·) or tanh(·)


def test_before_backward_there_are_no_gradient_tables() -> None:
    _, loss = problem_book()
    before = cells(draw(loss, view="matrix").source)
    assert not any(".grad." in key for key in before)
    loss.backward()
    after = cells(draw(loss, view="matrix").source)
    assert any(".grad." in key for key in after)


def test_the_view_changes_no_number() -> None:
    model, loss = problem_book()
    loss.backward()
    before = [(p.data, p.grad) for p in model.parameters()]
    draw(loss, view="matrix").pipe("svg")
    assert [(p.data, p.grad) for p in model.parameters()] == before


def test_the_two_notations_are_transposes_entry_by_entry() -> None:
    _, loss = three_two_one()
    loss.backward()
    jk = cells(draw(loss, view="matrix", notation="jk").source)
    ij_source = draw(loss, view="matrix", notation="ij").source
    ij = cells(ij_source)
    assert set(jk) == {_transposed(key) for key in ij}
    for key, text in ij.items():
        assert jk[_transposed(key)] == text
    assert "a⁽¹⁾W⁽²⁾ + b⁽²⁾" in ij_source  # the problem book's x·W
    assert "W<SUP>(1)</SUP>" in ij_source
    # W⁽¹⁾ of the 2-3-2-1 network: 3 × 2 in "jk" (a row per neuron), 2 × 3 in "ij"
    assert {k for k in jk if k.startswith("W1.data.")} == {
        f"W1.data.{j}.{i}" for j in range(3) for i in range(2)
    }


def _transposed(key: str) -> str:
    if key.count(".") != 3:
        return key  # the loss: one number
    table, kind, row, column = key.split(".")
    return f"{table}.{kind}.{column}.{row}"


def test_a_batch_of_three_has_a_column_per_example_and_the_summed_gradient() -> None:
    model = MLP(2, [3, 2, 1], "tanh", seed=5)
    xs = [[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]]
    outputs = [model(x) for x in xs]
    loss = functional.mean([functional.mse_loss(o, 1.0) for o in outputs])
    loss.backward()
    shown = cells(draw(loss, view="matrix").source)
    view = matrix_model(loss)
    assert view.examples == 3
    outs = [o.grad for o in outputs]  # type: ignore[union-attr]  # ∂L/∂ŷ of each example
    deltas, grads = numpy_backward(model, xs, outs)
    for index, layer in enumerate(view.layers):
        layer_number = layer.number
        for e, sums in enumerate(layer.sums):
            for j, z in enumerate(sums):
                assert shown[f"z{layer_number}.data.{j}.{e}"] == format_number(
                    z.data
                )  # a column per example
                assert shown[f"z{layer_number}.grad.{j}.{e}"] == format_number(z.grad)
                assert z.grad == pytest.approx(deltas[index][j, e], rel=1e-12, abs=1e-15)
        for j, row in enumerate(layer.weights):
            for k, weight in enumerate(row):
                assert shown[f"W{layer_number}.grad.{j}.{k}"] == format_number(
                    weight.grad
                )  # the sum
                assert weight.grad == pytest.approx(grads[index][j, k], rel=1e-12, abs=1e-15)
    ij = cells(draw(loss, view="matrix", notation="ij").source)
    assert ij["z1.data.2.0"] == shown["z1.data.0.2"]  # a row per example in x·W


def test_wide_layers_are_shown_with_ellipses() -> None:
    model = MLP(7, [6, 1], seed=0)
    out = model([0.1 * k for k in range(7)])
    assert isinstance(out, Value)
    loss = functional.mse_loss(out, 0.0)
    loss.backward()
    source = draw(loss, view="matrix").source
    shown = cells(source)
    assert "⋮" in source and "⋯" in source and "⋱" in source
    rows = {int(key.split(".")[2]) for key in shown if key.startswith("W1.data.")}
    assert rows == {*range(MAX_SHOWN - 1), 5}  # the first three, then the last


def test_view_neuron_is_collapse_and_bad_views_are_refused() -> None:
    _, loss = problem_book()
    assert draw(loss, view="neuron").source == draw(loss, collapse=True).source
    with pytest.raises(ValueError, match="view must be one of scalar, neuron, matrix"):
        draw(loss, view="tensor")  # type: ignore[arg-type]
    x = Value(2.0, label="x")
    with pytest.raises(ValueError, match="no layers of an nn model"):
        draw(x * x, view="matrix")


def test_the_matrix_view_renders(tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, loss = problem_book()
    loss.backward()
    svg = draw(loss, view="matrix", theme="dark", lang="ru").pipe("svg").decode()
    assert "<svg" in svg and "0.2642" in svg
