"""Spoken answers through the app: the ``/answer`` API with a recording, and the page's microphone.

The same espeak-ng recording of a known STAR answer goes through gradio_client (uploaded
with ``handle_file``) and through headless Chromium, whose fake capture device plays the
WAV into the page's microphone. Both must give a transcript within 15% word error, a
speaking time within 10% of the recording, and the STAR parts the typed text shows. The
browser test saves a screenshot of the answer's card with its delivery metrics.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CHROMIUM
from conftest import CHROMIUM_ARGS as ARGS
from test_browser import shot
from voice_samples import SPOKEN_STAR, needs_espeak, seconds, speak, word_error

from interview_coach import star
from interview_coach.config import Settings

pytestmark = [
    needs_espeak,
    pytest.mark.slow,
    pytest.mark.block_network(allowed_hosts=["127.0.0.1", "localhost"]),
    pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword)"),
]


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speak(SPOKEN_STAR, tmp_path_factory.mktemp("spoken") / "star.wav")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, start_app: Callable[..., str]) -> str:
    settings = Settings(llm_backend="none", data_dir=tmp_path_factory.mktemp("voice") / "data")
    return start_app(settings)


def _presence(evaluation: dict) -> dict[str, bool]:
    return {c: v["score"] > 0 for c, v in evaluation["components"].items()}


def _check_spoken(evaluation: dict, question: str, recording: Path) -> None:
    assert word_error(SPOKEN_STAR, evaluation["transcript"]) <= 0.15, evaluation["transcript"]
    length = seconds(recording)
    assert abs(evaluation["speaking_seconds"] - length) <= 0.1 * length
    assert evaluation["delivery"]["measured"] is True
    typed = star.evaluate(question, SPOKEN_STAR).to_dict()
    assert _presence(evaluation) == _presence(typed)


def test_the_answer_endpoint_takes_a_recording(app_url: str, spoken: Path, tmp_path: Path) -> None:
    from gradio_client import Client, handle_file
    from gradio_client.exceptions import AppError

    c = Client(app_url, verbose=False, download_files=False)

    def start() -> dict:
        return c.predict(
            role="Operations Manager",
            company="Acme Bakeries",
            job_description="Run deliveries for nine shops.",
            interviewers="Dana Reyes, Head of Operations",
            num_questions=2,
            mix="behavioural",  # a STAR question first, so the recording is scored on STAR
            api_name="/start_session",
        )

    s = start()
    out = c.predict(session_id=s["session_id"], audio=handle_file(spoken), api_name="/answer")
    ev = out["evaluation"]
    _check_spoken(ev, s["question"], spoken)
    assert isinstance(ev["words_per_minute"], int) and ev["pauses"] == []
    assert out["reply"]

    # Text and audio together: the text is what is scored, the recording gives the delivery.
    t = start()
    edited = SPOKEN_STAR.replace("nine shops", "nine bakeries")
    both = c.predict(
        session_id=t["session_id"], text=edited, audio=handle_file(spoken), api_name="/answer"
    )["evaluation"]
    assert both["word_count"] == len(edited.split())
    assert both["transcript"] != edited and both["words_per_minute"] > 0

    # A long answer as a browser records it (44.1 kHz WAV, 3.5 minutes, 18 MB): the upload
    # limit lets it through; the trailing silence is not speaking time.
    long_wav = tmp_path / "long.wav"
    subprocess.run(
        ["sox", str(spoken), "-r", "44100", str(long_wav), "pad", "0", "170"], check=True
    )
    assert long_wav.stat().st_size > 12 * 2**20
    u = start()
    long_ev = c.predict(
        session_id=u["session_id"], audio=handle_file(long_wav), api_name="/answer"
    )["evaluation"]
    assert long_ev["delivery"]["audio_seconds"] > 200
    assert abs(long_ev["speaking_seconds"] - seconds(spoken)) <= 0.1 * seconds(spoken)

    notes = tmp_path / "answer.mp3"
    notes.write_text("not a recording at all")
    with pytest.raises(AppError, match="answer.mp3 is not audio we can read"):
        c.predict(session_id=t["session_id"], audio=handle_file(notes), api_name="/answer")


@pytest.fixture(scope="module")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:  # one per process: a second would find the first's loop
        yield p


@pytest.fixture(scope="module")
def mic_browser(playwright, spoken: Path):  # noqa: ANN001
    fake_mic = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={spoken}%noloop",
    ]
    b = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS + fake_mic)
    yield b
    b.close()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
def test_speak_an_answer_in_the_browser(app_url: str, spoken: Path, mic_browser) -> None:  # noqa: ANN001
    page = mic_browser.new_context(
        permissions=["microphone"], viewport={"width": 1280, "height": 1100}
    ).new_page()
    try:
        speak_in_page(page, app_url, spoken)
    except Exception:
        shot(page, "voice-failure")
        raise


def _start_interview(page, url: str) -> None:  # noqa: ANN001
    page.goto(url)
    page.locator("#role").locator("textarea, input").first.fill("Operations Manager")
    company = page.locator("#company input").first
    company.fill("Acme Bakeries")
    company.press("Enter")
    page.get_by_label("Behavioural only").check()  # a STAR question first
    page.locator("#start").click()
    page.wait_for_selector("#chat .message")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
def test_a_browser_without_a_microphone_is_told_so(app_url: str, playwright) -> None:  # noqa: ANN001
    b = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)  # no capture device
    try:
        page = b.new_context().new_page()
        _start_interview(page, app_url)
        note = page.locator("#voice-mic-note")
        note.locator("text=No microphone found").wait_for(timeout=10_000)
        assert "upload a recording" in note.inner_text()
    finally:
        b.close()


def speak_in_page(page, url: str, spoken: Path) -> None:  # noqa: ANN001
    _start_interview(page, url)
    question = page.locator("#chat .message").first.inner_text()
    page.wait_for_function("() => window.__coachSpeech !== undefined")
    assert page.evaluate("() => window.__coachSpeech.asked") is False
    page.locator("#read-aloud input").check()  # headless Chromium has no voices: stays quiet
    page.wait_for_timeout(1500)
    assert page.locator("#answer-timer-value").inner_text() != "0:00"  # counting since shown
    assert page.locator("#voice-mic-note").inner_text().strip() == ""  # a microphone is there

    # Record: the fake microphone plays the WAV once (%noloop), then silence.
    page.locator("#mic button.record-button").click()
    page.wait_for_timeout(int((seconds(spoken) + 1.5) * 1000))
    page.locator("#mic").get_by_role("button", name="Stop", exact=True).click()
    page.wait_for_function(
        "() => document.querySelector('#answer textarea').value.length > 50", timeout=120_000
    )
    transcript = page.locator("#answer textarea").input_value()
    assert word_error(SPOKEN_STAR, transcript) <= 0.15, transcript
    status = page.locator("#voice-status").inner_text()
    assert re.search(r"Heard 0:\d\d of speech, \d+ words per minute", status), status

    # The candidate fixes a word before sending; the edit is what gets scored.
    page.locator("#answer textarea").fill(transcript + " I still use that route plan.")
    page.locator("#send").click()
    card = page.locator("#latest-card .star-card").first  # right under the chat
    card.locator(".star-delivery").wait_for(timeout=60_000)
    delivery = card.locator(".star-delivery").inner_text()
    m = re.search(r"Spoken (\d+):(\d\d) \(measured\) at (\d+) words per minute", delivery)
    assert m, delivery
    measured = int(m.group(1)) * 60 + int(m.group(2))
    assert abs(measured - seconds(spoken)) <= 0.1 * seconds(spoken) + 0.5
    assert "I still use that route plan" in card.inner_text()
    # Same STAR presence as the typed text.
    typed = star.evaluate(question.split("\n")[-1], SPOKEN_STAR).to_dict()
    for part, present in _presence(typed).items():
        badge = card.locator(f".star-badge[data-component='{part}']")
        assert (badge.get_attribute("data-score") != "0") == present, part
    # The recording was spent on this answer: the control is back to "Record".
    page.locator("#mic button.record-button").wait_for()
    # The probe that followed was meant to be read aloud; without voices nothing breaks.
    page.wait_for_function("() => window.__coachSpeech.asked === true")
    speech = page.evaluate("() => window.__coachSpeech")
    assert "error" not in speech, speech
    card.scroll_into_view_if_needed()
    time.sleep(0.3)
    card.screenshot(path=str(Path(__file__).parent / "artifacts" / "voice-card.png"))
    shot(page, "voice-interview")

    # The report's delivery section carries the measured pace and its chart.
    page.locator("#finish").click()
    report = page.locator("#report .report-inline")  # in the page itself, no frame
    report.locator("text=Interview feedback").first.wait_for()
    assert report.locator("text=measured from 1 recorded answer").count() == 1
    assert report.locator("img[alt='Speaking pace per recorded answer']").count() == 1
    shot(page, "voice-report")
