"""The seed lecture's graphs, built once for every test file that draws or steps through them.

`seed_xyz()` is the first slide: f = (x + y) * z at x = -2, y = 5, z = -4, with the
intermediate q = x + y named as on the slide (f = -12; df/dx = df/dy = -4, df/dz = 3).
"""

from __future__ import annotations

from autograd import Value

__all__ = ["seed_xyz"]


def seed_xyz() -> tuple[Value, Value, Value, Value, Value]:
    """(x, y, z, q, f) for f = (x + y) * z at -2, 5, -4; no backward has run yet."""
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    q = x + y
    q.label = "q"
    f = q * z
    f.label = "f"
    return x, y, z, q, f
