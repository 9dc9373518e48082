"""An exercise cell in a real JupyterLab: answered wrong (with a hint), then right, in both languages.

The notebook a student would write: the exercise's `...` replaced by a wrong answer, then by the
right one. Run in JupyterLab in headless Chromium at 1920×1080, the outputs must read as the
`check` verdicts (the orange "✗ Not yet" box with its hint, the green "✓ Right." box). The
screenshot is saved to $BACKPROP_LAB_SCREENSHOTS when that is set (to look at it).
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from tests.browser import chromium
from tests.jupyter import jupyter_server, open_notebook, run_all, wait_for

CELLS = [
    "from autograd.lecture.exercises import check",
    'answer = 0.4  # a wrong answer\ncheck("08.gd", answer, hint=True)',
    'answer = 0.6\ncheck("08.gd", answer)',
    "def sigmoid_prime(t):\n    return 1 / (1 + math.exp(-t))  # σ, not σ′\n\n"
    'import math\ncheck("04.sigmoid_prime", sigmoid_prime)',
]


@pytest.mark.slow  # a JupyterLab server and Chromium
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_an_exercise_answered_wrong_then_right_in_jupyterlab(tmp_path: Path, lang: str) -> None:
    notebook = nbformat.v4.new_notebook()
    set_language = f'from autograd.i18n import set_language\nset_language("{lang}")\n'
    notebook.cells = [nbformat.v4.new_code_cell(set_language + CELLS[0])] + [
        nbformat.v4.new_code_cell(source) for source in CELLS[1:]
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, tmp_path / "exercise.ipynb")
    with (
        jupyter_server(tmp_path, "lab") as server,
        chromium(tmp_path / "profile", window=(1920, 1080)) as driver,
    ):
        open_notebook(driver, server, "exercise.ipynb")
        run_all(driver)
        texts = wait_for(
            driver,
            """
            const outs = [...document.querySelectorAll('.jp-OutputArea-output')];
            const texts = outs.map(o => o.innerText.trim()).filter(t => t);
            return texts.length >= 3 ? texts : null;
            """,
        )
        shots = os.environ.get("BACKPROP_LAB_SCREENSHOTS")
        if shots:
            driver.save_screenshot(str(Path(shots) / f"exercise_jupyterlab_{lang}.png"))
        boxes = driver.execute_script(
            "return [...document.querySelectorAll('.jp-OutputArea-output div[style*=border-left]')]"
            ".map(d => getComputedStyle(d).borderLeftColor)"
        )
    wrong, right, function_wrong = texts
    if lang == "en":
        assert wrong.startswith("✗ Not yet") and "Hint: " in wrong
        assert right == "✓ Right."
        assert "at (−3) your function gives 0.0474259" in function_wrong
    else:
        assert wrong.startswith("✗ Пока нет") and "Подсказка: " in wrong
        assert right == "✓ Верно."
        assert "в точке (−3) ваша функция даёт 0.0474259" in function_wrong
    assert boxes == ["rgb(179, 89, 0)", "rgb(26, 127, 55)", "rgb(179, 89, 0)"]
