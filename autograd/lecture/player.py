"""`export_html(root, path)`: the lecture player, one self-contained HTML file to project.

The file holds one inline SVG picture per frame (rendered by Graphviz's `dot`):
first the forward pass node by node, then the backward pass node by node, each
with its caption in large type (the chain rule in words with numbers, from
`autograd.lecture.steps`). Previous/Next buttons, the arrow keys (and PageUp/PageDown,
which presentation clickers send), Home/End and a frame counter move through
it. Everything is inside the one file: no network, no CDN, no web fonts, no
external scripts, so it works offline from a USB stick.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from autograd.graph import topological_order
from autograd.lecture.steps import Frame, stepping_frames
from autograd.value import Value
from autograd.viz.diagram import draw

__all__ = ["export_html", "player_html"]

_PHASE_TITLES = {"forward": "Forward pass", "backward": "Backward pass"}


def export_html(
    root: Value, path: str | Path, *, title: str | None = None, max_frames: int = 400
) -> Path:
    """Write the step-by-step player of `root`'s graph to `path`; return the path.

    Runs the backward pass step by step (so afterwards `.grad` is exactly what
    `root.backward()` gives). Each frame is rendered by `dot`; a graph with more than
    `max_frames` frames is refused (step through a smaller graph: one frame per node).
    """
    target = Path(path)
    target.write_text(player_html(root, title=title, max_frames=max_frames), encoding="utf-8")
    return target


def player_html(root: Value, *, title: str | None = None, max_frames: int = 400) -> str:
    """The HTML text that `export_html` writes."""
    operation_count = sum(1 for node in topological_order(root) if node.inputs)
    frame_count = 1 + 2 * operation_count
    if frame_count > max_frames:
        raise ValueError(
            f"export_html: the graph needs {frame_count} frames, more than max_frames={max_frames}"
        )
    frames = stepping_frames(root, forward_steps_too=True)
    heading = title if title is not None else "Backpropagation, step by step"
    sections = "\n".join(_section(root, frame, index) for index, frame in enumerate(frames))
    parts = {"title": html.escape(heading), "frame_count": str(len(frames)), "sections": sections}
    # One pass, so text that came from labels is never scanned for placeholders again.
    return re.sub(r"\{(title|frame_count|sections)\}", lambda match: parts[match.group(1)], _PAGE)


def _section(root: Value, frame: Frame, index: int) -> str:
    """One frame: its picture and its caption, hidden except for the first."""
    svg = _inline_svg(root, frame, index)
    lines = "".join(f"<div>{html.escape(line)}</div>" for line in frame.caption.splitlines())
    hidden = "" if index == 0 else " hidden"
    return (
        f'<section class="frame" data-phase="{frame.phase}" '
        f'data-phase-title="{_PHASE_TITLES[frame.phase]}"{hidden}>\n'
        f'<div class="graph">{svg}</div>\n<div class="caption">{lines}</div>\n</section>'
    )


def _inline_svg(root: Value, frame: Frame, index: int) -> str:
    """The frame drawn by `dot`, trimmed to an `<svg>` element that scales to its box.

    The XML prolog and DOCTYPE go (an HTML page does not want them), as do the fixed
    width/height (CSS sizes it; the viewBox keeps the proportions) and the xmlns
    declarations (inline SVG in HTML needs none). Element ids get a per-frame prefix so
    they stay unique in the page, and the current node's groups get the class "current".
    """
    drawing = draw(
        root,
        highlight=frame.highlight,
        shown_grads=frame.shown_grads,
        shown_data=frame.shown_data,
        highlighted_edges=frame.highlighted_edges,
    )
    svg: str = drawing.pipe(format="svg", encoding="utf-8")
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<svg\b[^>]*?>", lambda tag: _trim_svg_tag(tag.group(0)), svg, count=1)
    svg = svg.replace(' id="', f' id="frame{index}-')
    if frame.highlight is not None:
        position = topological_order(root).index(frame.highlight)
        for dot_id in (f"v{position}", f"op{position}"):
            svg = re.sub(
                rf'class="node">(\s*<title>{dot_id}</title>)',
                r'class="node current">\1',
                svg,
                count=1,
            )
    return svg


def _trim_svg_tag(tag: str) -> str:
    tag = re.sub(r'\s(width|height|xmlns(:xlink)?)="[^"]*"', "", tag)
    return tag.replace("<svg", '<svg preserveAspectRatio="xMidYMid meet" role="img"', 1)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  html, body { margin: 0; height: 100%; background: #ffffff; color: #111111;
    font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
  body { display: flex; flex-direction: column; }
  header { display: flex; align-items: center; gap: 1rem; padding: 0.5rem 1.2rem;
    border-bottom: 2px solid #dddddd; }
  h1 { flex: 1; margin: 0; font-size: clamp(1.1rem, 2vw, 1.8rem); font-weight: 600; }
  #phase { font-size: clamp(1rem, 1.6vw, 1.5rem); padding: 0.2rem 0.9rem; border-radius: 1rem;
    background: #e3ecfb; }
  #phase.backward { background: #fde3cf; }
  main { flex: 1; min-height: 0; display: flex; flex-direction: column; }
  section.frame { flex: 1; min-height: 0; display: flex; flex-direction: column; }
  section.frame[hidden] { display: none; }
  .graph { flex: 1; min-height: 0; padding: 0.5rem 1rem; }
  .graph svg { display: block; width: 100%; height: 100%; }
  .caption { padding: 0.6rem 1.5rem; border-top: 2px solid #dddddd; background: #f7f7f7;
    font-size: clamp(1.3rem, 2.6vw, 2.6rem); line-height: 1.35; min-height: 2.8em; }
  .caption div:first-child { font-weight: 600; }
  nav { display: flex; justify-content: center; align-items: center; gap: 1.5rem;
    padding: 0.5rem; }
  button { font: inherit; font-size: clamp(1.1rem, 1.8vw, 1.6rem); padding: 0.3rem 1.4rem;
    border: 2px solid #444444; border-radius: 0.5rem; background: #ffffff; cursor: pointer; }
  button:disabled { opacity: 0.35; cursor: default; }
  #counter { font-size: clamp(1.1rem, 1.8vw, 1.6rem); min-width: 6em; text-align: center;
    font-variant-numeric: tabular-nums; }
  .hint { color: #777777; font-size: 1rem; }
</style>
</head>
<body>
<header><h1>{title}</h1><span id="phase">Forward pass</span></header>
<main>
{sections}
</main>
<nav>
  <button id="previous" type="button">&#9664; Previous</button>
  <span id="counter">1 / {frame_count}</span>
  <button id="next" type="button">Next &#9654;</button>
  <span class="hint">&#8592; &#8594; keys</span>
</nav>
<script>
(function () {
  "use strict";
  var frames = Array.prototype.slice.call(document.querySelectorAll("section.frame"));
  var previous = document.getElementById("previous");
  var next = document.getElementById("next");
  var counter = document.getElementById("counter");
  var phase = document.getElementById("phase");
  var current = 0;
  function show(index) {
    current = Math.max(0, Math.min(frames.length - 1, index));
    frames.forEach(function (frame, i) { frame.hidden = i !== current; });
    counter.textContent = (current + 1) + " / " + frames.length;
    previous.disabled = current === 0;
    next.disabled = current === frames.length - 1;
    phase.textContent = frames[current].getAttribute("data-phase-title");
    phase.className = frames[current].getAttribute("data-phase");
  }
  previous.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });
  document.addEventListener("keydown", function (event) {
    var moves = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
    if (event.key in moves) { show(current + moves[event.key]); }
    else if (event.key === "Home") { show(0); }
    else if (event.key === "End") { show(frames.length - 1); }
    else { return; }
    event.preventDefault();
  });
  show(0);
}());
</script>
</body>
</html>
"""
