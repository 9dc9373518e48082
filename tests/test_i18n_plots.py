"""`nn.plots` in Russian: every axis label, legend entry and heading a figure shows.

Figures have no `lang=` (matplotlib draws them later, when shown); they follow the current
language (`autograd.i18n.language`, `set_language`, BACKPROP_LAB_LANG) at the moment of the call.
"""

from __future__ import annotations

import pytest
from english_words import english_words
from matplotlib.figure import Figure
from matplotlib.text import Text

from autograd import Value
from autograd.i18n import language
from nn import MLP, datasets, plots


def shown_texts(figure: Figure) -> str:
    return "\n".join(text.get_text() for text in figure.findobj(Text) if text.get_visible())


@pytest.mark.slow  # six matplotlib figures
def test_every_figure_speaks_russian() -> None:
    points, labels = datasets.moons(20, noise=0.1, seed=1)
    model = MLP(2, [3, 2], seed=0)
    history = {"loss": [0.9, 0.5, 0.3], "accuracy": [0.5, 0.7, 0.9]}

    def bowl(x: Value, y: Value) -> Value:
        return x * x + 3 * y * y

    path = [(1.0, 1.0), (0.5, 0.2), (0.1, 0.0)]
    with language("ru"):
        figures = [
            plots.plot_history(history),
            plots.plot_network(model, points=points, labels=labels),
            plots.plot_network(model, show="grad"),
            plots.plot_gradient_flow([[0.1, 0.01], [0.2, 0.02]]),
            plots.plot_optimizer_paths(bowl, {"SGD": path}, minimum=(0.0, 0.0)),
            plots.plot_decision_boundary(model, points, labels),
        ]
    texts = "\n".join(shown_texts(figure) for figure in figures)
    for word in ("эпоха", "потери", "вход", "выход", "скрытый слой 1", "слой 1"):
        assert word in texts, word
    for word in ("шаг обучения", "старт", "минимум", "рёбра: вес", "рёбра: градиент"):
        assert word in texts, word
    assert english_words(texts, allowed=["SGD"]) == [], texts
    english = shown_texts(plots.plot_history(history))
    assert "epoch" in english and "loss" in english
