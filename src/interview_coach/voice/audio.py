"""Reading a recording: any common format to 16 kHz mono samples, with the checks a user needs.

Decoding is PyAV's bundled FFmpeg (a faster-whisper dependency), so WAV, MP3, M4A, WEBM and
OGG all work without a system FFmpeg. Every way a recording can be unusable (no file, no
bytes, not audio, silence, longer than an answer should be) ends as one line that says
what to do, raised as :class:`AudioError` before any model time is spent.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import InputError

SAMPLE_RATE = 16_000
#: Longest recording taken as one answer. A behavioural answer runs 1.5-3 minutes; five
#: leaves room for a slow speaker and bounds what one request can cost (~25 s of CPU).
MAX_SECONDS = 300
#: Bigger files are refused before decoding: 5 minutes of uncompressed 48 kHz stereo is 58 MB
#: (the web app's upload limit matches it).
MAX_BYTES = 60 * 1024 * 1024
#: Loudest sample below this (-50 dBFS) is a muted or unplugged microphone.
SILENT_PEAK = 10 ** (-50 / 20)
FORMATS = "WAV, MP3, M4A, WEBM or OGG"


class AudioError(InputError):
    """A recording we cannot use; the message says why in one line."""


def _describe(source: str | Path | bytes) -> str:
    return "the recording" if isinstance(source, bytes | bytearray) else Path(source).name


def _check_size(source: str | Path | bytes) -> None:
    if isinstance(source, bytes | bytearray):
        size = len(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise AudioError(f"no audio: {path} does not exist")
        size = path.stat().st_size
    if size == 0:
        raise AudioError(f"{_describe(source)} is empty: record or choose the file again")
    if size > MAX_BYTES:
        raise AudioError(
            f"{_describe(source)} is too long ({size / 2**20:.0f} MB): "
            f"keep an answer under {MAX_SECONDS // 60} minutes"
        )


def decode(source: str | Path | bytes) -> np.ndarray:
    """The recording as float32 mono samples at 16 kHz; :class:`AudioError` if unusable."""
    import io

    import av
    from faster_whisper.audio import decode_audio

    _check_size(source)
    what = _describe(source)
    try:
        samples = decode_audio(
            io.BytesIO(source) if isinstance(source, bytes | bytearray) else str(source),
            sampling_rate=SAMPLE_RATE,
        )
    except (av.error.FFmpegError, ValueError, IndexError, StopIteration) as e:
        raise AudioError(f"{what} is not audio we can read ({FORMATS} expected)") from e
    seconds = len(samples) / SAMPLE_RATE
    if len(samples) == 0:
        raise AudioError(f"{what} is empty: no sound was recorded")
    if seconds > MAX_SECONDS:
        raise AudioError(
            f"{what} is too long ({seconds / 60:.1f} minutes): "
            f"keep an answer under {MAX_SECONDS // 60} minutes"
        )
    if float(np.max(np.abs(samples))) < SILENT_PEAK:
        raise AudioError(f"{what} is silent: check that the microphone is on and not muted")
    return samples


def duration(samples: np.ndarray) -> float:
    return round(len(samples) / SAMPLE_RATE, 2)
