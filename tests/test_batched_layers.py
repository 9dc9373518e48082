"""The batched replay's matrix form: an `nn` layer runs as Z = W @ A + b over the batch.

`compile_batched` recognises the layers of a model (autograd/codegen/layers.py) and writes each
as a few matrix products instead of one numpy line per scalar node. The oracle is the
interpreted engine building every example's graph and `functional.mean(losses).backward()`.
Also issue 24 item 2: a 3,000-input neuron and a long chain compile (no RecursionError; long
programs are cut into functions, as `autograd.compile` does).
"""

from __future__ import annotations

import math
import random

import pytest

from autograd import Value, compile_batched, sum_values
from autograd.codegen import batched as batched_module
from nn import MLP, Layer, Sequential, datasets, functional

RELATIVE = 1e-12


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=RELATIVE, abs_tol=1e-15)


def engine_reference(model: MLP, points: list[list[float]], targets: list[float], loss_of):  # type: ignore[no-untyped-def]
    model.zero_grad()
    mean = functional.mean([loss_of(model(p), t) for p, t in zip(points, targets)])
    mean.backward()
    grads = [p.grad for p in model.parameters()]
    model.zero_grad()
    return mean.data, grads


def max_margin(score: Value, target: Value | float) -> Value:
    return (1.0 + -target * score).relu()


@pytest.mark.parametrize(
    ("activation", "output_activation", "widths"),
    [
        ("relu", "linear", [16, 16, 1]),
        ("tanh", "sigmoid", [3, 2, 1]),
        ("sigmoid", "linear", [2, 2, 1]),
        ("leaky_relu", "tanh", [4, 4, 1]),
        ("elu", "linear", [5, 3]),
        ("linear", "linear", [3, 1]),
    ],
)
def test_layers_run_as_matrix_products_and_equal_the_engine(
    activation: str, output_activation: str, widths: list[int]
) -> None:
    points, labels = datasets.moons(40, noise=0.2, seed=2)
    targets = [1.0 if label == 1 else -1.0 for label in labels]
    model = MLP(2, widths, activation=activation, output_activation=output_activation, seed=4)
    x = [Value(0.0, label="x.0"), Value(0.0, label="x.1")]
    y = Value(1.0, label="y")
    out = model(x)
    score = out if isinstance(out, Value) else sum_values(out)
    batched = compile_batched(max_margin(score, y), model.parameters(), [*x, y])
    assert len(batched.layers) == len(widths)  # every layer recognised
    assert "@" in batched.source and "wx" not in batched.source  # no per-product line left

    def loss_of(output: Value | list[Value], target: float) -> Value:
        s = output if isinstance(output, Value) else sum_values(output)
        return max_margin(s, target)

    expected_loss, expected_grads = engine_reference(model, points, targets, loss_of)
    loss = batched([[*p, t] for p, t in zip(points, targets)])
    assert close(loss, expected_loss)
    for parameter, expected in zip(model.parameters(), expected_grads):
        assert close(parameter.grad, expected), (parameter.label, parameter.grad, expected)


def test_a_hand_built_mlp_without_roles_is_recognised_by_its_structure() -> None:
    rng = random.Random(0)
    weights = [[Value(rng.uniform(-1, 1)) for _ in range(2)] for _ in range(3)]
    biases = [Value(rng.uniform(-1, 1)) for _ in range(3)]
    out_w = [Value(rng.uniform(-1, 1)) for _ in range(3)]
    x = [Value(0.0), Value(0.0)]
    hidden = [
        sum_values([*(w * xi for w, xi in zip(row, x)), b]).tanh()
        for row, b in zip(weights, biases)
    ]
    score = sum_values([w * h for w, h in zip(out_w, hidden)])
    parameters = [*(w for row in weights for w in row), *biases, *out_w]
    batched = compile_batched(score * score, parameters, x)
    assert [len(block.sums) for block in batched.layers] == [3, 1]
    assert batched.layers[0].activations is not None and batched.layers[1].biases is None
    data = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(7)]
    loss = batched(data)
    replay_grads = [p.grad for p in parameters]
    for p in parameters:
        p.grad = 0.0
    losses = []
    for row in data:
        xs = [Value(v) for v in row]
        h = [
            sum_values([*(w * xi for w, xi in zip(r, xs)), b]).tanh()
            for r, b in zip(weights, biases)
        ]
        s = sum_values([w * hi for w, hi in zip(out_w, h)])
        losses.append(s * s)
    mean = functional.mean(losses)
    mean.backward()
    assert close(loss, mean.data)
    assert all(close(a, p.grad) for a, p in zip(replay_grads, parameters))


