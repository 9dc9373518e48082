"""Every user-facing word of the stepper and the player, in one place (for translations).

The captions' mathematics (∂f/∂x = ...) is built in `autograd.lecture.steps`; the sentences
around it, the phase names, the buttons, the quiz's feedback and the key help are here.
`player_words()` goes to the player's JavaScript; `{name}` fields are filled there.
Every word is marked for translation (`autograd.i18n`): the constants with `N_` and translated
when used (`_(PHASE_TITLES["forward"])`, `player_words()`), the sentences by the functions here,
in the language current when they are called.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd.i18n import N_, _

__all__ = [
    "DEFAULT_TITLE",
    "PHASE_TITLES",
    "PLAYER_WORDS",
    "closing_caption",
    "given_caption",
    "player_words",
    "start_caption",
]

DEFAULT_TITLE = N_("Backpropagation, step by step")

PHASE_TITLES = {
    "forward": N_("Forward pass"),
    "backward": N_("Backward pass"),
    "end": N_("Done"),
    "descent": N_("Gradient descent"),
}

PLAYER_WORDS = {
    "previous": N_("◀ Previous"),
    "next": N_("Next ▶"),
    "keys": N_("Space / → next · Backspace / ← back · Home / End"),
    "check": N_("Check"),
    "hint": N_("Hint"),
    "reveal": N_("Show the answer"),
    "right": N_("✓ right"),
    "right_now": N_("✓ right now"),
    "try_again": N_("✗ not yet: try again"),
    "too_coarse": N_("≈ too coarse"),
    "coarse_hint": N_("too coarse: give at least 2 significant digits (−0.20, not −0.2)"),
    "wrong": N_("✗ it is {answer}"),
    "unanswered": N_("the answer is {answer}"),
    "not_a_number": N_("not a number: type one, e.g. −0.25 or 3"),
    "score": N_("Score: {first}/{asked} at the first try, {eventually}/{asked} in the end"),
    "quiz_prompt": N_("Your turn: type the value, then Check (Enter)."),
    "frame": N_("frame"),
    "blame": N_("This step is wrong"),
    "reveal_mistake": N_("Reveal the mistake"),
    "mistake_found": N_("The mistake is in this step: {why}"),
    "mistake_not_here": N_("Not this step: its numbers follow from the steps before. Look again."),
}


def player_words() -> dict[str, str]:
    """`PLAYER_WORDS` in the current language."""
    return {key: _(word) for key, word in PLAYER_WORDS.items()}


def given_caption(leaves: str) -> str:
    """The first frame: the forward pass starts from the given inputs."""
    if not leaves:
        return _("Forward pass")
    return _("Forward pass: the inputs are given: {leaves}").format(leaves=leaves)


def start_caption(root_name: str, root_value: str) -> str:
    """The first backward frame: the seed of the backward pass."""
    return _(
        "start: ∂{root}/∂{root} = 1\n"
        "(the forward pass gave {root} = {value}; now back from the output)"
    ).format(root=root_name, value=root_value)


def closing_caption(root_name: str, leaf_lines: list[str], *, table: Sequence[str] = ()) -> str:
    """The last frame: every leaf's gradient (`table`: given as whole lines, one per layer)."""
    if table:
        heading = _("Done: the gradient of {root} with respect to every input")
        return "\n".join([heading.format(root=root_name), *table])
    if not leaf_lines:
        return _("Done: {root} has no inputs.").format(root=root_name)
    heading = _("Done: the gradient of {root} with respect to every input").format(root=root_name)
    # One line, wrapped between the gradients (never inside one), so the picture keeps its size.
    unbroken = [line.replace(" ", "\N{NO-BREAK SPACE}") for line in leaf_lines]
    return heading + "\n" + ",   ".join(unbroken)
