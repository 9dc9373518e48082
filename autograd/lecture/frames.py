"""The frames of a backprop lecture: what the player and the notebook stepper show, one by one.

`lecture_frames(root)` turns `forward_steps` and `backward_steps` into frames:
the given inputs, one frame per forward operation, "start: ∂f/∂f = 1", one frame
per backward operation, and a closing frame with every leaf's gradient. A frame
says which node is current, which values and gradients are known so far, which
edges have been walked (and which in this step), and the caption. With a quiz,
frames also carry the questions a student answers before the numbers are shown.
Building frames never changes any `.grad` (the steps are computed on the side).
Pictures of the frames, all with the same geometry, come from
`autograd.lecture.layout.frame_pictures`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from autograd.graph import topological_order
from autograd.i18n import _
from autograd.lecture import words
from autograd.lecture.steps import (
    BackwardStep,
    ForwardStep,
    backward_steps,
    caption_names,
    format_number,
    forward_steps,
)
from autograd.value import Value, is_constant

if TYPE_CHECKING:
    from autograd.lecture.mistakes import PlantedMistake
from autograd.viz.notation import get_notation, lecture_number, superscript_text

__all__ = [
    "RESULT_EDGE",
    "TABLE_CELL",
    "Frame",
    "Question",
    "QuizKind",
    "block_starts",
    "caption_parts",
    "check_frame_count",
    "closing_frame",
    "header_spans",
    "lecture_frames",
    "opening_frame",
]

QuizKind = Literal["grad", "data"]

# An edge is (node, input_index): the edge from node.inputs[input_index] into node's
# operation. RESULT_EDGE as the index means the edge from the operation to node's own box.
RESULT_EDGE = -1

Edge = tuple[Value, int]


@dataclass(frozen=True)
class Question:
    """One number a student types before it is shown.

    `prompt` is what stands before the answer box ("∂f/∂w0 =", "n2 ="), `answer` the
    true number, `shown` how the frame shows it ("−0.1966"), `hint` the rule that gives
    it, `node` whose gradient ("grad") or value ("data") it is.
    """

    prompt: str
    answer: float
    shown: str
    hint: str
    node: Value
    kind: QuizKind


@dataclass(frozen=True)
class Frame:
    """One picture of the lecture: what `draw` shows, the walked edges, and the caption.

    `phase` is "forward", "backward" or "end"; `highlight` is the current node (or None);
    `shown_grads` maps each node whose gradient is known so far to it (the others are
    blank); `shown_data` is the set of nodes whose value is computed so far (None: all);
    `walked_edges` are the edges visited so far in this phase, `current_edges` those of
    this step (see `RESULT_EDGE`); `questions` are the quiz's questions (empty without one)
    and `question_caption` the caption shown while they are open (it gives no answer away);
    `partial` are the nodes whose shown gradient is a running sum still waiting for messages
    (drawn "grad 8 so far"); `values` the value a node shows instead of its `.data` (a step of
    gradient descent: the graph at the new values of its leaves).
    """

    phase: Literal["forward", "backward", "end", "descent"]
    caption: str
    highlight: Value | None
    shown_grads: Mapping[Value, float]
    shown_data: frozenset[Value] | None
    walked_edges: tuple[Edge, ...] = ()
    current_edges: tuple[Edge, ...] = ()
    questions: tuple[Question, ...] = ()
    question_caption: str = ""
    partial: frozenset[Value] = frozenset()
    mistake: str = ""  # the planted mistake's explanation, on the frame of the wrong step
    values: Mapping[Value, float] | None = None

    @property
    def title(self) -> str:
        """The phase as the player's header names it ("Backward pass")."""
        return _(words.PHASE_TITLES[self.phase])

    def hidden_until_answered(self) -> tuple[Mapping[Value, float], frozenset[Value] | None]:
        """(shown_grads, shown_data) of the question picture: the asked numbers left blank."""
        asked_grads = {q.node for q in self.questions if q.kind == "grad"}
        asked_data = {q.node for q in self.questions if q.kind == "data"}
        grads = {node: g for node, g in self.shown_grads.items() if node not in asked_grads}
        data = None if self.shown_data is None else self.shown_data - asked_data
        if data is None and asked_data:
            raise ValueError("a data question needs a frame with shown_data")
        return grads, data


