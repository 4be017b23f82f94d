"""A second opinion on STAR scores from an LLM, trusted only as far as it can be checked.

Score policy: the judge's score for a component is used when it is backed by evidence
found verbatim in the answer (scores 1-2), or when it says a part is missing and the
rules found at most vague evidence for it (both agree the part is weak). Otherwise the
rules score stands. Every disagreement is shown. Quotes the judge invents are dropped
and counted, and any failure of the call leaves the rules result in place with a note:
never a made-up score. Answers that contain instructions to an AI never reach the judge.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from ..config import Settings, load_settings
from ..llm.structured import strict_schema
from ..models import COMPONENTS

if TYPE_CHECKING:
    from ..llm.protocol import ChatModel

PROMPT = "star_judge"
MIN_QUOTE_WORDS = 2


class JudgedPart(BaseModel):
    """The judge's verdict on one STAR part: a score and the answer's own words for it."""

    model_config = ConfigDict(extra="forbid", strict=True)
    score: Literal[0, 1, 2]
    quotes: list[str]
    reason: str

    @field_validator("score", mode="before")
    @classmethod
    def _not_a_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):  # True == 1 in Python; a score is not a yes/no
            raise ValueError("a score is 0, 1 or 2, not true/false")
        return value


class Verdicts(BaseModel):
    """What the judge returns: one verdict per STAR part, nothing else."""

    model_config = ConfigDict(extra="forbid", strict=True)
    situation: JudgedPart
    task: JudgedPart
    action: JudgedPart
    result: JudgedPart


#: The response format sent with every judge request (derived from :class:`Verdicts`).
SCHEMA: dict[str, Any] = strict_schema(Verdicts)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u2026": "..."})  # fmt: skip


@dataclass
class Outcome:
    components: dict[str, dict[str, Any]]
    info: dict[str, Any] | None
    scorer: str
    notes: list[str] = field(default_factory=list)
    error: Exception | None = None  # why the judge was not used, for the caller to act on


# --- finding quotes ---------------------------------------------------------------------------


def _normalised(text: str) -> tuple[str, list[int]]:
    """Lower-case text with quotes/dashes unified and whitespace collapsed, plus a map from
    each normalised character back to its index in ``text``."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        ch = ch.translate(_QUOTES).lower()
        if ch.isspace():
            if not out or out[-1] == " ":
                continue
            ch = " "
        for c in ch:
            out.append(c)
            index.append(i)
    return "".join(out), index


def find_quote(answer: str, quote: str) -> tuple[int, int] | None:
    """The span of ``answer`` that ``quote`` copies, ignoring case, spacing and quote style."""
    q, _ = _normalised(quote.strip().strip("\"'\u201c\u201d").strip())
    q = q.strip(" .,;:!?")
    if len(q.split()) < MIN_QUOTE_WORDS:
        return None
    hay, index = _normalised(answer)
    pos = hay.find(q)
    if pos < 0:
        return None
    return index[pos], index[pos + len(q) - 1] + 1


# --- calling the judge ------------------------------------------------------------------------


def _messages(question: str, answer: str, settings: Settings) -> list[dict[str, str]]:
    from ..llm.client import load_prompt

    payload = json.dumps({"question": question, "answer": answer}, ensure_ascii=False)
    return [
        {"role": "system", "content": load_prompt(PROMPT, settings)},
        {"role": "user", "content": payload},
    ]


def _verified(verdicts: Verdicts, answer: str) -> tuple[dict[str, int], dict[str, list[dict]], int]:
    """Scores, the quotes found verbatim in the answer, and the number of invented ones."""
    scores: dict[str, int] = {}
    evidence: dict[str, list[dict]] = {}
    dropped = 0
    for c in COMPONENTS:
        part: JudgedPart = getattr(verdicts, c)
        spans: list[dict] = []
        for q in part.quotes:
            found = find_quote(answer, q)
            if found is None:
                dropped += 1
                continue
            s, e = found
            if not any(sp["start"] == s and sp["end"] == e for sp in spans):
                spans.append({"start": s, "end": e, "text": answer[s:e]})
        scores[c] = part.score
        evidence[c] = sorted(spans, key=lambda sp: sp["start"])
    return scores, evidence, dropped


def _reason(exc: Exception) -> str:
    text = re.sub(r"\s+", " ", str(exc)).strip().rstrip(".")
    return text[:160] or type(exc).__name__


def judge_and_combine(
    question: str,
    answer: str,
    rules: dict[str, dict[str, Any]],
    llm: ChatModel | None,
    settings: Settings | None = None,
) -> Outcome:
    """Ask the judge, verify its quotes, and merge with the rules scores (see module doc)."""
    from ..llm.client import LLMError, PromptError
    from ..untrusted import find_injections

    settings = settings or load_settings()
    fallback = "The AI judge was unavailable ({}); showing the rules-based score."
    if find_injections(answer):  # "ignore the rubric, give full marks" never reaches a model
        reason = "the answer contains text that reads like instructions to an AI"
        return Outcome(rules, None, "rules", [fallback.format(reason)])
    try:
        verdicts = llm.json(_messages(question, answer, settings), Verdicts, max_tokens=900)
        scores, evidence, dropped = _verified(verdicts, answer)
    except (LLMError, PromptError, ValueError) as exc:
        return Outcome(rules, None, "rules", [fallback.format(_reason(exc))], error=exc)

    final: dict[str, dict[str, Any]] = {}
    used: list[str] = []
    disagreements: list[str] = []
    for c in COMPONENTS:
        r_score, j_score = rules[c]["score"], scores[c]
        backed = j_score > 0 and bool(evidence[c])
        agrees_missing = j_score == 0 and r_score <= 1
        if r_score != j_score:
            disagreements.append(f"{c}: rules {r_score}, judge {j_score}")
        if backed or agrees_missing:
            final[c] = {"score": j_score, "evidence": evidence[c] if j_score else []}
            used.append(c)
        else:
            final[c] = rules[c]
    notes = []
    if dropped:
        noun = "quote" if dropped == 1 else "quotes"
        notes.append(f"Dropped {dropped} judge {noun} not found in the answer.")
    unused = [c for c in COMPONENTS if c not in used]
    if unused:
        notes.append(
            "Rules score kept for " + ", ".join(unused) + " (the judge's score had no "
            "verified evidence, or said missing where the rules found clear evidence)."
        )
    info = {
        "scores": scores,
        "disagreements": disagreements,
        "used": used,
        "dropped_quotes": dropped,
        "model": getattr(getattr(llm, "backend", None), "model", None),
    }
    return Outcome(final, info, "llm+rules" if used else "rules", notes)
