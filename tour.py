"""A short tour of backprop-lab, end to end: one graph stepped by hand, one network trained.

Run it with the README's first command. Part 1 builds the seed lecture's first graph,
f = (x + y) * z at x = -2, y = 5, z = -4, prints every node, reads the backward pass step by
step with the chain rule in numbers, draws the graph and writes the lecture player (one HTML
file). Part 2 trains micrograd's demo network, MLP(2, [16, 16, 1]) with the max-margin loss,
on 100 moons points with a progress bar, saves its decision boundary as a PNG and writes a page
replaying the training every 10 epochs (network, loss curve, boundary). Everything it
writes goes to the folder `tour_output/`. The pictures are rendered in-process by the Graphviz
inside the pygraphviz wheel (or by a system `dot`); with neither, they are skipped with a hint
and the rest still runs.
"""

from __future__ import annotations

from pathlib import Path

import autograd
import nn
from autograd import Value
from autograd.viz.render import GraphvizNotFoundError, chosen_renderer

OUTPUT = Path("tour_output")


def part_1_one_graph() -> None:
    print("== Part 1: f = (x + y) * z at x = -2, y = 5, z = -4 ==\n")
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    q = x + y
    q.label = "q"
    f = q * z
    f.label = "f"

    print("Backward, one node at a time (upstream gradient x local gradient):")
    for step in autograd.backward_steps(f):
        print("  " + step.caption.replace("\n", "\n  "))
    f.backward()  # stepping is a view; backward fills .grad
    assert (f.data, x.grad, y.grad, z.grad) == (-12.0, -4.0, -4.0, 3.0)
    print("\nEvery node after backward:")
    print(autograd.as_text(f))
    print("As on the slide: f = -12, df/dx = df/dy = z = -4, df/dz = x + y = 3.\n")

    picture = autograd.draw(f, edge_labels="message", color_by_grad=True)
    try:
        svg = Path(picture.render(outfile=OUTPUT / "f_graph.svg"))
        png = Path(picture.render(outfile=OUTPUT / "f_graph.png"))  # 192 dpi: sharp on a slide
    except GraphvizNotFoundError as error:  # neither the bundled renderer nor a `dot` program
        print(f"(No pictures: {error})\n")
        return
    player = autograd.export_html(f, OUTPUT / "backprop.html", title="f = (x + y) * z")
    print(f"Drawing:        {svg} and {png} (rendered by {chosen_renderer()})")
    print(f"Lecture player: {player}  (open it in a browser; arrow keys step)\n")


def part_2_train_a_network() -> None:
    print("== Part 2: MLP(2, [16, 16, 1]) on 100 moons, max-margin loss + 1e-4 L2 ==\n")
    points, labels = nn.datasets.moons(100, noise=0.1, seed=1)
    targets = [1.0 if label == 1 else -1.0 for label in labels]  # the hinge loss wants -1 / +1
    model = nn.MLP(2, [16, 16, 1], seed=1)
    print(model)
    optimizer = nn.optim.SGD(model.parameters(), lr=0.5)

    def max_margin(score: Value | list[Value], target: float) -> Value:
        assert isinstance(score, Value)
        return (1.0 - target * score).relu()

    history = nn.fit(
        model,
        (points, targets),
        max_margin,
        optimizer,
        epochs=60,
        l2=1e-4,
        lr_schedule=lambda epoch: 0.5 - 0.4 * epoch / 60,
        record_every=10,  # keeps the weights of every 10th epoch for the replay below
    )
    print(f"final loss {history.loss[-1]:.4f}, training accuracy {history.accuracy[-1]:.0%}")

    from nn import plots  # matplotlib is only needed here

    figure = plots.plot_decision_boundary(model, points, targets, title="MLP(2, [16, 16, 1])")
    picture = OUTPUT / "decision_boundary.png"
    figure.savefig(picture, dpi=192, bbox_inches="tight")  # as sharp as the graph drawing
    print(f"Decision boundary: {picture}")

    try:
        replay = nn.export_training(history, OUTPUT / "training.html", title="MLP(2, [16, 16, 1])")
    except GraphvizNotFoundError as error:  # the network drawing needs Graphviz
        print(f"(No training replay: {error})")
        return
    print(f"Training replay: {replay}  (open it in a browser; a scrubber walks the epochs)")


def main() -> None:
    OUTPUT.mkdir(exist_ok=True)
    part_1_one_graph()
    part_2_train_a_network()


if __name__ == "__main__":
    main()
