"""Teaching the backward pass step by step: steps and captions, frames, one layout, the player.

`steps.py` walks forward and backward one node at a time and writes each step's caption,
`frames.py` turns the steps into the frames of a lecture (with quiz questions),
`layout.py` draws every frame on one fixed layout (SVG, PNG, PDF), `player.py` puts the
frames into one self-contained HTML player, and `stepper.py` shows that player in a
notebook. `words.py` holds every user-facing word.
"""

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
