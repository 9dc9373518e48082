"""No notebook uses a tool before the notebook that explains it, or it says where it is explained.

`INTRODUCED_IN` declares, for every tool the notebooks use, the notebook whose prose explains it:
every name a notebook imports from `autograd` or `nn`, and every keyword option passed to the
drawing and player tools (`draw`, `Stepper`, `export_html`) and to a few others whose option is a
lesson of its own (`grad(create_graph=)`, `fit(engine=)`, `MLP(init=)`), and the methods of the
training loop and the models (`.backward()`, `.zero_grad()`, `.step()`, `.parameters()`,
`.to_torch()`, ...; written ".name()"). The checks, in English and in Russian:

- every tool a notebook uses is declared (a new tool must be placed in the course);
- the declared notebook's prose names it in code (`draw(f)`, `view="matrix"`), that is, says
  what it is, where a student reads it;
- a notebook that uses a tool before that notebook names it in a prose cell that says where it
  is explained ("notebook 7", "ноутбук 7").
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "notebooks" / "ru").glob("*.ipynb")
)

# tool -> the notebook whose prose explains it ("call(keyword=)" for an option of a call)
INTRODUCED_IN = {
    # 1: graphs and the chain rule
    "Value": 1, "draw": 1, "draw(edge_labels=)": 1, "draw(color_by_grad=)": 1,
    "forward_steps": 1, "backward_steps": 1, "as_text": 1, "LOCAL_GRADS": 1, "Stepper": 1,
    "Stepper(quiz=)": 1, "export_html": 1, "export_html(quiz=)": 1, "to_python": 1,
    "make_worksheets": 1, "check": 1,
    # 2: numerical versus analytic gradients
    "grad": 2, "numerical_grad": 2, "gradcheck": 2, "GradcheckError": 2,
    # 3: from regression to a neuron
    "MLP": 3, "Neuron": 3, "lecture_name": 3,
    # 4: logistic regression
    "functional": 4,
    # 6: activations
    "plots": 6,
    # 7: training an MLP
    "datasets": 7, "fit": 7, "draw(collapse=)": 7, "draw(expand=)": 7, "draw(cluster=)": 7,
    "draw(number_format=)": 7, "Stepper(collapse=)": 7, "Stepper(color_by_grad=)": 1,
    # 8: gradient descent
    "optim": 8,
    # 9: initialization and regularization
    "MLP(init=)": 9, "Dropout": 9, "sum_values": 9,
    # 10: matrix calculus
    "grad(create_graph=)": 10,
    # 11: from scalars to tensors
    "fit(engine=)": 11,
    # 12: three views of one network
    "draw(view=)": 12, "topological_order": 12, "matrix_frames": 12, "matrix_model": 12,
    # methods: the training loop and the models
    ".backward()": 1, ".parameters()": 2, ".zero_grad()": 2, ".named_parameters()": 3,
    ".step()": 8, ".eval()": 9, ".to_torch()": 11, ".load_torch()": 11,
    # 13: the appendix
    "compile_batched": 13, "compile_batched(outputs=)": 13,
}  # fmt: skip

WATCHED_CALLS = {"draw", "Stepper", "export_html", "compile_batched"}
WATCHED_OPTIONS = {("grad", "create_graph"), ("fit", "engine"), ("MLP", "init")}
WATCHED_METHODS = {"backward", "zero_grad", "step", "parameters", "named_parameters", "eval"} | {
    "to_torch",
    "load_torch",
}


def number(path: Path) -> int:
    return int(path.name[:2])


def cells(path: Path, kind: str) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == kind]


def tools_used(path: Path) -> set[str]:
    """What the notebook's code takes from autograd and nn, and the watched options it passes."""
    used: set[str] = set()
    for source in cells(path, "code"):
        code = "\n".join(
            line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
        )
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
                "autograd",
                "nn",
            ):
                used.update(alias.name for alias in node.names)
            elif isinstance(node, ast.Call):
                function = node.func
                if isinstance(function, ast.Attribute) and function.attr in WATCHED_METHODS:
                    used.add(f".{function.attr}()")
                name = function.attr if isinstance(function, ast.Attribute) else None
                name = name or (function.id if isinstance(function, ast.Name) else "")
                for keyword in node.keywords:
                    if name in WATCHED_CALLS or (name, keyword.arg) in WATCHED_OPTIONS:
                        used.add(f"{name}({keyword.arg}=)")
    return used


def names_in_code(tool: str, prose: str) -> bool:
    """Does `prose` name the tool inside an inline code span (`draw(f)`, `view="matrix"`)?"""
    match = re.fullmatch(r"(\w+)\((\w+)=\)", tool)
    method = re.fullmatch(r"\.(\w+)\(\)", tool)
    if match:
        word = re.escape(f"{match.group(2)}=")
    elif method:
        word = rf"\b{method.group(1)}\b"
    else:
        word = rf"\b{re.escape(tool)}\b"
    return any(re.search(word, span) for span in re.findall(r"`([^`]+)`", prose))


def says_where(introduced: int, prose: str) -> bool:
    return re.search(rf"\b(notebook|ноутбук\w*) {introduced}\b", prose) is not None


def test_every_tool_is_declared() -> None:
    undeclared = {
        path.name: sorted(tools_used(path) - set(INTRODUCED_IN))
        for path in NOTEBOOKS
        if tools_used(path) - set(INTRODUCED_IN)
    }
    assert undeclared == {}


@pytest.mark.parametrize("tool", sorted(INTRODUCED_IN))
def test_the_introducing_notebook_explains_it(tool: str) -> None:
    introduced = INTRODUCED_IN[tool]
    for folder in (ROOT / "notebooks", ROOT / "notebooks" / "ru"):
        (path,) = folder.glob(f"{introduced:02d}_*.ipynb")
        prose = "\n".join(cells(path, "markdown"))
        assert names_in_code(tool, prose), f"{path.relative_to(ROOT)} never names {tool} in prose"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_no_tool_before_its_notebook_without_a_pointer(path: Path) -> None:
    early = sorted(tool for tool in tools_used(path) if INTRODUCED_IN.get(tool, 0) > number(path))
    prose_cells = cells(path, "markdown")
    missing = [
        (tool, INTRODUCED_IN[tool])
        for tool in early
        if not any(
            names_in_code(tool, prose) and says_where(INTRODUCED_IN[tool], prose)
            for prose in prose_cells
        )
    ]
    assert missing == [], "used before the notebook that explains it, with no pointer there"
