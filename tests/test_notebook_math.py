"""The notebooks' math reads without MathJax: Unicode text in Markdown, never TeX.

GitHub, course sites, JupyterLab without a network and `jupyter nbconvert --to html` opened
offline show `$\\partial f$` as typed, so the notebooks write their math as text that reads
anywhere: ∂L/∂w, σ′(z) = σ(z)(1 − σ(z)), x₁, W⁽²⁾, Σⱼ wⱼₖ δⱼ, with `<sub>` where Unicode has
no subscript letter (g<sub>y</sub>) and a Markdown table for a matrix. A new cell written with
TeX fails here: outside code spans a Markdown cell has no `$`, no TeX command (`\\frac`,
`\\partial`, `\\,`) and no `_{...}`/`^{...}`. Then one notebook in each language is exported by
nbconvert (no kernel, no network) and the exported page's text is checked, in Python and in
headless Chromium.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from tests.browser import chromium

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "notebooks" / "ru").glob("*.ipynb")
)

CODE = re.compile(r"```.*?```|(`+)(?:(?!\1).)+?\1", re.S)  # fenced blocks and code spans
TEX = re.compile(r"\$|\\[A-Za-z]+|\\[,;!]|[_^]\{")

ENGLISH = ROOT / "notebooks" / "01_graphs_and_the_chain_rule.ipynb"
RUSSIAN = ROOT / "notebooks" / "ru" / "05_softmax_and_cross_entropy.ipynb"
# formulas each exported page must show as text, as a reader sees them
ENGLISH_MATH = (
    "∂f/∂x = ∂f/∂q · ∂q/∂x",
    "σ′(t) = σ(t) (1 − σ(t)) = 0.73 · 0.27 ≈ 0.20",
    "f(x, y) = x² + xy + (x + y)²",
    "w₀ = 2",
)
RUSSIAN_MATH = (
    "gₖ = exp(sₖ) / Σⱼ exp(sⱼ)",
    "∂gₖ/∂sₗ = gₖ(δₖₗ − gₗ)",
    "∂R/∂sₗ = Σₖ ∂R/∂gₖ · ∂gₖ/∂sₗ",
    "KL(p ‖ q)",
)


def tex_in(markdown: str) -> list[str]:
    """The TeX left in a Markdown cell outside code, each with a little context."""
    prose = CODE.sub(" ", markdown)
    return [prose[max(0, m.start() - 25) : m.end() + 25] for m in TEX.finditer(prose)]


def test_the_check_finds_tex() -> None:
    assert tex_in(r"the gradient $\partial f/\partial x$ is") != []
    assert tex_in(r"$$\frac{a}{b}$$") != []
    assert tex_in(r"a thin space: x\,y, and w_{jk}, e^{-t}") != []
    assert tex_in("costs $5") != []
    assert tex_in(r"the code `s = '$\frac{1}{2}$'` and ```\n$x$ \\sum\n``` stay") == []
    assert tex_in("∂f/∂x = −4, σ′(t), x₁, W⁽²⁾ᵀ, g<sub>y</sub>, **bold** and *em*") == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_markdown_has_no_tex(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    found = [  # per cell: its index and its first TeX, with context
        (index, tex_in(cell.source)[0])
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "markdown" and tex_in(cell.source)
    ]
    assert found == [], (
        f"{path.name}: TeX in Markdown cells (cell index, text); write the math as Unicode text "
        f"(∂L/∂w, σ′(z), x₁, W⁽²⁾, Σⱼ, √, ≈, ·) so it reads without MathJax: {found}"
    )


class _MarkdownText(HTMLParser):
    """The text of the rendered Markdown cells of an nbconvert page (scripts left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # > 0 inside a rendered Markdown cell
        self.parts: list[str] = []
        self.subscripts: list[str] = []
        self._in_sub = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag not in ("br", "img", "hr", "input")
            self._in_sub = self._in_sub or tag == "sub"
        elif "jp-RenderedMarkdown" in (dict(attrs).get("class") or ""):
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if tag == "sub":
                self._in_sub = False

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)
            if self._in_sub:
                self.subscripts.append(data)


def exported(path: Path, into: Path) -> Path:
    """nbconvert's HTML export of a notebook (not executed), written to a file."""
    from nbconvert import HTMLExporter

    page, _ = HTMLExporter().from_notebook_node(nbformat.read(path, as_version=4))
    target = into / (path.stem + ".html")
    target.write_text(page, encoding="utf-8")
    return target


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2003", " "))


@pytest.mark.parametrize(
    ("path", "formulas"), [(ENGLISH, ENGLISH_MATH), (RUSSIAN, RUSSIAN_MATH)], ids=["en", "ru"]
)
def test_nbconvert_html_shows_the_math_as_text(
    path: Path, formulas: tuple[str, ...], tmp_path: Path
) -> None:
    reader = _MarkdownText()
    reader.feed(exported(path, tmp_path).read_text(encoding="utf-8"))
    text = one_line("".join(reader.parts))
    assert len(text) > 1000  # the prose is there
    for formula in formulas:
        assert formula in text, formula
    assert "$" not in text and "\\" not in text
    if path == RUSSIAN:  # g_y: a subscript letter Unicode lacks, as an HTML subscript
        assert "y" in reader.subscripts


@pytest.mark.slow  # a browser
def test_chromium_shows_the_exported_math(tmp_path: Path) -> None:
    """Offline, as a student opens the exported file: the page's visible text has the math."""
    page = exported(ENGLISH, tmp_path)
    with chromium(tmp_path / "profile", window=(1920, 1080)) as driver:
        driver.get(page.as_uri())
        shown = one_line(
            driver.execute_script(
                "return [...document.querySelectorAll('.jp-RenderedMarkdown')]"
                ".map(cell => cell.innerText).join(' ')"
            )
        )
    assert len(shown) > 1000
    for formula in ENGLISH_MATH:
        assert formula in shown, formula
    assert "$" not in shown and "\\" not in shown
