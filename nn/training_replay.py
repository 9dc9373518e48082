"""`export_training(history, "training.html")`: a recorded training, replayed epoch by epoch.

Train with `fit(..., record=True)` (or `record_every=k`), then write one self-contained page, like
the lecture player: a scrubber and the keys (←/→, Home/End, Space plays) walk through the recorded
epochs, and each shows

- the network as the collapsed drawing (`autograd.draw(..., collapse=True)` of the loss on the
  first example): every weight and bias with its value and the gradient of that epoch's last
  step, laid out once by Graphviz and pinned, so no box moves from one epoch to the next;
- the loss curve, with a marker at the epoch;
- for 2-D data, the decision boundary at that epoch (`nn.plots.plot_decision_boundary`).

Every picture is made at export time: the page needs no kernel and no network. Exporting sets
the model's parameters to each snapshot in turn and puts every value and gradient back after.
`export_training_gif` writes the same epochs as a looping GIF, for slides.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograd import Value, draw
from autograd.i18n import N_, _, language
from autograd.lecture.layout import layout_from_json, pin
from autograd.lecture.page_theme import page_css
from autograd.viz.render import render_dot
from autograd.viz.style import THEMES
from nn.network_layout import layered_dot, network_layout
from nn.train import History, Recording, Snapshot

__all__ = ["export_training", "export_training_gif"]

WORDS = {
    "title": N_("Training, epoch by epoch"),
    "epoch": N_("Epoch {epoch} of {last}"),
    "loss": N_("loss {loss}"),
    "accuracy": N_("accuracy {accuracy}"),
    "play": N_("Play"),
    "pause": N_("Pause"),
    "keys": N_("← / → one epoch · Home / End · Space plays"),
    "network": N_(
        "the network on the first example: each weight with its value and the gradient of the "
        "epoch's last step"
    ),
    "layers": N_(
        "each line a weight (width |w|), its dot the gradient of the epoch's last step (size "
        "|∂L/∂w|), both blue + and orange −, each neuron its bias; hover a line for its numbers"
    ),
}


@dataclass(frozen=True)
class _Epoch:
    """The pictures of one recorded epoch."""

    snapshot: Snapshot
    dot: str  # the network's DOT, pinned to the shared layout
    boundary_png: bytes | None


def _recording(history: History, where: str) -> Recording:
    if not isinstance(history, History):
        raise TypeError(f"{where}: expected the History that nn.fit returns, got {history!r}")
    if history.recorded is None or not history.snapshots:
        raise ValueError(
            f"{where}: this history has no recorded epochs: train with "
            "nn.fit(..., record=True) or record_every=k"
        )
    return history.recorded


@contextmanager
def _parameters_at(model: Any) -> Iterator[Any]:
    """Yield a function that sets the model to a snapshot; every value and gradient is restored."""
    parameters: list[Value] = model.parameters()
    saved = [(p.data, p.grad) for p in parameters]

    def set_to(snapshot: Snapshot) -> None:
        for p, data, grad in zip(parameters, snapshot.parameters, snapshot.grads):
            p.data, p.grad = data, grad

    try:
        yield set_to
    finally:
        for p, (data, grad) in zip(parameters, saved):
            p.data, p.grad = data, grad


def _network_dot(recorded: Recording, theme: str) -> str:
    """The collapsed drawing of the loss on the first example, at the model's current parameters,
    with each parameter's gradient (the training step's) shown and no other."""
    output = recorded.model(recorded.points[0])
    root = recorded.loss(output, recorded.targets[0])
    shown = {p: p.grad for p in recorded.model.parameters()}
    picture = draw(root, collapse=True, shown_grads=shown, theme=theme)  # type: ignore[arg-type]
    source: str = picture.source
    return source


def _boundary_png(recorded: Recording, epoch: int, title: str) -> bytes | None:
    """The decision boundary at the model's current parameters (2-D points only)."""
    if not recorded.points or len(recorded.points[0]) != 2:
        return None
    from nn.plots import plot_decision_boundary

    figure = plot_decision_boundary(
        recorded.model, recorded.points, recorded.targets, resolution=40, title=title
    )
    figure.set_size_inches(4.6, 4.2)
    figure.set_layout_engine("none")  # one fixed frame for every epoch (and half the time)
    figure.axes[0].set_position((0.14, 0.12, 0.82, 0.8))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    return buffer.getvalue()


