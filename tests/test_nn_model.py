"""nn models: names and labels (the drawing contract), repr, parameter counts, the seed's
coffee-shop network, activations and gradients against PyTorch, initialization, seeds,
Dropout in train and eval mode, and input validation."""

from __future__ import annotations

import math
import random
import statistics

import pytest
import torch

from autograd import Value, topological_order
from autograd.roles import Role
from nn import MLP, Dropout, Layer, Module, Neuron, Sequential, activations, functional
from nn.module import Inputs


def test_repr() -> None:
    assert repr(MLP(2, [16, 16, 1])) == "MLP(2 -> 16 relu -> 16 relu -> 1 linear)"
    assert repr(MLP(3, [4, 2], activation="tanh", output_activation="sigmoid")) == (
        "MLP(3 -> 4 tanh -> 2 sigmoid)"
    )
    assert repr(MLP(2, [8, 1], activation=activations.leaky_relu(0.2), dropout=0.5)) == (
        "MLP(2 -> 8 leaky_relu(0.2) -> dropout(0.5) -> 1 linear)"
    )
    assert repr(Layer(2, 3, "elu")) == "Layer(2 -> 3 elu)"
    assert repr(Neuron(4, "linear")) == "Neuron(4 -> linear)"
    assert repr(Dropout(0.25)) == "Dropout(p=0.25)"


def test_named_parameters_are_the_labels() -> None:
    model = MLP(2, [3, 2, 1], seed=0)
    named = model.named_parameters()
    assert [name for name, _ in named[:4]] == [
        "layers.0.neurons.0.w.0",
        "layers.0.neurons.0.w.1",
        "layers.0.neurons.0.b",
        "layers.0.neurons.1.w.0",
    ]
    assert named[-1][0] == "layers.2.neurons.0.b"
    assert ("layers.1.neurons.1.w.2", model.layers[1].neurons[1].w[2]) in named
    assert all(parameter.label == name for name, parameter in named)
    assert [p for _, p in named] == model.parameters()
    assert len(set(model.parameters())) == len(named) == 3 * 3 + 2 * 4 + 1 * 3
    layer = Layer(2, 2)
    assert [p.label for p in layer.parameters()] == [
        "neurons.0.w.0", "neurons.0.w.1", "neurons.0.b",
        "neurons.1.w.0", "neurons.1.w.1", "neurons.1.b",
    ]  # fmt: skip
    assert [p.label for p in Neuron(2).parameters()] == ["w.0", "w.1", "b"]


def test_forward_labels_follow_the_contract() -> None:
    model = MLP(2, [2, 1], seed=1)
    out = model([0.5, -1.5])
    assert isinstance(out, Value)
    labels = {node.label for node in topological_order(out)}
    assert {"x.0", "x.1"} <= labels
    for n in range(2):
        prefix = f"layers.0.neurons.{n}."
        assert {prefix + s for s in ("w.0", "w.1", "b", "wx.0", "wx.1", "z", "a")} <= labels
    last = "layers.1.neurons.0."
    assert {last + s for s in ("wx.0", "wx.1", "z")} <= labels
    assert last + "a" not in labels  # a linear neuron has no activation node
    assert out.label == last + "z" and out.op == "sum"
    # the pre-activation is ONE sum node over the products and the bias
    z = next(node for node in topological_order(out) if node.label == "layers.0.neurons.1.z")
    assert [i.label for i in z.inputs] == [
        "layers.0.neurons.1.wx.0", "layers.0.neurons.1.wx.1", "layers.0.neurons.1.b"
    ]  # fmt: skip
    # a bare neuron uses no prefix; Values passed in keep their own labels
    a = Neuron(2, "tanh", seed=0)([Value(1.0, label="height"), 2.0])
    assert a.label == "a" and a.inputs[0].label == "z"
    assert [i.label for i in a.inputs[0].inputs] == ["wx.0", "wx.1", "b"]
    assert [i.inputs[1].label for i in a.inputs[0].inputs[:2]] == ["height", "x.1"]


