"""Thank-you emails: grounded drafts per interviewer, the rubric, LLM checks, and exports."""

from __future__ import annotations

import email
import re
from datetime import timedelta
from email import policy
from urllib.parse import parse_qs, urlsplit

import pytest
from fakes import FakeLLMServer, Reply
from sample_session import A1, PANEL, RESEARCH, finished_session

from interview_coach.errors import InputError
from interview_coach.followup.email import (
    draft_email,
    draft_emails,
    mailto_link,
    plan_email,
    research_sentences,
    to_eml,
    to_text,
)
from interview_coach.followup.rubric import (
    check_email,
    find_interviewer,
    interview_end,
    question_topic,
)
from interview_coach.llm.client import LLM, select_backend

RECORD = finished_session()
ALL_CHECKS = [
    "subject", "greeting", "role", "company", "thanks", "specific_topic", "strength", "research",
    "own_words", "no_weakness", "distinct", "no_placeholder", "signed", "low_pressure_close",
    "length", "grounded", "send_by",
]  # fmt: skip


def failed(checks) -> dict[str, str]:
    return {c.name: c.detail for c in checks if not c.passed}


@pytest.fixture(scope="module")
def emails():
    return draft_emails(RECORD, RESEARCH, signature_name="Alex Morgan")


def test_template_email_passes_every_check_for_each_panel_member(emails) -> None:
    assert [e.to for e in emails] == [p.name for p in PANEL]
    for e in emails:
        assert [c.name for c in e.checks] == ALL_CHECKS
        assert failed(e.checks) == {}, e.body
        assert e.source == "template" and e.notes == []
        assert e.subject.startswith("Thank you \u2013 Senior Software Engineer interview (")
        assert e.body.startswith(f"Hi {e.to.split()[0]},\n\n")
        assert e.body.endswith("regards,\nAlex Morgan")
        assert 100 <= len(e.body.split()) <= 200


def test_panel_emails_differ_in_topic_story_research_and_subject(emails) -> None:
    priya, tomasz = emails
    # each names what that person asked (Priya the incident and the disagreement, Tomasz
    # the piece of work owned end to end), as a theme, never the question itself
    assert "your questions about delivering under pressure and working through a" in priya.body
    assert "database replicas filled its disk" in priya.body
    assert "our conversation about owning work end to end" in tomasz.body
    assert "route-assignment service" in tomasz.body and "route-assignment" not in priya.body
    assert "99.95% fleet availability" in priya.body and "Conductor 5" in tomasz.body
    assert priya.subject != tomasz.subject
    assert "Tomasz" not in priya.body and "Priya" not in tomasz.body
    for e in emails:
        assert "[your name]" not in e.body and "didn't make" not in e.body


def test_email_facts_come_from_the_session(emails) -> None:
    priya, tomasz = (e.body for e in emails)
    assert "I failed traffic over to the healthy replica" in priya  # her question's answer
    assert "after three weeks p99 was down to 140 ms" in tomasz  # the candidate's own result
    assert "the service-level objective is 99.95% fleet availability" in priya  # research
    assert emails[0].send_by == (interview_end(RECORD) + timedelta(hours=24)).isoformat(
        timespec="minutes"
    )
    assert emails[0].send_by == "2026-11-21T14:27+00:00"


def test_an_email_naming_a_person_or_number_not_in_the_session_fails(emails) -> None:
    e = emails[1]
    person = e.body.replace(
        "I appreciated the", "Please pass my thanks to Jordan Blake. I appreciated the"
    )
    bad = failed(
        check_email(e.subject, person, RECORD, e.to, RESEARCH, signature_name="Alex Morgan")
    )
    assert list(bad) == ["grounded"] and "Jordan" in bad["grounded"]
    number = e.body.replace("140 ms", "140 ms, and costs fell by 37%")
    bad = failed(
        check_email(e.subject, number, RECORD, e.to, RESEARCH, signature_name="Alex Morgan")
    )
    assert list(bad) == ["grounded"] and "37" in bad["grounded"]