def lecture_frames(
    root: Value,
    *,
    quiz: QuizKind | None = None,
    show_constants: bool = False,
    mistake: PlantedMistake | None = None,
) -> list[Frame]:
    """The frames of the lecture on `root`'s graph, in order (see the module docstring).

    `quiz="grad"` asks for every message of the backward pass, `quiz="data"` for every
    value of the forward pass. Constants (`autograd.value.is_constant`) are not inputs: they
    are not listed as given, get no gradient, and are never asked, unless `show_constants`.
    `mistake` plants one error in the backward pass (autograd/lecture/mistakes.py): the frame of
    the wrong step carries its explanation in `Frame.mistake`. Never changes any `.grad`.
    """
    if quiz not in (None, "grad", "data"):
        raise ValueError(f"lecture_frames: quiz must be None, 'grad' or 'data', got {quiz!r}")
    order = topological_order(root)
    names = caption_names(order)
    root_name = names[root]
    frames = _forward_frames(root, order, names, quiz == "data", show_constants)
    all_data = frozenset(order)
    known: dict[Value, float] = {root: 1.0}
    frames.append(opening_frame(root, root_name, all_data))
    walked: list[Edge] = []
    partial: set[Value] = set()  # running sums still waiting for messages
    overwritten = 0  # messages to the node a planted fan-out mistake overwrites
    for step in backward_steps(root, show_constants=show_constants, mistake=mistake):
        current: list[Edge] = [(step.node, RESULT_EDGE)]
        current += [(step.node, sent.input_index) for sent in step.messages]
        walked += current
        for sent in step.messages:
            known[sent.input] = sent.total
            if sent.complete:
                partial.discard(sent.input)
            else:
                partial.add(sent.input)
        questions = _grad_questions(step) if quiz == "grad" else ()
        wrong = ""
        if mistake is not None:
            if mistake.target is not None:
                before = overwritten
                overwritten += sum(1 for sent in step.messages if sent.input is mistake.target)
                wrong = mistake.explanation if before < 2 <= overwritten else ""
            elif step.node is mistake.node:
                wrong = mistake.explanation
        frames.append(
            Frame(
                "backward",
                step.caption,
                step.node,
                dict(known),
                all_data,
                tuple(walked),
                tuple(current),
                questions,
                step.header if questions else "",
                frozenset(partial),
                wrong,
            )
        )
    frames.append(closing_frame(root, order, names, root_name, known, all_data, walked))
    return frames


def check_frame_count(root: Value, max_frames: int, where: str) -> None:
    """Refuse a lecture of more than `max_frames` frames before any frame is built or drawn.

    A node-level lecture has 3 + 2 frames per operation node (the given inputs, one forward and
    one backward frame per operation, "start" and "done"); a collapsed one has fewer. Counting
    takes one topological sort, so a huge graph is refused in about a second.
    """
    frame_count = 3 + 2 * sum(1 for node in topological_order(root) if node.inputs)
    if frame_count > max_frames:
        raise ValueError(
            f"{where}: the graph needs {frame_count} frames, more than max_frames={max_frames}"
        )


def opening_frame(root: Value, root_name: str, all_data: frozenset[Value]) -> Frame:
    """The backward pass's first frame: ∂root/∂root = 1 at the root, nothing walked yet."""
    return Frame(
        "backward",
        words.start_caption(root_name, format_number(root.data)),
        root,
        {root: 1.0},
        all_data,
    )


