"""The what-if player: change an input, and every number of every frame follows, in the page.

`export_html(f, path, what_if=True)` adds a control for each leaf that is not a constant (a
number box and a slider, each `aria-label`led with the leaf's name). Moving one runs the graph's
forward and backward pass in the page (`autograd.to_javascript`: the op table's rules, no
kernel) and writes the new numbers into every frame's picture and caption in place: the layout
is never redone, so no box moves. The current frame stays; a quiz asks again, for the new numbers.
An input outside an op's domain shows the engine's error and keeps the last good numbers.

How the page knows where each number goes: the frames are made once more for a few other values
of the leaves (`variants`: nearby, smaller and larger values of the same signs), with the same
layout. Every number a frame shows is then read as one quantity of the pass — a node's value
(`d3`), its gradient (`g3`), or the local gradient, message or running total of the j-th message
of the stepper's backward pass (`l5`, `m5`, `t5`) — the one whose formatted value is that text
for the exported values and for every variant. A number that is the same text for every variant
and no quantity is part of the words ("1 − σ"). A text whose shape changes between variants, or
with a number that is no quantity, keeps its exported numbers (counted in `stale`).

What it cannot redo without Python: the words of a rule whose branch changes (relu turning off,
max switching inputs). When the new numbers make a piecewise op take its other branch, the page
says so beside the controls. Colours (zero style, `color_by_grad`) stay those of the export.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from autograd.codegen.javascript_source import to_javascript
from autograd.graph import topological_order
from autograd.i18n import N_, _
from autograd.lecture.steps import caption_names
from autograd.ops import OPS
from autograd.value import Constant, Value, apply_op, as_value, backward_messages
from autograd.viz.names import display_names
from autograd.viz.style import format_number

__all__ = ["WHAT_IF_WORDS", "what_if_page_parts"]

WHAT_IF_WORDS = {
    "title": N_("What if…"),
    "reset": N_("Reset"),
    "not_a_number": N_("type a number"),
    "branch": N_(
        "now on the other side of a kink: {nodes} (the words of their rules are those of the "
        "exported numbers)"
    ),
}

_DIGITS = r"(?:\d+(?:\.\d*)?|\.\d+)(?:e[\u2212+-]?\d+)?"
# A number as frames write it: optional sign (Unicode minus), digits, exponent, never part of a
# name (n8, x0, w₁₂ stay names); a negative number after an operator may be in parentheses,
# "0.5 · (−1)": then the parentheses are part of it (they come and go with its sign).
_NUMBER = re.compile(
    rf"(?<![\w.)])\([\u2212-]{_DIGITS}\)(?![A-Za-z0-9_.])"  # "(−1)", also in "(−1)²"
    rf"|(?<![\w.])[\u2212-]?{_DIGITS}(?![\w.])"
)
# After these (and a space) a negative number is written in parentheses, unless a variant
# showed that this place does not.
_OPERATORS = ("+", "\u2212", "·", "×", "/", "*")
_SVG_TEXT = re.compile(r"(<text\b[^>]*>)([^<]*)(</text>)")

# (kind, index, format): the value of a quantity in the format the frame writes it.
Slot = list[Any]
Template = list[Any]  # literal strings and Slots, in order
Quantities = dict[str, float]


def _replay(root: Value, values: Mapping[Value, float]) -> Value:
    """The same graph on other leaf values: labels, roles and constants kept, in the same order."""
    copies: dict[Value, Value] = {}
    for node in topological_order(root):
        if not node.inputs:
            if isinstance(node, Constant):
                copy = as_value(node.data, "what_if")
            else:
                copy = Value(values.get(node, node.data))
        else:
            copy = apply_op(node.op, [copies[x] for x in node.inputs])
        copy.label = node.label
        copy.role = node.role
        copies[node] = copy
    return copies[root]


def _quantities(root: Value) -> Quantities:
    """Every number of the lecture's pass: values, gradients, and each message of the stepper's
    backward pass (`backward_messages(every_node=True)`, as `to_javascript(every_node=True)`)."""
    order = topological_order(root)
    position = {node: index for index, node in enumerate(order)}
    grads = {node: 0.0 for node in order}
    grads[root] = 1.0
    found: Quantities = {f"d{i}": node.data for i, node in enumerate(order)}
    messages = backward_messages(order, grads.__getitem__, every_node=True)
    for j, (_node, _k, input_node, _up, local, message) in enumerate(messages):
        grads[input_node] += message
        found.update({f"l{j}": local, f"m{j}": message, f"t{j}": grads[input_node]})
    found.update({f"g{position[node]}": grad for node, grad in grads.items()})
    return found


def _variant_values(leaves: Sequence[Value], seed: int) -> dict[Value, float]:
    """Other values of the leaves: for even seeds nearby values of the same signs (texts keep
    their shape), for odd seeds values of random signs (relus turn on and off, maxima swap)."""
    rng = random.Random(seed)
    values = {}
    for leaf in leaves:
        if seed % 2 == 0:
            sign = -1.0 if leaf.data < 0 else 1.0
            value = leaf.data * rng.uniform(0.7, 1.3) + sign * rng.uniform(0.1, 0.3)
        else:
            value = rng.choice((-1.0, 1.0)) * rng.uniform(0.2, 2.0) * max(1.0, abs(leaf.data))
        values[leaf] = value
    return values


def _split(text: str) -> tuple[list[str], list[str]]:
    """(the text around the numbers, the numbers): len(around) == len(numbers) + 1. A number in
    parentheses, "(−1)", is given with them."""
    around, numbers, start = [], [], 0
    for match in _NUMBER.finditer(text):
        around.append(text[start : match.start()])
        numbers.append(match.group(0))
        start = match.end()
    around.append(text[start:])
    return around, numbers


def _bare(number: str) -> str:
    """ "(−1)" -> "−1"; any other number as it is."""
    return number[1:-1] if number.startswith("(") else number


def _in_parentheses(before: str, numbers: list[str]) -> int:
    """1 if a negative number at this place is written in parentheses (as some text shows, or
    because an operator comes before it), else 0."""
    for number in numbers:
        if number.startswith("("):
            return 1
        if number.startswith(("\u2212", "-")):
            return 0
    return int(before.rstrip().endswith(_OPERATORS) and before.endswith(" "))


class _Matcher:
    """Reads each number of a text as a quantity (module docstring)."""

    def __init__(self, exported: Quantities, variants: list[Quantities], formats: list[str]):
        self.exported, self.variants, self.formats = exported, variants, formats
        self.by_text: dict[tuple[str, str], list[str]] = {}
        for key, value in exported.items():
            for number_format in formats:
                text = format_number(value, number_format)
                self.by_text.setdefault((number_format, text), []).append(key)
        self.stale = 0

    def template(self, exported: str, variants: list[str]) -> Template:
        """`exported` as literal text and slots; the text itself if it cannot be read."""
        around, numbers = _split(exported)
        if not numbers:
            return [exported]
        shapes = [_split(text) for text in variants]
        usable = [i for i, (a, n) in enumerate(shapes) if a == around and len(n) == len(numbers)]
        parts: Template = [around[0]]
        for t, number in enumerate(numbers):
            seen = [shapes[i][1][t] for i in usable]
            slot = self._slot(
                _bare(number), [_bare(text) for text in seen], [self.variants[i] for i in usable]
            )
            if slot is None:
                if not usable or any(text != number for text in seen):
                    self.stale += 1
                    return [exported]
                parts.append(number)
            else:
                parts.append([*slot, _in_parentheses(around[t], [number, *seen])])
            parts.append(around[t + 1])
        return parts

    def _slot(self, number: str, seen: list[str], variants: list[Quantities]) -> Slot | None:
        constant_text = all(text == number for text in seen)
        for number_format in self.formats:
            for key in self.by_text.get((number_format, number), []):
                if not all(
                    format_number(q[key], number_format) == text for q, text in zip(variants, seen)
                ):
                    continue
                if constant_text and all(q[key] == self.exported[key] for q in variants):
                    continue  # a number that never changes: words, not a quantity
                return [key[0], int(key[1:]), number_format]
        return None

    def answer(self, exported: float, variants: list[float]) -> Slot | None:
        """A quiz answer (a float): the quantity equal to it for every variant."""
        for key, value in self.exported.items():
            if value == exported and all(q[key] == v for q, v in zip(self.variants, variants)):
                return [key[0], int(key[1:]), ""]
        return None


def _svg_template(matcher: _Matcher, exported: str, variants: list[str]) -> Template:
    """An SVG as a template: only the contents of its <text> elements are read for numbers.

    A text with numbers in it gets `data-exported` (its exported text) and, when it is not
    left-aligned, `data-align` ("end" or "middle"): Graphviz places every text by its start, so
    the page moves a longer or shorter number back to the cell's right edge or centre.
    """
    elements = [[m.groups() for m in _SVG_TEXT.finditer(svg)] for svg in variants]
    count = len(_SVG_TEXT.findall(exported))
    elements = [e for e in elements if len(e) == count]
    parts: Template = []
    start = 0
    for index, match in enumerate(_SVG_TEXT.finditer(exported)):
        tag, content = match.group(1), match.group(2)
        template = matcher.template(content, [e[index][1] for e in elements])
        if any(not isinstance(part, str) for part in template):
            align = _alignment(tag, content, [(e[index][0], e[index][1]) for e in elements])
            extra = f' data-exported="{html.escape(html.unescape(content), quote=True)}"'
            if align:
                extra += f' data-align="{align}"'
            tag = tag[:-1] + extra + ">"
        parts.append(exported[start : match.start(1)] + tag)
        parts += template
        start = match.start(3)
    parts.append(exported[start:])
    merged: Template = []
    for part in parts:  # adjacent literal strings joined: a smaller page
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged


_X = re.compile(r'\sx="([-\d.]+)"')


def _text_width(text: str) -> float:
    """A text's width in em, roughly (Helvetica's digits, signs and letters)."""
    narrow = {".": 0.278, "-": 0.333, " ": 0.278, "\u00a0": 0.278}
    return sum(narrow.get(character, 0.556) for character in html.unescape(text))


def _alignment(tag: str, content: str, variants: list[tuple[str, str]]) -> str:
    """ "" (left), "end" or "middle": how Graphviz moved this text when its width changed."""
    x = _X.search(tag)
    for other_tag, other_content in variants:
        other_x = _X.search(other_tag)
        wider = _text_width(other_content) - _text_width(content)
        if x is None or other_x is None or abs(wider) < 0.5:
            continue
        moved = float(other_x.group(1)) - float(x.group(1))
        if abs(moved) < 0.01:
            return ""
        size = re.search(r'font-size="([\d.]+)"', tag)
        ratio = -moved / (wider * float(size.group(1) if size else 14.0))
        return "end" if ratio > 0.75 else "middle"
    return ""


def _lines(matcher: _Matcher, exported: list[str], variants: list[list[str]]) -> list[Template]:
    same = [v for v in variants if len(v) == len(exported)]
    return [matcher.template(line, [v[index] for v in same]) for index, line in enumerate(exported)]


def _kinks(root: Value) -> list[list[Any]]:
    """The piecewise nodes (relu, |x|, max, ...) as [node, first input, second input or -1,
    side, name]: the side of the kink the exported inputs are on, as the page checks it."""
    order = topological_order(root)
    position = {node: index for index, node in enumerate(order)}
    names = caption_names(order)
    kinks = []
    for index, node in enumerate(order):
        if node.inputs and OPS[node.op].kink is not None:
            first = node.inputs[0]
            other = node.inputs[1] if node.op in ("max", "min") else None
            against = other.data if other is not None else 0.0
            side = (first.data > against) - (first.data < against)
            second = position[other] if other is not None else -1
            kinks.append([index, position[first], second, side, names[node]])
    return kinks


def what_if_page_parts(
    root: Value,
    frames: list[dict[str, Any]],
    variant_frames: Callable[[Value], list[dict[str, Any]]],
    number_format: str,
) -> dict[str, str]:
    """The player's what-if controls (HTML) and script, for the frames of `root`'s lecture.

    `frames` are the page's frame data (player.py's `_frame_data`); `variant_frames(v)` makes
    the same frame data for the same graph with other leaf values, on the same layout.
    Returns {"panel": ..., "script": ..., "stale": count of texts that keep exported numbers}.
    """
    order = topological_order(root)
    names = caption_names(order)  # as the frames call them: w₁₂⁽¹⁾
    display = display_names(order)
    leaves = [node for node in order if not node.inputs and not isinstance(node, Constant)]
    exported = _quantities(root)
    variants: list[Quantities] = []
    variant_data: list[list[dict[str, Any]]] = []
    for seed in range(16):  # six variants whose forward and backward pass work
        try:
            variant = _replay(root, _variant_values(leaves, seed))
            quantities = _quantities(variant)
            other_frames = variant_frames(variant)
        except (ArithmeticError, ValueError):
            continue
        if len(other_frames) == len(frames):
            variants.append(quantities)
            variant_data.append(other_frames)
        if len(variants) == 6:
            break
    formats = list(dict.fromkeys([".4g", number_format]))
    matcher = _Matcher(exported, variants, formats)
    templates = []
    for index, frame in enumerate(frames):
        others = [data[index] for data in variant_data]
        template: dict[str, Any] = {
            "svg": _svg_template(matcher, frame["svg"], [o["svg"] for o in others]),
            "caption": _lines(matcher, frame["caption"], [o["caption"] for o in others]),
        }
        if frame["questions"]:
            template["asked_svg"] = _svg_template(
                matcher, frame["asked_svg"], [o["asked_svg"] for o in others]
            )
            template["asked_caption"] = _lines(
                matcher, frame["asked_caption"], [o["asked_caption"] for o in others]
            )
            template["questions"] = [
                {
                    "answer": matcher.answer(
                        question["answer"], [o["questions"][q]["answer"] for o in others]
                    ),
                    "shown": matcher.template(
                        question["shown"], [o["questions"][q]["shown"] for o in others]
                    ),
                    "hint": matcher.template(
                        question["hint"], [o["questions"][q]["hint"] for o in others]
                    ),
                }
                for q, question in enumerate(frame["questions"])
            ]
        templates.append(template)
    position = {node: index for index, node in enumerate(order)}
    controls = [_control(position[leaf], names[leaf], leaf.data) for leaf in leaves]
    data: dict[str, Any] = {
        "templates": templates,
        "leaves": [position[leaf] for leaf in leaves],
        "names": [display[node] for node in order],  # backprop()'s input names
        "kinks": _kinks(root),
        "words": {key: _(text) for key, text in WHAT_IF_WORDS.items()},
    }
    code = to_javascript(root, every_node=True)
    words = data["words"]
    panel = (
        f'<details id="what-if" open><summary>{html.escape(words["title"])}</summary>'
        f'<div class="what-if-controls">{"".join(controls)}'
        f'<button id="what-if-reset" type="button">{html.escape(words["reset"])}'
        '</button><span id="what-if-message" role="alert" aria-live="assertive"></span>'
        "</div></details>"
    )
    script = (
        '<script type="application/json" id="what-if-data">'
        + _script_json(data)
        + "</script>\n<script>\n(function () {\n"
        + code
        + _SCRIPT
        + "}());\n</script>"
    )
    return {"panel": panel, "script": script, "css": _CSS, "stale": str(matcher.stale)}


def _control(index: int, name: str, value: float) -> str:
    """A leaf's number box (showing 4 significant digits; the exact value is `data-value`) and
    slider, which spans the value ± max(2, 2|value|)."""
    reach = max(2.0, 2.0 * abs(value))
    label = html.escape(name)
    shown = format(value + 0.0, ".4g")
    return (
        f'<span class="leaf" data-leaf="{index}" data-value="{value!r}">'
        f'<span class="name">{label}</span>'
        f'<input type="number" step="any" aria-label="{label}" value="{shown}">'
        f'<input type="range" aria-label="{label}" min="{value - reach!r}" '
        f'max="{value + reach!r}" step="{reach / 200!r}" value="{value!r}"></span>'
    )


def _script_json(data: object) -> str:
    """JSON safe inside a <script> element (no "<", ">", "&", U+2028, U+2029)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    for character in "<>&\u2028\u2029":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return text


