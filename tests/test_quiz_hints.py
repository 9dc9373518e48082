"""The quiz's hint teaches the rule and never prints the number it asks for.

The hint of a gradient question (quiz="grad": the player, the Stepper, the what-if player) says
the chain rule in symbols and the op's rule in words. It printed the local derivative's number,
which at the output (upstream ∂f/∂f = 1), or wherever the upstream gradient is 1, is the answer
itself: "∂f/∂q = ∂f/∂f · z, and here ∂f/∂q = z = −4" for the question ∂f/∂q = ?. Now the upstream
∂f/∂f is named in words ("the output's gradient by itself"), never printed, in both languages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from autograd.formula import build_graph
from autograd.i18n import language
from autograd.lecture.frames import Question, lecture_frames
from autograd.lecture.player import export_html
from autograd.value import Value
from nn import MLP
from tests.seed_graphs import seed_xyz

# A number as a caption writes it (Unicode minus), never part of a name (n1, x0, w₁₂).
NUMBER = re.compile(r"(?<![\w.])[\u2212-]?\d+(?:\.\d+)?(?:e[\u2212+-]?\d+)?(?![\w.])")


def network_loss(seed: int) -> Value:
    model = MLP(2, [2, 2, 1], "sigmoid", output_activation="sigmoid", seed=seed)
    out = model([5.0, 2.0 + seed])
    assert isinstance(out, Value)
    return 0.5 * (1 - out) ** 2


def formula(text: str, **values: float) -> Callable[[int], Value]:
    """The graph of `text` at `values`, or (variant 1) at other values of the same signs."""
    return lambda variant: build_graph(
        text, {k: v * (1.7 if variant else 1) for k, v in values.items()}
    )


NEURON = {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0}
GRAPHS: dict[str, Callable[[int], Value]] = {
    "seed (x + y)·z": formula("(x + y) * z", x=-2.0, y=5.0, z=-4.0),
    "the seed neuron": formula("σ(w0*x0 + w1*x1 + w2)", **NEURON),
    "fan-out": formula("x^2 + x*y + (x+y)^2", x=1.0, y=2.0),
    "x − y·z at the output": formula("x - y*z", x=1.0, y=2.0, z=3.0),
    "a constant factor": formula("(x - y) + 2*z*x", x=1.0, y=2.0, z=3.0),
    "MLP(2, [2, 2, 1]), MSE": lambda variant: network_loss(1 + variant),
}


def questions_of(root: Value, lang: str) -> list[Question]:
    with language(lang):
        return [q for frame in lecture_frames(root, quiz="grad") for q in frame.questions]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("graph", GRAPHS)
def test_no_hint_prints_a_number_of_the_pass(graph: str, lang: str) -> None:
    """A hint is the same text whatever the inputs' values: the only numbers in it are the
    rule's own (the 2 of 2·x, the 1 of 1 − σ), never one the pass computed, so never the answer
    (the old hints printed the local derivative: "z = −4", the answer at the output)."""
    questions, others = (questions_of(GRAPHS[graph](variant), lang) for variant in (0, 1))
    assert questions and len(questions) == len(others)
    changed = 0
    for question, other in zip(questions, others):
        changed += question.shown != other.shown
        assert question.hint == other.hint, (question.prompt, question.hint, other.hint)
    assert changed  # the variant really has other answers


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "∂f/∂q = ∂f/∂f · z, where ∂f/∂f is the output's gradient by itself "
            "(×: the derivative by one factor is the other factor)",
        ),
        (
            "ru",
            "∂f/∂q = ∂f/∂f · z, где ∂f/∂f — градиент выхода по самому себе "
            "(×: производная по одному множителю равна другому)",
        ),
    ],
)
def test_the_player_hints_the_rule_at_the_output(tmp_path: Path, lang: str, expected: str) -> None:
    page = export_html(seed_xyz()[-1], tmp_path / "quiz.html", quiz="grad", lang=lang)
    found = re.search(r'id="lecture-data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    assert found is not None
    hints = {
        question["prompt"]: question["hint"]
        for frame in json.loads(found.group(1))["frames"]
        for question in frame.get("questions", [])
    }
    assert hints["∂f/∂q ="] == expected
    assert not {"−4", "3"} & set(NUMBER.findall(" ".join(hints.values())))  # the answers
    assert hints["∂f/∂x ="].startswith("∂f/∂x = ∂f/∂q (")  # + passes it on: · 1 adds nothing
