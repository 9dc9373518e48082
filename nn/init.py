"""Weight initialization: where the first weights come from, and how to make them reproducible.

The seed notes ask how wide the starting weights should be so that the
variance of the signal neither fades nor explodes from layer to layer. Each
rule here draws one weight for a neuron with `fan_in` inputs in a layer of
`fan_out` neurons:

- `"uniform"`: U(-1, 1), micrograd's choice (fine for tiny nets, too wide for big ones);
- `"xavier"` (Glorot uniform): U(-a, a) with a = sqrt(6 / (fan_in + fan_out)), so
  Var(w) = 2 / (fan_in + fan_out), for symmetric activations (tanh);
- `"xavier_normal"`: N(0, 2 / (fan_in + fan_out));
- `"he"` (Kaiming normal): N(0, 2 / fan_in), for relu, which zeroes half the signal;
- `"he_uniform"`: U(-a, a) with a = sqrt(6 / fan_in).

Biases start at 0, as in micrograd. `make_rng(seed)` turns an int, a
`random.Random` or None into the generator every model and dataset uses, so a
seed makes a model reproducible.
"""

from __future__ import annotations

import math
import random

__all__ = ["INIT_RULES", "check_init_rule", "draw_weight", "make_rng"]

INIT_RULES = ("uniform", "xavier", "xavier_normal", "he", "he_uniform")


def make_rng(seed: int | random.Random | None) -> random.Random:
    """A `random.Random`: the one given, a new one seeded with the int, or a fresh unseeded one."""
    if isinstance(seed, random.Random):
        return seed
    if seed is None:
        return random.Random()
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(
            f"seed: expected an int, a random.Random or None, got {type(seed).__name__} {seed!r}"
        )
    return random.Random(seed)


def check_init_rule(rule: str) -> str:
    """`rule` itself if it is one of `INIT_RULES`, else a clear error."""
    if rule not in INIT_RULES:
        raise ValueError(f"init: expected one of {', '.join(INIT_RULES)}, got {rule!r}")
    return rule


def draw_weight(rule: str, fan_in: int, fan_out: int, rng: random.Random) -> float:
    """One starting weight for a neuron with `fan_in` inputs in a layer of `fan_out` neurons."""
    if rule == "uniform":
        return rng.uniform(-1.0, 1.0)
    if rule == "xavier":
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-bound, bound)
    if rule == "xavier_normal":
        return rng.gauss(0.0, math.sqrt(2.0 / (fan_in + fan_out)))
    if rule == "he":
        return rng.gauss(0.0, math.sqrt(2.0 / fan_in))
    if rule == "he_uniform":
        bound = math.sqrt(6.0 / fan_in)
        return rng.uniform(-bound, bound)
    check_init_rule(rule)
    raise AssertionError("unreachable")  # pragma: no cover
