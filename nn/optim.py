"""Optimizers: SGD (with momentum and Nesterov), RMSprop and Adam, exactly as PyTorch updates.

An optimizer holds a list of parameters (leaf `Value`s) and, after
`loss.backward()` has filled their `.grad`, `step()` moves each parameter
using its gradient g and its own running state. The formulas are PyTorch's
(`torch.optim`), so the same problem gives the same numbers to 1e-9:

- SGD:     g <- g + λ p;  v <- μ v + g;  g <- g + μ v (Nesterov) or g <- v;  p <- p - η g
- RMSprop: s <- α s + (1 - α) g²;  p <- p - η g / (sqrt(s) + ε)
- Adam:    g <- g + λ p;  m <- β1 m + (1 - β1) g;  v <- β2 v + (1 - β2) g²;
           p <- p - η (m / (1 - β1^t)) / (sqrt(v) / sqrt(1 - β2^t) + ε)

Convention: the seed's textbook writes momentum as v <- α v - η g, p <- p + v;
PyTorch (and this module) keeps v <- μ v + g and p <- p - η v. For a constant
η both give the same parameters (textbook v = -η × PyTorch v), but the stored
velocity differs by the factor -η. ε is added outside the square root, as in
PyTorch. Weight decay λ is added to the gradient (L2, as torch.optim.Adam),
not decoupled as in AdamW. Only the options above exist: PyTorch's SGD
`dampening`, RMSprop `momentum`/`centered`/`weight_decay` and Adam `amsgrad`
are not implemented.

`optimizer.state(p)` is a read-only live view of a parameter's state
(`velocity`; `square_avg`; `m`, `v`), for showing in a notebook.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from autograd import Value

__all__ = ["SGD", "Adam", "Optimizer", "RMSprop"]


def _check_rate(value: object, name: str, where: str, *, below_one: bool = False) -> float:
    """`value` as a float if it is finite and >= 0 (and < 1 with `below_one`), else a clear error."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
        or (below_one and value >= 1)
    ):
        allowed = "in [0, 1)" if below_one else ">= 0"
        raise ValueError(f"{where}: {name} must be a finite number {allowed}, got {value!r}")
    return float(value)


