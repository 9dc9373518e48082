"""The player page's colours follow the picture's theme: WCAG contrast of every text and line,
no colour left outside the theme's custom properties, and a dark player that prints light.

Contrast is WCAG 2's, as in tests/test_draw_theme.py (`autograd.viz.style.contrast_ratio`).
"""

from __future__ import annotations

import re

import pytest
from seed_graphs import seed_xyz

from autograd.lecture.page_theme import PAGES, page_css, print_recolouring
from autograd.lecture.player import _PAGE, player_html
from autograd.viz.style import THEMES, contrast_ratio


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_text_reads_at_4_5_and_every_line_at_3(name: str) -> None:
    colours = PAGES[name]
    for pair, (text, surface) in colours.text_pairs().items():
        assert contrast_ratio(text, surface) >= 4.5, (name, pair, text, surface)
    for pair, (line, beside) in colours.line_pairs().items():
        assert contrast_ratio(line, beside) >= 3.0, (name, pair, line, beside)
    assert colours.background == THEMES[name].background  # the picture has no visible edge


def test_the_page_css_names_no_colour_of_its_own() -> None:
    style = _PAGE[_PAGE.index("<style>") : _PAGE.index("</style>")]
    assert re.findall(r"#[0-9a-fA-F]{3,6}\b|\b(?:rgb|hsl)a?\(", style) == []
    used = set(re.findall(r"var\(--([a-z-]+)\)", style))
    defined = set(re.findall(r"--([a-z-]+):", page_css("dark")))
    assert used and used <= defined  # every colour the page uses is set by the theme


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_carries_its_theme(name: str, renderer: str) -> None:
    *_, f = seed_xyz()
    page = player_html(f, theme=name)  # type: ignore[arg-type]
    assert page_css(name) in page
    assert f'fill=\\"{THEMES[name].background}\\"' in page  # the picture's own background
    other = THEMES["light" if name == "dark" else "dark"]
    assert f'fill=\\"{other.leaf_fill}\\"' not in page


def test_a_dark_player_prints_light() -> None:
    css = page_css("dark")
    printed = css[css.index("@media print") :]
    assert f"--background: {PAGES['light'].background};" in printed
    assert f"--text: {PAGES['light'].text};" in printed
    mapping = print_recolouring("dark")
    dark, light = THEMES["dark"], THEMES["light"]
    for role in ("background", "text", "line", "leaf_fill", "highlight_fill", "backward_walked"):
        before, after = getattr(dark, role), getattr(light, role)
        assert mapping[before] == after, role
        assert f'.printed svg [fill="{before}"] {{ fill: {after}; }}' in printed
        assert f'.printed svg [stroke="{before}"] {{ stroke: {after}; }}' in printed
    # the printed picture is the light theme's: each colour goes to one colour, never back to dark
    assert set(mapping.values()) <= {
        value for value in vars(light).values() if isinstance(value, str)
    } | {"#000000", "#ffffff"}
    assert print_recolouring("light") == {}
    assert "@media print" not in page_css("light")


def test_an_unknown_theme_is_a_clear_error() -> None:
    *_, f = seed_xyz()
    with pytest.raises(
        ValueError, match=r"export_html: theme must be one of light, dark, auto, got 'sepia'"
    ):
        player_html(f, theme="sepia")  # type: ignore[arg-type]
