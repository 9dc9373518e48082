"""`to_javascript`: a graph's forward and backward pass as straight-line JavaScript, for pages.

The what-if player recomputes a whole graph in the browser when a student moves a slider, with no
kernel. `to_javascript(root)` writes the source of one function, `backprop(inputs)`, that does what
`root.backward()` does, statement by statement: the forward pass calls the JavaScript twins of
`autograd/ops.py`'s forward functions (`multiply(v[0], v[1])`, each with the same domain check and
the same error text), and every local gradient is the op's one rule from `autograd/ops.py`, written
by `autograd.rules` exactly as `to_python` writes it, only in JavaScript's spelling (`c ? a : b` for
`where`). The backward pass is the engine's: nodes last to first, a node whose upstream gradient is
0 sends nothing, each message is upstream x local and must be a finite number, a leaf's gradient
must not overflow. So the numbers equal the engine's (to the last bit or two: `Math.exp` and
`math.exp` may round differently) and a domain error reads exactly as in Python, in the language
chosen when the code was generated (`autograd.i18n`).

Nothing from a label becomes code: nodes are `v[i]` and `g[i]` by topological position, and names
appear only as JSON string literals.

    backprop({"x": 3}) -> {data: {"x": 3, "y": ..., "f": ...}, grad: {"x": ..., ...},
                           trace: {values: [...], grads: [...], messages: [[node, input, local,
                                   message, running total], ...]}}

Names are `autograd.display_names` (a node's label, or `n7`). Inputs not given keep their value
at generation time; a name that is not an input, or a value that is not a finite number, is an
error. `trace` is what the player needs to refill its frames (indices are topological positions).
"""

from __future__ import annotations

import json
import re

from autograd.graph import topological_order
from autograd.i18n import _
from autograd.ops import OPS
from autograd.rules import TRACED, Expr, PythonSource, local_grad_exprs
from autograd.value import Constant, Value
from autograd.viz.names import display_names

__all__ = ["JavaScriptSource", "to_javascript"]

# The texts the generated code may show, looked up in the current language when it is written.
# They are the messages of autograd/ops.py and autograd/value.py, word for word (a test runs
# both engines on the same bad inputs and compares the errors).
_MESSAGES = {
    "overflow": "{op}: result overflows a float (inputs {inputs})",
    "divide": "/: division by zero ({a!r} / {b!r})",
    "zero_power": "{op}: 0.0 to the negative power {exponent!r}",
    "negative_base": (
        "{op}: the negative base {base!r} to the fractional power {exponent!r} is not a real number"
    ),
    "exp": "exp: e ** {x!r} overflows a float",
    "log": "log: input must be positive, got {x!r}",
    "sqrt": "sqrt: input must not be negative, got {x!r}",
    "sum": "sum_values: the sum of {count} values overflows a float",
    "float_division": "float division by zero",
    "derivative": "{op}: the derivative d/d{slot} is {kind} at {inputs} ({reason}); {rule}",
    "infinite": "infinite",
    "undefined": "undefined",
    "not_finite": "not a finite number",
    "message": (
        "{where}: the gradient of {who} overflowed to {message!r} ({what}): {op} at "
        "{inputs} sends upstream {upstream!r} x local gradient {local!r}"
    ),
    "leaf_overflow": "backward: the gradient of {who} overflowed to {grad!r} ({what})",
    "leaf": "leaf {label!r}, data {data!r}",
    "node": "node {op!r} {label!r}, data {data!r}",
    "a_leaf": "a leaf",
    "a_node": "a node {op!r}",
    "data": "data {data!r}",
}

