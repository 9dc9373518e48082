"""Turn a formula as a student types it, like "(x + y)·z" or "x^2 + 2x", into a graph of `Value`s, safely.

Formulas are math, not Python: `^` is a power, `ln` is the natural log, `e` and `pi` (or `π`)
are the constants, and the operators pasted from a textbook (`·` `×` `−` `÷` `²` `³`) work. The
text is first rewritten into Python's spelling (`^` -> `**`, `²` -> `**2`, ...), parsed with
Python's `ast` module and then checked node by node against a whitelist: numbers, variable
names, the constants, `+ - * / **`, unary minus and plus, parentheses, and calls of the
functions in `FUNCTIONS`. Anything else (attribute access, subscripts, lambdas, strings,
keyword arguments, unknown functions or variables) is rejected with an `ExpressionError` whose
message fits on one line and quotes the formula as it was typed. Two operands with no operator
between them get a hint ("write 2*x", "missing operator between x and y"). The text is never
passed to `eval`: the graph is built by calling `Value` operations for the whitelisted nodes
only. Each variable becomes one leaf labelled with its name, so `x * x` uses the same leaf twice.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
import unicodedata
import warnings
from collections.abc import Collection, Mapping, Sequence

from autograd.i18n import N_, _, ngettext
from autograd.ops import OPS
from autograd.value import Value, apply_op, as_value

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "ExpressionError",
    "UnusedVariableWarning",
    "build_graph",
    "formula_variables",
    "parse_assignments",
    "python_spelling",
]

Operand = Value | float  # a number stays a number until an operation needs it as a Value


class ExpressionError(ValueError):
    """The formula or a `name=value` assignment is not acceptable; the message says why."""


class UnusedVariableWarning(UserWarning):
    """A variable was given a value but the formula does not use it (usually a typo)."""


# Function name -> (number of arguments, op name): every op of `autograd.ops.OPS` that is a
# `Value` method without a number parameter (exp, log, sqrt, sin, ..., max, min); `ln` is
# log's other name.
FUNCTIONS: dict[str, tuple[int, str]] = {
    op.method: (len(op.inputs), op.name) for op in OPS.values() if op.method and not op.parameter
}
FUNCTIONS["ln"] = FUNCTIONS["log"]
FUNCTIONS["σ"] = FUNCTIONS["sigmoid"]  # as on the board: σ(z)

# Constant name -> (value, the label of its leaf). A constant is a leaf like a variable, so the
# drawing shows "e" or "π" rather than 2.718…; it cannot also be given as a variable.
CONSTANTS: dict[str, tuple[float, str]] = {
    "e": (math.e, "e"),
    "pi": (math.pi, "π"),
    "π": (math.pi, "π"),
}

# Python's own words for the commonest syntax errors in a formula, so they can be translated too
# (any other message of Python's parser is shown as Python wrote it).
PYTHON_SYNTAX_MESSAGES = (
    N_("invalid syntax"),
    N_("'(' was never closed"),
    N_("unmatched ')'"),
    N_("invalid syntax. Perhaps you forgot a comma?"),
    N_("too many nested parentheses"),
)

_BINARY: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}

# What a pasted or math-style character means in Python's spelling.
_SPELLINGS = {
    "^": "**",
    "·": "*",  # U+00B7 middle dot
    "⋅": "*",  # U+22C5 dot operator
    "×": "*",
    "∗": "*",
    "−": "-",  # U+2212 minus sign
    "÷": "/",
    "\t": " ",
    "\n": " ",
    "\r": " ",
}

# Superscripts are a power (x² is x**2, x⁻¹ is x**(-1)); subscript digits belong to a name
# (w₀ is the variable w_0, which every view writes w₀ again).
_SUPERSCRIPT_DIGITS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+"))
_SUBSCRIPT_DIGITS = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789"))


def python_spelling(expression: str) -> tuple[str, list[int]]:
    """The formula in Python's spelling, and for each of its characters the typed position.

    "x^2 · y" becomes "x**2 * y", "x⁻¹" becomes "x**(-1)", "w₁₂" becomes "w_12"; the
    positions let error messages quote what was typed.
    """
    pieces: list[str] = []
    origin: list[int] = []
    position = 0
    while position < len(expression):
        character = expression[position]
        if character in _SUPERSCRIPT_DIGITS:  # a run of superscripts is one exponent
            end = position
            while end < len(expression) and expression[end] in _SUPERSCRIPT_DIGITS:
                end += 1
            exponent = "".join(_SUPERSCRIPT_DIGITS[c] for c in expression[position:end])
            spelled = f"**({exponent})"
            origin.extend(
                [position] * 3 + [min(position + i, end - 1) for i in range(len(spelled) - 3)]
            )
            pieces.append(spelled)
            position = end
            continue
        if character in _SUBSCRIPT_DIGITS:
            first = position == 0 or expression[position - 1] not in _SUBSCRIPT_DIGITS
            spelled = ("_" if first else "") + _SUBSCRIPT_DIGITS[character]
        else:
            spelled = _SPELLINGS.get(character, character)
        pieces.append(spelled)
        origin.extend([position] * len(spelled))
        position += 1
    return "".join(pieces), origin


def _key(name: str) -> str:
    """The name as Python's parser sees it: identifiers are NFKC-normalised (ℓ is l, ｘ is x),
    after subscript digits are written with "_" (w₀ is w_0)."""
    return unicodedata.normalize("NFKC", python_spelling(name)[0])


def parse_assignments(assignments: Sequence[str]) -> dict[str, float]:
    """Parse ["x=-2", "y=5"] into {"x": -2.0, "y": 5.0}, or raise `ExpressionError`.

    A name must be an identifier that is neither a function nor a constant name; each name may
    be given once (names that Python treats as equal, like ℓ and l, count as one); a value must
    be a finite int or float literal ("1e-3" yes, "nan" no). Names keep their typed spelling.
    """
    values: dict[str, float] = {}
    spelled: dict[str, str] = {}  # NFKC key -> the spelling given first
    for text in assignments:
        name, equals, value_text = text.partition("=")
        name, value_text = name.strip(), value_text.strip()
        if not equals or not name or not value_text:
            raise ExpressionError(_("expected name=value, got {text!r}").format(text=_short(text)))
        if not _key(name).isidentifier() or keyword.iskeyword(_key(name)):
            raise ExpressionError(
                _("{name!r} in {text!r} is not a valid variable name").format(
                    name=_short(name), text=_short(text)
                )
            )
        if _key(name) in FUNCTIONS:
            raise ExpressionError(
                _("{name!r} is a function name and cannot be a variable").format(name=name)
            )
        if _key(name) in CONSTANTS:
            raise ExpressionError(
                _(
                    "{name!r} is the constant {value:.6g} in a formula and cannot be a variable"
                ).format(name=name, value=CONSTANTS[_key(name)][0])
            )
        if _key(name) in spelled:
            first = spelled[_key(name)]
            same = _(" ({first!r} and {name!r} are the same name to Python)").format(
                first=first, name=name
            )
            raise ExpressionError(
                _("variable {name!r} is given more than once").format(name=name)
                + ("" if first == name else same)
            )
        try:
            value = float(value_text)
        except ValueError:
            raise ExpressionError(
                _("the value of {name!r} must be a number, got {text!r}").format(
                    name=name, text=_short(value_text)
                )
            ) from None
        if not math.isfinite(value):
            raise ExpressionError(
                _("the value of {name!r} must be a finite number, got {text!r}").format(
                    name=name, text=_short(value_text)
                )
            )
        values[name] = value
        spelled[_key(name)] = name
    return values


def _short(text: str, limit: int = 60) -> str:
    """`text` cut to about `limit` characters with an ellipsis, so a message stays one line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Source:
    """The typed formula and its Python spelling, to quote any AST node as the student typed it."""

    def __init__(self, typed: str) -> None:
        self.typed = typed
        self.python, self.origin = python_spelling(typed)

    def quote(self, node: ast.AST) -> str:
        """The typed text of `node`, shortened (no recursion: long formulas are fine)."""
        start = getattr(node, "col_offset", None)
        end = getattr(node, "end_col_offset", None)
        if start is None or end is None:
            return "…"
        # ast offsets count UTF-8 bytes of the (single) line; turn them into characters.
        encoded = self.python.encode("utf-8")
        first = len(encoded[:start].decode("utf-8", errors="ignore"))
        last = len(encoded[:end].decode("utf-8", errors="ignore"))
        if first >= last:
            return "…"
        typed_first, typed_last = self.origin[first], self.origin[last - 1] + 1
        return _short(self.typed[typed_first:typed_last].strip())


