"""The command line, `python -m autograd "(x + y) * z" x=-2 y=5 z=-4`.

`main.py` reads the arguments and writes the outputs, `worksheet_command.py` is the `worksheet`
subcommand and `translated_argparse.py` the parser both use. The formula is parsed by
`autograd.formula` (with `ast`, against a whitelist, never `eval`), which the worksheets use too.
"""

from autograd.cli.main import main

__all__ = ["main"]
