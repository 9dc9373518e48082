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
predictions made during that epoch's forward passes (before each step). In a
notebook the bar is a widget while it runs and becomes one line of text when the
training ends ("fit (batched): 100 epochs, loss 0.0123, accuracy 98.00%"): that
line is what the saved notebook keeps and shows when it is opened again.

How the steps are computed (`engine=`, the numbers agree to 1e-9 whichever runs):

- "batched": one example's graph is traced once and replayed over the whole
  batch with numpy arrays (`autograd.compile_batched`, see `nn.batched_fit`),
  hundreds of times faster than building the graph; each layer of the model runs
  as one matrix product over the batch (Z = W A + b). "auto" (the default) picks
  it when the model is made of `nn`'s own layers (dropout included: its masks
  become inputs of the replay), for `nn`'s losses (BCE-with-logits, cross-entropy,
  the multiclass hinge, MSE) and for a loss of your own whose graph does not
  change with the data (micrograd's max-margin `relu(1 - y·score)`: fit checks two
  examples of each target and probes the loss at outputs of every sign).
- "compiled": the whole batch's scalar graph traced once by `autograd.compile`
  and replayed (full batch, no active dropout; tracing a big batch takes seconds).
- "interpreted": the loop above, a fresh graph every step: what a lecture
  shows, and what "auto" falls back to otherwise (a loss whose graph depends on the
  data, more than 32 classes, a model of your own): "auto" always trains, and
  `History.engine` and `History.reason` say which engine ran and why.

Every path runs inside `autograd.gc_paused()` (the cyclic garbage collector
scanning the graph costs about 40% of an interpreted step), collecting the
young generation after each step; the collector is restored afterwards.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from tqdm.auto import tqdm

from autograd import Value, collect_young, gc_paused
from autograd.codegen.compiled import compile_loss
from autograd.i18n import N_, _, ngettext
from nn import functional
from nn.batched_fit import BatchedSteps, NotReplayableError, batched_correct, eligibility
from nn.init import make_rng
from nn.layers import Dropout
from nn.module import Module
from nn.optim import Optimizer

__all__ = ["ENGINES", "History", "Model", "Recording", "Snapshot", "fit", "is_correct"]

# The ways `fit` can compute a step; "auto" picks the fastest one that is correct.
ENGINES = ("auto", "batched", "compiled", "interpreted")


class Model(Protocol):
    """Anything callable on one input that has `parameters()` (every `nn` model)."""

    def __call__(self, inputs: Sequence[float]) -> Value | list[Value]: ...

    def parameters(self) -> list[Value]: ...


