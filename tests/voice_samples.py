"""Spoken test answers: espeak-ng reads a text, sox and PyAV turn it into each upload format.

espeak-ng's robotic voice is harder for Whisper than a person reading clearly (the issue
measured ~7% word error on it against ~0% on clean human speech), so passing on it is a
fair bar. ``word_error`` normalises both sides the way a reader would compare them:
case, punctuation and digits against number words do not count as errors.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

# A STAR answer written for these tests (logistics, not software, unlike the scorer's
# calibration answers): every part present, with a number in the result.
SPOKEN_STAR = (
    "Last year I ran operations for a small bakery chain with nine shops. Our delivery vans "
    "arrived late at almost half of the shops every morning, and the shop managers were "
    "losing sales. My task was to get the deliveries on time before the summer season. I "
    "rode along with the drivers for a week, mapped every route, and moved the loading of "
    "the vans from six in the morning to the evening before. I also gave each driver a "
    "printed route with the shops in a better order. As a result, late deliveries fell from "
    "forty percent to five percent within two months, and we saved about three hundred "
    "pounds a week on fuel."
)
SPOKEN_QUESTION = "Tell me about a time you improved a process that was failing."

needs_espeak = pytest.mark.skipif(
    not (shutil.which("espeak-ng") and shutil.which("sox")),
    reason="espeak-ng and sox are needed to make test audio (.ci/run installs them)",
)


def speak(text: str, dest: Path, *, wpm: int = 160) -> Path:
    """``text`` read by espeak-ng into a 48 kHz mono WAV (the rate browsers record at)."""
    raw = dest.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(wpm), "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "48000", "-c", "1", str(dest)], check=True)
    raw.unlink()
    return dest


def seconds(path: Path) -> float:
    out = subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True)
    return float(out.stdout)


_CODECS = {".mp3": "libmp3lame", ".m4a": "aac", ".webm": "libopus"}


def convert(wav: Path, suffix: str) -> Path:
    """The WAV re-encoded as MP3, M4A (AAC) or WEBM (Opus) with PyAV's bundled FFmpeg."""
    import av

    dest = wav.with_suffix(suffix)
    with av.open(str(wav)) as inp, av.open(str(dest), "w") as out:
        stream = out.add_stream(_CODECS[suffix], rate=48000)
        for frame in inp.decode(audio=0):
            frame.pts = None
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return dest


_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _number_words(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _UNITS[n % 10])
    if n < 1000:
        rest = n % 100
        return _UNITS[n // 100] + " hundred" + ("" if rest == 0 else " " + _number_words(rest))
    rest = n % 1000
    return _number_words(n // 1000) + " thousand" + ("" if rest == 0 else " " + _number_words(rest))


def normalise(text: str) -> list[str]:
    text = text.lower().replace("%", " percent").replace("-", " ")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"\d+", lambda m: " " + _number_words(int(m.group())) + " ", text)
    return re.sub(r"[^a-z' ]+", " ", text).split()


def word_error(reference: str, hypothesis: str) -> float:
    """Word error rate: edits (substitutions, insertions, deletions) per reference word."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / max(1, len(ref))
