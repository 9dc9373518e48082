"""`check("01.paths", answer)`: the notebooks' "Try it yourself" cells, checked.

A student writes an answer (a number, a few numbers, a small function, a word) in place of the
`...` of an exercise cell and runs it; `check` says right or not yet, and `hint` (or
`check(..., hint=True)`) gives a nudge without the answer:

    from autograd.lecture.exercises import check, hint
    check("01.paths", (5, 4))          # ✓ Right.  /  ✗ Not yet: ...
    hint("01.paths")                    # the exercise's hint

The expected answers are never written in the notebook, and most are not written anywhere: a
number is computed when it is checked (by the engine, from the exercise's graph), a function is
compared with the engine's on a few points, and an exact answer (a count, a word) is compared by
its SHA-256 digest. The exercises themselves (each id's task, hint and way to check) are in
`autograd/lecture/course_exercises.py` (each an `exercise_spec.Exercise`); worked solutions a lecturer can hand out are in
`notebooks/solutions/`. Every message is in the current language (`autograd.i18n`).
"""

from __future__ import annotations

import hashlib
import html
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

from autograd.i18n import _
from autograd.lecture.exercise_spec import Exercise

__all__ = ["Exercise", "Verdict", "answer_digest", "check", "exercise", "hint", "register"]


_EXERCISES: dict[str, Exercise] = {}


def register(*exercises: Exercise) -> None:
    """Add exercises to the registry (`course_exercises.py` registers the course's)."""
    for item in exercises:
        if item.id in _EXERCISES:
            raise ValueError(f"exercise {item.id!r} is registered twice")
        _EXERCISES[item.id] = item


def exercise(exercise_id: str) -> Exercise:
    """The exercise with this id, e.g. "01.paths"; a clear error listing the ids otherwise."""
    _load_course()
    if not isinstance(exercise_id, str) or exercise_id not in _EXERCISES:
        known = ", ".join(sorted(_EXERCISES))
        raise ValueError(f"check: no exercise {exercise_id!r}; the exercises are {known}")
    return _EXERCISES[exercise_id]


def all_exercises() -> list[Exercise]:
    """Every registered exercise, in id order."""
    _load_course()
    return [_EXERCISES[key] for key in sorted(_EXERCISES)]


def _load_course() -> None:
    if not _EXERCISES:
        from autograd.lecture.course_exercises import COURSE_EXERCISES

        register(*COURSE_EXERCISES)


@dataclass(frozen=True)
class Verdict:
    """What `check` found: `right`, and the message (shown as a coloured box in Jupyter)."""

    right: bool
    message: str

    def __bool__(self) -> bool:
        return self.right

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        colour, background = ("#1a7f37", "#e6f4ea") if self.right else ("#b35900", "#fff4e5")
        lines = "<br>".join(html.escape(line) for line in self.message.splitlines())
        return (
            f'<div style="border-left:6px solid {colour};background:{background};color:#111;'
            f'padding:8px 12px;font-size:15px;line-height:1.5">{lines}</div>'
        )


def answer_digest(exercise_id: str, answer: object) -> str:
    """SHA-256 of the exercise id and the normalised answer: how exact answers are stored."""
    return hashlib.sha256(f"{exercise_id}|{_normalised(answer)}".encode()).hexdigest()


def _normalised(answer: object) -> str:
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        number = float(answer)
        return str(int(number)) if number.is_integer() else repr(number)
    if isinstance(answer, str):
        return " ".join(answer.strip().lower().replace("ё", "е").split())
    if isinstance(answer, (tuple, list)):
        return "(" + ", ".join(_normalised(item) for item in answer) + ")"
    return repr(answer)


def hint(exercise_id: str) -> Verdict:
    """The hint of an exercise (it never gives the answer away)."""
    item = exercise(exercise_id)
    return Verdict(False, _("Hint: {hint}").format(hint=_(item.hint)))


def check(exercise_id: str, answer: object, *, hint: bool = False) -> Verdict:
    """Is `answer` right for the exercise `exercise_id`? With `hint=True`, the hint as well."""
    item = exercise(exercise_id)
    if answer is Ellipsis or answer is None:
        verdict = Verdict(False, _("Write your answer in place of the ... and run the cell again."))
    else:
        verdict = _judge(item, answer)
    if hint and not verdict.right:
        extra = _("Hint: {hint}").format(hint=_(item.hint))
        return Verdict(False, f"{verdict.message}\n{extra}")
    if not verdict.right:
        more = _('For a hint: check("{id}", answer, hint=True)').format(id=item.id)
        return Verdict(False, f"{verdict.message}\n{more}")
    return verdict


