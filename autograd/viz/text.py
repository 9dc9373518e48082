"""`as_text(root)`: the graph as a plain-text table, one line per node, for terminals and doctests.

The nodes are listed in `topological_order(root)` (every input before the node that uses it)
with the same names as in captions and slides (`autograd.viz.math_text.caption_names`): a
network's node by its lecture name (w₁₂⁽¹⁾), any other by its label, or `n3` for the
unlabelled node at position 3; numbers by the one formatter, in ASCII ("-4"). Columns: name, op, input names, data, grad.
Columns are padded to line up, but never wider than `COLUMN_CAP` characters: a cell longer
than that (the 10,000 inputs of one big sum) makes only its own row longer, so the text grows
linearly with the graph, not with (nodes × widest cell).
"""

from __future__ import annotations

from autograd.graph import topological_order
from autograd.i18n import N_, _, language
from autograd.value import Value, is_constant
from autograd.viz.escape import visible_text
from autograd.viz.math_text import caption_names, check_number_format, format_number

__all__ = ["COLUMN_CAP", "as_text"]

# The widest a column is padded to; longer cells overflow their own row only.
COLUMN_CAP = 40

_HEADER = (N_("name"), N_("op"), N_("inputs"), N_("data"), N_("grad"))


def as_text(
    root: Value,
    *,
    number_format: str = ".4g",
    lang: str | None = None,
    show_constants: bool = False,
) -> str:
    """One line per node of `root`'s graph: name, op, inputs, data, grad, in aligned columns.

    Columns are at most `COLUMN_CAP` characters wide; a longer cell pushes the rest of its row.

    Leaves have an empty op and no inputs. An input used twice is listed twice (`a + a` shows
    `a, a`). Control characters in labels are shown as escapes, so each node stays on one line.
    `lang` ("en", "ru") is the language of the header; None: the current one (`autograd.i18n`).
    A constant (a number that entered arithmetic, `autograd.value.is_constant`) is not a row:
    it is written as its number among the inputs ("1, n12"), unless `show_constants`.
    """
    if not isinstance(root, Value):
        raise TypeError(f"as_text: root must be a Value, got {type(root).__name__} {root!r}")
    check_number_format(number_format, "as_text")
    order = topological_order(root)
    names = caption_names(order)  # the one naming rule: as in captions and slides
    constants = set() if show_constants else {n for n in order[:-1] if is_constant(n)}
    for constant in constants:
        names[constant] = visible_text(constant.label) or format_number(
            constant.data, number_format, style="ascii"
        )
    with language(lang):
        rows = [tuple(_(word) for word in _HEADER)]
    for node in order:
        if node in constants:
            continue
        rows.append(
            (
                names[node],
                node.op,
                ", ".join(names[parent] for parent in node.inputs),
                format_number(node.data, number_format, style="ascii"),
                format_number(node.grad, number_format, style="ascii"),
            )
        )
    widths = [
        min(COLUMN_CAP, max(len(row[column]) for row in rows)) for column in range(len(_HEADER))
    ]
    lines = []
    for row in rows:
        name, op, inputs, data, grad = (
            cell.rjust(width) if column >= 3 else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths))
        )
        lines.append(f"{name}  {op}  {inputs}  {data}  {grad}".rstrip())
    return "\n".join(lines)
