"""A panel that takes turns: who asks what, who says so, and the name that signs the notes."""

from __future__ import annotations

import pytest
from sample_session import RESEARCH, STAR_ANSWERS

from interview_coach.config import Settings
from interview_coach.errors import InputError
from interview_coach.models import PanelMember, SessionSetup
from interview_coach.panel import affinity, assign_askers
from interview_coach.session import Coach
from interview_coach.web import render as ui

HEAD = PanelMember("Maya Lindqvist", "Head of Operations")
PEER = PanelMember("Sam Okafor", "Senior Analyst")


def test_a_head_of_asks_about_leading_and_a_peer_about_the_day_to_day() -> None:
    questions = [["leadership"], ["problem_solving"], ["teamwork"], ["stakeholder_management"]]
    assert assign_askers(questions, [PEER, HEAD]) == [
        HEAD.name, PEER.name, PEER.name, HEAD.name,
    ]  # fmt: skip
    assert affinity(HEAD, {})["leadership"] > affinity(PEER, {}).get("leadership", 0)


def test_everyone_on_the_panel_asks_at_least_once_and_the_lead_takes_the_extra() -> None:
    three = [PanelMember("A Lead", "Director"), PEER, PanelMember("C Peer", "Designer")]
    leading = [["leadership"]] * 4  # all "senior" questions: still shared out
    askers = assign_askers(leading, three)
    assert sorted(askers.count(p.name) for p in three) == [1, 1, 2]
    assert askers.count("A Lead") == 2
    assert assign_askers([["teamwork"]] * 2, [HEAD]) == [HEAD.name] * 2
    assert assign_askers([["teamwork"]], []) == [""]


def test_a_title_naming_a_competency_pulls_its_questions() -> None:
    keywords = {"customer_focus": ("customer",)}
    cs = PanelMember("Ola Berg", "Head of Customer Success")
    got = assign_askers([["problem_solving"], ["customer_focus"]], [PEER, cs], keywords)
    assert got == [PEER.name, cs.name]


@pytest.fixture
def coach(tmp_path) -> Coach:
    return Coach(Settings(llm_backend="none", data_dir=tmp_path / "data"))


def panel_setup() -> SessionSetup:
    """Three questions for a head of operations and an analyst, signed by Alex Morgan."""
    return SessionSetup(
        role="Operations Analyst", company="Clinibell Health", num_questions=3,
        interviewers=[HEAD, PEER], candidate_name="Alex Morgan", mix="behavioural",
    )  # fmt: skip


def run(coach: Coach, setup: SessionSetup, user: str = "local") -> str:
    step = coach.start(setup, user=user, seed="panel-1")
    i = 0
    while not step.done:
        text = "No, that's all." if step.state == "candidate_questions" else STAR_ANSWERS[i % 3]
        i += 1
        step = coach.answer(step.session_id, text, user=user)
    return step.session_id


def test_a_two_person_panel_takes_turns_and_each_introduces_themselves(coach) -> None:
    setup = panel_setup()
    sid = run(coach, setup)
    record = coach.get(sid)
    said = [t for t in record.turns if t.speaker == "interviewer"]
    assert all(t.interviewer in (HEAD.name, PEER.name) for t in said)
    asked = [t for t in said if t.kind == "question" and t.question_id]
    assert {t.interviewer for t in asked} == {HEAD.name, PEER.name}
    assert said[0].kind == "greeting" and said[0].interviewer == HEAD.name
    assert f"I'm {HEAD.name}, {HEAD.title}, and with me is {PEER.name}" in said[0].text
    first_by_peer = next(t for t in asked if t.interviewer == PEER.name)
    assert f"I'm {PEER.name}, {PEER.title}." in first_by_peer.text
    assert sum(f"I'm {PEER.name}" in t.text for t in said) == 1  # introduced once
    probes = [t for t in said if t.kind == "probe"]
    for probe in probes:  # a follow-up comes from whoever asked the question
        q = next(t for t in asked if t.question_id == probe.question_id)
        assert probe.interviewer == q.interviewer
    chat = ui.chat_messages(record.turns)
    assert chat[0]["content"].startswith(f"**{HEAD.name}:** Hello")


