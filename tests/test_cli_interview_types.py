"""The whole interview from the command line: a session opens with an opening and a
motivation question, and `evaluate` checks "why us?" answers against the company's research."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sample_session import A1

from interview_coach.cli.commands import main

ROOT = Path(__file__).resolve().parents[1]
COMPANIES = ROOT / "tests" / "data" / "interview_types" / "companies"
WHY = "Why do you want to work at {}?"
OPENING = (
    "I'm a depot operations manager at Northgate Logistics, with seven years in warehouse and "
    "transport operations. I lead teams across three shifts, including 95 drivers, and I cut "
    "driver turnover from 34% to 19% by rebuilding the rotas. I also own on-time delivery and "
    "cost per parcel for the depot, and I moved on-time delivery from 91% to 97%. I'm applying "
    "now because I want to open a new site, and the Leicester hub is exactly that."
)
CITING = (
    "Mainly the Leicester hub: I read that you're opening it in spring 2027 with 40 loading "
    "bays, and opening a new site is what I want to do next in my career."
)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store with two companies' research: Kestrel's has the Leicester hub, Brisa's not."""
    data = tmp_path_factory.mktemp("types") / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INTERVIEW_COACH_DATA_DIR", str(data))
        mp.setenv("INTERVIEW_COACH_LLM", "none")
        assert (
            main(["ingest", str(COMPANIES / "kestrel-freight"), "--company", "Kestrel Freight"])
            == 0
        )
        assert main(["ingest", str(COMPANIES / "brisa-bank"), "--company", "Brisa Bank"]) == 0
    return data


@pytest.fixture
def env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(data_dir))
    monkeypatch.setenv("INTERVIEW_COACH_LLM", "none")
    return data_dir


def evaluate(capsys, answer: str, company: str, *extra: str) -> dict:
    capsys.readouterr()
    code = main(["evaluate", "--question", WHY.format(company), "--answer", answer,
                 "--company", company, "--json", *extra])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def criterion(result: dict, name: str) -> dict:
    return next(c for c in result["criteria"] if c["name"] == name)


def test_a_researched_fact_is_found_quoted_with_its_file(env, capsys) -> None:
    result = evaluate(capsys, CITING, "Kestrel Freight")
    assert result["question_type"] == "motivation"
    assert "components" not in result  # not scored on STAR
    research = criterion(result, "research_fact")
    assert research["met"] is True
    src = next(s for s in research["sources"] if "2027" in s["text"])
    assert src["source"] == "news.md"
    assert "spring 2027, with 40 loading bays" in src["quote"]
    assert CITING[src["start"] : src["end"]] == src["text"]
    for e in research["evidence"]:
        assert CITING[e["start"] : e["end"]] == e["text"]
    assert set(research) >= {"name", "met", "evidence", "tip"}


def test_the_same_answer_for_a_company_without_that_fact_does_not_meet_it(env, capsys) -> None:
    result = evaluate(capsys, CITING, "Brisa Bank")
    research = criterion(result, "research_fact")
    assert research["met"] is False
    assert research["sources"] == []
    assert any(c["note"] == "not in your research" for c in research["not_in_research"])
    assert "not in your research" in research["tip"]


def test_generic_praise_meets_neither_research_nor_specificity(env, capsys) -> None:
    result = evaluate(capsys, "It's a great company with a great culture.", "Kestrel Freight")
    assert criterion(result, "research_fact")["met"] is False
    assert criterion(result, "specific")["met"] is False
    assert criterion(result, "no_generic_praise")["met"] is False
    assert result["follow_up"].endswith("?")
    # what to add is drawn from Kestrel's own research files
    assert result["to_add"] and {a["source"] for a in result["to_add"]} <= {
        "research.md",
        "news.md",
    }


def test_the_type_can_be_given_and_behavioural_keeps_the_star_contract(env, capsys) -> None:
    answer = "I'm a depot manager with eight years in transport, and I want to open a new hub."
    code = main(["evaluate", "--question", "Before we start, a little about you?", "--answer",
                 answer, "--type", "opening", "--json"])  # fmt: skip
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["question_type"] == "opening"
    assert criterion(result, "present_role")["met"] is True
    code = main(["evaluate", "--question", "Tell me about a time you fixed a process.",
                 "--answer", answer, "--json"])  # fmt: skip
    result = json.loads(capsys.readouterr().out)
    assert result["question_type"] == "behavioural" and "components" in result


def test_a_four_question_session_opens_with_opening_and_motivation(env, tmp_path, capsys) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text(
        "\n\n".join(
            [OPENING, CITING, A1, A1.replace("Parcelwise", "Routely"), "No, that's all, thanks."]
        )
        + "\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    code = main(["practice", "--company", "Kestrel Freight", "--role", "Depot Operations "
                 "Manager", "--questions", "4", "--answers", str(answers), "--json",
                 "--seed", "0"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    turns = json.loads(out)["turns"]
    asked = [t for t in turns if t["kind"] == "question" and "question_type" in t]
    assert [t["question_type"] for t in asked] == [
        "opening", "motivation", "behavioural", "behavioural"
    ]  # fmt: skip
    answered = [t["evaluation"] for t in turns if t["kind"] == "answer" and t["evaluation"]]
    assert answered[0]["question_type"] == "opening" and "criteria" in answered[0]
    assert answered[1]["question_type"] == "motivation"
    assert criterion(answered[1], "research_fact")["met"] is True
    assert answered[-1]["question_type"] == "behavioural" and "components" in answered[-1]


def test_the_report_has_a_section_per_type_and_the_email_can_reuse_strengths(
    env, tmp_path, capsys
) -> None:
    from interview_coach.config import load_settings
    from interview_coach.report.types import claimed_strengths
    from interview_coach.storage import Store

    answers = tmp_path / "answers.txt"
    answers.write_text("\n\n".join([OPENING, CITING, A1, A1, "No, that's all."]) + "\n")
    capsys.readouterr()
    args = ["practice", "--company", "Kestrel Freight", "--role", "Depot Operations Manager",
            "--questions", "3", "--answers", str(answers), "--json", "--seed", "0"]  # fmt: skip
    assert main(args) == 0
    sid = json.loads(capsys.readouterr().out)["session_id"]
    assert main(["report", sid]) == 0
    md = capsys.readouterr().out
    assert "## Tell me about yourself" in md and "## Why us, why this role" in md
    assert "Your value proposition, as you said it" in md
    assert "I'm a depot operations manager at Northgate Logistics" in md
    assert "Strengths you claimed that the job asks for" in md
    assert "news.md" in md  # the research file the motivation fact came from
    assert "questions answered" in md  # opening and motivation count as answered questions
    record = Store(load_settings().db_url).get_session(sid, "local")
    strengths = claimed_strengths(record)
    assert len(strengths) >= 2
    for s in strengths:
        assert s["evidence"] in OPENING and s["requirement"]
