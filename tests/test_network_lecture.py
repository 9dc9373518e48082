"""The course's networks at neuron level, the same frames on every surface (player, GIF, slides).

The problem book's 2-2-2-1 sigmoid network with the loss 0.5·(1 − a)²: 15 frames (the inputs,
one per neuron, the loss as one frame each way, the start, the Done frame); every gradient the
picture shows is derived in a caption (∂loss/∂a_k = Σ_j w_jk δ_j on its own line, the inputs'
gradients after the first layer); captions write numbers in the picture's number_format; the
Done frame lists the gradients in lecture order, one compact line per layer.
"""

from __future__ import annotations

import re

from autograd import Value
from autograd.lecture.frames import Frame, caption_parts, header_spans
from autograd.lecture.layout import FramePictures
from autograd.lecture.steps import format_number
from autograd.viz.style import format_number as draw_number
from nn import MLP, functional


def problem_book_network() -> tuple[MLP, Value]:
    model = MLP(2, [2, 2, 1], "sigmoid", output_activation="sigmoid", seed=1)
    out = model([5.0, 2.0])
    assert isinstance(out, Value)
    return model, 0.5 * (1 - out) ** 2


def frames_of(loss: Value, **options: object) -> list[Frame]:
    return FramePictures(loss, draw_options={"collapse": True, **options}).frames


def test_the_problem_books_network_is_fifteen_frames() -> None:
    _model, loss = problem_book_network()
    frames = frames_of(loss)
    assert len(frames) == 15
    phases = [frame.phase for frame in frames]
    assert phases == ["forward"] * 7 + ["backward"] * 7 + ["end"]
    loss_forward = frames[6].caption.splitlines()  # the loss, one formula line per node
    assert len(loss_forward) == 3 and loss_forward[-1].startswith("loss = 0.5 · ")
    loss_backward = frames[8].caption.splitlines()  # one chain-rule line per gradient it sends
    assert len(loss_backward) == 3 and loss_backward[-1].startswith("∂loss/∂a₁⁽³⁾ = ")


def test_every_gradient_in_the_picture_is_derived_in_a_caption() -> None:
    _model, loss = problem_book_network()
    frames = frames_of(loss)
    loss.backward()
    said = "\n".join(frame.caption for frame in frames if frame.phase == "backward")
    derived = {line.split(" = ")[0]: line.rsplit(" = ", 1)[1] for line in said.splitlines()}
    nodes = [node for node in frames[-1].shown_grads if node.role is not None]
    assert len(nodes) >= 5 * 4 + 2
    for node in nodes:
        role = node.role
        assert role is not None
        if role.kind in ("wx",):
            continue  # inside a neuron's box: not shown on its own
        number = format_number(node.grad)
        if role.kind == "z":  # δ = ∂loss/∂z, said as δ
            name = "δ" + next(k for k in derived if k.startswith("δ") and derived[k] == number)[1:]
            assert derived[name] == number
            continue
        matches = [k for k, v in derived.items() if k.startswith("∂loss/∂") and v == number]
        assert matches, (role, number)
    inputs = [line for line in said.splitlines() if line.startswith("∂loss/∂x")]
    assert [line.split(" = ")[0] for line in inputs] == ["∂loss/∂x₁", "∂loss/∂x₂"]
    for line in said.splitlines():
        if line.startswith("∂loss/∂a") and "⁽³⁾" not in line:  # Σ_j w_jk δ_j, its own line
            assert "·δ" in line.split(" = ")[1]


def test_captions_write_numbers_as_the_picture() -> None:
    _model, loss = problem_book_network()
    frames = frames_of(loss, number_format=".2f")
    loss.backward()
    text = "\n".join(frame.caption for frame in frames)
    assert not re.search(r"\d\.\d{3}", text.replace("e−", "e-")), "a caption ignored .2f"
    z = next(n for n in frames[-1].shown_grads if n.role is not None and n.role.kind == "z")
    assert f"= {draw_number(z.grad, '.2f')}" in text


