"""Hostile labels: quotes, `<>&|{}`, backslashes, newlines, control characters and unicode.

A label must never break the DOT text or add attributes: the real `dot` parses the drawing,
and the rendered SVG shows the label literally.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest

import autograd
from autograd import Value
from autograd.viz.escape import html_label_text, visible_text

SVG = "{http://www.w3.org/2000/svg}"

HOSTILE_LABELS = [
    'say "hi"',
    "a<b>c & d",
    "{x|y}",
    "back\\slash\\",
    "trailing backslash \\",
    '"] [shape=box color=red] x [label="',
    "> ] node [shape=box",
    "</TD></TR></TABLE>><B>",
    "&amp; &lt;",
    "it's",
    "∂f/∂x σ(α) ✓ кошка 猫",
    # Graphviz's own escapes (\G graph name, \N node name, \E edge, \T \H \L, \l \r \n) are
    # substituted even in HTML-like labels: \Gamma drew as "autogradamma" (issue 15, defect 10)
    "\\Gamma",
    "C:\\Notes\\Edge",
    "\\N \\G \\E \\T \\H \\L \\l \\r \\n \\\\ \\",
]


def label_texts(svg: str) -> list[str]:
    return [text.text or "" for text in ElementTree.fromstring(svg).iter(f"{SVG}text")]


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_hostile_label_stays_inside_its_html_label(label: str) -> None:
    x = Value(1.5, label=label)
    source = autograd.draw(x * 2, caption=label).source
    # the node statement is exactly one line and its only attributes are ours
    line = next(line for line in source.splitlines() if line.startswith("\tv0 "))
    assert re.fullmatch(r"\tv0 \[label=<<TABLE [^\n]*</TABLE>> shape=plain\]", line)
    assert html_label_text(label) in line
    # nothing of the label outside its HTML-like label: no raw < > & in the escaped text
    escaped = html_label_text(label)
    assert not re.search(r"[<>\"]", escaped)
    assert "&" not in re.sub(r"&(amp|lt|gt|quot|#x27);", "", escaped)


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_dot_renders_hostile_label_literally(label: str, renderer: str) -> None:
    x = Value(1.5, label=label)
    y = x * 2
    y.label = "y: " + label  # (a label two nodes shared would be numbered, as in the captions)
    svg = autograd.draw(y, caption=label).pipe(format="svg").decode()
    texts = label_texts(svg)
    assert texts.count(label) == 2  # x's box and the caption
    assert texts.count("y: " + label) == 1  # y's box
    nodes = [g for g in ElementTree.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "node"]
    assert len(nodes) == 4  # v0, v1, v2 and op2: no node injected


def test_newlines_become_line_breaks_and_controls_become_visible(renderer: str) -> None:
    x = Value(1.0, label="first line\nsecond line\x1b[31m\ttab")
    svg = autograd.draw(x).pipe(format="svg").decode()
    texts = label_texts(svg)
    assert "first line" in texts
    assert "second line\\x1b[31m\\ttab" in texts


def test_visible_text_escapes_only_what_cannot_be_printed() -> None:
    assert visible_text("plain ∂ кот") == "plain ∂ кот"
    assert visible_text("a\nb\x00c\u2028") == "a\\nb\\x00c\\u2028"
    assert visible_text("no\u00a0break") == "no\u00a0break"
    assert html_label_text('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"
    assert html_label_text("two\nlines") == 'two<BR ALIGN="CENTER"/>lines'


def test_as_text_keeps_one_line_per_node_with_hostile_labels() -> None:
    x = Value(1.0, label="evil\nlabel")
    text = autograd.as_text(x + 1)
    assert len(text.splitlines()) == 3  # header + two nodes (the constant 1 is not a row)
    assert "evil\\nlabel" in text
