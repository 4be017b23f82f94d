"""`interview-coach evaluate`: the JSON contract, the readable card, and clear errors."""

from __future__ import annotations

import json

import pytest
from voice_samples import (
    SPOKEN_QUESTION,
    SPOKEN_STAR,
    convert,
    needs_espeak,
    seconds,
    speak,
    word_error,
)

from interview_coach.cli.commands import main

Q = "Tell me about a time you improved a process."
ANSWER = (
    "Last spring I was the shift lead at a busy garden centre, and click-and-collect orders "
    "were often not ready when customers arrived. My manager asked me to get the "
    "ready-on-arrival rate above 95% before the summer peak. I set up a printer at the tills, "
    "gave one person per shift the job of picking orders every hour, and added a shelf by the "
    "entrance. Within six weeks 98% of orders were ready on arrival."
)
CONTRACT = {
    "components": dict,
    "quantified_result": bool,
    "ownership": str,
    "hypothetical": bool,
    "relevance": float,
    "word_count": int,
    "speaking_seconds": float,
    "fillers": dict,
    "missing": list,
    "tips": list,
    "follow_up": str,
    "scorer": str,
    "notes": list,
}


@pytest.fixture(autouse=True)
def offline_env(monkeypatch, tmp_path):
    monkeypatch.setenv("INTERVIEW_COACH_LLM", "none")
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(tmp_path / "data"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["evaluate", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_output_follows_the_contract(capsys):
    code, out, _ = run(capsys, "--question", Q, "--answer", ANSWER, "--json")
    assert code == 0
    data = json.loads(out)
    for key, kind in CONTRACT.items():
        assert isinstance(data[key], kind), key
    assert set(data["components"]) == {"situation", "task", "action", "result"}
    for comp in data["components"].values():
        assert comp["score"] in (0, 1, 2)
        for span in comp["evidence"]:
            assert ANSWER[span["start"] : span["end"]] == span["text"]
    assert data["ownership"] in ("i", "we", "mixed") and data["scorer"] == "rules"
    assert set(data["fillers"]) >= {"count", "per_100_words"}
    assert 0.0 <= data["relevance"] <= 1.0
    assert data["components"]["result"]["score"] == 2 and data["quantified_result"] is True


def test_answer_file_and_llm_auto_without_a_backend(capsys, tmp_path):
    path = tmp_path / "answer.txt"
    path.write_text(ANSWER, encoding="utf-8")
    code, out, _ = run(
        capsys, "--question", Q, "--answer-file", str(path), "--llm", "auto", "--json"
    )
    assert code == 0
    assert json.loads(out)["components"]["task"]["score"] == 2


def test_readable_card(capsys):
    code, out, _ = run(capsys, "--question", Q, "--answer", ANSWER)
    assert code == 0
    assert "Situation  \u25cf\u25cf  clear" in out
    assert "Follow-up question:" in out and "Your answer as STAR:" in out


@pytest.mark.parametrize("blank", ["", "   \n "])
def test_empty_answer_exits_2_with_a_clear_message(capsys, blank):
    code, out, err = run(capsys, "--question", Q, "--answer", blank, "--json")
    assert code == 2 and out == ""
    assert err.startswith("interview-coach: the answer is empty")
    assert "Traceback" not in err


def test_missing_answer_file_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "--question", Q, "--answer-file", str(tmp_path / "nope.txt"))
    assert code == 2 and "answer file not found" in err


def test_binary_answer_file_exits_2(capsys, tmp_path):
    path = tmp_path / "answer.bin"
    path.write_bytes(b"\xff\xfe\x00\x81 not text")
    code, _, err = run(capsys, "--question", Q, "--answer-file", str(path))
    assert code == 2 and "not UTF-8" in err


def test_empty_question_exits_2(capsys):
    code, _, err = run(capsys, "--question", "  ", "--answer", ANSWER)
    assert code == 2 and "--question is empty" in err


# --- spoken answers (--audio) -------------------------------------------------------------------


@needs_espeak
def test_audio_answer_prints_the_evaluation_with_measured_delivery(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    from interview_coach import star

    wav = speak(SPOKEN_STAR, tmp_path / "answer.wav")
    m4a = convert(wav, ".m4a")  # what a phone's voice memo app saves
    assert main(["evaluate", "--question", SPOKEN_QUESTION, "--audio", str(m4a), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key, kind in CONTRACT.items():
        assert isinstance(out[key], kind), key
    assert word_error(SPOKEN_STAR, out["transcript"]) <= 0.15, out["transcript"]
    length = seconds(wav)
    assert abs(out["speaking_seconds"] - length) <= 0.1 * length
    assert 130 <= out["words_per_minute"] <= 200  # espeak-ng reads at about 160-175
    assert out["pauses"] == []
    typed = star.evaluate(SPOKEN_QUESTION, SPOKEN_STAR).to_dict()
    present = {c: v["score"] > 0 for c, v in out["components"].items()}
    assert present == {c: v["score"] > 0 for c, v in typed["components"].items()}
    # The readable card says the delivery was measured, and shows what was heard.
    assert main(["evaluate", "--question", SPOKEN_QUESTION, "--audio", str(wav)]) == 0
    card = capsys.readouterr().out
    assert "(measured) at" in card and "Transcript: Last year I ran operations" in card


def test_answer_and_audio_together_is_one_clear_error(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", "--question", Q, "--answer", ANSWER, "--audio", "a.wav"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "interview-coach: --answer and --audio cannot be used together: give the answer as "
        "text or as a recording, not both"
    )
    assert main(["evaluate", "--question", Q]) == 2
    assert "--answer TEXT, --answer-file FILE or --audio FILE" in capsys.readouterr().err


def test_unreadable_audio_is_one_line_not_a_traceback(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "answer.webm"
    notes.write_text("not a recording")
    assert main(["evaluate", "--question", Q, "--audio", str(notes)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "answer.webm is not audio we can read" in err
    assert main(["evaluate", "--question", Q, "--audio", str(tmp_path / "none.wav")]) == 2
    assert "no audio:" in capsys.readouterr().err
