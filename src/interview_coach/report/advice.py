"""Help for a weak answer that invents nothing.

Only the candidate knows what actually happened, so the report asks for the missing
facts (:func:`details_to_add`) and lays out their own quotes as a STAR outline
(:func:`skeleton_of`) instead of supplying a story. An LLM rewrite (:func:`rewrite`) is
thrown away, with a note saying why, the moment it adds a number or a name the candidate
never gave, or sets the story at the company they are applying to.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..models import SessionRecord, StarEvaluation
from ..star.coaching import NAMES
from ..text import quote_start

if TYPE_CHECKING:
    from ..llm.protocol import ChatModel
    from .model import QuestionReport

HINTS = {
    "situation": "set the scene: where, when, and what was at stake",
    "task": "say what you personally were responsible for",
    "action": "walk through the steps you took yourself",
    "result": "say what changed because of you, ideally with a number",
}
ASK = {
    "situation": "Where and when did this happen, and what was at stake if nothing changed?",
    "task": "What exactly were you responsible for? What would have happened if you hadn't acted?",
    "action": "What did you do yourself, step by step? Which decision was yours?",
}


#: "I rebuilt the rota" can follow "after you"; "Then I would...", "um so we" cannot.
_STEP = re.compile(r"^(?:I|we)\s+(?!would\b|will\b|could\b|might\b|'d\b)[a-z]+", re.I)


def _you(phrase: str) -> str | None:
    """'I redesigned my queue' as 'you redesigned your queue', or None when it is no clean step.

    The phrase goes inside a question ("What changed after you ...?"), so it must be a whole
    past step of a few words: a clause cut short, a plan ("I would") or a long sentence would
    leave the question broken in the middle.
    """
    phrase = phrase.strip()
    phrase = phrase[quote_start(phrase, 0, len(phrase)) :].rstrip(" .,;:!?")
    words = phrase.split()
    if not _STEP.match(phrase) or len(words) > 14 or re.search(r"[.!?;]", phrase):
        return None
    swaps = {"i": "you", "my": "your", "me": "you", "myself": "yourself", "we": "your team",
             "our": "your team's", "us": "your team"}  # fmt: skip
    return " ".join(swaps.get(w.lower(), w) for w in words)


def details_to_add(ev: StarEvaluation, scores: dict[str, int]) -> list[str]:
    """Questions for the facts only the candidate knows, instead of inventing them."""
    asks = [ASK[c] for c in ("situation", "task", "action") if scores[c] < 2]
    if ev.ownership in ("we", "mixed"):
        asks.append("Which part did you do yourself, rather than the team?")
    if scores["result"] < 2 or not ev.quantified_result:
        actions = ev.evidence("action")
        did = _you(actions[-1].text) if actions else None
        after = f"after {did}" if did else "because of what you did"
        asks.append(
            f"What changed {after}? By how much (a number, a percentage, time or money saved)?"
        )
    return asks


def skeleton_of(ev: StarEvaluation, scores: dict[str, int]) -> dict[str, str]:
    """A STAR outline made only of the candidate's own words, with gaps left as prompts."""
    given: Any = ev.skeleton  # rows stored by older versions may hold one string
    if isinstance(given, dict) and given:
        return {str(k): str(v) for k, v in given.items()}
    if isinstance(given, str) and given.strip():
        return {"outline": given.strip()}
    out = {}
    for comp in NAMES:
        quotes = [s.text.strip() for s in ev.evidence(comp) if s.text]
        text = " … ".join(quotes)
        if scores[comp] < 2 or not text:
            text = (text + " " if text else "") + f"[add: {HINTS[comp]}]"
        out[comp] = text
    return out


def rewrite(q: QuestionReport, record: SessionRecord, llm: ChatModel | None) -> None:
    """Ask the LLM for a rewrite, and keep it only if it invents nothing.

    Invented means a number or name the answer and setup lack
    (:func:`grounding.check_grounded`), or the story moved to the company being interviewed
    for: its name is allowed because it is in the setup, but the candidate has not worked
    there unless their answer says so.
    """
    from ..llm.client import LLMError, render
    from ..llm.guards import ME, places_at, plain_answer, unsafe_to_show
    from ..star.grounding import check_grounded

    setup = record.setup
    prompt = render(
        "rewrite_answer",
        llm.settings,
        question=q.question,
        answer=q.answer_text,
        missing=", ".join(NAMES[c] for c in NAMES if q.scores[c] < 2) or "none",
        role=setup.role,
        company=setup.company,
    )
    messages = [{"role": "system", "content": prompt}, {"role": "user", "content": q.answer_text}]
    try:
        text = plain_answer(llm.chat(messages, temperature=0.0, max_tokens=400).text)
    except LLMError as exc:
        q.notes.append(f"No suggested rewrite: {exc}")
        return
    if unsafe_to_show(text):
        q.notes.append(
            "The suggested rewrite carried instructions, a verdict or a link, so it is not "
            "shown: fill in the skeleton with your own facts instead."
        )
        return
    moved = places_at(text, setup.company, ME) and not places_at(q.answer_text, setup.company, ME)
    if moved:
        q.notes.append(f"The suggested rewrite set your story at {setup.company}, where you "
                       "have not worked, so it is not shown: fill in the skeleton with your "
                       "own facts instead.")  # fmt: skip
        return
    allowed = [setup.role, setup.company, q.question]
    allowed += [i.name for i in setup.interviewers] + [i.title for i in setup.interviewers]
    invented = check_grounded(text, q.answer_text, extra_allowed=tuple(a for a in allowed if a))
    if invented:
        added = ", ".join(invented[:5])
        q.notes.append(f"The suggested rewrite added details you never gave ({added}), so it is "
                       "not shown: fill in the skeleton with your own facts instead.")  # fmt: skip
    elif text:
        q.rewrite = text
