"""`to_javascript`: the generated code, run in a real JavaScript engine (node), gives the engine's
numbers and the engine's errors.

Every graph of a test is written into one script and run by one `node` process (a few hundred
graphs in about a second). Values and gradients must equal the Python engine's to 1e-12 relative;
an input outside an op's domain must fail in JavaScript with Python's exception type and text.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from browser import needs
from random_graphs import random_graph

from autograd import Value, sum_values, topological_order
from autograd.codegen.javascript_source import to_javascript
from autograd.i18n import language
from autograd.value import Constant, apply_op, as_value, backward_messages
from autograd.viz.names import display_names

NODE = "node"


def run_in_node(cases: Sequence[tuple[str, dict[str, float]]], tmp_path: Path) -> list[dict]:
    """Run each (source of `backprop`, inputs) in one node process; its result or its error."""
    needs(NODE)
    script = ["var results = [];"]
    for index, (source, inputs) in enumerate(cases):
        script.append(f"var case{index} = (function () {{\n{source}\nreturn backprop;\n}}());")
        script.append(
            f"try {{ results.push(case{index}(JSON.parse({json.dumps(json.dumps(inputs))}))); }} "
            "catch (e) { results.push({ error: e.name, message: e.message }); }"
        )
    script.append("process.stdout.write(JSON.stringify(results));")
    path = tmp_path / "cases.js"
    path.write_text("\n".join(script), encoding="utf-8")
    done = subprocess.run(
        [shutil.which(NODE) or NODE, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    results: list[dict] = json.loads(done.stdout, parse_int=float)  # 1e17 is written 1000…0
    return results


def replay(root: Value, values: dict[str, float]) -> Value:
    """The same graph again with some leaves (by display name) set to other values, in Python."""
    order = topological_order(root)
    names = display_names(order)
    copies: dict[Value, Value] = {}
    for node in order:
        if not node.inputs:
            if isinstance(node, Constant):
                copies[node] = as_value(node.data, "replay")
            else:
                copies[node] = Value(values.get(names[node], node.data), label=node.label)
        else:
            copies[node] = apply_op(node.op, [copies[x] for x in node.inputs])
            copies[node].label = node.label
    return copies[root]


def python_result(root: Value, values: dict[str, float]) -> dict:
    """What the engine computes for `values`, or the error it raises (in the forward or backward)."""
    try:
        new_root = replay(root, values)
        new_root.backward()
    except (ArithmeticError, ValueError) as error:
        return {"error": type(error).__name__, "message": str(error)}
    order = topological_order(new_root)
    names = display_names(order)
    return {
        "data": {names[n]: n.data for n in order},
        "grad": {names[n]: n.grad for n in order},
    }


def assert_same(python: dict, javascript: dict, where: str) -> None:
    if "error" in python or "error" in javascript:
        assert javascript.get("error") == python.get("error"), (where, python, javascript)
        assert javascript["message"] == python["message"], where
        return
    for kind in ("data", "grad"):
        assert javascript[kind].keys() == python[kind].keys(), where
        for name, expected in python[kind].items():
            got = javascript[kind][name]
            assert math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-300), (
                where,
                kind,
                name,
                got,
                expected,
            )


def test_random_graphs_over_every_op_match_the_engine(tmp_path: Path) -> None:
    """240 random graphs (every op, shared nodes), each at its own values and at new ones;
    a third of the new values are huge, so the forward pass overflows somewhere."""
    cases, expected = [], []
    ops_seen: set[str] = set()
    errors = 0
    for seed in range(240):
        rng = random.Random(seed)
        root, leaves = random_graph(rng)
        ops_seen |= {node.op for node in topological_order(root)}
        source = to_javascript(root)
        scale = 10.0 ** rng.uniform(150, 300) if seed % 3 == 0 else 3.0
        in_graph = set(topological_order(root))
        new_values = {x.label: rng.uniform(-scale, scale) for x in leaves if x in in_graph}
        for values in ({}, new_values):
            cases.append((source, values))
            expected.append(python_result(root, values))
            errors += "error" in expected[-1]
    assert ops_seen >= {
        "+", "-", "neg", "*", "/", "**", "pow", "exp", "log", "tanh", "sigmoid", "softplus",
        "log_sigmoid", "relu", "leaky_relu", "elu", "abs", "max", "min", "sum", "sin", "cos",
        "tan", "sqrt",
    }  # fmt: skip
    assert errors >= 25  # the huge inputs did reach the error paths
    results = run_in_node(cases, tmp_path)
    for index, (python, javascript) in enumerate(zip(expected, results)):
        assert_same(python, javascript, f"case {index}")


def domain_graphs() -> list[tuple[Value, dict[str, float]]]:
    """A graph and inputs for every domain error of the forward and the backward pass."""
    x = Value(2.0, label="x")
    y = Value(3.0, label="y")
    t = Value(1e-10, label="t")
    cases: list[tuple[Value, dict[str, float]]] = [
        (x.log(), {"x": -1.0}),
        (x.log(), {"x": 0.0}),
        (x / y, {"y": 0.0}),
        (x.sqrt(), {"x": -4.0}),
        (x.sqrt(), {"x": 0.0}),  # forward fine, derivative 1/(2√0) infinite
        (x**0.5, {"x": -2.0}),
        (x**-1.0, {"x": 0.0}),
        (x**y, {"x": -2.0, "y": 0.5}),
        (x**y, {"x": -2.0, "y": 2.0}),  # forward fine, ∂/∂y needs ln(−2)
        (x.exp(), {"x": 710.0}),
        (x * y, {"x": 1e200, "y": 1e200}),
        (x + y, {"x": 1.7e308, "y": 1.7e308}),
        (x - y, {"x": -1.7e308, "y": 1.7e308}),
        (sum_values([x, y, 1.0]), {"x": 1.7e308, "y": 1.7e308}),
        (x.leaky_relu(1e300), {"x": -1e10}),
        (x.sqrt() * 1e300, {"x": 1e-320}),  # forward fine; the message 1e300 · 0.5/1e-160
        (t * 1.7e308 + t * 1.7e308, {}),  # each message fine, their sum is not
        (x.sqrt() * y, {"x": 0.0, "y": 0.0}),  # upstream 0: the infinite rule is never needed
    ]
    return cases


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_domain_errors_read_as_in_python(lang: str, tmp_path: Path) -> None:
    cases, expected = [], []
    with language(lang):
        for root, values in domain_graphs():
            cases.append((to_javascript(root), values))
            expected.append(python_result(root, values))
    assert sum("error" in e for e in expected) == len(expected) - 1
    results = run_in_node(cases, tmp_path)
    for index, (python, javascript) in enumerate(zip(expected, results)):
        assert_same(python, javascript, f"case {index}: {python}")
    if lang == "ru":  # the page's language: the Russian catalog's text
        assert results[0]["message"] != "log: input must be positive, got -1.0"


def test_the_sum_is_correctly_rounded_as_fsum(tmp_path: Path) -> None:
    """Python's sum node is math.fsum; the JavaScript `total` is the same exact algorithm."""
    rng = random.Random(7)
    cases, expected = [], []
    for _ in range(60):
        leaves = [
            Value(rng.uniform(-1, 1) * 10 ** rng.randint(-20, 20), label=f"x{i}") for i in range(9)
        ]
        root = sum_values([*leaves, -leaves[0], 1e-30, -(leaves[3] * 1.0)])
        cases.append((to_javascript(root), {}))
        expected.append(python_result(root, {}))
    for python, javascript in zip(expected, run_in_node(cases, tmp_path)):
        assert javascript["data"] == python["data"]  # bit for bit


