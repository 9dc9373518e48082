"""`Exercise`: what one "Try it yourself" exercise is (its task, hint and how it is checked).

`autograd/lecture/course_exercises.py` lists the course's; `autograd/lecture/exercises.py` checks
answers against them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Exercise", "Kind"]

Kind = Literal["number", "numbers", "function", "exact"]


@dataclass(frozen=True)
class Exercise:
    """One "Try it yourself" exercise.

    kind "number"/"numbers": `expected()` computes the answer (a float, or a tuple of floats), and
    an answer within `tolerance` of it is right. kind "function": the student's function is
    called on each of `probes` and compared with `reference` (to `tolerance`, relative to the
    size of the value, or absolute below 1). kind "exact": the normalised answer's digest must be
    one of `digests` (see `answer_digest`). `mistakes` pairs a typical wrong answer (computed, as the
    right one) with what it tells about the slip.
    """

    id: str
    task: str  # marked with N_: translated when shown
    hint: str  # marked with N_
    kind: Kind
    expected: Callable[[], Any] | None = None
    reference: Callable[..., Any] | None = None
    probes: tuple[tuple[Any, ...], ...] = ()
    digests: tuple[str, ...] = ()  # exact answers: every accepted spelling's digest
    tolerance: float = 0.005
    mistakes: tuple[tuple[Callable[[], Any], str], ...] = field(default=())
