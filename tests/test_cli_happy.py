"""The command line, run as `python -m autograd` in a subprocess: text, drawings, the player."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograd.lecture.player import page_data

SEED = ["(x + y) * z", "x=-2", "y=5", "z=-4"]


def run(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "autograd", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def test_default_prints_the_text_view_after_backward(tmp_path: Path) -> None:
    result = run(*SEED, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines == [
        ["name", "op", "inputs", "data", "grad"],
        ["x", "-2", "-4"],
        ["y", "5", "-4"],
        ["n1", "+", "x,", "y", "3", "-4"],
        ["z", "-4", "3"],
        ["f", "*", "n1,", "z", "-12", "1"],
    ]
    assert run(*SEED, "--text", cwd=tmp_path).stdout == result.stdout


@pytest.mark.slow  # renders four formats
def test_svg_png_pdf_and_dot_from_the_suffix(tmp_path: Path, renderer: str) -> None:
    for name in ("graph.svg", "graph.png", "graph.pdf", "graph.dot"):
        result = run(*SEED, "-o", name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout == ""  # -o alone writes the file and prints nothing
    svg = (tmp_path / "graph.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for shown in ("data −12", "grad 3", "grad −4", "f = (x + y) · z"):  # the title typeset
        assert shown in svg
    assert (tmp_path / "graph.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "graph.pdf").read_bytes()[:5] == b"%PDF-"
    dot = (tmp_path / "graph.dot").read_text(encoding="utf-8")
    assert dot.startswith("digraph autograd {") and "v4 [" in dot
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "graph.dot",
        "graph.pdf",
        "graph.png",
        "graph.svg",
    ]  # no stray source files next to the pictures


def test_steps_writes_the_player(tmp_path: Path, renderer: str) -> None:
    result = run(*SEED, "--steps", "-o", "backprop.html", "--text", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "backprop.html").read_text(encoding="utf-8")
    assert len(page_data(page)["frames"]) == 7  # each frame its picture:
    assert all(frame["svg"].startswith("<svg") for frame in page_data(page)["frames"])
    assert "∂f/∂x = ∂f/∂n1 · 1 = −4 · 1 = −4" in page
    assert "f = n1 · z = 3 · (−4) = −12" in page
    assert "<title>f = (x + y) · z</title>" in page  # the formula typeset
    assert "http://" not in page and "https://" not in page
    assert result.stdout.splitlines()[1].split() == ["x", "-2", "-4"]  # --text after the steps


def test_steps_with_theme_dark_writes_a_dark_player(tmp_path: Path, renderer: str) -> None:
    from autograd.lecture.page_theme import PAGES
    from autograd.viz.style import THEMES

    result = run(*SEED, "--steps", "--theme", "dark", "-o", "p.html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    dark, light = PAGES["dark"], PAGES["light"]
    assert f"--background: {dark.background}; --text: {dark.text};" in page  # the page
    assert f'fill=\\"{THEMES["dark"].background}\\"' in page  # and the picture
    assert f'fill=\\"{THEMES["light"].leaf_fill}\\"' not in page
    assert page.count(f"--caption-background: {light.caption_background};") == 1  # print only


@pytest.mark.parametrize("rankdir, tall", [("LR", False), ("TB", True)])
def test_steps_player_follows_rankdir(
    tmp_path: Path, renderer: str, rankdir: str, tall: bool
) -> None:
    chain = ["exp(tanh(sin(x)))", "x=1"]
    result = run(*chain, "--steps", "--rankdir", rankdir, "-o", "p.html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    view_box = re.search(r'viewBox=\\"[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)\\"', page)
    assert view_box is not None
    width, height = float(view_box.group(1)), float(view_box.group(2))
    assert (height > width) is tall  # the chain x -> sin -> tanh -> exp runs down with TB


def test_steps_player_draws_edge_labels(tmp_path: Path, renderer: str) -> None:
    plain = run(*SEED, "--steps", "-o", "plain.html", cwd=tmp_path)
    labelled = run(*SEED, "--steps", "--edge-labels", "local", "-o", "labelled.html", cwd=tmp_path)
    assert plain.returncode == 0 and labelled.returncode == 0, plain.stderr + labelled.stderr
    texts = [
        (tmp_path / name)
        .read_text(encoding="utf-8")
        .count("u003ctext")  # the SVGs sit in a JSON string
        for name in ("plain.html", "labelled.html")
    ]
    assert texts[1] > texts[0]  # every frame also draws the edges' local derivatives


def test_steps_gif_refuses_edge_labels(tmp_path: Path) -> None:
    result = run(*SEED, "--steps", "--edge-labels", "local", "-o", "p.gif", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--edge-labels" in result.stderr


def test_sigmoid_neuron_of_the_slides(tmp_path: Path) -> None:
    result = run(
        "sigmoid(w0*x0 + w1*x1 + w2)", "w0=2", "x0=-1", "w1=-3", "x1=-2", "w2=-3", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    grads = {line.split()[0]: float(line.split()[-1]) for line in result.stdout.splitlines()[1:]}
    rounded = {name: round(grads[name], 2) for name in ("w0", "x0", "w1", "x1", "w2", "f")}
    assert rounded == {"w0": -0.2, "x0": 0.39, "w1": -0.39, "x1": -0.59, "w2": 0.2, "f": 1.0}


def test_bad_input_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    result = run("__import__('os').system('echo hacked')", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("python -m autograd: error: ")
    engine = run("log(x)", "x=-1", cwd=tmp_path)
    assert (engine.returncode, engine.stderr) == (
        2,
        "python -m autograd: error: log: input must be positive, got -1.0\n",
    )


def test_help_shows_examples(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert (
        'python -m autograd "(x + y) * z" x=-2 y=5 z=-4 --steps -o backprop.html' in result.stdout
    )


def test_quiz_writes_a_quiz_player(tmp_path: Path, renderer: str) -> None:
    result = run(*SEED, "--steps", "--quiz", "grad", "-o", "quiz.html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "quiz.html").read_text(encoding="utf-8")
    assert '"prompt": "∂f/∂x =' in page
    assert any("asked_svg" in frame for frame in page_data(page)["frames"])
    wrong = run(*SEED, "--steps", "--quiz", "both", "-o", "quiz.html", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "--steps --quiz asks one kind of number" in wrong.stderr
