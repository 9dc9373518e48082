"""The notebook Stepper: the player page in an iframe's srcdoc, sized by a message; no .grad touched."""

from __future__ import annotations

import html
import re
import subprocess
import sys

from seed_graphs import seed_xyz

from autograd.lecture.stepper import Stepper


def test_stepper_is_the_player_in_an_iframe(renderer: str) -> None:
    x, y, z, _q, f = seed_xyz()
    f.backward()
    stepper = Stepper(f)
    assert (x.grad, y.grad, z.grad, f.grad) == (-4.0, -4.0, 3.0, 1.0)  # unchanged
    assert len(stepper.frames) == 7
    output = stepper._repr_html_()
    element = stepper.element_id
    assert output.startswith(f'<iframe id="{element}" ')
    srcdoc = re.search(r'srcdoc="([^"]*)"', output)
    assert srcdoc is not None
    page = html.unescape(srcdoc.group(1))
    assert page == stepper.html()
    assert page.startswith("<!DOCTYPE html>") and 'class="embedded"' in page
    assert f'"id": "{element}"' in page  # the page tags its height messages with the id
    assert f'message.backpropLab === "{element}"' in output  # ... and the notebook listens
    assert Stepper(f).element_id != element  # two steppers in one notebook do not collide
    bundle = stepper._repr_mimebundle_()
    assert bundle["text/html"] == output and "7 frames" in bundle["text/plain"]


def test_import_autograd_does_not_import_ipywidgets_or_graphviz() -> None:
    code = "import sys, autograd; print('ipywidgets' in sys.modules, 'graphviz' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]
