"""The command line: `python -m autograd "(x + y) * z" x=-2 y=5 z=-4 -o graph.svg`.

It builds the graph of the formula (parsed safely by `autograd.formula`, never
`eval`), runs backward, and then draws it to a file (svg, png, pdf, dot or a TikZ .tex, from
the suffix or `--format`), writes the step-by-step lecture (`--steps -o backprop.html`, or a
Beamer frame with one slide per step, `--steps -o backprop.tex`), prints
the text view (`--text`, also the default without `-o`) or prints the graph as straight-line
Python code (`--code`). Any bad input or failing operation is one line on stderr
starting with "error:" and exit code 2, never a traceback; a variable given but not used is a
one-line warning. Output into a closed pipe (`... | head`) ends quietly. `--lang ru` (or the
environment variable BACKPROP_LAB_LANG=ru) shows the help, the errors and the outputs' words in
Russian (`autograd.i18n`).
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from autograd.cli.translated_argparse import (
    OneLineParser,
    UsageError,
    fail,
    language_argument,
    translate_argparse_message,
)
from autograd.formula import (
    FUNCTIONS,
    ExpressionError,
    UnusedVariableWarning,
    build_graph,
    parse_assignments,
)
from autograd.i18n import N_, _, available_languages, language, normalise_language
from autograd.value import Value

__all__ = ["DRAWING_FORMATS", "STEPS_FORMATS", "UsageError", "main"]

DRAWING_FORMATS = ("svg", "png", "pdf", "dot", "tex")
STEPS_FORMATS = ("html", "gif", "tex")

_EXAMPLES = N_("""\
examples:
  # print the graph as text, after backward
  %(prog)s "(x + y) * z" x=-2 y=5 z=-4
  # draw it (the format comes from the suffix: .svg .png .pdf .dot, .tex for TikZ)
  %(prog)s "(x + y) * z" x=-2 y=5 z=-4 -o graph.svg
  # the lecture player, one HTML file to project
  %(prog)s "(x + y) * z" x=-2 y=5 z=-4 --steps -o backprop.html
  # the same steps as a looping GIF for a slide (1280 pixels wide)
  %(prog)s "(x + y) * z" x=-2 y=5 z=-4 --steps -o backprop.gif --frame-seconds 3
  # a Beamer frame, one slide per step (compile with pdflatex)
  %(prog)s "sigmoid(w0*x0 + w1*x1 + w2)" w0=2 x0=-1 w1=-3 x1=-2 w2=-3 --steps -o neuron.tex
  # a quiz handout: values shown, gradients left as "?" for the class
  %(prog)s "x^2 + 3*x·y" x=1 y=2 --quiz grad -o quiz.pdf
  # gradients by colour, messages on the edges
  %(prog)s "x^2 + 3*x*y" x=1 y=2 --color --edge-labels message -o graph.png
  # 30 exercise sheets with random inputs and an answer key
  %(prog)s worksheet "sigmoid(w0*x0 + w1*x1 + w2)" --students 30 --seed 1 -o sheets.pdf
  # the graph as straight-line Python code
  %(prog)s "x**2 + x*y + (x + y)**2" x=1 y=2 --code

