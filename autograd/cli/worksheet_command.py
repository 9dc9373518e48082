"""`python -m autograd worksheet "sigmoid(w0*x0 + w1*x1 + w2)" --students 30 --seed 1 -o sheets.pdf`.

The command line's second command: printable exercise sheets, one page per student with their
own random inputs and the graph's boxes blank, then the answer key
(`autograd.lecture.worksheet.make_worksheets`). Errors are one line and exit code 2, like the
main command's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograd.cli.translated_argparse import OneLineParser, UsageError, fail, language_argument
from autograd.i18n import _, available_languages

__all__ = ["run_worksheet"]


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=prog,
        description=_(
            "Printable backprop exercises: one page per student with their own inputs and "
            "blank boxes, then the answer key. Inputs are chosen so that no sigmoid or tanh "
            "input exceeds 3 in magnitude and every answer in the key is between 0.01 and 100 "
            "in magnitude."
        ),
        allow_abbrev=False,
    )
    parser.add_argument(
        "expression",
        metavar=_("expression"),
        help=_('the formula, e.g. "sigmoid(w0*x0 + w1*x1 + w2)"'),
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar=_("FILE"), help=_("the PDF to write")
    )
    parser.add_argument(
        "--students",
        type=int,
        default=30,
        metavar=_("COUNT"),
        help=_("how many different sheets (default 30)"),
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar=_("SEED"),
        help=_("the same seed gives the same sheets (default 0)"),
    )
    parser.add_argument(
        "--paper", choices=("a4", "letter"), default="a4", help=_("paper size (default a4)")
    )
    parser.add_argument("--title", metavar=_("TITLE"), help=_("the heading of every page"))
    parser.add_argument(  # global: also before the sub-command, `--lang ru worksheet ...`
        "--lang",
        type=language_argument,
        metavar="|".join(available_languages()),
        help=_("the language of the help, the errors and the outputs' words (default: en)"),
    )
    return parser


def run_worksheet(argv: list[str], prog: str) -> int:
    """Run `worksheet` with `argv` (after the word "worksheet"); return the exit code."""
    parser = _parser(prog)
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as request:  # --help
        return request.code if isinstance(request.code, int) else 2
    except UsageError as error:
        return fail(prog, _("{message} (see {prog} --help)").format(message=error, prog=prog))
    output: Path = arguments.output
    if output.suffix.lower() != ".pdf":
        return fail(
            prog, _("worksheets are a PDF: use -o FILE.pdf, not {output}").format(output=output)
        )
    try:
        from autograd.lecture.worksheet import make_worksheets

        sheets = make_worksheets(
            arguments.expression,
            output,
            students=arguments.students,
            seed=arguments.seed,
            paper=arguments.paper,
            title=arguments.title,
        )
    except (ArithmeticError, ValueError, OSError, RuntimeError) as error:
        return fail(prog, str(error))
    print(
        _("{path}: {count} sheets and the answer key").format(path=output, count=len(sheets)),
        file=sys.stderr,
    )
    return 0
