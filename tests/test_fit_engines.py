"""`nn.fit`'s engines: the batched replay, the compiled replay and the interpreted engine agree.

Fifty epochs of training from the same start give the same weights, losses and accuracies
to 1e-9 whichever engine computes the steps; "auto" picks the batched replay only where it
is correct, and says why when it does not.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable
from typing import Any

import pytest

from autograd import Value
from nn import MLP, Dropout, History, datasets, fit, functional, optim

Loss = Callable[..., Value]


def train(
    engine: str, loss: Loss, widths: list[int], epochs: int = 50, **options: Any
) -> tuple[History, list[float]]:
    points, labels = datasets.moons(40, noise=0.1, seed=0)
    targets: list[Any] = list(labels)
    if loss is functional.multiclass_hinge:
        targets = [int(t) for t in labels]
    model = MLP(2, widths, activation="tanh", seed=0, dropout=options.pop("dropout", 0.0))
    optimizer: optim.Optimizer = optim.Adam(model.parameters(), lr=0.05)
    if options.pop("sgd", False):
        optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    history = fit(
        model, (points, targets), loss, optimizer, epochs=epochs, progress=False, engine=engine,
        **options,
    )  # fmt: skip
    return history, [p.data for p in model.parameters()]


def assert_same_training(a: tuple[History, list[float]], b: tuple[History, list[float]]) -> None:
    (history_a, weights_a), (history_b, weights_b) = a, b
    assert all(math.isclose(x, y, rel_tol=1e-9) for x, y in zip(history_a.loss, history_b.loss))
    assert history_a.accuracy == history_b.accuracy
    assert all(
        math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12) for x, y in zip(weights_a, weights_b)
    )


CASES = [
    ("bce, full batch", functional.binary_cross_entropy_with_logits, [6, 6, 1], {}),
    ("bce, batches of 16, l2", functional.binary_cross_entropy_with_logits, [6, 1],
     {"batch_size": 16, "l2": 1e-3}),
    ("mse, targets as leaves", functional.mse_loss, [6, 1], {"accuracy": None}),
    ("multiclass hinge", functional.multiclass_hinge, [6, 2], {}),
]  # fmt: skip


@pytest.mark.slow  # fifty epochs, twice
@pytest.mark.parametrize(("case", "loss", "widths", "options"), CASES, ids=[c[0] for c in CASES])
def test_fifty_epochs_batched_equal_interpreted(
    case: str, loss: Loss, widths: list[int], options: dict[str, Any]
) -> None:
    interpreted = train("interpreted", loss, widths, **dict(options))
    batched = train("auto", loss, widths, **dict(options))
    assert interpreted[0].engine == "interpreted"
    assert batched[0].engine == "batched", batched[0].reason
    assert_same_training(batched, interpreted)


@pytest.mark.slow  # fifty epochs, twice
def test_fifty_epochs_compiled_equal_interpreted() -> None:
    loss = functional.binary_cross_entropy_with_logits
    compiled = train("compiled", loss, [4, 1])
    assert compiled[0].engine == "compiled"
    assert_same_training(compiled, train("interpreted", loss, [4, 1]))


@pytest.mark.slow  # fifty epochs, twice
def test_a_users_own_loss_runs_batched_by_itself_and_agrees() -> None:
    def hinge(score: Value, target: float) -> Value:  # micrograd's demo loss
        return (1 + -(2 * target - 1) * score).relu()

    # SGD here: with the balanced hinge the output bias's gradient is a sum of ±1/n that
    # cancels to rounding noise (1e-17 in one summation order, 0 in another), and Adam would
    # divide that noise by its own RMS and turn it into a step (see the README).
    auto = train("auto", hinge, [6, 1], sgd=True, l2=1e-4)
    assert auto[0].engine == "batched", auto[0].reason  # issue 24 item 4: it ran interpreted
    assert_same_training(train("interpreted", hinge, [6, 1], sgd=True, l2=1e-4), auto)


def test_cross_entropy_runs_batched_and_agrees() -> None:
    auto = train("auto", functional.cross_entropy, [4, 3], epochs=20)
    assert auto[0].engine == "batched", auto[0].reason  # issue 24 item 4: it ran interpreted
    assert_same_training(train("interpreted", functional.cross_entropy, [4, 3], epochs=20), auto)


def test_a_loss_that_branches_on_the_output_falls_back_with_the_reason() -> None:
    def branchy(score: Value, target: float) -> Value:  # Python control flow on a value
        return score * score if score.data > 0 else (score - target) * 2.0

    auto = train("auto", branchy, [4, 1], epochs=3, accuracy=None)
    assert auto[0].engine == "interpreted"
    assert "different graph for different outputs" in auto[0].reason
    assert_same_training(train("interpreted", branchy, [4, 1], epochs=3, accuracy=None), auto)
    with pytest.raises(ValueError, match="different graph"):
        train("batched", branchy, [4, 1], epochs=3, accuracy=None)


def test_auto_always_trains_many_soft_targets_and_many_classes() -> None:
    """Issue 24 item 4: 40 soft BCE targets or 40 hinge classes raised
    "40 different targets would need 40 traces"."""
    points, _ = datasets.moons(40, noise=0.1, seed=0)
    soft = [k / 40 for k in range(40)]
    model = MLP(2, [4, 1], activation="tanh", seed=0)
    bce = functional.binary_cross_entropy_with_logits
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    history = fit(model, (points, soft), bce, optimizer, epochs=3, progress=False)
    assert history.engine == "batched", history.reason  # the soft target is a leaf
    reference = MLP(2, [4, 1], activation="tanh", seed=0)
    interpreted = fit(
        reference, (points, soft), bce, optim.SGD(reference.parameters(), lr=0.1), epochs=3,
        progress=False, engine="interpreted",
    )  # fmt: skip
    assert all(math.isclose(a, b, rel_tol=1e-9) for a, b in zip(history.loss, interpreted.loss))

    classes = list(range(40))
    wide = MLP(2, [4, 40], activation="tanh", seed=0)
    optimizer = optim.SGD(wide.parameters(), lr=0.1)
    hinge = functional.multiclass_hinge
    history = fit(wide, (points, classes), hinge, optimizer, epochs=2, progress=False)
    assert history.engine == "interpreted"
    assert "40 different targets would need 40 traces" in history.reason
    assert len(history.loss) == 2 and all(math.isfinite(x) for x in history.loss)


@pytest.mark.slow  # thirty epochs, twice
@pytest.mark.parametrize("batch_size", [None, 16])
def test_dropout_masks_are_inputs_of_the_replay(batch_size: int | None) -> None:
    loss = functional.binary_cross_entropy_with_logits
    options = {"dropout": 0.3, "epochs": 30, "batch_size": batch_size}
    batched = train("auto", loss, [6, 6, 1], **dict(options))
    interpreted = train("interpreted", loss, [6, 6, 1], **dict(options))
    assert batched[0].engine == "batched", batched[0].reason
    assert_same_training(batched, interpreted)  # the same masks, drawn in the same order


def test_masked_forward_is_the_models_graph() -> None:
    from nn.batched_fit import draw_masks, masked_forward

    model = MLP(2, [3, 3, 1], dropout=0.5, seed=4)
    x = [Value(0.3, label="x.0"), Value(-0.7, label="x.1")]
    masks: list[tuple[Dropout, list[Value]]] = []
    traced = masked_forward(model, x, masks)
    assert [len(leaves) for _, leaves in masks] == [3, 3]
    state = model.layers[0].dropout.rng.getstate()  # type: ignore[union-attr]
    row = draw_masks([(d, len(leaves)) for d, leaves in masks], 1)[0].tolist()
    model.layers[0].dropout.rng.setstate(state)  # type: ignore[union-attr]
    for leaf, number in zip([leaf for _, leaves in masks for leaf in leaves], row):
        leaf.data = number
    replayed = autograd_replay(traced[0])
    expected = model(x)
    assert isinstance(expected, Value)
    assert replayed == expected.data


def autograd_replay(root: Value) -> float:
    """The root recomputed from its leaves' current data by the engine."""
    from autograd import topological_order
    from autograd.value import apply_op

    values: dict[Value, Value] = {}
    for node in topological_order(root):
        if node.inputs:
            values[node] = apply_op(node.op, [values.get(x, x) for x in node.inputs])
    return values[root].data


