"""Find the mistake (issue 20): one classic error planted in one step, every later number from it.

Each planted mistake is compared with the engine itself run on the same wrong rule (the op's
local-gradient rule replaced, for the one node, in `autograd.rules.LOCAL_GRADS`): the Done
frame's gradients must equal `grad` of that wrong engine exactly, and differ from the right
ones. The page marks one frame as the wrong step; in Chromium, blaming another step says
"not this step", blaming the planted one (or revealing) names the mistake.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from autograd.formula import build_graph
from autograd.gradients import grad
from autograd.graph import topological_order
from autograd.lecture.frames import lecture_frames
from autograd.lecture.mistakes import MISTAKES, PlantedMistake
from autograd.lecture.player import export_html, player_html
from autograd.rules import LOCAL_GRADS
from autograd.value import Value

NEURON = ("σ(w0*x0 + w1*x1 + w2)", {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0})
GRAPHS = {
    "product_no_swap": NEURON,
    "sigmoid_from_input": ("σ(w0*x0 + w1*x1 + w2) * 2", NEURON[1]),
    "upstream_forgotten": NEURON,
    "sign_lost": ("(x - y) * z", {"x": 1.0, "y": 2.0, "z": 3.0}),
    "fanout_overwritten": ("x^2 + x*y + (x+y)^2", {"x": 1.0, "y": 2.0}),
}


def wrong_rule(name: str, planted: PlantedMistake, root: Value) -> Callable[[Value], Any]:
    """The op's local-gradient rule with the mistake made at the planted node only."""
    node = planted.node
    assert node is not None
    right = LOCAL_GRADS[node.op]
    upstream = grad(root, [node])[0]  # complete before the mistake: every earlier step is right

    def rule(other: Value) -> Any:
        if other is not node:
            return right(other)
        if name == "product_no_swap":
            return (node.inputs[0].data, node.inputs[1].data)
        if name == "sign_lost":
            return (1.0, 1.0) if node.op == "-" else (1.0,)
        if name == "sigmoid_from_input":
            z = node.inputs[0].data
            return (z * (1 - z),)
        return tuple(local / upstream for local in right(node))  # upstream_forgotten

    return rule


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, Callable[..., Any]], None]]:
    def patch(op: str, rule: Callable[..., Any]) -> None:
        monkeypatch.setitem(LOCAL_GRADS, op, rule)

    yield patch


@pytest.mark.parametrize("name", MISTAKES)
def test_each_mistake_changes_the_numbers_the_wrong_rule_gives(
    name: str, patched: Callable[[str, Callable[..., Any]], None]
) -> None:
    formula, values = GRAPHS[name]
    root = build_graph(formula, values)
    leaves = [node for node in topological_order(root) if not node.inputs and node.label]
    right = grad(root, leaves)
    planted = PlantedMistake(name, root)
    frames = lecture_frames(root, mistake=planted)
    shown = [frames[-1].shown_grads[leaf] for leaf in leaves]
    assert [frame.mistake for frame in frames].count(planted.explanation) == 1
    if name == "fanout_overwritten":  # every consumer but the last to send gives 0: overwritten
        target = planted.target
        assert target is not None
        order = topological_order(root)
        consumers = [n for n in order if target in n.inputs]
        last_sender = consumers[0]  # backward visits consumers last-in-order first
        for op in {n.op for n in consumers}:
            right_rule = LOCAL_GRADS[op]

            def rule(node: Value, right_rule: Any = right_rule) -> Any:
                locals_ = right_rule(node)
                if node in consumers and node is not last_sender:
                    return tuple(
                        0.0 if node.inputs[i] is target else g for i, g in enumerate(locals_)
                    )
                return locals_

            patched(op, rule)
    else:
        assert planted.node is not None
        patched(planted.node.op, wrong_rule(name, planted, root))
    wrong_engine = grad(root, leaves)
    assert shown == wrong_engine
    assert shown != right  # the mistake shows in the gradients
    assert all(math.isfinite(g) for g in shown)


