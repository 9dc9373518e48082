"""The words users see, in English or Russian: standard gettext catalogs and the language choice.

Every user-facing string in the package is marked for translation and looked up at the moment it
is shown, in the current language:

    from autograd.i18n import N_, _, ngettext

    _("Forward pass")                                      # a message
    _("unknown variable {name}").format(name=repr(name))   # placeholders: format *after* _()
    ngettext("{count} more value", "{count} more values", n).format(count=n)  # plural forms
    PHASES = {"forward": N_("Forward pass")}  # marked at import, translated later by _(PHASES[..])

The catalogs are the standard library's `gettext` files shipped inside the package:
`autograd/locale/<language>/LC_MESSAGES/backprop_lab.po` (the text a translator edits) and its
compiled `.mo` (what `gettext` reads). English is the source language (the messages are the
English text); Russian uses the course's own words (прямой проход, обратный проход, градиент сверху и
локальный градиент). A third language is one more `.po` file (see the README).

The language, first match wins: `with language("ru"):` (what the `lang=` parameters use), then
`set_language("ru")`, then the environment variable BACKPROP_LAB_LANG, then English (the rule of
`autograd.setting.ScopedSetting`, which the weights' notation follows too). Math notation (∂f/∂x,
names, numbers) is the same in every language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

from autograd.setting import ScopedSetting

if TYPE_CHECKING:
    import gettext as _gettext

__all__ = [
    "DOMAIN",
    "ENVIRONMENT_VARIABLE",
    "N_",
    "SOURCE_LANGUAGE",
    "_",
    "available_languages",
    "get_language",
    "language",
    "ngettext",
    "normalise_language",
    "set_language",
]

DOMAIN = "backprop_lab"  # the catalogs' file name: backprop_lab.po / backprop_lab.mo
ENVIRONMENT_VARIABLE = "BACKPROP_LAB_LANG"
SOURCE_LANGUAGE = "en"  # the messages in the code are English; English needs no catalog


def available_languages() -> tuple[str, ...]:
    """ "en" and every language with a compiled catalog in `autograd/locale`, e.g. ("en", "ru")."""
    return (SOURCE_LANGUAGE, *_catalog_languages())


@cache
def _catalog_languages() -> tuple[str, ...]:
    from importlib import resources  # (imported when a language is chosen: English needs none)

    locale = resources.files("autograd").joinpath("locale")
    found = [
        folder.name
        for folder in locale.iterdir()
        if folder.joinpath("LC_MESSAGES", f"{DOMAIN}.mo").is_file()
    ]
    return tuple(sorted(found))


def normalise_language(code: object) -> str:
    """ "ru", "RU", "ru_RU", "ru-RU" or "ru_RU.UTF-8" -> "ru"; ValueError for a language we lack."""
    if not isinstance(code, str):
        raise TypeError(f"a language must be a string such as 'ru', got {code!r}")
    cleaned = code.strip().lower().replace("-", "_").split(".")[0]
    known = available_languages()
    for candidate in (cleaned, cleaned.split("_")[0]):
        if candidate in known:
            return candidate
    raise ValueError(f"unknown language {code!r}; available: {', '.join(known)}")


def _checked(code: object, where: str) -> str:
    """`normalise_language(code)`, with `where` (the function or variable) in the error."""
    try:
        return normalise_language(code)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{where}: {error}") from None


_LANGUAGE = ScopedSetting("backprop_lab_language", ENVIRONMENT_VARIABLE, SOURCE_LANGUAGE, _checked)


def set_language(code: str | None) -> None:
    """Make `code` ("en", "ru") the package-wide language; None goes back to BACKPROP_LAB_LANG/en."""
    _LANGUAGE.choose(code, "set_language")


def get_language() -> str:
    """The language used now: `language(...)` scope, else `set_language`, else the environment."""
    return _LANGUAGE.get()


@contextmanager
def language(code: str | None) -> Iterator[str]:
    """Within the `with` block, use `code`; None keeps the current language. Yields the language.

    This is what every `lang=` parameter does, e.g. `export_html(f, "p.html", lang="ru")`.
    """
    with _LANGUAGE.scoped(code, "lang") as chosen:
        yield chosen


@cache
def _translations(code: str) -> _gettext.NullTranslations:
    """The compiled catalog of `code` (read once); English: no catalog, messages as written."""
    import gettext as _gettext  # (imported with the first catalog: English needs none)
    from importlib import resources

    if code == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    catalog = resources.files("autograd").joinpath("locale", code, "LC_MESSAGES", f"{DOMAIN}.mo")
    with catalog.open("rb") as file:
        return _gettext.GNUTranslations(file)


def _(message: str) -> str:
    """`message` in the current language (the message itself if it has no translation)."""
    code = get_language()
    if code == SOURCE_LANGUAGE:
        return message
    return _translations(code).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` in the current language (Russian has three: 1, 2-4, 5+)."""
    code = get_language()
    if code == SOURCE_LANGUAGE:
        return singular if count == 1 else plural
    return _translations(code).ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802  (the gettext tools' standard name)
    """Mark `message` for translation without translating it now (for module-level constants)."""
    return message
