"""One scoped-setting rule (autograd/setting.py) for the language and the weights' notation.

First match wins: a `with` block, then the package-wide choice, then the environment variable,
then the default; a bad value is a clear error naming where it came from. Both settings are
checked through their public functions, so the two cannot drift apart again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass

import pytest

from autograd import i18n
from autograd.setting import ScopedSetting
from autograd.viz import notation


@dataclass(frozen=True)
class Public:
    """A setting as users see it: its three functions, variable, default, another value."""

    set: Callable[[str | None], None]
    get: Callable[[], str]
    scoped: Callable[[str | None], AbstractContextManager[str]]
    variable: str
    default: str
    other: str
    scope_word: str  # what a bad value in a `with` block's error names


SETTINGS = {
    "language": Public(
        i18n.set_language, i18n.get_language, i18n.language, "BACKPROP_LAB_LANG", "en", "ru", "lang"
    ),
    "notation": Public(
        notation.set_notation,
        notation.get_notation,
        notation.weight_notation,
        "BACKPROP_LAB_NOTATION",
        "jk",
        "ij",
        "notation",
    ),
}


@pytest.fixture(params=sorted(SETTINGS))
def setting(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Public]:
    chosen: Public = SETTINGS[request.param]
    monkeypatch.delenv(chosen.variable, raising=False)
    chosen.set(None)
    yield chosen
    chosen.set(None)


def test_first_match_wins(setting: Public, monkeypatch: pytest.MonkeyPatch) -> None:
    assert setting.get() == setting.default
    monkeypatch.setenv(setting.variable, f"  {setting.other} ")
    assert setting.get() == setting.other  # the environment
    setting.set(setting.default)
    assert setting.get() == setting.default  # the package's choice beats the environment
    with setting.scoped(setting.other) as inside:
        assert inside == setting.get() == setting.other  # the block beats both
        with setting.scoped(None) as kept:
            assert kept == setting.other  # None keeps the current value
        with setting.scoped(setting.default):
            assert setting.get() == setting.default
        assert setting.get() == setting.other
    assert setting.get() == setting.default
    setting.set(None)
    assert setting.get() == setting.other  # back to the environment


def test_bad_values_name_where_they_came_from(
    setting: Public, monkeypatch: pytest.MonkeyPatch
) -> None:
    setting.set(setting.other)
    with pytest.raises((ValueError, TypeError), match=setting.set.__name__):
        setting.set("xx")
    assert setting.get() == setting.other  # a failed choice left the old one
    with pytest.raises((ValueError, TypeError), match=setting.scope_word), setting.scoped("xx"):
        pass
    setting.set(None)
    monkeypatch.setenv(setting.variable, "xx")
    with pytest.raises((ValueError, TypeError), match=setting.variable):
        setting.get()


def test_a_block_is_its_threads_own(setting: Public) -> None:
    seen: list[str] = []
    entered, leave = threading.Event(), threading.Event()

    def other_thread() -> None:
        with setting.scoped(setting.other):
            entered.set()
            leave.wait(5)
            seen.append(setting.get())

    thread = threading.Thread(target=other_thread)
    thread.start()
    entered.wait(5)
    assert setting.get() == setting.default  # the other thread's block is not ours
    leave.set()
    thread.join(5)
    assert seen == [setting.other]


def test_the_helper_on_its_own() -> None:
    def parity(value: object, where: str) -> int:
        if not isinstance(value, int):
            raise TypeError(f"{where}: expected an int, got {value!r}")
        return value % 2

    setting = ScopedSetting("test_parity", "BACKPROP_LAB_TEST_PARITY_UNSET", 0, parity)
    assert setting.get() == 0
    with setting.scoped(3, "parity=") as inside:
        assert inside == setting.get() == 1
    setting.choose(5, "choose")
    assert setting.get() == 1
    with pytest.raises(TypeError, match="choose: expected an int"):
        setting.choose("x", "choose")
    assert setting.get() == 1  # the failed choice left the old one
    setting.choose(None, "choose")
    assert setting.get() == 0
