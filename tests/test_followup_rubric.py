"""The rubric checks what it claims: each sentence users reported as 'assembled' fails it.

Every bad sentence below was written by an earlier version of the drafter in a real
session (issue 14). Each is put into an otherwise good note, and the check it offends
must fail while the good note passes all of them.
"""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from sample_session import RESEARCH, finished_session

from interview_coach.followup.email import draft_emails
from interview_coach.followup.rubric import LABELS, check_email, deadline_text
from interview_coach.models import Turn

NAME = "Alex Morgan"
RISK_Q = "Tell me about a time you took a calculated risk that did not pay off."
FEEDBACK_Q = "Tell me about a time someone gave you feedback you thought was unfair."
BRIGHTWAVE = (
    "Brightwave Analytics customer success interview notes (collected from Glassdoor reviews "
    "and press)\n\nBrightwave's customer success team moved to pods of four in 2025, and "
    "renewals rose to 91% the following year."
)


def failed(checks) -> dict[str, str]:
    return {c.name: c.detail for c in checks if not c.passed}


def session(extra_questions: list[str] = ()):
    """The sample panel session; ``extra_questions`` were asked at the end, never answered."""
    record = finished_session()
    record.turns = [copy.copy(t) for t in record.turns]
    last = record.turns[-1]
    for i, q in enumerate(extra_questions):
        record.turns.insert(
            -1, Turn("interviewer", "question", q, f"fail-00{i}", created_at=last.created_at)
        )
    return record


@pytest.fixture(scope="module")
def notes():
    return draft_emails(session([RISK_Q, FEEDBACK_Q]), RESEARCH, signature_name=NAME)


def check(record, note, body=None, subject=None, research=RESEARCH, others=None, **kw):
    other = [(o.subject, o.body) for o in others] if others else []
    return failed(
        check_email(
            subject or note.subject, body if body is not None else note.body, record, note.to,
            research, signature_name=NAME, others=other, **kw,
        )
    )  # fmt: skip


def replace_paragraph(body: str, start: str, new: str) -> str:
    paras = body.split("\n\n")
    i = next(n for n, p in enumerate(paras) if p.startswith(start))
    paras[i] = new
    return "\n\n".join(paras)


def test_the_good_notes_pass_every_check(notes) -> None:
    record = session([RISK_Q, FEEDBACK_Q])
    for note in notes:
        others = [n for n in notes if n is not note]
        assert check(record, note, others=others) == {}, note.body
        assert "clarifies" not in {c.name for c in note.checks}  # never asks for a confession


def test_a_situation_sentence_sold_as_a_result_fails_strength(notes) -> None:
    record = session([RISK_Q, FEEDBACK_Q])
    answer = record.turns[2]
    # the answer that produced it: the scene set with a job title and years
    role = "I was a Customer Success Manager on the mid-market team from 2021 to 2024"
    answer.text = f"{role}. {answer.text}"
    answer.evaluation = copy.deepcopy(answer.evaluation)
    quoted = {"start": 0, "end": len(role), "text": role}
    answer.evaluation.components["situation"]["evidence"].append(quoted)
    bad = (
        "I hope that example showed how I deliver a result I can measure: I was a Customer "
        "Success Manager on the mid-market team from 2021 to 2024."
    )
    note = notes[1]  # Tomasz, who asked this question
    body = replace_paragraph(note.body, "I was pleased", bad)
    got = check(record, note, body)
    assert "strength" in got and "describes the situation" in got["strength"]


def test_the_self_undermining_clarification_fails_three_ways(notes) -> None:
    record = session([RISK_Q, FEEDBACK_Q])
    bad = (
        "On the question about a time someone gave me feedback I thought was unfair, I'd like "
        "to add a little: I mentioned \u2018we added a template linter\u2019, but I didn't make "
        "what I was personally responsible for clear, and I'd be glad to go through it."
    )
    priya, tomasz = notes
    p_body = priya.body.replace("Thank you again", f"{bad}\n\nThank you again")
    t_body = tomasz.body.replace("I appreciated the", f"{bad}\n\nI appreciated the")
    got = check(record, priya, p_body, others=[tomasz])
    assert "no_weakness" in got and "draws attention to a weak answer" in got["no_weakness"]
    alone = bad.replace("I'd like to add a little", "one more thing")
    assert "didn't make" in check(record, priya, p_body.replace(bad, alone))["no_weakness"]
    assert "own_words" in got  # the question pasted, and the candidate never answered it
    both = failed(
        check_email(priya.subject, p_body, record, priya.to, RESEARCH, signature_name=NAME,
                    others=[(tomasz.subject, t_body)])
    )  # fmt: skip
    assert "distinct" in both and "paragraph also in another note" in both["distinct"]


