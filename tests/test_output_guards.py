"""Checks on model output, prompted by what the real 1.5B model wrote in the recorded cassettes.

The model's words come from the fake OpenAI-compatible server (``fakes.py``), scripted with
what the real model said where it said it, so each test goes through the same client code
the app uses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import FakeLLMServer, fake_llm
from sample_session import PANEL, RESEARCH, finished_session

from interview_coach.config import Settings
from interview_coach.followup.email import draft_email
from interview_coach.interview import Interview as Machine
from interview_coach.interview import Move
from interview_coach.llm.guards import ME, YOU, greets_interviewer, places_at, plain_answer
from interview_coach.llm.structured import strict_schema
from interview_coach.models import PanelMember, SessionSetup
from interview_coach.phrasing import Voice, greeting_text
from interview_coach.questions import PickedCompetencies, extract_competencies, load_competencies
from interview_coach.report.model import build_report
from interview_coach.star.grounding import check_grounded

SETUP = SessionSetup(
    role="Senior Software Engineer",
    company="Quaylift Robotics",
    seniority="senior",
    job_description="",
    interviewers=[PanelMember("Priya Ramanathan", "Director of Engineering")],
    num_questions=3,
)


def voice_on(settings: Settings, fake: FakeLLMServer, setup: SessionSetup = SETUP,
             found: list | None = None) -> Voice:  # fmt: skip
    """The interviewer's voice on the fake model; ``found`` is what every search returns."""
    return Voice(
        settings=settings,
        setup=setup,
        machine=Machine(setup.to_dict(), ["q1", "q2", "q3"]),
        competencies=load_competencies(Path(settings.knowledge_dir)),
        search=lambda query: list(found or []),
        llm=fake_llm(settings, fake)[1],
    )


def greet(settings: Settings, said: str, setup: SessionSetup = SETUP) -> str:
    with FakeLLMServer([said]) as fake:
        turn = voice_on(settings, fake, setup).say(Move("greet"))
        assert len(fake.requests) == 1
    assert turn.prompt_tokens > 0 and turn.notes == []  # a rejected wording is not a failure
    return turn.text


# --- 1. the greeting must not greet the interviewer it speaks as ----------------------------


def test_greeting_that_addresses_the_interviewer_persona_is_replaced(settings: Settings) -> None:
    recorded = (
        "Hello, Priya Ramanathan. I'm Director of Engineering at Quaylift Robotics. The "
        "interview will run for 3 behavioural questions."
    )
    assert greet(settings, recorded) == greeting_text(SETUP, 3)


def test_greeting_in_the_interviewers_own_voice_is_kept(settings: Settings) -> None:
    said = "Hello, I'm Priya Ramanathan, Director of Engineering. Thanks for coming in today."
    assert greet(settings, said) == said


@pytest.mark.parametrize(
    ("text", "addressed"),
    [
        ("Hi Priya, welcome to the interview.", True),
        ("Dear Ms. Ramanathan, thank you for joining.", True),
        ("Good morning, Tomasz! Let's begin.", True),
        ("Hello, I'm Priya and I'll be interviewing you.", False),
        ("Welcome! Priya here, from the platform team.", False),
        ("Hello Alex, I'm Priya.", False),  # the candidate's name is fine
        ("Thanks for joining, Priya speaking.", False),  # not a salutation
    ],
)
def test_greets_interviewer(text: str, addressed: bool) -> None:
    setup = SessionSetup(
        role="r",
        company="c",
        seniority="mid",
        job_description="",
        interviewers=[PanelMember("Priya Ramanathan", ""), PanelMember("Tomasz Kowalczyk", "")],
    )
    assert greets_interviewer(text, setup) is addressed


# --- 2. check_grounded: possessives and percentiles are not inventions ----------------------


def test_possessive_of_an_allowed_name_is_grounded() -> None:
    text = "I am interested in Quaylift Robotics' multi-vendor support and Dana's review."
    answer = "I worked with Dana on the linter."
    assert check_grounded(text, answer, extra_allowed=("Quaylift Robotics",)) == []
    assert check_grounded("I liked Tomasz' talk.", answer) == ["Tomasz"]  # still a name


def test_ordinal_percentile_matches_p_number() -> None:
    answer = "After three weeks p99 was down to 140 ms."
    assert check_grounded("p99 (the 99th percentile) fell to 140 ms.", answer) == []
    assert check_grounded("The 99th percentile latency fell.", answer) == []
    assert check_grounded("The 95th percentile fell, and p90 too.", answer) == ["95th", "p90"]
    assert check_grounded("It fell by 20 percent.", "It fell by 20%.") == []


# --- 3. report rewrites: plain text, and never set at the company being interviewed for ------

LABELLED = (
    "**Situation:** Last year one of our database replicas filled its disk on a Saturday "
    "night.\n\n**Task:** I was on call, so I was the first to respond.\n\n"
    "**Action:** I failed traffic over to the healthy replica and led the postmortem.\n\n"
    "**Result:** We added disk-usage alerts at 70% and a runbook for failover."
)
AT_COMPANY = (  # what the real model wrote for the third answer
    "**Situation:** I was working on a project at Quaylift Robotics where we encountered an "
    "issue with user names containing malicious scripts. The front-end lead, Dana, proposed "
    "escaping everything on output."
)
MOVED = "The suggested rewrite set your story at Quaylift Robotics"


def rewrites(settings: Settings, record, *said: str) -> list:
    with FakeLLMServer(list(said)) as fake:
        report = build_report(record, llm=fake_llm(settings, fake)[1])
        assert len(fake.requests) == len(said)
    return [q for q in report.questions if q.weak]


