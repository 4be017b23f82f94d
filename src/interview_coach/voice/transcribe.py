"""Speech to text with word timings: faster-whisper on verified weights, one model per process.

Loading takes about a second and 0.2-0.4 GB, so the model is built on the first recording,
not at start-up, and then shared by every session (``shared_transcriber``). One CPU thread
is the default: on a two-core machine that also serves the app and the LLM, a second
thread made transcription slower, not faster.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import audio
from .weights import read_verified, weights_for

#: Greedy decoding: half the time of beam search (5) on CPU for a similar transcript of
#: clear speech (benchmarks/voice.py measures both).
BEAM_SIZE = 1
# faster-whisper logs every file's duration at INFO; the CLI's INFO log is for our own notes.
logging.getLogger("faster_whisper").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Word:
    """One recognised word and when it was said, in seconds from the start of the recording."""

    text: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class Transcript:
    text: str
    words: tuple[Word, ...]
    audio_seconds: float
    model: str
    compute_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


class Transcriber:
    """A Whisper model on CPU, loaded lazily the first time something is transcribed."""

    def __init__(self, model: str = "tiny.en", threads: int = 1) -> None:
        self.weights = weights_for(model)
        self.threads = max(1, threads)
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def model(self) -> Any:
        """The WhisperModel, built once from verified bytes (never from a name or a path)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    # Backstop only: with ``files=`` including tokenizer.json faster-whisper has
                    # nothing to fetch, but if a future version looked, it must fail, not download.
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    from faster_whisper import WhisperModel

                    files = read_verified(self.weights)
                    self._model = WhisperModel(
                        f"interview-coach/{self.weights.name}",  # an identifier, not a hub id
                        device="cpu",
                        compute_type="int8",
                        cpu_threads=self.threads,
                        files=files,
                    )
        return self._model

    def transcribe(self, source: str | Path | bytes | np.ndarray) -> Transcript:
        """What was said in ``source`` (a file, its bytes, or 16 kHz samples), word by word.

        Raises :class:`audio.AudioError` for a recording that is unusable or has no speech.
        """
        samples = source if isinstance(source, np.ndarray) else audio.decode(source)
        seconds = audio.duration(samples)
        model = self.model()
        started = time.perf_counter()
        segments, _info = model.transcribe(
            samples,
            language="en",
            beam_size=BEAM_SIZE,
            word_timestamps=True,
            # Whisper's classic failure on long audio is repeating itself; not feeding the
            # previous window's text back in prevents it at a tiny cost in accuracy.
            condition_on_previous_text=False,
            # Skips silence, where Whisper otherwise invents words ("Thank you.").
            vad_filter=True,
        )
        words: list[Word] = []
        texts: list[str] = []
        for seg in segments:
            texts.append(seg.text.strip())
            words.extend(
                Word(
                    w.word.strip(),
                    round(float(w.start), 2),
                    round(float(w.end), 2),
                    round(float(w.probability), 3),
                )
                for w in seg.words or ()
                if w.word.strip()
            )
        text = " ".join(t for t in texts if t).strip()
        if not words or not text:
            raise audio.AudioError(
                "no speech was heard in the recording: speak closer to the microphone and retry"
            )
        return Transcript(
            text=text,
            words=tuple(words),
            audio_seconds=seconds,
            model=self.weights.name,
            compute_seconds=round(time.perf_counter() - started, 2),
        )


_SHARED: dict[tuple[str, int], Transcriber] = {}
_SHARED_LOCK = threading.Lock()


def shared_transcriber(model: str = "tiny.en", threads: int = 1) -> Transcriber:
    """The process-wide transcriber for ``model``: every session shares one loaded copy."""
    key = (model, max(1, threads))
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = Transcriber(model, threads)
        return _SHARED[key]