Formulas are math, not Python: x^2 is x squared, 2*x needs its *, and the
operators pasted from a textbook work (· × − ÷ ² ³). Numbers, variables, the
constants e and pi (π), + - * / ^ (or **), unary minus, parentheses and the
functions {functions}. ln is log. The output is labelled f.
A formula that starts with "-" goes after "--":  %(prog)s -- -x x=1
Exit code 2 and a one-line message on stderr on any error.
Choose the language with --lang ru or the environment variable BACKPROP_LAB_LANG=ru.
""")


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=prog,
        description=_(
            "Build the computational graph of a formula, run backpropagation, "
            "and draw it, step through it, or print it."
        ),
        epilog=_(_EXAMPLES).format(functions=", ".join(FUNCTIONS)),
        allow_abbrev=False,
    )
    parser.add_argument(
        "expression",
        metavar=_("expression"),
        help=_('the formula, e.g. "(x + y) * z" or "x^2 + 3*x·y"'),
    )
    parser.add_argument(
        "assignments", nargs="*", metavar=_("name=value"), help=_("a number for each variable")
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=_("FILE"),
        help=_(
            "write the drawing to FILE (.svg .png .pdf .dot, .tex for TikZ), "
            "or with --steps the lecture (.html player, .gif, .tex Beamer frame)"
        ),
    )
    parser.add_argument(
        "--format",
        choices=sorted({*DRAWING_FORMATS, *STEPS_FORMATS}),
        help=_("the output format, when the suffix of -o does not say it"),
    )
    parser.add_argument(
        "--steps",
        action="store_true",
        help=_("write the step by step lecture: forward values, then backward one node at a time"),
    )
    parser.add_argument(
        "--what-if",
        action="store_true",
        dest="what_if",
        help=_("with --steps to an .html player: a number box and a slider for every input"),
    )
    parser.add_argument(
        "--frame-seconds",
        type=float,
        default=2.5,
        metavar=_("SECONDS"),
        help=_("how long each frame of a --steps .gif stays (default 2.5)"),
    )
    parser.add_argument(
        "--dpi",
        type=float,
        help=_("pixels per inch of a .png drawing (default 192: sharp on a slide)"),
    )
    parser.add_argument("--text", action="store_true", help=_("print the text view"))
    parser.add_argument(
        "--code", action="store_true", help=_("print the graph as straight-line Python code")
    )
    parser.add_argument(
        "--lang",
        type=language_argument,
        metavar="|".join(available_languages()),
        help=_("the language of the help, the errors and the outputs' words (default: en)"),
    )
    drawing = parser.add_argument_group(_("drawing options"))
    drawing.add_argument(
        "--edge-labels",
        choices=("local", "message"),
        help=_("label each edge with the local derivative, or the message upstream × local"),
    )
    drawing.add_argument(
        "--color",
        "--colour",
        action="store_true",
        dest="color",
        help=_("colour gradients by sign (blue +, orange −) and strength; dead paths grey"),
    )
    drawing.add_argument(
        "--quiz",
        choices=("data", "grad", "both"),
        help=_('show "?" in place of computed values, gradients or both (a handout)'),
    )
    drawing.add_argument(
        "--lr",
        type=float,
        metavar="η",
        help=_("with --steps to an .html player: frames of gradient descent w ← w − η·∂f/∂w"),
    )
    drawing.add_argument(
        "--descent-steps",
        type=int,
        default=1,
        metavar="K",
        help=_("how many steps of gradient descent --lr shows (default 1)"),
    )
    drawing.add_argument(
        "--mistake",
        choices=(
            "product_no_swap",
            "fanout_overwritten",
            "sign_lost",
            "sigmoid_from_input",
            "upstream_forgotten",
        ),
        help=_("with --steps to an .html player: plant one classic mistake for students to find"),
    )
    drawing.add_argument(
        "--show-constants",
        action="store_true",
        help=_("draw numbers in the formula (the 1 of 1/(1+e^-z)) as inputs with a gradient"),
    )
    drawing.add_argument(
        "--rankdir",
        choices=("LR", "TB", "RL", "BT"),
        default="LR",
        help=_("direction of the layout (default LR: inputs left, output right)"),
    )
    drawing.add_argument(
        "--theme",
        choices=("light", "dark"),
        default="light",
        help=_("colours for a light or a dark slide (drawings, GIFs, the player; default light)"),
    )
    drawing.add_argument(
        "--title",
        metavar=_("TITLE"),
        help=_("the title of the player or slide, caption of a drawing"),
    )
    return parser


def _language_in(argv: Sequence[str]) -> str | None:
    """The --lang value in `argv`, read before parsing so the help and errors are in it already.

    None when absent or unknown (the parser then reports an unknown one, in the default language).
    """
    for index, token in enumerate(argv):
        if token == "--":
            break
        value = None
        if token == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif token.startswith("--lang="):
            value = token.removeprefix("--lang=")
        if value is not None:
            try:
                return normalise_language(value)
            except ValueError:
                return None
    return None


def _split_global_options(argv: list[str]) -> tuple[list[str], list[str]]:
    """(the global options at the front of `argv`, the rest): `--lang ru worksheet ...` gives
    (["--lang", "ru"], ["worksheet", ...]). --lang is the one option every command takes."""
    index = 0
    while index < len(argv):
        if argv[index] == "--lang" and index + 1 < len(argv):
            index += 2
        elif argv[index].startswith("--lang="):
            index += 1
        else:
            break
    return argv[:index], argv[index:]


def main(argv: Sequence[str] | None = None, prog: str = "backprop-lab") -> int:
    """Run the command line with `argv` (default: `sys.argv[1:]`); return the exit code."""
    arguments_list = list(sys.argv[1:] if argv is None else argv)
    try:
        with language(_language_in(arguments_list)):
            global_options, rest = _split_global_options(arguments_list)
            if rest[:1] == ["worksheet"]:  # global options work before the sub-command too
                from autograd.cli.worksheet_command import run_worksheet

                return run_worksheet([*rest[1:], *global_options], prog=f"{prog} worksheet")
            return _main(arguments_list, prog)
    except ValueError as error:  # BACKPROP_LAB_LANG names a language we do not have
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly. Point stdout at devnull so the
        # interpreter's final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _main(argv: list[str], prog: str) -> int:
    parser = _parser(prog)
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as request:  # --help (code 0)
        return request.code if isinstance(request.code, int) else 2
    except UsageError as error:
        return fail(prog, _usage_message(parser, argv, str(error)))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UnusedVariableWarning)
            root = _build(arguments)
        for warning in caught:
            if issubclass(warning.category, UnusedVariableWarning):
                line = _("{prog}: warning: {message}").format(prog=prog, message=warning.message)
                print(line, file=sys.stderr)
            else:
                warnings.showwarning(
                    warning.message, warning.category, warning.filename, warning.lineno
                )
        _write(arguments, root)
    except BrokenPipeError:
        raise
    except (ArithmeticError, ValueError, OSError, RuntimeError) as error:
        # ExpressionError is a ValueError; engine errors are ValueError or ArithmeticError;
        # a missing Graphviz is a RuntimeError; an unwritable file an OSError.
        return fail(prog, str(error))
    return 0


def _usage_message(parser: argparse.ArgumentParser, argv: list[str], message: str) -> str:
    """argparse's complaint as one line; a formula that starts with "-" gets the real hint."""
    options = set(parser._option_string_actions)  # every "-o", "--steps", ... the parser knows
    for argument in argv:
        if argument == "--":
            break
        unknown = argument.startswith("-") and argument.split("=")[0] not in options
        if unknown and (not argument.startswith("--") or any(c in argument for c in "*+/^()· ")):
            return _(
                "{argument!r} looks like a formula that starts with '-': put the formula "
                "after --, as in: {prog} -- {argument} x=1"
            ).format(argument=argument, prog=parser.prog)
    return _("{message} (see {prog} --help)").format(
        message=translate_argparse_message(message), prog=parser.prog
    )


