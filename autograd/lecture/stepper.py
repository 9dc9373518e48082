"""`Stepper(root)`: step through backpropagation in Jupyter with a slider and Previous/Next buttons.

Frame 0 is the graph after the forward pass (every value, no gradient yet); each
further frame is one node's backward step: that node highlighted, the edges
walked so far coloured, the gradients not yet computed left blank, and under the
picture the chain rule in words with numbers ("∂f/∂x = ∂f/∂q · ∂q/∂x = -4 · 1 = -4").
ipywidgets is imported only when a `Stepper` is made, so `import autograd` never
needs it. Display a stepper by making it the last expression of a cell.
"""

from __future__ import annotations

import html
from typing import Any

from autograd.lecture.steps import Frame, stepping_frames
from autograd.value import Value
from autograd.viz.diagram import draw

__all__ = ["Stepper"]


class Stepper:
    """A Jupyter widget that walks the backward pass of `root` one node per step.

    Making it runs the backward pass (exactly as `root.backward()` would: the graph's
    `.grad` values are filled in). `slider`, `previous_button`, `next_button`,
    `caption` and `drawing` are the ipywidgets it is built from; `widget` is the box
    that holds them. `rankdir` is passed to `autograd.draw` ("LR" or "TB", ...).
    """

    def __init__(self, root: Value, *, rankdir: str = "LR") -> None:
        import ipywidgets  # optional dependency: only a Stepper needs it

        self.root = root
        self.rankdir = rankdir
        self.frames: list[Frame] = stepping_frames(root)
        self._pictures: dict[int, str] = {}
        last = len(self.frames) - 1
        self.slider: Any = ipywidgets.IntSlider(
            value=0, min=0, max=last, description="step", continuous_update=True
        )
        self.previous_button: Any = ipywidgets.Button(description="Previous", icon="arrow-left")
        self.next_button: Any = ipywidgets.Button(description="Next", icon="arrow-right")
        self.caption: Any = ipywidgets.HTML()
        self.drawing: Any = ipywidgets.HTML()
        self.previous_button.on_click(lambda _button: self.go_to(self.slider.value - 1))
        self.next_button.on_click(lambda _button: self.go_to(self.slider.value + 1))
        self.slider.observe(lambda change: self._show(change["new"]), names="value")
        controls = ipywidgets.HBox([self.previous_button, self.slider, self.next_button])
        self.widget: Any = ipywidgets.VBox([controls, self.drawing, self.caption])
        self._show(0)

    @property
    def step(self) -> int:
        """The frame shown now: 0 is the forward state, k the k-th backward step."""
        value: int = self.slider.value
        return value

    def go_to(self, step: int) -> None:
        """Show frame `step` (clamped to the first and the last frame)."""
        self.slider.value = max(0, min(step, len(self.frames) - 1))

    def graph(self, step: int | None = None) -> Any:
        """The drawing of frame `step` (default: the one shown) as a `graphviz.Digraph`."""
        frame = self.frames[self.step if step is None else step]
        return draw(
            self.root,
            rankdir=self.rankdir,
            highlight=frame.highlight,
            shown_grads=frame.shown_grads,
            shown_data=frame.shown_data,
            highlighted_edges=frame.highlighted_edges,
        )

    def _picture(self, step: int) -> str:
        """Frame `step` as inline SVG (rendered once, then cached); without `dot`, its DOT text."""
        if step not in self._pictures:
            from autograd.viz.render import INSTALL_HINT, GraphvizNotFoundError

            drawing = self.graph(step)
            try:
                svg: str = drawing.pipe(format="svg", encoding="utf-8")
                self._pictures[step] = svg[svg.index("<svg") :]
            except GraphvizNotFoundError:
                self._pictures[step] = (
                    f"<p>{html.escape(INSTALL_HINT)}</p><pre>{html.escape(drawing.source)}</pre>"
                )
        return self._pictures[step]

    def _show(self, step: int) -> None:
        frame = self.frames[step]
        self.drawing.value = self._picture(step)
        lines = "".join(f"<div>{html.escape(line)}</div>" for line in frame.caption.splitlines())
        phase = "Forward pass" if frame.phase == "forward" else "Backward pass"
        self.caption.value = (
            f'<div style="font-size: 1.3em; line-height: 1.45">'
            f"<b>{phase}, frame {step} of {len(self.frames) - 1}</b>{lines}</div>"
        )
        self.previous_button.disabled = step == 0
        self.next_button.disabled = step == len(self.frames) - 1

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Jupyter shows the widget box."""
        return self.widget._repr_mimebundle_(**kwargs)
