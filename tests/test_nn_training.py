"""Training end to end: micrograd's moons demo, cross-entropy and BCE-with-logits on xor,
circles and spiral, the `fit` helper (history, mini-batches, seeds, progress bar), and the
datasets (shapes, balance, reproducibility)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from autograd import Value
from nn import MLP, datasets, fit, functional, optim
from nn.train import is_correct


def final_accuracy(
    model: MLP, points: Sequence[Sequence[float]], targets: Sequence[float]
) -> float:
    """Accuracy of the trained model, measured in a separate pass after training."""
    model.eval()
    right = sum(is_correct(model(list(x)), y) for x, y in zip(points, targets))
    return right / len(points)


def max_margin(score: Value, target: float) -> Value:
    """micrograd's demo loss for one sample: max(0, 1 - y * score) with y = ±1."""
    return (1 + -target * score).relu()


@pytest.mark.slow  # trains the moons demo
def test_micrograd_moons_demo_reaches_95_percent() -> None:
    # micrograd's demo.ipynb: MLP(2, [16, 16, 1]), 100 moons with noise 0.1, labels ±1,
    # max-margin loss + 1e-4 * sum p^2, 100 steps of full-batch SGD with lr 1.0 - 0.9 k / 100.
    points, labels = datasets.moons(100, noise=0.1, seed=1)
    targets = [2 * label - 1 for label in labels]
    model = MLP(2, [16, 16, 1], seed=1337)
    assert final_accuracy(model, points, targets) < 0.9  # not solved before training
    model.train()
    optimizer = optim.SGD(model.parameters(), lr=1.0)
    history = fit(
        model,
        (points, targets),
        max_margin,
        optimizer,
        epochs=100,
        l2=1e-4,
        lr_schedule=lambda k: 1.0 - 0.9 * k / 100,
        progress=False,
    )
    assert len(history.loss) == len(history.accuracy) == 100
    assert history.loss[-1] < 0.1 * history.loss[0]
    assert final_accuracy(model, points, targets) >= 0.95


Loss = Callable[..., Value]
CASES = [
    # name, data, hidden widths, loss, epochs, batch size, required accuracy
    ("xor", datasets.xor(40, noise=0.15, seed=0), [4], "bce", 40, None, 1.0),
    ("xor", datasets.xor(40, noise=0.15, seed=0), [4], "ce", 40, None, 1.0),
    ("circles", datasets.circles(60, noise=0.05, seed=0), [8], "bce", 60, None, 1.0),
    ("circles", datasets.circles(60, noise=0.05, seed=0), [8], "ce", 60, None, 1.0),
    ("spiral", datasets.spiral(100, classes=2, noise=0.05, seed=0), [16], "bce", 40, 10, 0.95),
    ("spiral", datasets.spiral(100, classes=2, noise=0.05, seed=0), [16], "ce", 40, 10, 0.95),
]


@pytest.mark.slow  # trains six models
@pytest.mark.parametrize(
    ("name", "data", "hidden", "loss_name", "epochs", "batch_size", "required"), CASES
)
def test_small_models_learn_the_classic_problems(
    name: str,
    data: datasets.Dataset,
    hidden: list[int],
    loss_name: str,
    epochs: int,
    batch_size: int | None,
    required: float,
) -> None:
    points, labels = data
    outputs = 1 if loss_name == "bce" else 2
    loss: Loss = (
        functional.binary_cross_entropy_with_logits
        if loss_name == "bce"
        else functional.cross_entropy
    )
    model = MLP(2, [*hidden, outputs], activation="tanh", init="xavier", seed=0)
    history = fit(
        model,
        (points, labels),
        loss,
        optim.Adam(model.parameters(), lr=0.05),
        epochs=epochs,
        batch_size=batch_size,
        seed=0,
        progress=False,
    )
    assert history.loss[-1] < 0.25 * history.loss[0]
    assert final_accuracy(model, points, labels) >= required, name


def test_three_class_spiral_with_minibatches() -> None:
    points, labels = datasets.spiral(45, classes=3, noise=0.05, seed=2)
    model = MLP(2, [16, 3], activation="tanh", init="xavier", seed=2)
    history = fit(
        model,
        (points, labels),
        functional.cross_entropy,
        optim.Adam(model.parameters(), lr=0.05),
        epochs=60,
        batch_size=15,
        seed=2,
        progress=False,
    )
    assert history.loss[-1] < 0.25 * history.loss[0]
    assert final_accuracy(model, points, labels) >= 0.95


def run_minibatch_fit(seed: int) -> list[float]:
    points, labels = datasets.moons(30, seed=0)
    model = MLP(2, [4, 2], seed=0)
    fit(
        model,
        (points, labels),
        functional.cross_entropy,
        optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
        epochs=3,
        batch_size=8,
        seed=seed,
        progress=False,
    )
    return [p.data for p in model.parameters()]


def test_fit_is_reproducible_with_a_seed() -> None:
    assert run_minibatch_fit(1) == run_minibatch_fit(1)
    assert run_minibatch_fit(1) != run_minibatch_fit(2)  # a different shuffling order


