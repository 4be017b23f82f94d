"""After the interview: a short follow-up plan with dates, a draft for each step, reminders.

What careful candidates do, in order: the thank-you notes by the 24-hour mark; a polite
check-in if nothing is heard by the timeline the panel gave (about a week when none was
given); a short connection note to each interviewer for a professional network; and, if
the answer is no, a gracious reply that asks for feedback and keeps the door open. Each
draft is grounded like the thank-you note (names and numbers only from the session, setup
and research) and exports as .eml; the dated steps export as calendar reminders (.ics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..errors import InputError
from ..models import PanelMember, SessionRecord
from .email import PLACEHOLDER_NAME, Email
from .rubric import (
    PLACEHOLDER,
    SEND_WITHIN,
    Check,
    allowed_sources,
    deadline_text,
    interview_end,
    stories,
)

#: Networks cap a connection request's note at 300 characters.
CONNECT_LIMIT = 300
DEFAULT_WAIT = timedelta(days=7)
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
TIMELINE = re.compile(
    r"\b(?:within|in|by|over)\s+(?:the\s+next\s+)?(\d{1,2}|an?|one|two|three|four|five|ten)\s+"
    r"(business\s+days?|working\s+days?|days?|weeks?)\b",
    re.I,
)


@dataclass
class Step:
    """One thing to do: when, why, and the drafts to send (each with its checks)."""

    kind: str  # thank_you, check_in, connect, reply_to_no
    title: str
    due: datetime | None
    why: str
    drafts: list[Email] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "due": self.due.isoformat(timespec="minutes") if self.due else None,
            "due_text": deadline_text(self.due) if self.due else "",
            "why": self.why,
            "drafts": [d.to_dict() for d in self.drafts],
        }


def stated_wait(record: SessionRecord) -> tuple[timedelta, str]:
    """How long to wait before checking in: what the interviewers said, else about a week."""
    for turn in record.turns:
        if turn.speaker != "interviewer":
            continue
        m = TIMELINE.search(turn.text)
        if m:
            n = int(m.group(1)) if m.group(1).isdigit() else NUMBERS[m.group(1).lower()]
            days = n * 7 if m.group(2).lower().startswith("week") else n
            return timedelta(days=days), f"they said to expect news {m.group(0)}"
    return DEFAULT_WAIT, "no timeline was given, so about a week"


def _themes(record: SessionRecord, person: PanelMember) -> str:
    told = stories(record)
    theirs = [s for s in told if s.asker == person.name] or told[:1]
    return theirs[0].theme if theirs else "the role"


def interview_day(record: SessionRecord) -> str:
    end = interview_end(record)
    return f"{end:%A} {end.day} {end:%B}"


def _checks(
    text: str, record: SessionRecord, research: list[str], name: str, limit: int = 0
) -> list[Check]:
    from ..star.grounding import check_grounded

    setup = record.setup
    extra = [setup.role, setup.company, name, *(p.name for p in setup.interviewers)]
    extra.append(interview_day(record))  # the date of the interview is a fact of the session
    invented = check_grounded(
        text, allowed_sources(record, research, name), extra_allowed=tuple(e for e in extra if e)
    )
    holder = PLACEHOLDER.search(text)
    out = [
        Check(
            "grounded",
            not invented,
            "every name and number comes from the session"
            if not invented
            else "not in the session, setup or research: " + ", ".join(invented[:6]),
        ),
        Check(
            "no_placeholder",
            not holder,
            "no placeholders" if not holder else f"replace {holder.group(0)}",
        ),
    ]
    if limit:
        n = len(text)
        out.append(Check("length", n <= limit, f"{n} characters (limit {limit})"))
    return out


def _email(to: PanelMember, subject: str, body: str, due: datetime, checks: list[Check]) -> Email:
    return Email(to.name, subject, body, due.isoformat(timespec="minutes"), checks, [], to.title)


def build_plan(
    record: SessionRecord,
    thank_yous: list[Email],
    research: list[str] | None = None,
    signature_name: str | None = None,
    wait: timedelta | None = None,
) -> list[Step]:
    """The plan for one finished session; ``wait`` overrides the timeline to check in after."""
    setup = record.setup
    research = list(research or [])
    name = (signature_name or setup.candidate_name or "").strip()
    signature = name or PLACEHOLDER_NAME
    panel = list(setup.interviewers)
    if not panel:
        raise InputError(f"session {record.id} names no interviewers: there is no one to follow up")
    end = interview_end(record)
    waited, why_wait = (wait, "the wait you chose") if wait else stated_wait(record)
    lead = panel[0]
    first = lead.name.split()[0]
    day = interview_day(record)
    others = [p.name.split()[0] for p in panel[1:]]
    with_others = f" and {', '.join(others)}" if others else ""
    role, company = setup.role, setup.company

    check_in = (
        f"Hi {first},\n\nI hope you are well. I wanted to follow up on my interview for the "
        f"{role} role at {company} on {day}. I enjoyed our conversation about "
        f"{_themes(record, lead)}, and I remain very interested in the role.\n\nIs there any "
        "update you can share on the timeline or the next steps? I would be glad to help with "
        f"anything else you need from me.\n\nThank you again for your time.\n\nBest regards,\n"
        f"{signature}"
    )
    no_reply = (
        f"Hi {first},\n\nThank you for letting me know, and for the time you{with_others} gave "
        f"me during the interview for the {role} role. I enjoyed our conversation about "
        f"{_themes(record, lead)}, and preparing for it taught me a lot about {company}.\n\n"
        "If you have a few minutes, I would be grateful for any feedback on where I could be "
        f"stronger. I would also be glad to be considered for future roles at {company}, and "
        f"I hope our paths cross again.\n\nBest regards,\n{signature}"
    )
    check_due = end + waited
    steps = [
        Step(
            "thank_you",
            "Send a thank-you note to each interviewer",
            end + SEND_WITHIN,
            "within 24 hours, while the conversation is fresh",
            list(thank_yous),
        ),
        Step(
            "connect",
            "Connect with each interviewer on your professional network",
            end + SEND_WITHIN + timedelta(days=1),
            "after the thank-you notes; a short note, under 300 characters",
            [_connect(record, p, signature, research, name) for p in panel],
        ),
        Step(
            "check_in",
            f"Check in with {lead.name} if you have heard nothing",
            check_due,
            why_wait,
            [
                _email(
                    lead,
                    f"Following up \u2013 {role.partition(',')[0]} interview",
                    check_in,
                    check_due,
                    _checks(check_in, record, research, name),
                )
            ],
        ),
        Step(
            "reply_to_no",
            "If the answer is no: reply graciously",
            None,
            "ask for feedback and keep the door open",
            [
                _email(
                    lead,
                    f"Re: {role.partition(',')[0]} role at {company}",
                    no_reply,
                    check_due,
                    _checks(no_reply, record, research, name),
                )
            ],
        ),
    ]
    return steps


def _connect(
    record: SessionRecord, person: PanelMember, signature: str, research: list[str], name: str
) -> Email:
    """A connection note that fits the network's limit: shorter wordings until one does."""
    setup = record.setup
    first = person.name.split()[0]
    theme = _themes(record, person)
    role = setup.role.partition(",")[0]
    versions = [
        f"Hi {first}, thank you for our conversation about {theme} during my {role} interview "
        f"at {setup.company}. I enjoyed it and would be glad to stay in touch. {signature}",
        f"Hi {first}, thank you for our conversation about {theme} during my interview at "
        f"{setup.company}. I would be glad to stay in touch. {signature}",
        f"Hi {first}, thank you for the interview at {setup.company}. I would be glad to stay "
        f"in touch. {signature}",
    ]
    text = next((v for v in versions if len(v) < CONNECT_LIMIT), versions[-1])
    end = interview_end(record) + SEND_WITHIN + timedelta(days=1)
    checks = _checks(text, record, research, name, limit=CONNECT_LIMIT - 1)
    return _email(person, "", text, end, checks)


def to_ics(record: SessionRecord, steps: list[Step]) -> bytes:
    """Calendar reminders for the dated steps (thank-you deadline, connecting, checking in)."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//interview-coach//follow-up plan//EN")
    cal.add("version", "2.0")
    for step in steps:
        if step.due is None:
            continue
        event = Event()
        event.add("uid", f"{record.id}-{step.kind}@interview-coach")
        event.add("summary", f"{step.title} ({record.setup.company})")
        event.add("dtstart", step.due - timedelta(minutes=30))
        event.add("dtend", step.due)
        event.add("dtstamp", interview_end(record))
        event.add("description", f"{step.why}. Drafts are in interview-coach, session {record.id}.")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", step.title)
        alarm.add("trigger", timedelta(minutes=-30))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
