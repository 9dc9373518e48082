"""One real JupyterLab 4 / Notebook 7 for the browser tests: a server, a notebook open in Chromium.

`jupyter_server(folder, "lab" | "notebook", theme="light" | "dark")` starts the front end on
127.0.0.1 (a free port, a random token) serving `folder`, with its own config, data, runtime,
settings and workspace directories inside `folder` (nothing of the user's is read or written),
and stops it afterwards. The theme is set as a user would (the JupyterLab theme setting; the
command `apputils:change-theme` where the setting was not read, as in Notebook 7).
`open_notebook(driver, server, "n.ipynb")` opens a notebook in a `tests/browser.py` Chromium,
with the browser's colour scheme (`prefers-color-scheme`) that of the theme unless `system` says
otherwise, and waits until the notebook is ready: its document loaded and shown, its kernel
connected, idle and answering, and the front end in the server's theme. `run_all(driver)`
clears every output, runs every cell as Shift+Enter would and waits until each cell has run and
its outputs are on the page. `save_notebook(driver)` saves as File → Save does and waits until
the server has written the file; `reopen_notebook(driver, server, name)` shuts the kernel down,
leaves the page and opens the file again. `screenshot(driver, path)` also keeps a copy in
$BACKPROP_LAB_SCREENSHOTS. A notebook written to `folder` by nbclient and never signed opens
*untrusted*, as it does for a student who did not run it; outputs made in the browser are trusted.

Every wait is for a condition (`wait_for`), never a fixed sleep: the machine running the tests
may be slow and shared.
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

__all__ = [
    "JupyterServer",
    "jupyter_server",
    "open_notebook",
    "reopen_notebook",
    "run_all",
    "save_notebook",
    "screenshot",
    "wait_for",
]

Front = Literal["lab", "notebook"]
Theme = Literal["light", "dark"]

_THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}


@dataclass(frozen=True)
class JupyterServer:
    """A running front end: its base URL, token, kind, the folder it serves and its theme."""

    url: str
    token: str
    front: Front
    folder: Path
    theme: Theme = "light"

    def notebook_url(self, name: str) -> str:
        path = "lab/tree" if self.front == "lab" else "notebooks"
        return f"{self.url}/{path}/{name}?token={self.token}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _settings(folder: Path, theme: Theme) -> Path:
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
    folder: Path, front: Front = "lab", *, theme: Theme = "light"
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
        yield JupyterServer(url, token, front, folder, theme)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_for(driver: Any, script: str, *arguments: Any, timeout: float = 90.0) -> Any:
    """Run `script` (JavaScript returning a value, given `arguments`) until the value is truthy;
    return it."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script, *arguments)
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout} s for: {script}")
        time.sleep(0.25)


# Resolves once the open notebook is ready to be driven: the app restored, the document loaded
# and revealed, the kernel connected, idle and answering kernel_info (a command sent while the
# kernel's connection is still settling can be dropped). Returns what is not ready, or "".
_READY = """
const done = arguments[arguments.length - 1];
const app = window.jupyterapp;
const panel = app && app.shell.currentWidget;
if (!app || !panel || !panel.sessionContext || !panel.content) { done('no notebook panel'); return; }
const timeout = new Promise(resolve => setTimeout(() => resolve('timeout'), 20000));
const ready = (async () => {
  await app.restored;
  await panel.context.ready;
  await panel.revealed;
  await panel.sessionContext.ready;
  // The notebook commands (run all, save) act on the notebook tracker's current widget and
  // do nothing, silently, while there is none: make this panel the active one.
  app.shell.activateById(panel.id);
  if (!app.commands.isEnabled('notebook:run-all-cells')) { return 'notebook not current'; }
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel) { return 'no kernel'; }
  await kernel.info;
  if (kernel.connectionStatus !== 'connected') { return 'kernel ' + kernel.connectionStatus; }
  if (kernel.status !== 'idle') { return 'kernel ' + kernel.status; }
  if (!panel.content.widgets.length) { return 'no cells'; }
  return '';
})();
Promise.race([ready, timeout]).then(done, error => done(String(error)));
"""


