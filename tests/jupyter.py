"""One real JupyterLab 4 / Notebook 7 for the browser tests: a server, a notebook open in Chromium.

`jupyter_server(folder, "lab" | "notebook", theme="light" | "dark")` starts the front end on
127.0.0.1 (a free port, a random token) serving `folder`, with its own config, data, runtime,
settings and workspace directories inside `folder` (nothing of the user's is read or written),
and stops it afterwards. The theme is set as a user would (the JupyterLab theme setting).
`open_notebook(driver, server, "n.ipynb")` opens a notebook in a `tests/browser.py` Chromium and
waits for its kernel; `run_all(driver)` runs every cell as Shift+Enter would and waits until the
kernel is idle again. A notebook written to `folder` by nbclient and never signed opens
*untrusted*, as it does for a student who did not run it; outputs made in the browser are trusted.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest

__all__ = ["JupyterServer", "jupyter_server", "open_notebook", "run_all", "wait_for"]

Front = Literal["lab", "notebook"]

_THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}


@dataclass(frozen=True)
class JupyterServer:
    """A running front end: its base URL, token, kind and the folder it serves."""

    url: str
    token: str
    front: Front
    folder: Path

    def notebook_url(self, name: str) -> str:
        path = "lab/tree" if self.front == "lab" else "notebooks"
        return f"{self.url}/{path}/{name}?token={self.token}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _settings(folder: Path, theme: Literal["light", "dark"]) -> Path:
    """User settings: the theme, and no news or update pop-ups over the notebook."""
    settings = folder / ".jupyter-settings"
    apputils = settings / "@jupyterlab" / "apputils-extension"
    apputils.mkdir(parents=True, exist_ok=True)
    (apputils / "themes.jupyterlab-settings").write_text(
        json.dumps({"theme": _THEMES[theme], "adaptive-theme": False})
    )
    (apputils / "notification.jupyterlab-settings").write_text(
        json.dumps({"checkForUpdates": False, "fetchNews": "false"})
    )
    return settings


@contextmanager
def jupyter_server(
    folder: Path, front: Front = "lab", *, theme: Literal["light", "dark"] = "light"
) -> Iterator[JupyterServer]:
    """JupyterLab (`front="lab"`) or Notebook 7 (`"notebook"`) serving `folder`, stopped on exit."""
    module = "jupyterlab" if front == "lab" else "notebook"
    try:
        __import__(module)
    except ImportError:
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")
    port, token = _free_port(), secrets.token_hex(16)
    private = folder / ".jupyter-private"
    environment = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(private / "config"),
        "JUPYTER_DATA_DIR": str(private / "data"),
        "JUPYTER_RUNTIME_DIR": str(private / "runtime"),
        "IPYTHONDIR": str(private / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    app = "LabApp" if front == "lab" else "JupyterNotebookApp"
    command = [
        sys.executable,
        "-m",
        module,
        "--no-browser",
        "--allow-root",  # CI containers run as root
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={folder}",
        f"--{app}.user_settings_dir={_settings(folder, theme)}",
        f"--{app}.workspaces_dir={private / 'workspaces'}",
        f"--{app}.expose_app_in_browser=True",
    ]
    log = (folder / f".jupyter-{front}.log").open("wb")
    process = subprocess.Popen(
        command, cwd=folder, env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"{module} exited: {(folder / f'.jupyter-{front}.log').read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield JupyterServer(url, token, front, folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_for(driver: Any, script: str, *, timeout: float = 90.0) -> Any:
    """Run `script` (JavaScript returning a value) until the value is truthy; return it."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script)
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout} s for: {script}")
        time.sleep(0.25)


_KERNEL_IDLE = """
const app = window.jupyterapp;
const panel = app && app.shell.currentWidget;
const context = panel && panel.sessionContext;
const kernel = context && context.session && context.session.kernel;
return Boolean(kernel && kernel.status === 'idle' && panel.content && panel.content.widgets.length);
"""


def open_notebook(driver: Any, server: JupyterServer, name: str) -> None:
    """Open `name` in the front end and wait until its kernel is idle and its cells are shown."""
    driver.get(server.notebook_url(name))
    wait_for(driver, _KERNEL_IDLE, timeout=120)
    time.sleep(0.5)  # the first paint of the outputs


def run_all(driver: Any, *, timeout: float = 180.0) -> None:
    """Run every cell (the front end's own command) and wait until each has run."""
    driver.execute_script(
        "window.jupyterapp.commands.execute('notebook:run-all-cells');"
        "window.__backpropLabRan = true;"
    )
    wait_for(
        driver,
        """
        const panel = window.jupyterapp.shell.currentWidget;
        const cells = panel.content.widgets.filter(cell => cell.model.type === 'code');
        const kernel = panel.sessionContext.session.kernel;
        return kernel.status === 'idle' &&
          cells.every(cell => cell.model.executionCount !== null);
        """,
        timeout=timeout,
    )
    time.sleep(0.5)
