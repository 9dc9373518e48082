"""`gc_paused()`: run a training loop without Python's cyclic garbage collector scanning the graph.

CPython frees most objects by reference counting, the moment the last
reference goes. Its second mechanism, the cyclic garbage collector, exists only
for objects that refer to each other in a cycle; it runs whenever 700 more
container objects have been made than freed, and then walks every object of
the youngest generation (now and then of all generations) looking for cycles.
A training step builds tens of thousands of `Value`s and tuples in a burst, so
the collector runs again and again over a graph that is still in use and has
no cycles at all: the engine never builds one (a node refers only to its
inputs, which were made before it). Measured on micrograd's demo step, that
scanning is about 40% of an interpreted step (`benchmarks/bench_gc.py`).

    with gc_paused():
        for epoch in range(50):
            ...  # build the loss, backward, step

turns the collector off inside the block and restores its previous state
afterwards (off stays off). It is sound: a graph is freed by reference counting
as soon as the loss that holds it is dropped, with or without the collector.
The only objects that could pile up are reference cycles made by code running
inside the block (your loss function, say); call `collect_young()` between
steps to free those, as `nn.fit` does: it scans only the objects made since the
last collection, which is cheap once the step's graph is gone. `nn.fit` and the
benchmarks use this; your own code is left exactly as it is unless you write
the `with` yourself.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collect_young", "gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Turn Python's cyclic garbage collector off for the block, then restore its state.

    Reference counting still frees every graph as soon as it is dropped; only
    reference cycles made inside the block wait for `collect_young()` or the
    end of the block (where one young-generation collection frees them).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            collect_young()


def collect_young() -> int:
    """Collect the youngest generation only (objects made since the last collection).

    Call it between training steps inside `gc_paused()`, when the step's graph
    has been dropped: it frees any reference cycles the step made and costs
    little because few young objects are still alive. Returns the number of
    unreachable objects found (as `gc.collect` does).
    """
    return gc.collect(0)
