"""One headless Chromium for the browser tests: the flags every test uses, made in one place.

`needs("chromium", CHROMEDRIVER)` skips a test when a program is missing (with CI=true
tests/conftest.py turns that skip into a failure). `chromium(profile, window=(w, h))`
starts the browser with the developers' guide's flags and quits it afterwards.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

__all__ = ["CHROMEDRIVER", "chromium", "needs"]

CHROMEDRIVER = "/usr/bin/chromedriver"

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)


def needs(*programs: str) -> None:
    """Skip the test unless every program is on PATH (or is an existing file)."""
    for program in programs:
        if shutil.which(program) is None and not Path(program).exists():
            pytest.skip(f"{program} is not installed")


@contextmanager
def chromium(
    profile: Path,
    window: tuple[int, int] | None = None,
    *,
    viewport: tuple[int, int] | None = None,
    hide_scrollbars: bool = False,
) -> Iterator[Any]:
    """A headless Chromium WebDriver, quit on exit.

    profile: the user-data directory (a fresh one per test).
    window: the window size in px (`--window-size`), or None for Chromium's default.
    viewport: a device-metrics override in px (the page sees exactly this size).
    """
    needs("chromium", CHROMEDRIVER)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    flags = [*FLAGS, f"--user-data-dir={profile}"]
    if hide_scrollbars:
        flags.append("--hide-scrollbars")
    if window is not None:
        flags.append(f"--window-size={window[0]},{window[1]}")
    for flag in flags:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        if viewport is not None:
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {
                    "width": viewport[0],
                    "height": viewport[1],
                    "deviceScaleFactor": 1,
                    "mobile": False,
                },
            )
        yield driver
    finally:
        driver.quit()