def test_an_unknown_or_unfit_mistake_is_a_clear_error() -> None:
    root = build_graph("x * y", {"x": 1.0, "y": 2.0})
    with pytest.raises(ValueError, match="unknown mistake 'typo'; the mistakes are: product_no"):
        player_html(root, mistake="typo")
    with pytest.raises(ValueError, match="'sigmoid_from_input' needs a σ"):
        player_html(root, mistake="sigmoid_from_input")


def test_the_wrong_step_reads_as_if_it_were_right() -> None:
    formula, values = NEURON
    root = build_graph(formula, values)
    frames = lecture_frames(root, mistake=PlantedMistake("product_no_swap", root))
    (wrong,) = [frame for frame in frames if frame.mistake]
    assert "∂f/∂w1 = ∂f/∂n2 · w1 = 0.1966 · (−3) = −0.5898" in wrong.caption.splitlines()
    assert "×" in wrong.caption and "mistake" not in wrong.caption.lower()


@pytest.mark.slow  # a real browser
def test_the_student_finds_the_step_in_chromium(tmp_path: Path) -> None:
    from browser import chromium
    from selenium.webdriver.common.by import By

    formula, values = NEURON
    root = build_graph(formula, values)
    page = export_html(root, tmp_path / "mistake.html", mistake="product_no_swap")
    data = json.loads(
        re.search(
            r'id="lecture-data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S
        ).group(1)  # type: ignore[union-attr]
    )
    wrong = [i for i, frame in enumerate(data["frames"]) if "mistake" in frame]
    assert len(wrong) == 1
    with chromium(tmp_path / "profile", window=(1920, 1080)) as browser:
        browser.get(page.resolve().as_uri())
        result = browser.find_element(By.ID, "mistake-result")
        for _ in range(wrong[0] - 1):
            browser.find_element(By.ID, "next").click()
        browser.find_element(By.ID, "blame").click()  # the step before the wrong one
        assert result.text.startswith("Not this step")
        browser.find_element(By.ID, "next").click()
        assert result.text == ""
        browser.find_element(By.ID, "blame").click()
        assert result.text.startswith(
            "The mistake is in this step: ×: the derivative by one factor is the other factor"
        )
        browser.find_element(By.ID, "next").click()
        browser.find_element(By.ID, "reveal-mistake").click()  # jumps back to it
        assert (
            browser.find_element(By.ID, "counter").text == f"{wrong[0] + 1} / {len(data['frames'])}"
        )
        assert result.text.startswith("The mistake is in this step")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "×: the derivative by one factor is the other factor"),
        ("ru", "×: производная по одному множителю равна другому"),
    ],
)
def test_the_product_rule_in_words_is_the_courses(lang: str, words: str) -> None:
    """× is taught as the course words it, in the rule caption and in the planted mistake's
    reveal; no caption says × "swaps" its inputs (Russian "меняет входы местами")."""
    from autograd.i18n import _, language
    from autograd.ops import OPS

    root = build_graph(*NEURON)
    with language(lang):
        captions = [_(op.words) for op in OPS.values()] + [_(text) for text in MISTAKES.values()]
        assert _(OPS["*"].words) == words
        assert PlantedMistake("product_no_swap", root).explanation.startswith(words + ": ")
    for caption in captions:
        assert "swap" not in caption and "местами" not in caption, caption


def test_the_notebooks_teach_the_product_rule_as_the_captions_do() -> None:
    """The notebooks' prose says what the captions say: × passes each input the other factor,
    it does not "swap" them (Russian "меняет местами")."""
    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    for path in sorted(notebooks.glob("*.ipynb")) + sorted(notebooks.glob("ru/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                prose = "".join(cell["source"])
                assert "swap" not in prose and "местами" not in prose, (path.name, prose[:200])