# A number (1, 2.5, .5, 1e-3), a name (Unicode letters allowed), or any other single character.
_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<name>[^\W\d]\w*)|(?P<other>\S))"
)


def _missing_operator(source: _Source, keys: Collection[str]) -> str | None:
    """A hint when two operands touch with no operator ("2x", "x y", ")("), else None.

    `keys` are the variables' names as Python's parser sees them (NFKC).
    """
    if any(quote in source.python for quote in "'\""):
        return None  # strings are refused by the whitelist with their own message
    tokens: list[tuple[str, str, int, int]] = []  # kind, text, start, end in the Python spelling
    for match in _TOKEN.finditer(source.python):
        kind = match.lastgroup or "other"
        text = match.group(kind)
        if kind == "name" and keyword.iskeyword(_key(text)):
            kind = "other"
        tokens.append((kind, text, match.start(kind), match.end(kind)))
    for index in range(len(tokens) - 1):
        kind_a, text_a, _start_a, end_a = tokens[index]
        kind_b, text_b, start_b, _end_b = tokens[index + 1]
        ends_operand = kind_a in ("number", "name") or text_a == ")"
        starts_operand = kind_b in ("number", "name") or text_b == "("
        if not (ends_operand and starts_operand):
            continue
        if kind_a == "name" and text_b == "(" and _key(text_a) not in {*keys, *CONSTANTS}:
            continue  # a function call (or an unknown function, reported by the whitelist)
        if kind_a == "name" and _key(text_a) in FUNCTIONS:
            continue  # "exp x": the whitelist says exp must be called
        a = _operand_text(source, tokens, index, step=-1)
        b = _operand_text(source, tokens, index + 1, step=1)
        if kind_a == "number" and kind_b == "name" and end_a == start_b:
            return _("write {a}*{b}, not {typed}").format(a=a, b=b, typed=_short(a + b, 40))
        return _("missing operator between {a} and {b} (write {a}*{b} for a product)").format(
            a=a, b=b
        )
    return None