def closing_frame(
    root: Value,
    order: list[Value],
    names: Mapping[Value, str],
    root_name: str,
    grads: Mapping[Value, float],
    all_data: frozenset[Value],
    walked: list[Edge],
) -> Frame:
    """The last frame: every leaf's ∂root/∂leaf (`grads`), once the backward pass is done.

    Listed in lecture order: layer by layer its weights (neuron by neuron) then its biases, then
    the inputs x_1, x_2, ..., then any other leaf in graph order. When a model has more than
    `_FEW` such gradients, they are one compact table (`caption_parts`): a block per matrix and
    vector, side by side (∂loss/∂W⁽¹⁾ with its rows as the notation writes W, ∂loss/∂b⁽¹⁾, …,
    ∂loss/∂x), one row per matrix row, never one wrapping line of names.
    """
    leaves = sorted(
        (node for node in order if not node.inputs and node in grads and node is not root),
        key=lambda node: _lecture_order(node, order),
    )
    modelled = [node for node in leaves if node.role is not None]
    if len(modelled) > _FEW:
        table = _layer_lines(modelled, root_name, grads)
        others = [
            f"∂{root_name}/∂{names[node]} = {format_number(grads[node])}"
            for node in leaves
            if node.role is None
        ]
        caption = words.closing_caption(root_name, [], table=[*table, *others])
    else:
        leaf_lines = [
            f"∂{root_name}/∂{names[node]} = {format_number(grads[node])}" for node in leaves
        ]
        caption = words.closing_caption(root_name, leaf_lines)
    return Frame(
        "end",
        caption,
        None,
        dict(grads),
        all_data,
        tuple(walked),
    )


_FEW = 6  # more gradients of a model than this: a compact table in the last frame
_KIND_ORDER = {"w": 0, "b": 1}


def _lecture_order(node: Value, order: list[Value]) -> tuple[int, ...]:
    """A leaf's place in the lecture's list: parameters by layer (w, then b), inputs, the rest."""
    role = node.role
    if role is not None and role.kind in _KIND_ORDER:
        neuron, index = role.neuron or 0, role.index or 0
        if get_notation() == "ij":  # w_ij: row i (the input), then column j (the neuron)
            neuron, index = index, neuron
        layer = -1 if role.layer is None else role.layer
        return (0, layer, _KIND_ORDER[role.kind], neuron, index)
    if role is not None and role.kind == "x":
        return (1, role.index or 0)
    return (2, order.index(node))


def _layer_lines(leaves: list[Value], root_name: str, grads: Mapping[Value, float]) -> list[str]:
    """The gradients as one compact table (`caption_parts` reads it): a block per matrix, side
    by side, ∂root/∂W⁽ˡ⁾ as the notation writes W (rows j for W·x, rows i for x·W), then
    ∂root/∂b⁽ˡ⁾ (a column for W·x, a row for x·W), layer by layer, then ∂root/∂x; the block's name
    over its first column, one table row per matrix row, so no line ever wraps."""
    ij = get_notation() == "ij"
    layers: dict[int | None, dict[str, dict[int, list[float]]]] = {}
    inputs: list[float] = []
    for node in leaves:  # already in lecture order
        role = node.role
        assert role is not None
        if role.kind == "x":
            inputs.append(grads[node])
            continue
        if role.kind not in _KIND_ORDER:
            continue
        row = (role.index or 0) if role.kind == "w" and ij else (role.neuron or 0)
        if role.kind == "b" and ij:
            row = 0  # one row: b is added to x·W
        layers.setdefault(role.layer, {}).setdefault(role.kind, {}).setdefault(row, []).append(
            grads[node]
        )
    blocks: list[tuple[str, list[list[float]]]] = []
    for layer, kinds in layers.items():
        superscript = "" if layer is None else superscript_text(f"({lecture_number(layer)})")
        for kind, letter in (("w", "W"), ("b", "b")):
            rows = kinds.get(kind)
            if not rows:
                continue
            matrix = list(rows.values())
            if kind == "b" and not ij:
                matrix = [[value] for values in matrix for value in values]  # a column
            blocks.append((f"∂{root_name}/∂{letter}{superscript}", matrix))
    if inputs:
        blocks.append((f"∂{root_name}/∂x", [inputs] if ij else [[value] for value in inputs]))
    height = max(len(matrix) for _block, matrix in blocks)
    table: list[list[str]] = [[] for _row in range(height + 1)]  # the names' row, then the numbers'
    for name, matrix in blocks:
        width = max(len(values) for values in matrix)
        table[0] += [name] + [""] * (width - 1)
        for index in range(height):
            values = matrix[index] if index < len(matrix) else []
            table[index + 1] += [format_number(value) for value in values]
            table[index + 1] += [""] * (width - len(values))
    return [TABLE_CELL.join(row) for row in table]