def test_the_senders_own_name_under_the_sign_off_is_not_an_invention(emails) -> None:
    e = emails[0]
    signed = e.body.replace("Alex Morgan", "Robin Quartermaine")
    assert failed(check_email(e.subject, signed, RECORD, "Priya", RESEARCH)) == {}
    smuggled = signed.replace("Best regards,", "Quartermaine Consulting sends regards.")
    assert "grounded" in failed(check_email(e.subject, smuggled, RECORD, "Priya", RESEARCH))
    # with the candidate's name known, the note must be signed with it
    bad = failed(check_email(e.subject, signed, RECORD, "Priya", RESEARCH,
                             signature_name="Alex Morgan"))  # fmt: skip
    assert list(bad) == ["signed"] and "Alex Morgan" in bad["signed"]


def test_the_rubric_names_each_broken_guideline() -> None:
    body = (
        "Hi Tomasz,\n\nGreat to meet you today. I am the best person for this role and I "
        "expect to hear from you soon.\n\nAlex"
    )
    bad = failed(check_email("Interview", body, RECORD, PANEL[0], RESEARCH))
    assert set(bad) == {
        "subject", "greeting", "role", "company", "thanks", "specific_topic", "strength",
        "research", "signed", "low_pressure_close", "length",
    }  # fmt: skip
    assert "not Tomasz Kowalczyk's" in bad["greeting"]
    assert "expect to hear" in bad["low_pressure_close"]
    assert bad["length"].startswith("24 words")


def test_an_edited_email_is_judged_on_its_own_text(emails) -> None:
    edited = emails[1].body.replace(
        "I appreciated the conversation, and I look forward to hearing from you about next steps.",
        "Cheers.",
    )
    bad = failed(check_email(emails[1].subject, edited, RECORD, "tomasz", RESEARCH,
                             signature_name="Alex Morgan"))  # fmt: skip
    assert list(bad) == ["low_pressure_close"]


def test_late_sending_is_flagged_only_when_the_time_is_known(emails) -> None:
    e = emails[0]
    end = interview_end(RECORD)
    late = check_email(e.subject, e.body, RECORD, "Priya", RESEARCH, signature_name="Alex Morgan",
                       now=end + timedelta(hours=25))  # fmt: skip
    assert list(failed(late)) == ["send_by"]
    on_time = check_email(e.subject, e.body, RECORD, "Priya", RESEARCH,
                          signature_name="Alex Morgan", now=end + timedelta(hours=2))  # fmt: skip
    assert failed(on_time) == {}


def test_without_research_the_email_says_so_and_still_passes_the_rest() -> None:
    e = draft_email(RECORD, "Priya Ramanathan", [], signature_name="Alex Morgan")
    assert list(failed(e.checks)) == ["research"]
    assert "no company research was available" in failed(e.checks)["research"]
    assert e.notes == ["No company research was available, so none is cited."]
    assert f"I would love to join {RECORD.setup.company}" in e.body


def test_the_candidates_name_from_the_setup_signs_the_note() -> None:
    record = finished_session()
    record.setup.candidate_name = "Alex Morgan"
    e = draft_email(record, "Tomasz", RESEARCH)
    assert e.body.endswith("Alex Morgan") and failed(e.checks) == {}
    record.setup.candidate_name = ""
    unsigned = draft_email(record, "Tomasz", RESEARCH)
    assert set(failed(unsigned.checks)) == {"no_placeholder", "signed"}
    assert any("Add your name" in n for n in unsigned.notes)


def test_unknown_interviewer_lists_the_panel() -> None:
    with pytest.raises(InputError, match="Priya Ramanathan, Tomasz Kowalczyk"):
        find_interviewer(RECORD, "Sam")
    assert find_interviewer(RECORD, "PRIYA").name == "Priya Ramanathan"


def test_questions_are_turned_into_topics_in_the_candidates_voice() -> None:
    assert question_topic("Describe a time you were responsible for a crisis.") == (
        "a time I was responsible for a crisis"
    )
    assert question_topic(
        "Tell me about a time you had to lead a group that didn't trust you."
    ) == ("a time I had to lead a group that didn't trust me")
    assert question_topic("What's the hardest problem you have solved?") == (
        "the hardest problem I have solved"
    )
    # "you" is the subject after most verbs, an object after a person-taking verb.
    assert question_topic("Tell me about a time you held your team to a standard.") == (
        "a time I held my team to a standard"
    )
    assert question_topic("Describe a time you realised you had made a mistake.") == (
        "a time I realised I had made a mistake"
    )
    assert question_topic("Tell me about a time your manager asked you to cut scope.") == (
        "a time my manager asked me to cut scope"
    )