# Above this many parameters the collapsed drawing (a table per neuron, a row per weight) is too
# small to read on a page: the network is drawn by layers instead (nn/network_layout.py).
LAYERED_ABOVE = 60


def _layered(model: Any) -> bool:
    return len(model.parameters()) > LAYERED_ABOVE and hasattr(model, "layers")


def _epochs(history: History, theme: str, boundary: bool = True) -> list[_Epoch]:
    """Every recorded epoch's pictures, the network drawings pinned to one layout."""
    recorded = _recording(history, "export_training")
    sources: list[tuple[Snapshot, str, bytes | None]] = []
    layered = _layered(recorded.model)
    with _parameters_at(recorded.model) as set_to:
        last = history.snapshots[-1].epoch
        for snapshot in history.snapshots:
            set_to(snapshot)
            title = _("Epoch {epoch} of {last}").format(epoch=snapshot.epoch, last=last)
            png = _boundary_png(recorded, snapshot.epoch, title) if boundary else None
            dot = "" if layered else _network_dot(recorded, theme)
            sources.append((snapshot, dot, png))
    if layered:  # laid out once by Graphviz; each epoch only changes widths, colours, numbers
        shape = network_layout(recorded.model)
        return [
            _Epoch(s, layered_dot(shape, s.parameters, s.grads, THEMES[theme]), png)
            for s, _dot, png in sources
        ]
    # Laid out once, on the drawing with the most text (the widest numbers), then pinned.
    widest = max((dot for _s, dot, _p in sources), key=len)
    layout = layout_from_json(render_dot(widest, "json").decode("utf-8"))
    return [_Epoch(s, pin(dot, layout, {}), png) for s, dot, png in sources]


def _inline_svg(dot: str) -> str:
    """The pinned drawing as an <svg> element that scales to its box."""
    svg = render_dot(dot, "svg", engine="nop2").decode("utf-8")
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    return re.sub(
        r"<svg\b[^>]*?>",
        lambda tag: re.sub(r'\s(width|height)="[^"]*"', "", tag.group(0)).replace(
            "<svg", '<svg preserveAspectRatio="xMidYMid meet" role="img"', 1
        ),
        svg,
        count=1,
    )


