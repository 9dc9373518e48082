"""The `lang=` parameters: the words of the text view, drawings and player follow them.

`lang="ru"` gives Russian whatever the package default is, `lang="en"` English, and None the
current language (`set_language`, BACKPROP_LAB_LANG). Numbers and names never change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from english_words import english_words
from seed_graphs import seed_xyz

from autograd import Value, as_text, draw
from autograd.i18n import ENVIRONMENT_VARIABLE, language, set_language
from nn import MLP, functional


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


def mlp_loss() -> tuple[MLP, Value]:
    model = MLP(2, [4, 4, 1], seed=0)
    loss = functional.mse_loss(model([0.5, -1.0]), 1.0)
    loss.backward()
    return model, loss


def shown_words(svg: str) -> list[str]:
    """The texts a drawing shows: every <text>, and the tooltips (xlink:title)."""
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg) + re.findall(r'xlink:title="([^"]*)"', svg)


# Names are not words: `nn`'s parameter labels (layers.0.neurons.1.w.0, in tooltips and with
# names="labels") and the loss node's lecture name.
NAMES = ["layers", "neurons", "wx", "loss"]


@pytest.mark.slow  # renders five drawings of a 4-4-1 network
@pytest.mark.parametrize(
    "options",
    [
        {"collapse": True, "cluster": "layer", "color_by_grad": True},
        {"expand": (1, 0), "cluster": "layer"},
        {"cluster": "neuron", "edge_labels": "message"},
        {"collapse": True, "theme": "dark", "edge_labels": "local"},
        {"max_nodes": 10, "names": "labels"},
    ],
    ids=["collapsed", "expanded", "scalar", "dark", "truncated"],
)
def test_russian_drawings_have_no_english_words(options: dict[str, Any]) -> None:
    _model, loss = mlp_loss()
    svg = draw(loss, lang="ru", **options).pipe(format="svg", encoding="utf-8")
    texts = "\n".join(shown_words(svg))
    assert english_words(texts, allowed=NAMES) == [], texts
    assert "значение" in texts or "ещё" in texts


def test_draw_lang_is_the_language_scope() -> None:
    _model, loss = mlp_loss()
    options: dict[str, Any] = {"collapse": True, "cluster": "layer", "edge_labels": "local"}
    russian = draw(loss, lang="ru", **options).source
    with language("ru"):
        assert draw(loss, **options).source == russian
    assert "значение" in russian and "слой" in russian and "линейный" in russian
    english = draw(loss, **options).source
    assert "data" in english and "значение" not in english
    set_language("ru")
    assert draw(loss, lang="en", **options).source == english