def test_labels_are_data_never_code(tmp_path: Path) -> None:
    """Labels with quotes, script tags, newlines and `__proto__` stay names; nothing runs."""
    labels = ['"); process.exit(3); ("', "</script><script>alert(1)</script>", "a\nb\u2028c",
              "__proto__", "constructor", "x */ y", "${x}"]  # fmt: skip
    leaves = [Value(float(i + 1), label=label) for i, label in enumerate(labels)]
    root = sum_values([leaf * leaf for leaf in leaves])
    root.label = "total"
    source = to_javascript(root)
    assert "</script" not in source and "\u2028" not in source
    inputs = {labels[0]: 5.0, "__proto__": 2.0}
    (result,) = run_in_node([(source, inputs)], tmp_path)
    python = python_result(root, inputs)
    assert_same(python, result, "labels")
    assert result["grad"]['"); process.exit(3); ("'] == 10.0
    assert result["data"]["__proto__"] == 2.0


def test_bad_inputs_are_named_errors(tmp_path: Path) -> None:
    x = Value(1.0, label="x")
    source = to_javascript(x.tanh())
    results = run_in_node(
        [(source, {"y": 1.0}), (source, {"x": "2"}), (source, {"x": None})],  # type: ignore[dict-item]
        tmp_path,
    )
    assert results[0] == {
        "error": "ValueError",
        "message": 'backprop: "y" is not an input of this graph',
    }
    assert results[1]["message"] == 'backprop: the input "x" must be a finite number, got 2'
    assert results[2]["error"] == "ValueError"


def test_generating_code_changes_no_gradient() -> None:
    x = Value(0.5, label="x")
    f = (x * x).sigmoid()
    f.backward()
    before = x.grad
    to_javascript(f)
    assert x.grad == before


def test_every_node_traces_the_steppers_messages(tmp_path: Path) -> None:
    """With every_node=True the trace lists every message the lecture shows, in its order, with
    the local gradient, the message and the input's running total (`backward_messages`)."""
    cases, expected = [], []
    for seed in range(60):
        root, _ = random_graph(random.Random(1000 + seed))
        order = topological_order(root)
        position = {node: index for index, node in enumerate(order)}
        grads = {node: 0.0 for node in order}
        grads[root] = 1.0
        messages = []
        for node, k, input_node, _up, local, message in backward_messages(
            order, grads.__getitem__, every_node=True
        ):
            grads[input_node] += message
            messages.append([position[node], k, local, message, grads[input_node]])
        cases.append((to_javascript(root, every_node=True), {}))
        expected.append(messages)
    zero_upstream = 0
    for python, javascript in zip(expected, run_in_node(cases, tmp_path)):
        got = javascript["trace"]["messages"]
        assert len(got) == len(python)
        for mine, theirs in zip(got, python):
            assert mine[:2] == theirs[:2]
            zero_upstream += theirs[3] == 0.0
            for a, b in zip(mine[2:], theirs[2:]):
                assert (a is None and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12), (
                    mine,
                    theirs,
                )
    assert zero_upstream > 20  # relu, max and min did stop some gradients
