"""Training you can replay: `fit(..., record=True)` keeps the epochs, `nn.export_training` writes
a page that replays them (tested in headless Chromium), `export_training_gif` a GIF."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from browser import chromium
from PIL import Image

import nn
from autograd import Value
from autograd.viz.style import LIGHT


def max_margin(score: Value | Sequence[Value], target: float) -> Value:
    assert isinstance(score, Value)
    return (1.0 - target * score).relu()


def trained(epochs: int = 12, **record: object) -> tuple[nn.MLP, nn.History]:
    points, labels = nn.datasets.moons(60, noise=0.1, seed=1)
    targets = [1.0 if label == 1 else -1.0 for label in labels]
    model = nn.MLP(2, [4, 4, 1], seed=1)
    optimizer = nn.optim.SGD(model.parameters(), lr=0.3)
    history = nn.fit(
        model, (points, targets), max_margin, optimizer, epochs=epochs, progress=False, **record
    )
    return model, history


def test_record_keeps_every_epoch_and_record_every_every_kth_and_the_last() -> None:
    model, history = trained(record=True)
    assert [s.epoch for s in history.snapshots] == list(range(1, 13))
    last = history.snapshots[-1]
    assert last.parameters == tuple(p.data for p in model.parameters())
    assert last.grads == tuple(p.grad for p in model.parameters())
    assert [s.loss for s in history.snapshots] == history.loss
    _, every_5 = trained(record_every=5)
    assert [s.epoch for s in every_5.snapshots] == [5, 10, 12]
    _, none = trained()
    assert none.snapshots == [] and none.recorded is None
    with pytest.raises(ValueError, match="record_every must be a positive int"):
        trained(record_every=0)


def test_exporting_needs_a_recording_and_changes_nothing(tmp_path: Path) -> None:
    _, plain = trained(epochs=2)
    with pytest.raises(ValueError, match="no recorded epochs"):
        nn.export_training(plain, tmp_path / "t.html")
    model, history = trained(epochs=4, record=True)
    before = [(p.data, p.grad) for p in model.parameters()]
    nn.export_training(history, tmp_path / "t.html")
    gif = nn.export_training_gif(history, tmp_path / "t.gif")
    assert [(p.data, p.grad) for p in model.parameters()] == before
    with Image.open(gif) as image:
        assert image.n_frames == 4


@pytest.mark.slow
def test_the_page_replays_to_the_final_loss_and_the_boundary_moves(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _, history = trained(epochs=30, record_every=3)
    page = nn.export_training(history, tmp_path / "training.html")
    text = page.read_text(encoding="utf-8")
    assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text
    with chromium(tmp_path / "profile", viewport=(1920, 1080)) as browser:
        browser.get(page.as_uri())
        first_boundary = browser.find_element(By.ID, "boundary").get_attribute("src")
        first_network = browser.execute_script(
            "return document.querySelector('#network svg').textContent"
        )
        assert "Epoch 3 of 30" in browser.find_element(By.ID, "status").text
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.END)
        status = browser.find_element(By.ID, "status").text
        assert f"loss {format(history.loss[-1], '.4g')}".replace("-", "\u2212") in status
        assert status.startswith("Epoch 30 of 30")
        assert browser.find_element(By.ID, "boundary").get_attribute("src") != first_boundary
        last_network = browser.execute_script(
            "return document.querySelector('#network svg').textContent"
        )
        assert last_network != first_network  # the weights' numbers moved
        marker = browser.find_element(By.ID, "marker").rect
        curve = browser.find_element(By.ID, "curve").rect
        assert marker["x"] > curve["x"] + 0.8 * curve["width"]  # the marker at the last epoch
        scrubber = browser.find_element(By.ID, "scrubber")
        scrubber.send_keys(Keys.HOME)
        assert browser.find_element(By.ID, "status").text.startswith("Epoch 3 of 30")
        assert re.search(r"accuracy \d+%", status)


def test_a_large_network_is_drawn_by_layers(tmp_path: Path) -> None:
    """Above 60 parameters a table per neuron is too small to read: one line per weight."""
    points, labels = nn.datasets.moons(30, noise=0.1, seed=1)
    model = nn.MLP(2, [16, 16, 1], seed=1)
    history = nn.fit(
        model,
        (points, labels),
        nn.functional.binary_cross_entropy_with_logits,
        nn.optim.SGD(model.parameters(), lr=0.1),
        epochs=2,
        progress=False,
        record=True,
    )
    text = nn.export_training(history, tmp_path / "big.html").read_text(encoding="utf-8")
    first_epoch = text.split('"svg": ')[1]
    assert first_epoch.count('class=\\"edge\\"') == 2 * 16 + 16 * 16 + 16  # one per weight
    assert "hover a line" in text
    # lines and dots in the one sign convention, and the caption names it in both languages
    assert LIGHT.sign_colour(1.0) in first_epoch and LIGHT.sign_colour(-1.0) in first_epoch
    russian = nn.export_training(history, tmp_path / "ru.html", lang="ru").read_text("utf-8")
    for page, words in ((text, ("blue +", "orange −")), (russian, ("синий +", "оранжевый −"))):
        caption = re.search(r'<section id="network">.*?<p>(.*?)</p>', page, re.S)
        assert caption is not None and all(word in caption.group(1) for word in words)
