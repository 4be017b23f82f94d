"""Questions the candidate can ask each interviewer, built from research and their role.

A good question at the end of an interview shows the candidate has read up and asks
the person something only they can answer: a Head of Design thinks about direction and
what success looks like for the team, a peer knows the day-to-day, a recruiter knows the
process. Each suggestion says why it is good, and one built on research names the file
its fact came from, so the candidate can check it before quoting it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .knowledge.facts import Fact
from .models import PanelMember

_KINDS = (
    ("recruiter", r"recruit|talent|people partner|people team|\bhr\b|human resources|hiring coord"),
    (
        "leader",
        r"\bhead\b|director|\bvp\b|vice president|chief|\bc[a-z]o\b|founder|president|"
        r"partner|owner|principal",
    ),
    ("manager", r"manager|\blead\b|supervisor|team lead"),
)


@dataclass(frozen=True)
class Suggestion:
    question: str
    why: str
    source: str = ""  # the research file a question is built on, if any


def interviewer_kind(person: PanelMember) -> str:
    """'leader', 'manager', 'recruiter' or 'peer', from the title people typed."""
    title = (person.title or "").casefold()
    for kind, pattern in _KINDS:
        if re.search(pattern, title):
            return kind
    return "peer"


_RESEARCH = {
    "leader": (
        "I saw this in my research: “{fact}” How does that shape what you need from this "
        "{role} role over the next year?",
        "It ties a real priority of the company to the job, at the level a {title} thinks "
        "about, and the answer tells you what they will judge the role on.",
    ),
    "manager": (
        "I read that “{fact}” With that in mind, what would you want a new {role} to have "
        "achieved in the first six months?",
        "It shows you have done your reading, and asks the person who will measure your "
        "success how they will measure it.",
    ),
    "peer": (
        "My research mentioned this: “{fact}” What does that mean for your day-to-day work?",
        "A peer lives with the change every day; their answer tells you what the job is "
        "really like, which the job description cannot.",
    ),
    "recruiter": (
        "I read that “{fact}” Is that something the later interviews will go into, so I can "
        "prepare?",
        "It shows you are preparing seriously and gets you practical guidance on the next "
        "stages from the person who runs them.",
    ),
}
_GENERAL = {
    "leader": (
        (
            "If this hire works out really well, what will be different a year from now?",
            "It asks a senior person to describe success in their own words, which shows you "
            "care about outcomes, not just tasks.",
        ),
        (
            "What is the biggest decision your team will have to make this year?",
            "Leaders like talking about direction; the answer shows where the role's hardest "
            "work will be.",
        ),
    ),
    "manager": (
        (
            "How do you like to give feedback, and how often?",
            "It shows you want to improve and tells you how you would be managed day to day.",
        ),
        (
            "What does the team find hardest right now?",
            "It invites an honest answer and tells you where you could help first.",
        ),
    ),
    "peer": (
        (
            "What does a typical week look like for you, and which part would you change?",
            "Peers describe the real job; the second half invites honesty, not a sales pitch.",
        ),
        (
            "How do people on the team learn from each other?",
            "It tells you about the culture you would work in every day.",
        ),
    ),
    "recruiter": (
        (
            "What are the next steps, and when can I expect to hear back?",
            "Practical and polite: it shows you are organised and sets expectations.",
        ),
        (
            "Is there anything in my background you'd like me to say more about?",
            "It gives you a chance to answer a doubt before the decision is made.",
        ),
    ),
}


def questions_to_ask(
    person: PanelMember,
    role: str,
    facts: Sequence[Fact],
    limit: int = 3,
    offset: int = 0,
) -> list[Suggestion]:
    """Up to ``limit`` suggestions; ``offset`` gives each panel member a different fact."""
    kind = interviewer_kind(person)
    values = {"role": role or "new", "title": person.title or "senior person"}
    out: list[Suggestion] = []
    useful = [f for f in facts if f.forward_looking] or list(facts)
    if useful:
        fact = useful[offset % len(useful)]
        question, why = _RESEARCH[kind]
        text = fact.text if fact.text.endswith((".", "!", ")")) else f"{fact.text}."
        out.append(
            Suggestion(question.format(fact=text, **values), why.format(**values), fact.file)
        )
    for question, why in _GENERAL[kind]:
        if len(out) >= limit:
            break
        out.append(Suggestion(question, why))
    return out[:limit]
