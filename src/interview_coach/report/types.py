"""The report's sections for opening and motivation answers, and what the email can reuse.

An opening answer is the candidate's value proposition, so its section shows the statement
they gave and the strengths they claimed next to the ones the job asks for; a motivation
answer shows the company facts it used (each with the research file it was found in) and
the ones that were not in the research. :func:`claimed_strengths` is the small door the
thank-you email uses to restate strengths the candidate actually claimed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import CriteriaEvaluation, SessionRecord, Turn, question_title

TITLES = {"opening": "Tell me about yourself", "motivation": "Why us, why this role"}


@dataclass
class TypedSection:
    """One opening or motivation question as the report shows it."""

    question_type: str
    question: str
    answer: str
    met: list[str]
    missing: list[dict[str, str]]  # {"name", "tip"}
    statement: str = ""
    strengths_claimed: list[str] = field(default_factory=list)
    strengths_asked: list[str] = field(default_factory=list)
    requirements_covered: list[str] = field(default_factory=list)
    facts_used: list[dict[str, str]] = field(default_factory=list)  # {"text", "source", "quote"}
    not_in_research: list[str] = field(default_factory=list)
    to_add: list[dict[str, str]] = field(default_factory=list)
    follow_up: str = ""


def typed_groups(record: SessionRecord) -> list[tuple[Turn, list[Turn], CriteriaEvaluation]]:
    """Each answered opening or motivation question, its turns and its final evaluation."""
    out: list[tuple[Turn, list[Turn], CriteriaEvaluation]] = []
    question: Turn | None = None
    turns: list[Turn] = []
    for t in [*record.turns, None]:
        if t is None or t.kind == "question":
            scored = [x for x in turns if x.kind == "answer" and x.evaluation]
            ev = scored[-1].evaluation if scored else None
            if question is not None and isinstance(ev, CriteriaEvaluation):
                out.append((question, turns, ev))
            question, turns = t, []
        elif t.kind in ("probe", "answer"):
            turns.append(t)
    return out


def typed_sections(record: SessionRecord) -> list[TypedSection]:
    sections = []
    for question, turns, ev in typed_groups(record):
        summary = ev.summary
        sections.append(
            TypedSection(
                question_type=ev.question_type,
                question=question_title(question.text, question.interviewer or ""),
                answer=" ".join(t.text for t in turns if t.kind == "answer"),
                met=[c.name for c in ev.criteria if c.met],
                missing=[{"name": c.name, "tip": c.tip} for c in ev.criteria if not c.met],
                statement=str(summary.get("value_proposition") or summary.get("reason") or ""),
                strengths_claimed=list(summary.get("strengths_claimed") or []),
                strengths_asked=list(summary.get("strengths_asked") or []),
                requirements_covered=list(summary.get("requirements_covered") or []),
                facts_used=[
                    {"text": f["text"], "source": f["source"], "quote": f["quote"]}
                    for f in summary.get("facts_used") or []
                ],
                not_in_research=[f["text"] for f in summary.get("not_in_research") or []],
                to_add=list(ev.to_add),
                follow_up=ev.follow_up,
            )
        )
    return sections


def claimed_strengths(record: SessionRecord) -> list[dict[str, str]]:
    """Strengths the candidate claimed in their opening answer, matched to the job.

    Each is ``{"requirement": what the job asks, "evidence": the candidate's own words}``;
    the thank-you email may restate them without inventing anything. Empty when the
    session had no opening answer or it claimed none the job asks for.
    """
    out: list[dict[str, str]] = []
    for _, _, ev in typed_groups(record):
        if ev.question_type != "opening":
            continue
        for c in ev.criteria:
            if c.name != "strengths_match_job":
                continue
            for req, span in zip(c.details.get("requirements", []), c.evidence, strict=False):
                out.append({"requirement": str(req), "evidence": span.text})
    return out
