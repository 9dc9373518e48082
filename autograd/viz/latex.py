"""Escaping text for LaTeX: any label becomes safe, visible text in a pdflatex document.

Every piece of user text that `autograd.to_tikz` and the worksheets put into LaTeX (labels, titles,
captions) goes through `latex_text` (for text mode) or `latex_math_name` (a name inside math).
The ten characters TeX treats specially (`\\ { } $ & # ^ _ % ~`) and `< > |` (which the default
font encoding would draw as other glyphs) become commands that print them, so a label can never
end a group, enter math, start a comment or run a command. Greek letters and common math symbols
become the matching math commands; Cyrillic is set in the T2A font encoding (the documents load
it: pdflatex with `\\usepackage[OT1,T2A]{fontenc}`); a control character is shown as its escape
(`\\n`); any other character pdflatex cannot print is shown as its code point, `U+1F600`.
Numbers for math mode (`-4`, `1.5\\times 10^{-7}`) are written by the one number formatter,
`autograd.viz.math_text.format_number(x, style="latex")`.
"""

from __future__ import annotations

import re
import unicodedata

from autograd.viz.escape import visible_text

__all__ = ["has_cyrillic", "latex_math_name", "latex_text"]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
    "-": "-{}",  # so "--" stays two hyphens, not an en dash
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
}

# Symbols a label or caption may contain, as math-mode commands.
_MATH_SYMBOLS = {
    "·": r"\cdot",
    "×": r"\times",
    "÷": r"\div",
    "−": "-",
    "∂": r"\partial",
    "Σ": r"\Sigma",
    "∑": r"\sum",
    "²": "^{2}",
    "³": "^{3}",
    "¹": "^{1}",
    "⁰": "^{0}",
    "⁻": "^{-}",
    "⁺": "^{+}",
    "ⁿ": "^{n}",
    "ˣ": "^{x}",
    "ᵇ": "^{b}",
    "′": "'",
    "√": r"\surd",
    "∞": r"\infty",
    "≤": r"\leq",
    "≥": r"\geq",
    "≠": r"\neq",
    "→": r"\to",
    "ℓ": r"\ell",
    "⋯": r"\cdots",
    "…": r"\ldots",
    "µ": r"\mu",
    "∇": r"\nabla",  # the matrix view's ∇W, ⊙, ᵀ and ellipses
    "⊙": r"\odot",
    "ᵀ": r"^{\top}",
    "⋮": r"\vdots",
    "⋱": r"\ddots",
}

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "varsigma", "τ": "tau",
    "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma",
    "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Φ": "Phi",
    "Ψ": "Psi", "Ω": "Omega", "ϕ": "phi", "ϵ": "epsilon",
}  # fmt: skip
# Greek capitals that look like Latin ones have no command: write the Latin letter.
_GREEK_AS_LATIN = {"Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
                   "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o"}  # fmt: skip


# The Cyrillic letters the T2A encoding sets (LaTeX's t2aenc.dfu): Russian, Ukrainian, Belarusian,
# Serbian, Macedonian, Bulgarian and more. Others (Ѡ U+0460, ҂, ҈, Ҕ) stopped pdflatex with a fatal
# error; they are shown as their code points, as any character pdflatex cannot set.
_T2A_CYRILLIC = (
    (0x0400, 0x045F), (0x0490, 0x0493), (0x0496, 0x049D), (0x04A0, 0x04A5), (0x04AA, 0x04AB),
    (0x04AE, 0x04B3), (0x04B6, 0x04BB), (0x04C0, 0x04C2), (0x04D0, 0x04DF), (0x04E2, 0x04E9),
    (0x04EC, 0x04F5), (0x04F8, 0x04F9),
)  # fmt: skip


def _is_cyrillic(character: str) -> bool:
    """A Cyrillic letter that T2A can set."""
    code = ord(character)
    return any(low <= code <= high for low, high in _T2A_CYRILLIC)


def has_cyrillic(text: str) -> bool:
    """Whether `text` has a Cyrillic letter (the document then needs the T2A encoding)."""
    return any(_is_cyrillic(character) for character in text)


def _math_command(character: str) -> str | None:
    if character in _GREEK:
        return "\\" + _GREEK[character]
    if character in _MATH_SYMBOLS:
        return _MATH_SYMBOLS[character]
    return None