def _operand_text(
    source: _Source, tokens: list[tuple[str, str, int, int]], index: int, step: int
) -> str:
    """The typed text of the operand at tokens[index]: a bracket extends to its partner."""
    opening, closing = ("(", ")") if step == 1 else (")", "(")
    last = index
    if tokens[index][1] == opening:
        depth = 0
        for scan in range(index, len(tokens) if step == 1 else -1, step):
            depth += {opening: 1, closing: -1}.get(tokens[scan][1], 0)
            if depth == 0:
                last = scan
                break
    first, final = sorted((index, last))
    start, end = tokens[first][2], tokens[final][3]
    return _short(source.typed[source.origin[start] : source.origin[end - 1] + 1], 24)


def _describe(node: ast.AST, source: _Source) -> str:
    """A short description of a rejected piece of syntax, with its text."""
    kinds = {
        ast.Attribute: N_("attribute access"),
        ast.Subscript: N_("subscripts"),
        ast.Lambda: N_("lambda"),
        ast.Compare: N_("comparisons"),
        ast.BoolOp: N_("and/or"),
        ast.IfExp: N_("if/else"),
        ast.Starred: N_("*arguments"),
        ast.Tuple: N_("tuples"),
        ast.List: N_("lists"),
        ast.Dict: N_("dicts"),
        ast.Set: N_("sets"),
        ast.JoinedStr: N_("strings"),
        ast.NamedExpr: ":=",
    }
    kind = _(kinds[type(node)]) if type(node) in kinds else type(node).__name__
    return f"{kind} ({source.quote(node)!r})"


