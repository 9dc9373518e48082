"""`python -m autograd "(x + y) * z" x=-2 y=5 z=-4 -o graph.svg`: see `autograd.cli.main`."""

from __future__ import annotations

from autograd.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main(prog="python -m autograd"))