_SUBSCRIPT_RUN = re.compile("[₀₁₂₃₄₅₆₇₈₉₍₎₊₋₌]+")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁺⁻⁼ⁿⁱ]{2,}")  # one alone (x²) is written as math


def latex_text(text: str) -> str:
    """`text` as safe LaTeX text-mode material that prints exactly the characters of `text`.

    Runs of Unicode sub- and superscripts (the lecture's w₁₂⁽¹⁾, δ₁⁽²⁾) are set as real sub- and
    superscripts (`\\textsubscript`, `\\textsuperscript`), at the size of the text around them.
    """
    pieces: list[str] = []
    position = 0
    for run in sorted(
        [*_SUBSCRIPT_RUN.finditer(text), *_SUPERSCRIPT_RUN.finditer(text)],
        key=lambda match: match.start(),
    ):
        if run.start() < position:
            continue
        command = r"\textsubscript" if run.group()[0] in "₀₁₂₃₄₅₆₇₈₉₍₎₊₋₌" else r"\textsuperscript"
        inner = unicodedata.normalize("NFKC", run.group()).replace("−", "-")
        pieces += [_plain_text(text[position : run.start()]), command, "{", _plain_text(inner), "}"]
        position = run.end()
    pieces.append(_plain_text(text[position:]))
    return "".join(pieces)


def _plain_text(text: str) -> str:
    """`latex_text` for text without runs of sub- or superscripts."""
    pieces: list[str] = []
    cyrillic_run: list[str] = []

    def close_cyrillic() -> None:
        if cyrillic_run:
            pieces.append(r"{\fontencoding{T2A}\selectfont " + "".join(cyrillic_run) + "}")
            cyrillic_run.clear()

    for character in visible_text(text):  # control characters shown as \n, \x1b, ...
        if _is_cyrillic(character) or (character == " " and cyrillic_run):
            cyrillic_run.append(character)  # a run of Cyrillic words is one group
            continue
        close_cyrillic()
        if character in _SPECIAL:
            pieces.append(_SPECIAL[character])
        elif " " <= character <= "~":
            pieces.append(character)
        elif character in _GREEK_AS_LATIN:
            pieces.append(_GREEK_AS_LATIN[character])
        elif (command := _math_command(character)) is not None:
            pieces.append(r"\ensuremath{" + command + "}")
        elif unicodedata.category(character) == "Zs":
            pieces.append("~")
        else:
            ascii_form = unicodedata.normalize("NFKD", character).encode("ascii", "ignore")
            if ascii_form and len(ascii_form) == 1 and unicodedata.combining(character) == 0:
                pieces.append(_plain_text(ascii_form.decode()))  # é -> e, ｘ -> x
            else:
                pieces.append(r"\texttt{U+" + f"{ord(character):04X}" + "}")
    close_cyrillic()
    return "".join(pieces)


_FROM_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def latex_math_name(name: str) -> str:
    """A variable name inside math mode: one letter (maybe with digits) italic, longer upright.

    "x" -> `x`, "w0" -> `w_{0}`, "σ" -> `\\sigma`, "loss" -> `\\text{loss}`, "a_b%" -> `\\text{a\\_b\\%}`.
    """
    if len(name) == 1 and name.isascii() and name.isalpha():
        return name
    if len(name) == 1 and (command := _math_command(name)) is not None:
        return command
    indexed = re.fullmatch(r"(.)(?:_(\d+)|([₀₁₂₃₄₅₆₇₈₉]+))", name)  # w_0, w₀: w_{0} as on the board
    if indexed and (indexed.group(1).isalpha() or indexed.group(1) in _GREEK):
        digits = indexed.group(2) or indexed.group(3).translate(_FROM_SUBSCRIPT_DIGITS)
        return f"{latex_math_name(indexed.group(1))}_{{{digits}}}"
    head, digits = name.rstrip("0123456789"), name[len(name.rstrip("0123456789")) :]
    if digits and len(head) == 1 and ((head.isascii() and head.isalpha()) or head in _GREEK):
        return f"{latex_math_name(head)}_{{{digits}}}"
    return r"\text{" + latex_text(name) + "}"
