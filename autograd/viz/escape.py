"""Escaping text for drawings: any label becomes safe, visible text in a Graphviz HTML-like label.

Every piece of user text that `autograd.draw` puts into DOT (node labels, the caption) goes
through `html_label_text`, and the result is only ever placed inside an HTML-like label
(`label=<...>`). There `<`, `>`, `&` and quotes are written as entities, so a label can never
close the label, open a tag, or add an attribute; `|{}` and backslashes have no meaning in
HTML-like labels at all (they would in a record label or a quoted string, which we never use
for user text). Newlines become line breaks; other control characters, which Graphviz cannot
show, are written as visible escapes (`\\x1b`). `visible_text` does that last step alone, for
the plain-text view.
"""

from __future__ import annotations

import html
import unicodedata

__all__ = ["html_label_text", "visible_text"]


def visible_text(text: str) -> str:
    r"""`text` with every control character (newline included) shown as a Python escape, e.g. `\n`."""
    if text.isprintable():
        return text
    return "".join(
        character if character.isprintable() else _escape_control(character) for character in text
    )


def html_label_text(text: str) -> str:
    """`text` as the content of a Graphviz HTML-like label: entities for `<>&"'`, `<BR/>` for newlines."""
    lines = text.split("\n")
    return '<BR ALIGN="CENTER"/>'.join(
        html.escape(visible_text(line), quote=True) for line in lines
    )


def _escape_control(character: str) -> str:
    """A visible stand-in for a character Graphviz cannot print (control, separator, ...)."""
    if character == " ":
        return character
    if unicodedata.category(character) == "Zs":  # other spaces (no-break space, ...) are fine
        return character
    escaped = repr(character)[1:-1]  # '\t' -> \t, '\x1b' -> \x1b, '\u2028' -> \u2028
    return escaped
