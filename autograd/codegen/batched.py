"""`compile_batched`: one example's graph, replayed over a whole batch with numpy arrays.

The graph of one training example's loss is the same for every example of a
batch; only the data differ. `compile_batched(loss, parameters, inputs)` traces
that graph once (`parameters`: the leaves every example shares; `inputs`: the
leaves that hold the example's data), writes its forward and backward pass as
straight-line numpy code, and compiles it. Calling the result with a batch
runs the program once with every input and every per-example intermediate an
array of shape (batch,) (a parameter is one number, broadcast), and adds the
parameters' gradients of the batch's mean loss to their `.grad`, exactly the
semantics of

    loss = functional.mean([example_loss(x) for x in batch])
    loss.backward()

Where an example-dependent message reaches a parameter, it is summed over the
batch (`np.dot(upstream, local)` or `upstream.sum()`): that sum is
∇W = Σ_k δ_k a_kᵀ, the matrix form of backprop, written one weight at a time.

Every operation of the engine is covered, and none is written here a second
time: each line comes from the op's one definition in `autograd/ops.py`, read by
`autograd.rules` (`forward_expr`, `local_grad_exprs`) and written by `NumpySource`,
a dialect of its Python writer in which a call is numpy's function and a `where`
is `np.where`. So kinks and ties are elementwise, with the engine's conventions
(relu'(0) = 0, a tie of max/min splits the gradient ½ and ½), and the rules' guards
keep the branch numpy computes but does not take from overflowing (elu's e^x). The program runs under `np.errstate(all="raise")`: when any
example hits a domain error or an overflow, the batch is redone example by
example with the interpreted engine, which raises its own message with the
example's position in the batch added (or, for a false alarm, gives the
engine's numbers more slowly).

Agreement with the interpreted engine: each example's forward and backward
arithmetic is the engine's, operation for operation, except that numpy's `exp`,
`log` and `tanh` may differ from `math`'s in the last bit, an n-ary sum node
adds left to right instead of with `math.fsum`, and a parameter's gradient adds
the examples' messages in another order. Losses and gradients agree to 1e-12
relative (the tests check it on random graphs with every op).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from autograd.codegen.python_source import _variable_names, check_inputs, constant_literal
from autograd.graph import topological_order
from autograd.ops import OPS, Op
from autograd.rules import Expr, PythonSource, forward_expr, local_grad_exprs, names_used, source
from autograd.value import Value, apply_op, sum_values

__all__ = ["BatchedLoss", "add_grads", "compile_batched", "mean_loss"]

FloatArray = npt.NDArray[np.float64]

# Names the generated code uses itself; a node labelled like one of them gets another name.
_RESERVED = {"np", "parameters", "inputs", "seed", "grads", "outputs", "sigmoid", "softplus",
             "log_sigmoid", "relu", "leaky_relu", "elu"}  # fmt: skip


# The numpy interpreter's primitives: each op's forward function of autograd/ops.py, elementwise.
# Most are numpy's own ufuncs; these few copy the engine's arithmetic with `np.where`, the branch
# that is not taken guarded so that computing it (numpy computes both) cannot overflow.


def _sigmoid(x: FloatArray) -> FloatArray:
    """σ(x) as the engine computes it: 1 / (1 + e^-x) for x >= 0, e^x / (1 + e^x) below."""
    e = np.exp(-np.abs(x))
    result: FloatArray = np.where(x >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))
    return result


def _softplus(x: FloatArray) -> FloatArray:
    """softplus(x) = max(x, 0) + ln(1 + e^-|x|)."""
    result: FloatArray = np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))
    return result


def _log_sigmoid(x: FloatArray) -> FloatArray:
    """ln σ(x) = min(x, 0) - ln(1 + e^-|x|)."""
    result: FloatArray = np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))
    return result


def _relu(x: FloatArray) -> FloatArray:
    """x where x > 0, else 0 (0 at x = 0, and never -0.0)."""
    result: FloatArray = np.where(x > 0.0, x, 0.0)
    return result


def _leaky_relu(x: FloatArray, slope: float) -> FloatArray:
    """x where x > 0, else slope · x."""
    result: FloatArray = np.where(x > 0.0, x, slope * x)
    return result


def _elu(x: FloatArray, alpha: float) -> FloatArray:
    """x where x > 0, else α (e^x - 1); e^x of min(x, 0) only, so a large x cannot overflow."""
    result: FloatArray = np.where(x > 0.0, x, alpha * np.expm1(np.minimum(x, 0.0)))
    return result


_HELPERS: dict[str, Callable[..., FloatArray]] = {
    "sigmoid": _sigmoid,
    "softplus": _softplus,
    "log_sigmoid": _log_sigmoid,
    "relu": _relu,
    "leaky_relu": _leaky_relu,
    "elu": _elu,
}


def numpy_function(op: Op) -> str:
    """How generated numpy code calls `op`'s forward function: its `Op.numpy` ("np.tanh", or
    one of the helpers above), checked, so a missing spelling names the op and the field."""
    spelling = op.numpy
    if not spelling:
        raise ValueError(
            f"compile_batched: op {op.name!r} has no numpy spelling (Op.numpy, e.g. 'np.cosh')"
        )
    if not spelling.startswith("np.") and spelling not in _HELPERS:
        raise ValueError(
            f"compile_batched: op {op.name!r} has Op.numpy {spelling!r}, neither 'np.<function>' "
            f"nor a helper of autograd.codegen.batched ({', '.join(sorted(_HELPERS))})"
        )
    return spelling


# op name -> how generated numpy code calls its forward function, from the op table (every op
# but the operators + - * / and neg, which numpy arrays support as they are, and the n-ary sum);
# an op without its numpy spelling fails here, at import, naming the op and the field.
NUMPY_FUNCTIONS: dict[str, str] = {
    name: numpy_function(op)
    for name, op in OPS.items()
    if (not op.operator or op.operator == "**") and not op.variadic
}


class NumpySource(PythonSource):
    """Writes an op's forward and its rule (autograd/ops.py) as elementwise numpy source.

    A call becomes the op's numpy function, `Op.numpy` (`np.exp(x)`), a `where` becomes
    `np.where(condition, if_true, if_false)` (both branches are computed; the rules guard the
    one not taken), and the n-ary sum is written `a + b + c`.
    """

    def call(self, op: Op, arguments: list[str]) -> str:
        if op.variadic:
            return " + ".join(arguments)
        return f"{numpy_function(op)}({', '.join(arguments)})"

    def where(self, condition: str, if_true: str, if_false: str) -> str:
        return f"np.where({condition}, {if_true}, {if_false})"

    def _operand(self, expr: Expr, level: int, *, strict: bool = False) -> str:
        """As in Python source, except that `np.where(...)` is a call: it needs no parentheses."""
        if expr.kind == "where":
            return self.write(expr)
        return super()._operand(expr, level, strict=strict)


_NUMPY = NumpySource()


def _named(name: Callable[[Value], str]) -> Callable[[Value], Expr]:
    """A node's variable (or a constant's literal) as a name Expr."""
    return lambda node: Expr("name", value=name(node))


def _is_number(expr: Expr, number: float) -> bool:
    return expr.kind == "number" and float(expr.value) == number


def _unpack(names: list[str], tuple_name: str, *, reverse: bool = False) -> list[str]:
    """`a, b = parameters` (or `grads = (a, b)` with `reverse`), one name a line when long."""
    if len(names) == 1:
        joined = f"({names[0]},)"
    else:
        joined = ", ".join(names) if not reverse else f"({', '.join(names)})"
    line = f"{tuple_name} = {joined}" if reverse else f"{joined} = {tuple_name}"
    if len(line) <= 92:
        return [line]
    rows = [f"    {n}," for n in names]
    return [f"{tuple_name} = (", *rows, ")"] if reverse else ["(", *rows, f") = {tuple_name}"]


class BatchedLoss:
    """A per-example loss traced once and replayed over batches with numpy (see the module doc).

    `batched(data)` runs one step on `data` (an array of shape (batch, len(inputs)),
    one row per example), adds the gradient of the batch's mean loss to each
    parameter's `.grad` (zero them between steps as usual) and returns the mean
    loss. `batched.losses` and `batched.outputs` hold the last call's per-example
    losses and the per-example values of the traced `outputs` nodes.
    `batched.source` is the generated program.
    """

    def __init__(
        self,
        root: Value,
        parameters: Sequence[Value],
        inputs: Sequence[Value],
        outputs: Sequence[Value],
    ) -> None:
        self.root = root
        self.parameters = tuple(parameters)
        self.inputs = tuple(inputs)
        self.outputs_traced = tuple(outputs)
        self.order = topological_order(root)
        in_graph = set(self.order)
        shared = set(self.parameters) & set(self.inputs)
        if shared:
            raise ValueError("compile_batched: a Value is both a parameter and an input")
        for node in self.outputs_traced:
            if node not in in_graph:
                raise ValueError("compile_batched: every output must be a node of the loss's graph")
        self.varying = self._varying_nodes()
        if root not in self.varying:
            raise ValueError(
                "compile_batched: the loss does not depend on the example's inputs; "
                "nothing varies over the batch"
            )
        self.source = self._write()
        namespace: dict[str, Any] = {"np": np, **_HELPERS}
        exec(compile(self.source, "<autograd.compile_batched>", "exec"), namespace)  # our code
        self._step: Callable[..., Any] = namespace["batched_step"]
        self.losses: FloatArray = np.zeros(0)
        self.outputs: list[FloatArray] = []

    def __repr__(self) -> str:
        return (
            f"BatchedLoss({len(self.order)} nodes per example, {len(self.parameters)} parameters, "
            f"{len(self.inputs)} inputs)"
        )

    def _varying_nodes(self) -> set[Value]:
        """The nodes whose value depends on an input leaf (they become arrays)."""
        varying: set[Value] = set(self.inputs)
        for node in self.order:
            if any(x in varying for x in node.inputs):
                varying.add(node)
        return varying

    def _write(self) -> str:
        """The generated program: `batched_step(parameters, inputs, seed)`."""
        order, varying = self.order, self.varying
        listed = set(self.parameters) | set(self.inputs)
        in_graph = set(order)
        unused = [leaf for leaf in (*self.parameters, *self.inputs) if leaf not in in_graph]
        shown = {node for node in order if node.inputs} | listed
        names = _variable_names(order + unused, shown, _RESERVED)

        def name(node: Value) -> str:
            return names[node] if node in names else constant_literal(node.data)

        lines = [
            f"# Generated by autograd.compile_batched from one example's graph of {len(order)} nodes.",
            "# Every name that depends on the example is an array with one entry per example;",
            "# a parameter (and anything computed from parameters only) is one number.",
            "def batched_step(parameters, inputs, seed):",
        ]
        body: list[str] = []
        if self.parameters:
            body += _unpack([name(p) for p in self.parameters], "parameters")
        if self.inputs:
            body += _unpack([name(x) for x in self.inputs], "inputs")
        body.append("# forward pass, one line per node of the example's graph")
        for node in order:
            if node.inputs:
                operands = [Expr("name", value=name(x)) for x in node.inputs]
                forward = source(forward_expr(OPS[node.op], operands), _NUMPY)
                body.append(f"{names[node]} = {forward}")
        body.append("")
        body.append("# backward pass; seed = d(batch loss)/d(example's loss), one per example")
        grad_names = {node: "grad_" + names[node] for node in names}
        node_of = {variable: node for node, variable in names.items()}
        inputs = set(self.inputs)
        has_grad: set[Value] = {self.root}
        body.append(f"{grad_names[self.root]} = seed")
        for node in reversed(order):
            if not node.inputs:
                continue
            if node not in has_grad:  # only reached through constant parameters
                continue
            upstream = grad_names[node]
            local_grads = local_grad_exprs(node, _named(name))  # the op's rule, from ops.py
            for input_node, grad in zip(node.inputs, local_grads):
                if input_node not in names or input_node in inputs:
                    continue  # a constant or the example's data: no gradient wanted
                reads = {node_of[n] for n in names_used(grad) if n in node_of}
                if input_node in varying or node not in varying:  # elementwise, or both numbers
                    if _is_number(grad, 1.0) or _is_number(grad, -1.0):
                        message = upstream if _is_number(grad, 1.0) else f"-{upstream}"
                    else:
                        message = source(Expr("name", value=upstream) * grad, _NUMPY)
                elif _is_number(grad, 1.0):  # summed over the batch from here on
                    message = f"{upstream}.sum()"
                elif _is_number(grad, -1.0):
                    message = f"-{upstream}.sum()"
                elif reads & varying:
                    message = f"np.dot({upstream}, {source(grad, _NUMPY)})"
                else:
                    message = source(Expr("name", value=f"{upstream}.sum()") * grad, _NUMPY)
                target = grad_names[input_node]
                if input_node in has_grad:
                    body.append(f"{target} = {target} + {message}")
                else:
                    body.append(f"{target} = {message}")
                    has_grad.add(input_node)
        grads = [grad_names[p] if p in has_grad else "0.0" for p in self.parameters]
        outputs = [name(node) for node in self.outputs_traced]
        body += _unpack(grads, "grads", reverse=True)
        body += _unpack(outputs, "outputs", reverse=True)
        body.append(f"return {name(self.root)}, grads, outputs")
        lines += [f"    {line}" if line else "" for line in body]
        return "\n".join(lines) + "\n"

    def _columns(self, data: object) -> list[FloatArray]:
        """`data` as one float64 column per input, checked (finite, the right shape)."""
        array = np.asarray(data, dtype=np.float64)
        if array.ndim == 1 and len(self.inputs) == 1:
            array = array[:, None]
        if array.ndim != 2 or array.shape[1] != len(self.inputs) or array.shape[0] == 0:
            raise ValueError(
                f"batched loss: expected data of shape (batch, {len(self.inputs)}), "
                f"got {array.shape}"
            )
        bad = np.flatnonzero(~np.isfinite(array).all(axis=1))
        if bad.size:
            k = int(bad[0])
            raise ValueError(
                f"batched loss: example {k} has a non-finite input {array[k].tolist()}"
            )
        return [np.ascontiguousarray(array[:, i]) for i in range(array.shape[1])]

    def run(
        self, data: object, seed: float | FloatArray
    ) -> tuple[FloatArray, tuple[float, ...], list[FloatArray]]:
        """Per-example losses, the parameters' gradients of Σ_k seed_k loss_k, and the outputs.

        Changes nothing (no `.grad` is touched). `seed` is one number for every
        example or an array with one per example.
        """
        columns = self._columns(data)
        batch = len(columns[0])
        seeds = np.broadcast_to(np.asarray(seed, dtype=np.float64), (batch,)).copy()
        parameter_values = tuple(np.float64(p.data) for p in self.parameters)
        try:
            with np.errstate(all="raise", under="ignore"):
                losses, grads, outputs = self._step(parameter_values, columns, seeds)
                totals = tuple(float(g) for g in grads)
            if not math.isfinite(math.fsum(totals)):
                raise FloatingPointError("a gradient overflowed")
        except (FloatingPointError, ArithmeticError, ValueError):
            return self._interpreted(columns, seeds)
        return (
            np.broadcast_to(losses, (batch,)).astype(np.float64),
            totals,
            [np.broadcast_to(o, (batch,)).astype(np.float64) for o in outputs],
        )

    def __call__(self, data: object) -> float:
        """One step on `data`: add d(mean loss)/d(parameter) to each `.grad`; return the mean loss.

        As `backward` does, a step that fails (an overflowing loss or gradient) raises and
        leaves every `.grad` as it was.
        """
        batch = len(self._columns(data)[0])
        losses, grads, outputs = self.run(data, 1.0 / batch)
        mean = mean_loss(losses, "batched loss")
        add_grads(self.parameters, grads, "batched loss")
        self.losses, self.outputs = losses, outputs
        return mean

    def _interpreted(
        self, columns: list[FloatArray], seeds: FloatArray
    ) -> tuple[FloatArray, tuple[float, ...], list[FloatArray]]:
        """Redo the batch example by example with the engine: its numbers, or its error + the example."""
        parameters = [Value(p.data) for p in self.parameters]
        losses: list[Value] = []
        outputs: list[list[float]] = []
        for k in range(len(seeds)):
            replaced: dict[Value, Value] = dict(zip(self.parameters, parameters))
            for leaf, column in zip(self.inputs, columns):
                replaced[leaf] = Value(float(column[k]))
            try:
                for node in self.order:
                    if node.inputs:
                        inputs = tuple(replaced.get(x, x) for x in node.inputs)
                        replaced[node] = apply_op(node.op, inputs)
                root = replaced[self.root]
                losses.append(root * float(seeds[k]))
                outputs.append([replaced.get(o, o).data for o in self.outputs_traced])
            except (ArithmeticError, ValueError) as error:
                raise type(error)(f"{error} (example {k} of the batch)") from None
        total = sum_values(losses)
        try:
            total.backward()
        except OverflowError as error:
            raise OverflowError(f"{error} (summed over the batch)") from None
        per_example = np.array([loss.inputs[0].data for loss in losses])
        columns_out = [np.array(column) for column in zip(*outputs)] if outputs else []
        if not self.outputs_traced:
            columns_out = []
        return per_example, tuple(p.grad for p in parameters), columns_out


def mean_loss(losses: FloatArray, where: str) -> float:
    """The batch's mean loss as the engine's `functional.mean` computes it: the correctly
    rounded sum (math.fsum) over the batch size, an error where that sum overflows."""
    try:
        total = math.fsum(losses.tolist())
    except OverflowError:  # fsum's "intermediate overflow in fsum" names no operation
        total = math.inf
    if not math.isfinite(total):
        raise OverflowError(
            f"{where}: the sum of the batch's {len(losses)} losses overflows a float "
            "(the engine's mean raises there too); no .grad was changed"
        )
    return total if len(losses) == 1 else total / len(losses)


def add_grads(parameters: Sequence[Value], grads: Sequence[float], where: str) -> None:
    """Add `grads` to the parameters' `.grad`, all or none: if any sum overflows, an error
    naming that parameter, and every `.grad` as it was (as `backward` leaves them)."""
    new_grads = [parameter.grad + grad for parameter, grad in zip(parameters, grads)]
    for parameter, new_grad in zip(parameters, new_grads):
        if not math.isfinite(new_grad):
            raise OverflowError(
                f"{where}: the gradient of {parameter.label or 'a parameter'} overflowed to "
                f"{new_grad!r} (its .grad {parameter.grad!r} plus this batch's); "
                "no .grad was changed"
            )
    for parameter, new_grad in zip(parameters, new_grads):
        parameter.grad = new_grad


def compile_batched(
    loss: Value | Callable[[], Value],
    parameters: Sequence[Value],
    inputs: Sequence[Value],
    *,
    outputs: Sequence[Value] = (),
) -> BatchedLoss:
    """Trace one example's `loss` and return a `BatchedLoss` that replays it over batches.

    `loss`: the loss `Value` of one example, or a function of no arguments that
    builds it. `parameters`: the leaves shared by every example (they get
    gradients). `inputs`: the leaves holding the example's data, in the order of
    the data's columns. Every other leaf is a constant baked into the code.
    `outputs`: nodes whose per-example values each call keeps (e.g. the model's
    prediction, for accuracy). The graph must not depend on the data through
    Python control flow (an `if` on a value, a target picking a class): such a
    change needs a trace per case.
    """
    if callable(loss) and not isinstance(loss, Value):
        loss = loss()
    if not isinstance(loss, Value):
        raise TypeError(
            f"compile_batched: loss must be a Value or a function returning one, "
            f"got {type(loss).__name__}"
        )
    return BatchedLoss(
        loss,
        check_inputs(parameters, "compile_batched (parameters)"),
        check_inputs(inputs, "compile_batched (inputs)"),
        list(outputs),
    )