def test_a_pasted_question_fails_own_words(notes) -> None:
    record = session([RISK_Q, FEEDBACK_Q])
    note = notes[0]
    body = note.body.replace(
        "I especially enjoyed your questions about",
        "I especially enjoyed discussing a time I took a calculated risk that did not pay "
        "off, and your questions about",
    )
    got = check(record, note, body)
    assert list(got) == ["own_words"], got
    assert "a time I took a calculated risk" in got["own_words"]


def test_a_heading_quoted_as_research_fails(notes) -> None:
    record = session([RISK_Q, FEEDBACK_Q])
    note = notes[0]
    bad = (
        "One detail from my research stood out: Brightwave Analytics customer success "
        "interview notes (collected from Glassdoor reviews and press). It is part of why I "
        "would love to join Quaylift Robotics."
    )
    body = replace_paragraph(note.body, "One thing I read", bad)
    got = check(record, note, body, research=[*RESEARCH, BRIGHTWAVE])
    assert "research" in got and "heading or file title" in got["research"]


def test_same_subject_and_an_unsigned_placeholder_fail(notes) -> None:
    record = session([RISK_Q, FEEDBACK_Q])
    priya, tomasz = notes
    body = priya.body.replace(NAME, "[your name]")
    got = check(record, priya, body, subject=tomasz.subject, others=[tomasz])
    assert {"distinct", "no_placeholder", "signed"} <= set(got)
    assert "same subject" in got["distinct"]


def test_thanking_someone_for_a_question_another_person_asked_fails(notes) -> None:
    record = session([RISK_Q, FEEDBACK_Q])
    priya, tomasz = notes
    # Tomasz's note, but talking only about Priya's question (the incident)
    body = tomasz.body.replace("owning work end to end", "delivering under pressure").replace(
        "our route-assignment service was timing out during the evening peak",
        "one of our database replicas filled its disk on a Saturday night",
    )
    body = replace_paragraph(
        body, "I was pleased", "I would bring the same calm under pressure to your team."
    )
    got = check(record, tomasz, body)
    assert "specific_topic" in got and "which Priya Ramanathan asked" in got["specific_topic"]


def test_generic_words_are_not_a_specific_topic(notes) -> None:
    record = session([RISK_Q, FEEDBACK_Q])
    note = notes[0]
    body = (
        "Hi Priya,\n\nThank you for the Senior Software Engineer interview at Quaylift "
        "Robotics. Looking back at 2021 and 2024, because of the team, I enjoyed it.\n\n"
        "Thank you again for your time. I look forward to hearing about next steps.\n\n"
        f"Best regards,\n{NAME}"
    )
    got = check(record, note, body)
    assert "specific_topic" in got and "strength" in got and "research" in got


def test_a_rewritten_note_without_any_clarification_passes(notes) -> None:
    record = session([RISK_Q, FEEDBACK_Q])
    note = notes[1]
    body = note.body.replace(
        "I enjoyed our conversation about owning work end to end",
        "It was a pleasure to talk about owning a service end to end",
    )
    assert check(record, note, body, others=[notes[0]]) == {}


def test_a_chosen_clarification_must_appear_and_never_confess() -> None:
    record = session()
    add = "since then the failover runbook has been used twice without an outage"
    priya, tomasz = draft_emails(record, RESEARCH, signature_name=NAME,
                                 clarifications={"Priya Ramanathan": add})  # fmt: skip
    assert add in priya.body and add not in tomasz.body
    assert failed(priya.checks) == {} and "clarification" in {c.name for c in priya.checks}
    dropped = priya.body.replace(add, "nothing else happened")
    got = check(record, priya, dropped, clarification=add)
    assert "clarification" in got


def test_check_names_read_as_plain_words_and_deadlines_as_dates(notes) -> None:
    labels = {c.name: c.to_dict()["label"] for c in notes[0].checks}
    assert labels["specific_topic"] == "Mentions something you discussed"
    assert all(label == LABELS[name] for name, label in labels.items())
    when = notes[0].checks[-1].detail
    assert when.startswith("send by ") and "T" not in when.split("by ", 1)[1][:12]
    from datetime import UTC, datetime

    assert deadline_text(datetime(2026, 12, 5, 15, 7, tzinfo=UTC).astimezone()) == (
        "by Sat 5 Dec, 15:07"
    )
    assert notes[0].to_dict()["send_by_text"].startswith("by ")
    assert timedelta(hours=24)  # the deadline is the 24-hour mark (see test_followup)


def test_two_notes_share_under_half_their_sentences(notes) -> None:
    from interview_coach.followup.rubric import _norm, _sentences_before_signoff

    a, b = ({_norm(s) for s in _sentences_before_signoff(n.body)} for n in notes)
    assert len(a & b) < len(a) / 2 and len(a & b) < len(b) / 2
    assert notes[0].subject != notes[1].subject
