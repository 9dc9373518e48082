"""Public names a package loads the first time they are used (PEP 562's module `__getattr__`).

`from autograd import Value` must stay instant, so the drawing, lecture and codegen tools are
imported only when one of their names is first looked up. `autograd` and its tool packages
each list where their names live and take the two module hooks from here:

    __getattr__, __dir__ = lazy_names(__name__, {"draw": "autograd.viz.diagram"}, __all__)

A name maps to the module that defines it, or to `(module, name there)` where it is defined
under another name (`autograd.compile` is `autograd.codegen.compiled.compile_loss`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from importlib import import_module
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, where: Mapping[str, str | tuple[str, str]], public: Sequence[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of `package`, loading each name of `where` when first used."""
    namespace = sys.modules[package].__dict__

    def load(name: str) -> Any:
        """Import the module that defines `name`, then keep the value as a global."""
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        place = where[name]
        module, attribute = (place, name) if isinstance(place, str) else place
        value = getattr(import_module(module), attribute)
        namespace[name] = value
        return value

    def names() -> list[str]:
        """The package's names, the ones not loaded yet included (for `dir()` and completion)."""
        return sorted({*namespace, *public})

    return load, names
