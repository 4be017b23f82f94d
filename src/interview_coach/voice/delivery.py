"""Delivery measured from the recording: speaking time, pace and long pauses.

A typed answer only allows an estimate (words at 150 a minute). A recording gives the real
thing: when the first word started and the last one ended, how many words fell in between,
and where the speaker stopped for long. Only what can be observed is reported; nothing is
inferred about confidence or nerves (see shared field research, point 9).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..models import Spoken
from .transcribe import Transcript

#: Words per minute that coaching tools and guides treat as a comfortable interview pace.
PACE_GUIDE = (130, 165)
#: Silence between two words that a listener notices as a pause rather than a breath.
LONG_PAUSE = 2.0


@dataclass(frozen=True)
class Pause:
    """A silence of ``seconds`` starting ``at`` seconds into the recording, between two words."""

    at: float
    seconds: float
    after: str
    before: str


@dataclass(frozen=True)
class Delivery:
    audio_seconds: float
    speaking_seconds: float
    word_count: int
    words_per_minute: int | None
    pace: str  # "slow", "in range", "fast" or "unknown"
    pauses: tuple[Pause, ...]
    model: str

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["pauses"] = [asdict(p) for p in self.pauses]
        return d


def pace_verdict(wpm: int | None) -> str:
    if wpm is None:
        return "unknown"
    low, high = PACE_GUIDE
    return "slow" if wpm < low else "fast" if wpm > high else "in range"


def measure(transcript: Transcript) -> Delivery:
    """Speaking time from the first word's start to the last word's end; pace over that span.

    Leading and trailing silence (fumbling for the stop button) is not speaking time; pauses
    inside the answer are, as a listener waits through them.
    """
    words = transcript.words
    span = round(words[-1].end - words[0].start, 2) if words else 0.0
    # Under two seconds of speech a rate is noise, not a pace.
    wpm = round(len(words) * 60 / span) if span >= 2 else None
    pauses = tuple(
        Pause(at=a.end, seconds=round(b.start - a.end, 2), after=a.text, before=b.text)
        for a, b in zip(words, words[1:], strict=False)
        if b.start - a.end >= LONG_PAUSE
    )
    return Delivery(
        audio_seconds=transcript.audio_seconds,
        speaking_seconds=span,
        word_count=len(words),
        words_per_minute=wpm,
        pace=pace_verdict(wpm),
        pauses=pauses,
        model=transcript.model,
    )


def measured(transcript: Transcript, delivery: Delivery) -> Spoken:
    """What the recording measured, for an evaluation to carry in place of its estimate.

    Its JSON adds ``transcript``, ``words_per_minute``, ``pauses`` and a ``delivery`` block and
    replaces ``speaking_seconds`` with the measured value, so every later reader (cards,
    report, API) shows the measurement without knowing how the answer arrived.
    """
    return Spoken(
        transcript=transcript.text,
        speaking_seconds=delivery.speaking_seconds,
        words_per_minute=delivery.words_per_minute,
        pauses=[asdict(p) for p in delivery.pauses],
        delivery={
            "measured": True,
            "audio_seconds": delivery.audio_seconds,
            "pace": delivery.pace,
            "pace_guide": list(PACE_GUIDE),
            "long_pause_seconds": LONG_PAUSE,
            "speech_model": delivery.model,
            "transcribe_seconds": transcript.compute_seconds,
        },
    )


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"


def summary(spoken: Spoken | None) -> str | None:
    """One line on the measured delivery, shared by the card, the CLI and the report.

    ``None`` for a typed answer, whose speaking time is only an estimate.
    """
    d = spoken.delivery if spoken is not None else {}
    if spoken is None or not d.get("measured"):
        return None
    wpm = spoken.words_per_minute
    low, high = d.get("pace_guide") or PACE_GUIDE
    pace = (
        f"{wpm} words per minute ({d.get('pace')}; guide {low}\u2013{high})"
        if wpm is not None
        else "too short to measure a pace"
    )
    if spoken.pauses:
        longest = max(spoken.pauses, key=lambda p: p["seconds"])
        n = len(spoken.pauses)
        gaps = (
            f"{n} long pause{'s' if n > 1 else ''} "
            f"(longest {longest['seconds']:.1f} s, after \u201c{longest['after']}\u201d)"
        )
    else:
        gaps = f"no pauses over {d.get('long_pause_seconds', LONG_PAUSE):g} s"
    return f"Spoken {_clock(spoken.speaking_seconds)} (measured) at {pace}; {gaps}"