def test_output_width_decides_value_or_list() -> None:
    assert isinstance(MLP(2, [3, 1], seed=0)([1.0, 2.0]), Value)
    outputs = MLP(2, [3, 4], seed=0)([1.0, 2.0])
    assert isinstance(outputs, list) and len(outputs) == 4
    assert isinstance(Layer(1, 1)(3.0), Value)  # a single number is one input


@pytest.mark.slow  # builds an 84,301-parameter model
def test_seed_parameter_count_exercise() -> None:
    # Seed 004, dropout exercise (a): 12 inputs, hidden layers of 300, 200, 100, one output:
    # (12 + 1) * 300 + (300 + 1) * 200 + (200 + 1) * 100 + (100 + 1) = 84301
    model = MLP(12, [300, 200, 100, 1], seed=0)
    assert len(model.parameters()) == 84301
    assert (12 + 1) * 300 + (300 + 1) * 200 + (200 + 1) * 100 + (100 + 1) == 84301


def test_seed_coffee_shop_network_predicts_104_5() -> None:
    # Seed 004, exercise 2 "from picture to formula": inputs temperature 20, no rally 0,
    # barista Agnessa 1; ReLU everywhere:
    # h1 = max(0, 5*20 - 60*0 + 0.5*1) = 100.5, h2 = max(0, -2*20 - 80*0 + 2*1) = 0,
    # y = max(0, 1*h1 + 0.2*h2 + 4*1) = 104.5. The "4*1" is read as the output bias (the
    # picture is not in the text; reading it as a weight on x3 = 1 gives the same number).
    model = MLP(3, [2, 1], activation="relu", output_activation="relu", seed=0)
    hidden, output = model.layers
    for neuron, weights in zip(hidden.neurons, [[5.0, -60.0, 0.5], [-2.0, -80.0, 2.0]]):
        for w, value in zip(neuron.w, weights):
            w.data = value
    output.neurons[0].w[0].data, output.neurons[0].w[1].data = 1.0, 0.2
    output.neurons[0].b.data = 4.0
    prediction = model([20.0, 0.0, 1.0])
    assert isinstance(prediction, Value)
    assert prediction.data == 104.5
    names = {node.label: node.data for node in topological_order(prediction)}
    assert names["layers.0.neurons.0.a"] == 100.5
    assert names["layers.0.neurons.1.z"] == -38.0
    assert names["layers.0.neurons.1.a"] == 0.0
    prediction.backward()
    # d y / d w(temperature -> h1) = 1 * x1 = 20; h2 is dead, so its weights get no gradient
    assert hidden.neurons[0].w[0].grad == 20.0
    assert hidden.neurons[1].w[0].grad == 0.0


ACTIVATION_NAMES = ["relu", "tanh", "sigmoid", "linear", "leaky_relu", "elu"]


