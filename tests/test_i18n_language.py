"""Choosing the language: English by default, `set_language`, BACKPROP_LAB_LANG, `language(...)`.

Also Russian plural forms (1 вход, 2 входа, 5 входов, 11 входов, 21 вход) and the error for a
language the package has no catalog for.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from autograd import i18n
from autograd.i18n import _, available_languages, get_language, language, ngettext, set_language


@pytest.fixture(autouse=True)
def default_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
    set_language(None)
    yield
    set_language(None)


def test_english_is_the_default_and_needs_no_catalog() -> None:
    assert get_language() == "en"
    assert _("Forward pass") == "Forward pass"
    assert _("a message no catalog has") == "a message no catalog has"
    assert available_languages()[0] == "en"
    assert "ru" in available_languages()


def test_set_language_switches_the_whole_package() -> None:
    set_language("ru")
    assert get_language() == "ru"
    assert _("data") == "значение"
    assert _("grad") == "градиент"
    set_language("en")
    assert _("data") == "data"


def test_the_environment_variable_sets_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "ru")
    assert get_language() == "ru"
    assert _("layer") == "слой"
    set_language("en")  # an explicit choice beats the environment
    assert _("layer") == "layer"


def test_a_language_scope_beats_everything_and_ends_with_the_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "en")
    set_language("en")
    with language("ru") as chosen:
        assert chosen == "ru"
        assert _("data") == "значение"
        with language(None):  # None keeps the current language
            assert get_language() == "ru"
        with language("en"):
            assert _("data") == "data"
        assert get_language() == "ru"
    assert get_language() == "en"


@pytest.mark.parametrize("spelling", ["ru", "RU", "ru_RU", "ru-RU", "ru_RU.UTF-8", " ru "])
def test_usual_spellings_of_a_language_are_accepted(spelling: str) -> None:
    assert i18n.normalise_language(spelling) == "ru"


def test_an_unknown_language_is_an_error_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match=r"set_language: unknown language 'de'; available: en, ru"):
        set_language("de")
    with pytest.raises(ValueError, match=r"lang: unknown language 'xx'"), language("xx"):
        pass
    with pytest.raises(TypeError, match="a language must be a string"):
        set_language(1)  # type: ignore[arg-type]
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "klingon")
    with pytest.raises(ValueError, match=r"BACKPROP_LAB_LANG: unknown language 'klingon'"):
        get_language()


@pytest.mark.parametrize(
    ("count", "word"),
    [
        *[(1, "вход"), (2, "входа"), (4, "входа"), (5, "входов"), (11, "входов"), (12, "входов")],
        *[(14, "входов"), (21, "вход"), (22, "входа"), (25, "входов"), (101, "вход")],
        (111, "входов"),
    ],
)
def test_russian_has_three_plural_forms(count: int, word: str) -> None:
    with language("ru"):
        text = ngettext("{count} input", "{count} inputs", count).format(count=count)
    assert text == f"{count} {word}"


def test_english_plurals_are_the_two_english_forms() -> None:
    assert ngettext("{count} input", "{count} inputs", 1).format(count=1) == "1 input"
    assert ngettext("{count} input", "{count} inputs", 3).format(count=3) == "3 inputs"