def test_rewrite_loses_markdown_labels_and_may_not_move_the_story(settings: Settings) -> None:
    q2, q3 = rewrites(settings, finished_session(), LABELLED, AT_COMPANY)
    assert q2.rewrite == (
        "Last year one of our database replicas filled its disk on a Saturday night.\n\n"
        "I was on call, so I was the first to respond.\n\n"
        "I failed traffic over to the healthy replica and led the postmortem.\n\n"
        "We added disk-usage alerts at 70% and a runbook for failover."
    )
    assert q2.notes == []
    assert q3.rewrite is None
    assert len(q3.notes) == 1 and q3.notes[0].startswith(MOVED), q3.notes


def test_rewrite_may_name_the_company_when_the_answer_does(settings: Settings) -> None:
    record = finished_session()
    turn = next(t for t in record.turns if t.kind == "answer" and t.question_id == "conf-001")
    turn.text = "I interned at Quaylift Robotics. " + turn.text
    ok = (
        "I interned at Quaylift Robotics. Dana, our front-end lead, wanted to escape everything "
        "on output, and we added a template linter."
    )
    q3 = rewrites(settings, record, LABELLED, ok)[1]
    assert q3.rewrite == ok and q3.notes == []


@pytest.mark.parametrize(
    ("text", "who", "placed"),
    [
        ("Tell me about your time at Quaylift?", YOU, True),
        ("How would you approach on-call at Quaylift Robotics?", YOU, True),
        ("At Quaylift we value ownership; tell me about a time you owned a service?", YOU, False),
        ("I was working on a project at Quaylift Robotics where we", ME, True),
        ("At Quaylift Robotics, I led the rollout.", ME, True),
        ("I led Quaylift Robotics' migration project.", ME, True),
        ("I worked at Parcelwise on route assignment.", ME, False),
        ("Quaylift's team sounds great.", ME, False),
    ],
)
def test_places_at(text: str, who: str, placed: bool) -> None:
    assert places_at(text, "Quaylift Robotics", who) is placed


def test_plain_answer_strips_headings_and_bold_only() -> None:
    text = "### Rewritten answer\n\n## Result: It worked.\n\nI was the **#1** person on __call__."
    assert plain_answer(text) == "It worked.\n\nI was the #1 person on call."


# --- 4. competency ids from the model are compared trimmed and case-blind --------------------


def test_llm_competency_ids_with_stray_spaces_and_case_still_count(settings: Settings) -> None:
    picked = '{"competencies": [" leadership", "Problem_Solving ", "juggling", "leadership"]}'
    with FakeLLMServer([picked]) as fake:
        found = extract_competencies(
            "Bake bread.", llm=fake_llm(settings, fake)[1], knowledge_dir=settings.knowledge_dir
        )
    assert found == [("leadership", 0.5), ("problem_solving", 0.5)]
    sent = fake.requests[0]["response_format"]["json_schema"]["schema"]  # from the model
    assert sent == strict_schema(PickedCompetencies) and sent["additionalProperties"] is False


# --- 5. an email kept on its second try says the first one failed ----------------------------


def test_email_kept_on_the_second_attempt_says_the_first_was_regenerated(
    settings: Settings,
) -> None:
    record = finished_session()
    good = draft_email(record, PANEL[0], RESEARCH, signature_name="Alex Morgan")
    assert good.passed and good.notes == []
    reply = f"Subject: {good.subject}\n\n{good.body}"
    invented = reply.replace("Thank you again", "Say hi to Jordan Blake. Thank you again")
    with FakeLLMServer([reply, invented, reply]) as fake:
        llm = fake_llm(settings, fake)[1]
        first = draft_email(record, PANEL[0], RESEARCH, llm, "Alex Morgan")
        second = draft_email(record, PANEL[0], RESEARCH, llm, "Alex Morgan")
        sent = json.dumps(fake.requests)
    assert first.source == second.source == "llm" and first.notes == []
    assert second.body == good.body and len(second.notes) == 1
    assert second.notes[0].startswith(
        "The first LLM draft failed the checks (Invents no names or numbers:"
    )
    assert "Jordan" in second.notes[0] and second.notes[0].endswith("this is the second draft.")
    assert "regenerated" not in sent  # notes are for the user, not the model


# --- 6. a question about the company is answered from research before the job description --


def test_the_model_reads_research_before_the_job_description_for_a_company_question(
    settings: Settings,
) -> None:
    """The model reads the top two passages: for "Who are their customers?" the job ad's
    requirements filled the first slot and research came second, or not at all."""
    from interview_coach.models import Hit

    def hit(text: str, source: str, score: float) -> Hit:
        return Hit(text=text, title="t", source=source, company="Quaylift Robotics",
                   collection="research", score=score)  # fmt: skip

    job = hit("Six or more years of software engineering experience with customers.",
              "/r/job-description.md", 0.6)  # fmt: skip
    notes = hit("Quaylift serves about 150 warehouse sites run by third-party logistics firms.",
                "/r/research.md", 0.5)  # fmt: skip
    said = "Mostly third-party logistics firms, across about 150 warehouse sites."
    for question, first, then in (
        ("Who are their customers?", "150 warehouse", "Six or more"),
        ("What experience are they looking for?", "Six or more", "150 warehouse"),
    ):
        with FakeLLMServer([said]) as fake:
            voice_on(settings, fake, found=[job, notes]).say(
                Move("answer_candidate", hint=question)
            )
        prompt = fake.requests[0]["messages"][-1]["content"]
        assert prompt.index(first) < prompt.index(then), prompt