def test_the_topic_is_the_asking_sentence_without_the_interviewers_preamble() -> None:
    spoken = (
        "Thank you. Tell me about a time you made a mistake that affected other people. "
        "I'm asking because this role calls for learning from failure."
    )
    assert question_topic(spoken) == "a time I made a mistake that affected other people"


def test_long_evidence_is_cut_at_a_comma_never_inside_a_phrase() -> None:
    record = finished_session()
    result = record.turns[2].evaluation.components["result"]["evidence"][0]
    long_quote = "After three weeks p99 was down to 140 ms, timeouts dropped from about 2,000 a day"
    result.update(start=A1.index(long_quote), end=A1.index(long_quote) + len(long_quote))
    result["text"] = long_quote + " to under 50"
    facts = plan_email(record, PANEL[1], RESEARCH, "Alex")  # Tomasz asked this one
    assert facts["strength_part"] == "result"
    assert facts["strength"] == "after three weeks p99 was down to 140 ms"


def test_research_sentences_drop_markdown_and_job_ad_lines() -> None:
    got = research_sentences(RESEARCH + ["You will report to the director of the whole team."])
    assert got[0].startswith("On 22 April 2026, Conductor 5 launched")
    assert all("**" not in s and not s.startswith("#") for s in got)
    assert not any("You will" in s for s in got)
    titled = "Brightwave notes (collected from reviews and press)\n\nBrightwave grew fast in 2025."
    assert research_sentences([titled]) == []  # a chunk's title line is not a fact


def test_eml_parses_back_with_the_name_subject_and_body(emails) -> None:
    e = emails[0]
    msg = email.message_from_bytes(to_eml(e), policy=policy.default)
    assert msg["Subject"] == e.subject and msg["X-Unsent"] == "1"
    assert msg["To"].groups[0].display_name == "Priya Ramanathan"
    assert msg["To"].addresses == ()
    assert msg.get_content().rstrip("\n") == e.body and msg["Date"]
    legacy = email.message_from_bytes(to_eml(e, address="priya@example.com"))
    assert legacy["To"] == "Priya Ramanathan <priya@example.com>"


def test_mailto_link_and_plain_text_keep_the_words(emails) -> None:
    e = emails[1]
    parts = urlsplit(mailto_link(e))
    query = parse_qs(parts.query)
    assert parts.scheme == "mailto" and query["subject"] == [e.subject]
    assert query["body"] == [e.body.replace("\n", "\r\n")]
    assert " " not in mailto_link(e)
    assert to_text(e).startswith(f"To: Tomasz Kowalczyk\nSubject: {e.subject}\n\nHi Tomasz,")


# --- LLM drafts (a scripted fake server: fault injection, not the model's quality) --------


def _llm(settings, fake) -> LLM:
    s = settings.with_(llm_backend="compatible", base_url=fake.base_url, llm_max_retries=0)
    return LLM(select_backend(s, probe=False), s)


def _as_reply(e) -> str:
    return f"Subject: {e.subject}\n\n{e.body}"


def test_a_good_llm_draft_is_kept_and_the_request_is_byte_stable(settings, emails) -> None:
    bodies = []
    for _ in range(2):
        with FakeLLMServer([_as_reply(emails[0])]) as fake:
            e = draft_email(RECORD, PANEL[0], RESEARCH, _llm(settings, fake), "Alex Morgan")
            bodies.append(fake.requests[0]["messages"])
    assert e.source == "llm" and e.body == emails[0].body and failed(e.checks) == {}
    assert bodies[0] == bodies[1]
    system = bodies[0][0]["content"]
    # what she asked, the story, the strengths and her research fact, plus the offline draft
    assert "Priya (Director of Engineering, Fleet Orchestration) asked me about" in system
    assert "What I did: I failed traffic over to the healthy replica." in system
    assert emails[0].body in system and "Tomasz" not in system
    assert not re.search(r"\d{4}-\d\d-\d\dT", system)  # no clock time in the prompt


