"""Drawings and the Stepper in a real JupyterLab 4 and Notebook 7, trusted and not (issue 24, 15).

A notebook executed by nbclient and saved opens *untrusted* (as for a student who did not run
it): the front end shows its HTML through a sanitizer that strips `<svg>`, `<iframe>` and
`<script>`. Then `draw()` must still be a picture, and the Stepper a still picture of its first
and last frames with one line on how to step. Run in the browser (trusted), the drawing is the
inline SVG and the Stepper its player. Both are in the front end's theme, light or dark
(`theme="auto"`), measured in the screenshot's pixels: the picture's most common colour is the
theme's background and its text has a contrast of at least 7:1 on it. The Stepper's keys: Space
before clicking steps without scrolling the notebook; once focused it keeps only its own keys
(Escape, Shift+Enter and Ctrl+S are the notebook's). Screenshots are saved beside the notebook
(tmp_path) and in $BACKPROP_LAB_SCREENSHOTS when set.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from PIL import Image
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from autograd.viz.style import DARK, LIGHT, contrast_ratio
from tests.browser import chromium
from tests.jupyter import jupyter_server, open_notebook, run_all, screenshot, wait_for

pytestmark = pytest.mark.slow  # a Jupyter server and Chromium: tens of seconds each

CELLS = [
    "from autograd import Value, draw\n"
    "from autograd.lecture import Stepper\n"
    "x = Value(-2.0, label='x'); y = Value(5.0, label='y'); z = Value(-4.0, label='z')\n"
    "f = (x + y) * z; f.label = 'f'\n"
    "f.backward()",
    "draw(f)",
    "Stepper(f)",
]

# Per output: what shows. Pictures count only once loaded (an <img> with a natural width).
_OUTPUTS = """
return [...document.querySelectorAll('.jp-OutputArea-output')].map(output => {
  const visible = element => element.getClientRects().length > 0 &&
    getComputedStyle(element).display !== 'none';
  return {
    text: output.innerText,
    images: [...output.querySelectorAll('img')].filter(
      image => visible(image) && image.complete && image.naturalWidth > 0).length,
    svgs: [...output.querySelectorAll('svg')].filter(visible).length,
    iframes: [...output.querySelectorAll('iframe')].filter(visible).length,
  };
});
"""


def executed_notebook(folder: Path) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(folder)}}).execute()
    nbformat.write(notebook, folder / "graph.ipynb")  # not signed: it opens untrusted


# The picture of output `arguments[0]` (0: the drawing, 1: the Stepper) on the page, in CSS px:
# an <img> untrusted (the Stepper's first still), the inline <svg> or the player's iframe trusted.
_PICTURE_BOX = """
const output = document.querySelectorAll('.jp-OutputArea-output')[arguments[0]];
const picture = output.querySelector('iframe, svg, img');
picture.scrollIntoView({block: 'start'});
const box = picture.getBoundingClientRect();
const view = document.documentElement.clientHeight;
return {x: box.x, y: box.y, width: box.width, height: Math.min(box.height, view - box.y)};
"""

_BACKGROUND = {"light": LIGHT.background, "dark": DARK.background}


def picture_colours(driver: object, shot: Path, output: int = 0) -> dict[str, object]:
    """An output's picture as the screenshot shows it: its most common colour (its background),
    and the contrast of its most contrasting pixel (its text) with that colour."""
    box = driver.execute_script(_PICTURE_BOX, output)  # type: ignore[attr-defined]
    image = Image.open(screenshot(driver, shot)).convert("RGB")
    left, top = max(int(box["x"]) + 3, 0), max(int(box["y"]) + 3, 0)
    right = min(int(box["x"] + box["width"]) - 3, image.width - 1)
    bottom = min(int(box["y"] + box["height"]) - 3, image.height - 1)
    counted = image.crop((left, top, right, bottom)).getcolors(maxcolors=1 << 24) or []
    hexes = [("#{:02x}{:02x}{:02x}".format(*pixel), count) for count, pixel in counted]
    background = max(hexes, key=lambda pair: pair[1])[0]
    text = max(
        (colour for colour, _count in hexes),
        key=lambda colour: contrast_ratio(colour, background),
    )
    return {
        "background": background,
        "text": text,
        "contrast": round(contrast_ratio(text, background), 1),
        "size": (right - left, bottom - top),
    }


def close(colour: str, expected: str) -> bool:
    """The same colour, give or take the 2 units per channel a scaled picture's pixels differ."""
    return all(
        abs(int(colour[i : i + 2], 16) - int(expected[i : i + 2], 16)) <= 2 for i in (1, 3, 5)
    )


