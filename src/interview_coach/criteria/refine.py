"""A second opinion on opening and motivation criteria from a trusted LLM, checked.

The same policy as the STAR judge: the model's verdict on a criterion replaces the rules'
only when it quotes the answer verbatim in the direction of its verdict (the words that
meet a criterion, or the words that trip a flag). Whether a company fact is in the
candidate's research, and how long the answer runs, are never the model's to say: those
are checked against files and counted. Every disagreement is listed, and any failure of
the call leaves the rules result with a note.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, create_model

from .result import TypedEvaluation
from .text import Span

if TYPE_CHECKING:
    from ..llm.protocol import ChatModel

PROMPT = "criteria_judge"
#: Criteria decided by checking files or counting words: no model overrides them.
CHECKED_ONLY = frozenset({"research_fact", "specific", "length_60_120s"})
#: Flags: true means the problem is absent, so a quote can only show it present.
FLAGS = frozenset({"not_life_story", "not_resume_readout", "no_generic_praise"})
MEANINGS = {
    "present_role": "the candidate says what they do now (their role, or role and employer)",
    "strengths_match_job": "at least two requirements of the job are claimed as strengths, "
    "with some experience behind each",
    "quantified_achievement": "at least one number measures something the candidate "
    "achieved (not years of experience or team size)",
    "why_now": "the candidate gives a reason for moving now or for wanting this role next",
    "not_life_story": "the answer does NOT start from childhood or school and walk forward",
    "not_resume_readout": "the answer is NOT the CV read out line by line",
    "linked_to_role": "the answer ties the candidate to this role, team, company or product",
    "own_goals": "the reason is tied to the candidate's own goals, values or experience",
    "no_generic_praise": "the answer does NOT use praise any company could get ('great "
    "culture', 'industry leader', 'amazing company')",
    "role_match": "a responsibility of the job is matched to something the candidate has done",
}


class CriterionVerdict(BaseModel):
    """The judge's verdict on one criterion: met or not, and the answer's words for it."""

    model_config = ConfigDict(extra="forbid", strict=True)
    met: bool
    quotes: list[str]
    reason: str


@lru_cache(maxsize=64)
def verdicts_model(names: tuple[str, ...]) -> type[BaseModel]:
    """The reply for one request: a verdict per criterion asked about, in the order asked.

    Which criteria are asked depends on the question type and on what the rules could check
    themselves, so the model is built per set of names (few sets exist; they are cached).
    A verdict on a criterion that was not asked about is ignored, never trusted.
    """
    fields: dict[str, Any] = {n: (CriterionVerdict, ...) for n in names}
    return create_model(  # type: ignore[call-overload, no-any-return]
        "CriteriaVerdicts", __config__=ConfigDict(extra="ignore"), **fields
    )


def refine(
    ev: TypedEvaluation, question: str, answer: str, llm: ChatModel | None, settings: Any = None
) -> TypedEvaluation:
    """Merge a trusted model's verdicts into ``ev`` (in place) under the policy above."""
    from ..llm.backends import LLMError
    from ..llm.client import PromptError, load_prompt
    from ..star.judge import _reason, find_quote
    from ..untrusted import find_injections

    fallback = "The AI judge was unavailable ({}); showing the rules-based result."
    if find_injections(answer):
        ev.notes.append(
            fallback.format("the answer contains text that reads like instructions to an AI")
        )
        return ev
    names = [c.name for c in ev.criteria if c.name not in CHECKED_ONLY and c.name in MEANINGS]
    payload = {
        "question": question,
        "answer": answer,
        "type": ev.question_type,
        "criteria": [{"name": n, "meaning": MEANINGS[n]} for n in names],
    }
    try:
        messages = [
            {"role": "system", "content": load_prompt(PROMPT, settings)},
            {"role": "user", "content": json.dumps(payload, ensure_ascii=False)},
        ]
        shape = verdicts_model(tuple(names))
        raw = llm.json(messages, shape, max_tokens=700, name="criteria")
    except (LLMError, PromptError, ValueError) as exc:
        ev.notes.append(fallback.format(_reason(exc)))
        ev.llm_error = exc
        return ev
    used, disagreements, dropped = [], [], 0
    for c in ev.criteria:
        if c.name not in names:  # research facts and length are checked, never judged
            continue
        verdict: CriterionVerdict = getattr(raw, c.name)
        if verdict.met == c.met:
            continue
        disagreements.append(f"{c.name}: rules {c.met}, judge {verdict.met}")
        spans = []
        for q in verdict.quotes:
            found = find_quote(answer, q)
            if found is None:
                dropped += 1
            else:
                spans.append(Span(found[0], found[1], answer[found[0] : found[1]]))
        # a quote backs "met" for a criterion, and "not met" for a flag
        backed = bool(spans) and (verdict.met != (c.name in FLAGS))
        if backed:
            c.met, c.evidence = verdict.met, spans
            used.append(c.name)
    if dropped:
        ev.notes.append(f"Dropped {dropped} judge quote(s) not found in the answer.")
    kept = [d.split(":")[0] for d in disagreements if d.split(":")[0] not in used]
    if kept:
        ev.notes.append(
            "Rules kept for " + ", ".join(kept) + " (the judge gave no verified "
            "quote for its verdict)."
        )
    if used:
        ev.tips = [c.tip for c in ev.criteria if not c.met][:3]
    ev.judge = {"disagreements": disagreements, "used": used, "dropped_quotes": dropped}
    ev.scorer = "llm+rules" if used else "rules"
    return ev
