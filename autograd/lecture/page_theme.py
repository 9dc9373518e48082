"""The lecture player's page colours, light or dark with the picture's theme (`theme="dark"`).

`draw(theme=...)` colours the picture (`autograd.viz.style.THEMES`); this file colours the
page around it (title bar, caption, quiz, buttons) to match, so a dark slide is dark from
edge to edge. The page's CSS reads every colour from a custom property (`var(--text)`);
`page_css(theme)` sets them. Every text colour has a WCAG contrast of at least 4.5:1 on the
surface it sits on and every coloured line or border at least 3:1 (tests/test_page_theme.py
computes each pair). The grey separators (`rule`) are decoration, not tested.

Printing stays light whatever the theme: the print stylesheet puts the light colours back,
and in the printed frames each colour of the dark picture is replaced by the same role's
colour in the light theme (the dark background becomes white, its light text black), so
a printout of dark slides costs no more ink than one of light slides.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from autograd.viz.style import THEMES, Theme, readable_text_colour

__all__ = ["DARK_PAGE", "LIGHT_PAGE", "PAGES", "PageColours", "page_css", "print_recolouring"]


@dataclass(frozen=True)
class PageColours:
    """Every colour of the player's page for one theme. Hex strings "#rrggbb"."""

    background: str  # the page and the picture's own background (the theme's)
    text: str
    muted_text: str  # the keys' hint under the buttons
    rule: str  # grey separators (decoration)
    caption_background: str
    forward: str  # the caption's top border during the forward pass
    backward: str  # ... and the backward pass
    forward_chip: str  # the phase label's background and text, per phase
    forward_chip_text: str
    backward_chip: str
    backward_chip_text: str
    end_chip: str
    end_chip_text: str
    quiz_background: str
    field_background: str  # the quiz's answer boxes
    field_border: str
    button_background: str
    button_border: str
    right: str  # the quiz's verdicts, on the quiz's background
    wrong: str
    hint: str
    score: str  # on the page background

    def text_pairs(self) -> dict[str, tuple[str, str]]:
        """Each text colour with the surface it is written on: each needs contrast >= 4.5:1."""
        return {
            "title, counter": (self.text, self.background),
            "keys": (self.muted_text, self.background),
            "score": (self.score, self.background),
            "caption": (self.text, self.caption_background),
            "forward phase": (self.forward_chip_text, self.forward_chip),
            "backward phase": (self.backward_chip_text, self.backward_chip),
            "end phase": (self.end_chip_text, self.end_chip),
            "quiz": (self.text, self.quiz_background),
            "right": (self.right, self.quiz_background),
            "wrong": (self.wrong, self.quiz_background),
            "hint": (self.hint, self.quiz_background),
            "answer box": (self.text, self.field_background),
            "button": (self.text, self.button_background),
        }

    def line_pairs(self) -> dict[str, tuple[str, str]]:
        """Each coloured line or border with what is beside it: each needs contrast >= 3:1."""
        return {
            "forward border on the page": (self.forward, self.background),
            "forward border on the caption": (self.forward, self.caption_background),
            "backward border on the page": (self.backward, self.background),
            "backward border on the caption": (self.backward, self.caption_background),
            "button border": (self.button_border, self.background),
            "button border in the quiz": (self.button_border, self.quiz_background),
            "answer box border": (self.field_border, self.quiz_background),
        }


def _light(theme: Theme) -> PageColours:
    return PageColours(
        background=theme.background,
        text="#111111",
        muted_text="#595959",
        rule="#dddddd",
        caption_background="#f7f7f7",
        forward=theme.forward_walked,
        backward=theme.backward_walked,
        forward_chip="#d8e8f7",
        forward_chip_text="#0d3f6e",
        backward_chip="#eedcf3",
        backward_chip_text="#5b1570",
        end_chip="#dff0d8",
        end_chip_text="#245a16",
        quiz_background="#fffbe6",
        field_background="#ffffff",
        field_border="#666666",
        button_background="#ffffff",
        button_border="#444444",
        right="#1b7a1b",
        wrong="#b3261e",
        hint="#5b1570",
        score="#245a16",
    )


def _dark(theme: Theme) -> PageColours:
    return PageColours(
        background=theme.background,
        text=theme.text,
        muted_text=theme.muted_text,
        rule="#3d3d3d",
        caption_background="#262626",
        forward=theme.forward_walked,
        backward=theme.backward_walked,
        forward_chip="#12304d",
        forward_chip_text="#b9dcfb",
        backward_chip="#35184a",
        backward_chip_text="#e6c4ff",
        end_chip="#193a1d",
        end_chip_text="#b4e3ad",
        quiz_background="#2b2712",
        field_background="#111111",
        field_border="#a0a0a0",
        button_background="#2e2e2e",
        button_border="#a0a0a0",
        right="#86de94",
        wrong="#ff9a8f",
        hint="#e6c4ff",
        score="#b4e3ad",
    )


PAGES: dict[str, PageColours] = {"light": _light(THEMES["light"]), "dark": _dark(THEMES["dark"])}


def _variables(colours: PageColours) -> str:
    """`--caption-background: #262626;` ... one custom property per colour."""
    return " ".join(
        f"--{field.name.replace('_', '-')}: {getattr(colours, field.name)};"
        for field in fields(colours)
    )


def print_recolouring(theme: str) -> dict[str, str]:
    """Each colour of `theme`'s pictures -> the light theme's colour of the same role.

    Empty for the light theme. Text on the stepper's highlight is black or white, whichever
    reads better (`readable_text_colour`), so that pair is mapped as well.
    """
    if theme == "light":
        return {}
    source, light = THEMES[theme], THEMES["light"]
    mapping: dict[str, str] = {}
    for field in fields(Theme):
        before, after = getattr(source, field.name), getattr(light, field.name)
        if isinstance(before, str) and before.startswith("#") and before != after:
            mapping.setdefault(before, after)
    highlight_text = readable_text_colour(source.highlight_fill)
    mapping.setdefault(highlight_text, readable_text_colour(light.highlight_fill))
    return mapping


# theme="auto": the page is dark when its <html> says so (a notebook told it) or when the system
# prefers dark and the page was not told it is light. On screen only: it prints light.
DARK_PAGE = ':root[data-theme="dark"]'
LIGHT_PAGE = ':root[data-theme="light"]'


def page_css(theme: str) -> str:
    """The CSS that sets the page's colours for `theme` ("light", "dark" or "auto"), print
    included."""
    if theme == "auto":
        dark = f"color-scheme: dark; {_variables(PAGES['dark'])}"
        return "\n".join(
            [
                f":root {{ color-scheme: light; {_variables(PAGES['light'])} }}",
                f"@media screen {{ {DARK_PAGE} {{ {dark} }} }}",
                "@media screen and (prefers-color-scheme: dark) {",
                f'  :root:not([data-theme="light"]) {{ {dark} }}',
                "}",
            ]
        )
    if theme not in PAGES:
        raise ValueError(
            f"export_html: theme must be one of {', '.join(PAGES)}, auto, got {theme!r}"
        )
    rules = [f":root {{ color-scheme: {theme}; {_variables(PAGES[theme])} }}"]
    if theme != "light":
        printed = [f":root {{ color-scheme: light; {_variables(PAGES['light'])} }}"]
        for before, after in print_recolouring(theme).items():
            printed.append(f'.printed svg [fill="{before}"] {{ fill: {after}; }}')
            printed.append(f'.printed svg [stroke="{before}"] {{ stroke: {after}; }}')
        rules.append("@media print {\n  " + "\n  ".join(printed) + "\n}")
    return "\n".join(rules)
