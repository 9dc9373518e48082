"""Teaching the backward pass step by step: steps and captions, frames, one layout, the player.

`steps.py` walks forward and backward one node at a time and writes each step's caption,
`frames.py` turns the steps into the frames of a lecture (with quiz questions),
`layout.py` draws every frame on one fixed layout (SVG, PNG, PDF), `player.py` puts the
frames into one self-contained HTML player, and `stepper.py` shows that player in a
notebook. `words.py` holds every user-facing word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autograd.lazy import lazy_names

if TYPE_CHECKING:  # as a type checker sees them; at run time `__getattr__` loads each when used
    from autograd.lecture.frames import Frame, Question, lecture_frames
    from autograd.lecture.layout import FramePictures, frame_pictures
    from autograd.lecture.player import export_html
    from autograd.lecture.stepper import Stepper
    from autograd.lecture.steps import BackwardStep, ForwardStep, backward_steps, forward_steps

__all__ = [
    "BackwardStep",
    "ForwardStep",
    "Frame",
    "FramePictures",
    "Question",
    "Stepper",
    "backward_steps",
    "export_html",
    "forward_steps",
    "frame_pictures",
    "lecture_frames",
]

# name -> the module defining it, imported the first time the name is used (PEP 562)
_WHERE = {
    "BackwardStep": "autograd.lecture.steps",
    "ForwardStep": "autograd.lecture.steps",
    "Frame": "autograd.lecture.frames",
    "FramePictures": "autograd.lecture.layout",
    "Question": "autograd.lecture.frames",
    "Stepper": "autograd.lecture.stepper",
    "backward_steps": "autograd.lecture.steps",
    "export_html": "autograd.lecture.player",
    "forward_steps": "autograd.lecture.steps",
    "frame_pictures": "autograd.lecture.layout",
    "lecture_frames": "autograd.lecture.frames",
}


__getattr__, __dir__ = lazy_names(__name__, _WHERE, __all__)
