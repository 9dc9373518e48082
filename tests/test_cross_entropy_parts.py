"""cross_entropy labels its parts (issue 19): the probabilities p₁ … p_K are nodes, the log of
the true class's probability is `ln p_y`, the loss is `loss`, on every surface; captions say
∂loss/∂z_k = p_k − y_k next to them (the Stepper and the neuron-level lecture); the values and
gradients stay those of PyTorch float64 and central differences, and stay exact where p_y
underflows (the log-sum-exp form, no p nodes) or the loss overflows (an error)."""

from __future__ import annotations

import math
import re

import pytest
import torch
from torch.nn import functional as torch_functional

import nn
from autograd import Value, draw, gradcheck, to_tikz, topological_order
from autograd.i18n import language
from autograd.lecture.frames import lecture_frames
from autograd.lecture.layout import FramePictures
from autograd.lecture.network_frames import LOSS_LINES
from autograd.lecture.steps import backward_steps
from autograd.viz.math_text import caption_names
from nn import functional

LOGITS = [1.0, -2.0, 0.5]


def logits(numbers: list[float]) -> list[Value]:
    return [Value(x, label=f"z_{k + 1}") for k, x in enumerate(numbers)]


def probabilities(loss: Value) -> list[Value]:
    found = [node for node in topological_order(loss) if node.role and node.role.kind == "p"]
    return sorted(found, key=lambda node: node.role.index if node.role else 0)


def test_the_parts_are_named_p1_to_pk_ln_py_and_loss() -> None:
    zs = logits(LOGITS)
    loss = functional.cross_entropy(zs, 1)
    names = caption_names(topological_order(loss))
    ps = probabilities(loss)
    assert [names[p] for p in ps] == ["p₁", "p₂", "p₃"]
    assert names[loss] == "loss" and loss.op == "neg"
    log_p = loss.inputs[0]
    assert names[log_p] == "ln p₂" and log_p.op == "log"
    softmax = torch.softmax(torch.tensor(LOGITS, dtype=torch.float64), 0).tolist()
    assert all(math.isclose(p.data, q, rel_tol=1e-15) for p, q in zip(ps, softmax))
    assert math.isclose(log_p.data, math.log(softmax[1]), rel_tol=1e-15)
    # every other node the user did not name: n1, n2, ... in reading order, constants aside
    automatic = [name for name in names.values() if re.fullmatch(r"n\d+", name)]
    assert automatic == [f"n{k}" for k in range(1, len(automatic) + 1)]


def test_the_values_and_gradients_are_pytorchs_and_pass_gradcheck() -> None:
    for numbers, target in [(LOGITS, 1), ([3.0, 2.5, -40.0, 0.0], 0), ([700.0, 0.0], 1)]:
        zs = logits(numbers)
        loss = functional.cross_entropy(zs, target)
        assert probabilities(loss)  # the graph with p nodes: p_y is a normal float here
        loss.backward()
        t = torch.tensor(numbers, dtype=torch.float64, requires_grad=True)
        expected = torch_functional.cross_entropy(t.unsqueeze(0), torch.tensor([target]))
        expected.backward()
        assert t.grad is not None
        assert math.isclose(loss.data, expected.item(), rel_tol=1e-13)
        for z, g in zip(zs, t.grad.tolist()):
            assert math.isclose(z.grad, g, rel_tol=1e-12, abs_tol=1e-15), (numbers, z.grad, g)
    assert gradcheck(lambda a, b, c: functional.cross_entropy([a, b, c], 2), LOGITS)


def test_where_p_y_underflows_the_loss_is_log_sum_exp_and_still_exact() -> None:
    zs = logits([1000.0, -1000.0])
    loss = functional.cross_entropy(zs, 1)
    assert loss.data == 2000.0 and not probabilities(loss)
    loss.backward()
    assert [z.grad for z in zs] == [1.0, -1.0]
    with pytest.raises(OverflowError, match="cross_entropy: the loss overflows a float"):
        functional.cross_entropy([1e308, -1e308], 1)


