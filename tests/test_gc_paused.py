"""`autograd.gc_paused()`: the cyclic garbage collector off inside, restored after, cycles freed."""

from __future__ import annotations

import gc
import itertools
import weakref

from autograd import Value, collect_young, gc_paused


class Cycle:
    """An object that refers to itself: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


def test_off_inside_and_restored_after() -> None:
    was = gc.isenabled()
    try:
        gc.enable()
        with gc_paused():
            assert not gc.isenabled()
            with gc_paused():  # nested
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()
        with gc_paused():
            pass
        assert not gc.isenabled()  # off stays off
    finally:
        gc.enable() if was else gc.disable()


def test_restored_after_an_error() -> None:
    was = gc.isenabled()
    gc.enable()
    try:
        try:
            with gc_paused():
                raise KeyError("boom")
        except KeyError:
            pass
        assert gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()


def live_values() -> int:
    return sum(type(thing) is Value for thing in gc.get_objects())  # type(): no __class__ lookups


def test_graphs_are_freed_by_reference_counting_and_cycles_by_collect_young() -> None:
    with gc_paused():
        before = live_values()
        x = Value(2.0)
        loss = sum((x * x).exp() for _ in range(100))
        assert live_values() >= before + 300
        del loss, x
        assert live_values() == before  # no collector needed for a graph
        cycle = weakref.ref(Cycle())
        assert cycle() is not None  # a cycle waits ...
        assert collect_young() >= 1
        assert cycle() is None  # ... for the young-generation collection


def test_numbers_do_not_change() -> None:
    def grads() -> list[float]:
        leaves = [Value(0.1 * i) for i in range(50)]
        total = sum((a * b).tanh() for a, b in itertools.pairwise(leaves))
        assert isinstance(total, Value)
        total.backward()
        return [leaf.grad for leaf in leaves]

    expected = grads()
    with gc_paused():
        assert grads() == expected
