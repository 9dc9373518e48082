"""`compile_loss` (exported as `autograd.compile`): trace a loss once, replay it as straight-line code.

Training rebuilds the same graph every step: thousands of new `Value`s, a
topological sort, a dictionary lookup per node. When the graph's shape does
not change from step to step (an MLP on a fixed batch), all of that can be
done once. `compile_loss(loss, leaves)` takes a built loss (or a function that
builds it), writes its forward and backward pass as one straight-line Python
program from the ops' forward functions and rules (`autograd/ops.py`, written as source
as `to_python` writes them), compiles it once, and returns a `CompiledLoss`. Each call
reads the current `.data` of the leaves, runs the program, adds the gradients
to the leaves' `.grad` exactly as `loss.backward()` would, and returns the
loss; it makes no `Value`s. Graphs bigger than `chunk_size` operations are
split into several functions that pass values through lists; each function
is written and compiled on its own, so compiling needs the memory of one
chunk's syntax tree, not of the whole program's (a 1M-operation chain:
under 1 GB, where compiling the program in one piece took 12 GB).

The replay is exact: it performs the engine's floating-point operations in
the engine's order, so losses and gradients equal the interpreted engine bit
for bit. Errors stay the engine's: when the fast program hits a domain error
(log of a negative number, division by zero, ...) or an overflow, the step is
redone by the interpreted engine on the traced graph, which raises its usual
message (or, for a false alarm, gives the same numbers more slowly).

What the trace cannot see is the user's Python control flow: `if`s, loops
whose length depends on data, a different batch size. Those give a different
graph, which must be traced again with a new `compile_loss`. A different
number of leaves is an error; `CompiledLoss.check(new_loss)` compares a
freshly built graph with the traced one and names the first difference.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence

from autograd.codegen.python_source import (
    check_inputs,
    constant_literal,
    forward_source,
    message_source,
)
from autograd.graph import topological_order
from autograd.ops import OPS
from autograd.rules import TRACED
from autograd.value import Value, apply_op

__all__ = ["DEFAULT_CHUNK_SIZE", "CompiledLoss", "compile_loss"]

# Operations per generated function. CPython compiles straight-line code in
# time linear in its length (about 5 µs a statement here), so this only bounds
# the size of one function; within a function values are fast local variables.
DEFAULT_CHUNK_SIZE = 50_000

# Terms per line of the overflow check (long sums nest deeply in the parser).
_CHECK_TERMS = 50

# Operations written inline as Python operators (a + b, a * b, ...): they can give inf from
# finite inputs without an exception, so the compiled code checks their values. Every
# other op is a call of its checked forward function from autograd.ops.
_INLINE_OPERATORS = {name for name, op in OPS.items() if op.operator in ("+", "-", "*", "/")}

StepResult = tuple[float, tuple[float, ...]] | None


class _Writer:
    """Writes the program: the functions, and which values live where between them.

    Inside one function a node's value is the local `v{position}` and its
    gradient `g{position}` (position in the topological order). Between
    functions they travel through the lists `data` and `grad`; a listed leaf
    is read from `leaf_values[i]` and a constant leaf is written as a literal.
    """

    def __init__(self, order: list[Value], leaf_index: dict[Value, int], chunk_size: int) -> None:
        self.order = order
        self.position = {node: position for position, node in enumerate(order)}
        self.leaf_index = leaf_index
        operations = [node for node in order if node.inputs]
        self.chunks = [
            operations[i : i + chunk_size] for i in range(0, len(operations), chunk_size)
        ]
        self.fused = len(self.chunks) <= 1
        self.chunk_of = {node: c for c, chunk in enumerate(self.chunks) for node in chunk}
        self.stored = self._values_used_elsewhere() if not self.fused else set()
        self.lines: list[str] = []
        self.local_values: set[Value] = set()
        self.local_grads: set[Value] = set()
        self.stored_grads: set[Value] = set()

    def _values_used_elsewhere(self) -> set[Value]:
        """Values a later forward function or any backward function reads: they go into `data`."""
        stored: set[Value] = {self.order[-1]}  # the loss
        for node in self.order:
            if not node.inputs:
                continue
            traced = TRACED[node.op]
            used = frozenset().union(*traced.names)
            if "out" in used:
                stored.add(node)
            for field, parent in zip(traced.op.inputs, node.inputs):
                if parent.inputs and (
                    field in used or self.chunk_of[parent] != self.chunk_of[node]
                ):
                    stored.add(parent)
            if traced.op.variadic:
                stored.update(
                    p for p in node.inputs if p.inputs and self.chunk_of[p] != self.chunk_of[node]
                )
        return stored

    def emit(self, line: str) -> None:
        self.lines.append("    " + line)

    def value(self, node: Value) -> str:
        """The name of `node`'s value in the current function, loading it first if needed."""
        if not node.inputs and node not in self.leaf_index:
            return constant_literal(node.data)
        name = f"v{self.position[node]}"
        if node not in self.local_values:
            if node.inputs:
                self.emit(f"{name} = data[{self.position[node]}]")
            else:
                self.emit(f"{name} = leaf_values[{self.leaf_index[node]}]")
            self.local_values.add(node)
        return name

    def start_function(self, header: str) -> None:
        self.lines = ["", "", header]
        self.local_values = set()
        self.local_grads = set()

    def forward(self, chunk: list[Value]) -> None:
        """One statement per node, then the sum of the values that may have overflowed."""
        may_overflow: list[str] = []
        for node in chunk:
            for parent in node.inputs:
                self.value(parent)
            name = f"v{self.position[node]}"
            self.emit(f"{name} = {forward_source(node, self.value)}")
            self.local_values.add(node)
            if node.op in _INLINE_OPERATORS:
                may_overflow.append(name)
        self.emit("check = 0.0  # inf or nan in any value that may overflow makes this inf or nan")
        for i in range(0, len(may_overflow), _CHECK_TERMS):
            self.emit(f"check += {' + '.join(may_overflow[i : i + _CHECK_TERMS])}")
        for node in chunk:
            if node in self.stored:
                self.emit(f"data[{self.position[node]}] = v{self.position[node]}")

    def grad(self, node: Value) -> str:
        """The name of `node`'s gradient in the current function, loading it first if needed."""
        name = f"g{self.position[node]}"
        if node not in self.local_grads:
            stored = f"grad[{self.position[node]}]" if node in self.stored_grads else "0.0"
            self.emit(f"{name} = {stored}")
            self.local_grads.add(node)
        return name

    def backward(self, chunk: list[Value]) -> None:
        """The messages of the chunk's nodes, last node first, in the engine's order."""
        if (chunk and chunk[-1] is self.order[-1]) or not chunk:
            root = self.order[-1]
            self.emit(f"g{self.position[root]} = 1.0")
            self.local_grads.add(root)
        for node in reversed(chunk):
            upstream = self.grad(node)
            for parent, message in zip(node.inputs, message_source(upstream, node, self.value)):
                if not parent.inputs and parent not in self.leaf_index:
                    continue  # a constant: no gradient wanted
                name = f"g{self.position[parent]}"
                if parent in self.local_grads:
                    self.emit(f"{name} += {message}")
                elif parent in self.stored_grads:
                    self.emit(f"{name} = grad[{self.position[parent]}] + {message}")
                else:
                    self.emit(f"{name} = {message}")
                self.local_grads.add(parent)
        if not self.fused:
            in_chunk = set(chunk)
            for node in sorted(self.local_grads - in_chunk, key=self.position.__getitem__):
                self.emit(f"grad[{self.position[node]}] = g{self.position[node]}")
                self.stored_grads.add(node)

    def leaf_grads(self, leaves: Sequence[Value]) -> str:
        """The tuple of the leaves' gradients, as an expression (0.0 for a leaf no message reached)."""
        parts = []
        for leaf in leaves:
            if leaf not in self.position:
                continue
            if self.fused and leaf in self.local_grads:
                parts.append(f"g{self.position[leaf]}")
            elif leaf in self.stored_grads:
                parts.append(f"grad[{self.position[leaf]}]")
            else:
                parts.append("0.0")
        return "(" + "".join(f"{part}, " for part in parts) + ")"

    def functions(self, leaves: Sequence[Value]) -> Iterator[str]:
        """The program, one function's source at a time (`step` last).

        Each function is written only when the previous one has been taken, so the caller
        can compile it and drop its text before the next: the memory needed while compiling
        is that of one chunk, not of the whole program.
        """
        if self.fused:
            chunk = self.chunks[0] if self.chunks else []
            self.start_function("def step(leaf_values):")
            self.forward(chunk)
            self.emit("if not isfinite(check):")
            self.emit("    return None")
            root = self.value(self.order[-1])  # a literal if the loss is a constant
            self.backward(chunk)
            self.emit(f"return {root}, {self.leaf_grads(leaves)}")
            yield self.take_function()
            return
        for c, chunk in enumerate(self.chunks):
            self.start_function(f"def forward_{c}(leaf_values, data):")
            self.forward(chunk)
            self.emit("return check")
            yield self.take_function()
        for c in reversed(range(len(self.chunks))):
            self.start_function(f"def backward_{c}(leaf_values, data, grad):")
            self.backward(self.chunks[c])
            yield self.take_function()
        self.start_function("def step(leaf_values):")
        self.emit(f"data = [0.0] * {len(self.order)}")
        self.emit(f"grad = [0.0] * {len(self.order)}")
        for c in range(len(self.chunks)):
            self.emit(f"if not isfinite(forward_{c}(leaf_values, data)):")
            self.emit("    return None")
        for c in reversed(range(len(self.chunks))):
            self.emit(f"backward_{c}(leaf_values, data, grad)")
        self.emit(f"return data[{self.position[self.order[-1]]}], {self.leaf_grads(leaves)}")
        yield self.take_function()

    def take_function(self) -> str:
        """The function written since `start_function`, as source text; the lines are cleared."""
        text = "\n".join(self.lines) + "\n"
        self.lines = []
        return text