def test_the_done_frame_is_in_lecture_order() -> None:
    model, loss = problem_book_network()
    done = frames_of(loss)[-1].caption.splitlines()
    loss.backward()
    assert done[0].startswith("Done")
    first_layer = model.layers[0]
    weights = [[format_number(w.grad) for w in n.w] for n in first_layer.neurons]
    biases = [format_number(n.b.grad) for n in first_layer.neurons if n.b is not None]
    heading, table = caption_parts(frames_of(loss)[-1].caption)
    assert heading == done[0] and not isinstance(table, str)
    # one table: each block's name over its columns (W by rows j, b a column, ..., then x)
    names = ["∂loss/∂W⁽¹⁾", "∂loss/∂b⁽¹⁾", "∂loss/∂W⁽²⁾", "∂loss/∂b⁽²⁾", "∂loss/∂W⁽³⁾"]
    assert header_spans(table[0]) == [
        *zip(names, [2, 1, 2, 1, 2]),
        ("∂loss/∂b⁽³⁾", 1),
        ("∂loss/∂x", 1),
    ]
    assert [row[:3] for row in table[1:]] == [[*w, b] for w, b in zip(weights, biases)]
    assert len(table) == 3 and all(len(row) == 10 for row in table)
    inputs = sorted(
        (leaf for leaf in frames_of(loss)[-1].shown_grads if leaf.role and leaf.role.kind == "x"),
        key=lambda leaf: (leaf.role.index or 0) if leaf.role else 0,
    )
    assert [row[-1] for row in table[1:]] == [format_number(x.grad) for x in inputs]
    small = MLP(2, [1], "sigmoid", seed=1)  # a few gradients: one line, in lecture order
    out = small([1.0, 2.0])
    assert isinstance(out, Value)
    few = frames_of(functional.mse_loss(out, 1.0))[-1].caption.splitlines()[1]
    names = re.findall(r"∂loss/∂(\S+)\xa0=", few)
    assert names[:5] == ["w₁₁⁽¹⁾", "w₁₂⁽¹⁾", "b₁⁽¹⁾", "x₁", "x₂"]


def test_the_done_table_as_x_times_w() -> None:
    """notation="ij": W⁽ˡ⁾ by rows i (its inputs), b⁽ˡ⁾ and x as rows; the GIF draws the table."""
    from autograd.lecture.gif import _caption_png
    from autograd.viz.style import THEMES

    model = MLP(2, [3, 1], "tanh", seed=0)
    out = model([0.5, -1.0])
    assert isinstance(out, Value)
    loss = functional.mse_loss(out, 1.0)
    done = frames_of(loss, notation="ij")[-1]
    loss.backward()
    _heading, table = caption_parts(done.caption)
    assert not isinstance(table, str)
    spans = header_spans(table[0])
    assert spans == [
        ("∂loss/∂W⁽¹⁾", 3),
        ("∂loss/∂b⁽¹⁾", 3),
        ("∂loss/∂W⁽²⁾", 1),
        ("∂loss/∂b⁽²⁾", 1),
        ("∂loss/∂x", 2),
    ]
    first = model.layers[0].neurons
    assert table[1][:3] == [format_number(n.w[0].grad) for n in first]  # row i = 1
    assert table[2][:3] == [format_number(n.w[1].grad) for n in first]  # row i = 2
    assert table[1][3:6] == [format_number(n.b.grad) for n in first if n.b is not None]
    assert table[2][3:6] == ["", "", ""] and len(table) == 4  # W⁽²⁾ is 3 x 1
    png = _caption_png(done, None, 1280, THEMES["light"])
    assert png.startswith(b"\x89PNG")


def test_a_gif_of_a_collapsed_network_has_the_players_frames() -> None:
    from autograd.lecture.gif import gif_frames

    _model, loss = problem_book_network()
    images = gif_frames(loss, collapse=True, width=640, number_format=".3f")
    assert len(images) == len(frames_of(loss))
    assert len({image.size for image in images}) == 1
