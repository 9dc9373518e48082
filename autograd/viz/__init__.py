"""Seeing a graph: Graphviz drawings (`draw`), the plain-text table (`as_text`), and the names both use.

`diagram.py` turns a graph into DOT (`draw`), `style.py` holds the symbols, fonts and colours, `escape.py`
makes any label safe text, `neurons.py` groups the nodes an `nn` model made, `layout_size.py`
keeps big drawings quick for Graphviz to lay out, `render.py` is the rendered picture, `text.py`
the terminal view, `names.py` the display names and `math_text.py` the one writer of math text
(formulas, numbers and the naming rule every caption, slide and table uses).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # as a type checker sees them; at run time `__getattr__` loads each when used
    from autograd.viz.diagram import draw
    from autograd.viz.names import display_names
    from autograd.viz.text import as_text

__all__ = ["as_text", "display_names", "draw"]

# name -> the module defining it, imported the first time the name is used (PEP 562)
_WHERE = {
    "as_text": "autograd.viz.text",
    "display_names": "autograd.viz.names",
    "draw": "autograd.viz.diagram",
}


def __getattr__(name: str) -> Any:
    """Load a public name the first time it is used, then keep it as a global."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the ones not loaded yet included."""
    return sorted({*globals(), *__all__})
