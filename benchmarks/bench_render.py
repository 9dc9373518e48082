"""Benchmark: the lecture player rendered in-process (bundled pygraphviz) against a `dot` process per frame.

Run:  python benchmarks/bench_render.py            (about a minute)
      python benchmarks/bench_render.py --quick    (fewer repeats)

`export_html` renders one SVG per frame (the forward pass node by node, then the backward pass
node by node). Two graphs: the seed slides' sigmoid neuron, gate by gate
(sigmoid(w0·x0 + w1·x1 + w2) written as 1 / (1 + exp(-(...)))), and the binary cross-entropy
loss of one point through `nn.MLP(2, [3, 1])`. Each is exported with the "bundled" renderer
(Graphviz's libraries inside the pygraphviz wheel, in this process) and with the "dot"
renderer (the system's `dot` program, started once per frame), alternately, with
`gc.collect()` before every run; the table shows min and median and the ratio of the medians.
Before timing, the script checks that both renderers draw every frame with the same texts (the
layouts differ by a few points: the two Graphviz builds measure fonts differently).
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

import nn
from autograd import Value, export_html
from autograd.viz.render import available_renderers, use_renderer

RENDERERS = ("bundled", "dot")


def sigmoid_neuron() -> Value:
    """The slide's neuron, gate by gate: 1 / (1 + exp(-(w0·x0 + w1·x1 + w2)))."""
    w0, x0, w1, x1, w2 = (
        Value(data, label=name)
        for name, data in [("w0", 2.0), ("x0", -1.0), ("w1", -3.0), ("x1", -2.0), ("w2", -3.0)]
    )
    out = 1 / (1 + (-(w0 * x0 + w1 * x1 + w2)).exp())
    out.label = "f"
    return out


def mlp_loss() -> Value:
    """The logistic loss of one point through MLP(2, [3, 1]) (tanh hidden layer)."""
    model = nn.MLP(2, [3, 1], activation="tanh", seed=0)
    score = model([0.5, -1.5])
    assert isinstance(score, Value)
    loss = nn.functional.binary_cross_entropy_with_logits(score, 1.0)
    loss.label = "loss"
    return loss


def export(graph: Callable[[], Value], renderer: str, folder: Path) -> str:
    use_renderer(renderer)  # type: ignore[arg-type]
    try:
        return export_html(graph(), folder / f"{renderer}.html").read_text(encoding="utf-8")
    finally:
        use_renderer(None)


def frame_texts(page: str) -> list[list[str]]:
    """The texts of every frame's SVG, in order (what a student reads, whatever the layout)."""
    data = re.search(
        r'<script type="application/json" id="lecture-data">(.*?)</script>', page, re.S
    )
    assert data is not None, "no frames in the player"
    frames = [frame["svg"] for frame in json.loads(data.group(1))["frames"]]
    return [sorted(re.findall(r"<text[^>]*>([^<]*)</text>", frame)) for frame in frames]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats instead of 9")
    arguments = parser.parse_args()
    repeats = 3 if arguments.quick else 9
    missing = set(RENDERERS) - set(available_renderers())
    if missing:
        raise SystemExit(f"bench_render: needs both renderers; missing {', '.join(missing)}")

    print(f"export_html, {repeats} runs each, renderers alternated, gc.collect() before each run")
    print(
        f"{'graph':<34} {'frames':>6} {'renderer':>9} {'min ms':>9} {'median ms':>10} {'ms/frame':>9}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for title, graph in [
            ("sigmoid neuron, gate by gate", sigmoid_neuron),
            ("MLP(2, [3, 1]) logistic loss", mlp_loss),
        ]:
            pages = {renderer: export(graph, renderer, folder) for renderer in RENDERERS}
            texts = {renderer: frame_texts(page) for renderer, page in pages.items()}
            assert texts["bundled"] == texts["dot"], "the renderers draw different texts"
            frames = len(texts["bundled"])
            times: dict[str, list[float]] = {renderer: [] for renderer in RENDERERS}
            for _ in range(repeats):
                for renderer in RENDERERS:
                    gc.collect()
                    start = time.perf_counter()
                    export(graph, renderer, folder)
                    times[renderer].append(time.perf_counter() - start)
            for renderer in RENDERERS:
                low, middle = min(times[renderer]), statistics.median(times[renderer])
                print(
                    f"{title:<34} {frames:>6} {renderer:>9} {1000 * low:>9.0f} "
                    f"{1000 * middle:>10.0f} {1000 * middle / frames:>9.1f}"
                )
            ratio = statistics.median(times["dot"]) / statistics.median(times["bundled"])
            print(f"{'':<34} in-process is {ratio:.1f}x faster (median)")


if __name__ == "__main__":
    main()
