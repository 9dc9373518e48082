"""One package setting that a `with` block, the package and the environment can choose.

The language of the words (autograd/i18n.py) and the weights' notation (autograd/viz/notation.py)
are chosen the same way, first match wins:

    with setting.scoped("ru", "lang"):   # a `with` block (what a `lang=` parameter does)
    setting.choose("ru", "set_language") # the package-wide choice; None forgets it
    BACKPROP_LAB_LANG=ru                 # the environment variable
    "en"                                 # the default

`ScopedSetting` is that rule, written once: a `ContextVar` for the block (so threads and asyncio
tasks each keep their own), a module-level choice, the environment variable and the default. The
setting's own `check(value, where)` turns what a user wrote into the value, or raises a clear
error that names `where` (the function, the parameter or the environment variable).
Standard library only: the core may use it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

__all__ = ["ScopedSetting"]

T = TypeVar("T")


class ScopedSetting(Generic[T]):
    """A setting chosen by a `with` block, else the package, else the environment, else a default.

    name: the setting's name (its ContextVar's, "backprop_lab_language").
    environment_variable: read (stripped) when neither a block nor the package chose.
    default: the value when nothing chose.
    check: `check(value, where)` is the value a user's `value` means, or raises naming `where`.
    """

    def __init__(
        self,
        name: str,
        environment_variable: str,
        default: T,
        check: Callable[[object, str], T],
    ) -> None:
        self.name = name
        self.environment_variable = environment_variable
        self.default = default
        self.check = check
        self._chosen: T | None = None
        self._scoped: ContextVar[T | None] = ContextVar(name, default=None)

    def choose(self, value: object | None, where: str) -> None:
        """Make `value` the package-wide choice (checked, errors name `where`); None forgets it."""
        self._chosen = None if value is None else self.check(value, where)

    def get(self) -> T:
        """The value now: the innermost `scoped` block's, else the package's choice, else the
        environment variable's (checked), else the default."""
        scoped = self._scoped.get()
        if scoped is not None:
            return scoped
        if self._chosen is not None:
            return self._chosen
        from_environment = os.environ.get(self.environment_variable, "").strip()
        if from_environment:
            return self.check(from_environment, self.environment_variable)
        return self.default

    @contextmanager
    def scoped(self, value: object | None, where: str) -> Iterator[T]:
        """Within the `with` block use `value` (checked, errors name `where`); None keeps the
        current value. Yields the value in use."""
        chosen = self.get() if value is None else self.check(value, where)
        token = self._scoped.set(chosen)
        try:
            yield chosen
        finally:
            self._scoped.reset(token)