_CSS = """
  #what-if { padding: 0.2rem 1.2rem; border-bottom: 1px solid var(--rule);
    background: var(--caption-background); font-size: clamp(0.95rem, 1.2vw, 1.25rem); }
  #what-if summary { cursor: pointer; font-weight: 600; }
  .what-if-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 1.4rem;
    max-height: 6.5em; overflow: auto; }
  .what-if-controls .leaf { display: inline-flex; align-items: center; gap: 0.4rem; }
  .what-if-controls input[type=number] { font: inherit; width: 6em; padding: 0 0.3rem;
    border: 2px solid var(--field-border); border-radius: 0.3rem;
    background: var(--field-background); color: var(--text); }
  .what-if-controls input[type=range] { width: 9em; accent-color: var(--forward); }
  #what-if-reset { font-size: inherit; padding: 0 0.8rem; }
  #what-if-message { color: var(--wrong); font-weight: 600; }
  #what-if-message.note { color: var(--hint); font-weight: normal; }
"""

# The page's side: recompute, refill every frame's numbers, tell the player to redraw.
_SCRIPT = r"""
  var whatIf = JSON.parse(document.getElementById("what-if-data").textContent);
  var player = window.backpropLabPlayer;
  var message = document.getElementById("what-if-message");
  var MINUS = "\u2212";
  // Python's format(x, spec) for the specs frames use (".4g", ".2f", ".3e"), with the Unicode
  // minus and no sign on a number that reads as zero (autograd.viz.style.format_number).
  function pyFormat(x, spec) {
    var match = /^\.(\d+)([gfe])$/.exec(spec), text;
    var precision = match ? parseInt(match[1], 10) : 4, kind = match ? match[2] : "g";
    x = x + 0;
    if (kind === "f") { text = x.toFixed(precision); }
    else if (kind === "e") { text = exponential(x.toExponential(precision)); }
    else {
      var p = Math.max(precision, 1);
      if (x === 0) { text = "0"; }
      else {
        var exponent = parseInt(x.toExponential(p - 1).split("e")[1], 10);
        if (exponent >= -4 && exponent < p) { text = stripZeros(x.toFixed(p - 1 - exponent)); }
        else {
          var parts = x.toExponential(p - 1).split("e");
          text = exponential(stripZeros(parts[0]) + "e" + parts[1]);
        }
      }
    }
    if (/^-?[0.]*$/.test(text.split("e")[0])) { text = text.replace("-", ""); }
    return text.replace(/-/g, MINUS);
  }
  function stripZeros(text) {
    return text.indexOf(".") < 0 ? text : text.replace(/0+$/, "").replace(/\.$/, "");
  }
  function exponential(text) {  // "1.5e-7" -> "1.5e-07", as Python writes it
    return text.replace(/e([+-])(\d)$/, "e$10$2");
  }
  var last = null, exported = null;
  function quantity(slot) {
    var kind = slot[0], index = slot[1], trace = last.trace;
    if (kind === "d") { return trace.values[index]; }
    if (kind === "g") { return trace.grads[index]; }
    return trace.messages[index][{ l: 2, m: 3, t: 4 }[kind]];
  }
  function fill(template) {
    var text = "";
    for (var i = 0; i < template.length; i += 1) {
      var part = template[i];
      if (typeof part === "string") { text += part; continue; }
      var number = pyFormat(quantity(part), part[2]);
      text += part[3] && number.charAt(0) === MINUS ? "(" + number + ")" : number;
    }
    return text;
  }
  function refill() {
    player.frames.forEach(function (frame, index) {
      var template = whatIf.templates[index];
      frame.svg = fill(template.svg);
      frame.caption = template.caption.map(fill);
      if (template.questions) {
        frame.asked_svg = fill(template.asked_svg);
        frame.asked_caption = template.asked_caption.map(fill);
        template.questions.forEach(function (question, q) {
          var asked = frame.questions[q];
          if (question.answer) { asked.answer = quantity(question.answer); }
          asked.shown = fill(question.shown);
          asked.hint = fill(question.hint);
        });
      }
    });
  }
  // The piecewise nodes whose inputs are now on the other side of their kink.
  function movedKinks() {
    var values = last.trace.values;
    return whatIf.kinks.filter(function (kink) {
      var first = values[kink[1]], other = kink[2] >= 0 ? values[kink[2]] : 0;
      return (first > other) - (first < other) !== kink[3];
    }).map(function (kink) { return kink[4]; });
  }
  function inputs() {
    var given = {};
    controls.forEach(function (control) {
      given[whatIf.names[control.index]] = control.value;
    });
    return given;
  }
  function recompute() {
    var result;
    try { result = backprop(inputs()); } catch (error) {
      message.className = "";
      message.textContent = error.message;  // the engine's words; the last good numbers stay
      return;
    }
    last = result;
    refill();
    var moved = movedKinks();
    message.className = "note";
    message.textContent = moved.length ? whatIf.words.branch.replace("{nodes}", moved.join(", ")) : "";
    player.reset();
  }
  var controls = [];
  Array.prototype.forEach.call(document.querySelectorAll("#what-if .leaf"), function (element) {
    var index = parseInt(element.getAttribute("data-leaf"), 10);
    var box = element.querySelector("input[type=number]");
    var slider = element.querySelector("input[type=range]");
    var start = parseFloat(element.getAttribute("data-value")), shown = box.value;
    var control = { index: index, value: start, box: box, slider: slider, start: start };
    control.shown = shown;
    controls.push(control);
    box.addEventListener("input", function () {
      var typed = parseFloat(box.value.replace(MINUS, "-"));
      if (box.value.trim() === "" || !isFinite(typed)) {
        message.className = "";
        message.textContent = whatIf.words.not_a_number;
        return;
      }
      control.value = typed;
      if (typed >= parseFloat(slider.min) && typed <= parseFloat(slider.max)) {
        slider.value = String(typed);
      }
      recompute();
    });
    slider.addEventListener("input", function () {
      control.value = parseFloat(slider.value);
      box.value = String(control.value);
      recompute();
    });
  });
  document.getElementById("what-if-reset").addEventListener("click", function () {
    controls.forEach(function (control) {
      control.value = control.start;
      control.box.value = control.shown;
      control.slider.value = String(control.start);
    });
    recompute();
  });
  // Graphviz placed each text by its start: a number now wider or narrower goes back to its
  // cell's right edge or centre (as measured by the browser, the exported text against the new).
  var picture = document.getElementById("picture");
  function align() {
    Array.prototype.forEach.call(picture.querySelectorAll("text[data-align]"), function (text) {
      var now = text.textContent, exported = text.getAttribute("data-exported");
      if (now === exported) { return; }
      var width = text.getComputedTextLength();
      text.textContent = exported;
      var before = text.getComputedTextLength();
      text.textContent = now;
      var shift = (width - before) * (text.getAttribute("data-align") === "end" ? 1 : 0.5);
      text.setAttribute("x", String(parseFloat(text.getAttribute("x")) - shift));
    });
  }
  new MutationObserver(align).observe(picture, { childList: true });
  last = backprop(inputs());
"""