def _check(node: ast.expr, keys: Mapping[str, str], source: _Source) -> None:
    """Raise `ExpressionError` unless this single AST node is on the whitelist.

    `keys` maps each variable's NFKC name (what `ast` reports) to its typed spelling.
    """
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ExpressionError(
                _("only numbers are allowed as constants, got {typed}").format(
                    typed=source.quote(node)
                )
            )
        try:
            finite = math.isfinite(float(node.value))
        except OverflowError:
            finite = False
        if not finite:
            raise ExpressionError(_("a number in the formula is too large for a float"))
    elif isinstance(node, ast.Name):
        typed = source.quote(node)
        if node.id in FUNCTIONS:
            raise ExpressionError(
                _("{name!r} is a function: call it, as in {name}(x)").format(name=typed)
            )
        if node.id not in keys and node.id not in CONSTANTS:
            raise ExpressionError(
                _("unknown variable {name!r}: give it a value, as in {name}=1.5").format(name=typed)
            )
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            raise ExpressionError(
                _("operator not allowed in {formula!r} (use + - * / ^)").format(
                    formula=source.quote(node)
                )
            )
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise ExpressionError(
                _("operator not allowed in {formula!r}").format(formula=source.quote(node))
            )
    elif isinstance(node, ast.Call):
        arithmetic = (ast.Constant, ast.Name, ast.BinOp, ast.UnaryOp, ast.Call)
        if isinstance(node.func, arithmetic) and not _is_function(node.func):
            hint = _missing_operator(source, keys)  # "2(x+1)", "x(y)" parse as calls
            if hint is not None:
                raise ExpressionError(_("cannot read the formula: {hint}").format(hint=hint))
        if not _is_function(node.func):
            known = ", ".join(FUNCTIONS)
            raise ExpressionError(
                _("unknown function {name!r} (allowed: {known})").format(
                    name=source.quote(node.func), known=known
                )
            )
        if node.keywords:
            raise ExpressionError(
                _("keyword arguments are not allowed: {formula!r}").format(
                    formula=source.quote(node)
                )
            )
        assert isinstance(node.func, ast.Name)
        arity, _function = FUNCTIONS[node.func.id]
        if any(isinstance(argument, ast.Starred) for argument in node.args):
            raise ExpressionError(
                _("*arguments are not allowed: {formula!r}").format(formula=source.quote(node))
            )
        if len(node.args) != arity:
            raise ExpressionError(
                ngettext(
                    "{name} takes {arity} argument, got {count} in {formula!r}",
                    "{name} takes {arity} arguments, got {count} in {formula!r}",
                    arity,
                ).format(
                    name=node.func.id,
                    arity=arity,
                    count=len(node.args),
                    formula=source.quote(node),
                )
            )
    else:
        raise ExpressionError(
            _("not allowed in a formula: {what}").format(what=_describe(node, source))
        )