def test_the_drawing_shows_the_parts() -> None:
    loss = functional.cross_entropy(logits(LOGITS), 1)
    loss.backward()
    source = draw(loss).source
    for k in (1, 2, 3):
        assert f"<B>p<SUB>{k}</SUB></B>" in source
    assert "<B>ln p₂</B>" in source and "<B>loss</B>" in source
    tikz = to_tikz(loss, steps=True)
    assert "p_{1}" in tikz and r"\ln p_{2}" in tikz
    # the node-level slides say p − y at each logit too, in numbers
    said = re.findall(r"\$([^$]*= p_\{\d\} - y_\{\d\} = [^$]*)\$ \(softmax minus one-\{\}hot", tikz)
    assert len(set(said)) == 3  # (each caption is written twice: its overlay and its size)
    assert any(line.startswith(r"\frac{\partial \text{loss}}{\partial z_{2}}") for line in said)
    russian = to_tikz(loss, steps=True, lang="ru")  # Cyrillic in T2A
    assert russian.count(r"({\fontencoding{T2A}\selectfont софтмакс минус }one-{}hot)") == len(said)


def test_the_stepper_says_p_minus_y_at_each_logit() -> None:
    zs = logits(LOGITS)
    loss = functional.cross_entropy(zs, 1)
    lines = [line for step in backward_steps(loss) for line in step.caption.splitlines()]
    said = [line for line in lines if "softmax minus one-hot" in line]
    assert len(set(said)) == 3  # (each caption is written twice: its overlay and its size)
    loss.backward()
    ps = probabilities(loss)
    for k, (z, p) in enumerate(zip(zs, ps)):
        y = 1.0 if k == 1 else 0.0
        assert math.isclose(z.grad, p.data - y, rel_tol=1e-12)
        expected = f"∂loss/∂z{'₁₂₃'[k]} = p{'₁₂₃'[k]} − y{'₁₂₃'[k]} = "
        (line,) = [line for line in said if line.startswith(expected)]
        assert line.endswith(
            f"= {format(z.grad, '.4g').replace('-', '−')}  (softmax minus one-hot)"
        )
    frames = lecture_frames(loss)  # the player and the notebook Stepper
    assert sum("softmax minus one-hot" in frame.caption for frame in frames) == 3
    with language("ru"):
        captions = "\n".join(frame.caption for frame in lecture_frames(loss))
    assert captions.count("(софтмакс минус one-hot)") == 3


def network_loss() -> tuple[nn.MLP, Value]:
    model = nn.MLP(2, [3, 3], activation="tanh", seed=2)
    return model, functional.cross_entropy(model([0.5, -1.0]), 1)


def test_a_networks_cross_entropy_on_every_surface() -> None:
    _model, loss = network_loss()
    loss.backward()
    names = caption_names(topological_order(loss))
    automatic = [name for name in names.values() if re.fullmatch(r"n\d+", name)]
    count = len(automatic)
    assert automatic == [f"n{k}" for k in range(1, count + 1)]
    source = draw(loss).source
    assert sorted({int(k) for k in re.findall(r"<I>n(\d+)</I>", source)}) == list(
        range(1, count + 1)
    )
    captions = "\n".join(frame.caption for frame in lecture_frames(loss))
    assert sorted({int(k) for k in re.findall(r"(?<![\w.])n(\d+)(?![\w.])", captions)}) == list(
        range(1, count + 1)
    )
    tikz = to_tikz(loss, steps=True)
    assert sorted({int(k) for k in re.findall(r"(?<![\w\\])n_\{(\d+)\}", tikz)}) == list(
        range(1, count + 1)
    )
    assert all(f"<B>p<SUB>{k}</SUB></B>" in source for k in (1, 2, 3))


def test_the_neuron_level_lecture_says_p_minus_y_before_the_last_layer_uses_it() -> None:
    _model, loss = network_loss()
    frames = FramePictures(loss, draw_options={"collapse": True}).frames
    captions = [frame.caption for frame in frames]
    said = [i for i, caption in enumerate(captions) if "softmax minus one-hot" in caption]
    deltas = [i for i, caption in enumerate(captions) if caption.startswith("δ")]
    assert said and deltas and max(said) < min(deltas)  # derived before δ⁽²⁾ = ∂loss/∂z⁽²⁾
    lines = [line for i in said for line in captions[i].splitlines() if "softmax" in line]
    assert [line.split(" = ")[0] for line in lines] == [
        "∂loss/∂z₃⁽²⁾",
        "∂loss/∂z₂⁽²⁾",
        "∂loss/∂z₁⁽²⁾",
    ]
    assert "p₂ − y₂ = " in lines[1] and "− 1 = " in lines[1]  # the true class: y₂ = 1
    # the loss's frames stay short enough for the picture to keep its size
    forward_outputs = [i for i, c in enumerate(captions) if c.startswith("z₃⁽²⁾")]
    loss_frames = [c for c in captions[forward_outputs[0] + 1 : min(deltas)]]
    assert loss_frames and all(len(c.splitlines()) <= LOSS_LINES for c in loss_frames)
