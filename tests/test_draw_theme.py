"""The projector themes: WCAG contrast of every palette entry, edge widths, the gradient's sign
without colour, and the two signs apart under deuteranopia and protanopia.

Contrast is WCAG 2's (relative luminance of linearised sRGB); colour blindness is simulated with
Machado, Oliveira and Fernandes (2009) at full severity, colours compared by CIE76 ΔE in CIELAB.
"""

from __future__ import annotations

import re

import pytest
from colour_vision import delta_e

import autograd
from autograd import Value
from autograd.viz.style import (
    THEMES,
    Theme,
    contrast_ratio,
    gradient_colour,
    readable_text_colour,
    rgb_hex,
)
from nn import MLP, functional


def ramp(theme: Theme, sign: float) -> list[str]:
    """Gradient colours from the weakest to the strongest, in 11 steps."""
    return [gradient_colour(sign * step / 10, 1.0, theme)[0] for step in range(1, 11)]


def test_contrast_ratio_is_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == 1.0


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_palette_entry_has_contrast_3_to_1(name: str) -> None:
    theme = THEMES[name]
    for entry, colour in theme.coloured.items():
        assert contrast_ratio(colour, theme.background) >= 3.0, (name, entry, colour)
    for colour in ramp(theme, 1.0) + ramp(theme, -1.0):  # every gradient colour in between
        assert contrast_ratio(colour, theme.background) >= 3.0, (name, colour)
        assert contrast_ratio(readable_text_colour(colour), colour) >= 4.5  # its text
    for entry, surface in theme.surfaces.items():  # text on every fill
        assert contrast_ratio(theme.text, surface) >= 4.5, (name, entry)
        assert contrast_ratio(theme.muted_text, surface) >= 4.5, (name, entry)
        assert contrast_ratio(theme.highlight_edge, surface) >= 3.0, (name, entry)


@pytest.mark.parametrize("name", sorted(THEMES))
@pytest.mark.parametrize("simulation", [None, "deuteranopia", "protanopia"])
def test_signs_stay_apart_for_colour_blind_viewers(name: str, simulation: str | None) -> None:
    theme = THEMES[name]
    for strength in (0, 5, 9):  # the weakest, a middle and the strongest pair
        positive, negative = ramp(theme, 1.0)[strength], ramp(theme, -1.0)[strength]
        assert delta_e(positive, negative, simulation) >= 20, (positive, negative)
    # and the stepper's orange stays apart from both gradient hues
    for colour in (rgb_hex(theme.positive[1]), rgb_hex(theme.negative[1])):
        assert delta_e(theme.highlight_edge, colour, simulation) >= 10


def dead_relu_graph() -> Value:
    a, b, c = Value(2.0, label="a"), Value(-3.0, label="b"), Value(0.5, label="c")
    out = (a * b).relu() + c * Value(-4.0, label="k") + a * 0.001
    out.backward()
    return out


@pytest.mark.parametrize("name", sorted(THEMES))
def test_coloured_edges_are_wide_and_signed_without_colour(name: str) -> None:
    source = autograd.draw(dead_relu_graph(), color_by_grad=True, theme=name).source
    theme = THEMES[name]
    assert f'bgcolor="{theme.background}"' in source
    edges = re.findall(r"^\t\w+ -> \w+ \[(.*)\]$", source, re.MULTILINE)
    coloured = [e for e in edges if "penwidth" in e]
    assert coloured
    for attributes in coloured:
        width = re.search(r"penwidth=([\d.]+)", attributes)
        assert width is not None and float(width.group(1)) >= 2.0
        style = re.search(r"style=(\w+)", attributes)
        assert style is not None and style.group(1) in ("solid", "dashed", "dotted")
    # the sign is written next to the number, as a marker and a sign
    assert "▲ +" in source and "▼ −" in source
    for cell in re.findall(r'<TD BGCOLOR="(#[0-9a-f]{6})"><FONT COLOR="(#[0-9a-f]{6})">', source):
        assert contrast_ratio(cell[1], cell[0]) >= 4.5


def test_dark_theme_of_a_collapsed_model() -> None:
    model = MLP(2, [3, 1], activation="tanh", seed=0)
    loss = functional.mse_loss(model([0.3, -0.7]), 0.5)
    loss.backward()
    source = autograd.draw(loss, collapse=True, color_by_grad=True, theme="dark").source
    dark = THEMES["dark"]
    assert f'BGCOLOR="{dark.neuron_fill}"' in source and f'fontcolor="{dark.text}"' in source
    light = THEMES["light"]
    for colour in (light.neuron_fill, light.leaf_fill, light.line, light.muted_text):
        assert colour not in source
