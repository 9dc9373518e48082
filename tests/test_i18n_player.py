"""The Russian lecture player in a real headless Chromium: no English word left on any frame.

Every frame of the slides' sigmoid neuron is shown in turn and everything a student sees is read
back from the browser: the header, the phase, the caption, the buttons, the counter, the key help
and every text of the picture. Apart from the math (names, numbers, σ) and the names printed on
the keys themselves (Backspace, Home, End), no Latin word may be left. The quiz's feedback (right,
wrong, not a number, the hint, the score) is checked the same way, and `lang="en"` stays English.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import browser
import pytest
from english_words import english_words
from seed_graphs import seed_xyz
from test_player_browser import caption, counter, press, sigmoid_neuron

from autograd.i18n import ENVIRONMENT_VARIABLE, _, language, set_language
from autograd.lecture import words
from autograd.lecture.player import export_html, player_html
from autograd.lecture.stepper import Stepper

pytestmark = pytest.mark.slow  # real renders / browsers / LaTeX / builds: seconds each

LABELS = ["w0", "x0", "w1", "x1", "w2", "f", "n1", "n2", "n3", "n4"]  # the graph's names
KEYCAPS = ["Backspace", "Home", "End", "Enter"]  # what is printed on the keys themselves


@pytest.fixture(autouse=True)
def default_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    set_language(None)
    yield
    set_language(None)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[Any]:
    """Headless Chromium with a 1920×1080 viewport, a projector's size."""
    with browser.chromium(
        tmp_path / "chromium-profile", viewport=(1920, 1080), hide_scrollbars=True
    ) as driver:
        yield driver


def seen_text(driver: Any) -> str:
    """Everything on screen as text: the page's visible text and every text of the picture."""
    text: str = driver.execute_script(
        "var svg = Array.prototype.map.call("
        "  document.querySelectorAll('#picture svg text'), function (t) { return t.textContent; });"
        "return document.body.innerText + '\\n' + svg.join('\\n');"
    )
    return text


