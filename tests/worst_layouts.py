"""The worst graphs for Graphviz's layout, built once for the layout-time test and benchmark.

Values shared along a long chain, whose edges cross many columns (issue 15, defect 2): the
polynomial 1 + x + x**2 + ... + x**75, the sum x + x + ... + x of `terms` terms, and an RNN
h_t = tanh(w h_(t-1) + u x_t + b) unrolled (w, u and b are shared by every step).
Used by tests/test_draw_layout_time.py and benchmarks/bench_layout.py.
"""

from __future__ import annotations

from autograd import Value
from autograd.formula import build_graph

__all__ = ["polynomial", "repeated_sum", "rnn"]


def polynomial() -> Value:
    """1 + x + x**2 + ... + x**75 at x = 0.5."""
    formula = "1 + x + " + " + ".join(f"x**{k}" for k in range(2, 76))
    return build_graph(formula, {"x": 0.5})


def repeated_sum(terms: int) -> Value:
    """x + x + ... + x (`terms` times) at x = 0.5."""
    return build_graph(" + ".join(["x"] * terms), {"x": 0.5})


def rnn(steps: int = 40) -> Value:
    """h_t = tanh(w h_(t-1) + u x_t + b), unrolled: w, u and b are shared by every step."""
    w, u, b = Value(0.5, label="w"), Value(-0.3, label="u"), Value(0.1, label="b")
    h = Value(0.0, label="h0")
    for t in range(steps):
        x = Value((t % 7) / 7 - 0.5, label=f"x{t}")
        h = (w * h + u * x + b).tanh()
        h.label = f"h{t + 1}"
    return h
