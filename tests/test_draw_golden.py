"""Golden DOT files: the exact DOT text of three small drawings, committed in tests/golden/.

A change to the drawing code that changes these pictures fails here; when the change is
deliberate, regenerate the files with `python tests/test_draw_golden.py --regenerate`, look at
the diff, and commit them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import autograd
from autograd import Value

GOLDEN = Path(__file__).parent / "golden"


def xyz() -> str:
    """(x + y)z at -2, 5, -4 after backward, default options."""
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    f = (x + y) * z
    f.label = "f"
    f.backward()
    return str(autograd.draw(f).source)


def a_plus_a_squared() -> str:
    """(a + a) ** 2 with local derivatives on the edges: two edges from a, a constant exponent."""
    a = Value(3.0, label="a")
    b = (a + a) ** 2
    b.backward()
    return str(autograd.draw(b, edge_labels="local", rankdir="TB").source)


def neuron_step() -> str:
    """A tanh neuron mid-backward as the stepper draws it, coloured, with messages and a caption."""
    x0, w0, bias = Value(0.5, label="x0"), Value(-1.5, label="w0"), Value(0.25, label="b")
    z = x0 * w0 + bias
    out = z.tanh()
    out.label = "out"
    out.backward()
    return str(
        autograd.draw(
            out,
            edge_labels="message",
            color_by_grad=True,
            highlight=z,
            shown_grads={out: out.grad, z: z.grad},
            highlighted_edges=[(out, 0)],
            caption="∂out/∂z = 1 - tanh(z)² = <0.39>",
        ).source
    )


CASES: dict[str, Callable[[], str]] = {
    "xyz": xyz,
    "a_plus_a_squared": a_plus_a_squared,
    "neuron_step": neuron_step,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_dot_matches_golden_file(name: str) -> None:
    expected = (GOLDEN / f"{name}.dot").read_text(encoding="utf-8")
    assert CASES[name]() == expected, (
        f"DOT of {name} changed; if deliberate: python tests/test_draw_golden.py --regenerate"
    )


if __name__ == "__main__":
    if sys.argv[1:] != ["--regenerate"]:
        sys.exit("usage: python tests/test_draw_golden.py --regenerate")
    GOLDEN.mkdir(exist_ok=True)
    for case_name, make in CASES.items():
        (GOLDEN / f"{case_name}.dot").write_text(make(), encoding="utf-8")
        print(f"wrote {GOLDEN / case_name}.dot")
