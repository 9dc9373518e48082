"""A short tour of backprop-lab: the seed lecture's first graph, f = (x + y) * z.

Run it with the README's first command. It builds the graph at x = -2, y = 5,
z = -4, runs backward and prints every node with its value and gradient, in
the order backpropagation visits them.
"""

from __future__ import annotations

from autograd import Value, topological_order


def main() -> None:
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    q = x + y
    q.label = "q"
    f = q * z
    f.label = "f"
    f.backward()

    print("f = (x + y) * z at x = -2, y = 5, z = -4")
    print(f"{'node':>6} {'op':>4} {'value':>8} {'grad df/dnode':>14}")
    for node in reversed(topological_order(f)):
        print(f"{node.label:>6} {node.op or 'leaf':>4} {node.data:>8g} {node.grad:>14g}")
    assert (f.data, x.grad, y.grad, z.grad) == (-12.0, -4.0, -4.0, 3.0)
    print("\nAs on the slide: f = -12, df/dx = df/dy = z = -4, df/dz = x + y = 3.")


if __name__ == "__main__":
    main()
