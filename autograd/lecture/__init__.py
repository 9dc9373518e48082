"""Teaching the backward pass step by step: the steps and their captions, the player, the stepper.

`steps.py` runs forward and backward one node at a time and writes each step's caption,
`player.py` turns the frames into one self-contained HTML lecture player, and `stepper.py`
shows them in Jupyter.
"""

from autograd.lecture.player import export_html
from autograd.lecture.stepper import Stepper
from autograd.lecture.steps import BackwardStep, ForwardStep, backward_steps, forward_steps

__all__ = [
    "BackwardStep",
    "ForwardStep",
    "Stepper",
    "backward_steps",
    "export_html",
    "forward_steps",
]