def _loss_curve(history: History, epochs: Sequence[int]) -> tuple[bytes, list[list[float]]]:
    """The loss per epoch as a PNG, and where each recorded epoch is on it (x%, y% from the
    top left), for the page's marker."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(5.6, 2.6), dpi=100)
    axes = figure.add_axes((0.16, 0.2, 0.8, 0.72))
    numbers = list(range(1, len(history.loss) + 1))
    axes.plot(numbers, history.loss, color="#1f5fbf", linewidth=2)
    if all(value > 0 for value in history.loss):
        axes.set_yscale("log")
    axes.set_xlabel(_("epoch"))
    axes.set_ylabel(_("loss"))
    axes.grid(True, alpha=0.3)
    figure.canvas.draw()
    width, height = figure.bbox.width, figure.bbox.height
    places = []
    for epoch in epochs:
        x, y = axes.transData.transform((epoch, history.loss[epoch - 1]))
        places.append([100 * x / width, 100 * (1 - y / height)])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue(), places


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def export_training(
    history: History,
    path: str | Path,
    *,
    title: str | None = None,
    lang: str | None = None,
    theme: str = "light",
) -> Path:
    """Write the replay of a recorded training (`fit(..., record=True)`) to `path`; return it.

    One self-contained HTML file: per recorded epoch the network's weights and gradients, the
    loss curve with a marker and, for 2-D data, the decision boundary (module docstring).
    Changes no parameter and no gradient.
    """
    if theme not in ("light", "dark"):
        raise ValueError(f"export_training: theme must be 'light' or 'dark', got {theme!r}")
    target = Path(path)
    with language(lang) as chosen:
        epochs = _epochs(history, theme)
        curve, places = _loss_curve(history, [e.snapshot.epoch for e in epochs])
        words = {key: _(text) for key, text in WORDS.items()}
        data = {
            "words": words,
            "curve": _data_uri(curve),
            "epochs": [
                {
                    "epoch": e.snapshot.epoch,
                    "loss": format(e.snapshot.loss, ".4g"),
                    "accuracy": (
                        None if e.snapshot.accuracy is None else f"{e.snapshot.accuracy:.0%}"
                    ),
                    "svg": _inline_svg(e.dot),
                    "boundary": None if e.boundary_png is None else _data_uri(e.boundary_png),
                    "marker": place,
                }
                for e, place in zip(epochs, places)
            ],
            "last": history.snapshots[-1].epoch,
        }
        heading = title if title is not None else words["title"]
        parts = {
            "lang": html.escape(chosen),
            "title": html.escape(heading),
            "theme_css": page_css(theme),
            "data": _script_json(data),
            "play": html.escape(words["play"]),
            "keys": html.escape(words["keys"]),
            "network": html.escape(
                words[
                    "layers"
                    if _layered(_recording(history, "export_training").model)
                    else "network"
                ]
            ),
            "count": str(len(epochs) - 1),
        }
    page = re.sub(r"\{\{(\w+)\}\}", lambda match: parts[match.group(1)], _PAGE)
    target.write_text(page, encoding="utf-8")
    return target


def export_training_gif(
    history: History,
    path: str | Path,
    *,
    seconds_per_frame: float = 0.4,
    lang: str | None = None,
    theme: str = "light",
) -> Path:
    """Write the recorded epochs as a looping GIF (network, loss curve with marker, boundary)."""
    from PIL import Image, ImageDraw

    if not (isinstance(seconds_per_frame, (int, float)) and seconds_per_frame > 0):
        raise ValueError(
            f"export_training_gif: seconds_per_frame must be > 0, got {seconds_per_frame!r}"
        )
    target = Path(path)
    with language(lang):
        epochs = _epochs(history, theme)
        curve_png, places = _loss_curve(history, [e.snapshot.epoch for e in epochs])
    curve = Image.open(io.BytesIO(curve_png)).convert("RGB")
    frames = []
    for epoch, (x, y) in zip(epochs, places):
        png = render_dot(epoch.dot, "png", engine="nop2", dpi=72)
        network = Image.open(io.BytesIO(png)).convert("RGB")
        marked = curve.copy()
        mx, my = x * marked.width / 100, y * marked.height / 100
        ImageDraw.Draw(marked).ellipse((mx - 7, my - 7, mx + 7, my + 7), fill="#d62728")
        right = [marked]
        if epoch.boundary_png is not None:
            right.append(Image.open(io.BytesIO(epoch.boundary_png)).convert("RGB"))
        right_width = max(image.width for image in right)
        right_height = sum(image.height for image in right)
        width = network.width + right_width
        height = max(network.height, right_height)
        frame = Image.new("RGB", (width, height), "white")
        frame.paste(network, (0, (height - network.height) // 2))
        top = 0
        for image in right:
            frame.paste(image, (network.width, top))
            top += image.height
        frames.append(frame)
    frames[0].save(
        target,
        save_all=True,
        append_images=frames[1:],
        duration=int(seconds_per_frame * 1000),
        loop=0,
    )
    return target


def _script_json(data: object) -> str:
    """JSON safe inside a <script> element (no "<", ">", "&", U+2028, U+2029)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    for character in "<>&\u2028\u2029":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return text