def test_a_draft_that_invents_a_name_is_regenerated_once(settings, emails) -> None:
    invented = _as_reply(emails[0]).replace(
        "Thank you again", "Say hi to Jordan Blake. Thank you again"
    )
    with FakeLLMServer([invented, _as_reply(emails[0])]) as fake:
        e = draft_email(RECORD, PANEL[0], RESEARCH, _llm(settings, fake), "Alex Morgan")
        sent = fake.requests
    assert e.source == "llm" and "Jordan" not in e.body and len(sent) == 2
    feedback = sent[1]["messages"][-1]["content"]
    assert feedback.startswith("That draft fails these checks: Invents no names or numbers:")
    assert "Blake" in feedback


def test_two_failing_drafts_fall_back_to_the_template_with_a_note(settings, emails) -> None:
    short = "Subject: Thanks\n\nHi Priya, thanks for the chat about Quaylift Robotics."
    with FakeLLMServer([short, short]) as fake:
        e = draft_email(RECORD, PANEL[0], RESEARCH, _llm(settings, fake), "Alex Morgan")
    assert e.source == "template" and e.body == emails[0].body and failed(e.checks) == {}
    assert e.notes[0].startswith("The LLM draft failed the checks twice (")
    assert "100\u2013200 words" in e.notes[0]


def test_an_llm_error_falls_back_to_the_template_with_a_note(settings, emails) -> None:
    with FakeLLMServer([Reply(status=500)]) as fake:
        e = draft_email(RECORD, PANEL[1], RESEARCH, _llm(settings, fake), "Alex Morgan")
    assert e.source == "template" and e.body == emails[1].body
    assert e.notes[0].startswith("The LLM could not draft the email (")


def test_offline_drafts_pass_the_rubric_for_many_real_sessions(tmp_path) -> None:
    """Sessions built by the real engine from labelled answers: every template draft passes."""
    import json
    import random
    from pathlib import Path

    from interview_coach.config import Settings
    from interview_coach.models import PanelMember, SessionSetup
    from interview_coach.session import Coach

    lines = Path(__file__).with_name("data").joinpath("star_labelled.jsonl").read_text()
    rows = [json.loads(line) for line in lines.splitlines()]
    pool = [r["answer"] for r in rows if r["category"] in {"complete", "missing_result", "we_only"}]
    coach = Coach(Settings(llm_backend="none", data_dir=tmp_path / "data"))
    panel = [PanelMember("Amara Okafor", "Head of Product"), PanelMember("Daniel Reyes", "CTO")]
    research = ["Clinibell Health serves 1,400 clinics across the UK."]
    for seed in range(6):
        rnd = random.Random(seed)
        setup = SessionSetup(
            role="Product Manager", company="Clinibell Health", num_questions=3, interviewers=panel
        )
        step = coach.start(setup, seed=seed)
        for _ in range(12):
            if step.done:
                break
            text = "No, that's all." if step.state == "candidate_questions" else rnd.choice(pool)
            step = coach.answer(step.session_id, text)
        record = coach.finish(step.session_id)
        bodies = set()
        for person in panel:
            email = draft_email(record, person, research, signature_name="Sam Lee")
            failed = [(c.name, c.detail) for c in email.checks if not c.passed]
            assert not failed, (seed, person.name, failed, email.body)
            bodies.add(email.body)
        assert len(bodies) == 2