def test_fit_equals_the_plain_loop() -> None:
    points, labels = datasets.xor(12, seed=3)
    by_fit, by_hand = MLP(2, [3, 2], seed=4), MLP(2, [3, 2], seed=4)
    by_auto = MLP(2, [3, 2], seed=4)
    history = fit(
        by_fit, (points, labels), functional.cross_entropy,
        optim.SGD(by_fit.parameters(), lr=0.1), epochs=3, progress=False, engine="interpreted",
    )  # fmt: skip
    auto = fit(
        by_auto, (points, labels), functional.cross_entropy,
        optim.SGD(by_auto.parameters(), lr=0.1), epochs=3, progress=False,
    )  # fmt: skip
    assert auto.engine == "batched"  # the matrix replay: equal to rounding
    assert auto.loss == pytest.approx(history.loss, rel=1e-12)
    assert [p.data for p in by_auto.parameters()] == pytest.approx(
        [p.data for p in by_fit.parameters()], rel=1e-12, abs=1e-15
    )
    optimizer = optim.SGD(by_hand.parameters(), lr=0.1)
    losses = []
    for _ in range(3):
        loss = functional.mean(
            [functional.cross_entropy(by_hand(x), y) for x, y in zip(points, labels)]
        )  # type: ignore[arg-type]
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.data)
    assert history.loss == pytest.approx(losses, rel=1e-12)
    assert [p.data for p in by_fit.parameters()] == [p.data for p in by_hand.parameters()]


def test_fit_progress_bar_shows_the_loss(capsys: pytest.CaptureFixture[str]) -> None:
    points, labels = datasets.linear(10, seed=0)
    model = MLP(2, [1], seed=0)
    history = fit(
        model, (points, labels), functional.binary_cross_entropy_with_logits,
        optim.SGD(model.parameters(), lr=0.5), epochs=2,
    )  # fmt: skip
    shown = capsys.readouterr().err
    assert f"loss={history.loss[-1]:.4f}" in shown
    assert "accuracy=" in shown


def test_fit_for_regression_skips_accuracy() -> None:
    points = [[x / 10, 0.0] for x in range(-5, 6)]
    targets = [3 * p[0] + 1 for p in points]
    model = MLP(2, [1], seed=0)
    history = fit(
        model, (points, targets), functional.mse_loss, optim.SGD(model.parameters(), lr=0.9),
        epochs=200, accuracy=None, progress=False,
    )  # fmt: skip
    assert history.accuracy == []
    assert history.loss[-1] < 1e-6
    weight, bias = model.layers[0].neurons[0].w[0].data, model.layers[0].neurons[0].b.data
    assert weight == pytest.approx(3.0, abs=0.01) and bias == pytest.approx(1.0, abs=0.01)


def test_fit_rejects_bad_arguments() -> None:
    model = MLP(2, [1], seed=0)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="fit: 2 points but 1 targets"):
        fit(model, ([[0.0, 0.0], [1.0, 1.0]], [1]), functional.mse_loss, optimizer)
    with pytest.raises(ValueError, match="fit: the dataset is empty"):
        fit(model, ([], []), functional.mse_loss, optimizer)
    with pytest.raises(ValueError, match="epochs must be a positive int, got 0"):
        fit(model, ([[0.0, 0.0]], [1]), functional.mse_loss, optimizer, epochs=0)
    with pytest.raises(ValueError, match="batch_size"):
        fit(model, ([[0.0, 0.0]], [1]), functional.mse_loss, optimizer, batch_size=0)


GENERATORS: list[tuple[Callable[..., datasets.Dataset], int]] = [
    (datasets.moons, 2),
    (datasets.circles, 2),
    (datasets.xor, 2),
    (datasets.spiral, 2),
    (datasets.blobs, 3),
    (datasets.linear, 2),
]


@pytest.mark.parametrize(("generator", "classes"), GENERATORS)
def test_datasets_shape_balance_and_seed(
    generator: Callable[..., datasets.Dataset], classes: int
) -> None:
    points, labels = generator(60, seed=11)
    assert len(points) == len(labels) == 60
    assert all(len(p) == 2 and all(isinstance(c, float) for c in p) for p in points)
    assert set(labels) == set(range(classes))
    counts = [labels.count(k) for k in range(classes)]
    assert max(counts) - min(counts) <= (20 if generator is datasets.linear else 1)
    assert generator(60, seed=11) == (points, labels)
    assert generator(60, seed=12) != (points, labels)
    assert labels[:10] != sorted(labels[:10]) or len(set(labels[:10])) > 1  # shuffled


def test_moons_shape_without_noise() -> None:
    points, labels = datasets.moons(10, noise=0.0, seed=0)
    for (x, y), label in zip(points, labels):
        if label == 0:
            assert x**2 + y**2 == pytest.approx(1.0)  # upper half of the unit circle
        else:
            assert (x - 1) ** 2 + (y - 0.5) ** 2 == pytest.approx(1.0)  # lower, shifted


def test_dataset_errors() -> None:
    with pytest.raises(ValueError, match="moons: noise must be a finite number >= 0, got -1"):
        datasets.moons(10, noise=-1)
    with pytest.raises(ValueError, match="circles: factor must be a number in"):
        datasets.circles(10, factor=1.5)
    with pytest.raises(ValueError, match="spiral: classes"):
        datasets.spiral(10, classes=1)
    with pytest.raises(ValueError, match="xor: n"):
        datasets.xor(0)