def _right() -> Verdict:
    return Verdict(True, _("✓ Right."))


def _wrong(reason: str) -> Verdict:
    return Verdict(False, _("✗ Not yet: {reason}").format(reason=reason))


def _judge(item: Exercise, answer: object) -> Verdict:
    if item.kind == "exact":
        return (
            _right()
            if answer_digest(item.id, answer) in item.digests
            else _wrong(_("that is not the answer."))
        )
    if item.kind == "function":
        return _judge_function(item, answer)
    assert item.expected is not None
    expected = item.expected()
    if item.kind == "number":
        number = _as_number(answer)
        if number is None:
            return _wrong(_("expected one number, got {given}.").format(given=_shown(answer)))
        if abs(number - float(expected)) <= item.tolerance:
            return _right()
        for mistaken, explanation in item.mistakes:
            if abs(number - float(mistaken())) <= item.tolerance:
                return _wrong(_(explanation))
        return _wrong(
            _("{given} is not within {tolerance} of the answer.").format(
                given=_shown(answer), tolerance=_shown(item.tolerance)
            )
        )
    numbers = _as_numbers(answer)
    if numbers is None or len(numbers) != len(expected):
        return _wrong(
            _("expected {count} numbers, got {given}.").format(
                count=len(expected), given=_shown(answer)
            )
        )
    for mistaken, explanation in item.mistakes:
        if _all_close(numbers, mistaken(), item.tolerance):
            return _wrong(_(explanation))
    wrong = [
        position + 1
        for position, (number, target) in enumerate(zip(numbers, expected, strict=True))
        if abs(number - float(target)) > item.tolerance
    ]
    if not wrong:
        return _right()
    return _wrong(
        _("number {positions} of {count} is not within {tolerance} of the answer.").format(
            positions=", ".join(str(p) for p in wrong),
            count=len(expected),
            tolerance=_shown(item.tolerance),
        )
    )


def _judge_function(item: Exercise, answer: object) -> Verdict:
    if not callable(answer):
        return _wrong(_("expected a function, got {given}.").format(given=_shown(answer)))
    assert item.reference is not None
    for arguments in item.probes:
        shown_arguments = ", ".join(_shown(a) for a in arguments)
        try:
            got = _plain(answer(*arguments))
        except Exception as error:  # a student's function may raise anything: say what and where
            return _wrong(
                _("your function raised {error} at ({arguments}).").format(
                    error=f"{type(error).__name__}: {error}", arguments=shown_arguments
                )
            )
        if got is Ellipsis or got is None:
            return Verdict(
                False, _("Write your answer in place of the ... and run the cell again.")
            )
        expected = _plain(item.reference(*arguments))
        if not _close(got, expected, item.tolerance):
            return _wrong(
                _(
                    "at ({arguments}) your function gives {got}, the right value is {expected}."
                ).format(arguments=shown_arguments, got=_shown(got), expected=_shown(expected))
            )
    return _right()


def _plain(value: object) -> object:
    """A Value's number, a numpy array as nested lists of floats; other things as they are."""
    data = getattr(value, "data", None)
    if isinstance(data, float) and not isinstance(value, (list, tuple)):
        return data
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _close(got: object, expected: object, tolerance: float) -> bool:
    if isinstance(expected, list):
        return (
            isinstance(got, list)
            and len(got) == len(expected)
            and all(_close(a, b, tolerance) for a, b in zip(got, expected, strict=True))
        )
    number, target = _as_number(got), _as_number(expected)
    if number is None or target is None:
        return False
    return abs(number - target) <= tolerance * max(1.0, abs(target))


def _all_close(numbers: Sequence[float], targets: Sequence[float], tolerance: float) -> bool:
    return len(numbers) == len(targets) and all(
        abs(a - float(b)) <= tolerance for a, b in zip(numbers, targets, strict=True)
    )


def _as_number(answer: object) -> float | None:
    """A finite real number (int, float, numpy scalar, a Value's data); None for anything else."""
    answer = _plain(answer)
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return None
    number = float(answer)
    return number if math.isfinite(number) else None


def _as_numbers(answer: object) -> list[float] | None:
    answer = _plain(answer)
    if not isinstance(answer, (list, tuple)):
        return None
    numbers = [_as_number(item) for item in answer]
    if any(number is None for number in numbers):
        return None
    return [number for number in numbers if number is not None]


def _shown(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.6g}".replace("-", "−")
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_shown(item) for item in value) + ")"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
