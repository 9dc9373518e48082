"""Save and load a model's parameters as a JSON object of names -> numbers (no pickle).

`save(model, path)` writes `{"layers.0.neurons.0.w.0": 0.23, ...}` with the
names of `model.named_parameters()`; floats are written exactly (Python's
shortest round-trip repr), so `load` restores bit-identical parameters.
`load(model, path)` checks the whole file before changing anything: missing
names, extra names, duplicated names, non-numeric values (strings, true/false,
null, lists) and non-finite values (NaN, Infinity) all raise one
`ParameterFileError` that lists every offending name, and the model is left
unchanged; so do files that are not UTF-8, not JSON, nested too deeply, or hold
an integer too long to read. Names from the file are shown with unprintable
characters (bidi controls, lone surrogates) escaped. `save` keeps an existing
file's permissions and gives a new one the usual default (0666 minus the umask); it follows
a symlink (the link's target is rewritten, the link stays) and refuses a file it may not write,
as `open(path, "w")` does. JSON is data only: nothing in the file is ever executed or unpickled.
"""

from __future__ import annotations

import json
import math
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from nn.module import Module

__all__ = ["ParameterFileError", "load", "save"]


class ParameterFileError(ValueError):
    """A parameter file does not match the model; the message lists every problem."""


def save(model: Module[Any], path: str | os.PathLike[str]) -> None:
    """Write the model's parameters to `path` as JSON (name -> float), atomically.

    The file is written beside its target and renamed over it, so a crash never leaves half
    a file. Otherwise it behaves as `open(path, "w")`: a symlink is followed (its target is
    written, the link stays), and a file `open` may not write (read-only) is refused with
    its PermissionError.
    """
    named = {name: parameter.data for name, parameter in model.named_parameters()}
    target = Path(os.path.realpath(path))  # through every symlink, to the file open() writes
    _check_writable(target)
    text = json.dumps(named, indent=1, allow_nan=False)
    mode = _file_mode(target)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        os.chmod(temporary, mode)  # mkstemp makes it 0600: give it the mode the file should have
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text + "\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _check_writable(target: Path) -> None:
    """Raise what `open(target, "w")` would if `target` exists and may not be written.

    (Renaming a new file over it needs only the folder's permission: a read-only file would
    be replaced.) Opening for writing without O_TRUNC changes nothing; O_NONBLOCK keeps a
    named pipe from waiting for a reader (POSIX only: Windows has neither, nor needs it).
    """
    try:
        descriptor = os.open(target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return  # a new file: open() would create it, and so does save
    os.close(descriptor)


def _file_mode(target: Path) -> int:
    """The permission bits `save` gives `target`: its own if it exists, else the umask's default.

    (0o666 minus the umask, as `open()` would give a new file: 0644 with the usual umask 022.)
    """
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # the only portable way to read the umask is to set it...
        os.umask(umask)  # ...and put it back at once
        return 0o666 & ~umask


def _shown(text: str) -> str:
    """`text` with anything unprintable written as an escape (`\\u202e`, `\\udc80`).

    Names in error messages come from the file: a right-to-left override would reorder the
    message on screen, a lone surrogate would make printing it raise UnicodeEncodeError.
    """
    if text.isprintable():
        return text
    return "".join(
        character if character.isprintable() else repr(character)[1:-1] for character in text
    )


def _reject_constant(name: str) -> float:
    """JSON's NaN / Infinity / -Infinity: kept as non-finite floats so `load` can name them."""
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[name]


def load(model: Module[Any], path: str | os.PathLike[str]) -> None:
    """Set the model's parameters from a file written by `save`, or raise and change nothing."""
    shown_path = _shown(str(path))
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParameterFileError(
            f"load: {shown_path} is not UTF-8 text (byte {error.start} is {error.object[error.start]:#04x}); "
            "save writes UTF-8 JSON"
        ) from None
    duplicates: list[str] = []

    def pairs_to_dict(pairs: list[tuple[str, object]]) -> dict[str, object]:
        result: dict[str, object] = {}
        for key, value in pairs:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    try:
        content = json.loads(text, object_pairs_hook=pairs_to_dict, parse_constant=_reject_constant)
    except RecursionError:
        raise ParameterFileError(
            f"load: {shown_path} is nested too deeply to be a parameter file"
        ) from None
    except ValueError as error:  # JSONDecodeError, or an integer of more than 4,300 digits
        raise ParameterFileError(f"load: {shown_path} is not valid JSON: {error}") from None
    if not isinstance(content, dict):
        raise ParameterFileError(
            f"load: {shown_path} must hold a JSON object of parameter names -> numbers, got {type(content).__name__}"
        )
    named = dict(model.named_parameters())
    missing = [name for name in named if name not in content]
    extra = [_shown(name) for name in content if name not in named]
    non_numeric: list[str] = []
    non_finite: list[str] = []
    values: dict[str, float] = {}
    for name, value in content.items():
        if name not in named:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            non_numeric.append(f"{_shown(name)} ({json.dumps(value)[:40]})")
            continue
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            non_finite.append(f"{_shown(name)} ({value!r})")
            continue
        values[name] = number
    problems = []
    for title, names in (
        ("missing", missing),
        ("extra (not in the model)", extra),
        ("duplicated", sorted({_shown(name) for name in duplicates})),
        ("non-numeric", non_numeric),
        ("non-finite", non_finite),
    ):
        if names:
            problems.append(f"{title}: {', '.join(names)}")
    if problems:
        raise ParameterFileError(
            f"load: {shown_path} does not match the model ({type(model).__name__}); nothing was changed. "
            + "; ".join(problems)
        )
    for name, parameter in named.items():
        parameter.data = values[name]