class Optimizer:
    """What every optimizer shares: the parameter list, `zero_grad()`, per-parameter `state(p)`.

    `params` is the list of parameters and `steps` counts the calls of `step()` (Adam's t).
    A subclass sets its hyperparameters, then calls `__init__` with the names of its
    per-parameter state (all start at 0.0), and implements `_new_data`.
    """

    lr: float  # the learning rate η (a schedule may change it between steps)

    def __init__(self, params: Sequence[Value], state_names: tuple[str, ...]) -> None:
        where = type(self).__name__
        if isinstance(params, Value) or not isinstance(params, Sequence):
            raise TypeError(
                f"{where}: params must be a list of Values (e.g. model.parameters()), got {type(params).__name__}"
            )
        if not params:
            raise ValueError(f"{where}: got an empty parameter list")
        seen: set[Value] = set()
        for position, parameter in enumerate(params):
            if not isinstance(parameter, Value):
                raise TypeError(
                    f"{where}: params[{position}] must be a Value, got {type(parameter).__name__} {parameter!r}"
                )
            if parameter in seen:
                raise ValueError(
                    f"{where}: params[{position}] ({parameter.label or 'unlabelled'}) appears twice"
                )
            seen.add(parameter)
        self.params = list(params)
        self.steps = 0
        self._state: dict[Value, dict[str, float]] = {
            parameter: dict.fromkeys(state_names, 0.0) for parameter in self.params
        }

    def zero_grad(self) -> None:
        """Set every parameter's `.grad` to 0 before the next `backward()` (PyTorch: None)."""
        for parameter in self.params:
            parameter.grad = 0.0

    def state(self, parameter: Value) -> Mapping[str, float]:
        """A read-only, live view of `parameter`'s state (it changes as `step()` runs)."""
        if parameter not in self._state:
            raise KeyError(
                f"{type(self).__name__}.state: {parameter!r} is not one of its parameters"
            )
        return MappingProxyType(self._state[parameter])

    def step(self) -> None:
        """Update every parameter from its `.grad`.

        All new values and states are computed first and written only if every one is
        finite, so an overflow error (a parameter, or its state such as RMSprop's
        `square_avg` after a 1e200 gradient, would become inf) names the optimizer and the
        parameter and leaves every parameter, its state and `steps` as they were.
        """
        self.steps += 1  # Adam's t for this step; taken back if the step is refused
        try:
            updates = [self._new_data(parameter) for parameter in self.params]
            for parameter, (data, new_state) in zip(self.params, updates):
                for name, number in new_state.items():
                    if not math.isfinite(number):
                        raise OverflowError(
                            f"{type(self).__name__}.step: the {name} of parameter "
                            f"{parameter.label or 'unlabelled'} (data {parameter.data!r}, "
                            f"grad {parameter.grad!r}, {name} {self._state[parameter][name]!r}) "
                            f"would become {number!r}"
                        )
                if not math.isfinite(data):
                    raise OverflowError(
                        f"{type(self).__name__}.step: parameter {parameter.label or 'unlabelled'} "
                        f"(data {parameter.data!r}, grad {parameter.grad!r}) would become {data!r}"
                    )
        except BaseException:
            self.steps -= 1
            raise
        for parameter, (data, new_state) in zip(self.params, updates):
            parameter.data = data
            self._state[parameter].update(new_state)

    def _new_data(self, parameter: Value) -> tuple[float, dict[str, float]]:
        """The parameter's next value and next state (without changing anything)."""
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent, PyTorch's convention.

    g <- g + λ p (weight_decay λ); with momentum μ: v <- μ v + g (v = g at the
    first step), then g <- g + μ v (nesterov) or g <- v; finally p <- p - η g.
    The seed's textbook writes v <- α v - η g, p <- p + v: same parameters, v scaled by -η.
    State: `velocity` (PyTorch's `momentum_buffer`).
    """

    def __init__(
        self,
        params: Sequence[Value],
        lr: float,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
    ) -> None:
        self.lr = _check_rate(lr, "lr", "SGD")
        self.momentum = _check_rate(momentum, "momentum", "SGD")
        self.weight_decay = _check_rate(weight_decay, "weight_decay", "SGD")
        if not isinstance(nesterov, bool):
            raise TypeError(f"SGD: nesterov must be True or False, got {nesterov!r}")
        if nesterov and self.momentum == 0.0:
            raise ValueError("SGD: nesterov=True needs a momentum > 0 (as in PyTorch)")
        self.nesterov = nesterov
        super().__init__(params, ("velocity",) if self.momentum else ())

    def _new_data(self, parameter: Value) -> tuple[float, dict[str, float]]:
        gradient = parameter.grad + self.weight_decay * parameter.data
        if self.momentum == 0.0:
            return parameter.data - self.lr * gradient, {}
        velocity = self.momentum * self._state[parameter]["velocity"] + gradient
        direction = gradient + self.momentum * velocity if self.nesterov else velocity
        return parameter.data - self.lr * direction, {"velocity": velocity}


class RMSprop(Optimizer):
    """RMSprop, PyTorch's convention: s <- α s + (1 - α) g²; p <- p - η g / (sqrt(s) + ε).

    ε is outside the square root (some textbooks put it inside). State: `square_avg`.
    """

    def __init__(
        self, params: Sequence[Value], lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8
    ) -> None:
        self.lr = _check_rate(lr, "lr", "RMSprop")
        self.alpha = _check_rate(alpha, "alpha", "RMSprop", below_one=True)
        self.eps = _check_rate(eps, "eps", "RMSprop")
        super().__init__(params, ("square_avg",))

    def _new_data(self, parameter: Value) -> tuple[float, dict[str, float]]:
        gradient = parameter.grad
        square_avg = (
            self.alpha * self._state[parameter]["square_avg"]
            + (1.0 - self.alpha) * gradient * gradient
        )
        denominator = math.sqrt(square_avg) + self.eps
        if denominator == 0.0:
            return parameter.data, {"square_avg": square_avg}  # g = 0 too (eps = 0): no move
        return parameter.data - self.lr * gradient / denominator, {"square_avg": square_avg}


class Adam(Optimizer):
    """Adam, PyTorch's convention (weight decay added to the gradient, not AdamW).

    g <- g + λ p; m <- β1 m + (1 - β1) g; v <- β2 v + (1 - β2) g²; at step t:
    p <- p - (η / (1 - β1^t)) m / (sqrt(v) / sqrt(1 - β2^t) + ε).
    State: `m` and `v` (PyTorch's `exp_avg`, `exp_avg_sq`); `optimizer.steps` is t.
    """

    def __init__(
        self,
        params: Sequence[Value],
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        self.lr = _check_rate(lr, "lr", "Adam")
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"Adam: betas must be a pair of numbers in [0, 1), got {betas!r}")
        self.betas = (
            _check_rate(betas[0], "betas[0]", "Adam", below_one=True),
            _check_rate(betas[1], "betas[1]", "Adam", below_one=True),
        )
        self.eps = _check_rate(eps, "eps", "Adam")
        self.weight_decay = _check_rate(weight_decay, "weight_decay", "Adam")
        super().__init__(params, ("m", "v"))

    def _new_data(self, parameter: Value) -> tuple[float, dict[str, float]]:
        beta1, beta2 = self.betas
        gradient = parameter.grad + self.weight_decay * parameter.data
        state = self._state[parameter]
        m = beta1 * state["m"] + (1.0 - beta1) * gradient
        v = beta2 * state["v"] + (1.0 - beta2) * gradient * gradient
        step_size = self.lr / (1.0 - beta1**self.steps)
        denominator = math.sqrt(v) / math.sqrt(1.0 - beta2**self.steps) + self.eps
        if denominator == 0.0:
            return parameter.data, {"m": m, "v": v}  # m = 0 too: no gradient, no move
        return parameter.data - step_size * m / denominator, {"m": m, "v": v}
