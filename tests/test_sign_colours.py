"""One gradient-sign colour convention on every surface: blue for +, orange for −.

Every view that colours a number by its sign takes the colours from `Theme.sign_colour` in
autograd/viz/style.py: draw (and so the player, the Stepper, the GIF and the Beamer slides
of to_tikz(color_by_grad=True)), the training replay's
layered picture (its page and caption: tests/test_training_replay.py), the live dashboard and `nn.plots`. Every caption or legend that names the sign
colours names these two, in English and in Russian.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import nn
from autograd import Value, draw, export_html
from autograd.lecture.tikz import to_tikz
from autograd.viz.style import LIGHT, THEMES, contrast_ratio, hex_rgb
from nn.live import TrainingDashboard, sign_palette
from nn.network_layout import layered_dot, network_layout

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "autograd" / "locale" / "ru" / "LC_MESSAGES" / "backprop_lab.po"


def opposite_gradients() -> Value:
    """f = x·y at x = 2, y = −2: ∂f/∂x = −2 and ∂f/∂y = +2, the two strongest of each sign."""
    x, y = Value(2.0, label="x"), Value(-2.0, label="y")
    f = x * y
    f.label = "f"
    f.backward()
    return f


def colours_in(text: str) -> set[str]:
    return {colour.lower() for colour in re.findall(r"#[0-9a-fA-F]{6}\b", text)}


@pytest.mark.parametrize("name", sorted(THEMES))
def test_draw_and_the_player_colour_signs_from_the_palette(name: str, tmp_path: Path) -> None:
    theme = THEMES[name]
    positive, negative = theme.sign_colour(1.0), theme.sign_colour(-1.0)
    source = draw(opposite_gradients(), color_by_grad=True, theme=name).source
    assert {positive, negative} <= colours_in(source)
    page = export_html(
        opposite_gradients(), tmp_path / "p.html", color_by_grad=True, theme=name
    ).read_text(encoding="utf-8")
    assert {positive, negative} <= colours_in(page)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_the_beamer_slides_colour_signs_from_the_palette(name: str) -> None:
    """to_tikz(color_by_grad=True): Graphviz's drawing redrawn in TikZ, in the palette's colours."""
    latex = to_tikz(opposite_gradients(), color_by_grad=True, theme=name, document=False)
    theme = THEMES[name]
    for sign in (1.0, -1.0):
        red, green, blue = hex_rgb(theme.sign_colour(sign))
        assert f"{{rgb,255:red,{red};green,{green};blue,{blue}}}" in latex, (name, sign)


def test_the_palette_is_blue_and_orange_and_apart_from_zero() -> None:
    for theme in THEMES.values():
        positive, negative = (theme.sign_colour(s) for s in (1.0, -1.0))
        red, green, blue = (int(positive[i : i + 2], 16) for i in (1, 3, 5))
        assert blue > red and blue > green  # blue
        red, green, blue = (int(negative[i : i + 2], 16) for i in (1, 3, 5))
        assert red > green > blue  # orange: red over green over blue
        assert theme.sign_colour(0.0) == theme.zero_line


@pytest.mark.parametrize("name", sorted(THEMES))
def test_the_layered_picture_colours_weights_and_gradients_from_the_palette(name: str) -> None:
    """The replay of a large network: every colour is the theme's, the lines and dots take their
    sign's, and each dot has a dark rim in a ring of the background (it shows on its own hue)."""
    theme = THEMES[name]
    model = nn.MLP(2, [3, 1], seed=0)
    layout = network_layout(model)
    count = len(model.parameters())
    weights = [(-1.0) ** k * (k + 1) for k in range(count)]
    grads = [(-1.0) ** (k + 1) * (k + 1) for k in range(count)]
    source = layered_dot(layout, weights, grads, theme)
    signs = {theme.sign_colour(1.0), theme.sign_colour(-1.0)}
    neutrals = {theme.background, theme.text, theme.line, theme.neuron_fill, theme.leaf_fill}
    assert colours_in(source) == signs | neutrals
    for edge in layout["edges"]:
        w = weights[edge["weight"]]
        line = re.search(rf'{edge["from"]} -> {edge["to"]} \[[^]]*color="(#\w+)"', source)
        assert line is not None and line.group(1) == theme.sign_colour(w)
    dots = re.findall(r'  g\d+ \[[^]]*fillcolor="(#\w+)", color="(#\w+)"', source)
    assert len(dots) == len(layout["edges"])
    for fill, rim in dots:
        assert fill in signs and rim == theme.text
        assert contrast_ratio(rim, theme.background) >= 4.5  # the rim parts dot and line
    assert source.count(f'fillcolor="{theme.background}", color="{theme.background}"') == len(dots)


def test_the_live_dashboard_takes_its_colours_from_the_palette() -> None:
    dashboard = TrainingDashboard(nn.MLP(2, [2, 1], seed=0), [[0.0, 1.0]], [1.0], 3)
    assert dashboard.palette == sign_palette(LIGHT)
    assert dashboard.palette["positive"] == LIGHT.sign_colour(1.0)
    assert dashboard.palette["negative"] == LIGHT.sign_colour(-1.0)
    script = str(TrainingDashboard._esm)
    assert not colours_in(script)  # no colour of its own in the page's script
    assert "palette.positive" in script and "palette.negative" in script


def test_plots_use_the_palette() -> None:
    from nn.plots import NEGATIVE_COLOR, POSITIVE_COLOR

    assert (LIGHT.sign_colour(1.0), LIGHT.sign_colour(-1.0)) == (POSITIVE_COLOR, NEGATIVE_COLOR)


COLOUR_WORDS = {
    "en": re.compile(r"\b(blue|orange|red|green|purple|yellow)\b", re.I),
    "ru": re.compile(r"(син|оранж|красн|зел[её]н|фиолет|ж[её]лт)\w*", re.I),  # the stems
}
SIGN_WORDS = {"en": {"blue", "orange"}, "ru": {"син", "оранж"}}


def test_every_caption_that_names_sign_colours_says_blue_and_orange_in_both_languages() -> None:
    with CATALOG.open("rb") as file:
        catalog = read_po(file)
    checked = 0
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        english, russian = message.id, str(message.string)
        if not re.search(r"[+−]|[<>] 0|sign", english):
            continue  # not about signs
        found_en = {w.lower() for w in COLOUR_WORDS["en"].findall(english)}
        if not found_en:
            continue
        checked += 1
        assert found_en == SIGN_WORDS["en"], english
        found_ru = {stem.lower() for stem in COLOUR_WORDS["ru"].findall(russian)}
        assert found_ru == SIGN_WORDS["ru"], russian
    assert checked >= 3  # the CLI's --color, nn.plots' legends, the replay's caption
