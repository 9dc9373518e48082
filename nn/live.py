"""`fit(..., live=True)`: a dashboard in the notebook that follows the training while it runs.

One anywidget (`TrainingDashboard`: one JavaScript module and synced traits, no extension to
install; JupyterLab, Notebook 7, VS Code and Colab alike) shows

- the network by layers: one circle per input and neuron, one line per weight, laid out once by
  Graphviz (`dot`, pinned positions sent to the page); while training only the numbers and
  colours change in the browser: a line's width is |w| and its colour w's sign, the dot on it is
  the weight's gradient (size |∂L/∂w|, colour its sign, a dark rim in a white ring so that it
  shows on a line of its own colour), each neuron writes its bias, and hovering a line gives w
  and ∂L/∂w. Signs are coloured as in every view (`Theme.sign_colour`: blue +, orange −);
- the loss curve, and the text "epoch 120 of 3000 · loss 0.2345";
- for 2-D data, the decision boundary over the data (the model evaluated on a 30 × 30 grid in one
  batched replay, `nn.batched_fit.predict`);
- Pause, Step (one more epoch: one optimizer step in full-batch training) and Resume; clicking a
  neuron (paused or done) opens its scalar graph for the first example at the current weights in
  the lecture player below, steppable node by node.

`fit` sends an update at most every `interval` seconds (0.15: six or seven a second), so the dashboard
costs the training little (README: measured side by side, `benchmarks/bench_live.py`). The
buttons are heard while the cell runs because the dashboard's messages are handled on a kernel
subshell (ipykernel 7), not on the main thread that is busy training. Outside a notebook `live=True` falls back to the
progress bar and says so once.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Sequence
from typing import Any

import anywidget
import traitlets

from autograd import Value
from autograd.i18n import N_, _
from autograd.viz.style import LIGHT, Theme
from nn.network_layout import network_layout

__all__ = ["TrainingDashboard", "dashboard_for", "in_notebook"]

WORDS = {
    "status": N_("epoch {epoch} of {epochs} · loss {loss}"),
    "pause": N_("Pause"),
    "step": N_("Step"),
    "resume": N_("Resume"),
    "paused": N_("paused"),
    "done": N_("done"),
}

_said_outside = False  # "live=True needs a notebook" is said once per process


def sign_palette(theme: Theme) -> dict[str, str]:
    """What the page needs of the theme's sign colours (`Theme.sign_colour`) and the dots' rim."""
    return {
        "positive": theme.sign_colour(1.0),
        "negative": theme.sign_colour(-1.0),
        "zero": theme.sign_colour(0.0),
        "rim": theme.text,
    }


def in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel (where a widget can be shown)."""
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    ipython = shell.get_ipython()
    return ipython is not None and getattr(ipython, "kernel", None) is not None


def dashboard_for(
    model: Any, points: Sequence[Sequence[float]], targets: Sequence[Any], epochs: int
) -> TrainingDashboard | None:
    """A dashboard shown in the notebook, or None (outside one: said once, on stderr)."""
    global _said_outside
    if not in_notebook():
        if not _said_outside:
            print(
                _("fit(live=True): no notebook here, so the progress bar shows the training"),
                file=sys.stderr,
            )
            _said_outside = True
        return None
    from IPython.display import display

    dashboard = TrainingDashboard(model, points, targets, epochs)
    display(dashboard)  # type: ignore[no-untyped-call]
    return dashboard