# The forward functions of autograd/ops.py in JavaScript, and the helpers the generated code
# uses. Each forward checks its domain as its Python twin does and fails with the same text.
_RUNTIME = r"""
  var T = __MESSAGES__;
  // Python's repr of a float: shortest round-trip digits, "1.0", "1e-05", "1e+16".
  function pyRepr(x) {
    if (x === 0) { return Object.is(x, -0) ? "-0.0" : "0.0"; }
    if (x !== x) { return "nan"; }
    if (x === Infinity || x === -Infinity) { return x > 0 ? "inf" : "-inf"; }
    var parts = x.toExponential().split("e"), exponent = parseInt(parts[1], 10);
    var sign = x < 0 ? "-" : "", digits = parts[0].replace("-", "").replace(".", "");
    if (exponent < -4 || exponent >= 16) {
      var mantissa = digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "");
      var size = Math.abs(exponent);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (size < 10 ? "0" : "") + size;
    }
    if (exponent < 0) { return sign + "0." + "0".repeat(-exponent - 1) + digits; }
    if (digits.length <= exponent + 1) {
      return sign + digits + "0".repeat(exponent + 1 - digits.length) + ".0";
    }
    return sign + digits.slice(0, exponent + 1) + "." + digits.slice(exponent + 1);
  }
  // A message with its {placeholders} filled in one pass: numbers as Python's repr, text as is.
  function say(template, values) {
    return template.replace(/\{(\w+)(!r)?\}/g, function (all, name, asRepr) {
      var value = values[name];
      return typeof value === "number" && asRepr ? pyRepr(value) : String(value);
    });
  }
  function fail(kind, template, values) {
    var error = new Error(say(template, values));
    error.name = kind;
    throw error;
  }
  function overflow(op, operands) {
    fail("OverflowError", T.overflow, { op: op, inputs: operands.map(pyRepr).join(", ") });
  }
  function checked(result, op, operands) {
    if (!isFinite(result)) { overflow(op, operands); }
    return result;
  }
  // Python's float division: a zero divisor is an error, not an infinity.
  function floatDivide(a, b) {
    if (b === 0) { fail("ZeroDivisionError", T.float_division, {}); }
    return a / b;
  }
  function add(a, b) { return checked(a + b, "+", [a, b]); }
  function subtract(a, b) { return checked(a - b, "-", [a, b]); }
  function negate(x) { return -x; }
  function multiply(a, b) { return checked(a * b, "*", [a, b]); }
  function divide(a, b) {
    if (b === 0) { fail("ZeroDivisionError", T.divide, { a: a, b: b }); }
    return checked(a / b, "/", [a, b]);
  }
  function pythonPower(op, base, exponent) {
    if (base === 0 && exponent < 0) {
      fail("ZeroDivisionError", T.zero_power, { op: op, exponent: exponent });
    }
    if (base < 0 && !Number.isInteger(exponent)) {
      fail("ValueError", T.negative_base, { op: op, base: base, exponent: exponent });
    }
    return checked(Math.pow(base, exponent), op, [base, exponent]);
  }
  function power(x, n) { return pythonPower("**", x, n); }
  function value_power(a, b) { return pythonPower("pow", a, b); }
  function exp(x) {
    var result = Math.exp(x);
    if (!isFinite(result)) { fail("OverflowError", T.exp, { x: x }); }
    return result;
  }
  function log(x) {
    if (x <= 0) { fail("ValueError", T.log, { x: x }); }
    return Math.log(x);
  }
  function sqrt(x) {
    if (x < 0) { fail("ValueError", T.sqrt, { x: x }); }
    return Math.sqrt(x);
  }
  function sin(x) { return Math.sin(x); }
  function cos(x) { return Math.cos(x); }
  function tan(x) { return checked(Math.tan(x), "tan", [x]); }
  function tanh(x) { return Math.tanh(x); }
  function sigmoid(x) {
    if (x >= 0) { return 1 / (1 + Math.exp(-x)); }
    var exponential = Math.exp(x);
    return exponential / (1 + exponential);
  }
  function softplus(x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }
  function log_sigmoid(x) { return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))); }
  function relu(x) { return x > 0 ? x : 0; }
  function leaky_relu(x, slope) { return checked(x > 0 ? x : slope * x, "leaky_relu", [x, slope]); }
  function elu(x, alpha) { return x > 0 ? x : alpha * Math.expm1(x); }
  function absolute(x) { return Math.abs(x); }
  function maximum(a, b) { return b > a ? b : a; }
  function minimum(a, b) { return b < a ? b : a; }
  // x1 + ... + xn correctly rounded, as Python's math.fsum (Shewchuk's exact partial sums).
  function total() {
    var partials = [], k, i, x, y, hi, lo;
    for (k = 0; k < arguments.length; k += 1) {
      x = arguments[k];
      var kept = 0;
      for (i = 0; i < partials.length; i += 1) {
        y = partials[i];
        if (Math.abs(x) < Math.abs(y)) { var swap = x; x = y; y = swap; }
        hi = x + y;
        lo = y - (hi - x);
        if (lo !== 0) { partials[kept] = lo; kept += 1; }
        x = hi;
      }
      partials.length = kept;
      if (!isFinite(x)) { fail("OverflowError", T.sum, { count: arguments.length }); }
      if (x !== 0) { partials.push(x); }
    }
    var n = partials.length;
    hi = 0;
    if (n > 0) {
      n -= 1;
      hi = partials[n];
      lo = 0;
      while (n > 0) {
        x = hi;
        n -= 1;
        y = partials[n];
        hi = x + y;
        lo = y - (hi - x);
        if (lo !== 0) { break; }
      }
      if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
        y = lo * 2;
        x = hi + y;
        if (y === x - hi) { hi = x; }
      }
    }
    if (!isFinite(hi)) { fail("OverflowError", T.sum, { count: arguments.length }); }
    return hi;
  }
"""

