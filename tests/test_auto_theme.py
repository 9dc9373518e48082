"""`draw(theme="auto")`: one SVG, light on a light page and dark on a dark one (issue 24, 15).

The pairing is checked on the DOT texts of many drawings (every kind of picture pairs, each light
colour written has one dark partner, and it is at most a few units from the light colour). Then
in headless Chromium the themed SVG is compared element by element with Graphviz's own light and
dark pictures: inline in a page whose body says `data-jp-theme-light="false"` (JupyterLab Dark)
every element's computed fill and stroke is the dark picture's; with `"true"` the light one's,
even when the system prefers dark; as an `<img>` it follows the system's colour scheme.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from autograd import Value, draw
from autograd.viz.auto_theme import ColourPairs
from autograd.viz.style import DARK, LIGHT
from nn import MLP, functional
from tests.browser import chromium
from tests.seed_graphs import seed_xyz


def xyz() -> Value:
    *_, f = seed_xyz()
    f.backward()
    return f


def network(sizes: list[int]) -> Value:
    model = MLP(2, sizes, activation="tanh", seed=1)
    loss = functional.binary_cross_entropy_with_logits(model([0.5, -1.2]), 1.0)
    loss.backward()
    return loss


def drawings() -> dict[str, object]:
    f, loss, wide = xyz(), network([2, 2, 1]), network([4, 4, 1])
    return {
        "xyz": draw(f),
        "xyz coloured, messages": draw(f, color_by_grad=True, edge_labels="message"),
        "xyz quiz": draw(f, quiz="both"),
        "xyz mid-backward": draw(f, highlight=f.inputs[0], shown_grads={f: 1.0}),
        "2-2-2-1 coloured": draw(loss, color_by_grad=True, cluster="layer"),
        "2-2-2-1 collapsed": draw(loss, collapse=True, color_by_grad=True),
        "4-4-1 expanded": draw(wide, expand=(0, 1), color_by_grad=True),
        "2-2-2-1 matrix": draw(loss, view="matrix"),
    }


def colours(text: str) -> list[str]:
    return re.findall(r"#[0-9a-f]{6}\b", text.lower())


def test_every_kind_of_drawing_pairs_its_light_and_dark_colours() -> None:
    for name, drawing in drawings().items():
        assert drawing.dark_source is not None, name  # type: ignore[attr-defined]
        pairs = ColourPairs()
        keyed = pairs.pair(drawing.source, drawing.dark_source)  # type: ignore[attr-defined]
        assert keyed is not None, name
        light, written = colours(drawing.source), colours(keyed)  # type: ignore[attr-defined]
        dark = colours(drawing.dark_source)  # type: ignore[attr-defined]
        assert len(light) == len(written) == len(dark), name
        for original, shown, partner in zip(light, written, dark):
            assert pairs.dark[shown] == partner, (name, original, shown, partner)
            assert abs(int(shown[5:], 16) - int(original[5:], 16)) <= 4, (name, original, shown)
            assert shown[:5] == original[:5], (name, original, shown)
        assert DARK.background in pairs.dark.values(), name


def test_files_stay_light_and_an_explicit_theme_has_no_twin() -> None:
    f = xyz()
    assert draw(f).source == draw(f, theme="light").source
    assert draw(f).pipe("svg") == draw(f, theme="light").pipe("svg")
    assert draw(f, theme="dark").dark_source is None
    assert "<style>" not in draw(f, theme="light").themed_svg()
    with pytest.raises(ValueError, match="theme must be one of light, dark, auto, got 'sepia'"):
        draw(f, theme="sepia")  # type: ignore[arg-type]


# Every element's painted fill and stroke, in document order, as "#rrggbb" (or "none").
_PAINTS = """
const hex = value => {
  const m = value.match(/rgba?\\((\\d+), (\\d+), (\\d+)/);
  return m ? '#' + [m[1], m[2], m[3]].map(x => (+x).toString(16).padStart(2, '0')).join('')
           : value;
};
const svg = document.querySelector(arguments[0]);
return [...svg.querySelectorAll('[fill], [stroke]')].map(element => {
  const style = getComputedStyle(element);
  return [element.getAttribute('fill') !== null ? hex(style.fill) : null,
          element.getAttribute('stroke') !== null ? hex(style.stroke) : null];
});
"""


def attribute_paints(svg: str) -> list[list[str | None]]:
    """Graphviz's own fill and stroke attributes of every element, in document order."""
    paints = []
    for tag in re.findall(r"<[a-z]+\b[^>]*>", svg[svg.index("<svg") :])[1:]:
        if " fill=" in tag or " stroke=" in tag:
            fill = re.search(r' fill="([^"]*)"', tag)
            stroke = re.search(r' stroke="([^"]*)"', tag)
            paints.append(
                [
                    fill.group(1) if fill else None,
                    stroke.group(1) if stroke else None,
                ]
            )
    return paints


def near(shown: list[list[str | None]], expected: list[list[str | None]]) -> bool:
    """The same paints, allowing the few units of blue a nudged light colour differs by."""
    if len(shown) != len(expected):
        return False
    for pair_shown, pair_expected in zip(shown, expected):
        for a, b in zip(pair_shown, pair_expected):
            if (a is None) != (b is None):
                return False
            if a is None or b is None or a == b:
                continue
            if not (a.startswith("#") and b.startswith("#") and a[:5] == b[:5]):
                return False
            if abs(int(a[5:], 16) - int(b[5:], 16)) > 4:
                return False
    return True


@pytest.mark.slow  # headless Chromium
def test_the_themed_svg_is_the_dark_picture_on_a_dark_page_and_the_light_one_on_a_light_page(
    tmp_path: Path,
) -> None:
    cases = {name: drawings()[name] for name in ("xyz coloured, messages", "2-2-2-1 collapsed")}
    with chromium(tmp_path / "profile", viewport=(1366, 768)) as driver:
        for name, drawing in cases.items():
            themed = drawing.themed_svg()  # type: ignore[attr-defined]
            element = "#" + re.search(r'<svg id="([^"]+)"', themed).group(1)  # type: ignore[union-attr]
            light_svg = drawing.pipe("svg", encoding="utf-8")  # type: ignore[attr-defined]
            dark_svg = draw_dark_twin(drawing)
            for system in ("light", "dark"):
                driver.execute_cdp_cmd(
                    "Emulation.setEmulatedMedia",
                    {"features": [{"name": "prefers-color-scheme", "value": system}]},
                )
                for page_light, expected in (("false", dark_svg), ("true", light_svg)):
                    page = tmp_path / f"page-{page_light}.html"
                    page.write_text(
                        f'<!doctype html><body data-jp-theme-light="{page_light}">{themed}</body>',
                        encoding="utf-8",
                    )
                    driver.get(page.as_uri())
                    shown = driver.execute_script(_PAINTS, element)
                    assert near(shown, attribute_paints(expected)), (name, system, page_light)
                # Outside Jupyter, as a picture: the system's colour scheme decides.
                data = base64.b64encode(themed.encode("utf-8")).decode("ascii")
                page = tmp_path / "image.html"
                page.write_text(
                    f'<!doctype html><body style="margin:0"><img src="data:image/svg+xml;base64,'
                    f'{data}"></body>',
                    encoding="utf-8",
                )
                driver.get(page.as_uri())
                shot = tmp_path / f"image-{system}.png"
                driver.save_screenshot(str(shot))
                from PIL import Image

                corner = Image.open(shot).convert("RGB").getpixel((3, 3))
                background = DARK.background if system == "dark" else LIGHT.background
                assert "#{:02x}{:02x}{:02x}".format(*corner) == background, (name, system)


def draw_dark_twin(drawing: object) -> str:
    """Graphviz's SVG of the drawing's dark DOT text (the same layout: only colours differ)."""
    from autograd.viz.render import render_dot

    return render_dot(drawing.dark_source, "svg").decode("utf-8")  # type: ignore[attr-defined]


_PLAYER_COLOURS = """
const background = getComputedStyle(document.body).backgroundColor;
const polygon = document.querySelector('#picture svg g.graph > polygon');
const text = document.querySelector('#picture svg text');
return [background, getComputedStyle(polygon).fill, getComputedStyle(text).fill];
"""


@pytest.mark.slow  # headless Chromium
def test_a_stepper_page_follows_the_system_and_what_the_notebook_says(
    tmp_path: Path,
) -> None:
    from autograd.lecture import Stepper, export_html

    page = tmp_path / "p.html"  # the page a Stepper shows in its iframe
    page.write_text(Stepper(network([2, 2, 1]), collapse=True).html(), encoding="utf-8")
    # In a file of its own "auto" is light, as draw's files are.
    exported = export_html(network([2, 2, 1]), tmp_path / "e.html", collapse=True)
    assert "dark_colours" not in exported.read_text(encoding="utf-8")
    hexes = {
        "light": [LIGHT.background, LIGHT.background, LIGHT.text],
        "dark": [DARK.background, DARK.background, DARK.text],
    }
    with chromium(tmp_path / "profile", viewport=(1366, 768)) as driver:
        for system in ("light", "dark"):
            driver.execute_cdp_cmd(
                "Emulation.setEmulatedMedia",
                {"features": [{"name": "prefers-color-scheme", "value": system}]},
            )
            driver.get(page.as_uri())
            shown = [hex_colour(value) for value in driver.execute_script(_PLAYER_COLOURS)]
            assert near([shown], [hexes[system]]), (system, shown)
            for told in ("light", "dark"):  # a notebook's word wins over the system's
                driver.execute_script(
                    "document.documentElement.setAttribute('data-theme', arguments[0])", told
                )
                shown = [hex_colour(value) for value in driver.execute_script(_PLAYER_COLOURS)]
                assert near([shown], [hexes[told]]), (system, told, shown)


def hex_colour(css: str) -> str:
    """ "rgb(27, 27, 27)" -> "#1b1b1b"."""
    red, green, blue = (int(part) for part in re.findall(r"\d+", css)[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


def test_an_auto_stepper_carries_its_dark_colours_and_its_stills_repaint() -> None:
    from autograd.lecture import Stepper
    from autograd.lecture.player import page_data

    stepper = Stepper(xyz())
    data = page_data(stepper.html())
    assert data["dark_colours"][LIGHT.background] == DARK.background
    shown = stepper._repr_html_()
    stills = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', shown)
    assert len(stills) == 2
    for still in stills:
        svg = base64.b64decode(still).decode("utf-8")
        assert "prefers-color-scheme: dark" in svg and DARK.background in svg
    assert "data-jp-theme-light" in shown  # the script tells the player the notebook's theme
    assert "dark_colours" not in page_data(Stepper(xyz(), theme="light").html())
    dark = page_data(Stepper(xyz(), theme="dark").html())  # a fixed theme: no repainting
    assert "dark_colours" not in dark and DARK.background in dark["frames"][0]["svg"]
    # The matrix view's frames are drawn in one theme: "auto" is light there.
    assert "dark_colours" not in page_data(Stepper(network([2, 2, 1]), view="matrix").html())
