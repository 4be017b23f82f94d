"""Who on a panel asks which question: shared out by title and competency, decided in code.

A real panel splits the interview: the senior person (a head of, a director, a manager)
asks about leading, influencing and hard calls; a peer asks about the day-to-day work:
solving problems, working together, delivering. Sharing the questions out here, once,
when the session is planned, keeps the choice reproducible and lets the thank-you email
later say what *that* person asked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .models import PanelMember, Turn

#: Title words that mark someone who leads people or a function.
SENIOR = re.compile(
    r"\b(head|director|vp|vice|chief|cto|ceo|coo|cfo|cpo|manager|lead|principal|founder|"
    r"president|partner|owner)\b",
    re.I,
)
#: Title words that mark someone who talks to candidates about people and culture.
PEOPLE = re.compile(r"\b(recruit\w*|talent|hr|people|human)\b", re.I)
#: What each kind of interviewer tends to ask about (competency id -> weight).
SENIOR_TOPICS = {
    "leadership": 3, "stakeholder_management": 2, "influence": 2, "prioritisation": 2,
    "conflict": 2, "mentoring": 2, "ethics": 1, "failure_learning": 1, "communication": 1,
}  # fmt: skip
PEER_TOPICS = {
    "problem_solving": 3, "teamwork": 3, "ownership": 2, "delivery_under_pressure": 2,
    "data_driven": 2, "initiative": 2, "adaptability": 2, "customer_focus": 1, "innovation": 1,
    "communication": 1,
}  # fmt: skip
PEOPLE_TOPICS = {"teamwork": 3, "communication": 2, "failure_learning": 2, "adaptability": 2}


def affinity(person: PanelMember, keywords: Mapping[str, Sequence[str]]) -> dict[str, float]:
    """How likely this person is to ask about each competency, from their title alone."""
    title = person.title or ""
    if PEOPLE.search(title):
        base = PEOPLE_TOPICS
    elif SENIOR.search(title):
        base = SENIOR_TOPICS
    else:
        base = PEER_TOPICS
    scores: dict[str, float] = {c: float(w) for c, w in base.items()}
    low = title.lower()
    for cid, words in keywords.items():  # "Head of Customer Success" -> customer focus
        if any(re.search(r"(?<![a-z0-9])" + re.escape(k), low) for k in words):
            scores[cid] = scores.get(cid, 0.0) + 2
    return scores


def assign_askers(
    competencies: Sequence[Sequence[str]],
    panel: Sequence[PanelMember],
    keywords: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """The name of the person asking each question (one list of competency ids per question).

    Everyone gets a fair share (the first-named person takes any extra), so on a panel of
    two with three questions each person asks at least one; within the shares, each
    question goes to whoever's title fits it best.
    """
    n, k = len(competencies), len(panel)
    if k == 0:
        return [""] * n
    if k == 1:
        return [panel[0].name] * n
    keywords = keywords or {}
    quota = [n // k + (1 if i < n % k else 0) for i in range(k)]
    fit = [affinity(p, keywords) for p in panel]

    def score(q: int, p: int) -> float:
        comps = list(competencies[q])
        return sum(fit[p].get(c, 0.0) * (1.0 if i == 0 else 0.5) for i, c in enumerate(comps))

    pairs = sorted(
        ((q, p) for q in range(n) for p in range(k)),
        key=lambda qp: (-score(*qp), qp[1], qp[0]),
    )
    askers: list[int | None] = [None] * n
    for q, p in pairs:
        if askers[q] is None and quota[p] > 0:
            askers[q] = p
            quota[p] -= 1
    return [panel[p].name if p is not None else panel[0].name for p in askers]


def lead(panel: Sequence[PanelMember]) -> str:
    """Who greets, answers the candidate's questions and closes: the first person named."""
    return panel[0].name if panel else ""


def introduction(person: PanelMember) -> str:
    """How someone on a panel introduces themselves before their first question."""
    title = f", {person.title}" if person.title else ""
    return f"I'm {person.name}{title}."


def asked_by(engine: Mapping[str, Any]) -> dict[str, str]:
    """Question id -> the name of the person who asked it, from a saved session's plan."""
    machine = engine.get("machine") or {}
    plan, askers = machine.get("plan") or [], machine.get("askers") or []
    return {qid: name for qid, name in zip(plan, askers, strict=False) if name}


def speaker(turn: Turn, engine: Mapping[str, Any], panel: Sequence[PanelMember]) -> str:
    """Who said an interviewer turn: the asker for a question's turns, else the lead."""
    if turn.speaker != "interviewer":
        return ""
    return asked_by(engine).get(turn.question_id or "", "") or lead(panel)
