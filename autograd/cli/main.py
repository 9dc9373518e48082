"""The command line: `python -m autograd "(x + y) * z" x=-2 y=5 z=-4 -o graph.svg`.

It builds the graph of the formula (parsed safely by `autograd.cli.expression`, never
`eval`), runs backward, and then draws it to a file (svg, png, pdf or dot, from the
suffix), writes the step-by-step HTML player (`--steps -o backprop.html`), prints
the text view (`--text`, also the default without `-o`) or prints the graph as
straight-line Python code (`--code`). Any bad input or failing operation is one
line on stderr starting with "error:" and exit code 2; no traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from autograd.cli.expression import FUNCTIONS, ExpressionError, build_graph, parse_assignments
from autograd.value import Value

__all__ = ["DRAWING_FORMATS", "main"]

DRAWING_FORMATS = ("svg", "png", "pdf", "dot")

_EXAMPLES = """\
examples:
  # print the graph as text, after backward
  %(prog)s "(x + y) * z" x=-2 y=5 z=-4
  # draw it (the format comes from the suffix: .svg .png .pdf .dot)
  %(prog)s "(x + y) * z" x=-2 y=5 z=-4 -o graph.svg
  # write the step-by-step backprop player, one HTML file to project
  %(prog)s "(x + y) * z" x=-2 y=5 z=-4 --steps -o backprop.html
  # the sigmoid neuron of the slides, as text
  %(prog)s "sigmoid(w0*x0 + w1*x1 + w2)" w0=2 x0=-1 w1=-3 x1=-2 w2=-3 --text
  # the graph as straight-line Python code
  %(prog)s "x**2 + x*y + (x + y)**2" x=1 y=2 --code

The formula may use numbers, variables, + - * / **, unary minus, parentheses and the
functions {functions}. The output is labelled f.
A formula that starts with "-" goes after "--":  %(prog)s -- -x x=1
Exit code 2 and a one-line message on stderr on any error.
"""


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Build the computational graph of a formula, run backpropagation, "
        "and draw it, step through it, or print it.",
        epilog=_EXAMPLES.format(functions=", ".join(FUNCTIONS)),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("expression", help='the formula, e.g. "(x + y) * z"')
    parser.add_argument(
        "assignments", nargs="*", metavar="name=value", help="a number for each variable"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write the drawing to FILE (.svg .png .pdf .dot), or with --steps the player (.html)",
    )
    parser.add_argument(
        "--steps",
        action="store_true",
        help="write the step-by-step backprop player (one HTML file) to -o FILE.html",
    )
    parser.add_argument("--text", action="store_true", help="print the text view")
    parser.add_argument(
        "--code", action="store_true", help="print the graph as straight-line Python code"
    )
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "backprop-lab") -> int:
    """Run the command line with `argv` (default: `sys.argv[1:]`); return the exit code."""
    parser = _parser(prog)
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as request:  # --help (code 0) or a usage error (code 2)
        return request.code if isinstance(request.code, int) else 2
    try:
        _run(arguments)
    except (ArithmeticError, ValueError, OSError, RuntimeError) as error:
        # ExpressionError is a ValueError; engine errors are ValueError or ArithmeticError;
        # a missing Graphviz is a RuntimeError; an unwritable file an OSError.
        message = " ".join(str(error).split())
        print(f"{prog}: error: {message}", file=sys.stderr)
        return 2
    return 0


def _run(arguments: argparse.Namespace) -> None:
    output: Path | None = arguments.output
    if output is not None:
        suffix = output.suffix.lower().lstrip(".")
        if arguments.steps and suffix != "html":
            raise ExpressionError(f"--steps writes an HTML player: use -o FILE.html, not {output}")
        if not arguments.steps and suffix not in DRAWING_FORMATS:
            hint = " (add --steps for the HTML player)" if suffix == "html" else ""
            raise ExpressionError(
                f"cannot tell the format of {output}: use a .svg, .png, .pdf or .dot file{hint}"
            )
    elif arguments.steps:
        raise ExpressionError("--steps needs an output file: add -o backprop.html")

    values = parse_assignments(arguments.assignments)
    root = build_graph(arguments.expression, values)

    if arguments.steps:
        from autograd.lecture.player import export_html

        assert output is not None
        export_html(root, output)  # runs backward step by step
    else:
        root.backward()
        if output is not None:
            _write_drawing(root, arguments.expression, output)

    if arguments.text or (output is None and not arguments.code):
        from autograd.viz.text import as_text

        print(as_text(root))
    if arguments.code:
        print(_to_python(root))


def _write_drawing(root: Value, expression: str, output: Path) -> None:
    from autograd.viz.diagram import draw

    caption = None if root.inputs == () else f"{root.label} = {' '.join(expression.split())}"
    drawing = draw(root, caption=caption)
    file_format = output.suffix.lower().lstrip(".")
    if file_format == "dot":
        output.write_text(drawing.source, encoding="utf-8")
    else:
        output.write_bytes(drawing.pipe(format=file_format))


def _to_python(root: Value) -> str:
    """The graph's forward and backward pass as straight-line Python (`autograd.to_python`)."""
    from autograd.codegen.python_source import to_python

    return to_python(root)
