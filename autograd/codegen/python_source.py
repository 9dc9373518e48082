"""`to_python`: a graph's forward and backward pass written out as straight-line Python.

The seed lecture's slide "backprop code" writes the forward pass of a sigmoid
neuron as one statement per node (`s0 = w0 * x0`, ..., `L = sigmoid(s3)`) and
the backward pass as its mirror image (`grad_L = 1.0`, ...,
`grad_x0 = grad_s0 * w0`). `to_python(root)` writes exactly that for any
graph: one function whose parameters are the graph's inputs (defaulting to
their current values), a forward section with one statement per node in
topological order, and a backward section that visits the nodes last to first
and sends each input the message "upstream gradient x local gradient"
(`grad_x = ...` for the first message, `grad_x += ...` for the next ones: a
shared node adds up its gradients). The expressions are the ops' forward and rules of
`autograd/ops.py`, written as source by `autograd.rules`; the code imports the very forward
functions the engine runs (`from autograd.ops import sigmoid`), so running it gives the
engine's numbers bit for bit.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Callable, Sequence

from autograd.graph import topological_order
from autograd.ops import OPS
from autograd.rules import Expr, PythonSource, forward_expr, local_grad_exprs, source
from autograd.value import Value
from autograd.viz.names import display_names

__all__ = [
    "check_inputs",
    "constant_literal",
    "forward_source",
    "function_names",
    "local_grad_sources",
    "message_source",
    "python_identifier",
    "to_python",
]


def function_names() -> list[str]:
    """The forward functions generated code may call: one per op of the table (as it is now, so
    an op added with `autograd.rules.add_op` is included), imported from its module."""
    return sorted({op.forward.__name__ for op in OPS.values()})


def _reserved() -> set[str]:
    """Names generated code uses itself; a node labelled like one of them gets another name."""
    return {"abs", "max", "min", "math", "float", *function_names()}


# A node's name in generated code: a variable, or a constant written out.
NameOf = Callable[[Value], str]


def _named(name: NameOf) -> Callable[[Value], Expr]:
    return lambda node: Expr("name", value=name(node))


def forward_source(node: Value, name: NameOf, writer: PythonSource | None = None) -> str:
    """The source computing `node` from its inputs: `w0 * x0`, `sigmoid(n8)`."""
    inputs = [Expr("name", value=name(x)) for x in node.inputs]
    return source(forward_expr(OPS[node.op], inputs), writer)


def local_grad_sources(node: Value, name: NameOf, writer: PythonSource | None = None) -> list[str]:
    """One source expression d(node)/d(input) per differentiable input, from the op's rule."""
    return [source(grad, writer) for grad in local_grad_exprs(node, _named(name))]


def message_source(
    upstream: str, node: Value, name: NameOf, writer: PythonSource | None = None
) -> list[str]:
    """upstream x local gradient as source, one per differentiable input, as the engine computes it.

    A local gradient of 1.0 or -1.0 is written as `upstream` or `-upstream` (multiplying by
    +-1.0 changes no bit); anything else is parenthesised as the order needs it, because
    `g * (t * (1.0 - t))` and `g * t * (1.0 - t)` round differently.
    """
    messages = []
    for grad in local_grad_exprs(node, _named(name)):
        if grad.kind == "number" and float(grad.value) in (1.0, -1.0):
            messages.append(upstream if float(grad.value) == 1.0 else f"-{upstream}")
        else:
            messages.append(source(Expr("name", value=upstream) * grad, writer))
    return messages