def _output_format(arguments: argparse.Namespace) -> str | None:
    """The output format from --format or the suffix of -o; None without -o."""
    output: Path | None = arguments.output
    if output is None:
        if arguments.steps:
            raise ExpressionError(_("--steps needs an output file: add -o backprop.html"))
        if arguments.format is not None:
            raise ExpressionError(_("--format needs an output file: add -o FILE"))
        return None
    file_format = arguments.format or output.suffix.lower().lstrip(".")
    if arguments.steps and file_format not in STEPS_FORMATS:
        raise ExpressionError(
            _(
                "--steps writes an .html player, a .gif or a Beamer .tex: use one of those, not {output}"
            ).format(output=output)
        )
    if not arguments.steps and file_format not in DRAWING_FORMATS:
        hint = _(" (add --steps for the lecture player)") if file_format == "html" else ""
        raise ExpressionError(
            _(
                "cannot tell the format of {output}: use a .svg, .png, .pdf, .dot or .tex file, "
                "or --format"
            ).format(output=output)
            + hint
        )
    _check_flags_fit(arguments, file_format)
    return file_format


def _check_flags_fit(arguments: argparse.Namespace, file_format: str) -> None:
    """Refuse a flag the chosen output would silently ignore."""
    tex = file_format == "tex"
    if tex and arguments.color:
        raise ExpressionError(_("--color is for .svg, .png and .pdf drawings, not a .tex picture"))
    if arguments.theme != "light" and tex:
        raise ExpressionError(
            _("--theme dark is for drawings, GIFs and the player, not a .tex file")
        )
    if arguments.steps and arguments.quiz is not None and file_format != "html":
        raise ExpressionError(
            _("--quiz with --steps is for the .html player, where students answer")
        )
    if arguments.steps and file_format == "gif" and arguments.edge_labels is not None:
        raise ExpressionError(
            _("--edge-labels with --steps is for the .html player and .tex slides")
        )
    if arguments.what_if and not (arguments.steps and file_format == "html"):
        raise ExpressionError(_("--what-if is for the .html player: add --steps -o backprop.html"))
    if arguments.mistake is not None and not (arguments.steps and file_format == "html"):
        raise ExpressionError(_("--mistake is for the .html player: add --steps -o backprop.html"))
    if arguments.lr is not None and not (arguments.steps and file_format == "html"):
        raise ExpressionError(_("--lr is for the .html player: add --steps -o backprop.html"))
    if arguments.steps and arguments.color:
        raise ExpressionError(
            _("--color is for a drawing, not --steps (they colour the walked edges)")
        )


