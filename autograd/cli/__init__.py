"""The command line, `python -m autograd "(x + y) * z" x=-2 y=5 z=-4`.

`main.py` reads the arguments and writes the outputs; `expression.py` parses the formula with
`ast` against a whitelist (never `eval`) into a graph of `Value`s.
"""

from autograd.cli.main import main

__all__ = ["main"]