def python_identifier(name: str) -> str:
    """`name` made into a Python identifier: `layers.0.w.1` -> `layers_0_w_1`, `1st` -> `v_1st`.

    Python reads identifiers NFKC-normalised (`ℓ` is `l`, `ｘ` is `x`, `ﬁ` is `fi`), so the
    result is normalised first: two labels that Python would read as the same name give the
    same identifier here, and `to_python` then tells them apart with a suffix. Characters that
    cannot be in an identifier become `_`; keywords and `__debug__` (which cannot be assigned)
    get a trailing `_`.
    """
    identifier = unicodedata.normalize("NFKC", name)
    while True:
        identifier = "".join(
            character if ("a" + character).isidentifier() else "_" for character in identifier
        )
        if not identifier.isidentifier():  # empty, or starts with a digit
            identifier = "v_" + identifier
        normalised = unicodedata.normalize("NFKC", identifier)
        if normalised == identifier:
            break
        identifier = normalised
    if keyword.iskeyword(identifier) or keyword.issoftkeyword(identifier):
        identifier += "_"
    if identifier == "__debug__":
        identifier += "_"
    return identifier


def constant_literal(number: float) -> str:
    """A float as exact source text (repr round-trips); a negative one in parentheses: `(-3.0)`."""
    text = repr(float(number))
    return f"({text})" if text.startswith("-") else text


def _variable_names(order: list[Value], shown: set[Value], reserved: set[str]) -> dict[Value, str]:
    """A unique identifier for each node of `order` that is in `shown`, from its display name.

    Both the value's name and its gradient's name (`grad_` + name) must be free,
    so a node labelled `grad_x` and one labelled `x` cannot collide. The names are
    compared as Python compares them, NFKC-normalised (`python_identifier` returns
    them so), so the labels `l` and `ℓ` become `l` and `l_2`.
    """
    display = display_names(order)
    used = set(reserved)
    names: dict[Value, str] = {}
    for node in order:
        if node not in shown:
            continue
        base = python_identifier(display[node])
        name, suffix = base, 1
        while name in used or "grad_" + name in used:
            suffix += 1
            name = f"{base}_{suffix}"
        used.update((name, "grad_" + name))
        names[node] = name
    return names


def check_inputs(inputs: Sequence[Value], where: str) -> list[Value]:
    """`inputs` as a list, or a clear error if one is not a Value, not a leaf, or listed twice."""
    if isinstance(inputs, Value):
        raise TypeError(
            f"{where}: inputs must be a list of Values, got a single Value (wrap it in [ ])"
        )
    checked: list[Value] = []
    seen: dict[Value, int] = {}
    for position, x in enumerate(inputs):
        if not isinstance(x, Value):
            raise TypeError(
                f"{where}: inputs[{position}] must be a Value, got {type(x).__name__} {x!r}"
            )
        if x.inputs:
            raise ValueError(
                f"{where}: inputs[{position}] is not a leaf (it is the result of {x.op!r}); "
                "list the Values the graph is computed from"
            )
        if x in seen:
            raise ValueError(
                f"{where}: inputs[{seen[x]}] and inputs[{position}] are the same Value"
            )
        seen[x] = position
        checked.append(x)
    return checked


def _quoted(text: str) -> str:
    """A string literal in double quotes where possible (the repo's style)."""
    return (
        f'"{text}"' if '"' not in text and "\\" not in text and text.isprintable() else repr(text)
    )


def _signature(function_name: str, parameters: list[str]) -> list[str]:
    """The `def` line, or one parameter per line when it would pass 100 characters (ruff's limit)."""
    one_line = f"def {function_name}({', '.join(parameters)}):"
    if len(one_line) <= 100:
        return [one_line]
    return [f"def {function_name}(", *(f"    {p}," for p in parameters), "):"]