def test_a_hidden_activation_read_elsewhere_keeps_its_row() -> None:
    """A layer output used by the loss besides the next layer: its row is named and gets both
    gradients (from the next layer's Wᵀδ and from the loss)."""
    model = Sequential(Layer(2, 3, "tanh", seed=1), Layer(3, 1, "linear", seed=2))
    x = [Value(0.0, label="x.0"), Value(0.0, label="x.1")]
    hidden = model[0](x)
    assert isinstance(hidden, list)
    out = model[1](hidden)
    assert isinstance(out, Value)
    root = out * out + hidden[1] * 3.0
    batched = compile_batched(root, model.parameters(), x, outputs=[hidden[0]])
    assert len(batched.layers) == 2
    data = [[0.3, -1.2], [1.5, 0.25], [-0.7, 0.0]]
    loss = batched(data)
    got = [p.grad for p in model.parameters()]
    model.zero_grad()
    losses = []
    for row in data:
        h = model[0](row)
        assert isinstance(h, list)
        o = model[1](h)
        assert isinstance(o, Value)
        losses.append(o * o + h[1] * 3.0)
    mean = functional.mean(losses)
    mean.backward()
    assert close(loss, mean.data)
    assert all(close(a, p.grad) for a, p in zip(got, model.parameters()))
    h0 = [model[0](row)[0].data for row in data]  # type: ignore[index]
    assert all(close(a, b) for a, b in zip(batched.outputs[0].tolist(), h0))


def test_a_neuron_with_3000_inputs_compiles_and_trains() -> None:
    """Issue 24 item 2: the n-ary sum was one `a + b + …` expression: RecursionError."""
    from nn import fit, optim

    model = MLP(3000, [1], seed=0)
    optimizer = optim.SGD(model.parameters(), lr=0.01)
    history = fit(
        model,
        ([[0.1] * 3000] * 4, [0, 1, 0, 1]),
        functional.binary_cross_entropy_with_logits,
        optimizer,
        epochs=1,
        progress=False,
    )
    assert history.engine == "batched" and math.isfinite(history.loss[0])


def test_a_long_sum_outside_any_layer_compiles() -> None:
    """3,000 terms of one sum node that is not a neuron (x_i · x_i): grouped, not one chain."""
    w = Value(0.5, label="w")
    xs = [Value(0.0, label=f"x{i}") for i in range(3000)]
    root = sum_values([x * x for x in xs]) * w
    batched = compile_batched(root, [w], xs)
    data = [[0.01 * (i % 7) for i in range(3000)], [0.02] * 3000]
    loss = batched(data)
    expected = [math.fsum(v * v for v in row) * 0.5 for row in data]
    assert close(loss, sum(expected) / 2)
    assert close(w.grad, sum(math.fsum(v * v for v in row) for row in data) / 2)


def test_a_long_program_is_cut_into_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long chains are written as several functions passing values through a dict (as
    `autograd.compile` chunks), with the same numbers as one function."""
    w = Value(0.9, label="w")
    x = Value(0.0, label="x")
    v = w * x
    for i in range(300):
        v = (v * w).tanh() + x if i % 2 else v.sin() * w
    data = [[0.5], [-1.0], [2.0]]
    whole = compile_batched(v, [w], [x])
    loss_whole = whole(data)
    grad_whole = w.grad
    w.grad = 0.0
    monkeypatch.setattr(batched_module, "CHUNK_LINES", 100)
    pieces = compile_batched(v, [w], [x])
    assert pieces.source.count("def part_") > 5
    assert pieces(data) == loss_whole
    assert w.grad == grad_whole


def test_a_weight_used_outside_its_layer_gets_both_gradients() -> None:
    """An L2 term inside the example's loss reads the weights again: the layer's ∇W (matrix)
    and the penalty's messages (per node) are added."""
    model = MLP(2, [3, 1], "tanh", seed=7)
    x = [Value(0.0, label="x.0"), Value(0.0, label="x.1")]
    out = model(x)
    assert isinstance(out, Value)
    penalty = sum_values([p * p for p in model.parameters()])
    batched = compile_batched(out * out + 0.01 * penalty, model.parameters(), x)
    assert len(batched.layers) == 2
    data = [[0.5, -1.0], [1.5, 0.25], [-0.3, 0.8]]
    loss = batched(data)
    got = [p.grad for p in model.parameters()]
    model.zero_grad()
    losses = []
    for row in data:
        o = model(row)
        assert isinstance(o, Value)
        losses.append(o * o + 0.01 * sum_values([p * p for p in model.parameters()]))
    mean = functional.mean(losses)
    mean.backward()
    assert close(loss, mean.data)
    assert all(close(a, p.grad) for a, p in zip(got, model.parameters()))