@pytest.mark.parametrize("activation", [*ACTIVATION_NAMES, "leaky_relu(0.2)", "elu(0.5)"])
def test_mlp_forward_and_gradients_match_torch(activation: str) -> None:
    chosen: str | activations.Activation = activation
    torch_activation = {
        "relu": torch.relu,
        "tanh": torch.tanh,
        "sigmoid": torch.sigmoid,
        "linear": lambda t: t,
        "leaky_relu": lambda t: torch.nn.functional.leaky_relu(t, 0.01),
        "elu": lambda t: torch.nn.functional.elu(t, 1.0),
        "leaky_relu(0.2)": lambda t: torch.nn.functional.leaky_relu(t, 0.2),
        "elu(0.5)": lambda t: torch.nn.functional.elu(t, 0.5),
    }[activation]
    if activation == "leaky_relu(0.2)":
        chosen = activations.leaky_relu(0.2)
    elif activation == "elu(0.5)":
        chosen = activations.elu(0.5)
    model = MLP(3, [5, 4, 2], activation=chosen, init="xavier", seed=3)
    x = [0.7, -1.2, 0.4]
    outputs = model(x)
    assert isinstance(outputs, list)
    loss = outputs[0] * 1.5 - outputs[1] * 0.5
    loss.backward()
    tensors = []
    h = torch.tensor(x, dtype=torch.float64)
    for i, layer in enumerate(model.layers):
        w = torch.tensor(
            [[p.data for p in n.w] for n in layer.neurons], requires_grad=True, dtype=torch.float64
        )
        b = torch.tensor([n.b.data for n in layer.neurons], requires_grad=True, dtype=torch.float64)
        tensors.append((w, b))
        h = w @ h + b
        if i < len(model.layers) - 1:
            h = torch_activation(h)
    expected = h[0] * 1.5 - h[1] * 0.5
    expected.backward()
    assert math.isclose(loss.data, expected.item(), rel_tol=1e-12)
    for layer, (w, b) in zip(model.layers, tensors):
        assert w.grad is not None and b.grad is not None
        for n, neuron in enumerate(layer.neurons):
            for i, p in enumerate(neuron.w):
                assert math.isclose(p.grad, w.grad[n, i].item(), rel_tol=1e-12, abs_tol=1e-15)
            assert math.isclose(neuron.b.grad, b.grad[n].item(), rel_tol=1e-12, abs_tol=1e-15)


def test_activation_table_and_errors() -> None:
    assert set(activations.ACTIVATIONS) == set(ACTIVATION_NAMES)
    assert activations.resolve_activation("leaky_relu").parameter == 0.01
    assert Neuron(1, "leaky_relu", seed=0).activation.parameter == 0.01
    assert (
        Value(-2.0).leaky_relu(0.01).data == activations.ACTIVATIONS["leaky_relu"](Value(-2.0)).data
    )
    with pytest.raises(
        ValueError, match="activation: expected one of tanh, sigmoid, relu, leaky_relu, elu, linear"
    ):
        Neuron(2, "swish")
    with pytest.raises(ValueError, match="leaky_relu needs a finite number parameter"):
        activations.leaky_relu(math.nan)
    with pytest.raises(ValueError, match="relu takes no parameter"):
        activations.Activation("relu", 0.5)


def test_seed_reproducibility() -> None:
    first = [p.data for p in MLP(2, [4, 1], seed=42).parameters()]
    second = [p.data for p in MLP(2, [4, 1], seed=42).parameters()]
    third = [p.data for p in MLP(2, [4, 1], seed=43).parameters()]
    from_generator = [p.data for p in MLP(2, [4, 1], seed=random.Random(42)).parameters()]
    assert first == second == from_generator
    assert first != third
    assert all(
        p.data == 0.0 for p in MLP(2, [4, 1], seed=42).parameters() if p.label.endswith(".b")
    )


@pytest.mark.parametrize(
    ("rule", "variance"),
    [
        ("uniform", 1 / 3),  # U(-1, 1): (b - a)^2 / 12
        ("xavier", 2 / (200 + 100)),
        ("xavier_normal", 2 / (200 + 100)),
        ("he", 2 / 200),
        ("he_uniform", 2 / 200),
    ],
)
def test_init_rules_have_their_variance(rule: str, variance: float) -> None:
    layer = Layer(200, 100, init=rule, seed=5)
    weights = [w.data for n in layer.neurons for w in n.w]  # 20000 draws
    assert statistics.fmean(weights) == pytest.approx(0.0, abs=0.05 * math.sqrt(variance))
    assert statistics.pvariance(weights) == pytest.approx(variance, rel=0.05)


def test_init_errors() -> None:
    with pytest.raises(ValueError, match="init: expected one of uniform"):
        MLP(2, [2], init="kaiming")
    with pytest.raises(TypeError, match="seed: expected an int"):
        MLP(2, [2], seed="7")  # type: ignore[arg-type]