@dataclass
class History:
    """Per-epoch training loss and accuracy (0..1), one entry per epoch.

    The loss of an epoch is the mean of its batch losses weighted by batch size (so the
    mean over all points), the `l2` penalty included. `engine` is how the steps were
    computed ("batched", "compiled" or "interpreted") and `reason` why "auto" did not
    pick "batched" ("" when it did or when the engine was chosen by the caller).
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    engine: str = "interpreted"
    reason: str = ""
    # With fit(..., record=True) or record_every=k: the parameters and their gradients after
    # every k-th epoch (and the last), and what `nn.export_training` needs to replay them.
    snapshots: list[Snapshot] = field(default_factory=list)
    recorded: Recording | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Snapshot:
    """The model after `epoch` epochs (1 = after the first): every parameter's value and the
    gradient of the epoch's last step (in `model.parameters()` order), and the epoch's loss and
    accuracy (None without one)."""

    epoch: int
    parameters: tuple[float, ...]
    grads: tuple[float, ...]
    loss: float
    accuracy: float | None


@dataclass(frozen=True)
class Recording:
    """What a recorded training ran on: the model (its parameters are restored after a replay),
    the data and the loss function, so the replay can draw the network and its boundary."""

    model: Model
    points: Sequence[Sequence[float]]
    targets: Sequence[Any]
    loss: Callable[..., Value]


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
    engine: str = "auto",
    record: bool = False,
    record_every: int | None = None,
    live: Any = False,
) -> History:
    """Train `model` on `data = (points, targets)` and return the `History`.

    Each step: outputs = model(x) for the batch; batch loss = mean of
    `loss(output, target)` (+ `l2` * sum p^2); zero_grad; backward; step.
    `batch_size=None` is full-batch gradient descent; otherwise the order is
    shuffled each epoch with `seed`. `lr_schedule(epoch)` sets `optimizer.lr`
    before each epoch. `accuracy=None` skips accuracy (regression). `engine`: "auto",
    "batched", "compiled" or "interpreted" (see the module doc; `History.engine` tells).
    `record=True` keeps every epoch's parameters and gradients in `History.snapshots` (every
    `record_every`-th epoch and the last with `record_every=k`), for `nn.export_training`.
    `live=True` shows a dashboard in the notebook that follows the training (`nn.live`; outside
    a notebook the progress bar, said once); `live=` a `nn.live.TrainingDashboard` drives that one.
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
    if engine not in ENGINES:
        raise ValueError(f"fit: engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if record_every is not None and (
        isinstance(record_every, bool) or not isinstance(record_every, int) or record_every < 1
    ):
        raise ValueError(f"fit: record_every must be a positive int or None, got {record_every!r}")
    every = record_every or (1 if record else 0)  # 0: nothing recorded
    dashboard = None
    if live is True:
        from nn.live import dashboard_for  # anywidget, only when asked for

        dashboard = dashboard_for(model, points, targets, epochs)
    elif live is not False and live is not None:
        dashboard = live
    history = History()
    if every:
        history.recorded = Recording(model, points, targets, loss)
    history.engine, history.reason = _choose_engine(engine, model, loss, batch_size)
    rng = make_rng(seed)
    parameters = model.parameters()
    order = list(range(len(points)))  # indices of the points, shuffled in place per epoch
    points_per_step = batch_size or len(points)
    with gc_paused():
        try:
            step = _step_function(
                history.engine, model, points, targets, loss, parameters, l2, accuracy
            )
        except NotReplayableError as refusal:
            if engine != "auto":
                raise
            history.engine, history.reason = "interpreted", str(refusal).removeprefix("fit: ")
            step = _step_function(
                "interpreted", model, points, targets, loss, parameters, l2, accuracy
            )
        engine_word = {
            "batched": N_("batched"),
            "compiled": N_("compiled"),
            "interpreted": N_("interpreted"),
        }[history.engine]
        in_notebook = progress and _notebook_bar()
        progress_bar = tqdm(
            range(epochs),
            desc=_("fit") + " (" + _(engine_word) + ")",
            unit=" " + _("epoch"),
            disable=not progress,
            **({"display": False} if in_notebook else {}),  # shown below, with a display id
        )
        shown = _show_bar(progress_bar) if in_notebook else None
        for epoch in progress_bar:
            if lr_schedule is not None:
                optimizer.lr = lr_schedule(epoch)
            if batch_size is not None:
                rng.shuffle(order)
            loss_sum = 0.0
            correct = 0
            for start in range(0, len(order), points_per_step):
                batch = order[start : start + points_per_step]
                optimizer.zero_grad()
                batch_loss, batch_correct = step(batch)
                optimizer.step()
                collect_young()  # frees any reference cycles the step made (see autograd.collector)
                loss_sum += batch_loss * len(batch)
                correct += batch_correct
            history.loss.append(loss_sum / len(points))
            if accuracy is not None:
                history.accuracy.append(correct / len(points))
            if every and ((epoch + 1) % every == 0 or epoch == epochs - 1):
                history.snapshots.append(
                    Snapshot(
                        epoch + 1,
                        tuple(p.data for p in parameters),
                        tuple(p.grad for p in parameters),
                        history.loss[-1],
                        history.accuracy[-1] if accuracy is not None else None,
                    )
                )
            if dashboard is not None:
                dashboard.after_epoch(epoch + 1, history.loss, last=epoch == epochs - 1)
            if accuracy is not None:
                progress_bar.set_postfix(
                    {
                        _("loss"): f"{history.loss[-1]:.4f}",
                        _("accuracy"): f"{history.accuracy[-1]:.2%}",
                    }
                )
            else:
                progress_bar.set_postfix({_("loss"): f"{history.loss[-1]:.4f}"})
        progress_bar.close()
        if shown is not None:  # the widget becomes the summary line: that is what is saved
            shown.update({"text/plain": _summary(progress_bar.desc, history)}, raw=True)
    return history


def _notebook_bar() -> bool:
    """Whether `tqdm.auto` chose tqdm's notebook widget (a Jupyter kernel with ipywidgets): then
    it has imported `tqdm.notebook` (nothing is imported here to find out)."""
    notebook = sys.modules.get("tqdm.notebook")
    return notebook is not None and isinstance(tqdm, type) and issubclass(tqdm, notebook.tqdm)


def _show_bar(progress_bar: Any) -> Any:
    """Show the notebook's progress bar with a display id, and return the display's handle.

    When the training ends, `fit` replaces the widget by its one-line summary through that
    handle (an update of the same output), so the saved notebook holds the text, not the
    widget: reopened, a widget shows "Error displaying widget: model not found" (trusted) or a
    stale "0%" (untrusted), since its model lives only in the kernel that made it.
    """
    from IPython.display import display

    return display(progress_bar.container, display_id=True)  # type: ignore[no-untyped-call]


