"""The STAR judge on the real local model (forced on), replayed from cassettes.

Recorded against llama.cpp's server (xllamacpp) on 127.0.0.1:8765 running
Qwen2.5-Coder-1.5B-Instruct (Q4_K_M). That model is not judge-capable by default (its scores
contradict its own text), which is exactly why this is worth recording: with
``INTERVIEW_COACH_JUDGE=on`` whatever it says must still come out as a checkable result. Every
shown quote is verbatim in the answer, invented quotes are counted, scores stay 0..2, and each
judge/rules disagreement is listed. To re-record, see ``cassettes/README.md``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from recorded import CASSETTES, WEAK, check_cassettes, judge_llm
from sample_session import A1, Q1

from interview_coach.llm.localserver import MODEL_ALIAS
from interview_coach.star import COMPONENTS, evaluate

CASSETTE_DIR = CASSETTES / Path(__file__).stem
WEAK_QUESTION = "Tell me about a time you improved a process."
UNAVAILABLE = "The AI judge was unavailable"


def check_judged(question: str, answer: str, tmp_path: Path) -> dict:
    """Evaluate with the judge and check every invariant that holds whatever it said."""
    settings, llm = judge_llm(tmp_path)
    ev = evaluate(question, answer, llm=llm, settings=settings).to_dict()
    rules = evaluate(question, answer, settings=settings).to_dict()
    assert rules["scorer"] == "rules" and "judge" not in rules

    for c in COMPONENTS:
        part = ev["components"][c]
        assert part["score"] in (0, 1, 2)
        for span in part["evidence"]:  # what the candidate sees highlighted is their own words
            assert answer[span["start"] : span["end"]] == span["text"], (c, span)
            assert span["text"].strip()

    if ev["scorer"] == "rules" and "judge" not in ev:  # the judge call or its reply failed
        assert any(n.startswith(UNAVAILABLE) for n in ev["notes"]), ev["notes"]
        assert ev["components"] == rules["components"]
        return ev

    info = ev["judge"]
    assert info["model"] == MODEL_ALIAS
    assert ev["scorer"] == ("llm+rules" if info["used"] else "rules")
    assert set(info["scores"]) == set(COMPONENTS)
    assert all(s in (0, 1, 2) for s in info["scores"].values())
    expected = [
        f"{c}: rules {rules['components'][c]['score']}, judge {info['scores'][c]}"
        for c in COMPONENTS
        if rules["components"][c]["score"] != info["scores"][c]
    ]
    assert info["disagreements"] == expected
    for c in COMPONENTS:  # each part is the judge's verified score or the rules' own
        if c in info["used"]:
            assert ev["components"][c]["score"] == info["scores"][c]
            assert bool(ev["components"][c]["evidence"]) == (info["scores"][c] > 0)
        else:
            assert ev["components"][c] == rules["components"][c]
    dropped = [n for n in ev["notes"] if n.startswith("Dropped ")]
    if info["dropped_quotes"]:
        assert len(dropped) == 1
        assert re.match(rf"Dropped {info['dropped_quotes']} judge quotes? not found", dropped[0])
    else:
        assert dropped == []
    unused = [c for c in COMPONENTS if c not in info["used"]]
    kept = [n for n in ev["notes"] if n.startswith("Rules score kept for")]
    assert bool(kept) == bool(unused)
    assert ev["missing"] == [c for c in COMPONENTS if ev["components"][c]["score"] == 0]
    return ev


@pytest.mark.vcr
def test_judge_on_a_complete_answer(tmp_path: Path, vcr) -> None:
    ev = check_judged(Q1, A1, tmp_path)
    # the rules already find all four parts here; a judge can only confirm with evidence
    assert all(ev["components"][c]["score"] >= 1 for c in COMPONENTS)
    if vcr.record_mode == "none":
        assert vcr.all_played and vcr.play_count == len(vcr)


@pytest.mark.vcr
def test_judge_on_an_answer_without_a_result(tmp_path: Path, vcr) -> None:
    ev = check_judged(WEAK_QUESTION, WEAK, tmp_path)
    # nothing in the answer says how it ended: no verified quote can lift the result
    assert ev["components"]["result"]["score"] == 0 or ev["components"]["result"]["evidence"]
    if vcr.record_mode == "none":
        assert vcr.all_played and vcr.play_count == len(vcr)


def test_cassettes_hold_real_calls_and_no_secrets() -> None:
    check_cassettes(
        CASSETTE_DIR,
        {"test_judge_on_a_complete_answer", "test_judge_on_an_answer_without_a_result"},
    )
