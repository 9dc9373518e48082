"""The Russian notebooks (notebooks/ru/): the same code as the English ones, run in Russian.

Each `notebooks/ru/NN_*.ipynb` is its English namesake with the prose, comments and printed or
plotted words in Russian. One source of truth for the code: cell for cell, the code must be
the English code token for token, except for comments and the text of string literals
(Python's tokenizer compares them). Each is executed like the English ones (a fresh kernel, an
empty working folder left empty) with BACKPROP_LAB_LANG=ru, and no English word may appear in
what it shows: printed text, HTML, the drawings' SVG and every matplotlib figure (rendered as
SVG with its text kept as text). Not words: math, code names, proper names (`ALLOWED`), and the
output of a cell marked `# вывод: код` (it prints a program).
"""

from __future__ import annotations

import html
import io
import os
import re
import tokenize
from pathlib import Path

import nbformat
import pytest
from english_words import english_words
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = {path.name[:2]: path for path in (ROOT / "notebooks").glob("*.ipynb")}
RUSSIAN = sorted((ROOT / "notebooks" / "ru").glob("*.ipynb"))
CODE_OUTPUT = "# вывод: код"

# Code names, proper names and the front ends' own menu words a Russian text keeps as they are.
ALLOWED = (
    "MLP", "ReLU", "PyTorch", "Adam", "SGD", "RMSprop", "Nesterov", "ELU", "PReLU", "Xavier",
    "Glorot", "numpy", "Jupyter", "Jupyter-ноутбук", "Jupyter-ноутбуке", "JupyterLab", "File", "Trust", "Notebook", "check", "answer",
    "hint", "XOR", "AND", "OR", "NOT", "KL", "Stepper", "HTML", "SVG", "PDF", "GiB", "float",
    "float32", "float64", "Playground", "TensorFlow", "micrograd", "maxout", "softmax", "one-hot",
    "logloss", "GD", "He", "MSE", "Var", "tr", "det", "Sequential", "Linear", "Tanh", "in_features",
    "out_features", "bias", "True", "False", "dtype", "torch",
    "export_html", "to_torch", "gradcheck", "linear", "layers", "neurons", "loss", "SVM", "λ_CV",
)  # fmt: skip

PRELUDE = (
    "import matplotlib\n"
    'matplotlib.rcParams["svg.fonttype"] = "none"  # figures as SVG, their text as text\n'
    '%config InlineBackend.figure_formats = ["svg"]'
)


def code_tokens(source: str) -> list[tuple[int, str]]:
    """The tokens of a code cell without comments, with every string literal's text blanked."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    tokens = []
    for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
        if token.type in (tokenize.COMMENT, tokenize.NL):
            continue
        text = token.string
        if token.type == tokenize.STRING:
            text = re.match(r"^[a-zA-Z]*", text).group(0) + "'…'"  # type: ignore[union-attr]
        tokens.append((token.type, text))
    return tokens


def test_every_notebook_has_a_russian_one() -> None:
    """The twelve lectures and the appendix (13) all have theirs."""
    assert len(ENGLISH) == 13
    assert sorted(path.name for path in RUSSIAN) == sorted(path.name for path in ENGLISH.values())


@pytest.mark.parametrize("path", RUSSIAN, ids=[path.stem for path in RUSSIAN])
def test_same_cells_and_the_same_code(path: Path) -> None:
    russian = nbformat.read(path, as_version=4)
    english = nbformat.read(ENGLISH[path.name[:2]], as_version=4)
    nbformat.validate(russian)
    assert [cell.cell_type for cell in russian.cells] == [cell.cell_type for cell in english.cells]
    for ru_cell, en_cell in zip(russian.cells, english.cells, strict=True):
        if en_cell.cell_type == "code":
            assert code_tokens(ru_cell.source) == code_tokens(en_cell.source), en_cell.source
            assert ru_cell.outputs == [] and ru_cell.execution_count is None
        elif re.search("[A-Za-z]{4}", re.sub(r"\$[^$]*\$|`[^`]*`", " ", en_cell.source)):
            assert re.search("[а-яА-Я]", ru_cell.source), ru_cell.source[:80]  # prose: translated
        # (a heading that is math and short words may stay as it is)


def shown_texts(notebook: nbformat.NotebookNode) -> list[str]:
    """Every text the executed notebook shows, outside cells marked as printing code."""
    texts = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or CODE_OUTPUT in cell.source:
            continue
        for output in cell.outputs:
            if output.output_type == "stream":
                texts.append(output.text)
            data = output.get("data", {})
            if "image/svg+xml" in data:
                texts += [
                    html.unescape(text)
                    for text in re.findall(r"<text[^>]*>([^<]*)</text>", data["image/svg+xml"])
                ]
            elif "text/html" in data:
                page = re.sub(r"<(script|style)\b.*?</\1>", " ", data["text/html"], flags=re.S)
                texts.append(html.unescape(re.sub(r"<[^>]+>", " ", page)))
            elif "text/plain" in data:
                texts.append(data["text/plain"])
    return texts


@pytest.mark.slow  # a kernel per notebook
@pytest.mark.parametrize("path", RUSSIAN, ids=[path.stem for path in RUSSIAN])
def test_russian_notebook_runs_and_shows_no_english_word(path: Path, tmp_path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(PRELUDE))
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute(env={**os.environ, "BACKPROP_LAB_LANG": "ru"})
    assert sorted(tmp_path.iterdir()) == []  # no files left behind
    english = [
        (words, text[:120])
        for text in shown_texts(notebook)
        if (words := english_words(text, allowed=ALLOWED))
    ]
    assert english == []
