"""`autograd.compile`: the replay equals the interpreted engine bit for bit, and fails like it."""

from __future__ import annotations

import random

import pytest
from random_graphs import bits, random_graph

import autograd
import nn
from autograd import Value, sum_values
from autograd.codegen.compiled import CompiledLoss, compile_loss


def engine_grads(root: Value, leaves: list[Value]) -> tuple[float, list[float]]:
    for leaf in leaves:
        leaf.grad = 0.0
    root.backward()
    return root.data, [leaf.grad for leaf in leaves]


@pytest.mark.parametrize("chunk_size", [50_000, 7, 1])
@pytest.mark.parametrize("seed", range(25))
def test_random_graphs_bit_for_bit(seed: int, chunk_size: int) -> None:
    root, leaves = random_graph(random.Random(seed))
    compiled = compile_loss(root, leaves, chunk_size=chunk_size)
    assert (compiled.chunk_count == 1) == (chunk_size == 50_000)
    rng = random.Random(seed + 1000)
    for _ in range(3):  # new leaf values each time: the graph is replayed, not recorded
        for leaf in leaves:
            leaf.data = rng.uniform(-2.0, 2.0)
            leaf.grad = 0.0
        loss = compiled()
        got = [leaf.grad for leaf in leaves]
        value, expected = engine_grads(*_with_leaf_values(seed, [leaf.data for leaf in leaves]))
        assert bits(loss) == bits(value)
        assert [bits(g) for g in got] == [bits(g) for g in expected]


def _with_leaf_values(seed: int, data: list[float]) -> tuple[Value, list[Value]]:
    """The same random graph, built by the engine at other leaf values (drawn first)."""

    class FixedRandom(random.Random):
        """random.Random whose first len(data) uniform() calls return `data`."""

        def __init__(self) -> None:
            super().__init__(seed)
            self.pending = list(data)

        def uniform(self, a: float, b: float) -> float:
            real = super().uniform(a, b)
            return self.pending.pop(0) if self.pending else real

    return random_graph(FixedRandom())


def test_gradients_accumulate_like_backward() -> None:
    x = Value(1.5, label="x")
    y = (x * x).tanh() + x
    compiled = autograd.compile(y, [x])
    compiled()
    once = x.grad
    compiled()
    assert x.grad == 2 * once
    x.grad = 0.0
    y.backward()
    assert x.grad == once


def test_relu_and_max_branches_change_between_steps() -> None:
    a, b = Value(1.0, label="a"), Value(-2.0, label="b")
    loss = (a * b).relu() + a.max(b) * 3.0 + (a - b).abs() + b.min(0.5)
    compiled = compile_loss(loss, [a, b])
    for a_data, b_data in [(1.0, -2.0), (-1.0, -2.0), (2.0, 2.0), (-3.0, 0.5), (0.0, 0.0)]:
        a.data, b.data = a_data, b_data
        a.grad = b.grad = 0.0
        got = (compiled(), a.grad, b.grad)
        a2, b2 = Value(a_data), Value(b_data)
        loss2 = (a2 * b2).relu() + a2.max(b2) * 3.0 + (a2 - b2).abs() + b2.min(0.5)
        loss2.backward()
        assert got == (loss2.data, a2.grad, b2.grad)


def test_mlp_training_reaches_the_same_parameters_after_20_steps() -> None:
    rng = random.Random(3)
    points = [[rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0)] for _ in range(12)]
    labels = [1.0 if x * y > 0 else -1.0 for x, y in points]

    def make_loss(model: object, inputs: list[list[Value]]) -> Value:
        scores = [model(x) for x in inputs]  # type: ignore[operator]
        hinges = [(1.0 + -y * s).relu() for y, s in zip(labels, scores)]
        penalty = sum_values([p * p for p in model.parameters()])  # type: ignore[attr-defined]
        return sum_values(hinges) * (1.0 / len(hinges)) + 1e-4 * penalty

    interpreted, traced = nn.MLP(2, [6, 6, 1], seed=7), nn.MLP(2, [6, 6, 1], seed=7)
    inputs = [[Value(x) for x in row] for row in points]
    compiled = autograd.compile(lambda: make_loss(traced, inputs), traced.parameters())
    for step in range(20):
        rate = 0.5 - 0.02 * step
        loss = make_loss(interpreted, [[Value(x) for x in row] for row in points])
        interpreted.zero_grad()
        loss.backward()
        traced.zero_grad()
        assert bits(compiled()) == bits(loss.data)
        for model in (interpreted, traced):
            for p in model.parameters():
                p.data -= rate * p.grad
    assert [bits(p.data) for p in traced.parameters()] == [
        bits(p.data) for p in interpreted.parameters()
    ]
    assert traced.parameters()[0].data != nn.MLP(2, [6, 6, 1], seed=7).parameters()[0].data