def test_dropout_train_and_eval() -> None:
    xs = [Value(1.0) for _ in range(2000)]
    dropout = Dropout(0.25, seed=1)
    out = dropout(xs)
    assert isinstance(out, list)
    kept = [v.data for v in out if v.data != 0.0]
    assert set(kept) == {1.0 / 0.75}  # inverted dropout: kept inputs are scaled by 1/(1-p)
    assert 0.70 < len(kept) / 2000 < 0.80
    out[0].backward()
    assert xs[0].grad in (0.0, 1.0 / 0.75)  # gradient flows through kept inputs only
    assert Dropout(0.25, seed=1)(xs)[5].data == out[5].data  # seeded: the same pattern
    dropout.eval()
    assert dropout(xs) == xs  # eval mode: the very same Values, no new nodes
    dropout.train()
    assert dropout(xs) != xs
    with pytest.raises(ValueError, match=r"Dropout: p must be a number in \[0, 1\), got 1.0"):
        Dropout(1.0)


def test_train_and_eval_propagate_to_children() -> None:
    model = MLP(2, [64, 64, 1], dropout=0.5, seed=0)
    assert all(module.training for _, module in model.named_modules())
    model.eval()
    assert not any(module.training for _, module in model.named_modules())
    a, b = model([0.3, 0.1]), model([0.3, 0.1])
    assert isinstance(a, Value) and isinstance(b, Value)
    assert a.data == b.data  # deterministic in eval mode
    model.train()
    assert all(module.training for _, module in model.named_modules())
    outputs = {model([0.3, 0.1]).data for _ in range(5)}  # type: ignore[union-attr]
    assert len(outputs) > 1  # random masks in training mode
    assert isinstance(model, Module)
    assert [name for name, _ in model.named_modules()][:4] == [
        "",
        "layers",  # the Sequential
        "layers.0",
        "layers.0.neurons.0",
    ]


