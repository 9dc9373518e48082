"""Seeing a graph: Graphviz drawings (`draw`), the plain-text table (`as_text`), and the names both use.

`diagram.py` turns a graph into DOT (`draw`), `style.py` holds the symbols, fonts and colours, `escape.py`
makes any label safe text, `neurons.py` groups the nodes an `nn` model made, `layout_size.py`
keeps big drawings quick for Graphviz to lay out, `render.py` is the rendered picture, `text.py`
the terminal view, `names.py` the display names and `math_text.py` the one writer of math text
(formulas, numbers and the naming rule every caption, slide and table uses).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autograd.lazy import lazy_names

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


__getattr__, __dir__ = lazy_names(__name__, _WHERE, __all__)
