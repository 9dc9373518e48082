"""`autograd.as_text`: one aligned line per node in topological order, with the shared names."""

from __future__ import annotations

import pytest

import autograd
from autograd import Value


def test_xyz_as_text() -> None:
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    f = (x + y) * z
    f.label = "f"
    f.backward()
    assert autograd.as_text(f) == (
        "name  op  inputs  data  grad\n"
        "x                   -2    -4\n"
        "y                    5    -4\n"
        "n1    +   x, y       3    -4\n"
        "z                   -4     3\n"
        "f     *   n1, z    -12     1"
    )


def test_names_agree_with_display_names_and_duplicates_are_listed_twice() -> None:
    a = Value(3.0, label="same")
    b = Value(4.0, label="same")
    c = (a + a) * b
    c.backward()
    lines = autograd.as_text(c, number_format=".2f").splitlines()
    names = autograd.display_names(autograd.topological_order(c))
    assert (
        [line.split()[0] for line in lines[1:]] == list(names.values()) == ["n1", "n2", "n3", "n4"]
    )
    assert lines[2].split() == ["n2", "+", "n1,", "n1", "6.00", "4.00"]
    assert lines[4].split() == ["n4", "*", "n2,", "n3", "24.00", "1.00"]
    # columns are aligned: every line has the same width up to trailing spaces
    assert len({len(line) for line in lines}) == 1


def test_as_text_errors() -> None:
    with pytest.raises(TypeError, match="as_text: root must be a Value"):
        autograd.as_text(1.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="as_text: number_format 'zz' is not a format spec"):
        autograd.as_text(Value(1.0), number_format="zz")


def test_size_is_linear_in_the_graph_not_quadratic_in_the_widest_cell() -> None:
    # Issue 15, defect 1: every row used to be padded to the widest inputs cell, so a sum of
    # 10,000 leaves printed 689,287,829 characters. Now a row is padded only up to a small cap,
    # and a longer cell just makes its own row longer.
    count = 3000
    leaves = [Value(1.0, label=f"x{i}") for i in range(count)]
    total = autograd.sum_values(leaves)
    text = autograd.as_text(total)
    lines = text.splitlines()
    inputs_cell = ", ".join(leaf.label for leaf in leaves)
    assert len(lines) == count + 2  # header, one line per leaf, the sum
    assert inputs_cell in lines[-1]
    assert len(text) <= len(inputs_cell) + 100 * len(lines)
    # short rows stay aligned with each other
    assert len({len(line) for line in lines[1:-1]}) == 1


def test_a_label_that_looks_like_an_automatic_name_keeps_it_and_the_automatic_one_moves() -> None:
    # Issue 15, defect 9: the label "n1" and the unlabelled node at position 1 shared a name.
    a = Value(2.0, label="n1")
    c = Value(5.0)
    f = a * c
    f.backward()
    names = [line.split()[0] for line in autograd.as_text(f).splitlines()[1:]]
    assert names[0] == "n1"
    assert len(set(names)) == 3