def check_colours(driver: object, shot: Path, theme: str) -> None:
    """The drawing and the Stepper are in `theme`: their background is the theme's, and their
    text reads on it (contrast >= 7:1, WCAG's AAA)."""
    for output, what in ((0, "drawing"), (1, "stepper")):
        seen = picture_colours(driver, shot.with_name(f"{shot.stem}-{what}.png"), output)
        print(shot.stem, what, seen)  # the measurement (pytest -rP shows it)
        assert close(seen["background"], _BACKGROUND[theme]), (what, seen)  # type: ignore[arg-type]
        assert seen["contrast"] >= 7, (what, seen)


@pytest.mark.parametrize(
    ("front", "theme", "size"),
    [
        ("lab", "light", (1920, 1080)),
        ("lab", "light", (1366, 768)),
        ("lab", "dark", (1920, 1080)),
        ("lab", "dark", (1366, 768)),
        ("notebook", "light", (1920, 1080)),
        ("notebook", "light", (1366, 768)),
        ("notebook", "dark", (1920, 1080)),
        ("notebook", "dark", (1366, 768)),
    ],
)
def test_drawing_and_stepper_trusted_and_untrusted(
    tmp_path: Path, front: str, theme: str, size: tuple[int, int]
) -> None:
    executed_notebook(tmp_path)
    shots = tmp_path / "shots"
    shots.mkdir()
    with (
        jupyter_server(tmp_path, front, theme=theme) as server,  # type: ignore[arg-type]
        chromium(tmp_path / "profile", viewport=size) as driver,
    ):
        open_notebook(driver, server, "graph.ipynb")  # the system's colour scheme is `theme`
        drawing, stepper = wait_for(driver, _OUTPUTS_READY)
        name = f"{front}-{theme}-{size[0]}x{size[1]}"
        check_colours(driver, shots / f"untrusted-{name}.png", theme)
        # The drawing: a picture, not "autograd v0 x data −2 grad −4 op2 + ..." as a paragraph.
        assert drawing["images"] == 1 and drawing["svgs"] == 0, drawing
        assert "data" not in drawing["text"], drawing
        # ... in the front end's theme (checked above), though untrusted it is an <img>.
        # The Stepper: no player (its iframe is stripped), a still of its first and last frames.
        assert stepper["iframes"] == 0 and stepper["images"] == 2, stepper
        assert "needs a trusted notebook" in stepper["text"], stepper
        assert "Done: the gradient of f with respect to every input" in stepper["text"]
        # The same with the browser's colour scheme the other way round: the front end's theme
        # wins. An untrusted <img> runs no script, but JupyterLab and Notebook 7 set the page's
        # `color-scheme`, which the picture's `prefers-color-scheme` follows (Chromium).
        other = "light" if theme == "dark" else "dark"
        open_notebook(driver, server, "graph.ipynb", system=other)  # type: ignore[arg-type]
        wait_for(driver, _OUTPUTS_READY)
        check_colours(driver, shots / f"untrusted-{name}-system-{other}.png", theme)

        run_all(driver)
        drawing, stepper = wait_for(driver, _OUTPUTS_READY)
        assert drawing["svgs"] == 1 and drawing["images"] == 0, drawing  # inline: tooltips work
        assert stepper["iframes"] == 1 and stepper["images"] == 0, stepper
        assert "needs a trusted notebook" not in stepper["text"], stepper
        # Trusted (the inline SVG, the player), the front end's theme, the system the other way.
        wait_for(driver, _PLAYER_THEMED, "dark" if theme == "dark" else "light")
        check_colours(driver, shots / f"trusted-{name}.png", theme)
        assert driver.execute_script("return document.body.dataset.jpThemeLight") == (
            "true" if theme == "light" else "false"
        )


# The player in the Stepper's iframe has shown its first frame in the notebook's theme.
_PLAYER_THEMED = """
const frame = document.querySelector('iframe.backprop-lab-stepper');
const page = frame && frame.contentDocument;
return Boolean(page && page.documentElement.getAttribute('data-theme') === arguments[0] &&
  page.querySelector('#picture svg'));
"""

# The two outputs (drawing, stepper) once every picture in them has loaded.
_OUTPUTS_READY = (
    _OUTPUTS.replace("return [...", "const shown = [...", 1)
    + """
const pending = [...document.querySelectorAll('.jp-OutputArea-output img')].some(
  image => !image.complete);
return shown.length === 2 && !pending ? shown : null;
"""
)