def _is_function(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in FUNCTIONS


def _as_value(x: Operand) -> Value:
    """A number operand as a constant leaf (so `2 * 3` still shows as an operation)."""
    return as_value(x, "formula")


def _apply(node: ast.expr, operands: list[Operand], leaves: Mapping[str, Value]) -> Operand:
    """Build the result of one whitelisted AST node from its already-built operands."""
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, (int, float))  # `_check` let only numbers through
        return float(node.value)
    if isinstance(node, ast.Name):
        return leaves[node.id]
    if isinstance(node, ast.UnaryOp):
        (operand,) = operands
        if isinstance(node.op, ast.UAdd):
            return operand
        return -operand  # a Value gets a "neg" node; a number stays a number (-2 is the number -2)
    if isinstance(node, ast.BinOp):
        left, right = operands
        op = _BINARY[type(node.op)]
        if op == "**" and not isinstance(right, Value):
            return _as_value(left) ** right  # a number exponent: op "**", no gradient to it
        if op == "+":
            return _as_value(left) + right
        if op == "-":
            return _as_value(left) - right
        if op == "*":
            return _as_value(left) * right
        if op == "/":
            return _as_value(left) / right
        return _as_value(left) ** right
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    _arity, op = FUNCTIONS[node.func.id]
    return apply_op(op, [_as_value(operand) for operand in operands])


def _children(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Call):
        return list(node.args)
    return []


def _parse(source: _Source, keys: Collection[str]) -> ast.Expression:
    """The formula's syntax tree, or `ExpressionError` with a hint (`keys`: NFKC variable names)."""
    try:
        return ast.parse(source.python, mode="eval")
    except SyntaxError as error:
        hint = _missing_operator(source, keys)
        if hint is not None:
            raise ExpressionError(
                _("cannot parse the formula: {reason}").format(reason=hint)
            ) from None
        raise ExpressionError(
            _("cannot parse the formula: {reason} (column {column})").format(
                reason=_(error.msg) if error.msg in PYTHON_SYNTAX_MESSAGES else error.msg,
                column=error.offset,
            )
        ) from None
    except (RecursionError, MemoryError):
        raise ExpressionError(_("the formula is nested too deeply to parse")) from None


# "q = x + y": a statement that names its value (not "==").
_NAMED = re.compile(r"\s*([^\W\d][\w₀₁₂₃₄₅₆₇₈₉]*)\s*=(?!=)(.*)", re.S)


def statements(expression: str) -> list[tuple[str | None, str]]:
    """The formula's statements as on the board: "q = x + y; f = q*z" (or one per line) ->
    [("q", "x + y"), ("f", "q*z")]. Only the last may be a bare formula (name None)."""
    pieces = [piece for piece in re.split(r"[;\n]", expression) if piece.strip()]
    if not pieces:
        raise ExpressionError(_("the formula is empty"))
    result: list[tuple[str | None, str]] = []
    for piece in pieces:
        named = _NAMED.fullmatch(piece)
        result.append((named.group(1), named.group(2)) if named else (None, piece))
    for name, text in result[:-1]:
        if name is None:
            raise ExpressionError(
                _("every statement but the last names its value, as in q = x + y: {text!r}").format(
                    text=_short(text.strip())
                )
            )
    for name, text in result:
        if not text.strip():
            raise ExpressionError(_("{name} = … has no formula").format(name=name))
    return result


def formula_variables(expression: str) -> list[str]:
    """The variables of `expression` as typed, in order of first appearance: "x*y + x" -> [x, y].

    Function names, the constants e, pi and the names of intermediate values ("q" of
    "q = x + y; f = q*z") are not variables. Raises `ExpressionError` if the formula cannot be
    parsed; the whitelist itself is checked when the graph is built.
    """
    if not expression.strip():
        raise ExpressionError(_("the formula is empty"))
    found: list[str] = []
    named: set[str] = set()
    seen: set[str] = set()
    for name, text in statements(expression):
        for variable in _variables(text):
            if _key(variable) not in named and _key(variable) not in seen:
                seen.add(_key(variable))
                found.append(variable)
        if name is not None:
            named.add(_key(name))
    return found


