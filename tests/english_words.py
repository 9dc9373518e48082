"""Find English words left in text meant to be Russian (the player, the CLI's help and errors).

A word is a run of two or more Latin letters. Not words: what the user typed or named (quoted
text, variable names), code (command lines, --flags, file names like graph.svg, max_nodes=150),
and math notation (exp, log, tanh, relu, σ...). Tests pass those as `allowed` or strip them first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from autograd.ops import OPS

__all__ = ["english_words"]

# Function names (every op's, from the table) and notation that read the same in every
# language, and technical names.
NOTATION = {
    "exp", "log", "ln", "pi", "tanh", "sigmoid", "relu", "softplus", "abs", "max", "min", "sum", "elu",
    "leaky", "Python", "HTML", "stderr", "BACKPROP_LAB_LANG", "en", "ru", "dot",
    "TikZ", "Beamer", "pdflatex", "GIF", "PDF",
} | {op.method for op in OPS.values() if op.method} | {name for name in OPS if name.isalpha()}  # fmt: skip


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Latin-letter words of `text` that are not code, quoted input, notation or `allowed`."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)  # quoted input: formulas, names, values
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", text)  # flags
    text = re.sub(r"\{[^{}]*\}", " ", text)  # a flag's choices: {local,message}
    for entry in allowed:  # whole tokens; may contain non-letters: "backprop-lab", "graph.jpg"
        text = re.sub(rf"(?<![\w-]){re.escape(entry)}(?![\w-])", " ", text)
    text = re.sub(r"\S*\.(svg|png|pdf|dot|html|tex|gif)\b", " ", text)  # file names and suffixes
    text = re.sub(r"\b\w+=\S*", " ", text)  # name=value, max_nodes=150
    text = re.sub(r"\bd/d\w+", " ", text)  # a derivative: d/dx, d/db
    text = re.sub(r"\$[^$]*\$", " ", text)  # matplotlib's math: $x_0$
    return [word for word in re.findall(r"[A-Za-z][A-Za-z_]+", text) if word not in NOTATION]
