"""The STAR feedback cards the app shows after each answer.

A card shows the answer with each STAR part's evidence highlighted, which means trusting
the scorer's character offsets only where they still match the text on screen: after a
probe the evaluation covers the answer and its follow-up together, so the cards work out
which text the offsets refer to and re-find quotes that moved. Like ``render``, every
piece of user text is escaped here before it reaches ``gr.HTML``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..models import AnswerEvaluation, CriteriaEvaluation, StarEvaluation, load_evaluation
from ..models import question_title as card_title
from ..voice.delivery import summary as delivery_summary
from .render import esc, get_field, shorten

STAR = ("situation", "task", "action", "result")
# Colours chosen to stay readable (dark text) on light and dark themes alike.
STAR_COLOURS = {
    "situation": "#cfe8ff",
    "task": "#fde2b8",
    "action": "#cdeccd",
    "result": "#f4cbe6",
}
SCORE_WORDS = {0: "missing", 1: "partial", 2: "clear"}


def _spans(answer: str, evaluation: StarEvaluation) -> list[tuple[int, int, str]]:
    """Valid evidence spans; a span whose offsets do not match the answer is re-found by text."""
    spans: list[tuple[int, int, str]] = []
    for name in STAR:
        for ev in evaluation.evidence(name):
            start, end, text = ev.start, ev.end, ev.text
            if 0 <= start < end <= len(answer) and (not text or answer[start:end] == text):
                spans.append((start, end, name))
            elif text and (pos := answer.find(text)) >= 0:
                spans.append((pos, pos + len(text), name))
    return spans


def highlight_answer(answer: str, evaluation: StarEvaluation) -> str:
    """The answer as escaped HTML with each STAR component's evidence marked in its colour."""
    spans = _spans(answer, evaluation)
    cuts = sorted({0, len(answer), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = esc(answer[a:b])
        names = [n for s, e, n in spans if s <= a and b <= e]
        if not names:
            parts.append(piece)
            continue
        first = names[0]
        labels = " + ".join(n.capitalize() for n in dict.fromkeys(names))
        parts.append(
            f'<mark data-component="{first}" title="{esc(labels)}" '
            f'style="background:{STAR_COLOURS[first]};color:#111;border-radius:3px;'
            f'padding:0 2px">{piece}</mark>'
        )
    return "".join(parts).replace("\n", "<br>")


def star_total(evaluation: StarEvaluation) -> int:
    return sum(evaluation.scores.values())


def _badges(evaluation: StarEvaluation, other: bool = False) -> str:
    """A badge per STAR part; for a story that answers another question the parts are only
    told or not told, never "clear" for the question asked, and carry no score."""
    out = []
    for name in STAR:
        score = evaluation.score(name)
        said = ("told" if score else "not told") if other else f"{score}/2 · {SCORE_WORDS[score]}"
        out.append(
            f'<span class="star-badge" data-component="{name}" data-score="{score}" '
            f'style="background:{STAR_COLOURS[name]};color:#111;border-radius:10px;'
            f'padding:2px 8px;margin-right:6px;display:inline-block">'
            f"{name.capitalize()} {said}</span>"
        )
    return "".join(out)


def _headline(evaluation: StarEvaluation) -> str:
    """'This story answers a different question (…)' when the answer was off the question."""
    return str(evaluation.topic.get("headline") or "") if evaluation.misfit else ""


def _facts(evaluation: StarEvaluation) -> str:
    facts = ["result quantified" if evaluation.quantified_result else "no numbers"]
    ownership = evaluation.ownership
    if ownership:
        facts.append(
            {"i": "says “I”", "we": "mostly “we”", "mixed": "mix of “I” and “we”"}.get(
                ownership, str(ownership)
            )
        )
    if evaluation.hypothetical:
        facts.append(
            "a habit (“I always…”), not one time"
            if evaluation.habit
            else "hypothetical (“I would…”)"
        )
    secs = evaluation.speaking_seconds
    measured = evaluation.spoken is not None and evaluation.spoken.delivery.get("measured")
    spoken = f"{round(secs)} s measured" if measured else f"~{round(secs)} s spoken"
    facts.append(f"{evaluation.word_count} words ({spoken})")
    if evaluation.fillers.get("count"):
        facts.append(f"{evaluation.fillers['count']} filler words")
    if evaluation.scorer:
        facts.append(f"scored by {evaluation.scorer}")
    return " · ".join(esc(f) for f in facts)


def criteria_card_html(
    number: int, question: str, answer: str, evaluation: CriteriaEvaluation, *, open_: bool = False
) -> str:
    """An opening or motivation answer: its criteria, met or not, with the words that show
    them and the research file each company fact was found in. No STAR score: none was
    computed for it."""
    from ..report.render import CRITERION_NAMES

    rows = [f'<p class="star-answer" style="line-height:1.6">{esc(answer)}</p>', "<ul>"]
    for c in evaluation.criteria:
        mark = "✓" if c.met else "✗"
        name = CRITERION_NAMES.get(c.name, c.name)
        sources = c.details.get("sources", [])
        said = [f"“{esc(s['text'])}” ({esc(s['source'])})" for s in sources] or [
            f"“{esc(e.text)}”" for e in c.evidence[:1]
        ]
        said += [
            f"“{esc(x['text'])}”: not in your research"
            for x in c.details.get("not_in_research", [])
        ]
        detail = f": {'; '.join(said)}" if said else ""
        rows.append(
            f'<li class="criterion" data-met="{str(c.met).lower()}">{mark} {esc(name)}{detail}</li>'
        )
    rows.append("</ul>")
    tips = evaluation.tips
    if tips:
        rows.append(
            '<div class="star-tip"><b>Tips:</b><ul>'
            + "".join(f"<li>{esc(t)}</li>" for t in tips)
            + "</ul></div>"
        )
    for note in evaluation.notes:
        rows.append(f'<div class="star-note"><i>{esc(note)}</i></div>')
    kind = {"opening": "About you", "motivation": "Why us"}.get(evaluation.question_type, "")
    summary = (
        f"Answer {number} · {kind} · {evaluation.met} of {len(evaluation.criteria)} "
        f"criteria met · {esc(shorten(question, 80))}"
    )
    return (
        f'<details class="star-card" data-answer="{number}"{" open" if open_ else ""} '
        f'style="border:1px solid #8884;border-radius:8px;padding:8px 12px;margin:6px 0">'
        f"<summary><b>{summary}</b></summary>{''.join(rows)}</details>"
    )


def star_card_html(
    number: int, question: str, answer: str, evaluation: AnswerEvaluation, *, open_: bool = False
) -> str:
    """One question's STAR feedback (its answer and any follow-up reply) as a collapsible card;
    an opening or motivation answer gets its criteria instead, never a STAR score."""
    if isinstance(evaluation, CriteriaEvaluation):
        return criteria_card_html(number, question, answer, evaluation, open_=open_)
    total = star_total(evaluation)
    headline = _headline(evaluation)
    told = not (headline and evaluation.topic.get("kind") == "no_story")
    missing = [] if headline else evaluation.missing  # parts of a story for another question
    tips = evaluation.tips
    rows = []
    if headline:  # it leads: the parts below are the story's, not this question's
        rows.append(f'<div class="star-offtopic"><b>{esc(headline)}</b></div>')
    if told:
        rows.append(f'<div class="star-scores">{_badges(evaluation, bool(headline))}</div>')
    marked = highlight_answer(answer, evaluation) if told else esc(answer)
    rows.append(f'<p class="star-answer" style="line-height:1.6">{marked}</p>')
    if missing:
        items = "".join(f"<li>{esc(m)}</li>" for m in missing)
        rows.append(f'<div class="star-missing"><b>Missing</b><ul>{items}</ul></div>')
    if tips:
        rows.append(f'<div class="star-tip"><b>Tip:</b> {esc(tips[0])}</div>')
        if len(tips) > 1:
            rows.append("<ul>" + "".join(f"<li>{esc(t)}</li>" for t in tips[1:]) + "</ul>")
    if delivery := delivery_summary(evaluation.spoken):
        rows.append(f'<div class="star-delivery"><b>Delivery:</b> {esc(delivery)}</div>')
    for note in evaluation.notes:
        rows.append(f'<div class="star-note"><i>{esc(note)}</i></div>')
    facts = _facts(evaluation)
    if facts:
        rows.append(f'<div class="star-facts" style="opacity:.8;font-size:90%">{facts}</div>')
    verdict = "answers a different question" if headline else f"STAR {total}/8"
    summary = f"Question {number} · {verdict} · {esc(shorten(card_title(question), 90))}"
    return (
        f'<details class="star-card" data-answer="{number}"{" open" if open_ else ""} '
        f'style="border:1px solid #8884;border-radius:8px;padding:8px 12px;margin:6px 0">'
        f"<summary><b>{summary}</b></summary>{''.join(rows)}</details>"
    )


def _evaluated_text(candidates: Sequence[str], evaluation: AnswerEvaluation) -> str:
    """The text the evidence offsets refer to: after a probe the scorer sees the whole answer."""
    if not isinstance(evaluation, StarEvaluation):
        return candidates[0]

    def fits(text: str) -> int:
        spans = [s for c in STAR for s in evaluation.evidence(c)]
        return sum(1 for s in spans if text[s.start : s.end] == s.text)

    return max(candidates, key=fits)


def _question_cards(turns: Sequence[Any]) -> list[tuple[int, str, str, AnswerEvaluation]]:
    """(question number, question, answer text shown, evaluation) per answered question.

    A follow-up's reply is part of its question's answer: the last evaluation covers the
    whole exchange, so a question gets one card, numbered like the interview numbers it.
    """
    groups: list[tuple[str, list[str], list[AnswerEvaluation]]] = []
    for turn in turns:
        kind = get_field(turn, "kind")
        if kind == "question":
            said = get_field(turn, "text", "")
            groups.append((card_title(said, get_field(turn, "interviewer", "") or ""), [], []))
        elif kind == "answer" and groups:
            groups[-1][1].append(get_field(turn, "text", ""))
            if evaluation := get_field(turn, "evaluation"):  # a dict when from gradio state
                groups[-1][2].append(load_evaluation(evaluation))
    cards = []
    for number, (question, answers, evaluations) in enumerate(groups, start=1):
        if evaluations:
            evaluation = evaluations[-1]
            candidates = [answers[-1], " ".join(answers), "\n\n".join(answers)]
            cards.append((number, question, _evaluated_text(candidates, evaluation), evaluation))
    return cards


EMPTY = '<p class="star-empty">STAR feedback appears here after each answer.</p>'


def star_cards_html(turns: Sequence[Any]) -> str:
    """Every answered question's card in interview order, closed: the full record."""
    cards = _question_cards(turns)
    return "".join(star_card_html(n, q, a, e) for n, q, a, e in cards) if cards else EMPTY


def latest_card_html(turns: Sequence[Any]) -> str:
    """The card for the question just answered, open, to sit right under the chat."""
    cards = _question_cards(turns)
    if not cards:
        return ""
    n, q, a, e = cards[-1]
    return star_card_html(n, q, a, e, open_=True)
