"""The translation catalogs: every marked string has a Russian translation, and the .mo is current.

The marked strings are found the way the gettext tools find them, from the code itself: every
call of `_`, `N_` and `ngettext` in autograd/ and nn/ (read with `ast`, so nothing is missed
inside parentheses or across lines). A string marked in the code but missing, empty or fuzzy in
the Russian catalog fails the first test; a catalog entry that no code uses any more fails the
second; the compiled .mo must say exactly what the .po says (run `pybabel compile`, README).
"""

from __future__ import annotations

import ast
import gettext
import re
import struct
import warnings
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "autograd" / "locale"
PACKAGES = ("autograd", "nn")
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}  # function name -> how many leading string arguments


def marked_strings() -> dict[str, str]:
    """msgid -> "file:line" of its first use, for every string marked in the packages' code."""
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                    continue
                count = MARKERS.get(node.func.id)
                if count is None or not node.args:
                    continue
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(first.value, where)
    return found


def catalog_files() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/backprop_lab.po"))


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def test_there_is_a_russian_catalog_and_the_code_marks_strings() -> None:
    assert LOCALE / "ru" / "LC_MESSAGES" / "backprop_lab.po" in catalog_files()
    assert len(marked_strings()) >= 50  # the CLI, the drawings, the player, the captions


# An op's words (autograd/ops.py) may wait for their translation: they are shown in English
# meanwhile, and the test warns instead of failing, so adding an op is not blocked on a translator.
MAY_FALL_BACK_TO_ENGLISH = "autograd/ops.py:"


@pytest.mark.parametrize("po_path", catalog_files(), ids=lambda path: path.parts[-3])
def test_every_marked_string_has_a_translation(po_path: Path) -> None:
    catalog = read_catalog(po_path)
    problems = []
    for msgid, where in marked_strings().items():
        message = catalog.get(msgid)
        if message is None:
            problems.append(f"{where}: not in the catalog: {msgid!r}")
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"{where}: untranslated (empty or fuzzy): {msgid!r}")
    waiting = [problem for problem in problems if problem.startswith(MAY_FALL_BACK_TO_ENGLISH)]
    for problem in waiting:
        warnings.warn(f"{po_path.parts[-3]}: shown in English for now: {problem}", stacklevel=1)
    problems = [problem for problem in problems if problem not in waiting]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("po_path", catalog_files(), ids=lambda path: path.parts[-3])
def test_the_catalog_has_no_strings_the_code_no_longer_uses(po_path: Path) -> None:
    marked = marked_strings()
    catalog = read_catalog(po_path)
    stale = [
        message.id for message in catalog if message.id and _singular(message.id) not in marked
    ]
    assert not stale, f"in {po_path.name} but not in the code: {stale}"
    assert not catalog.obsolete, f"obsolete (#~) entries left in {po_path}"


def _singular(message_id: str | tuple[str, ...]) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[rsd]|%[rsd]")


@pytest.mark.parametrize("po_path", catalog_files(), ids=lambda path: path.parts[-3])
def test_translations_keep_every_placeholder(po_path: Path) -> None:
    """{name!r}, {count}, %(prog)s... must survive translation exactly, or .format() breaks."""
    problems = []
    for message in read_catalog(po_path):
        if not message.id:
            continue
        expected = sorted(PLACEHOLDER.findall(_singular(message.id)))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for translated in strings:
            if sorted(PLACEHOLDER.findall(translated)) != expected:
                problems.append(f"{_singular(message.id)!r} -> {translated!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("po_path", catalog_files(), ids=lambda path: path.parts[-3])
def test_the_compiled_mo_says_what_the_po_says(po_path: Path) -> None:
    """Edited the .po? `pybabel compile -d autograd/locale -D backprop_lab` (see the README)."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path} is missing: run pybabel compile"
    catalog = read_catalog(po_path)
    with mo_path.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = []
    entries = 0
    for message in catalog:
        if not message.id:
            continue
        entries += 1
        if isinstance(message.id, tuple):
            singular, plural = message.id
            for form, translated in enumerate(message.string):
                count = _a_count_for_form(catalog, form)
                if compiled.ngettext(singular, plural, count) != translated:
                    stale.append(singular)
        elif compiled.gettext(message.id) != message.string:
            stale.append(message.id)
    assert not stale, f"{mo_path} is older than {po_path.name} for: {stale}"
    # The .mo header: magic, revision, number of strings (the header entry counts as one).
    magic, _revision, string_count = struct.unpack("<3I", mo_path.read_bytes()[:12])
    assert magic == 0x950412DE
    assert string_count == entries + 1, f"{mo_path} has entries the .po does not: recompile"
    assert compiled.info()["plural-forms"] == catalog.plural_forms


def _a_count_for_form(catalog: Catalog, form: int) -> int:
    """The smallest n >= 1 that the catalog's plural rule maps to `form` (1, 2, 5 in Russian)."""
    rule = gettext.c2py(catalog.plural_expr)
    return next(n for n in range(1, 200) if rule(n) == form)


def test_markers_get_literal_strings_outside_f_strings() -> None:
    """The gettext tools see only literal strings, and none inside f-strings: mark them plainly.

    `_(f"... {x}")` or `_("a" + b)` would look up a string no catalog has; `f"{_('data')}"` is
    invisible to `pybabel extract`. Write `_("... {x}").format(x=x)` and translate before the
    f-string. `_(name)` of a variable is allowed: it translates a constant marked with `N_`.
    """
    problems = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            inside_f_strings = {
                id(inner)
                for node in ast.walk(tree)
                if isinstance(node, ast.JoinedStr)
                for inner in ast.walk(node)
            }
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                    continue
                count = MARKERS.get(node.func.id)
                if count is None:
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if id(node) in inside_f_strings:
                    problems.append(f"{where}: {node.func.id}() inside an f-string")
                for argument in node.args[:count]:
                    literal = isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                    variable = isinstance(argument, (ast.Name, ast.Subscript, ast.Attribute))
                    if not (literal or variable):
                        problems.append(f"{where}: {node.func.id}() of {ast.unparse(argument)}")
    assert not problems, "\n".join(problems)


def test_no_module_that_translates_also_uses_underscore_as_a_variable() -> None:
    """`a, _ = pair` in a function makes `_` local there, and `_("...")` then calls a number."""
    problems = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            imports_underscore = any(
                isinstance(node, ast.ImportFrom) and any(alias.name == "_" for alias in node.names)
                for node in ast.walk(tree)
            )
            if not imports_underscore:
                continue
            for node in ast.walk(tree):
                stored = isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
                if stored and node.id == "_":
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: _ assigned")
                if isinstance(node, ast.arg) and node.arg == "_":
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: _ as a parameter")
    assert not problems, "\n".join(problems)
