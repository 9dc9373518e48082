"""Save and load a model's parameters as a JSON object of names -> numbers (no pickle).

`save(model, path)` writes `{"layers.0.neurons.0.w.0": 0.23, ...}` with the
names of `model.named_parameters()`; floats are written exactly (Python's
shortest round-trip repr), so `load` restores bit-identical parameters.
`load(model, path)` checks the whole file before changing anything: missing
names, extra names, duplicated names, non-numeric values (strings, true/false,
null, lists) and non-finite values (NaN, Infinity) all raise one
`ParameterFileError` that lists every offending name, and the model is left
unchanged. JSON is data only: nothing in the file is ever executed or unpickled.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from nn.module import Module

__all__ = ["ParameterFileError", "load", "save"]


class ParameterFileError(ValueError):
    """A parameter file does not match the model; the message lists every problem."""


def save(model: Module[Any], path: str | os.PathLike[str]) -> None:
    """Write the model's parameters to `path` as JSON (name -> float), atomically."""
    named = {name: parameter.data for name, parameter in model.named_parameters()}
    target = Path(path)
    text = json.dumps(named, indent=1, allow_nan=False)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text + "\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _reject_constant(name: str) -> float:
    """JSON's NaN / Infinity / -Infinity: kept as non-finite floats so `load` can name them."""
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[name]


def load(model: Module[Any], path: str | os.PathLike[str]) -> None:
    """Set the model's parameters from a file written by `save`, or raise and change nothing."""
    text = Path(path).read_text(encoding="utf-8")
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
    except json.JSONDecodeError as error:
        raise ParameterFileError(f"load: {path} is not valid JSON: {error}") from None
    if not isinstance(content, dict):
        raise ParameterFileError(
            f"load: {path} must hold a JSON object of parameter names -> numbers, got {type(content).__name__}"
        )
    named = dict(model.named_parameters())
    missing = [name for name in named if name not in content]
    extra = [name for name in content if name not in named]
    non_numeric: list[str] = []
    non_finite: list[str] = []
    values: dict[str, float] = {}
    for name, value in content.items():
        if name not in named:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            non_numeric.append(f"{name} ({json.dumps(value)[:40]})")
            continue
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            non_finite.append(f"{name} ({value!r})")
            continue
        values[name] = number
    problems = []
    for title, names in (
        ("missing", missing),
        ("extra (not in the model)", extra),
        ("duplicated", sorted(set(duplicates))),
        ("non-numeric", non_numeric),
        ("non-finite", non_finite),
    ):
        if names:
            problems.append(f"{title}: {', '.join(names)}")
    if problems:
        raise ParameterFileError(
            f"load: {path} does not match the model ({type(model).__name__}); nothing was changed. "
            + "; ".join(problems)
        )
    for name, parameter in named.items():
        parameter.data = values[name]
