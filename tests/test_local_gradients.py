"""`autograd/local_gradients.py`, the derivative `backward` runs, is generated, checked in and current.

It is written by `python -m autograd.codegen.float_rules` from the rules of `autograd/ops.py`;
these tests write it again in memory and fail on any difference, check that a student can open
tanh's compiled local gradient with `inspect.getsource`, that no core module compiles source
with `exec` at import, and that an op read from its rule (before the file is written again)
gives the generated function's floats bit for bit.
"""

from __future__ import annotations

import ast
import inspect
import random
from pathlib import Path

import pytest
from random_graphs import bits, random_graph

from autograd import Value, local_gradients, topological_order
from autograd.codegen.float_rules import COMMAND, module_path, module_source
from autograd.ops import OPS
from autograd.rules import LOCAL_GRADS, _read_from_rule

ROOT = Path(__file__).resolve().parent.parent


def test_the_checked_in_module_is_what_the_generator_writes() -> None:
    written = module_path().read_text(encoding="utf-8")
    assert module_path() == ROOT / "autograd" / "local_gradients.py"
    assert written == module_source(), f"autograd/local_gradients.py is stale: run `{COMMAND}`"
    assert "GENERATED: do not edit" in written and COMMAND in written


def test_the_generator_would_notice_a_changed_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above can fail: with tanh's rule traced differently the text differs."""
    from autograd import rules

    traced = rules.TRACED["tanh"]
    changed = traced._replace(local_grads=(rules.lift(1.0) - rules.Expr("name", value="out"),))
    monkeypatch.setitem(rules.TRACED, "tanh", changed)
    assert module_source() != module_path().read_text(encoding="utf-8")
    assert "return (1.0 - out,)" in module_source()


def test_backward_runs_the_generated_functions_for_every_op() -> None:
    assert set(local_gradients.LOCAL_GRADS_GENERATED) == set(OPS)
    for name in OPS:
        assert LOCAL_GRADS[name] is local_gradients.LOCAL_GRADS_GENERATED[name]


def test_a_student_can_open_tanhs_local_gradient() -> None:
    text = inspect.getsource(LOCAL_GRADS["tanh"])
    assert text.splitlines()[0] == "def tanh_local_grads(node: Node) -> tuple[float, ...]:"
    assert "return (1.0 - out * out,)" in text
    assert inspect.getsourcefile(LOCAL_GRADS["tanh"]) == str(module_path())


def test_no_core_module_runs_exec_or_eval() -> None:
    found = []
    for path in sorted((ROOT / "autograd").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("exec", "eval"):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


@pytest.mark.parametrize("seed", range(20))
def test_an_op_read_from_its_rule_gives_the_generated_floats_bit_for_bit(seed: int) -> None:
    root, _ = random_graph(random.Random(seed))
    checked = 0
    for node in topological_order(root):
        if node.op:
            generated = LOCAL_GRADS[node.op](node)
            read = _read_from_rule(node.op)(node)
            assert [bits(g) for g in generated] == [bits(g) for g in read], node.op
            checked += 1
    assert checked >= 20


def test_the_fallback_has_the_name_of_the_generated_function() -> None:
    assert _read_from_rule("tanh").__name__ == LOCAL_GRADS["tanh"].__name__
    x = Value(0.3)
    assert _read_from_rule("tanh")(x.tanh()) == LOCAL_GRADS["tanh"](x.tanh())
