"""Seeing a graph: Graphviz drawings (`draw`), the plain-text table (`as_text`), and the names both use.

`diagram.py` turns a graph into DOT (`draw`), `style.py` holds the symbols, fonts and colours, `escape.py`
makes any label safe text, `neurons.py` groups the nodes an `nn` model made, `layout_size.py`
keeps big drawings quick for Graphviz to lay out, `render.py` is the rendered picture, `text.py`
the terminal view and `names.py` the naming rule they share.
"""

from autograd.viz.diagram import draw
from autograd.viz.names import display_names
from autograd.viz.text import as_text

__all__ = ["as_text", "display_names", "draw"]