@pytest.mark.parametrize(
    ("build", "data", "error", "message"),
    [
        (lambda x: x.log(), -1.0, ValueError, "log: input must be positive, got -1.0"),
        (lambda x: 1.0 / x, 0.0, ZeroDivisionError, r"/: division by zero \(1.0 / 0.0\)"),
        (lambda x: x.exp(), 800.0, OverflowError, r"exp: e \*\* 800.0 overflows a float"),
        (
            lambda x: x**0.5,
            -4.0,
            ValueError,
            r"\*\*: the negative base -4.0 to the fractional power 0.5",
        ),
        (
            lambda x: x**0.5,
            0.0,
            ZeroDivisionError,
            r"\*\*: the derivative d/dx is infinite at x = 0.0",
        ),
        (lambda x: (x * 1e300).tanh(), 1e10, OverflowError, r"\*: result overflows a float"),
        (lambda x: (x + 1e308).relu(), 1e308, OverflowError, r"\+: result overflows a float"),
        (lambda x: x * 1e300 * 1e-300, 1e300, OverflowError, r"\*: result overflows"),
        (
            lambda x: (x * 1e300).tanh() * 1e300,
            1e-300,
            OverflowError,
            "backward: the gradient of x overflowed",
        ),
    ],
)
def test_domain_errors_are_the_engines_at_replay(build, data, error, message) -> None:  # type: ignore[no-untyped-def]
    x = Value(1.0, label="x")
    compiled = compile_loss(build(x), [x])
    x.data = data
    with pytest.raises(error, match=message):
        compiled()
    x.grad = 0.0
    with pytest.raises(error, match=message):  # the interpreted engine says exactly the same
        build(x).backward()


def test_a_false_alarm_of_the_overflow_check_still_gives_the_engine_numbers() -> None:
    a, b = Value(1.0, label="a"), Value(1.0, label="b")
    compiled = compile_loss(a * 1.0 + b * 1.0 - a, [a, b])
    a.data = b.data = 1e308  # a*1 + b*1 is 2e308: the engine raises, so the replay must too
    with pytest.raises(
        OverflowError, match=r"\+: result overflows a float \(inputs 1e\+308, 1e\+308\)"
    ):
        compiled()
    big, small = Value(1e308, label="big"), Value(-1e308, label="small")
    loss = (big * 1.0).tanh() + small * 1.0  # values sum to 0 but each is finite: no alarm
    compiled = compile_loss(loss, [big, small])
    big.data, small.data = 1e308, 1e308  # now the check sum overflows though each value is finite
    value = compiled()
    fresh_big, fresh_small = Value(1e308), Value(1e308)
    fresh = (fresh_big * 1.0).tanh() + fresh_small * 1.0
    fresh.backward()
    assert (value, big.grad, small.grad) == (fresh.data, fresh_big.grad, fresh_small.grad)


def test_a_different_number_of_leaves_is_a_clear_error() -> None:
    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    compiled = compile_loss(x * y, [x, y])
    with pytest.raises(ValueError, match="traced with 2 leaves, called with 3"):
        compiled([x, y, Value(3.0)])
    with pytest.raises(ValueError, match=r"inputs\[1\] is not a leaf"):
        compiled([x, x * y])
    with pytest.raises(ValueError, match=r"inputs\[0\] is not a leaf"):
        compile_loss(x * y, [x * y])
    with pytest.raises(TypeError, match="loss must be a Value"):
        compile_loss(lambda: 3.0, [x])  # type: ignore[arg-type, return-value]
    with pytest.raises(ValueError, match="chunk_size"):
        compile_loss(x * y, [x, y], chunk_size=0)


def test_other_leaves_of_the_same_shape_replay_the_same_program() -> None:
    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    compiled = compile_loss((x * y).sigmoid(), [x, y])
    p, q = Value(-0.5), Value(3.0)
    loss = compiled([p, q])
    p2, q2 = Value(-0.5), Value(3.0)
    expected = (p2 * q2).sigmoid()
    expected.backward()
    assert (loss, p.grad, q.grad) == (expected.data, p2.grad, q2.grad)
    assert (x.grad, y.grad) == (0.0, 0.0)


