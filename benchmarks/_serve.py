"""Shared by the benchmarks that run ``interview-coach serve`` as a real process.

Not a benchmark itself (the leading underscore keeps ``make bench`` from running it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OFFLINE_ENV = {
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
}
for _k, _v in OFFLINE_ENV.items():
    os.environ.setdefault(_k, _v)
if (ROOT.parent / "shared" / "tiktoken").is_dir():
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(ROOT.parent / "shared" / "tiktoken"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_command() -> list[str]:
    """The installed console script, as a user runs it; ``-m`` if it is not installed."""
    script = Path(sys.executable).parent / "interview-coach"
    return [str(script)] if script.exists() else [sys.executable, "-m", "interview_coach.cli"]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float) -> float:
    """Seconds until ``GET url`` first returns 200; raises if the process dies or times out."""
    start = time.perf_counter()
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return time.perf_counter() - start
        except OSError:
            pass
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"serve did not answer {url} within {timeout:g} s")
        time.sleep(0.05)


@contextmanager
def serving(
    data_dir: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120.0
) -> Iterator[tuple[str, subprocess.Popen, float]]:
    """(url, process, seconds to first page) of a fresh ``interview-coach serve``."""
    port = free_port()
    environ = {
        **os.environ,
        **OFFLINE_ENV,
        "INTERVIEW_COACH_DATA_DIR": str(data_dir),
        **(env or {}),
    }
    log = (data_dir.parent / f"serve-{port}.log").open("wb")
    proc = subprocess.Popen(
        [*serve_command(), "serve", "--port", str(port), *args],
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        try:
            up = wait_until_up(url, proc, timeout)
        except RuntimeError:
            log.flush()
            tail = Path(log.name).read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{url}: serve failed to start; log tail:\n{tail}") from None
        yield url, proc, up
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def load_line() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"