NEURON_CELLS = [
    "import random\n"
    "from nn import MLP\n"
    "from autograd.lecture import Stepper\n"
    "random.seed(0)\n"
    "model = MLP(2, [2, 2, 1])\n"
    "loss = (model([1.0, -2.0]) - 1.0) ** 2",
    "Stepper(loss)",
]

# The Stepper's iframe: its height, the height of the notebook's visible area, and whether the
# page inside it can scroll (a dead inner scrollbar).
_STEPPER_FIT = """
const frame = document.querySelector('iframe.backprop-lab-stepper');
const scroller = frame.closest('.jp-WindowedPanel-outer');
const view = scroller.clientHeight;
const inner = frame.contentDocument.documentElement;
return {
  frame: frame.getBoundingClientRect().height,
  view: view,
  scrollsY: inner.scrollHeight > inner.clientHeight,
  scrollsX: inner.scrollWidth > inner.clientWidth,
  counter: frame.contentDocument.getElementById('counter').textContent,
  picture: frame.contentDocument.querySelector('#picture svg').getBoundingClientRect().height,
};
"""


# The player shows its first (or last) frame and the iframe has taken the height it told: the
# page inside is as tall as the iframe's inside (the border is 2 px), to within a pixel.
_FRAME_FITTED = """
const frame = document.querySelector('iframe.backprop-lab-stepper');
const page = frame && frame.contentDocument;
const counter = page && page.getElementById('counter');
if (!counter || !page.querySelector('#picture svg')) { return false; }
const [shown, total] = counter.textContent.split(' / ');
if ((arguments[0] === 'first') !== (shown === '1') || (arguments[0] === 'last') !== (shown === total)) {
  return false;
}
const inside = frame.getBoundingClientRect().height - 2;
return Math.abs(inside - Math.ceil(page.body.getBoundingClientRect().height)) <= 3;
"""


@pytest.mark.parametrize(
    ("front", "size"),
    [
        ("notebook", (1366, 768)),
        ("lab", (1366, 768)),
        ("lab", (1024, 768)),
        ("lab", (1366, 600)),
        ("notebook", (1366, 600)),
    ],
)
def test_stepper_fits_the_visible_notebook_without_an_inner_scrollbar(
    tmp_path: Path, front: str, size: tuple[int, int]
) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in NEURON_CELLS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, tmp_path / "neuron.ipynb")
    with (
        jupyter_server(tmp_path, front) as server,  # type: ignore[arg-type]
        chromium(tmp_path / "profile", viewport=size) as driver,
    ):
        open_notebook(driver, server, "neuron.ipynb")
        run_all(driver)
        wait_for(driver, _PLAYER_THEMED, "light")  # the player is up
        frame = driver.find_element("css selector", "iframe.backprop-lab-stepper")
        driver.execute_script("arguments[0].scrollIntoView()", frame)
        frame.click()
        for key, name in ((None, "first"), (Keys.END, "last")):
            if key is not None:
                ActionChains(driver).send_keys(key).perform()
            wait_for(driver, _FRAME_FITTED, "first" if key is None else "last")
            fit = driver.execute_script(_STEPPER_FIT)
            screenshot(driver, tmp_path / f"stepper-{front}-{size[0]}x{size[1]}-{name}.png")
            assert not fit["scrollsY"] and not fit["scrollsX"], fit  # no dead inner scrollbar
            assert fit["frame"] <= fit["view"], fit  # caption and buttons in view
            assert fit["picture"] >= 100, fit  # the picture shrinks, yet stays a picture


_ACTIVE = """
const panel = window.jupyterapp.shell.currentWidget;
return { iframe: document.activeElement && document.activeElement.tagName === 'IFRAME',
         mode: panel.content.mode, dirty: panel.context.model.dirty,
         counts: panel.content.widgets.map(cell => cell.model.executionCount),
         scrolled: panel.content.node.closest('.jp-WindowedPanel-outer') ?
           panel.content.node.closest('.jp-WindowedPanel-outer').scrollTop :
           panel.content.node.scrollTop,
         saved: panel.context.contentsModel.last_modified };
"""

_COUNTER = """
const frame = document.querySelector('iframe.backprop-lab-stepper');
const counter = frame && frame.contentDocument && frame.contentDocument.getElementById('counter');
return counter ? counter.textContent : null;
"""


def state(driver: object) -> dict[str, object]:
    return driver.execute_script(_ACTIVE)  # type: ignore[attr-defined, no-any-return]