class TrainingDashboard(anywidget.AnyWidget):
    """The live training dashboard (module docstring); `fit(..., live=dashboard)` drives it."""

    _esm = r"""
const NS = "http://www.w3.org/2000/svg";
function make(tag, attributes, parent) {
  const element = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (parent) parent.appendChild(element);
  return element;
}
function format(x) {
  if (!isFinite(x)) return String(x);
  const text = Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2)
    : String(Number(x.toPrecision(4)));
  return text.replace("-", "\u2212");
}
export default {
  render({ model, el }) {
    const words = model.get("words");
    el.classList.add("backprop-lab-live");
    el.innerHTML = `<div class="top"><span class="status loss-text"></span>
      <button class="pause"></button><button class="step"></button><button class="resume"></button></div>
      <div class="panes"><svg class="network"></svg>
      <div class="side"><svg class="curve" viewBox="0 0 320 150"></svg><canvas class="boundary" width="300" height="300"></canvas></div></div>
      <div class="neuron-note"></div><iframe class="neuron-graph" hidden title="neuron"></iframe>`;
    const status = el.querySelector(".status");
    const buttons = { pause: el.querySelector(".pause"), step: el.querySelector(".step"),
                      resume: el.querySelector(".resume") };
    for (const [name, button] of Object.entries(buttons)) {
      button.textContent = words[name];
      button.addEventListener("click", () => {
        model.set("command", name + " " + Date.now());
        model.save_changes();
      });
    }
    const layout = JSON.parse(model.get("layout_json"));
    const palette = model.get("palette");  // the one sign convention (autograd/viz/style.py)
    const sign = (x) => (x > 0 ? palette.positive : x < 0 ? palette.negative : palette.zero);
    const svg = el.querySelector(".network");
    svg.setAttribute("viewBox", `-10 -10 ${layout.width + 20} ${layout.height + 20}`);
    const position = {};
    for (const node of layout.nodes) position[node.id] = node;
    const lines = layout.edges.map((edge) => {
      const a = position[edge.from], b = position[edge.to];
      const line = make("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y }, svg);
      const title = make("title", {}, line);
      return { edge, line, title, a, b };
    });
    for (const item of lines) {  // the dots after every line, so no line covers a dot
      const { a, b } = item, at = layout.dot;
      item.marker = make("circle", { cx: a.x + at * (b.x - a.x), cy: a.y + at * (b.y - a.y),
                                     class: "gradient", stroke: palette.rim }, svg);
    }
    const circles = layout.nodes.map((node) => {
      const circle = make("circle", { cx: node.x, cy: node.y, r: node.r, class: node.layer === 0 ? "input" : "neuron" }, svg);
      if (node.layer > 0) {
        circle.addEventListener("click", () => {
          model.set("opened", node.id + " " + Date.now());
          model.save_changes();
        });
      }
      const text = make("text", { x: node.x, y: node.y + 4, "text-anchor": "middle" }, svg);
      if (node.layer === 0) text.textContent = "x" + "\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089"[Number(node.id.slice(1))];
      return { node, circle, text };
    });
    function drawNetwork() {
      const weights = model.get("weights"), grads = model.get("grads");
      if (!weights.length) return;
      const biggest = Math.max(1e-12, ...layout.edges.map((e) => Math.abs(weights[e.weight])));
      const steepest = Math.max(1e-12, ...layout.edges.map((e) => Math.abs(grads[e.weight])));
      for (const { edge, line, title, marker } of lines) {
        const w = weights[edge.weight], g = grads[edge.weight];
        line.setAttribute("stroke", sign(w));
        line.setAttribute("stroke-width", String(0.6 + 5 * Math.abs(w) / biggest));
        title.textContent = `w = ${format(w)}, \u2202L/\u2202w = ${format(g)}`;
        marker.setAttribute("r", String(2.5 + 4.5 * Math.sqrt(Math.abs(g) / steepest)));
        marker.setAttribute("fill", sign(g));
      }
      for (const { node, text } of circles) {
        if (node.bias !== null) text.textContent = format(weights[node.bias]);
      }
    }
    const curve = el.querySelector(".curve");
    function drawCurve() {
      const losses = model.get("losses");
      curve.textContent = "";
      if (losses.length < 1) return;
      const positive = losses.every((v) => v > 0);
      const ys = losses.map((v) => (positive ? Math.log10(v) : v));
      const low = Math.min(...ys), high = Math.max(...ys), span = Math.max(high - low, 1e-12);
      const total = Math.max(model.get("epochs"), losses.length);
      const points = ys.map((y, i) => `${30 + 280 * (i + 1) / total},${10 + 120 * (1 - (y - low) / span)}`);
      make("polyline", { points: points.join(" "), fill: "none", stroke: palette.positive, "stroke-width": 2 }, curve);
      make("line", { x1: 30, y1: 130, x2: 310, y2: 130, stroke: "#888" }, curve);
      make("line", { x1: 30, y1: 10, x2: 30, y2: 130, stroke: "#888" }, curve);
      const label = make("text", { x: 34, y: 146, class: "axis" }, curve);
      label.textContent = "loss " + format(losses[losses.length - 1]);
    }
    const canvas = el.querySelector(".boundary");
    function drawBoundary() {
      const boundary = model.get("boundary"), scores = model.get("scores");
      if (!boundary.size) { canvas.style.display = "none"; return; }
      if (!scores.length) return;
      const context = canvas.getContext("2d"), n = boundary.size, cell = canvas.width / n;
      const limit = Math.max(1e-12, ...scores.map(Math.abs));
      scores.forEach((score, k) => {
        const i = k % n, j = Math.floor(k / n), strength = Math.min(1, Math.abs(score) / limit);
        context.globalAlpha = 0.15 + 0.5 * strength;
        context.fillStyle = sign(score);
        context.fillRect(i * cell, canvas.height - (j + 1) * cell, cell + 1, cell + 1);
        context.globalAlpha = 1;
      });
      const [x0, x1, y0, y1] = boundary.bounds;
      boundary.points.forEach(([x, y], k) => {
        context.beginPath();
        context.arc((x - x0) / (x1 - x0) * canvas.width, canvas.height - (y - y0) / (y1 - y0) * canvas.height, 3.5, 0, 2 * Math.PI);
        context.fillStyle = sign(boundary.labels[k]);
        context.fill();
        context.strokeStyle = "#000"; context.lineWidth = 0.6; context.stroke();
      });
    }
    function drawStatus() {
      const losses = model.get("losses"), state = model.get("state");
      const loss = losses.length ? format(losses[losses.length - 1]) : "\u2014";
      let text = words.status.replace("{epoch}", model.get("epoch")).replace("{epochs}", model.get("epochs")).replace("{loss}", loss);
      if (state !== "running") text += " \u00b7 " + words[state];
      status.textContent = text;
      buttons.pause.disabled = state !== "running";
      buttons.step.disabled = buttons.resume.disabled = state !== "paused";
    }
    function redraw() { drawNetwork(); drawCurve(); drawBoundary(); drawStatus(); }
    const note = el.querySelector(".neuron-note"), frame = el.querySelector(".neuron-graph");
    function showNeuron() {
      const page = model.get("neuron_page");
      note.textContent = model.get("neuron_note");
      frame.hidden = page === "";
      if (page !== "") frame.srcdoc = page;
    }
    model.on("change:neuron_page", showNeuron);
    model.on("change:neuron_note", showNeuron);
    model.on("change:epoch", redraw);
    model.on("change:state", drawStatus);
    redraw();
  },
};
"""
    _css = r"""
.backprop-lab-live { font-family: "DejaVu Sans", Arial, sans-serif; color: var(--jp-ui-font-color1, #111); }
.backprop-lab-live .top { display: flex; gap: 0.6rem; align-items: center; margin-bottom: 0.4rem; }
.backprop-lab-live .status { font-size: 1.15rem; font-variant-numeric: tabular-nums; min-width: 24em; }
.backprop-lab-live button { font: inherit; padding: 0.1rem 0.8rem; cursor: pointer; }
.backprop-lab-live .panes { display: flex; gap: 1rem; align-items: flex-start; }
.backprop-lab-live .network { flex: 3; max-height: 460px; min-width: 0; }
.backprop-lab-live .network circle.neuron, .backprop-lab-live .network circle.input { fill: #f4f0ff; stroke: #404040; }
.backprop-lab-live .network circle.input { fill: #eef5ff; }
.backprop-lab-live .network text { font-size: 11px; fill: #111; }
.backprop-lab-live .network circle.gradient { stroke-width: 1; paint-order: stroke; filter: drop-shadow(0 0 1.2px #ffffff) drop-shadow(0 0 1.2px #ffffff); }
.backprop-lab-live .side { flex: 2; display: flex; flex-direction: column; gap: 0.5rem; }
.backprop-lab-live .curve { width: 100%; max-width: 420px; background: #fff; }
.backprop-lab-live .curve .axis { font-size: 12px; fill: #333; }
.backprop-lab-live .boundary { width: 300px; height: 300px; border: 1px solid #888; }
.backprop-lab-live .network circle.neuron { cursor: pointer; }
.backprop-lab-live .neuron-graph { width: 100%; height: 560px; border: 1px solid #888; }
"""
    layout_json = traitlets.Unicode("{}").tag(sync=True)
    # (lists of plain floats, unchecked: validating every element costs each update)
    weights: traitlets.List[float] = traitlets.List().tag(sync=True)
    grads: traitlets.List[float] = traitlets.List().tag(sync=True)
    losses: traitlets.List[float] = traitlets.List().tag(sync=True)
    scores: traitlets.List[float] = traitlets.List().tag(sync=True)  # the model on the grid
    epoch = traitlets.Int(0).tag(sync=True)
    epochs = traitlets.Int(0).tag(sync=True)
    boundary = traitlets.Dict().tag(sync=True)
    state = traitlets.Unicode("running").tag(sync=True)
    command = traitlets.Unicode("").tag(sync=True)
    opened = traitlets.Unicode("").tag(sync=True)  # a clicked neuron: "n2_0 <time>"
    neuron_page = traitlets.Unicode("").tag(sync=True)  # its scalar graph's player
    neuron_note = traitlets.Unicode("").tag(sync=True)
    words = traitlets.Dict().tag(sync=True)
    palette = traitlets.Dict().tag(sync=True)  # the sign colours: LIGHT.sign_colour's

    def __init__(
        self,
        model: Any,
        points: Sequence[Sequence[float]],
        targets: Sequence[Any],
        epochs: int,
        *,
        interval: float = 0.15,
    ) -> None:
        super().__init__()
        self.model, self.points, self.targets = model, points, targets
        self.interval = interval
        self.updates = 0  # how many times the page was sent new numbers
        self._last = -math.inf
        self._steps_left = 0
        self._grid: list[list[float]] = []
        self.words = {key: _(text) for key, text in WORDS.items()}
        self.palette = sign_palette(LIGHT)
        self.layout_json = _json(network_layout(model))
        self.epochs = epochs
        self.observe(self._on_command, names="command")
        self.observe(self._on_opened, names="opened")
        self.buttons_live = False
        if in_notebook():
            self._listen_while_busy()
        if points and len(points[0]) == 2:
            self._grid, bounds = _grid(points, 30)
            labels = [1.0 if float(t) > 0 else -1.0 for t in targets]
            self.boundary = {
                "size": 30,
                "bounds": bounds,
                "points": [list(map(float, p)) for p in points],
                "labels": labels,
            }

    def _on_opened(self, change: dict[str, Any]) -> None:
        """A neuron was clicked: its scalar graph for the first example at the current weights,
        steppable as in the player (while the training is paused or done)."""
        if self.state == "running":
            self.neuron_note = _("pause the training to open a neuron")
            return
        name = str(change["new"]).split(" ")[0]  # "n2_0": layer 2, neuron 0
        depth, j = (int(part) for part in name[1:].split("_"))
        from autograd import Value
        from autograd.lecture.player import player_html

        layers = list(self.model.layers)
        values: list[Value] = [
            Value(float(x), label=f"x{k + 1}") for k, x in enumerate(self.points[0])
        ]
        for number, layer in enumerate(layers[: depth - 1], start=1):  # what the neuron sees
            out = layer(values)
            values = [
                Value(v.data, label=f"a{_subscript(k + 1)}⁽{_superscript(number)}⁾")
                for k, v in enumerate(out if isinstance(out, list) else [out])
            ]
        neuron = layers[depth - 1].neurons[j]
        self.neuron_note = ""
        self.neuron_page = player_html(neuron(values), embedded_id=f"neuron-{name}")

    def _on_command(self, change: dict[str, Any]) -> None:
        name = str(change["new"]).split(" ")[0]
        if name == "pause" and self.state == "running":
            self.state = "paused"
        elif name == "resume" and self.state == "paused":
            self.state = "running"
        elif name == "step" and self.state == "paused":
            self._steps_left += 1

    def after_epoch(self, epoch: int, losses: Sequence[float], *, last: bool = False) -> None:
        """Called by `fit` after each epoch: an update when `interval` has passed (or at the end,
        or when paused), then, while paused, wait for Step (one more epoch) or Resume."""
        now = time.perf_counter()
        if last or self.state == "paused" or now - self._last >= self.interval:
            self._last = now
            self.send(epoch, losses, done=last)
        while self.state == "paused":  # the buttons are handled on the subshell's thread
            if self._steps_left:
                self._steps_left -= 1
                return
            time.sleep(0.05)

    def send(self, epoch: int, losses: Sequence[float], *, done: bool = False) -> None:
        """The current weights, gradients, loss curve and boundary to the page."""
        parameters: list[Value] = self.model.parameters()
        with self.hold_sync():
            self.weights = [p.data for p in parameters]
            self.grads = [p.grad for p in parameters]
            self.losses = list(losses)
            if self._grid:
                from nn.batched_fit import predict

                self.scores = [row[0] for row in predict(self.model, self._grid)]
            if done:
                self.state = "done"
            self.epoch = epoch
        self.updates += 1

    def _listen_while_busy(self) -> None:
        """Have the page's messages to this widget handled while the cell is still running.

        The kernel's main thread is busy training, so the buttons' messages would wait until the
        cell ends. ipykernel 7 can run a *subshell* (its own thread) and route a comm's messages
        to one: the dashboard asks for a subshell and routes its own comm there. With an older
        kernel the buttons act once the cell is done (said in `buttons_live`).
        """
        try:
            from ipykernel.kernelbase import Kernel

            kernel = Kernel.instance()
            manager = kernel.shell_channel_thread.manager
            socket = manager.control_to_shell_channel.from_socket
            socket.send_json({"type": "create"})
            reply = socket.recv_json()
            subshell = reply["subshell_id"]
            # every message from the page to this widget goes to that subshell's thread
            self.comm._reply_subshell_for = lambda data, default: subshell
            self.buttons_live = True
        except Exception:  # any kernel without subshells: the buttons act once the cell ends
            self.buttons_live = False


def _subscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _superscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _grid(points: Sequence[Sequence[float]], size: int) -> tuple[list[list[float]], list[float]]:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    pad_x, pad_y = 0.15 * (x1 - x0 or 1.0), 0.15 * (y1 - y0 or 1.0)
    x0, x1, y0, y1 = x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y
    grid = [
        [x0 + (x1 - x0) * (i + 0.5) / size, y0 + (y1 - y0) * (j + 0.5) / size]
        for j in range(size)
        for i in range(size)
    ]
    return grid, [x0, x1, y0, y1]


def _json(data: object) -> str:
    import json

    return json.dumps(data)
