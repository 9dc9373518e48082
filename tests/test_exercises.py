"""The notebooks' exercises: every one is right with its worked solution and wrong with a typical slip.

`notebooks/solutions/solutions.py` holds, for every exercise id, the answer a student would type
(SOLUTIONS) and a typical wrong one (WRONG). Each exercise must accept the first and reject the
second; an empty answer (`...`) asks for one; the ids in the notebooks are exactly the registered
ones, each in one notebook; and no notebook cell gives the answer away.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

from autograd.i18n import language
from autograd.lecture.exercises import Verdict, all_exercises, answer_digest, check, exercise, hint

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IDS = [item.id for item in all_exercises()]


def load_solutions():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "solutions", ROOT / "notebooks" / "solutions" / "solutions.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOLUTIONS = load_solutions()


def test_every_exercise_has_a_solution_and_a_wrong_answer() -> None:
    assert sorted(SOLUTIONS.SOLUTIONS) == sorted(IDS)
    assert sorted(SOLUTIONS.WRONG) == sorted(IDS)
    assert len(IDS) >= 2 * 11  # two or more per notebook


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_solution_is_right(exercise_id: str) -> None:
    verdict = check(exercise_id, SOLUTIONS.SOLUTIONS[exercise_id])
    assert verdict.right, verdict.message
    assert verdict.message.startswith("✓")


@pytest.mark.parametrize("exercise_id", IDS)
def test_a_wrong_answer_is_wrong_and_offers_a_hint(exercise_id: str) -> None:
    verdict = check(exercise_id, SOLUTIONS.WRONG[exercise_id])
    assert not verdict.right, exercise_id
    assert verdict.message.startswith("✗ Not yet")
    assert f'check("{exercise_id}", answer, hint=True)' in verdict.message
    with_hint = check(exercise_id, SOLUTIONS.WRONG[exercise_id], hint=True)
    assert not with_hint.right and "Hint: " in with_hint.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_an_empty_answer_asks_for_one(exercise_id: str) -> None:
    verdict = check(exercise_id, ...)
    assert not verdict.right and "in place of the ..." in verdict.message


def test_answers_of_the_wrong_kind_get_a_clear_message() -> None:
    assert "expected one number" in check("04.one_step", "0.35").message
    assert "expected 2 numbers, got (5)" in check("01.paths", (5,)).message
    assert "expected a function" in check("04.sigmoid_prime", 0.25).message
    raised = check("04.sigmoid_prime", lambda t: 1 / 0).message
    assert "ZeroDivisionError" in raised and "at (−3)" in raised
    assert not check("04.one_step", float("nan")).right
    assert not check("04.one_step", True).right


def test_a_typical_slip_is_named() -> None:
    assert "left out the path" in check("01.paths", (3, 2)).message
    assert "unbiased" in check("10.gauss", 7).message


def test_exact_answers_are_stored_as_digests_and_normalised() -> None:
    item = exercise("05.multilabel")
    assert answer_digest("05.multilabel", "  Sigmoid ") in item.digests
    assert check("05.multilabel", "SIGMOID").right
    assert check("11.shapes", [3, 2]).right and check("11.shapes", (3.0, 2.0)).right
    assert check("02.cost", 82.0).right and not check("02.cost", 82.5).right


def test_unknown_exercise_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"no exercise '01\.nope'; the exercises are 01\.neuron"):
        check("01.nope", 1)


def test_the_verdict_shows_in_jupyter_and_escapes_what_the_student_typed() -> None:
    verdict = check("04.one_step", "<script>alert(1)</script>")
    html = verdict._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert isinstance(hint("01.paths"), Verdict) and "Sum over the paths" in repr(hint("01.paths"))
    assert bool(check("08.gd", 0.6)) is True


def test_messages_follow_the_language() -> None:
    with language("ru"):
        assert check("08.gd", 0.6).message == "✓ Верно."
        wrong = check("08.gd", 0.4, hint=True).message
        assert "Пока нет" in wrong and "Подсказка" in wrong


def exercise_cells() -> dict[str, list[str]]:
    """exercise id -> the notebooks whose cells call check("<id>", ...)."""
    found: dict[str, list[str]] = {}
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                for exercise_id in re.findall(r'check\("([0-9]{2}\.[a-z_]+)"', cell.source):
                    found.setdefault(exercise_id, []).append(path.name)
    return found


def test_every_exercise_is_in_its_notebook_once() -> None:
    found = exercise_cells()
    assert sorted(found) == sorted(IDS)
    for exercise_id, names in found.items():
        assert len(names) == 1 and names[0].startswith(exercise_id[:2]), (exercise_id, names)
    per_notebook = {path.name[:2]: 0 for path in NOTEBOOKS if "appendix" not in path.name}
    for exercise_id in IDS:
        per_notebook[exercise_id[:2]] += 1
    assert all(2 <= count <= 5 for count in per_notebook.values()), per_notebook


def test_no_notebook_gives_an_answer_away() -> None:
    """Every exercise cell leaves a `...` for the student to replace."""
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code" and 'check("' in cell.source:
                assert "..." in cell.source, (path.name, cell.source)