def wait_counter(driver: object, expected: str) -> None:
    wait_for(
        driver,
        _COUNTER.replace(
            "return counter ?", "return counter && counter.textContent === arguments[0] ?"
        ),
        expected,
        timeout=30,
    )


@pytest.mark.parametrize("front", ["lab", "notebook"])
def test_stepper_hands_other_keys_back_to_the_notebook(tmp_path: Path, front: str) -> None:
    """Space before clicking steps (the notebook does not scroll away); once it has the focus
    the Stepper takes its own keys; Escape, Shift+Enter and Ctrl+S are the notebook's."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, tmp_path / "keys.ipynb")
    with (
        jupyter_server(tmp_path, front) as server,  # type: ignore[arg-type]
        chromium(tmp_path / "profile", viewport=(1366, 768)) as driver,
    ):
        open_notebook(driver, server, "keys.ipynb")
        run_all(driver)
        frame = driver.find_element("css selector", "iframe.backprop-lab-stepper")
        wait_for(driver, _PLAYER_THEMED, "light")  # the player is up
        driver.execute_script("arguments[0].scrollIntoView({block: 'end'})", frame)
        # Space before clicking: the notebook in command mode has the focus, the pointer is on
        # the Stepper. Without the Stepper's script the notebook scrolls a page down.
        driver.execute_script(
            "window.jupyterapp.commands.execute('notebook:enter-command-mode');"
            "window.jupyterapp.shell.currentWidget.content.activeCell.node.focus();"
        )
        ActionChains(driver).move_to_element(frame).perform()
        before = state(driver)
        assert not before["iframe"] and before["mode"] == "command", before
        ActionChains(driver).send_keys(Keys.SPACE).perform()
        wait_counter(driver, "2 / 7")  # a step
        after = state(driver)
        assert after["scrolled"] == before["scrolled"], (before, after)  # no scrolling
        assert after["iframe"], after  # and the Stepper has the focus now
        ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()  # its own key: it steps
        wait_counter(driver, "3 / 7")
        # Escape: back to the notebook, in command mode.
        ActionChains(driver).send_keys(Keys.ESCAPE).perform()
        escaped = wait_for(
            driver, _ACTIVE.replace("return {", "const s = {") + "return s.iframe ? null : s;"
        )
        assert escaped["mode"] == "command", escaped
        # Shift+Enter with the Stepper focused runs its cell (a new execution count), no step.
        frame.click()
        ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
        wait_counter(driver, "4 / 7")
        counts = state(driver)["counts"]
        ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
        ran = wait_for(
            driver,
            _ACTIVE.replace("return {", "const s = {")
            + "return s.counts[2] !== null && s.counts[2] > arguments[0] ? s : null;",
            counts[2],
            timeout=60,
        )
        assert ran["counts"][:2] == counts[:2], ran  # only the Stepper's cell ran
        wait_counter(driver, "1 / 7")  # a new Stepper, at its first frame: no step was taken
        # Ctrl+S with the Stepper focused saves the notebook (the file on the server changes):
        # first as one key event that reaches the Stepper (CDP: no separate Control keydown that
        # would move the focus first), so the key the Stepper hands back is what saves; then as
        # a person types it.
        frame = driver.find_element("css selector", "iframe.backprop-lab-stepper")
        wait_for(driver, _PLAYER_THEMED, "light")
        driver.execute_script("arguments[0].scrollIntoView({block: 'end'})", frame)
        for typed in ("handed back", "typed"):
            driver.execute_script(  # something to save, as after an edit
                "window.jupyterapp.shell.currentWidget.context.model.dirty = true;"
            )
            frame.click()
            wait_for(driver, "return document.activeElement.tagName === 'IFRAME'")
            saved = state(driver)["saved"]
            if typed == "handed back":
                for kind in ("keyDown", "keyUp"):
                    driver.execute_cdp_cmd(
                        "Input.dispatchKeyEvent",
                        {
                            "type": kind,
                            "modifiers": 2,  # Ctrl
                            "key": "s",
                            "code": "KeyS",
                            "windowsVirtualKeyCode": 83,
                        },
                    )
            else:
                actions = ActionChains(driver).key_down(Keys.CONTROL).send_keys("s")
                actions.key_up(Keys.CONTROL).perform()
            wait_for(
                driver,
                _ACTIVE.replace("return {", "const s = {") + "return s.saved !== arguments[0];",
                saved,
                timeout=60,
            )
            assert not state(driver)["iframe"], typed  # the focus went back to the notebook
