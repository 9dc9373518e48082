"""The `lang=` parameters: the words of the text view, drawings and player follow them.

`lang="ru"` gives Russian whatever the package default is, `lang="en"` English, and None the
current language (`set_language`, BACKPROP_LAB_LANG). Numbers and names never change.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from seed_graphs import seed_xyz

from autograd import as_text
from autograd.i18n import ENVIRONMENT_VARIABLE, set_language


@pytest.fixture(autouse=True)
def default_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    set_language(None)
    yield
    set_language(None)


def test_the_text_view_header_follows_lang() -> None:
    f = seed_xyz()[-1]
    f.backward()
    english = as_text(f)
    russian = as_text(f, lang="ru")
    assert english.splitlines()[0].split() == ["name", "op", "inputs", "data", "grad"]
    assert russian.splitlines()[0].split() == ["имя", "операция", "входы", "значение", "градиент"]
    # Only the header changes: every number and name is the same.
    assert [line.split() for line in russian.splitlines()[1:]] == [
        line.split() for line in english.splitlines()[1:]
    ]
    set_language("ru")
    assert as_text(f) == russian
    assert as_text(f, lang="en") == english


def test_an_unknown_lang_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match="lang: unknown language 'fr'"):
        as_text(seed_xyz()[-1], lang="fr")
