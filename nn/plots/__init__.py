"""Training pictures: decision boundaries, loss curves, network diagrams, gradient flow, optimizer paths.

Every function draws with matplotlib and returns the `matplotlib.figure.Figure` it drew on
(pass `ax=` to draw into an axes of your own figure instead). Figures are made with
`matplotlib.figure.Figure`, not `pyplot`, so nothing here needs a display, opens a window or
calls `plt.show()`; save a figure with `fig.savefig("picture.png")`. matplotlib is imported only
by this package (users import `nn.plots` explicitly), so the engine and `nn` never need it.
One module per figure family: `decision_boundary` (decision regions and the training history),
`network` (the TensorFlow-Playground diagram), `gradient_flow` (mean |∂L/∂w| per layer over
training), `optimizer_paths` (optimizers walking a 2-D loss surface); `common` holds the colours
and helpers they share. Models are anything callable on a list of two numbers that returns a
`Value` (a score: the positive class where it is > 0) or a list of `Value`s (one score per
class: the class with the largest score wins). Grid pictures evaluate the model through the
engine itself (a 40 x 40 grid of a 2-16-16-1 MLP takes about 0.2 s), so what you see is exactly
what the model computes.
"""

from nn.plots.common import NEGATIVE_COLOR, POSITIVE_COLOR
from nn.plots.decision_boundary import plot_decision_boundary, plot_history
from nn.plots.gradient_flow import layer_gradient_means, plot_gradient_flow
from nn.plots.network import plot_network
from nn.plots.optimizer_paths import optimizer_trajectory, plot_optimizer_paths

__all__ = [
    "NEGATIVE_COLOR",
    "POSITIVE_COLOR",
    "layer_gradient_means",
    "optimizer_trajectory",
    "plot_decision_boundary",
    "plot_gradient_flow",
    "plot_history",
    "plot_network",
    "plot_optimizer_paths",
]