def _build(arguments: argparse.Namespace) -> Value:
    _output_format(arguments)  # refuse a bad -o before doing any work
    values = parse_assignments(arguments.assignments)
    return build_graph(arguments.expression, values)


def _write(arguments: argparse.Namespace, root: Value) -> None:
    file_format = _output_format(arguments)
    output: Path | None = arguments.output
    if arguments.steps:
        assert output is not None and file_format is not None
        _write_steps(arguments, root, output, file_format)  # a view: changes no .grad
    root.backward()
    if not arguments.steps and output is not None and file_format is not None:
        _write_drawing(arguments, root, output, file_format)

    if arguments.text or (output is None and not arguments.code):
        from autograd.viz.text import as_text

        print(as_text(root, show_constants=arguments.show_constants))
    if arguments.code:
        print(_to_python(root))


def _caption(arguments: argparse.Namespace, root: Value) -> str | None:
    if arguments.title is not None:
        return str(arguments.title)
    if root.inputs == ():
        return None
    return _board_title(arguments, root)


def _board_title(arguments: argparse.Namespace, root: Value) -> str:
    """The formula typeset as on the board ("f = σ(w₀ · x₀ + w₁ · x₁ + w₂)", x², never **),
    as the title of the player, the slides, the GIF and a drawing's caption; as typed if long."""
    from autograd.lecture.steps import formula_text

    return formula_text(root) or f"{root.label} = {' '.join(arguments.expression.split())}"


def _write_steps(
    arguments: argparse.Namespace, root: Value, output: Path, file_format: str
) -> None:
    title = arguments.title or _board_title(arguments, root)
    if file_format == "gif":
        from autograd.lecture.gif import export_gif

        export_gif(
            root,
            output,
            title=title,
            seconds_per_frame=arguments.frame_seconds,
            rankdir=arguments.rankdir,
            theme=arguments.theme,
            show_constants=arguments.show_constants,
        )
        return
    if file_format == "tex":
        from autograd.lecture.tikz import to_tikz

        text = to_tikz(  # no --title: to_tikz typesets the formula as math itself
            root,
            steps=True,
            title=arguments.title,
            edge_labels=arguments.edge_labels,
            rankdir=arguments.rankdir,
            show_constants=arguments.show_constants,
        )
        output.write_text(text, encoding="utf-8")
        return
    from autograd.lecture.player import export_html

    if arguments.quiz == "both":
        raise ExpressionError("--steps --quiz asks one kind of number: use grad or data")
    export_html(
        root,
        output,
        title=title,
        quiz=arguments.quiz,
        theme=arguments.theme,
        rankdir=arguments.rankdir,
        edge_labels=arguments.edge_labels,
        show_constants=arguments.show_constants,
        what_if=arguments.what_if,
        learning_rate=arguments.lr,
        steps=arguments.descent_steps,
        mistake=arguments.mistake,
    )


def _write_drawing(
    arguments: argparse.Namespace, root: Value, output: Path, file_format: str
) -> None:
    if file_format == "tex":
        from autograd.lecture.tikz import to_tikz

        text = to_tikz(
            root,
            title=arguments.title,
            edge_labels=arguments.edge_labels,
            quiz=arguments.quiz,
            rankdir=arguments.rankdir,
            show_constants=arguments.show_constants,
        )
        output.write_text(text, encoding="utf-8")
        return
    from autograd.viz.diagram import draw
    from autograd.viz.render import DEFAULT_DPI

    drawing = draw(
        root,
        caption=_caption(arguments, root),
        edge_labels=arguments.edge_labels,
        color_by_grad=arguments.color,
        quiz=arguments.quiz,
        rankdir=arguments.rankdir,
        theme=arguments.theme,
        show_constants=arguments.show_constants,
    )
    if file_format == "dot":
        output.write_text(drawing.source, encoding="utf-8")
    else:
        dpi = DEFAULT_DPI if arguments.dpi is None else arguments.dpi
        output.write_bytes(drawing.pipe(format=file_format, dpi=dpi))


def _to_python(root: Value) -> str:
    """The graph's forward and backward pass as straight-line Python (`autograd.to_python`)."""
    from autograd.codegen.python_source import to_python

    return to_python(root)