def test_a_short_interview_of_about_you_and_why_us_still_gets_a_note(tmp_path) -> None:
    """Two questions (the default mix's opening and motivation) and no story: the note
    thanks each interviewer for their own question and restates the measured achievement."""
    from interview_coach.config import Settings
    from interview_coach.models import PanelMember, SessionSetup
    from interview_coach.session import Coach

    coach = Coach(Settings(llm_backend="none", data_dir=tmp_path / "data"))
    people = [PanelMember("Dana Reyes", "Head of Customer Success"),
              PanelMember("Omar Haddad", "VP Product")]  # fmt: skip
    setup = SessionSetup(
        role="Customer Success Manager",
        company="Brightwave Analytics",
        interviewers=people,
        num_questions=2,
        candidate_name="Sam Patel",
    )
    step = coach.start(setup)
    achievement = "I cut churn from 14% to 8% by rebuilding onboarding."
    replies = [
        "I'm a customer success manager at Fieldnote, where for three years I've looked after "
        f"52 mid-market accounts. {achievement} I'm looking to move somewhere customer "
        "success shapes the product.",
        "Onboarding and renewals: renewals went from 81% to 90% in a year.",
        "I like that Brightwave publishes customer health benchmarks.",
        "skip",
        "No, that's all, thank you.",
    ]
    for text in replies:
        if not step.done:
            step = coach.answer(step.session_id, text)
    coach.finish(step.session_id)
    notes = [coach.thank_you(step.session_id, p.name) for p in people]
    assert notes[0].body.startswith("Hi Dana,") and notes[1].body.startswith("Hi Omar,")
    assert "background" in notes[0].body and "why this role appeals" in notes[1].body
    for note in notes:
        assert achievement in note.body and note.body.rstrip().endswith("Sam Patel")
        failed = {c.name for c in note.checks if not c.passed}
        assert failed <= {"research", "length"}, failed  # no research given; a short note
    assert notes[0].subject != notes[1].subject


@pytest.mark.parametrize(
    ("scene", "phrase"),
    [
        ("I was the duty supervisor that night at the depot.",
         "my time as the duty supervisor that night at the depot"),
        # a part played or a state is no post: "my time as the one who..." read as nonsense
        ("I was the one who made sure everyone got home safe.",
         "the time I was the one who made sure everyone got home safe"),
        ("I was a bit nervous because it was my first week on the ward.",
         "the time I was a bit nervous because it was my first week on the ward"),
    ],
)  # fmt: skip
def test_the_story_is_named_by_a_post_only_when_one_is_held(scene: str, phrase: str) -> None:
    from types import SimpleNamespace

    from interview_coach.followup.email import story_phrase

    assert story_phrase(SimpleNamespace(evidence={"situation": [scene]})) == phrase


def test_a_list_of_steps_cut_short_reads_as_a_pair() -> None:
    from interview_coach.followup.email import _first_person

    steps = (
        "I called the outreach team, moved the HCA to cover bay 3 obs every 30 minutes, and I "
        "rang the site manager to get an agency nurse."
    )
    assert _first_person(steps) == (
        "I called the outreach team and moved the HCA to cover bay 3 obs every 30 minutes"
    )
    # a comma after a place is not a list of steps
    place = "At Parcelwise, our service was timing out every evening."
    assert " and " not in _first_person(place)


def test_a_note_after_weak_answers_offers_more_and_names_the_company_it_cites(tmp_path) -> None:
    """No answer showed a step or result worth restating: the note claims none, offers more
    detail instead (so it is not a bare 90 words), and the rubric says why, not "restate one".
    A research sentence that opens on "It" names the company once it is lifted out."""
    from interview_coach.config import Settings
    from interview_coach.models import PanelMember, SessionSetup
    from interview_coach.session import Coach

    coach = Coach(Settings(llm_backend="none", data_dir=tmp_path / "data"))
    person = PanelMember("Ruth Adeyemi", "Head of Operations")
    setup = SessionSetup(role="Operations Analyst", company="Larchlight Energy",
                         interviewers=[person], num_questions=2, mix="behavioural",
                         candidate_name="Sam Lee")  # fmt: skip
    step = coach.start(setup)
    while not step.done:
        closing = step.state == "candidate_questions"
        step = coach.answer(
            step.session_id,
            "No, that's all." if closing else "I think I'm quite organised, I always try my best.",
        )
    coach.finish(step.session_id)
    research = ["## About\nIt was founded in 2015 in Edinburgh by two engineers from Orkney."]
    note = coach.thank_you(step.session_id, person.name, research=research)
    assert "Larchlight Energy was founded in 2015 in Edinburgh" in note.body
    assert "more detail" in note.body and len(note.body.split()) >= 100
    assert "organised" not in note.body  # nothing the answers did not show
    checks = {c.name: c for c in note.checks}
    assert not checks["strength"].passed
    assert checks["strength"].detail.startswith("no answer showed a clear action or result")
    assert checks["length"].passed and checks["research"].passed