def test_the_candidates_name_is_asked_once_and_remembered_per_user(coach) -> None:
    base = {"role": "Analyst", "company": "Clinibell Health", "num_questions": 1}
    assert coach.candidate_name("ann") == ""
    run(coach, SessionSetup(**base, candidate_name="  Ann   Lee "), user="ann")
    run(coach, SessionSetup(**base), user="bob")
    assert coach.candidate_name("ann") == "Ann Lee" and coach.candidate_name("bob") == ""
    with pytest.raises(InputError, match="Your name"):
        coach.start(SessionSetup(**base, candidate_name="x" * 121))


def test_notes_to_a_real_panel_are_about_what_each_person_asked(coach) -> None:
    setup = panel_setup()
    sid = run(coach, setup)
    coach.finish(sid)
    research = [*RESEARCH[:1], "Clinibell Health serves about 3,400 clinics across the UK."]
    notes = [coach.thank_you(sid, p.name, research=research) for p in (HEAD, PEER)]
    for note in notes:
        assert {c.name: c.detail for c in note.checks if not c.passed} == {}, note.body
        assert note.body.endswith("Alex Morgan")
    assert notes[0].subject != notes[1].subject


def test_a_vague_answer_is_never_named_as_a_story_and_a_borrowed_result_says_whose_question(
    coach,
) -> None:
    """One good story (to the first asker), a vague non-answer to the second: the second note
    must not recall "the time we all pitched in", nor restate the first note's words as if
    they answered this person's question."""
    setup = panel_setup()
    setup.num_questions = 2
    step = coach.start(setup, seed="panel-1")
    vague = "we just all pitched in really, the team was great and it worked out fine."
    plan = iter([STAR_ANSWERS[0], vague])
    while not step.done:
        last = step.turns[-1]
        if step.state == "candidate_questions":
            text = "No, that's all."
        elif last.kind == "probe":
            text = "Sorry, I'm not sure."  # a pass: the interviewer moves on
        else:
            text = next(plan)
        step = coach.answer(step.session_id, text)
    record = coach.get(step.session_id)
    askers = [t.interviewer for t in record.turns if t.kind == "question" and t.question_id]
    good_asker, vague_asker = askers[0], askers[1]
    assert good_asker != vague_asker
    first = coach.thank_you(step.session_id, good_asker)
    second = coach.thank_you(step.session_id, vague_asker)
    assert "pitched in" not in second.body
    assert f"As I said when {good_asker.split()[0]} asked about" in second.body
    lines_first = {s.strip() for s in first.body.split(".") if len(s.split()) > 6}
    lines_second = {s.strip() for s in second.body.split(".") if len(s.split()) > 6}
    assert not (lines_first & lines_second), lines_first & lines_second


def test_the_note_to_whoever_opened_the_interview_names_what_they_asked_about(coach) -> None:
    setup = panel_setup()
    setup.mix, setup.num_questions = "full", 3
    step = coach.start(setup, seed="panel-1")
    opening = (
        "I'm an operations analyst at a regional clinic group, four years in. I'm best at "
        "turning messy booking data into rotas people trust; last year that cut no-shows by 18%."
    )
    why = (
        "I read that Clinibell serves 3,400 clinics, and I want to work on scheduling at "
        "that scale."
    )
    answers = iter([opening, why, *STAR_ANSWERS])
    while not step.done:
        if step.state == "candidate_questions":
            text = "No, that's all."
        elif step.turns[-1].kind == "probe":
            text = "Sorry, I'm not sure."
        else:
            text = next(answers)
        step = coach.answer(step.session_id, text)
    record = coach.get(step.session_id)
    first = next(t for t in record.turns if t.kind == "question" and t.question_id)
    assert first.question_id.startswith("open")
    note = coach.thank_you(step.session_id, first.interviewer)
    assert "my background" in note.body