# The backward pass's helpers: who a node is in an error, the inputs of a rule, one message.
_BACKWARD_HELPERS = r"""
  function describe(i) {
    var node = NODES[i];
    if (node.label !== null) {
      var what = node.leaf ? T.leaf : T.node;
      return [node.label, say(what, { label: node.label_repr, op: node.op_repr, data: v[i] })];
    }
    var who = node.leaf ? T.a_leaf : say(T.a_node, { op: node.op_repr });
    return [who, say(T.data, { data: v[i] })];
  }
  function slots(i) {
    var node = NODES[i];
    return node.inputs.map(function (input, k) {
      return node.slots[k] + " = " + pyRepr(v[input]);
    }).join(", ");
  }
  // The local gradients of node i, each rule alone: a rule that fails is an error naming the
  // op and its inputs, unless its input is a constant or the upstream gradient is 0 (then
  // nobody needs it: NaN, not sent).
  function locals(i, rules) {
    var node = NODES[i], results = [];
    rules.forEach(function (rule, k) {
      try { results.push(rule()); } catch (error) {
        if (g[i] === 0 || NODES[node.inputs[k]].constant) { results.push(NaN); return; }
        var kind = { ZeroDivisionError: T.infinite, ValueError: T.undefined }[error.name];
        fail(error.name, T.derivative, {
          op: node.op, slot: node.slots[k], kind: kind || T.not_finite,
          inputs: slots(i), reason: error.message, rule: node.words,
        });
      }
    });
    return results;
  }
  // The message node i sends its input k: upstream x local, a finite number (or an error).
  function send(i, k, local) {
    var node = NODES[i], input = node.inputs[k], upstream = g[i];
    var message = upstream * local;
    if (!isFinite(message) && upstream === 0) { message = 0; }  // 0 x inf: nothing is sent
    if (!isFinite(message)) {
      if (NODES[input].constant) { return; }
      var who = describe(input);
      fail(message !== message ? "ValueError" : "OverflowError", T.message, {
        where: "backward", who: who[0], message: message, what: who[1], op: node.op,
        inputs: slots(i), upstream: upstream, local: local,
      });
    }
    g[input] += message;
    messages.push([i, k, local, message, g[input]]);
  }
"""


# The forward functions the runtime above defines: every op of the table needs its twin there
# (checked at import, and for an op added at run time when it is written, naming the op).
_TWINS = frozenset(re.findall(r"^  function (\w+)\(", _RUNTIME, re.MULTILINE))


