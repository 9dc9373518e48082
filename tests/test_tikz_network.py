"""The problem book's 2-2-2-1 network as a neuron-level Beamer lecture, compiled by real pdflatex.

`to_tikz(loss, steps=True, collapse=True)` is the player's lecture slide for slide: at most 15
slides, no Overfull \\hbox, only Type 1 fonts (English and Russian: cm-super), every number of
every caption found by pdftotext on its slide, the box text at least 2% of the slide's height
in English and Russian (pdftotext's word boxes), the frames titled with the loss as math, the Done
slide's gradients as one table, and every slide's picture in the same place at the same size. The
node-level lecture is still there without collapse; `to_tikz(f)` documents start on page 1.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from autograd import Value
from autograd.lecture.layout import FramePictures
from autograd.lecture.tikz import to_tikz
from nn import MLP
from tests.test_tikz import compile_pdf, needs_latex, page_count, pdf_text, seed_neuron

pytestmark = pytest.mark.slow  # real pdflatex: seconds each


def problem_book_network() -> Value:
    model = MLP(2, [2, 2, 1], "sigmoid", output_activation="sigmoid", seed=1)
    out = model([5.0, 2.0])
    assert isinstance(out, Value)
    return 0.5 * (1 - out) ** 2


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def word_boxes(pdf: Path, page: int) -> tuple[float, list[tuple[float, float, str]]]:
    """(page height, [(top, height, word)]) from pdftotext -bbox."""
    run = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', run.stdout).group(1))  # type: ignore[union-attr]
    words = [
        (float(top), float(bottom) - float(top), word)
        for top, bottom, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            run.stdout,
        )
    ]
    return height, words


@needs_latex
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_neuron_level_lecture_compiles_readably(lang: str, tmp_path: Path) -> None:
    loss = problem_book_network()
    tex = to_tikz(loss, steps=True, collapse=True, lang=lang)
    pdf = compile_pdf(tex, tmp_path, "network")
    frames = FramePictures(loss, draw_options={"collapse": True}).frames
    # every frame titled with the loss typeset as math (down to the output neuron), then the phase
    title = r"\begin{frame}[t]{$\text{loss} = 0.5 \cdot (1 - a_{1}^{(3)})^{2}$ \textemdash{} "
    assert tex.count(title) == len(frames)
    assert page_count(pdf) == len(frames) <= 15
    log = (tmp_path / "network.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\hbox" not in log and "Overfull \\vbox" not in log
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert "Type 3" not in fonts.stdout and "Type 1" in fonts.stdout
    if lang == "ru":
        assert "Обратный проход" in pdf_text(pdf)
    for page, frame in enumerate(frames, start=1):
        text = pdf_text(pdf, page)
        for number in numbers(frame.caption):
            assert number in text, (page, number)
    height, words = word_boxes(pdf, page_count(pdf))
    data_words = [h for _top, h, word in words if word in ("data", "значение")]
    # box text as pdftotext measures it: 2.26% of the slide's height in English, 2.04% in
    # Russian (its longer column titles, "значение", "градиент", make the tables wider), with
    # the loss's chain folded into two columns beside the output neuron (was 1.81% / 1.62%)
    assert data_words and min(data_words) >= 0.02 * height
    # the Done slide: its gradients as one table, every number in it, no row wrapped (the
    # table is one box: a row of it on one line of pdftotext's layout)
    last = str(page_count(pdf))
    laid_out = subprocess.run(
        ["pdftotext", "-layout", "-f", last, "-l", last, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for table_row in frames[-1].caption.splitlines()[2:]:  # the rows of numbers
        cells = [cell for cell in table_row.split("\t") if cell]
        assert cells and any(line.split() == cells for line in laid_out), (cells, laid_out)


@needs_latex
def test_every_slide_has_the_picture_in_the_same_place(tmp_path: Path) -> None:
    loss = problem_book_network()
    tex = to_tikz(loss, steps=True, collapse=True)
    pdf = compile_pdf(tex, tmp_path, "network")
    boxes = {tuple(re.findall(r"\\useasboundingbox [^;]*;", tex))} | set()
    assert len(set(re.findall(r"\\useasboundingbox [^;]*;", tex))) == 1  # one size for all
    places = set()
    for page in range(1, page_count(pdf) + 1):
        run = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        found = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">data</word>',
            run.stdout,
        )
        # x₁'s box (leftmost "data"; an input is never the current node): the same on every
        # slide, the Done slide too
        left = min(found, key=lambda word: float(word[0]))
        places.add(tuple(round(float(v), 2) for v in left))
    assert len(boxes) == 1 and len(places) == 1, places


@needs_latex
def test_a_collapsed_picture_and_the_node_level_lecture(tmp_path: Path) -> None:
    loss = problem_book_network()
    loss.backward()
    picture = to_tikz(loss, collapse=True)
    pdf = compile_pdf(picture, tmp_path, "picture")
    assert page_count(pdf) == 1
    assert "0.2642" in pdf_text(pdf)
    node_level = to_tikz(seed_neuron(), steps=True)  # titled with the formula as math
    assert (
        r"\begin{frame}{$f = \sigma(w_{0} \cdot x_{0} + w_{1} \cdot x_{1} + w_{2})$}" in node_level
    )
    assert "useasboundingbox" not in node_level
    slides = compile_pdf(node_level, tmp_path, "seed")  # the node-level lecture, on the slide
    assert page_count(slides) == 11
    log = (tmp_path / "seed.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull" not in log  # the f box stuck 25 pt out of the slide
    f = seed_neuron()
    f.backward()
    document = compile_pdf(to_tikz(f), tmp_path, "document")
    assert page_count(document) == 1  # the picture on page 1, no empty page before it