class CompiledLoss:
    """A traced loss, replayed as compiled straight-line code. Call it to run one step.

    `compiled()` reads the `.data` of the traced leaves, adds d(loss)/d(leaf)
    to each leaf's `.grad` exactly as `loss.backward()` would (so zero the
    gradients between steps as usual), and returns the loss as a float.
    `compiled(leaves)` runs the same program on other leaves of the same
    number (e.g. a new batch of inputs, traced as leaves too). Only the leaves
    change: the traced graph's inner nodes are not updated, and gradients are
    not computed for constants (leaves that were not listed).
    """

    def __init__(self, root: Value, leaves: Sequence[Value], chunk_size: int) -> None:
        self.root = root
        self.leaves = tuple(leaves)
        self.order = topological_order(root)
        self._chunk_size = chunk_size
        writer = self._writer()
        in_graph = set(self.order)
        self._written = [i for i, leaf in enumerate(self.leaves) if leaf in in_graph]
        self.chunk_count = max(1, len(writer.chunks))
        # The generated code calls the engine's own forward functions (autograd.ops).
        namespace: dict[str, object] = {op.forward.__name__: op.forward for op in OPS.values()}
        namespace["isfinite"] = math.isfinite
        for function in writer.functions(self.leaves):  # one chunk at a time: bounded memory
            exec(compile(function, "<autograd.compile>", "exec"), namespace)  # our own code
        self._step: Callable[[list[float]], StepResult] = namespace["step"]  # type: ignore[assignment]

    def _writer(self) -> _Writer:
        leaf_index = {leaf: i for i, leaf in enumerate(self.leaves)}
        return _Writer(self.order, leaf_index, self._chunk_size)

    @property
    def source(self) -> str:
        """The generated program, for reading. Written again at each access: not kept in memory."""
        header = f"# Generated by autograd.compile from a graph of {len(self.order)} nodes.\n"
        return header + "".join(self._writer().functions(self.leaves))

    def __repr__(self) -> str:
        return (
            f"CompiledLoss({len(self.order)} nodes, {len(self.leaves)} leaves, "
            f"{self.chunk_count} chunk{'s' if self.chunk_count > 1 else ''})"
        )

    def _leaves_for_call(self, leaves: Sequence[Value] | None) -> Sequence[Value]:
        if leaves is None:
            return self.leaves
        checked = check_inputs(leaves, "compiled loss")
        if len(checked) != len(self.leaves):
            raise ValueError(
                f"compiled loss: traced with {len(self.leaves)} leaves, called with {len(checked)}; "
                "a different graph needs a new autograd.compile"
            )
        return checked

    def __call__(self, leaves: Sequence[Value] | None = None) -> float:
        """Run one forward and backward pass; add the gradients to the leaves; return the loss."""
        current = self._leaves_for_call(leaves)
        try:
            result = self._step([leaf.data for leaf in current])
        except (ArithmeticError, ValueError):
            result = None
        if result is None:
            return self._interpreted(current)
        loss, grads = result
        # 0.0 + ...: the engine's sum starts at 0.0
        new_grads = [current[i].grad + (0.0 + grad) for i, grad in zip(self._written, grads)]
        if not math.isfinite(sum(grads)) or not all(map(math.isfinite, new_grads)):
            # the engine's numbers, or its error (which leaves every .grad as it was)
            return self._interpreted(current)
        for i, new_grad in zip(self._written, new_grads):
            current[i].grad = new_grad
        return loss

    def _interpreted(self, leaves: Sequence[Value]) -> float:
        """Redo the step with the interpreted engine: its numbers, or its error message."""
        replaced: dict[Value, Value] = dict(zip(self.leaves, leaves))
        for node in self.order:
            if node.inputs:
                inputs = tuple(replaced.get(x, x) for x in node.inputs)
                replaced[node] = apply_op(node.op, inputs)
        root = replaced.get(self.root, self.root)
        root.backward()
        return root.data

    def check(self, root: Value) -> None:
        """Raise ValueError naming the first difference if `root`'s graph is not the traced one.

        Same number of nodes, the same op at each position with inputs at the
        same positions, the same constants. Leaves' values may differ.
        """
        order = topological_order(root)
        if len(order) != len(self.order):
            raise ValueError(
                f"compiled loss: the graph has {len(order)} nodes, the traced one {len(self.order)}; "
                "re-trace with autograd.compile"
            )
        position = {node: i for i, node in enumerate(order)}
        traced_position = {node: i for i, node in enumerate(self.order)}
        listed = set(self.leaves)
        for i, (new, old) in enumerate(zip(order, self.order)):
            same = new.op == old.op and [position[x] for x in new.inputs] == [
                traced_position[x] for x in old.inputs
            ]
            if same and not old.inputs and old not in listed:
                same = new.data == old.data  # a constant baked into the code
            if not same:
                raise ValueError(
                    f"compiled loss: node {i} differs from the traced graph "
                    f"(traced op {old.op or 'leaf'!r}, got {new.op or 'leaf'!r}); "
                    "re-trace with autograd.compile"
                )


def compile_loss(
    loss: Value | Callable[[], Value],
    leaves: Sequence[Value],
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> CompiledLoss:
    """Trace `loss` once and return a `CompiledLoss` that replays it fast (see the module doc).

    `loss`: the loss `Value`, or a function of no arguments that builds it from
    the current leaves (called once). `leaves`: the leaves whose `.data` change
    between steps (parameters, and inputs if they change); every other leaf of
    the graph is a constant baked into the code. `chunk_size`: operations per
    generated function. Exported as `autograd.compile`.
    """
    if callable(loss) and not isinstance(loss, Value):
        loss = loss()
    if not isinstance(loss, Value):
        raise TypeError(
            f"compile: loss must be a Value or a function returning one, got {type(loss).__name__}"
        )
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"compile: chunk_size must be a positive int, got {chunk_size!r}")
    return CompiledLoss(loss, check_inputs(leaves, "compile"), chunk_size)
