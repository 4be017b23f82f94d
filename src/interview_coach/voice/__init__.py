"""Voice answers: offline speech to text and delivery measured from the recording.

``listen`` is the one entry point the session, CLI and web app need: a recording in, the
transcript and its delivery metrics out, or a one-line :class:`AudioError` /
:class:`VoiceModelError`. Nothing here imports faster-whisper until the first recording.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..models import Spoken
from .audio import MAX_SECONDS, AudioError
from .delivery import LONG_PAUSE, PACE_GUIDE, Delivery, Pause, measure, measured
from .transcribe import Transcriber, Transcript, Word, shared_transcriber
from .weights import MODELS, VoiceModelError

__all__ = [
    "LONG_PAUSE",
    "MAX_SECONDS",
    "MODELS",
    "PACE_GUIDE",
    "AudioError",
    "Delivery",
    "Pause",
    "Recording",
    "Transcriber",
    "Transcript",
    "VoiceModelError",
    "Word",
    "listen",
    "measure",
    "shared_transcriber",
]


@dataclass(frozen=True)
class Recording:
    """What one recording gave: the words heard and the delivery measured from their timings."""

    transcript: Transcript
    delivery: Delivery

    @property
    def text(self) -> str:
        return self.transcript.text

    def measured(self) -> Spoken:
        """The measurement an evaluation of these words carries (see :func:`.delivery.measured`)."""
        return measured(self.transcript, self.delivery)


def listen(
    source: str | Path | bytes | np.ndarray, *, model: str = "tiny.en", threads: int = 1
) -> Recording:
    """Transcribe ``source`` with the shared model and measure its delivery."""
    transcript = shared_transcriber(model, threads).transcribe(source)
    return Recording(transcript, measure(transcript))