def test_the_progress_bar_names_the_engine(capsys: pytest.CaptureFixture[str]) -> None:
    points, labels = datasets.xor(20, seed=0)
    model = MLP(2, [3, 1], seed=0)
    fit(model, (points, labels), functional.binary_cross_entropy_with_logits,
        optim.SGD(model.parameters(), lr=0.1), epochs=2)  # fmt: skip
    assert "fit (batched)" in capsys.readouterr().err


def test_bad_engine_arguments() -> None:
    loss = functional.binary_cross_entropy_with_logits
    with pytest.raises(
        ValueError, match="engine must be one of auto, batched, compiled, interpreted"
    ):
        train("fast", loss, [2, 1], epochs=1)
    with pytest.raises(ValueError, match="cannot be used with batch_size"):
        train("compiled", loss, [2, 1], epochs=1, batch_size=4)
    with pytest.raises(ValueError, match="would freeze the dropout masks"):
        train("compiled", loss, [2, 2, 1], epochs=1, dropout=0.5)


@pytest.mark.parametrize("enabled", [True, False])
def test_fit_restores_the_garbage_collector(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        train("interpreted", functional.binary_cross_entropy_with_logits, [2, 1], epochs=1)
        train("auto", functional.binary_cross_entropy_with_logits, [2, 1], epochs=1)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_predict_gives_the_engines_outputs_without_gradients() -> None:
    from nn.batched_fit import predict

    points, _ = datasets.spiral(50, classes=3, seed=2)
    model = MLP(2, [5, 3], activation="relu", seed=1)
    got = predict(model, points)
    for row, point in zip(got, points):
        expected = model(point)
        assert isinstance(expected, list)
        assert all(
            math.isclose(a, b.data, rel_tol=1e-12, abs_tol=1e-15) for a, b in zip(row, expected)
        )
    assert all(p.grad == 0.0 for p in model.parameters())
    dropped = MLP(2, [4, 1], dropout=0.5, seed=0)  # active dropout: the engine, point by point
    assert len(predict(dropped, points)) == len(points)


@pytest.mark.parametrize("engine", ["batched", "interpreted"])
def test_bad_points_give_the_models_own_error(engine: str) -> None:
    model = MLP(2, [3, 1], seed=0)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    loss = functional.binary_cross_entropy_with_logits
    with pytest.raises(ValueError, match="MLP: expected 2 inputs, got 3"):
        fit(model, ([[0.0, 1.0], [1.0, 2.0, 3.0]], [0, 1]), loss, optimizer, engine=engine)
    with pytest.raises(TypeError, match="MLP: input 1 must be a Value or a number, got str"):
        fit(model, ([[0.0, 1.0], [1.0, "2"]], [0, 1]), loss, optimizer, engine=engine)
    with pytest.raises(ValueError, match="finite"):
        fit(model, ([[0.0, 1.0], [1.0, math.inf]], [0, 1]), loss, optimizer, engine=engine)


def test_a_custom_accuracy_sees_values_in_both_engines() -> None:
    seen: dict[str, list[float]] = {"batched": [], "interpreted": []}

    def run(engine: str) -> History:
        def right(output: Value | list[Value], target: float) -> bool:
            assert isinstance(output, Value)
            seen[engine].append(output.data)
            return (output.data > 0.5) == (target > 0.5)

        points, labels = datasets.xor(24, noise=0.1, seed=3)
        model = MLP(2, [4, 1], activation="tanh", seed=2)
        return fit(model, (points, labels), functional.mse_loss,
                   optim.SGD(model.parameters(), lr=0.1), epochs=3, progress=False,
                   engine=engine, accuracy=right)  # fmt: skip

    batched, interpreted = run("batched"), run("interpreted")
    assert batched.accuracy == interpreted.accuracy
    assert all(
        math.isclose(a, b, rel_tol=1e-12) for a, b in zip(seen["batched"], seen["interpreted"])
    )
    assert len(seen["batched"]) == 3 * 24


def test_a_failed_batched_step_changes_no_grad() -> None:
    # Issue 24, item 11: the batch's gradients were added to .grad before its loss was summed.
    from nn.batched_fit import BatchedSteps

    model = MLP(1, [1], seed=0)
    w, b = model.parameters()
    w.data, b.data = 1.0, 0.0
    for l2 in (0.0, 0.5):
        steps = BatchedSteps(
            model, [[1e308], [1e308]], [0, 0], functional.binary_cross_entropy_with_logits, l2
        )
        w.grad, b.grad = 0.25, -0.5
        with pytest.raises(OverflowError, match=r"the sum of the batch's 2 losses overflows"):
            steps.step([0, 1])
        assert (w.grad, b.grad) == (0.25, -0.5)
    # The interpreted engine refuses the same batch, also without touching .grad.
    with pytest.raises(OverflowError, match="sum_values: the sum of 2 values overflows"):
        fit(
            model,
            ([[1e308], [1e308]], [0, 0]),
            functional.binary_cross_entropy_with_logits,
            optim.SGD(model.parameters(), lr=0.1),
            epochs=1,
            engine="interpreted",
            progress=False,
        )