def test_zero_grad() -> None:
    model = MLP(2, [3, 1], seed=0)
    out = model([1.0, 1.0])
    assert isinstance(out, Value)
    out.backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_bad_inputs() -> None:
    model = MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match="MLP: expected 2 inputs, got 3"):
        model([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="MLP: input 1 must be a Value or a number, got str"):
        model([1.0, "2"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="expected a finite number"):
        model([1.0, math.inf])
    with pytest.raises(ValueError, match="MLP: nouts must be a non-empty list"):
        MLP(2, [])
    with pytest.raises(ValueError, match="MLP: layer width: expected a positive int, got 0"):
        MLP(2, [3, 0])
    with pytest.raises(ValueError, match="Neuron: nin"):
        Neuron(0)


def test_call_is_forward_for_every_module() -> None:
    x = [0.5, -1.5]
    for module in (Neuron(2, seed=0), Layer(2, 3, seed=0), MLP(2, [3, 1], seed=0)):
        called, forwarded = module(x), module.forward(x)
        assert type(called) is type(forwarded)
        as_list = called if isinstance(called, list) else [called]
        forwarded_list = forwarded if isinstance(forwarded, list) else [forwarded]
        assert [v.data for v in as_list] == [v.data for v in forwarded_list]
    assert isinstance(MLP(2, [3, 1], seed=0).forward(x), Value)  # width 1: a Value either way


def test_sequential_chains_layers_and_keeps_names() -> None:
    model = Sequential(Layer(2, 3, "tanh", seed=0), Dropout(0.0), Layer(3, 1, "linear", seed=1))
    assert len(model) == 3 and isinstance(model[2], Layer)
    out = model([1.0, 2.0])
    assert isinstance(out, Value)
    first, _, last = model
    assert isinstance(first, Layer) and isinstance(last, Layer)
    hidden = first([1.0, 2.0])
    expected = last(hidden)
    assert isinstance(expected, Value) and expected.data == out.data
    assert model.named_parameters()[0][0] == "0.neurons.0.w.0"
    assert model.named_parameters()[-1][0] == "2.neurons.0.b"
    # the Layers are numbered 0, 1 in their roles (the Dropout is skipped)
    assert last.neurons[0].b.role == Role("b", 1, 0)
    mlp = MLP(2, [3, 1], seed=0)
    assert isinstance(mlp.layers, Sequential) and mlp.layers[1].neurons[0].b is mlp.parameters()[-1]
    assert repr(Sequential(Dropout(0.5))) == "Sequential(Dropout(p=0.5))"
    with pytest.raises(ValueError, match="Sequential: no modules"):
        Sequential()([1.0])


def test_register_parameter_and_module_are_the_one_way() -> None:
    class Scale(Module[Value]):
        def __init__(self) -> None:
            super().__init__()
            self.factor = self.register_parameter("factor", Value(2.0))
            self.inner = self.register_module("inner", Neuron(1, "linear", seed=0))

        def forward(self, inputs: Inputs) -> Value:
            return self.inner(inputs) * self.factor

    scale = Scale()
    scale._label_tree()
    assert [name for name, _ in scale.named_parameters()] == ["factor", "inner.w.0", "inner.b"]
    assert scale.inner.w[0].label == "inner.w.0"
    assert scale(3.0).data == scale.forward(3.0).data
    with pytest.raises(ValueError, match="'factor' is already registered"):
        scale.register_parameter("factor", Value(1.0))
    with pytest.raises(TypeError, match="must be a leaf Value"):
        scale.register_parameter("other", Value(1.0) * 2)
    with pytest.raises(TypeError, match="must be a Module"):
        scale.register_module("other", 3)  # type: ignore[type-var]
    with pytest.raises(NotImplementedError, match="Module does not define forward"):
        Module().forward(1.0)


def test_every_node_a_model_makes_has_its_role() -> None:
    model = MLP(2, [2, 1], activation="tanh", seed=1)
    loss = functional.mse_loss(model([0.5, -1.5]), 1.0)
    order = topological_order(loss)
    roles = {node.label: node.role for node in order if node.label}
    assert roles["x.0"] == Role("x", index=0) and roles["x.1"] == Role("x", index=1)
    assert roles["layers.0.neurons.1.w.0"] == Role("w", 0, 1, 0)
    assert roles["layers.0.neurons.1.b"] == Role("b", 0, 1)
    assert roles["layers.0.neurons.1.wx.1"] == Role("wx", 0, 1, 1)
    assert roles["layers.0.neurons.1.z"] == Role("z", 0, 1)
    assert roles["layers.0.neurons.1.a"] == Role("a", 0, 1)
    assert roles["layers.1.neurons.0.z"] == Role("z", 1, 0)
    assert loss.role == Role("loss")
    # the roles are made once per neuron and shared by every call (one pointer per node)
    again = model([0.1, 0.2])
    assert isinstance(again, Value)
    assert again.role is roles["layers.1.neurons.0.z"]
    # a bare Layer has no layer number, a bare Neuron not even a neuron number
    assert Layer(2, 2, seed=0).neurons[1].b.role == Role("b", None, 1)
    assert Neuron(2, seed=0).w[1].role == Role("w", None, None, 1)
    with pytest.raises(ValueError, match="Role: kind must be one of"):
        Role("q")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs index only for w, wx, x and p"):
        Role("w", 0, 0)
    with pytest.raises(ValueError, match="needs index only for w, wx, x and p"):
        Role("p")  # the probability of which class


def test_layer_dropout_follows_the_neurons() -> None:
    layer = Layer(2, 50, "linear", seed=0, dropout=0.5)
    assert repr(layer) == "Layer(2 -> 50 linear, dropout(0.5))"
    outputs = layer([1.0, 1.0])
    assert isinstance(outputs, list) and any(v.data == 0.0 for v in outputs)
    layer.eval()
    kept = layer([1.0, 1.0])
    assert isinstance(kept, list) and all(v.op == "sum" for v in kept)
    assert [name for name, _ in MLP(2, [3, 1], dropout=0.5).named_modules()][-1] == (
        "layers.1.neurons.0"
    )  # the output layer has no dropout
