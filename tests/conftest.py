"""Shared test setup: the one renderer guard, and with CI=true a skipped test fails instead.

A skip is fine on a student's laptop without Graphviz or Chromium, but in CI
it would hide a broken install step, so there every skip is reported as a
failure with the skip's reason.

`renderer` is the only guard for tests that render a picture: it runs the test once per
renderer ("bundled" pygraphviz in-process, the system "dot" program), choosing it through the
environment variable, so a subprocess the test starts renders with the same one. A renderer
missing here skips that run (a failure under CI=true).
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

from autograd.viz.render import RENDERER_VARIABLE, RENDERERS, available_renderers

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if IN_CI and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which counts as a failure: {reason}"


@pytest.fixture(params=RENDERERS)
def renderer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each renderer in turn ("bundled", "dot"), selected for this test and its subprocesses."""
    name: str = request.param
    if name not in available_renderers():
        pytest.skip(f"the {name!r} renderer is not available here")
    monkeypatch.setenv(RENDERER_VARIABLE, name)
    return name