def test_every_frame_of_the_russian_player_is_russian(chromium: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    _leaves, f = sigmoid_neuron()
    page = export_html(f, tmp_path / "ru.html", lang="ru")
    chromium.get(page.resolve().as_uri())
    assert chromium.execute_script("return document.documentElement.lang") == "ru"
    frame_count = int(counter(chromium).split("/")[1])
    assert frame_count == 13
    phases = set()
    for index in range(frame_count):
        assert counter(chromium) == f"{index + 1} / {frame_count}"
        text = seen_text(chromium)
        assert english_words(text, allowed=LABELS + KEYCAPS) == [], (index, text)
        phases.add(chromium.execute_script("return document.getElementById('phase').textContent"))
        if index == 0:
            assert caption(chromium)[0].startswith("Прямой проход: входы заданы: w0 = 2")
            assert "◀ Назад" in text and "Вперёд ▶" in text and "Пробел" in text
            assert "значение 2" in text  # the boxes' words
        if index == 6:  # the given inputs, 5 operations, then the start
            assert caption(chromium)[0] == "начало: ∂f/∂f = 1"
        if index == 7:
            assert caption(chromium)[0] == "f = σ(n4), градиент сверху ∂f/∂f = 1"
            assert "градиент 1" in text
        press(chromium, Keys.SPACE)
    assert caption(chromium)[0] == "Готово: градиент f по каждому входу"
    assert phases == {"Прямой проход", "Обратный проход", "Готово"}
    chromium.save_screenshot(str(tmp_path / "russian_player.png"))
    assert (tmp_path / "russian_player.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_russian_quiz_answers_in_russian(chromium: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    *_graph, f = seed_xyz()
    page = export_html(f, tmp_path / "quiz.html", quiz="grad", lang="ru")
    chromium.get(page.resolve().as_uri())
    for _step in range(4):
        press(chromium, Keys.SPACE)
    assert caption(chromium) == [
        "f = q · z, градиент сверху ∂f/∂f = 1",
        "Посчитайте сами: введите значение и нажмите «Проверить» (Enter).",
    ]
    buttons = [button.text for button in chromium.find_elements(By.CSS_SELECTOR, "#quiz button")]
    assert buttons == ["Проверить", "Подсказка", "Показать ответ"]
    chromium.find_element(By.ID, "hint-button").click()
    assert (
        "∂f/∂q = ∂f/∂f · z, где ∂f/∂f — градиент выхода по самому себе"
        " (×: производная по одному множителю равна другому)"
        in chromium.find_element(By.ID, "hint").text
    )
    inputs = chromium.find_elements(By.CSS_SELECTOR, "#questions input")
    inputs[0].send_keys("минус четыре", Keys.ENTER)
    assert (
        chromium.find_element(By.ID, "hint").text
        == "это не число: введите число, например −0,25 или 3"
    )
    assert english_words(seen_text(chromium), allowed=["q", "z", "f", *KEYCAPS]) == []
    inputs[0].clear()
    inputs[0].send_keys("-4")  # right
    inputs[1].send_keys("-3", Keys.ENTER)  # wrong
    verdicts = [v.text for v in chromium.find_elements(By.CSS_SELECTOR, "#questions .verdict")]
    assert verdicts == ["✓ верно", "✗ пока нет: попробуйте ещё раз"]
    chromium.find_element(By.ID, "reveal").click()
    verdicts = [v.text for v in chromium.find_elements(By.CSS_SELECTOR, "#questions .verdict")]
    assert verdicts == ["✓ верно", "✗ ответ: 3"]
    press(chromium, Keys.SPACE)
    chromium.find_element(By.ID, "reveal").click()
    verdicts = [v.text for v in chromium.find_elements(By.CSS_SELECTOR, "#questions .verdict")]
    assert verdicts == ["ответ: −4", "ответ: −4"]
    press(chromium, Keys.END)
    score = chromium.find_element(By.ID, "score").text
    assert score == "Итог: 1/4 с первой попытки, 1/4 в конце"
    assert english_words(seen_text(chromium), allowed=["q", "z", "f", *KEYCAPS]) == []


def test_lang_en_and_the_package_default() -> None:
    *_graph, f = seed_xyz()
    english = player_html(f)
    assert '<html lang="en"' in english and "◀ Previous" in english
    russian = player_html(f, lang="ru")
    assert '<html lang="ru"' in russian
    with language("ru"):
        translated = {key: _(message) for key, message in words.PLAYER_WORDS.items()}
    for key, message in words.PLAYER_WORDS.items():
        assert translated[key] != message and translated[key] in russian, key
    set_language("ru")
    assert player_html(f) == russian
    assert player_html(f, lang="en") == english


def test_the_notebook_stepper_speaks_its_language() -> None:
    *_graph, f = seed_xyz()
    stepper = Stepper(f, lang="ru")
    assert stepper.lang == "ru"
    assert '<html lang="ru"' in stepper.html() and "Прямой проход" in stepper.html()
    assert stepper.frames[0].caption.startswith("Прямой проход: входы заданы")
    with language("ru"):  # a frame's title is looked up when it is read
        assert stepper.frames[0].title == "Прямой проход"
    bundle = stepper._repr_mimebundle_()
    assert bundle["text/plain"] == "<Stepper: 7 кадров; показывается как HTML в Jupyter-ноутбуке>"
    assert 'title="пошаговое обратное распространение ошибки"' in bundle["text/html"]
    assert Stepper(f).frames[0].title == "Forward pass"


def test_the_neuron_level_russian_player_is_russian(chromium: Any, tmp_path: Path) -> None:
    """MLP(2, [3, 1]) stepped a neuron at a time: the layer rule's frames have no English word."""
    from selenium.webdriver.common.keys import Keys

    from nn import MLP, functional

    model = MLP(2, [3, 1], seed=0)
    loss = functional.mse_loss(model([0.5, -1.0]), 1.0)
    page = export_html(loss, tmp_path / "network.html", lang="ru", collapse=True, cluster="layer")
    chromium.get(page.resolve().as_uri())
    frame_count = int(counter(chromium).split("/")[1])
    captions = []
    for _step in range(frame_count):
        text = seen_text(chromium)
        assert english_words(text, allowed=["loss", *KEYCAPS]) == [], text
        captions.append("\n".join(caption(chromium)))
        press(chromium, Keys.SPACE)
    assert any("δ" in text for text in captions)  # the layer rule, in numbers
    assert captions[-1].startswith("Готово: градиент loss по каждому входу")
