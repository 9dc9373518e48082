"""`fit`: a small training loop with a progress bar, returning the loss and accuracy per epoch.

`fit` is a convenience, not a framework: it runs exactly the loop a lecture
writes on the board, and the plain loop stays just as easy:

    points, labels = datasets.moons(100, seed=0)
    model = MLP(2, [16, 16, 2], seed=0)
    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for epoch in range(50):
        losses = [functional.cross_entropy(model(x), y) for x, y in zip(points, labels)]
        loss = functional.mean(losses)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

`fit(model, (points, labels), functional.cross_entropy, optimizer, epochs=50)`
does the same, optionally in shuffled mini-batches (`batch_size`, `seed`),
with an L2 penalty (`l2=1e-4` adds 1e-4 sum p^2) and a learning-rate schedule,
and shows the loss in a tqdm bar. The accuracy of an epoch counts the
predictions made during that epoch's forward passes (before each step).
The loop runs inside `autograd.gc_paused()`: Python's cyclic garbage collector,
which would otherwise spend about 40% of a step scanning the graph, is off
during training and restored afterwards.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from tqdm.auto import tqdm

from autograd import Value, collect_young, gc_paused
from autograd.i18n import _
from nn import functional
from nn.init import make_rng
from nn.optim import Optimizer

__all__ = ["History", "Model", "fit", "is_correct"]


class Model(Protocol):
    """Anything callable on one input that has `parameters()` (every `nn` model)."""

    def __call__(self, inputs: Sequence[float]) -> Value | list[Value]: ...

    def parameters(self) -> list[Value]: ...


@dataclass
class History:
    """Per-epoch training loss and accuracy (0..1), one entry per epoch.

    The loss of an epoch is the mean of its batch losses weighted by batch size (so the
    mean over all points), the `l2` penalty included.
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)


def is_correct(output: Value | list[Value], target: float) -> bool:
    """Whether one prediction is right: argmax == target for several outputs, else sign agreement.

    One output z counts as class 1 (or +1) when z > 0: right for BCE-with-logits
    targets 0/1 and for hinge targets -1/+1 alike.
    """
    if isinstance(output, Value):
        return (output.data > 0) == (target > 0)
    best = max(range(len(output)), key=lambda i: output[i].data)
    return best == target


def fit(
    model: Model,
    data: tuple[Sequence[Sequence[float]], Sequence[Any]],
    loss: Callable[..., Value],
    optimizer: Optimizer,
    *,
    epochs: int = 100,
    batch_size: int | None = None,
    seed: int | random.Random | None = 0,
    progress: bool = True,
    l2: float = 0.0,
    lr_schedule: Callable[[int], float] | None = None,
    accuracy: Callable[[Value | list[Value], Any], bool] | None = is_correct,
) -> History:
    """Train `model` on `data = (points, targets)` and return the `History`.

    Each step: outputs = model(x) for the batch; batch loss = mean of
    `loss(output, target)` (+ `l2` * sum p^2); zero_grad; backward; step.
    `batch_size=None` is full-batch gradient descent; otherwise the order is
    shuffled each epoch with `seed`. `lr_schedule(epoch)` sets `optimizer.lr`
    before each epoch. `accuracy=None` skips accuracy (regression).
    """
    points, targets = data
    if len(points) != len(targets):
        raise ValueError(f"fit: {len(points)} points but {len(targets)} targets")
    if not points:
        raise ValueError("fit: the dataset is empty")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"fit: epochs must be a positive int, got {epochs!r}")
    if batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1
    ):
        raise ValueError(f"fit: batch_size must be a positive int or None, got {batch_size!r}")
    if isinstance(l2, bool) or not isinstance(l2, (int, float)) or not math.isfinite(l2) or l2 < 0:
        raise ValueError(f"fit: l2 must be a finite number >= 0, got {l2!r}")
    rng = make_rng(seed)
    parameters = model.parameters()
    order = list(range(len(points)))  # indices of the points, shuffled in place per epoch
    points_per_step = batch_size or len(points)
    history = History()
    with gc_paused():  # the collector would scan every graph; see autograd.collector
        progress_bar = tqdm(range(epochs), desc=_("fit"), disable=not progress)
        for epoch in progress_bar:
            if lr_schedule is not None:
                optimizer.lr = lr_schedule(epoch)
            if batch_size is not None:
                rng.shuffle(order)
            loss_sum = 0.0
            correct = 0
            for start in range(0, len(order), points_per_step):
                batch = order[start : start + points_per_step]
                outputs = [model(points[i]) for i in batch]
                batch_loss = functional.mean(
                    [loss(output, targets[i]) for output, i in zip(outputs, batch)]
                )
                if l2:
                    batch_loss = batch_loss + l2 * functional.l2(parameters)
                optimizer.zero_grad()
                batch_loss.backward()
                optimizer.step()
                loss_sum += batch_loss.data * len(batch)
                if accuracy is not None:
                    correct += sum(
                        accuracy(output, targets[i]) for output, i in zip(outputs, batch)
                    )
                del outputs, batch_loss  # the step's graph is freed here, by reference counting
                collect_young()  # frees any reference cycles the step made
            history.loss.append(loss_sum / len(points))
            if accuracy is not None:
                history.accuracy.append(correct / len(points))
                progress_bar.set_postfix(
                    {
                        _("loss"): f"{history.loss[-1]:.4f}",
                        _("accuracy"): f"{history.accuracy[-1]:.2%}",
                    }
                )
            else:
                progress_bar.set_postfix({_("loss"): f"{history.loss[-1]:.4f}"})
    return history