def _twin(op_name: str) -> str:
    """The JavaScript function computing op `op_name` forward, or an error naming the op."""
    function = OPS[op_name].forward.__name__
    if function not in _TWINS:
        raise ValueError(
            f"to_javascript: op {op_name!r} has no JavaScript twin of its forward function "
            f"{function!r} (add one to autograd/codegen/javascript_source.py)"
        )
    return function


for _name in OPS:  # every op of autograd/ops.py has its twin
    _twin(_name)


class JavaScriptSource(PythonSource):
    """Writes a rule's Expr as JavaScript: `c ? a : b` for `where`, `===` for `==`, and
    Python's float division (a zero divisor fails, as in Python) as `floatDivide(a, b)`."""

    def where(self, condition: str, if_true: str, if_false: str) -> str:
        return f"{condition} ? {if_true} : {if_false}"

    def write(self, expr: Expr) -> str:
        if expr.kind == "/":
            left, right = (self.write(a) for a in expr.args)
            return f"floatDivide({left}, {right})"
        if expr.kind == "==":
            left, right = (self._operand(a, 1) for a in expr.args)
            return f"{left} === {right}"
        return super().write(expr)


def _number(x: float) -> str:
    """A float as JavaScript source (Python's repr is valid JavaScript for a finite float)."""
    return PythonSource().number(x)


