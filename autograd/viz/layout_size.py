"""How big a drawing's layout is for Graphviz, and cutting a drawing down until it is small enough.

Graphviz's `dot` puts the nodes on ranks (columns, left to right) and routes an edge that spans
several ranks through a chain of invisible "virtual" nodes, one per rank crossed. Its
network-simplex passes grow much faster than linearly in the number of nodes, virtual ones
included, so a value shared along a long chain (x + x + ... + x with 151 terms, the powers of
1 + x + ... + x**75, the weights of an unrolled RNN) made `dot` run for minutes although only
150 values were drawn.

`layout_nodes` estimates that number from the graph: each operation circle sits one rank after
its highest non-leaf input, each value box one rank after its operation, and a leaf just
before its first consumer (where dot's ranking puts it); an edge from rank r to rank s adds
s - r - 1 virtual nodes. `fit_layout_budget` draws only the values nearest the output (as
`max_nodes` does) when that estimate exceeds `LAYOUT_BUDGET`. Bounding the size is not enough on
its own (the polynomial, at 5,800 nodes, still took 19 s), so `layout_attributes` also caps the
network-simplex iterations (`nslimit`, `nslimit1`: at most one pass per node) for any drawing
above `LIMITED_LAYOUT` nodes, and above `STRAIGHT_EDGES` draws edges as straight lines
(`splines=line`): the Graphviz 14 that pygraphviz bundles spent 16 s routing the curved edges
of the unrolled RNN, straight ones take 0.8 s. Such a picture is a little less tidy and takes
about a second; small drawings (the lecture's) are laid out exactly as before. Edge labels are
nodes to dot too: above `LABELLED_EDGES` of them a drawing leaves them out, with a note.
"""

from __future__ import annotations

from autograd.i18n import ngettext
from autograd.value import Value
from autograd.viz.neurons import SizePlan, by_distance_to_root

__all__ = [
    "LABELLED_EDGES",
    "LAYOUT_BUDGET",
    "LIMITED_LAYOUT",
    "STRAIGHT_EDGES",
    "fit_layout_budget",
    "labelled_edges",
    "layout_attributes",
    "layout_nodes",
]

# Nodes plus virtual nodes a drawing may give dot: with the iteration limits below, the worst
# shapes at this size take about a second of CPU; the 151-term sum x + x + ... + x had about
# 22,000 and took minutes.
LAYOUT_BUDGET = 6000

# Above this many nodes plus virtual nodes, dot's network-simplex iterations are capped...
LIMITED_LAYOUT = 1000
# ... and above this many, edges are straight lines (routing long curved edges is slow).
STRAIGHT_EDGES = 3000


# Above this many labelled edges a drawing leaves its edge labels out: dot gives each label a node
# of its own, and many labelled edges between the same two nodes (`sum_values([x] * n)`) or
# between two crowded ranks take it superlinear time (1,600 labels about a second, 5,000 ten).
LABELLED_EDGES = 1500


def labelled_edges(order: list[Value], drawn: set[Value] | None, parameters: set[Value]) -> int:
    """How many edges `draw(edge_labels=...)` would label: one per input slot of each drawn
    operation whose input is drawn too (constant parameters and cut-off inputs get none)."""
    is_drawn = (lambda node: node not in parameters) if drawn is None else drawn.__contains__
    return sum(
        1
        for node in order
        if node.inputs and is_drawn(node)
        for parent in node.inputs
        if parent not in parameters and is_drawn(parent)
    )


def layout_nodes(order: list[Value], drawn: set[Value] | None, parameters: set[Value]) -> int:
    """Estimated nodes + virtual nodes of the layout of `order`'s values in `drawn` (None: all).

    `order` is a topological order of the graph, or of just the drawn values.
    Counts a box per drawn value, a circle per drawn operation, the constant parameters drawn
    beside their operations (one rank before it: no virtual node), a "more" node when values
    are cut, and one virtual node per rank each input edge crosses.
    """
    is_drawn = (lambda node: node not in parameters) if drawn is None else drawn.__contains__
    value_rank: dict[Value, int] = {}  # the rank of each drawn non-leaf value's box
    op_rank: dict[Value, int] = {}  # the rank of the operation circle that made it
    first_use: dict[Value, int] = {}  # leaves (and cut-off values): their first consumer's rank
    nodes = 0
    cut = False
    for node in order:
        if not node.inputs or not is_drawn(node):
            continue
        rank = 1
        for parent in node.inputs:
            if parent in value_rank:
                rank = max(rank, value_rank[parent] + 1)
        op_rank[node] = rank
        value_rank[node] = rank + 1
        nodes += 2  # the box and the circle
        for parent in node.inputs:
            if parent in parameters:
                nodes += 1
            elif parent not in value_rank:  # a leaf, or a value that is not drawn ("more")
                first_use[parent] = min(first_use.get(parent, rank), rank)
                cut = cut or (bool(parent.inputs) or not is_drawn(parent))
    leaf_rank = {
        leaf: rank - 1 for leaf, rank in first_use.items() if not leaf.inputs and is_drawn(leaf)
    }
    more_rank = min(
        (rank - 1 for leaf, rank in first_use.items() if leaf not in leaf_rank), default=0
    )
    nodes += len(leaf_rank) + (1 if cut else 0)
    virtual = 0
    for node, rank in op_rank.items():
        for parent in node.inputs:
            if parent in parameters:
                continue
            start = value_rank.get(parent, leaf_rank.get(parent, more_rank))
            virtual += max(0, rank - start - 1)
    return nodes + virtual


def fit_layout_budget(
    order: list[Value], parameters: set[Value], plan: SizePlan, max_nodes: int
) -> SizePlan:
    """`plan`, or a plan drawing fewer values (nearest the output) if its layout is too big.

    A collapsed plan (one box per neuron) is kept as it is: its edges join neighbouring layers.
    """
    if plan.collapsed or layout_nodes(order, plan.drawn, parameters) <= LAYOUT_BUDGET:
        return plan
    value_count = len(order) - len(parameters)
    ranked = by_distance_to_root(order, parameters)  # sorted once: each try takes a prefix
    position = {node: index for index, node in enumerate(order)}

    def size(limit: int) -> int:
        """The layout size of the `limit` values nearest the output (only those are walked)."""
        drawn = ranked[:limit]
        return layout_nodes(sorted(drawn, key=position.__getitem__), set(drawn), parameters)

    low, high = 1, min(max_nodes, value_count)  # the most values that fit: binary search
    while low < high:
        middle = (low + high + 1) // 2
        if size(middle) <= LAYOUT_BUDGET:
            low = middle
        else:
            high = middle - 1
    note = ngettext(
        "only the {count} value nearest the output of {total} is drawn "
        "(more would take Graphviz too long to lay out)",
        "only the {count} values nearest the output of {total} are drawn "
        "(more would take Graphviz too long to lay out)",
        low,
    ).format(count=low, total=value_count)
    return SizePlan(collapsed=False, drawn=set(ranked[:low]), notes=[note])


def layout_attributes(order: list[Value], plan: SizePlan, parameters: set[Value]) -> dict[str, str]:
    """Graph attributes that keep dot quick: iteration limits, and straight edges, for big ones."""
    size = 0 if plan.collapsed else layout_nodes(order, plan.drawn, parameters)
    if size <= LIMITED_LAYOUT:
        return {}
    if size <= STRAIGHT_EDGES:
        return {"nslimit": "1", "nslimit1": "1"}
    return {"nslimit": "1", "nslimit1": "1", "splines": "line"}
