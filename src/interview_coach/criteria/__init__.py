"""Opening and motivation answers, each coached on its own terms (STAR is for stories).

``evaluate`` picks the rubric from the question's type (inferred, or given), runs its rules,
and lets a trusted LLM refine them under the checks in :mod:`.refine`. Research for "Why
us?" comes from the knowledge store through :class:`.research.StoreResearch` (or files).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import motivation, opening
from .kinds import QUESTION_TYPES, QuestionType, infer_type, motivation_focus
from .research import FileResearch, Research, StoreResearch
from .result import Criterion, TypedEvaluation

if TYPE_CHECKING:
    from ..llm.protocol import ChatModel

__all__ = [
    "QUESTION_TYPES",
    "Criterion",
    "FileResearch",
    "QuestionType",
    "Research",
    "StoreResearch",
    "TypedEvaluation",
    "evaluate",
    "infer_type",
    "motivation_focus",
]


def evaluate(
    question: str,
    answer: str,
    question_type: str,
    *,
    research: Research | None = None,
    job_description: str = "",
    company: str = "",
    role: str = "",
    llm: ChatModel | None = None,
    settings: Any = None,
) -> TypedEvaluation:
    """Coach an opening or motivation ``answer``; behavioural answers belong to STAR."""
    if question_type == "opening":
        ev = opening.evaluate(
            question, answer, job_description=job_description, company=company, role=role
        )
    elif question_type == "motivation":
        ev = motivation.evaluate(
            question,
            answer,
            research=research,
            job_description=job_description,
            company=company,
        )
    else:
        raise ValueError(f"no criteria rubric for {question_type!r} questions (STAR scores them)")
    if not job_description:
        ev.notes.append(
            "No job description was given, so strengths and duties could not be matched to it."
        )
    if llm is not None and llm.judge_capable:
        from .refine import refine

        refine(ev, question, answer, llm, settings)
    return ev
