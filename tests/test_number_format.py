"""`number_format` is checked once, by the one number formatter's check, for every view, and a fill
character is only ever written, never read as part of the number (issue 24, item 9)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from autograd import Value, as_text, draw
from autograd.lecture.player import player_html
from autograd.lecture.stepper import Stepper
from autograd.lecture.tikz import to_tikz
from autograd.viz.math_text import format_number, reads_as_zero


def square() -> Value:
    x = Value(2.0, label="x")
    f = x * x
    f.backward()
    return f


VIEWS: dict[str, Callable[[Value, object], object]] = {
    "draw": lambda f, spec: draw(f, number_format=spec),  # type: ignore[arg-type]
    "as_text": lambda f, spec: as_text(f, number_format=spec),  # type: ignore[arg-type]
    "to_tikz": lambda f, spec: to_tikz(f, number_format=spec),  # type: ignore[arg-type]
    "export_html": lambda f, spec: player_html(f, number_format=spec),  # type: ignore[arg-type]
    "Stepper": lambda f, spec: Stepper(f, number_format=spec),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("view", VIEWS)
def test_one_clear_error_in_every_view(view: str) -> None:
    where = view
    with pytest.raises(ValueError, match=rf"^{where}: number_format 'zz' is not a format spec"):
        VIEWS[view](square(), "zz")
    with pytest.raises(TypeError, match=rf"^{where}: number_format must be a format spec string"):
        VIEWS[view](square(), 3)


def test_a_fill_character_is_not_part_of_the_number(tmp_path: Path) -> None:
    # "e>10" pads 2.0 as "eeeeeee2.0": its fill was read as an exponent, so 2 "read as zero" and
    # was drawn as 0.0 (and in LaTeX int() of the rest raised)
    assert not reads_as_zero(2.0, "e>10")
    assert format_number(2.0, "e>10") == "eeeeeee2.0"
    assert format_number(-1.5, "e>10", style="latex") == "eeeeee-1.5"
    assert format_number(1.5e-7, ".2e", style="latex") == "1.50\\times 10^{-7}"
    assert format_number(-0.001, ".2f") == "0.00"  # a number that does read as zero still does
    assert "data eeeeeee2.0" in draw(square(), number_format="e>10").source
