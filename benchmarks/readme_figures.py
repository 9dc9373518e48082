"""The README's measured figures, measured again: the seed neuron's GIF and the quick loop's size.

Run:  python benchmarks/readme_figures.py           (measures, compares with README.md)
      python benchmarks/readme_figures.py --write   (also writes the measurements into README.md)

About 30 seconds: it renders the README's GIF with the README's command (bundled Graphviz) and
collects the quick loop (`pytest -m "not slow" --collect-only`). It prints each figure beside
what the README says and exits with status 1 if one differs: the GIF's frames and pixels
exactly, its size to ±0.05 MB, the test count to ±10% ("about N tests"). tests/test_readme_figures.py
runs the same check, so a figure typed by hand, or left behind by a change, fails a test.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

# The README's GIF command (its "An animated GIF" section), without `-o`.
SEED_NEURON_GIF = [
    "sigmoid(w0*x0 + w1*x1 + w2)",
    "w0=2",
    "x0=-1",
    "w1=-3",
    "x1=-2",
    "w2=-3",
    "--steps",
]


@dataclass(frozen=True)
class Figure:
    """One figure of the README: its sentence's pattern, how to write it, and how to compare."""

    name: str
    pattern: str  # a regex with one group per number
    template: str  # the sentence with the measured numbers, for --write

    def stated(self, text: str) -> tuple[str, ...] | None:
        found = re.search(self.pattern, text)
        return found.groups() if found else None


GIF = Figure(
    "the seed neuron's GIF",
    r"The seed neuron: (\d+) frames, (\d+)×(\d+) pixels, ([\d.]+) MB",
    "The seed neuron: {0} frames, {1}×{2} pixels, {3} MB",
)
QUICK_TESTS = Figure(
    "the quick loop's test count",
    r"about ([\d,]+) tests in",
    "about {0} tests in",
)


def measure_gif() -> tuple[str, str, str, str]:
    """Frames, width, height and megabytes (two decimals) of the README's GIF, made as it says."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "neuron.gif"
        environment = {**os.environ, "BACKPROP_LAB_RENDERER": "bundled", "PYTHONPATH": str(ROOT)}
        subprocess.run(
            [sys.executable, "-m", "autograd", *SEED_NEURON_GIF, "-o", str(path)],
            check=True,
            env=environment,
            cwd=folder,
            capture_output=True,
        )
        with Image.open(path) as image:
            frames, (width, height) = image.n_frames, image.size
        megabytes = path.stat().st_size / 1e6
    return str(frames), str(width), str(height), f"{megabytes:.2f}"


def count_quick_tests() -> int:
    """How many tests `python -m pytest -m "not slow"` runs (collected, not run)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-m",
            "not slow",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    found = re.search(r"(\d+)(?:/\d+)? tests? collected", result.stdout)
    if not found:
        raise RuntimeError(f"pytest's collection printed no count:\n{result.stdout[-2000:]}")
    return int(found.group(1))


def compare(text: str) -> tuple[list[str], str]:
    """Each figure measured and compared: (the problems, the README text with the measurements)."""
    problems: list[str] = []
    gif = measure_gif()
    stated_gif = GIF.stated(text)
    print(f"{GIF.name}: measured {GIF.template.format(*gif)}; README: {stated_gif}")
    if stated_gif is None:
        problems.append(f"the README does not state {GIF.name}")
    elif stated_gif[:3] != gif[:3] or abs(float(stated_gif[3]) - float(gif[3])) > 0.05:
        problems.append(f"{GIF.name}: README {stated_gif}, measured {gif}")
    count = count_quick_tests()
    rounded = f"{round(count, -1):,}"
    stated_count = QUICK_TESTS.stated(text)
    print(f"{QUICK_TESTS.name}: measured {count} (written {rounded}); README: {stated_count}")
    if stated_count is None:
        problems.append(f"the README does not state {QUICK_TESTS.name}")
    elif abs(int(stated_count[0].replace(",", "")) - count) > 0.1 * count:
        problems.append(f"{QUICK_TESTS.name}: README about {stated_count[0]}, measured {count}")
    written = re.sub(GIF.pattern, GIF.template.format(*gif), text)
    written = re.sub(QUICK_TESTS.pattern, QUICK_TESTS.template.format(rounded), written)
    return problems, written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write", action="store_true", help="write the measurements into README.md"
    )
    arguments = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    problems, written = compare(text)
    if arguments.write and written != text:
        README.write_text(written, encoding="utf-8")
        print("README.md updated")
        return 0
    for problem in problems:
        print(f"differs: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