_PAGE = """<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>
{{theme_css}}
  html, body { margin: 0; height: 100%; background: var(--background); color: var(--text);
    font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
  body { display: flex; flex-direction: column; }
  header { display: flex; align-items: center; gap: 1rem; padding: 0.4rem 1.2rem;
    border-bottom: 2px solid var(--rule); }
  h1 { flex: 1; margin: 0; font-size: clamp(1.2rem, 2.2vw, 2.1rem); font-weight: 600; }
  #status { font-size: clamp(1.1rem, 1.8vw, 1.8rem); font-variant-numeric: tabular-nums; }
  main { flex: 1; min-height: 0; display: flex; gap: 1rem; padding: 0.5rem 1rem; }
  #network { flex: 3; min-width: 0; display: flex; flex-direction: column; }
  #network .picture { flex: 1; min-height: 0; }
  #network svg { width: 100%; height: 100%; }
  #network p { margin: 0.2rem 0; color: var(--muted-text); }
  aside { flex: 2; min-width: 0; display: flex; flex-direction: column; gap: 0.6rem;
    align-items: center; }
  .curve { position: relative; width: 100%; max-width: 620px; }
  .curve img, #boundary { width: 100%; display: block; background: #ffffff; }
  #boundary { max-width: 460px; }
  #marker { position: absolute; width: 14px; height: 14px; margin: -7px 0 0 -7px;
    border-radius: 50%; background: #d62728; border: 2px solid #ffffff; }
  nav { display: flex; justify-content: center; align-items: center; gap: 1rem;
    padding: 0.4rem; border-top: 2px solid var(--rule); }
  nav input { width: min(50vw, 900px); accent-color: var(--forward); }
  button { font: inherit; font-size: clamp(1.05rem, 1.6vw, 1.5rem); padding: 0.2rem 1rem;
    border: 2px solid var(--button-border); border-radius: 0.5rem;
    background: var(--button-background); color: var(--text); cursor: pointer; }
  .keys { color: var(--muted-text); }
</style>
</head>
<body>
<header><h1>{{title}}</h1><span id="status" aria-live="polite"></span></header>
<main>
<section id="network"><div class="picture"></div><p>{{network}}</p></section>
<aside>
<div class="curve"><img id="curve" alt=""><div id="marker"></div></div>
<img id="boundary" alt="">
</aside>
</main>
<nav>
<button id="play" type="button">{{play}}</button>
<input id="scrubber" type="range" min="0" max="{{count}}" step="1" value="0" aria-label="epoch">
<span class="keys">{{keys}}</span>
</nav>
<script type="application/json" id="training-data">{{data}}</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("training-data").textContent);
  var epochs = data.epochs, words = data.words, current = 0, timer = null;
  var byId = function (id) { return document.getElementById(id); };
  var scrubber = byId("scrubber"), play = byId("play");
  byId("curve").src = data.curve;
  function fill(template, values) {
    return template.replace(/\\{(\\w+)\\}/g, function (all, name) { return values[name]; });
  }
  function show(index) {
    current = Math.max(0, Math.min(epochs.length - 1, index));
    var epoch = epochs[current];
    document.querySelector("#network .picture").innerHTML = epoch.svg;
    var boundary = byId("boundary");
    boundary.hidden = epoch.boundary === null;
    if (epoch.boundary !== null) { boundary.src = epoch.boundary; }
    byId("marker").style.left = epoch.marker[0] + "%";
    byId("marker").style.top = epoch.marker[1] + "%";
    var text = [fill(words.epoch, { epoch: epoch.epoch, last: data.last }),
                fill(words.loss, { loss: epoch.loss.replace("-", "\\u2212") })];
    if (epoch.accuracy !== null) { text.push(fill(words.accuracy, { accuracy: epoch.accuracy })); }
    byId("status").textContent = text.join(" \\u00b7 ");
    scrubber.value = String(current);
  }
  function stop() { if (timer !== null) { clearInterval(timer); timer = null; } play.textContent = words.play; }
  function start() {
    if (current === epochs.length - 1) { show(0); }
    play.textContent = words.pause;
    timer = setInterval(function () {
      if (current === epochs.length - 1) { stop(); } else { show(current + 1); }
    }, 400);
  }
  play.addEventListener("click", function () { if (timer === null) { start(); } else { stop(); } });
  scrubber.addEventListener("input", function () { stop(); show(parseInt(scrubber.value, 10)); });
  document.addEventListener("keydown", function (event) {
    if (event.target === scrubber || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = event.key;
    if (key === "ArrowRight" || key === "PageDown") { stop(); show(current + 1); }
    else if (key === "ArrowLeft" || key === "PageUp") { stop(); show(current - 1); }
    else if (key === "Home") { stop(); show(0); }
    else if (key === "End") { stop(); show(epochs.length - 1); }
    else if (key === " ") { if (timer === null) { start(); } else { stop(); } }
    else { return; }
    event.preventDefault();
  });
  show(0);
}());
</script>
</body>
</html>
"""