def _summary(description: str, history: History) -> str:
    """One line on a finished training, e.g. "fit (batched): 100 epochs, loss 0.0123, accuracy
    98.00%". A notebook's progress bar is a widget, which a reopened notebook cannot show (its
    model is gone: "Error displaying widget"); this line is saved with the cell's output."""
    epochs = len(history.loss)
    line = ngettext(
        "{description}: {count} epoch, loss {loss}",
        "{description}: {count} epochs, loss {loss}",
        epochs,
    ).format(description=description, count=epochs, loss=f"{history.loss[-1]:.4f}")
    if history.accuracy:
        line += ", " + _("accuracy") + " " + format(history.accuracy[-1], ".2%")
    return line


# One step on a batch (a list of indices): gradients added to `.grad`; returns the batch loss
# and how many of the batch's predictions were right.
Step = Callable[[list[int]], tuple[float, int]]


def _choose_engine(
    engine: str, model: Model, loss: Callable[..., Value], batch_size: int | None
) -> tuple[str, str]:
    """The engine `fit` runs and, for "auto" not choosing "batched", the reason."""
    if engine == "compiled" and batch_size is not None:
        raise ValueError(
            "fit: engine='compiled' replays one full-batch graph; it cannot be used with "
            "batch_size (use 'batched' or 'interpreted')"
        )
    if engine == "compiled" and any(
        isinstance(module, Dropout) and module.training and module.p > 0.0
        for _name, module in (model.named_modules() if isinstance(model, Module) else [])
    ):
        raise ValueError(
            "fit: engine='compiled' would freeze the dropout masks of its one trace "
            "(use 'batched' or 'interpreted')"
        )
    if engine != "auto":
        return engine, ""
    reason = eligibility(model, loss)
    return ("interpreted", reason) if reason else ("batched", "")


def _step_function(
    engine: str,
    model: Model,
    points: Sequence[Sequence[float]],
    targets: Sequence[Any],
    loss: Callable[..., Value],
    parameters: list[Value],
    l2: float,
    accuracy: Callable[[Value | list[Value], Any], bool] | None,
) -> Step:
    """The function that runs one step with the chosen engine."""

    def build(batch: list[int]) -> tuple[Value, list[Value | list[Value]]]:
        """The batch's loss as the lecture writes it, and the model's outputs."""
        outputs = [model(points[i]) for i in batch]
        batch_loss = functional.mean(
            [loss(output, targets[i]) for output, i in zip(outputs, batch)]
        )
        if l2:
            batch_loss = batch_loss + l2 * functional.l2(parameters)
        return batch_loss, outputs

    def count_correct(outputs: list[Value | list[Value]], batch: list[int]) -> int:
        if accuracy is None:
            return 0
        return sum(accuracy(output, targets[i]) for output, i in zip(outputs, batch))

    if engine == "batched":
        if not isinstance(model, Module):
            raise ValueError("fit: engine='batched' needs an nn model (an nn.Module)")
        steps = BatchedSteps(model, points, targets, loss, l2)

        def batched_step(batch: list[int]) -> tuple[float, int]:
            batch_loss, output_columns = steps.step(batch)
            if accuracy is None:
                return batch_loss, 0
            chosen = [targets[i] for i in batch]
            if accuracy is is_correct:
                return batch_loss, batched_correct(output_columns, chosen)
            rows = [
                [Value(float(column[k])) for column in output_columns] for k in range(len(batch))
            ]
            outputs: list[Value | list[Value]] = [
                row[0] if len(row) == 1 else list(row) for row in rows
            ]
            return batch_loss, count_correct(outputs, batch)

        return batched_step

    if engine == "compiled":
        everything = list(range(len(points)))
        traced_loss, traced_outputs = build(everything)
        compiled = compile_loss(traced_loss, parameters)
        first = [True]

        def compiled_step(batch: list[int]) -> tuple[float, int]:
            if first[0]:  # the traced graph is this step's graph: its outputs are current
                first[0] = False
                traced_loss.backward()
                return traced_loss.data, count_correct(traced_outputs, batch)
            batch_loss = compiled()
            outputs = [model(points[i]) for i in batch] if accuracy is not None else []
            return batch_loss, count_correct(outputs, batch)

        return compiled_step

    def interpreted_step(batch: list[int]) -> tuple[float, int]:
        batch_loss, outputs = build(batch)
        batch_loss.backward()
        return batch_loss.data, count_correct(outputs, batch)

    return interpreted_step