def _variables(text: str) -> list[str]:
    """The variables of one formula, as typed, in order of first appearance."""
    source = _Source(text.strip())
    tree = _parse(source, ())
    names: dict[str, tuple[int, str]] = {}  # NFKC name -> (position, typed spelling)
    stack: list[ast.AST] = [tree.body]
    while stack:
        node = stack.pop()
        stack.extend(ast.iter_child_nodes(node))
        if not isinstance(node, ast.Name) or node.id in FUNCTIONS or node.id in CONSTANTS:
            continue
        position = node.col_offset
        if node.id not in names or position < names[node.id][0]:
            names[node.id] = (position, source.quote(node))
    return [typed for _position, typed in sorted(names.values())]


def build_graph(expression: str, values: Mapping[str, float], output_label: str = "f") -> Value:
    """Build the graph of `expression` with the variables set to `values`; return its output.

    Each variable is one leaf labelled with its name as given in `values`; `e` and `pi` are
    constant leaves. The output node gets `output_label` ("output" if a variable already has
    that name), unless the formula is a bare variable name (then the output is that leaf).
    Statements separated by ";" or new lines name intermediate values as on the board:
    "q = x + y; f = q*z" labels the sum q (every view calls it q) and the output f.
    Raises `ExpressionError` for anything off the whitelist or an unknown variable; a variable
    given but not used (usually a typo) is an `UnusedVariableWarning`. Errors of the operations
    themselves (log(-1), 1/0) are raised by `Value` as usual.
    """
    if not expression.strip():
        raise ExpressionError(_("the formula is empty"))
    keys: dict[str, str] = {}
    for name in values:
        if _key(name) in keys:
            raise ExpressionError(_("variable {name!r} is given more than once").format(name=name))
        keys[_key(name)] = name
    leaves: dict[str, Value] = {key: Value(values[name], label=name) for key, name in keys.items()}
    used: set[str] = set()
    parts = statements(expression)
    output: Operand = 0.0
    for index, (named, text) in enumerate(parts):
        output = _build(text, keys, leaves, used)
        if named is None:
            continue
        name, key = named, _key(named)
        if key in keys or key in FUNCTIONS or key in CONSTANTS:
            raise ExpressionError(
                _("{name!r} is already a variable, a function or a constant").format(name=name)
            )
        if isinstance(output, Value) and output in leaves.values():
            raise ExpressionError(
                _("{name} = {text} only gives {text} a second name").format(
                    name=name, text=_short(text.strip())
                )
            )
        node = _as_value(output)
        node.label = name
        if index < len(parts) - 1:  # later statements use it by its name
            keys[key] = name
            leaves[key] = node
            used.add(key)
        output = node
    for key, name in keys.items():
        if key not in used:
            warnings.warn(
                _("variable {name!r} is given but not used in {formula!r}").format(
                    name=name, formula=_short(expression)
                ),
                UnusedVariableWarning,
                stacklevel=2,
            )
    if parts[-1][0] is not None:
        assert isinstance(output, Value)
        return output
    if isinstance(output, Value) and output in leaves.values() and output.label in values:
        return output  # the formula is a variable ("x", "+x"): the output is its leaf
    root = _as_value(output)
    root.label = output_label if output_label not in values else "output"
    return root


def _build(text: str, keys: Mapping[str, str], leaves: dict[str, Value], used: set[str]) -> Operand:
    """One formula's graph on the `leaves` so far (checked and built bottom-up, no recursion)."""
    source = _Source(text.strip())
    tree = _parse(source, keys)
    results: list[Operand] = []
    stack: list[tuple[ast.expr, bool]] = [(tree.body, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            _check(node, keys, source)
            if isinstance(node, ast.Name):
                used.add(node.id)
                if node.id in CONSTANTS and node.id not in leaves:
                    number, label = CONSTANTS[node.id]
                    leaves[node.id] = _as_value(number)  # a constant, not an input
                    leaves[node.id].label = label
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(_children(node)))
            continue
        count = len(_children(node))
        operands = results[len(results) - count :] if count else []
        del results[len(results) - count :]
        results.append(_apply(node, operands, leaves))
    (output,) = results
    return output
