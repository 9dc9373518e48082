"""`theme="auto"`: one SVG that is light on a light page and dark on a dark one.

A drawing is made twice as DOT text, once with the light theme's colours and once with the
dark theme's (`autograd.viz.style.THEMES`); the two texts differ only in their colours. Laid out
once (the light text), the SVG carries a small stylesheet that repaints each light colour with
its dark partner when the page around it is dark:

- in JupyterLab and Notebook 7, `body[data-jp-theme-light="false"]` (their Dark theme), live:
  switching the theme repaints the drawing;
- anywhere else (an SVG shown as an `<img>`, as in an untrusted notebook, nbconvert HTML, a
  browser), the reader's system setting, `@media (prefers-color-scheme: dark)`, unless the page
  says it is light (`data-jp-theme-light="true"`).

CSS matches a colour by the attribute Graphviz wrote (`[fill="#eef5ff"] { fill: #1e2a38 }`), so
each light colour must have one dark partner. Where one light colour has two (the light theme's
white is both the background and a result box's fill; dark has two greys), the second use gets a
light colour one step away in its blue channel (#fffffe): the same to the eye, its own partner.
`ColourPairs` keeps that map; several pictures (a player's frames) can share one.
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["JUPYTER_DARK", "JUPYTER_LIGHT", "ColourPairs", "themed_svg"]

# How JupyterLab and Notebook 7 say their theme (on <body>, set by the theme manager).
JUPYTER_DARK = 'body[data-jp-theme-light="false"]'
JUPYTER_LIGHT = 'body[data-jp-theme-light="true"]'

_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def _nudged(colour: str, step: int) -> str:
    """`colour` with its blue channel moved `step` units towards the middle (invisible)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    blue = blue - step if blue >= 128 else blue + step
    return f"#{red:02x}{green:02x}{blue:02x}"


class ColourPairs:
    """Light colours and their dark partners, each light colour with exactly one partner."""

    def __init__(self) -> None:
        self.dark: dict[str, str] = {}  # the colour written in the SVG -> its dark partner
        self._written: dict[tuple[str, str], str] = {}  # (light, dark) -> the colour written

    def _colour_for(self, light: str, dark: str) -> str:
        pair = (light.lower(), dark.lower())
        if pair in self._written:
            return self._written[pair]
        written, step = pair[0], 0
        while written in self.dark:  # taken by another partner: one step further
            step += 1
            written = _nudged(pair[0], step)
        self.dark[written] = pair[1]
        self._written[pair] = written
        return written

    def pair(self, light_dot: str, dark_dot: str) -> str | None:
        """The light DOT text with each colour written so that it names its dark partner.

        None if the two texts differ in more than their colours (then there is no pairing).
        """
        lights, darks = _HEX.findall(light_dot), _HEX.findall(dark_dot)
        if len(lights) != len(darks) or _HEX.sub("#", light_dot) != _HEX.sub("#", dark_dot):
            return None
        written = iter([self._colour_for(light, dark) for light, dark in zip(lights, darks)])
        return _HEX.sub(lambda _match: next(written), light_dot)

    @classmethod
    def from_colours(cls, dark: dict[str, str]) -> ColourPairs:
        """The pairs again from their `dark` map (as a player page keeps it)."""
        pairs = cls()
        pairs.dark = dict(dark)
        return pairs

    def css(
        self,
        scope: str,
        *,
        dark_page: str = JUPYTER_DARK,
        light_page: str = JUPYTER_LIGHT,
        screen_only: bool = False,
    ) -> str:
        """The stylesheet that repaints the elements under the CSS selector `scope` dark: on a
        page matching `dark_page`, or when the system prefers dark and the page does not match
        `light_page`. `screen_only`: never dark on paper (a printed page stays light).

        Each changed colour is a custom property (`--bpl3`) whose fallback is the light colour;
        the dark page (or system) sets the properties.
        """
        changed = sorted((light, dark) for light, dark in self.dark.items() if light != dark)
        if not changed:
            return ""
        paint = [
            f'{scope} [{attribute}="{light}"]{{{attribute}:var(--bpl{number},{light})}}'
            for number, (light, _dark) in enumerate(changed)
            for attribute in ("fill", "stroke")
        ]
        dark = ";".join(f"--bpl{number}:{dark}" for number, (_light, dark) in enumerate(changed))
        dark_rule = f"{dark_page} {scope}{{{dark}}}"
        lines = [
            *paint,
            f"@media screen {{ {dark_rule} }}" if screen_only else dark_rule,
            f"@media {'screen and ' if screen_only else ''}(prefers-color-scheme: dark) {{",
            f"{scope}:not({light_page} *){{{dark}}}",
            "}",
        ]
        return "\n".join(lines)


def themed_svg(svg: str, pairs: ColourPairs) -> str:
    """`svg` (laid out from a `ColourPairs.pair` text) with an id and the stylesheet inside it.

    The id is made from the picture itself, so the same drawing shown twice shares its rules
    and two drawings never repaint each other.
    """
    start = svg.find("<svg")
    if start < 0:
        return svg
    svg = svg[start:]
    element_id = "backprop-lab-" + hashlib.sha1(svg.encode("utf-8")).hexdigest()[:12]
    tag_end = svg.index(">") + 1
    style = f"<style>\n{pairs.css('#' + element_id)}\n</style>\n"
    return f'<svg id="{element_id}"{svg[4:tag_end]}\n{style}{svg[tag_end:]}'
