"""Every user-facing word of the stepper and the player, in one place (for translations).

The captions' mathematics (∂f/∂x = ...) is built in `autograd.lecture.steps`; the sentences
around it, the phase names, the buttons, the quiz's feedback and the key help are here.
`PLAYER_WORDS` goes to the player's JavaScript as it is; `{name}` fields are filled there.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_TITLE",
    "PHASE_TITLES",
    "PLAYER_WORDS",
    "closing_caption",
    "given_caption",
    "start_caption",
]

DEFAULT_TITLE = "Backpropagation, step by step"

PHASE_TITLES = {"forward": "Forward pass", "backward": "Backward pass", "end": "Done"}

PLAYER_WORDS = {
    "previous": "◀ Previous",
    "next": "Next ▶",
    "keys": "Space / → next · Backspace / ← back · Home / End",
    "check": "Check",
    "hint": "Hint",
    "reveal": "Show the answer",
    "right": "✓ right",
    "wrong": "✗ not quite: it is {answer}",
    "unanswered": "the answer is {answer}",
    "not_a_number": "type a number, e.g. −0.25 or 3",
    "score": "Score: {right} of {asked} right",
    "quiz_prompt": "Your turn: type the value, then Check (Enter).",
    "frame": "frame",
}


def given_caption(leaves: str) -> str:
    """The first frame: the forward pass starts from the given inputs."""
    return f"Forward pass: the inputs are given: {leaves}" if leaves else "Forward pass"


def start_caption(root_name: str, root_value: str) -> str:
    """The first backward frame: the seed of the backward pass."""
    return (
        f"start: ∂{root_name}/∂{root_name} = 1\n"
        f"(the forward pass gave {root_name} = {root_value}; now back from the output)"
    )


def closing_caption(root_name: str, leaf_lines: list[str]) -> str:
    """The last frame: every leaf's gradient."""
    if not leaf_lines:
        return f"Done: {root_name} has no inputs."
    return "\n".join(
        [f"Done: the gradient of {root_name} with respect to every input", *leaf_lines]
    )
