"""The package's import graph, read with `ast`: no import circles, no import that runs up a floor.

Every `import` statement counts, wherever it is: at the top of a module, inside a function
(an import "at call time" is still a dependency) and under `if TYPE_CHECKING:` (a type
checker follows it). The floors, lowest first:

    core     autograd's top-level modules: the node, the op table and its rules, traversal,
             backward, grad, gradcheck, roles, languages (the standard library only)
    tools    autograd.codegen, autograd.viz and autograd.formula (the formula parser)
    lecture  autograd.lecture
    cli      autograd.cli and `python -m autograd`
    nn       the nn package (it may use any floor of autograd; autograd never imports nn)

A module may import from its own floor or a lower one. The package's front door,
`autograd/__init__.py`, names every public function; it imports only core modules when it
runs (the rest only under `if TYPE_CHECKING:`, and lazily through `__getattr__`).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("autograd", "nn")

FLOORS = {"core": 0, "tools": 1, "lecture": 2, "cli": 3, "nn": 4}


def floor_of(module: str) -> str:
    """The floor of a module of autograd or nn (see the module docstring)."""
    parts = module.split(".")
    if parts[0] == "nn":
        return "nn"
    if len(parts) == 1:
        return "core"  # the package itself: checked on its own below
    if parts[1] in ("codegen", "viz", "formula"):
        return "tools"
    if parts[1] == "lecture":
        return "lecture"
    if parts[1] in ("cli", "__main__"):
        return "cli"
    return "core"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


MODULES = all_modules()


def _resolve(name: str) -> str | None:
    """The module of ours that `name` (a module or `module.attribute`) lives in, or None."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(module: str, *, at_run_time: bool = False) -> set[str]:
    """The modules of ours that `module` imports (every import statement in the file).

    `at_run_time`: leave out what sits under `if TYPE_CHECKING:` and inside functions, i.e.
    keep what runs when the module is imported.
    """
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST, inside_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if at_run_time and isinstance(child, ast.If) and _is_type_checking(child.test):
                for stmt in child.orelse:
                    visit(stmt, inside_function)
                continue
            if at_run_time and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    target = _resolve(alias.name)
                    if target:
                        found.add(target)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    stem = ".".join(base + ([child.module] if child.module else []))
                else:
                    stem = child.module or ""
                for alias in child.names:
                    target = _resolve(f"{stem}.{alias.name}")
                    if target:
                        found.add(target)
            visit(child, inside_function)

    visit(tree, False)
    found.discard(module)
    return found


def import_graph() -> dict[str, set[str]]:
    return {module: imports_of(module) for module in MODULES}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_the_import_graph_has_no_circles() -> None:
    found = circles(import_graph())
    assert found == [], "import circles: " + "; ".join(" <-> ".join(group) for group in found)


def test_no_module_imports_from_a_higher_floor() -> None:
    upward = [
        f"{module} ({floor_of(module)}) imports {target} ({floor_of(target)})"
        for module, targets in import_graph().items()
        if module != "autograd"
        for target in sorted(targets)
        if FLOORS[floor_of(target)] > FLOORS[floor_of(module)]
    ]
    assert upward == [], "imports that run up a floor:\n" + "\n".join(upward)


def test_the_package_front_door_runs_only_core_imports() -> None:
    """`autograd/__init__.py` loads core modules only; tools come through `__getattr__`."""
    run_time = imports_of("autograd", at_run_time=True)
    assert {target for target in run_time if floor_of(target) != "core"} == set()
    assert imports_of("autograd") - run_time, "the TYPE_CHECKING imports were not seen"


def test_the_floor_checker_sees_a_circle_and_an_upward_import() -> None:
    """The checks above can fail: a made-up graph with a circle and a core -> lecture import."""
    graph = {"autograd.value": {"autograd.rules"}, "autograd.rules": {"autograd.value"}}
    assert circles(graph) == [["autograd.rules", "autograd.value"]]
    assert circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert floor_of("autograd.rules") == "core"
    assert floor_of("autograd.lecture.latex") == "lecture"
    assert FLOORS[floor_of("autograd.lecture.latex")] > FLOORS[floor_of("autograd.rules")]


def test_core_modules_import_only_the_standard_library() -> None:
    core = [
        module for module in MODULES if module.startswith("autograd") and floor_of(module) == "core"
    ]
    outside = []
    for module in core:
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top != "autograd" and top != "__future__" and top not in sys.stdlib_module_names:
                    outside.append(f"{module} imports {name}")
    assert outside == []


@pytest.mark.parametrize("statement", ["import autograd", "from autograd import Value"])
def test_importing_the_engine_loads_no_tool(statement: str) -> None:
    """The engine alone: no numpy, no graphviz, no drawing, lecture, codegen or cli module."""
    code = (
        f"import sys; {statement}; "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('numpy', 'graphviz', 'pygraphviz', 'PIL', 'nn') or m.startswith(('autograd.viz', "
        "'autograd.lecture', 'autograd.codegen', 'autograd.cli', 'autograd.formula')))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert loaded == []


def test_names_load_when_used_and_dir_lists_them() -> None:
    code = (
        "import sys, autograd; assert 'draw' in dir(autograd) and 'Value' in dir(autograd); "
        "assert 'autograd.viz.diagram' not in sys.modules; "
        "from autograd import draw; assert 'autograd.viz.diagram' in sys.modules; "
        "assert draw is autograd.draw; print(sorted(autograd.__all__) == sorted("
        "n for n in autograd.__all__ if getattr(autograd, n) is not None))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "True"
    missing = subprocess.run(
        [sys.executable, "-c", "import autograd; autograd.no_such_name"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert "module 'autograd' has no attribute 'no_such_name'" in missing.stderr
