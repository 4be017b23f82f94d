"""After the interview: the follow-up plan, its drafts and reminders, and edits that are kept."""

from __future__ import annotations

import copy
import email
from datetime import timedelta
from email import policy

import pytest
from sample_session import PANEL, RESEARCH, finished_session

from interview_coach.errors import InputError
from interview_coach.followup.email import draft_emails, to_eml
from interview_coach.followup.plan import CONNECT_LIMIT, build_plan, stated_wait, to_ics
from interview_coach.followup.rubric import interview_end
from interview_coach.models import Turn
from interview_coach.session import Coach
from interview_coach.storage import Store

RECORD = finished_session()


@pytest.fixture(scope="module")
def plan():
    return build_plan(RECORD, draft_emails(RECORD, RESEARCH), RESEARCH)


def failed(checks) -> dict[str, str]:
    return {c.name: c.detail for c in checks if not c.passed}


def test_the_plan_has_dated_steps_in_order(plan) -> None:
    end = interview_end(RECORD)
    kinds = [(s.kind, s.due) for s in plan]
    assert kinds == [
        ("thank_you", end + timedelta(hours=24)),
        ("connect", end + timedelta(hours=48)),
        ("check_in", end + timedelta(days=7)),  # no timeline was stated: about a week
        ("reply_to_no", None),
    ]
    assert plan[0].to_dict()["due_text"].startswith("by Sat 21 Nov")
    assert [d.to for d in plan[0].drafts] == [p.name for p in PANEL]


def test_a_stated_timeline_sets_the_check_in_date() -> None:
    record = copy.deepcopy(RECORD)
    record.turns[-1] = Turn(
        "interviewer", "wrap_up", "Thanks, Alex. We'll be in touch within two weeks.",
        created_at=record.turns[-1].created_at,
    )  # fmt: skip
    wait, why = stated_wait(record)
    assert wait == timedelta(days=14) and "within two weeks" in why
    assert stated_wait(RECORD) == (timedelta(days=7), "no timeline was given, so about a week")


def test_every_draft_is_grounded_signed_and_connection_notes_fit(plan) -> None:
    connect, check_in, reply = plan[1], plan[2], plan[3]
    assert [d.to for d in connect.drafts] == [p.name for p in PANEL]
    for d in connect.drafts:
        assert len(d.body) < CONNECT_LIMIT and d.body.endswith("Alex Morgan")
        assert failed(d.checks) == {}
    # each connection note names what that person talked about
    assert "delivering under pressure" in connect.drafts[0].body
    assert "owning work end to end" in connect.drafts[1].body
    for d in (*check_in.drafts, *reply.drafts):
        assert failed(d.checks) == {} and d.body.endswith("Best regards,\nAlex Morgan")
    assert "any update" in check_in.drafts[0].body
    no = reply.drafts[0].body
    assert "feedback" in no and "future roles at Quaylift Robotics" in no
    assert "Tomasz" in no  # thanks the whole panel, addressed to the lead


def test_exports_parse_back(plan) -> None:
    from icalendar import Calendar

    cal = Calendar.from_ical(to_ics(RECORD, plan))
    events = cal.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Send a thank-you note to each interviewer (Quaylift Robotics)",
        "Connect with each interviewer on your professional network (Quaylift Robotics)",
        "Check in with Priya Ramanathan if you have heard nothing (Quaylift Robotics)",
    ]
    assert events[0].decoded("dtend") == interview_end(RECORD) + timedelta(hours=24)
    assert all(e.walk("VALARM") for e in events)
    msg = email.message_from_bytes(to_eml(plan[2].drafts[0]), policy=policy.default)
    assert msg["Subject"].startswith("Following up") and "Hi Priya" in msg.get_content()


@pytest.fixture
def stored(settings):
    store = Store(settings.db_url)
    record = finished_session()
    store.create_session(record.user, record.setup, "done", {}, turns=record.turns,
                         session_id=record.id)  # fmt: skip
    store.set_status(record.id, "finished")
    return Coach(settings, store=store), record


def test_an_edited_note_is_kept_and_comes_back_with_its_checks(settings, stored) -> None:
    coach, record = stored
    first = coach.thank_you(record.id, "Priya", record.user, research=RESEARCH)
    assert first.source == "template" and failed(first.checks) == {}
    edited = first.body.replace("Best regards,\nAlex Morgan", "Best regards,\n[your name]")
    coach.save_email(record.id, "Priya", first.subject, edited, record.user, research=RESEARCH)
    # a new process, reading the same database (a reload)
    again = Coach(settings).thank_you(record.id, "Priya Ramanathan", record.user,
                                      research=RESEARCH)  # fmt: skip
    assert again.body == edited and again.source == "edited"
    assert set(failed(again.checks)) == {"no_placeholder", "signed"}
    # the note to Tomasz is checked against the kept note to Priya, not a fresh draft
    copied = coach.save_email(record.id, "Tomasz", "Thanks", edited, record.user,
                              research=RESEARCH)  # fmt: skip
    assert "distinct" in failed(copied.checks)
    with pytest.raises(InputError, match="NUL"):
        coach.save_email(record.id, "Priya", "x", "a\x00b", record.user)


def test_a_chosen_clarification_redrafts_the_note_and_is_kept(settings, stored) -> None:
    coach, record = stored
    add = "since then the failover runbook has been used twice without an outage"
    note = coach.thank_you(record.id, "Priya", record.user, research=RESEARCH, clarification=add)
    assert add in note.body and failed(note.checks) == {}
    assert add in coach.thank_you(record.id, "Priya", record.user, research=RESEARCH).body


def test_an_unfinished_session_has_no_follow_up_yet(settings) -> None:
    store = Store(settings.db_url)
    record = finished_session("s-active")
    store.create_session(record.user, record.setup, "asking", {}, turns=record.turns,
                         session_id=record.id)  # fmt: skip
    with pytest.raises(InputError, match="Finish the interview"):
        Coach(settings, store=store).follow_up_plan(record.id, record.user)
