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
relative on well-conditioned graphs (the tests check it on random graphs with every
op). Where a gradient is a small difference of numbers near 1, a last-bit difference
is divided by it: tanh's 1 - tanh^2 at a saturated tanh (z from 9 to 12) differs by up to
1.3e-6 relative, about as far as the engine itself is from the exact derivative there
(tests/test_batched_replay.py, `test_agreement_is_as_good_as_the_conditioning_allows`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from autograd.codegen.layers import LayerBlock, find_layers
from autograd.codegen.python_source import _variable_names, check_inputs, constant_literal
from autograd.graph import topological_order
from autograd.ops import OPS, Op
from autograd.rules import Expr, PythonSource, forward_expr, local_grad_exprs, names_used, source
from autograd.value import Value, apply_op, sum_values

__all__ = ["BatchedLoss", "add_grads", "compile_batched", "mean_loss"]

FloatArray = npt.NDArray[np.float64]

# Names the generated code uses itself; a node labelled like one of them gets another name.
_RESERVED = {"np", "parameters", "inputs", "seed", "grads", "outputs", "env", "sigmoid", "softplus",
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


# Lines per generated function: a longer program is cut into several (as `autograd.compile` does),
# so compiling needs the memory of one piece's syntax tree, not of the whole program's.
CHUNK_LINES = 50_000

# Terms per parenthesised group of a long sum: `a + b + c + …` nests one level per term in
# Python's parser (RecursionError past about 3,000), groups of 32 nest a few levels.
_SUM_GROUP = 32

_IDENTIFIER = re.compile(r"[^\W\d]\w*")


def _grouped_sum(terms: list[str]) -> str:
    """`a + b + …` for a few terms; balanced groups `(a + … ) + ( … )` for many."""
    while len(terms) > _SUM_GROUP:
        terms = [
            "(" + " + ".join(terms[i : i + _SUM_GROUP]) + ")"
            for i in range(0, len(terms), _SUM_GROUP)
        ]
    return " + ".join(terms)


class _LayerNames:
    """The generated code's names for layer i's matrices (reserved: no node may take them)."""

    def __init__(self, i: int) -> None:
        prefix = f"layer{i}_"
        self.W, self.b, self.input, self.Z, self.A = (
            prefix + n for n in ("W", "b", "in", "Z", "A")
        )
        self.dA, self.dZ, self.dW, self.db, self.dinput = (
            prefix + n for n in ("dA", "dZ", "dW", "db", "din")
        )
        self.W_index, self.b_index = prefix + "W_index", prefix + "b_index"

    def all(self) -> set[str]:
        return set(vars(self).values())


class _ProgramWriter:
    """Writes `batched_step` for one example's graph: a line per node, a few per layer.

    A node outside the recognised layers (`autograd.codegen.layers.find_layers`) gets one
    forward line and its messages, elementwise over the batch, as the op's rule says. A layer
    gets its matrix form: Z = W @ A + b, A' = f(Z), and backward dZ = dA' ⊙ f′(Z),
    ∇W = dZ @ Aᵀ, ∇b = dZ summed over the batch, dA = Wᵀ @ dZ. Matrices hold one row per neuron
    and one column per example; a row `Z[j]` is handed to the per-node code where it reads one.
    """

    def __init__(self, loss: BatchedLoss) -> None:
        self.loss = loss
        order = loss.order
        self.position = {node: i for i, node in enumerate(order)}
        self.blocks = loss.layers
        self.block_names = {block: _LayerNames(i) for i, block in enumerate(self.blocks)}
        listed = set(loss.parameters) | set(loss.inputs)
        in_graph = set(order)
        unused = [leaf for leaf in (*loss.parameters, *loss.inputs) if leaf not in in_graph]
        shown = {node for node in order if node.inputs} | listed
        reserved = set(_RESERVED) | {"parameter_index"}
        for layer_names in self.block_names.values():
            reserved |= layer_names.all()
        self.names = _variable_names(order + unused, shown, reserved)
        self.readers: dict[Value, list[Value]] = {}
        for node in order:
            for x in node.inputs:
                self.readers.setdefault(x, []).append(node)
        self.kept = {loss.root, *loss.outputs_traced}
        self.sum_block = {z: b for b in self.blocks for z in b.sums}
        self.activation_block = {a: b for b in self.blocks for a in (b.activations or [])}
        self.in_products = {p for b in self.blocks for p in b.products}
        self.input_matrix: dict[LayerBlock, str] = {}  # the matrix A a layer multiplies
        self.source_block: dict[LayerBlock, LayerBlock] = {}  # A is that layer's output, whole
        self.data_slice: dict[LayerBlock, tuple[int, int]] = {}
        inputs = list(loss.inputs)
        direct: set[Value] = set()  # products reading a matrix row by row, never a named row
        for block in self.blocks:
            n = len(block.inputs)
            for earlier in self.blocks:
                if earlier is not block and _same_nodes(earlier.outputs, block.inputs):
                    self.source_block[block] = earlier
                    break
            else:
                for i in range(len(inputs) - n + 1):
                    if _same_nodes(inputs[i : i + n], block.inputs):
                        self.data_slice[block] = (i, i + n)
                        break
            if block in self.source_block or block in self.data_slice:
                direct |= block.products
        self.direct = direct

    # -- helpers -------------------------------------------------------------------------

    def name(self, node: Value) -> str:
        return self.names[node] if node in self.names else constant_literal(node.data)

    def needs_row(self, node: Value) -> bool:
        """Whether per-node code reads this node's own name (not only a layer's matrix)."""
        return node in self.kept or any(r not in self.direct for r in self.readers.get(node, []))

    def first(self, nodes: list[Value]) -> Value:
        return min(nodes, key=self.position.__getitem__)

    # -- the program ---------------------------------------------------------------------

    def lines(self) -> list[str]:
        """The body of `batched_step`, one statement a line."""
        loss = self.loss
        body: list[str] = []
        parameter_position = {p: i for i, p in enumerate(loss.parameters)}
        for p in loss.parameters:
            per_node = [r for r in self.readers.get(p, []) if r not in self.in_products]
            if p in self.names and any(r not in self.sum_block for r in per_node):
                body.append(f"{self.names[p]} = parameters[{parameter_position[p]}]")
        for i, x in enumerate(loss.inputs):
            if x in self.names and self.needs_row(x):
                body.append(f"{self.names[x]} = inputs[{i}]")
        body.append(
            "# forward pass: a line per node, a few per layer (rows: neurons; columns: examples)"
        )
        self._forward(body)
        body.append("# backward pass; seed = d(batch loss)/d(example's loss), one per example")
        flat = self._backward(body)
        count = len(loss.parameters)
        if flat:
            parts = ", ".join(part for part, _ in flat)
            index = [i for _, indices in flat for i in indices]
            self.parameter_index = np.asarray(index, dtype=np.intp)
            body.append(
                f"grads = np.bincount(parameter_index, weights=np.concatenate([{parts}]), "
                f"minlength={count})"
            )
        else:
            self.parameter_index = np.zeros(0, dtype=np.intp)
            body.append(f"grads = np.zeros({count})")
        for i, p in enumerate(loss.parameters):
            if p in self.has_grad:
                body.append(f"grads[{i}] += {self.grad_names[p]}")
        outputs = [self.name(node) for node in loss.outputs_traced]
        body.append(f"outputs = ({', '.join(outputs)}{',' if len(outputs) == 1 else ''})")
        body.append(f"return {self.name(loss.root)}, grads, outputs")
        return body

    def _forward(self, body: list[str]) -> None:
        done: set[LayerBlock] = set()
        activated: set[LayerBlock] = set()
        for node in self.loss.order:
            if not node.inputs or node in self.in_products:
                continue
            block = self.sum_block.get(node)
            if block is not None:
                if block not in done:
                    done.add(block)
                    self._layer_forward(block, body)
                continue
            block = self.activation_block.get(node)
            if block is not None:
                if block not in activated:
                    activated.add(block)
                    self._activation_forward(block, body)
                continue
            operands = [Expr("name", value=self.name(x)) for x in node.inputs]
            op = OPS[node.op]
            if op.variadic:
                forward = _grouped_sum([source(o, _NUMPY) for o in operands])
            else:
                forward = source(forward_expr(op, operands), _NUMPY)
            body.append(f"{self.names[node]} = {forward}")

    def _layer_forward(self, block: LayerBlock, body: list[str]) -> None:
        names = self.block_names[block]
        position = {p: i for i, p in enumerate(self.loss.parameters)}
        self.constants[names.W_index] = np.asarray(
            [[position[w] for w in row] for row in block.weights], dtype=np.intp
        )
        earlier = self.source_block.get(block)
        if earlier is not None:
            matrix = self.block_names[earlier]
            body.append(f"{names.input} = {matrix.A if earlier.activations else matrix.Z}")
        elif block in self.data_slice:
            start, stop = self.data_slice[block]
            body.append(f"{names.input} = inputs[{start}:{stop}]")
        else:
            rows = ", ".join(self.name(x) for x in block.inputs)
            body.append(f"{names.input} = np.stack([{rows}])")
        body.append(f"{names.W} = parameters[{names.W_index}]")
        if block.biases is not None:
            self.constants[names.b_index] = np.asarray(
                [position[b] for b in block.biases], dtype=np.intp
            )
            body.append(f"{names.b} = parameters[{names.b_index}]")
            body.append(f"{names.Z} = {names.W} @ {names.input} + {names.b}[:, None]")
        else:
            body.append(f"{names.Z} = {names.W} @ {names.input}")
        if block.activations is None:
            for j, z in enumerate(block.sums):
                if self.needs_row(z):
                    body.append(f"{self.names[z]} = {names.Z}[{j}]")

    def _activation_forward(self, block: LayerBlock, body: list[str]) -> None:
        names = self.block_names[block]
        assert block.activations is not None
        first = block.activations[0]
        operands = [Expr("name", value=names.Z)]
        operands += [Expr("name", value=self.name(x)) for x in first.inputs[1:]]
        body.append(f"{names.A} = {source(forward_expr(OPS[first.op], operands), _NUMPY)}")
        for j, a in enumerate(block.activations):
            if self.needs_row(a):
                body.append(f"{self.names[a]} = {names.A}[{j}]")

    def _backward(self, body: list[str]) -> list[tuple[str, list[int]]]:
        """The backward lines; returns the layers' gradient parts and their parameters' positions."""
        loss = self.loss
        order, varying = loss.order, loss.varying
        self.grad_names = grad_names = {node: "grad_" + self.names[node] for node in self.names}
        node_of = {variable: node for node, variable in self.names.items()}
        inputs = set(loss.inputs)
        self.has_grad = has_grad = {loss.root}
        self.matrix_grad: dict[LayerBlock, str] = {}  # a layer's output gradient, as a matrix
        self.z_grad: dict[LayerBlock, str] = {}
        flat: list[tuple[str, list[int]]] = []
        first_sum = {self.first(b.sums): b for b in self.blocks}
        first_activation = {self.first(b.activations): b for b in self.blocks if b.activations}
        body.append(f"{grad_names[loss.root]} = seed")
        for node in reversed(order):
            if not node.inputs or node in self.in_products:
                continue
            if node in self.activation_block:
                if node in first_activation:
                    self._activation_backward(first_activation[node], body)
                continue
            if node in self.sum_block:
                if node in first_sum:
                    self._layer_backward(first_sum[node], body, flat)
                continue
            if node not in has_grad:  # only reached through constant parameters
                continue
            upstream = grad_names[node]
            local_grads = local_grad_exprs(node, _named(self.name))  # the op's rule, from ops.py
            for input_node, grad in zip(node.inputs, local_grads):
                if input_node not in self.names or input_node in inputs:
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
                self._add(input_node, message, body)
        return flat

    def _add(self, node: Value, message: str, body: list[str]) -> None:
        target = self.grad_names[node]
        if node in self.has_grad:
            body.append(f"{target} = {target} + {message}")
        else:
            body.append(f"{target} = {message}")
            self.has_grad.add(node)

    def _stacked(self, nodes: list[Value], like: str) -> str | None:
        """`np.stack` of the nodes' gradients (zeros where none arrived), or None if none did."""
        if not any(node in self.has_grad for node in nodes):
            return None
        rows = [
            self.grad_names[node] if node in self.has_grad else f"np.zeros({like}.shape[1])"
            for node in nodes
        ]
        return f"np.stack([{', '.join(rows)}])"

    def _activation_backward(self, block: LayerBlock, body: list[str]) -> None:
        names = self.block_names[block]
        assert block.activations is not None
        if block in self.matrix_grad:
            upstream = self.matrix_grad[block]
        else:
            stacked = self._stacked(block.activations, names.Z)
            if stacked is None:
                return  # nothing downstream of this layer reaches the loss
            body.append(f"{names.dA} = {stacked}")
            upstream = names.dA
        first, z = block.activations[0], block.sums[0]

        def matrix_of(node: Value) -> Expr:
            if node is first:
                return Expr("name", value=names.A)
            if node is z:
                return Expr("name", value=names.Z)
            return Expr("name", value=self.name(node))

        local = local_grad_exprs(first, matrix_of)[0]  # f′(Z), elementwise: ops.py's rule
        if _is_number(local, 1.0):
            self.z_grad[block] = upstream
        else:
            body.append(f"{names.dZ} = {source(Expr('name', value=upstream) * local, _NUMPY)}")
            self.z_grad[block] = names.dZ

    def _layer_backward(
        self, block: LayerBlock, body: list[str], flat: list[tuple[str, list[int]]]
    ) -> None:
        names = self.block_names[block]
        position = {p: i for i, p in enumerate(self.loss.parameters)}
        if block.activations is not None:
            if block not in self.z_grad:
                return
            delta = self.z_grad[block]
        elif block in self.matrix_grad:
            delta = self.matrix_grad[block]
        else:
            stacked = self._stacked(block.sums, names.Z)
            if stacked is None:
                return
            body.append(f"{names.dZ} = {stacked}")
            delta = names.dZ
        body.append(f"{names.dW} = {delta} @ {names.input}.T")  # ∇W = δ Aᵀ, summed over examples
        flat.append((f"{names.dW}.ravel()", [position[w] for row in block.weights for w in row]))
        if block.biases is not None:
            body.append(f"{names.db} = {delta}.sum(axis=1)")
            flat.append((names.db, [position[b] for b in block.biases]))
        data = set(self.loss.inputs)
        wanted = [x for x in block.inputs if x in self.names and x not in data]
        if not wanted:
            return
        body.append(f"{names.dinput} = {names.W}.T @ {delta}")  # ∂L/∂A = Wᵀ δ
        earlier = self.source_block.get(block)
        if earlier is not None and all(
            a not in self.kept and all(r in block.products for r in self.readers.get(a, []))
            for a in earlier.outputs
        ):
            self.matrix_grad[earlier] = names.dinput  # the earlier layer's whole gradient
            return
        for k, x in enumerate(block.inputs):
            if x in self.names and x not in data:
                self._add(x, f"{names.dinput}[{k}]", body)

    def program(self) -> str:
        """The whole program as one text (several functions when long; see `pieces`)."""
        return "\n".join(self.pieces())

    def pieces(self) -> list[str]:
        """The program's functions, each its own source text, `batched_step` last."""
        self.constants: dict[str, Any] = {}
        body = self.lines()
        self.constants["parameter_index"] = self.parameter_index
        header = [
            f"# Generated by autograd.compile_batched from one example's graph of "
            f"{len(self.loss.order)} nodes ({len(self.blocks)} as matrix layers).",
            "# Every name that depends on the example is an array with one entry per example",
            "# (a layer's matrices: one row per neuron, one column per example);",
            "# a parameter (and anything computed from parameters only) is one number.",
        ]
        if len(body) <= CHUNK_LINES:
            text = "\n".join(
                [*header, "def batched_step(parameters, inputs, seed):"]
                + [f"    {line}" for line in body]
            )
            return [text + "\n"]
        return _chunked(header, body)


def _same_nodes(a: Sequence[Value], b: Sequence[Value]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def _target(line: str) -> str | None:
    """The variable a generated line assigns (`x = …`, `grads[3] += …`), if any."""
    if line.startswith(("#", "return")):
        return None
    name = line.split(" ", 1)[0].split("[", 1)[0]
    return name if name.isidentifier() else None


def _reads(line: str) -> list[str]:
    """The names a generated line may read (a superset: attribute names are in it too)."""
    if line.startswith("#"):
        return []
    if " += " in line or " = " not in line:
        return _IDENTIFIER.findall(line)
    return _IDENTIFIER.findall(line.partition(" = ")[2])


def _chunked(header: list[str], body: list[str]) -> list[str]:
    """`body` cut into functions `part_0 …` that pass their variables on through a dict.

    Each part loads the names earlier parts defined that it reads, and stores the names it
    defines that later parts read; the last part returns `batched_step`'s result.
    """
    chunks = [body[i : i + CHUNK_LINES] for i in range(0, len(body), CHUNK_LINES)]
    last_read: dict[str, int] = {}
    for c, chunk in enumerate(chunks):
        for line in chunk:
            for word in _reads(line):
                last_read[word] = c
    pieces: list[str] = []
    defined_before: set[str] = set()
    for c, chunk in enumerate(chunks):
        reads: set[str] = set()
        defines: dict[str, None] = {}  # in order of first definition, each once
        for line in chunk:
            reads.update(_reads(line))
            target = _target(line)
            if target is not None:
                defines.setdefault(target)
        loads = [f"    {n} = env[{n!r}]" for n in sorted(reads & defined_before)]
        stores = [f"    env[{n!r}] = {n}" for n in defines if last_read.get(n, -1) > c]
        lines = [f"def part_{c}(parameters, inputs, seed, env):", *loads]
        lines += [f"    {line}" for line in chunk]
        lines += stores
        pieces.append("\n".join(lines) + "\n")
        defined_before.update(defines)
    calls = [f"    part_{c}(parameters, inputs, seed, env)" for c in range(len(chunks) - 1)]
    main = [
        *header,
        "def batched_step(parameters, inputs, seed):",
        "    env = {}",
        *calls,
        f"    return part_{len(chunks) - 1}(parameters, inputs, seed, env)",
    ]
    pieces.append("\n".join(main) + "\n")
    return pieces


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
        self.layers = find_layers(
            self.order, self.parameters, self.varying, (root, *self.outputs_traced)
        )
        writer = _ProgramWriter(self)
        namespace: dict[str, Any] = {"np": np, **_HELPERS}
        for piece in writer.pieces():  # one function at a time: the memory of one piece
            exec(compile(piece, "<autograd.compile_batched>", "exec"), namespace)  # our code
        namespace.update(writer.constants)
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

    @property
    def source(self) -> str:
        """The generated program (written again on each access: a big graph's text is large)."""
        return _ProgramWriter(self).program()

    def _columns(self, data: object) -> FloatArray:
        """`data` as an array with one row per input and one column per example, checked
        (finite, the right shape)."""
        array = np.asarray(data, dtype=np.float64)
        if array.ndim == 1 and len(self.inputs) == 1:
            array = array[:, None]
        if array.ndim != 2 or array.shape[1] != len(self.inputs) or array.shape[0] == 0:
            raise ValueError(
                f"batched loss: expected data of shape (batch, {len(self.inputs)}), "
                f"got {array.shape}"
            )
        finite = np.isfinite(array).all(axis=1)
        if not finite.all():
            k = int(np.flatnonzero(~finite)[0])
            raise ValueError(
                f"batched loss: example {k} has a non-finite input {array[k].tolist()}"
            )
        return np.ascontiguousarray(array.T)

    def run(
        self, data: object, seed: float | FloatArray
    ) -> tuple[FloatArray, tuple[float, ...], list[FloatArray]]:
        """Per-example losses, the parameters' gradients of Σ_k seed_k loss_k, and the outputs.

        Changes nothing (no `.grad` is touched). `seed` is one number for every
        example or an array with one per example.
        """
        columns = self._columns(data)
        return self._run_columns(columns, seed)

    def _run_columns(
        self, columns: FloatArray, seed: float | FloatArray
    ) -> tuple[FloatArray, tuple[float, ...], list[FloatArray]]:
        batch = columns.shape[1]
        seeds = np.broadcast_to(np.asarray(seed, dtype=np.float64), (batch,)).copy()
        parameter_values = np.fromiter(
            (p.data for p in self.parameters), dtype=np.float64, count=len(self.parameters)
        )
        try:
            with np.errstate(all="raise", under="ignore"):
                losses, grads, outputs = self._step(parameter_values, columns, seeds)
            totals = tuple(grads.tolist())
            # a matrix product overflows without a floating-point error: check what came out
            if not math.isfinite(math.fsum(totals)) or not np.isfinite(losses).all():
                raise FloatingPointError("a loss or a gradient overflowed")
            if not all(np.isfinite(o).all() for o in outputs):
                raise FloatingPointError("an output overflowed")
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
        columns = self._columns(data)
        batch = columns.shape[1]
        losses, grads, outputs = self._run_columns(columns, 1.0 / batch)
        mean = mean_loss(losses, "batched loss")
        add_grads(self.parameters, grads, "batched loss")
        self.losses, self.outputs = losses, outputs
        return mean

    def _interpreted(
        self, columns: FloatArray, seeds: FloatArray
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
