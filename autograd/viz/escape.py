"""Escaping text for drawings: any label becomes safe, visible text in a Graphviz HTML-like label.

Every piece of user text that `autograd.draw` puts into DOT (node labels, the caption) goes
through `html_label_text`, and the result is only ever placed inside an HTML-like label
(`label=<...>`). There `<`, `>`, `&` and quotes are written as entities, so a label can never
close the label, open a tag, or add an attribute; `|{}` have no meaning in HTML-like labels
(they would in a record label, which we never use for user text). Backslashes are doubled:
Graphviz substitutes its escapes `\\G` (graph name), `\\N` (node name), `\\E`, `\\T`, `\\H`,
`\\L` even inside HTML-like labels, after decoding entities, so `\\Gamma` drew as
"autogradamma"; `\\\\` is its escape for one backslash. Newlines become line breaks; other
control characters, which Graphviz cannot show, are written as visible escapes (`\\x1b`).
`visible_text` does that last step alone, for the plain-text view. A text longer than
`MAX_LABEL_CHARACTERS` is shortened in the middle with an ellipsis: Graphviz refuses an
HTML-like label over 16,384 characters, and a name that long cannot be read in a picture anyway.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence

__all__ = ["MAX_LABEL_CHARACTERS", "html_caption", "html_label_text", "shortened", "visible_text"]

MAX_LABEL_CHARACTERS = 200  # escaped, at most about 6 × 200 characters per label: far below 16,384


def visible_text(text: str) -> str:
    r"""`text` with every control character (newline included) shown as a Python escape, e.g. `\n`."""
    if text.isprintable():
        return text
    return "".join(
        character if character.isprintable() else _escape_control(character) for character in text
    )


def shortened(text: str, limit: int = MAX_LABEL_CHARACTERS) -> str:
    """`text`, or when longer than `limit` its start and end with "…" between (`limit` in all)."""
    if len(text) <= limit:
        return text
    head = (limit - 1) * 2 // 3
    tail = limit - 1 - head
    return f"{text[:head]}…{text[len(text) - tail :]}"


def html_label_text(text: str) -> str:
    """`text` as the content of a Graphviz HTML-like label: entities for `<>&"'`, `<BR/>` for newlines.

    Shortened first to at most `MAX_LABEL_CHARACTERS` characters (see `shortened`); every
    backslash doubled, so Graphviz shows it as typed instead of expanding `\\G`, `\\N`, ...
    """
    lines = shortened(text).split("\n")
    return '<BR ALIGN="CENTER"/>'.join(
        html.escape(visible_text(line), quote=True).replace("\\", "\\\\") for line in lines
    )


def html_caption(lines: Sequence[str]) -> str:
    """A drawing's caption as a Graphviz HTML-like graph label: each line escaped
    (`html_label_text`), the lines centred one under another."""
    return "<" + '<BR ALIGN="CENTER"/>'.join(html_label_text(line) for line in lines) + ">"


def _escape_control(character: str) -> str:
    """A visible stand-in for a character Graphviz cannot print (control, separator, ...)."""
    if character == " ":
        return character
    if unicodedata.category(character) == "Zs":  # other spaces (no-break space, ...) are fine
        return character
    escaped = repr(character)[1:-1]  # '\t' -> \t, '\x1b' -> \x1b, '\u2028' -> \u2028
    return escaped
