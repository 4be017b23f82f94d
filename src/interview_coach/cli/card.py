"""One evaluation as plain text for a terminal (``evaluate`` without ``--json``)."""

from __future__ import annotations

from ..models import StarEvaluation
from ..star.coaching import NAMES
from ..voice.delivery import summary


def format_card(ev: StarEvaluation, answer: str, question: str = "") -> str:
    """The evaluate result as plain text for people (``--json`` gives the same data)."""
    lines = []
    if question:
        lines += [f"Question: {question}", ""]
    # An answer to another question: its parts are the story's, not this question's, so the
    # card says so first and never calls a part "clear" for the question asked.
    headline = str(ev.topic.get("headline") or "") if ev.misfit else ""
    other = bool(headline)
    told = not (other and ev.topic.get("kind") == "no_story")  # no story: no STAR lines
    if other:
        lines.append(headline)
        if told:
            lines.append("The story you told (it does not count for this question):")
    for c, name in NAMES.items():
        if not told:
            break
        score = ev.score(c)
        bar = "\u25cf" * score + "\u25cb" * (2 - score)
        label = ("missing", "weak", "clear")[score]
        if other:
            bar, label = "\u2013 ", ("not told", "told", "told")[score]
        lines.append(f"{name:<10} {bar}  {label}")
        for span in ev.evidence(c)[:2]:
            text = span.text if len(span.text) <= 110 else span.text[:107] + "..."
            lines.append(f"             \u201c{text}\u201d")
    for d in ev.judge.get("disagreements", []) if ev.judge else []:
        lines.append(f"  (judge disagrees) {d}")
    facts = [
        "numbers in the result" if ev.quantified_result else "no numbers in the result",
        f"ownership: {ev.ownership}",
        f"{ev.word_count} words, ~{round(ev.speaking_seconds)} s spoken ({ev.length_flag})",
        f"fillers: {ev.fillers['count']} ({ev.fillers['per_100_words']} per 100 words)",
        f"relevance: {ev.relevance:.2f}",
    ]
    if ev.hypothetical:
        facts.insert(0, f"{'a habit' if ev.habit else 'hypothetical'} (no real event)")
    lines += ["", "Checks:   " + "; ".join(facts), f"Scored by: {ev.scorer}"]
    if ev.spoken and (delivery := summary(ev.spoken)):
        lines += [f"Delivery: {delivery}", f"Transcript: {ev.spoken.transcript}"]
    if ev.tips:
        lines += ["", "Tips:"] + [f"  - {t}" for t in ev.tips]
    lines += ["", f"Follow-up question: {ev.follow_up}"]
    if ev.skeleton and told:
        lines += ["", "The story you told, as STAR:" if other else "Your answer as STAR:"]
        lines += [f"  {NAMES[c]}: {t}" for c, t in ev.skeleton.items() if c in NAMES]
    if ev.notes:
        lines += ["", "Notes:"] + [f"  - {n}" for n in ev.notes]
    return "\n".join(lines)