def test_check_names_the_first_difference_from_the_traced_graph() -> None:
    x = Value(1.0, label="x")

    def loss_fn(use_relu: bool) -> Value:
        z = x * 2.0
        return z.relu() if use_relu else z.tanh()  # control flow the trace cannot see

    compiled = compile_loss(loss_fn(True), [x])
    compiled.check(loss_fn(True))  # same shape: fine
    with pytest.raises(
        ValueError, match=r"node 3 differs .*traced op 'relu', got 'tanh'.*re-trace"
    ):
        compiled.check(loss_fn(False))
    with pytest.raises(ValueError, match="the graph has 6 nodes, the traced one 4"):
        compiled.check(loss_fn(True) + 1.0)
    with pytest.raises(ValueError, match="node 1 differs"):
        compiled.check((x * 3.0).relu())  # a different constant baked into the code


def test_compiled_makes_no_values_and_leaves_the_graph_alone() -> None:
    x = Value(0.5, label="x")
    y = (x * x).sigmoid()
    inner = y.inputs[0]
    compiled = compile_loss(y, [x])
    x.data = 3.0
    assert compiled() == (Value(3.0) * Value(3.0)).sigmoid().data
    assert inner.data == 0.25 and inner.grad == 0.0  # the traced inner nodes are not touched
    assert isinstance(compiled, CompiledLoss) and "def step(leaf_values):" in compiled.source
    assert repr(compiled) == "CompiledLoss(3 nodes, 1 leaves, 1 chunk)"


@pytest.mark.slow  # 200,000 operations
def test_chain_of_200k_operations_in_chunks_equals_the_engine() -> None:
    x = Value(0.3, label="x")
    node = x
    for _ in range(100_000):  # 200,000 operations and 100,000 constants
        node = (node * 1.0000001).tanh()
    compiled = compile_loss(node, [x], chunk_size=20_000)
    assert compiled.chunk_count == 10
    loss = compiled()
    got = x.grad
    x.grad = 0.0
    node.backward()
    assert bits(loss) == bits(node.data) and bits(got) == bits(x.grad)


def test_a_graph_that_does_not_depend_on_the_leaves_replays_as_a_constant() -> None:
    # Issue 15, defect 17: compile(Value(5.0), [x])() raised NameError: name 'v0' is not defined.
    x = Value(2.0, label="x")
    x.grad = 0.5
    assert compile_loss(Value(5.0), [x])() == 5.0
    assert compile_loss(Value(2.0) * 3.0, [x])() == 6.0
    assert x.grad == 0.5  # as backward, which never reaches x: its gradient is unchanged
    x.grad = 0.0
    assert compile_loss(x, [x])() == 2.0 and x.grad == 1.0  # the loss is the leaf itself


@pytest.mark.slow  # tracemalloc over 20,000 operations
def test_compiling_holds_one_chunk_of_source_at_a_time() -> None:
    # Issue 15, defect 8: compile() used to build the whole program's text and compile it in
    # one go, about 6-12 KB per operation at the peak (a 1M-op chain: 12.2 GB). It now writes
    # and compiles one chunk at a time, so the peak grows with the chunk, not with the graph.
    import gc
    import tracemalloc

    x = Value(0.5, label="x")
    node = x
    operations = 20_000
    for step in range(operations):
        node = node.tanh() if step % 2 else -node
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        compiled = compile_loss(node, [x], chunk_size=2_000)
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
    assert compiled.chunk_count == 10
    assert peak / operations < 2_000, f"{peak / operations:.0f} bytes per operation at the peak"
    loss = compiled()
    assert (loss, [x.grad]) == engine_grads(node, [x])


def test_a_gradient_that_would_overflow_changes_no_grad() -> None:
    # Issue 24, item 11 (the compiled replay fit uses for its l2 penalty): .grad + this step's
    # gradient overflowed to inf silently; the engine raises and changes no .grad.
    w, b = Value(1.0, label="w"), Value(0.0, label="b")
    compiled = autograd.compile(w * 1e307 + b, [w, b])
    w.grad, b.grad = 1.75e308, 0.5
    with pytest.raises(OverflowError, match=r"the gradient of w overflowed to inf"):
        compiled()
    assert (w.grad, b.grad) == (1.75e308, 0.5)
