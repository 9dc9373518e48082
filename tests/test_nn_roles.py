"""The roles nn gives every node: exactly the lecture's (kind, layer, neuron, index), however built.

A model makes each neuron's `Role`s once, when the neuron's position is known (MLP passes it down
as it builds); `Sequential` moves layers built on their own. Either way every parameter and every
node of a forward pass must carry the role written out here from the model's shape.
"""

from __future__ import annotations

from itertools import pairwise

from autograd import Value, topological_order
from autograd.roles import Role
from nn import MLP, Layer, Neuron, Sequential

SIZES = [3, 4, 3, 2]  # MLP(3, [4, 3, 2]): tanh, tanh, linear


def expected_parameter_roles(sizes: list[int], prefix: str) -> list[tuple[str, Role]]:
    """(name, role) of every parameter, in `named_parameters()` order, from the layer sizes."""
    expected: list[tuple[str, Role]] = []
    for layer, (nin, nout) in enumerate(pairwise(sizes)):
        for neuron in range(nout):
            name = f"{prefix}{layer}.neurons.{neuron}"
            expected += [(f"{name}.w.{k}", Role("w", layer, neuron, k)) for k in range(nin)]
            expected.append((f"{name}.b", Role("b", layer, neuron)))
    return expected


def expected_forward_roles(sizes: list[int], prefix: str, linear_last: bool) -> dict[str, Role]:
    """label -> role of every node one forward pass makes (inputs, parameters, wx, z, a)."""
    expected = {f"x.{k}": Role("x", index=k) for k in range(sizes[0])}
    expected.update(expected_parameter_roles(sizes, prefix))
    last = len(sizes) - 2
    for layer, (nin, nout) in enumerate(pairwise(sizes)):
        for neuron in range(nout):
            name = f"{prefix}{layer}.neurons.{neuron}"
            for k in range(nin):
                expected[f"{name}.wx.{k}"] = Role("wx", layer, neuron, k)
            expected[f"{name}.z"] = Role("z", layer, neuron)
            if not (linear_last and layer == last):
                expected[f"{name}.a"] = Role("a", layer, neuron)
    return expected


def forward_roles(outputs: Value | list[Value]) -> dict[str, Role]:
    """label -> role of every node of the graph behind `outputs`; each node has both."""
    roots = outputs if isinstance(outputs, list) else [outputs]
    found: dict[str, Role] = {}
    for root in roots:
        for node in topological_order(root):
            assert node.role is not None and node.label, node
            assert found.get(node.label, node.role) == node.role
            found[node.label] = node.role
    return found


def test_every_role_of_a_known_model_is_the_lectures() -> None:
    model = MLP(SIZES[0], SIZES[1:], activation="tanh", seed=0)
    assert [(name, p.role) for name, p in model.named_parameters()] == (
        expected_parameter_roles(SIZES, "layers.")
    )
    assert all(p.label == name for name, p in model.named_parameters())
    outputs = model([0.5, -1.0, 2.0])
    expected = expected_forward_roles(SIZES, "layers.", linear_last=True)
    assert forward_roles(outputs) == expected
    assert len(expected) == 3 + (16 + 15 + 8) + (12 + 12 + 6) + (4 + 3 + 2) + (
        4 + 3
    )  # x w,b wx z a
    # every field, spelled out for one node of each kind
    roles = forward_roles(outputs)
    described = {
        (r.kind, r.layer, r.neuron, r.index)
        for label, r in roles.items()
        if label.startswith(("x.1", "layers.1.neurons.2."))
    }
    assert described == {
        ("x", None, None, 1),
        *(("w", 1, 2, k) for k in range(4)),
        ("b", 1, 2, None),
        *(("wx", 1, 2, k) for k in range(4)),
        ("z", 1, 2, None),
        ("a", 1, 2, None),
    }


def test_calls_share_the_roles_made_when_the_model_was_built() -> None:
    model = MLP(2, [3, 1], seed=1)
    first = model([1.0, 2.0])
    second = model([3.0, 4.0])
    assert isinstance(first, Value) and isinstance(second, Value)
    assert first.role is second.role
    pairs = zip(topological_order(first), topological_order(second))
    assert all(a.role is b.role for a, b in pairs)


def test_layers_built_on_their_own_get_their_roles_from_sequential() -> None:
    model = Sequential(Layer(3, 4, "tanh", seed=0), Layer(4, 3, "tanh", seed=1))
    model = Sequential(*model.steps, Layer(3, 2, "linear", seed=2))  # moved again: still right
    assert [(name, p.role) for name, p in model.named_parameters()] == (
        expected_parameter_roles(SIZES, "")
    )
    expected = expected_forward_roles(SIZES, "", linear_last=True)
    assert forward_roles(model([0.5, -1.0, 2.0])) == expected


def test_a_bare_layer_or_neuron_has_no_position_and_a_moved_one_follows() -> None:
    layer = Layer(2, 2, "sigmoid", seed=0)
    assert forward_roles(layer([1.0, -1.0])) == {
        "x.0": Role("x", index=0),
        "x.1": Role("x", index=1),
        **{f"neurons.{j}.w.{k}": Role("w", None, j, k) for j in range(2) for k in range(2)},
        **{f"neurons.{j}.wx.{k}": Role("wx", None, j, k) for j in range(2) for k in range(2)},
        **{
            f"neurons.{j}.{kind}": Role(kind, None, j) for j in range(2) for kind in ("b", "z", "a")
        },
    }
    neuron = Neuron(2, "tanh", seed=0)
    assert [p.role for p in neuron.parameters()] == [
        Role("w", None, None, 0),
        Role("w", None, None, 1),
        Role("b", None, None),
    ]
    kept = neuron.w[0].role
    neuron.set_position(None, None)  # the same place: the same records
    assert neuron.w[0].role is kept
    neuron.set_position(2, 5)
    a = neuron([1.0, 2.0])
    assert {node.role for node in topological_order(a)} == {
        Role("x", index=0),
        Role("x", index=1),
        Role("w", 2, 5, 0),
        Role("w", 2, 5, 1),
        Role("b", 2, 5),
        Role("wx", 2, 5, 0),
        Role("wx", 2, 5, 1),
        Role("z", 2, 5),
        Role("a", 2, 5),
    }
    Sequential(Layer(2, 1, seed=3), layer)  # the bare layer becomes layer 1
    assert [p.role for p in layer.neurons[1].parameters()] == [
        Role("w", 1, 1, 0),
        Role("w", 1, 1, 1),
        Role("b", 1, 1),
    ]


def test_dropout_inside_hidden_layers_does_not_shift_the_layer_numbers() -> None:
    model = MLP(SIZES[0], SIZES[1:], activation="tanh", seed=0, dropout=0.5).eval()
    assert [(name, p.role) for name, p in model.named_parameters()] == (
        expected_parameter_roles(SIZES, "layers.")
    )
    assert forward_roles(model([0.5, -1.0, 2.0])) == (
        expected_forward_roles(SIZES, "layers.", linear_last=True)
    )
