"""The wheel ships the translations, and Russian works from it even when imported from the zip.

Builds the wheel with pip (hatchling from the test extra, no network), lists it, then imports
autograd straight from the .whl file (zipimport) and asks for a Russian word: the catalogs are
read with importlib.resources, so this works without unpacking.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real renders / browsers / LaTeX / builds: seconds each

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_contains_every_catalog_and_russian_works_from_it(tmp_path: Path) -> None:
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    build = subprocess.run(
        [*pip_wheel, "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("backprop_lab-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    catalogs = sorted(ROOT.glob("autograd/locale/*/LC_MESSAGES/backprop_lab.*"))
    assert catalogs, "no catalogs in the source tree"
    for catalog in catalogs:
        assert catalog.relative_to(ROOT).as_posix() in names

    check = (
        "import autograd, autograd.i18n as i18n; "
        f"assert autograd.__file__.startswith({str(wheel)!r}), autograd.__file__; "
        "print(i18n.available_languages()); "
        "i18n.set_language('ru'); print(i18n._('grad'))"
    )
    environment = {**os.environ, "PYTHONPATH": str(wheel)}
    environment.pop("BACKPROP_LAB_LANG", None)
    result = subprocess.run(
        [sys.executable, "-c", check],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["('en', 'ru')", "градиент"]
