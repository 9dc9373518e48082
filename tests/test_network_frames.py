"""Stepping a network a neuron at a time: the layer rule's numbers are the scalar engine's.

Each collapsed neuron's backward frame reads δ_j^(l) = f′(z_j^(l)) · Σ_k w_kj^(l+1) δ_k^(l+1),
∂L/∂w_jk^(l) = δ_j^(l) · a_k^(l−1), ∂L/∂b_j^(l) = δ_j^(l); the tests parse every number of those
lines and compare them with `loss.backward()`'s gradients, and check the layer rule itself in
floats (it is the chain rule summed over the next layer, so it must give the engine's δ).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from browser import chromium

import autograd
from autograd import Value
from autograd.lecture.frames import Frame
from autograd.lecture.layout import FramePictures
from autograd.lecture.network_frames import lecture_frames_for
from autograd.lecture.steps import format_number
from autograd.roles import Role
from nn import MLP, functional


def network(sizes: list[int], activation: str = "tanh", seed: int = 0) -> tuple[MLP, Value]:
    model = MLP(2, sizes, activation=activation, seed=seed)
    loss = functional.mse_loss(model([0.5, -1.0]), 1.0)
    return model, loss


def node_with(loss: Value, role: Role) -> Value:
    return next(n for n in autograd.topological_order(loss) if n.role == role)


def neuron_frames(frames: list[Frame]) -> list[Frame]:
    return [frame for frame in frames if frame.phase == "backward" and "δ" in frame.caption]


def last_number(line: str) -> str:
    return line.rsplit(" = ", 1)[1]


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_neuron_captions_are_the_engines_gradients(activation: str) -> None:
    model, loss = network([3, 2, 1], activation, seed=2)
    frames = lecture_frames_for(loss, None, {"collapse": True})
    before = [p.grad for p in model.parameters()]
    loss.backward()  # the engine's gradients, to compare with (the frames were made before)
    assert before == [0.0] * len(before)  # making frames changed no .grad
    stepped = neuron_frames(frames)
    # the output layer first, then each layer from the last to the first, neurons j = 1, 2, ...
    order = [(frame.highlight.role.layer, frame.highlight.role.neuron) for frame in stepped]  # type: ignore[union-attr]
    assert order == [(2, 0), (1, 0), (1, 1), (0, 0), (0, 1), (0, 2)]
    for frame, (layer, j) in zip(stepped, order):
        neuron = model.layers[layer].neurons[j]
        z = node_with(loss, Role("z", layer, j))
        lines = [line for line in frame.caption.splitlines() if not line.startswith("∂loss/∂x")]
        gathered = lines.pop(0) if layer < 2 else ""  # ∂loss/∂a_j = Σ_k w_kj δ_k, its own line
        first, *weight_lines, bias_line = lines
        assert first.startswith("δ") and last_number(first) == format_number(z.grad)
        for k, line in enumerate(weight_lines):
            assert f"= δ{first[1 : first.index(' ')]} · " in line
            assert last_number(line) == format_number(neuron.w[k].grad)
            source = z.inputs[k].inputs[1]  # a_k^(l-1), or x_k
            factors = line.split(" = ")[2]
            assert factors == f"{format_number(z.grad)} · {operand(format_number(source.data))}"
        assert last_number(bias_line) == format_number(neuron.b.grad)
        # the layer rule itself, in floats: f'(z) · Σ_k w_kj δ_k is the engine's δ
        output = node_with(loss, Role("z" if layer == 2 else "a", layer, j))
        if layer < 2:
            local = (output.data * (1 - output.data)) if activation == "sigmoid" else None
            if activation == "tanh":
                local = 1 - output.data**2
            if activation == "relu":
                local = 1.0 if output.data > 0 else 0.0
            assert local is not None
            next_layer = model.layers[layer + 1].neurons
            total = sum(
                nxt.w[j].data * node_with(loss, Role("z", layer + 1, m)).grad
                for m, nxt in enumerate(next_layer)
            )
            assert math.isclose(local * total, z.grad, rel_tol=1e-12, abs_tol=1e-15)
            a_name = gathered.split(" = ")[0].removeprefix("∂loss/∂")
            assert gathered.startswith("∂loss/∂a") and f"· ∂loss/∂{a_name} = " in first
            assert last_number(gathered) == format_number(output.grad)
            assert f"= {format_number(local)} · {operand(format_number(output.grad))} = " in first
            for m, nxt in enumerate(next_layer):
                delta = node_with(loss, Role("z", layer + 1, m)).grad
                assert (
                    f"{operand(format_number(nxt.w[j].data))}·{operand(format_number(delta))}"
                    in gathered
                )


def operand(text: str) -> str:
    return f"({text})" if text.startswith("−") else text


def test_every_gradient_shown_is_the_engines_bit_for_bit() -> None:
    model, loss = network([4, 3, 1], seed=5)
    frames = lecture_frames_for(loss, None, {"collapse": True})
    loss.backward()
    for frame in frames:  # a shown gradient is never a partial sum in another order
        for node, grad in frame.shown_grads.items():
            assert grad == node.grad, node
    assert all(frames[-1].shown_grads[p] == p.grad for p in model.parameters())
    # an input's gradient appears once every neuron of the next layer has sent its message
    x0 = node_with(loss, Role("x", index=0))
    firsts = [i for i, frame in enumerate(frames) if x0 in frame.shown_grads]
    last_layer_one = max(
        i
        for i, f in enumerate(frames)
        if f.highlight is not None and f.highlight.role == Role("a", 0, 3)
    )
    assert firsts and firsts[0] == last_layer_one


def test_forward_frames_one_per_neuron() -> None:
    model, loss = network([2, 1])
    frames = lecture_frames_for(loss, None, {"collapse": True})
    forward = [frame for frame in frames if frame.phase == "forward"]
    z = node_with(loss, Role("z", 0, 1))
    a = node_with(loss, Role("a", 0, 1))
    caption = next(frame.caption for frame in forward if frame.highlight is a)
    w = model.layers[0].neurons[1].w
    assert caption.splitlines() == [
        f"z₂⁽¹⁾ = w₂₁⁽¹⁾·x₁ + w₂₂⁽¹⁾·x₂ + b₂⁽¹⁾ = {operand(format_number(w[0].data))}·0.5"
        f" + {operand(format_number(w[1].data))}·(−1) + 0 = {format_number(z.data)}",
        f"a₂⁽¹⁾ = tanh(z₂⁽¹⁾) = {format_number(a.data)}",
    ]


def test_an_expanded_neuron_keeps_node_frames() -> None:
    model, loss = network([3, 2, 1], seed=1)
    frames = lecture_frames_for(loss, None, {"collapse": True, "expand": (1, 0)})
    loss.backward()
    stepped = neuron_frames(frames)
    assert len(stepped) == 3 + 1 + 1  # every neuron but the expanded one
    opened = model.layers[1].neurons[0]
    a = node_with(loss, Role("a", 1, 0))
    z = node_with(loss, Role("z", 1, 0))
    highlights = [frame.highlight for frame in frames if frame.phase == "backward"]
    assert a in highlights and z in highlights  # its nodes step one at a time
    assert frames[-1].shown_grads[opened.w[1]] == opened.w[1].grad


def test_quiz_and_collapse_do_not_mix() -> None:
    _, loss = network([2, 1])
    with pytest.raises(ValueError, match="a quiz asks node by node"):
        lecture_frames_for(loss, "grad", {"collapse": True})
    assert lecture_frames_for(loss, "grad", {})  # without collapse, the node-level quiz


def test_neuron_frames_share_one_layout(renderer: str) -> None:
    _, loss = network([2, 1])
    pictures = FramePictures(loss, draw_options={"collapse": True, "color_by_grad": True})
    boxes = [re.search(r'viewBox="([^"]*)"', pictures.svg(i)) for i in range(len(pictures))]
    assert len({box.group(1) for box in boxes if box}) == 1  # every frame the same geometry


def test_export_html_and_stepper_take_the_drawing_options(tmp_path: Path) -> None:
    model, loss = network([2, 1])
    page = autograd.export_html(
        loss, tmp_path / "neurons.html", collapse=True, number_format=".2f", theme="dark"
    ).read_text(encoding="utf-8")
    assert "δ₁⁽¹⁾ = tanh′(z₁⁽¹⁾)" in page and "#1b1b1b" in page
    stepper = autograd.Stepper(loss, collapse=True)
    assert len(stepper.frames) == len(lecture_frames_for(loss, None, {"collapse": True}))
    assert all(p.grad == 0.0 for p in model.parameters())  # views never change numbers


@pytest.mark.slow
def test_the_player_steps_a_network_neuron_by_neuron_in_chromium(tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    _, loss = network([3, 1])
    page = autograd.export_html(loss, tmp_path / "player.html", collapse=True, color_by_grad=True)
    frames = lecture_frames_for(loss, None, {"collapse": True})
    target = next(i for i, frame in enumerate(frames) if frame.caption.startswith("∂loss/∂a₁⁽¹⁾"))
    with chromium(tmp_path / "profile", window=(1920, 1080)) as driver:
        driver.get(page.as_uri())
        for _step in range(target):
            ActionChains(driver).send_keys(" ").perform()
        caption = driver.find_element(By.ID, "caption").text.replace("\N{NO-BREAK SPACE}", " ")
        caption = caption.replace("\N{WORD JOINER}", "")
        assert caption.splitlines()[0] == frames[target].caption.splitlines()[0]
        current = driver.find_elements(By.CSS_SELECTOR, "#picture g.node.current title")
        order = autograd.topological_order(loss)
        highlight = frames[target].highlight
        assert highlight is not None
        assert [t.get_attribute("textContent") for t in current] == [f"v{order.index(highlight)}"]
