"""Benchmark: what `fit(..., live=True)`'s dashboard costs the training, in a real Jupyter kernel.

Run:  python benchmarks/bench_live.py [--epochs 3000]

In one IPython kernel (started by jupyter_client, so every widget update really goes out as a comm
message over ZeroMQ, as in a notebook) `MLP(2, [8, 8, 1], seed=1)` trains on 100 moons points
(max-margin loss, full batch, batched engine), alternately without and with a `TrainingDashboard`
(`fit(..., live=dashboard)`), three times each, `gc.collect()` before each run. Printed: the best
time of each, the slowdown, and the dashboard's updates per second (updates sent / seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve()

CODE = """
import gc, json, time, nn
from nn.live import TrainingDashboard
points, labels = nn.datasets.moons(100, noise=0.1, seed=1)
targets = [1.0 if l == 1 else -1.0 for l in labels]
def max_margin(score, target):
    return (1.0 - target * score).relu()
def run(live):
    model = nn.MLP(2, [8, 8, 1], seed=1)
    optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
    dashboard = TrainingDashboard(model, points, targets, EPOCHS) if live else False
    gc.collect()
    start = time.perf_counter()
    nn.fit(model, (points, targets), max_margin, optimizer, epochs=EPOCHS, progress=False,
           live=dashboard)
    seconds = time.perf_counter() - start
    return seconds, (dashboard.updates if live else 0)
run(False); run(True)  # warm up: imports, the first compile
results = {"plain": [], "live": []}
for _ in range(3):
    results["plain"].append(run(False))
    results["live"].append(run(True))
print("RESULT " + json.dumps(results))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=3000)
    arguments = parser.parse_args()
    from jupyter_client.manager import start_new_kernel

    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(HERE.parent.parent), os.environ.get("PYTHONPATH", "")]
    )
    manager, client = start_new_kernel(kernel_name="python3")
    output: list[str] = []
    try:
        code = f"EPOCHS = {arguments.epochs}\n" + CODE

        def collect(message: dict) -> None:
            if message["msg_type"] == "stream":
                output.append(message["content"]["text"])
            elif message["msg_type"] == "error":
                output.append("\n".join(message["content"]["traceback"]))

        client.execute_interactive(code, timeout=900, output_hook=collect)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    text = "".join(output)
    line = next((row for row in text.splitlines() if row.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"bench_live: the kernel printed no result:\n{text}")
    results = json.loads(line.removeprefix("RESULT "))
    plain = min(seconds for seconds, _ in results["plain"])
    live_seconds, updates = min(results["live"])
    print(
        f"MLP(2, [8, 8, 1]), 100 moons points, {arguments.epochs} epochs, full batch, in a kernel"
    )
    print(f"  without the dashboard: {plain:.3f} s (best of 3)")
    print(f"  with the dashboard:    {live_seconds:.3f} s (best of 3), {updates} updates")
    print(f"  slowdown: {100 * (live_seconds / plain - 1):.1f} %")
    print(f"  updates per second: {updates / live_seconds:.1f}")


if __name__ == "__main__":
    main()
