"""The finished interview's headline: how it went, what to practise next, which questions.

The full report answers every question in detail; this is the part a person reads first,
so it states the overall picture in one line and points at the two or three answers worth
another go. Every figure comes from the report, which counts what the scorer found.
"""

from __future__ import annotations

from typing import Any

from ..models import COMPONENTS
from .cards import card_title
from .render import esc, shorten

#: A question is worth practising again below this STAR total (out of 8).
PRACTISE_BELOW = 6


def weak_questions(report: Any) -> list[Any]:
    """The answered bank questions that missed the question (first, whatever their total) or
    scored lowest, at most three."""
    scored = [
        q
        for q in report.questions
        if q.question_id and (q.misfit or sum(q.scores.values()) < PRACTISE_BELOW)
    ]
    return sorted(scored, key=lambda q: (not q.misfit, sum(q.scores.values()), q.number))[:3]


def _why_again(q: Any) -> str:
    if q.off_topic:
        return "a different question"
    if q.no_story:
        return "no specific time"
    return f"{sum(q.scores.values())}/8"


def summary_html(report: Any) -> str:
    """A short, escaped block for the top of the Feedback tab."""
    qs = report.questions
    if not qs and getattr(report, "openers", None):
        return (
            "<p>No behavioural answers were scored yet; the feedback on how you introduced "
            "yourself and why you applied is in the report below.</p>"
        )
    if not qs:
        return "<p>No answers were scored, so there is nothing to sum up yet.</p>"
    average = sum(sum(q.scores.values()) for q in qs) / len(qs)
    parts = {c: sum(q.scores[c] for q in qs) / len(qs) for c in COMPONENTS}
    best = max(parts, key=lambda c: parts[c])
    worst = min(parts, key=lambda c: parts[c])
    missed = sum(q.misfit for q in qs)
    if missed and average >= 5:  # "strong answers" over a story told for another question
        verdict = (
            f"Well-structured, but {missed} of {len(qs)} answer{'s' if len(qs) != 1 else ''} "
            "did not answer the question asked."
        )
    elif average >= 7:
        verdict = "Strong, well-structured answers."
    elif average >= 5:
        verdict = "Solid answers with a gap or two to close."
    else:
        verdict = "The stories are there; the structure needs work."
    line = (
        f"<p class='summary-line'><b>{esc(verdict)}</b> Average STAR {average:.1f}/8 over "
        f"{len(qs)} question{'s' if len(qs) != 1 else ''}. Your strongest part was the "
        f"{esc(best)}"
        + (f"; the one to work on is the {esc(worst)}." if parts[worst] < parts[best] else ".")
        + "</p>"
    )
    items = "".join(f"<li>{esc(p)}</li>" for p in report.practise) or "<li>Nothing urgent.</li>"
    weak = weak_questions(report)
    again = ""
    if weak:
        rows = "".join(
            f"<li>Question {q.number} "
            f"({_why_again(q)}): "
            f"{esc(shorten(card_title(q.question), 110))}</li>"
            for q in weak
        )
        again = f"<h3>Worth another go</h3><ul class='summary-weak'>{rows}</ul>"
    return (
        f"<div id='summary-block'><h2>How it went</h2>{line}"
        f"<h3>What to practise next</h3><ol class='summary-practise'>{items}</ol>{again}</div>"
    )
