"""Stepping a network by layers (`view="matrix"`): frames, player in headless Chromium, GIF, Stepper.

Forward one layer per frame, backward one layer per frame with δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾ᵀδ⁽ˡ⁺¹⁾)
and ∇W⁽ˡ⁾ = δ⁽ˡ⁾a⁽ˡ⁻¹⁾ᵀ in numbers; every number the scalar engine's (checked against
`loss.backward()` on a copy of the network), no `.grad` changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium

from autograd import Value, export_gif, export_html
from autograd.lecture.matrix_frames import matrix_frames
from autograd.lecture.player import page_data
from autograd.lecture.stepper import Stepper
from autograd.viz.style import format_number
from nn import MLP


def problem_book() -> tuple[MLP, Value]:
    model = MLP(2, [2, 2, 1], "sigmoid", output_activation="sigmoid", seed=1)
    out = model([5.0, 2.0])
    assert isinstance(out, Value)
    return model, 0.5 * (1 - out) ** 2


def engine_gradients() -> MLP:
    """The same network with `loss.backward()` run: the oracle for every caption number."""
    model, loss = problem_book()
    loss.backward()
    return model


def test_one_frame_per_layer_forward_and_backward_with_the_engines_numbers() -> None:
    model, loss = problem_book()
    frames, steps, _ = matrix_frames(loss)
    assert [f.phase for f in frames] == ["forward"] * 5 + ["backward"] * 4 + ["end"]
    assert all(p.grad == 0.0 for p in model.parameters())  # a view: no .grad changed
    oracle = engine_gradients()
    captions = [f.caption for f in frames]
    assert captions[1].startswith("z⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾ = (")
    assert "a⁽¹⁾ = σ(z⁽¹⁾) = (" in captions[1]
    layer2 = captions[7]  # backward, layer 2
    assert layer2.startswith("δ⁽²⁾ = f′(z⁽²⁾) ⊙ (W⁽³⁾ᵀδ⁽³⁾) = (")
    for neuron in oracle.layers[1].neurons:
        for w in neuron.w:
            assert format_number(w.grad) in layer2  # ∇W⁽²⁾ = δ⁽²⁾a⁽¹⁾ᵀ, every entry
        assert format_number(neuron.b.grad) in layer2
    w3 = oracle.layers[2].neurons[0]
    assert (
        f"∇W⁽³⁾ = δ⁽³⁾a⁽²⁾ᵀ = [{format_number(w3.w[0].grad)}  {format_number(w3.w[1].grad)}]"
        in captions[6]
    )
    assert (
        steps[7].highlight == "z2"
        and "W2" in steps[7].shown_grads
        and "W1" not in steps[7].shown_grads
    )


def test_the_ij_notation_writes_the_problem_books_form() -> None:
    _, loss = problem_book()
    frames, _, _ = matrix_frames(loss, notation="ij")
    assert frames[2].caption.startswith("z⁽²⁾ = a⁽¹⁾W⁽²⁾ + b⁽²⁾ = (")
    assert "(δ⁽³⁾W⁽³⁾ᵀ)" in frames[7].caption and "∇W⁽²⁾ = a⁽¹⁾ᵀδ⁽²⁾ = [" in frames[7].caption


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with chromium(tmp_path / "profile", window=(1920, 1080), viewport=(1920, 1080)) as driver:
        yield driver


@pytest.mark.slow  # a real browser
def test_the_player_steps_by_layers_in_chromium(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    model, loss = problem_book()
    page = export_html(loss, tmp_path / "layers.html", view="matrix")
    assert all(p.grad == 0.0 for p in model.parameters())
    assert len(page_data(page.read_text(encoding="utf-8"))["frames"]) == 10
    browser.get(page.resolve().as_uri())
    for _ in range(7):  # to the backward frame of layer 2
        ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()
    caption = browser.find_element(By.ID, "caption").text.replace("\N{NO-BREAK SPACE}", " ")
    assert caption.startswith("δ⁽²⁾ = f′(z⁽²⁾) ⊙ (W⁽³⁾ᵀδ⁽³⁾)")
    assert browser.find_element(By.ID, "counter").text == "8 / 10"
    _, again = problem_book()  # the oracle: the same network, backward run
    again.backward()
    z2 = [
        node
        for node in _nodes(again)
        if node.role is not None and node.role.kind == "z" and node.role.layer == 1
    ]
    shown = {
        t.text: t.get_attribute("fill")
        for t in browser.find_elements(By.CSS_SELECTOR, "#picture svg text")
    }
    for z in z2:
        # δ⁽²⁾ shown in the picture, in the text colour (numbers not known yet are drawn in the
        # background colour, so every frame keeps the same layout)
        assert shown[format_number(z.grad)] not in ("#ffffff", "white")
    shot = tmp_path / "layer.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def _nodes(root: Value) -> list[Value]:
    from autograd import topological_order

    return topological_order(root)


@pytest.mark.slow  # renders ten frames
def test_gif_and_stepper_step_by_layers(tmp_path: Path) -> None:
    from PIL import Image

    model, loss = problem_book()
    gif = export_gif(loss, tmp_path / "layers.gif", view="matrix")
    with Image.open(gif) as image:
        assert image.n_frames == 10
    stepper = Stepper(loss, view="matrix")
    assert [f.phase for f in stepper.frames][-2:] == ["backward", "end"]
    assert re.search(r"δ⁽¹⁾ = f′\(z⁽¹⁾\)", stepper.html())
    assert all(p.grad == 0.0 for p in model.parameters())


@pytest.mark.slow  # real pdflatex
def test_beamer_slides_step_by_layers_and_compile(tmp_path: Path) -> None:
    import subprocess

    from browser import needs

    from autograd.lecture.tikz import to_tikz

    needs("pdflatex", "pdftotext")
    model, loss = problem_book()
    tex = to_tikz(loss, steps=True, view="matrix")
    assert all(p.grad == 0.0 for p in model.parameters())
    assert r"\begin{pmatrix}" in tex and r"\odot" in tex and r"\nabla W^{(2)}" in tex
    (tmp_path / "slides.tex").write_text(tex, encoding="utf-8")
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "slides.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:]
    text = subprocess.run(
        ["pdftotext", "-f", "8", "-l", "8", str(tmp_path / "slides.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    oracle = engine_gradients()
    for neuron in oracle.layers[1].neurons:  # ∇W⁽²⁾ in the caption's pmatrix, every entry
        for w in neuron.w:
            assert format_number(w.grad).replace("\N{MINUS SIGN}", "-") in text.replace("−", "-")
    info = subprocess.run(["pdfinfo", str(tmp_path / "slides.pdf")], capture_output=True, text=True)
    assert re.search(r"^Pages:\s+10$", info.stdout, re.MULTILINE)


def test_a_batch_of_three_is_stepped_with_one_line_per_example_and_the_summed_gradient() -> None:
    model = MLP(2, [3, 2, 1], "tanh", seed=5)
    xs = [[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]]
    outputs = [model(x) for x in xs]
    from nn import functional

    loss = functional.mean([functional.mse_loss(o, 1.0) for o in outputs])
    frames, _, gradients = matrix_frames(loss)
    assert all(p.grad == 0.0 for p in model.parameters())
    layer1 = [f for f in frames if f.phase == "backward"][-1].caption.splitlines()
    assert [line.split(" = ")[0] for line in layer1[:3]] == ["δ⁽¹⁾"] * 3
    assert [line.endswith(f"(example {k})") for k, line in enumerate(layer1[:3], 1)] == [True] * 3
    loss.backward()  # the oracle: the engine's .grad of every weight, summed over the examples
    expected = (
        "["
        + "; ".join(
            "  ".join(format_number(w.grad) for w in neuron.w) for neuron in model.layers[0].neurons
        )
        + "]"
    )
    assert layer1[3] == f"∇W⁽¹⁾ = δ⁽¹⁾xᵀ = {expected} (summed over the batch)"
    assert all(gradients[w] == w.grad for w in model.parameters())
