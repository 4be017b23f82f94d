"""`interview-coach evaluate`: the JSON contract, the readable card, and clear errors."""

from __future__ import annotations

import json

import pytest

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