def _wait_ready(driver: Any, timeout: float = 180.0) -> None:
    """Wait until `_READY` says the open notebook is ready (asked again until `timeout`)."""
    deadline = time.monotonic() + timeout
    driver.set_script_timeout(30)
    while True:
        try:
            missing = driver.execute_async_script(_READY)
        except Exception as error:  # the page is still loading: no app yet
            missing = f"{type(error).__name__}"
        if missing == "":
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"the notebook was not ready after {timeout} s: {missing}")
        time.sleep(0.25)


def _set_theme(driver: Any, theme: Theme) -> None:
    """Make the front end's theme `theme` (as Settings → Theme would) and wait until it shows."""
    light = "true" if theme == "light" else "false"
    shown = f"return document.body.dataset.jpThemeLight === '{light}';"
    if not driver.execute_script(shown):
        driver.execute_script(
            "window.jupyterapp.commands.execute('apputils:change-theme', {theme: arguments[0]});",
            _THEMES[theme],
        )
    wait_for(driver, shown, timeout=60)


def open_notebook(
    driver: Any, server: JupyterServer, name: str, *, system: Theme | None = None
) -> None:
    """Open `name` in the front end and wait until it is ready (see the module docstring).

    `system` is the browser's colour scheme (`prefers-color-scheme`); None: the server's theme,
    as for a reader whose front end follows the system.
    """
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": system or server.theme}]},
    )
    driver.get(server.notebook_url(name))
    _wait_ready(driver)
    _set_theme(driver, server.theme)


_CELLS_RUN = """
const panel = window.jupyterapp.shell.currentWidget;
const cells = panel.content.widgets.filter(cell => cell.model.type === 'code');
const kernel = panel.sessionContext.session.kernel;
return kernel.status === 'idle' && cells.every(cell =>
  cell.model.executionCount !== null &&
  (!cell.outputArea || cell.outputArea.widgets.length === cell.model.outputs.length));
"""

_CELLS_CLEARED = """
const panel = window.jupyterapp.shell.currentWidget;
return panel.content.widgets.filter(cell => cell.model.type === 'code').every(cell =>
  cell.model.executionCount === null && cell.model.outputs.length === 0);
"""


def run_all(driver: Any, *, timeout: float = 180.0) -> None:
    """Clear every output, run every cell (the front end's own commands) and wait until each
    cell has run (a new execution count) and its outputs are on the page.

    Clearing first makes "has run" a fact to wait for: a notebook opened with its outputs saved
    has execution counts already, and a fresh kernel numbers the cells 1, 2, 3 again.
    """
    wait_for(driver, "return window.jupyterapp.commands.isEnabled('notebook:run-all-cells');")
    driver.execute_script("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');")
    wait_for(driver, _CELLS_CLEARED, timeout=30)
    driver.execute_script(
        "window.jupyterapp.commands.execute('notebook:run-all-cells');"
        "window.__backpropLabRan = true;"
    )
    wait_for(driver, _CELLS_RUN, timeout=timeout)


def save_notebook(driver: Any, *, timeout: float = 60.0) -> None:
    """Save the open notebook (File → Save) and wait until the server has written the file (its
    modification time changed) and the notebook is no longer dirty."""
    before = driver.execute_script(
        "const panel = window.jupyterapp.shell.currentWidget;"
        "window.jupyterapp.commands.execute('docmanager:save');"
        "return panel.context.contentsModel.last_modified;"
    )
    wait_for(
        driver,
        "const panel = window.jupyterapp.shell.currentWidget;"
        "return panel.context.contentsModel.last_modified !== arguments[0] &&"
        " panel.context.model.dirty === false;",
        before,
        timeout=timeout,
    )


def reopen_notebook(driver: Any, server: JupyterServer, name: str) -> None:
    """Close every tab and the browser's page, then open `name` again from the file on disk
    (its kernel shut down first, as a student closing the notebook and coming back would)."""
    driver.execute_script(
        "const done = arguments[arguments.length - 1];"
        "const panel = window.jupyterapp.shell.currentWidget;"
        "panel.sessionContext.shutdown().then(() => done(true), () => done(false));"
    )
    driver.get("about:blank")
    open_notebook(driver, server, name)


def screenshot(driver: Any, path: Path) -> Path:
    """Save the browser's screenshot to `path`, and a copy where $BACKPROP_LAB_SCREENSHOTS says
    (a folder, to look at them after the run)."""
    driver.save_screenshot(str(path))
    wanted = os.environ.get("BACKPROP_LAB_SCREENSHOTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        (Path(wanted) / path.name).write_bytes(path.read_bytes())
    return path