def to_python(
    root: Value, inputs: Sequence[Value] | None = None, *, function_name: str = "forward_backward"
) -> str:
    """Return Python source of one function computing `root` and its gradients, line by line.

    The function's parameters are `inputs` (default: the graph's labelled
    leaves, in topological order), each defaulting to its current value;
    every other leaf (a number in the formula) is written as a constant. The
    function returns `(value of root, {name: d(root)/d(input)})` keyed by the
    inputs' display names. Variables are named after the nodes' labels made
    into identifiers (`layers.0.w.1` -> `layers_0_w_1`) or, for unlabelled and
    duplicate labels, after `autograd.display_names` (`n7`); the gradient of
    `x` is `grad_x`. Executing the source and calling the function gives the
    same floats as `root.backward()` for every input (0.0 and -0.0 aside).
    """
    if not isinstance(root, Value):
        raise TypeError(f"to_python: root must be a Value, got {type(root).__name__}")
    if (
        not isinstance(function_name, str)
        or python_identifier(function_name) != function_name
        or function_name in _reserved()
    ):
        raise ValueError(
            f"to_python: function_name must be a plain Python identifier (not a keyword or a "
            f"name the code uses), got {function_name!r}"
        )
    order = topological_order(root)
    if inputs is None:
        arguments = [node for node in order if not node.inputs and node.label]
    else:
        arguments = check_inputs(inputs, "to_python")
    is_argument = set(arguments)
    in_graph = set(order)
    named_order = order + [x for x in arguments if x not in in_graph]  # unused inputs last
    shown = {node for node in named_order if node.inputs or node in is_argument}
    names = _variable_names(named_order, shown, _reserved() | {function_name})

    def name(node: Value) -> str:
        """The node's variable, or its number written out for a constant leaf."""
        return names[node] if node in names else constant_literal(node.data)

    def grad_name(node: Value) -> str:
        """The variable holding d(root)/d(node)."""
        return "grad_" + names[node]

    display = display_names(named_order)
    body: list[str] = [
        f'"""Forward and backward pass of {name(root)}: {len(order)} nodes, one line each."""',
        "# forward pass: each node from its inputs, inputs first",
    ]
    for node in order:
        if node.inputs:
            words = OPS[node.op].forward.__name__
            body.append(f"{names[node]} = {forward_source(node, name)}  # {words}")
    body.append("")
    body.append(
        "# backward pass: grad_v = d" + name(root) + "/dv, from the last node to the first;"
    )
    body.append("# each node sends its inputs upstream gradient * local gradient")
    has_grad: set[Value] = set()
    if root in names:
        body.append(f"{grad_name(root)} = 1.0")
        has_grad.add(root)
    for node in reversed(order):
        if not node.inputs:
            continue
        body.append(f"# {names[node]} = {forward_source(node, name)}: {OPS[node.op].words}")
        if node not in has_grad:  # only reached through constant parameters
            body.append(f"{grad_name(node)} = 0.0")
            has_grad.add(node)
        upstream = grad_name(node)
        for input_node, message in zip(node.inputs, message_source(upstream, node, name)):
            if input_node not in names:
                continue  # a constant: no gradient wanted
            operator = "+=" if input_node in has_grad else "="
            body.append(f"{grad_name(input_node)} {operator} {message}")
            has_grad.add(input_node)
    for x in arguments:
        if x not in has_grad:
            body.append(f"{grad_name(x)} = 0.0  # {name(x)} does not reach {name(root)}")
    grads = ", ".join(f"{_quoted(display[x])}: {grad_name(x)}" for x in arguments)
    returned = f"return {name(root)}, {{{grads}}}"
    if len(returned) <= 96:  # 100 characters once indented by 4
        body.append(returned)
    else:
        body.append(f"return {name(root)}, {{")
        body.extend(f"    {_quoted(display[x])}: {grad_name(x)}," for x in arguments)
        body.append("}")

    text = "\n".join(body)
    # The forward functions the code calls (a cheap substring test first: the text is long).
    used = [f for f in function_names() if f"{f}(" in text and re.search(rf"(?<![\w.]){f}\(", text)]
    header = [f"# Generated by autograd.to_python from a graph of {len(order)} nodes."]
    modules: dict[str, list[str]] = {}  # autograd.ops, or the module of an op added at run time
    for op in OPS.values():
        if op.forward.__name__ in used and op.forward.__name__ not in modules.get(
            op.forward.__module__, []
        ):
            modules.setdefault(op.forward.__module__, []).append(op.forward.__name__)
    for module, functions in modules.items():
        header.append(f"from {module} import {', '.join(sorted(functions))}")
    parameters = [f"{names[x]}={float(x.data)!r}" for x in arguments]
    lines = [*header, "", "", *_signature(function_name, parameters)]
    lines += [f"    {line}" if line else "" for line in body]
    return "\n".join(lines) + "\n"