def _json(data: object) -> str:
    """JSON that can sit anywhere in a page's script: no "<", ">" or "&" characters at all, and
    no raw line or paragraph separators (U+2028, U+2029: line ends in older JavaScript)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    for character in "<>&\u2028\u2029":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return text


def _node_table(order: list[Value]) -> list[dict[str, object]]:
    """What error messages say about each node: its op, label, inputs by position and slot."""
    position = {node: index for index, node in enumerate(order)}
    table: list[dict[str, object]] = []
    for node in order:
        entry: dict[str, object] = {
            "label": node.label or None,
            "label_repr": repr(node.label),
            "op_repr": repr(node.op),
            "leaf": not node.inputs,
            "constant": isinstance(node, Constant),
        }
        if node.inputs:
            op = OPS[node.op]
            count = len(node.inputs) if op.variadic else len(TRACED[node.op].local_grads)
            entry.update(
                op=node.op,
                words=_(op.words),
                inputs=[position[x] for x in node.inputs[:count]],
                slots=[f"{op.inputs[0]}{k}" if op.variadic else op.inputs[k] for k in range(count)],
            )
        table.append(entry)
    return table


def _can_fail(expr: Expr) -> bool:
    """Whether evaluating a rule can fail: it calls a forward function or divides."""
    return expr.kind in ("call", "/") or any(_can_fail(a) for a in expr.args)


def to_javascript(root: Value, *, function_name: str = "backprop", every_node: bool = False) -> str:
    """The source of one JavaScript function `backprop(inputs)`: `root`'s forward and backward pass.

    `inputs` maps a leaf's display name to a number (leaves not given keep their current value;
    constants, the numbers in the formula, are not inputs). It returns
    `{data: {name: value}, grad: {name: d(root)/d(node)}, trace: {...}}` for every node (see
    the module docstring), or throws an Error whose `name` is Python's exception type and whose
    message is Python's text: `log: input must be positive, got -1.0`. Never changes any `.grad`.
    `every_node=True` sends messages from a node whose upstream gradient is 0 too (they are 0),
    as the stepper shows them (`backward_messages(..., every_node=True)`): `trace.messages` then
    lists every message the lecture's frames show.
    """
    if not isinstance(root, Value):
        raise TypeError(f"to_javascript: root must be a Value, got {type(root).__name__}")
    if not (function_name.isidentifier() and function_name.isascii()):
        raise ValueError(
            f"to_javascript: function_name must be a plain identifier, got {function_name!r}"
        )
    order = topological_order(root)
    position = {node: index for index, node in enumerate(order)}
    names = display_names(order)
    writer = JavaScriptSource()

    def name_of(node: Value) -> Expr:
        return Expr("name", value=f"v[{position[node]}]")

    messages = {key: _(text) for key, text in _MESSAGES.items()}
    lines = [
        f"function {function_name}(inputs) {{",
        '  "use strict";',
        f"  // Generated by autograd.to_javascript from a graph of {len(order)} nodes:",
        "  // v[i] is node i's value and g[i] d(root)/d(node i), i in topological order.",
        _RUNTIME.strip("\n").replace("__MESSAGES__", _json(messages)),
        f"  var NODES = {_json(_node_table(order))};",
        f"  var NAMES = {_json([names[node] for node in order])};",
        f"  var v = new Array({len(order)}), g = new Array({len(order)}).fill(0), messages = [];",
        "  inputs = inputs || {};",
        "  var known = Object.create(null);",
        "  function given(i, fallback) {",
        "    known[NAMES[i]] = true;",
        "    if (!Object.prototype.hasOwnProperty.call(inputs, NAMES[i])) { return fallback; }",
        "    var x = inputs[NAMES[i]];",
        '    if (typeof x !== "number" || !isFinite(x)) {',
        '      fail("ValueError", "backprop: the input {name} must be a finite number, got {x}",',
        "           { name: JSON.stringify(NAMES[i]), x: String(x) });",
        "    }",
        "    return x;",
        "  }",
        _BACKWARD_HELPERS.strip("\n"),
        "  // forward pass: each node from its inputs, inputs first",
    ]
    for index, node in enumerate(order):
        if not node.inputs:
            literal = _number(node.data)
            if isinstance(node, Constant):
                lines.append(f"  v[{index}] = {literal};  // a constant")
            else:
                lines.append(f"  v[{index}] = given({index}, {literal});")
            continue
        op = OPS[node.op]
        arguments = ", ".join(f"v[{position[x]}]" for x in node.inputs)
        lines.append(f"  v[{index}] = {_twin(op.name)}({arguments});")
    lines += [
        "  Object.keys(inputs).forEach(function (name) {",
        "    if (!known[name]) {",
        '      fail("ValueError", "backprop: {name} is not an input of this graph", '
        "{ name: JSON.stringify(name) });",
        "    }",
        "  });",
        "  // backward pass: d(root)/d(root) = 1, then last node to first; a node whose upstream",
        "  // gradient is 0 sends nothing, each other sends upstream x local gradient",
        f"  g[{len(order) - 1}] = 1;",
    ]
    for index in reversed(range(len(order))):
        node = order[index]
        if not node.inputs:
            continue
        grads = local_grad_exprs(node, name_of)
        lines.append(f"  // node {index}: {OPS[node.op].forward.__name__}")
        lines.append("  {" if every_node else f"  if (g[{index}] !== 0) {{")
        if any(_can_fail(grad) for grad in grads):
            rules = ", ".join(f"function () {{ return {writer.write(g)}; }}" for g in grads)
            lines.append(f"    var local = locals({index}, [{rules}]);")
            sources = [f"local[{k}]" for k in range(len(grads))]
        else:
            sources = [writer.write(g) for g in grads]
        lines += [f"    send({index}, {k}, {text});" for k, text in enumerate(sources)]
        lines.append("  }")
    lines += [
        "  // a leaf's gradient must be a number (a constant's is nobody's concern)",
        "  for (var i = 0; i < v.length; i += 1) {",
        "    if (NODES[i].leaf && !NODES[i].constant && !isFinite(g[i])) {",
        "      var who = describe(i);",
        '      fail("OverflowError", T.leaf_overflow, { who: who[0], grad: g[i], what: who[1] });',
        "    }",
        "  }",
        "  var data = Object.create(null), grad = Object.create(null);",
        "  NAMES.forEach(function (name, i) { data[name] = v[i]; grad[name] = g[i]; });",
        "  return { data: data, grad: grad, trace: { values: v, grads: g, messages: messages } };",
        "}",
    ]
    return "\n".join(lines) + "\n"