TABLE_CELL = "\t"  # between the cells of a caption line that is a row of a table


def caption_parts(caption: str) -> list[str | list[list[str]]]:
    """A caption as its surfaces show it: text lines, and tables (lists of rows of cells).

    A caption line with tab characters is a row of a table (the Done frame's gradients);
    consecutive rows are one table, whose first row names its blocks: a non-empty cell there
    spans the empty cells after it. The player, the Beamer slides and the GIF all read
    captions through this rule (the player's script the same way).
    """
    parts: list[str | list[list[str]]] = []
    for line in caption.splitlines():
        if TABLE_CELL not in line:
            if line.strip():
                parts.append(line)
            continue
        if not parts or isinstance(parts[-1], str):
            parts.append([])
        table = parts[-1]
        assert isinstance(table, list)
        table.append(line.split(TABLE_CELL))
    return parts


def header_spans(header: list[str]) -> list[tuple[str, int]]:
    """A table's first row as (name, columns spanned): "a", "", "b" -> ("a", 2), ("b", 1)."""
    spans: list[tuple[str, int]] = []
    for cell in header:
        if cell or not spans:
            spans.append((cell, 1))
        else:
            spans[-1] = (spans[-1][0], spans[-1][1] + 1)
    return spans


def block_starts(header: list[str]) -> set[int]:
    """The columns where a table's blocks begin (a wider gap goes before each):
    "a", "", "b" -> {0, 2}."""
    starts, column = set(), 0
    for _name, span in header_spans(header):
        starts.add(column)
        column += span
    return starts


def _forward_frames(
    root: Value, order: list[Value], names: Mapping[Value, str], ask: bool, show_constants: bool
) -> list[Frame]:
    leaves = ", ".join(
        f"{names[node]} = {format_number(node.data)}"
        for node in order
        if not node.inputs and node.label and (show_constants or not is_constant(node))
    )
    computed = frozenset(node for node in order if not node.inputs)
    frames = [Frame("forward", words.given_caption(leaves), None, {}, computed)]
    walked: list[Edge] = []
    for step in forward_steps(root):
        current: list[Edge] = [(step.node, i) for i in range(len(step.inputs))]
        current.append((step.node, RESULT_EDGE))
        walked += current
        computed = computed | {step.node}
        questions = (_data_question(step),) if ask else ()
        frames.append(
            Frame(
                "forward",
                step.caption,
                step.node,
                {},
                computed,
                tuple(walked),
                tuple(current),
                questions,
                step.formula if questions else "",
            )
        )
    return frames


def _grad_questions(step: BackwardStep) -> tuple[Question, ...]:
    """One question per message: the gradient it gives (or, for a shared input, the message)."""
    questions = []
    for sent in step.messages:
        prompt = f"{sent.target(step.root_name)} {'+=' if sent.shared else '='}"
        questions.append(
            Question(
                prompt,
                sent.message,
                format_number(sent.message),
                step.hint(sent),
                sent.input,
                "grad",
            )
        )
    return tuple(questions)


def _data_question(step: ForwardStep) -> Question:
    hint = f"{step.formula} = {step.with_numbers}"
    return Question(
        f"{step.name} =", step.result, format_number(step.result), hint, step.node, "data"
    )
