"""One answer in, one :class:`~.result.Evaluation` out: rules, then the judge, then coaching.

The orchestration lives apart from the rules (``scorer``) and the coaching text (``coaching``)
so that neither needs the other: both are steps this module runs in order.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..errors import InputError
from ..interview import classify_answer
from . import coaching, exchange, judge, length, model, relevance
from . import features as F
from .result import Evaluation
from .scorer import analyse
from .tags import COMPONENTS

if TYPE_CHECKING:
    from ..llm.protocol import ChatModel

MAX_WORDS = 5000
#: What a plan says ("I would", "if that happened"): a hypothetical answer, not a trait.
CONDITIONAL = re.compile(
    r"\b(?:i|you|we) would\b|\bi'?d (?!say|describe)\w+|\bif (?:that|this|i|it|someone|a|the)\b",
    re.I,
)
WPM = 150
TOO_SHORT, TOO_LONG = 80, 450


class EmptyAnswerError(InputError):
    """The answer has no text to score."""


def _truncate(answer: str) -> tuple[str, bool]:
    """The first MAX_WORDS words, as a prefix of ``answer`` so evidence offsets stay valid."""
    for k, m in enumerate(re.finditer(r"\S+", answer)):
        if k == MAX_WORDS:
            return answer[: m.start()].rstrip(), True
    return answer, False


def _fillers(text: str, n_words: int) -> dict[str, Any]:
    found: dict[str, int] = {}
    for m in F.FILLERS.finditer(text):
        key = m.group().lower()
        found[key] = found.get(key, 0) + 1
    count = sum(found.values())
    per100 = round(100 * count / n_words, 1) if n_words else 0.0
    return {"count": count, "per_100_words": per100, "words": found}


def _hedges(text: str) -> list[str]:
    seen: list[str] = []
    for m in F.HEDGES.finditer(text):
        h = m.group().lower()
        if h not in seen:
            seen.append(h)
    return seen


#: The one tip for a pass: how to find a story, not what is wrong with one.
_FOUR_STEPS = (
    "tell it in four steps: what was going on, what you had to do, what you did, and how it ended."
)
PASS_TIP = (
    f"Passing is fine while you practise. To find a story, think of a recent project, a busy "
    f"week or a problem you fixed, and {_FOUR_STEPS}"
)
ASKS_BACK_TIP = (
    f"Keep your own questions for the end of the interview. For this one, pick a real example "
    f"and {_FOUR_STEPS}"
)
#: "Could you repeat the question?" is a fair thing to ask, and not the same as asking about
#: the job mid-interview.
CLARIFY_TIP = (
    f"Asking to hear a question again is fine in a real interview. Once you have it, pick a "
    f"real example and {_FOUR_STEPS}"
)
OFF_TOPIC_NOTE = "Off topic? This answer may not address the question it was asked."
NO_STORY_NOTE = "No story yet: this answer describes you rather than a time it happened."
PASS_TIPS = {"skip": PASS_TIP, "asks_back": ASKS_BACK_TIP, "clarify": CLARIFY_TIP}
PASS_NOTES = {
    "skip": "This passes on the question, so there is no story to score yet.",
    "asks_back": "This asks a question back instead of answering, so there is no story to "
    "score yet.",
    "clarify": "This asks for the question again instead of answering, so there is no story "
    "to score yet.",
}


def evaluate(
    question: str,
    answer: str,
    *,
    llm: ChatModel | None = None,
    settings: Settings | None = None,
    reply_from: int | None = None,
) -> Evaluation:
    """Score ``answer`` to ``question``: rules always, plus the LLM judge when one is capable.

    ``reply_from`` marks where a reply to a follow-up starts in ``answer``: whatever STAR part
    the reply supplies counts for the whole exchange (:mod:`.exchange`).
    Raises :class:`EmptyAnswerError` for an empty answer. Judge failures never raise:
    the rules result comes back with a note saying why the judge is missing.
    """
    if answer is None or not str(answer).strip():
        raise EmptyAnswerError("the answer is empty: type or paste what you would say")
    question = (question or "").strip()
    notes: list[str] = []
    text, truncated = _truncate(answer)
    if truncated:
        notes.append(
            f"The answer is over {MAX_WORDS:,} words; only the first {MAX_WORDS:,} were scored."
        )
    an = model.refine(analyse(text))
    kind = classify_answer(text)
    # "Nothing's coming to mind right now", "What do you mean?": no story told, nothing to score
    passed = kind in PASS_TIPS
    if passed:
        for unit in an.units:
            unit.tags.clear()
        an.scores = dict.fromkeys(COMPONENTS, 0)
        an.quantified_result = False
        notes.append(PASS_NOTES[kind])
    if an.gibberish:
        notes.append("This doesn't read as an answer: most of it isn't recognisable words.")

    n_words = len(F.words(answer))
    # a pass or a request to hear the question again told no story to judge for its topic
    judged = question and not an.gibberish and not passed
    topic = relevance.judge(question, an) if judged else None
    rel = topic.relevance if topic else 0.0
    if not question:
        notes.append("No question was given, so relevance to the question was not checked.")
    # "No STAR part scored" alone is not enough: the rules miss real stories told in some
    # styles. It counts when the relevance model is not confident the answer fits either.
    # A hypothetical answer narrates nothing by nature; it has its own flag and probe.
    no_story = not an.gibberish and not any(an.scores.values())
    doubtful = bool(topic and (topic.off_topic or (no_story and topic.relevance < 0.5)))
    # "I would talk to them first" to a conflict question answers it, in the wrong tense: the
    # hypothetical flag and its probe cover it. "I'm a very patient person, I always..." reads
    # as hypothetical too (no event) but says no plan and shows nothing the question asks for:
    # that is off topic. Unless it narrates: "I did not mark the pipes before I take them out,
    # because I think I will remember" reads as a plan to the rules but tells a past mistake.
    trait = bool(
        topic
        and an.hypothetical
        # "How do you make sure your work is accurate?" asks for what one does as a rule
        and not relevance.ASKS_IN_GENERAL.search(question)
        and (topic.off_topic or topic.relevance < 0.5)
        and topic.features["evidence"] <= 0
        and not CONDITIONAL.search(text)
        and not relevance.tells_events(an)
    )
    # A story set outside work, or claims about oneself with no occasion, answer no "time when"
    # at work in any tense: "I am very flexible person... I never panic" reads as a plan too.
    elsewhere = bool(topic and (topic.outside_work or topic.claims_only or topic.picked_other))
    off_topic = bool(question) and (
        (doubtful and not an.hypothetical) or trait or elsewhere or an.gibberish
    )
    topic_note_at = len(notes)  # its note goes here, once the kind of miss is known
    if off_topic and topic:
        # A rule other than the model's own bar (a story outside work, claims only, the story
        # model's reading) overrules the model, whose probability may still be high (a hiking
        # story about persuasion reads as persuasion): the card must not say "relevance: 1.00"
        # beside "this answers a different question".
        # Reported one hundredth under the bar, the highest value the model alone would flag.
        rel = min(rel, round(topic.threshold - 0.01, 2))

    components = {c: {"score": an.scores[c], "evidence": an.evidence(c)} for c in COMPONENTS}
    quantified = an.quantified_result
    if reply_from is not None and 0 < reply_from < len(text):
        components, supplied, counted = exchange.complete_with_reply(components, text, reply_from)
        quantified = quantified or counted
        if supplied:
            notes.append(f"Your follow-up answer added the {' and '.join(supplied)}.")
    judge_info, llm_error = None, None
    scorer = "rules"
    # A model that is not judge-capable (the local 1.5B one, or INTERVIEW_COACH_JUDGE=off) is
    # a setting, not a failure: scorer "rules" says it, without a note on every answer.
    if llm is not None and llm.judge_capable and not an.gibberish:
        outcome = judge.judge_and_combine(question, text, components, llm, settings)
        components, judge_info, scorer = outcome.components, outcome.info, outcome.scorer
        notes.extend(outcome.notes)
        llm_error = outcome.error

    length_flag = "too_short" if n_words < TOO_SHORT else "too_long" if n_words > TOO_LONG else "ok"
    ramble = length.check(text, n_words)
    capped = [c for c in COMPONENTS if ramble.rambling and components[c]["score"] > 1]
    for c in capped:  # buried in repetition or length, a clear part is not clear to a listener
        components[c] = {**components[c], "score": 1}
    if capped:
        notes.append(
            "Rambling: parts that were there are scored as weak, since a listener would lose "
            f"them ({', '.join(capped)})."
        )
    ev = Evaluation(
        components=components,
        quantified_result=quantified and components["result"]["score"] > 0,
        ownership=an.ownership,
        hypothetical=an.hypothetical,
        habit=an.hypothetical and coaching.tells_habit(an),
        relevance=rel,
        word_count=n_words,
        speaking_seconds=round(n_words * 60 / WPM, 1),
        fillers=_fillers(text, n_words),
        missing=[c for c in COMPONENTS if components[c]["score"] == 0],
        tips=[],
        follow_up="",
        scorer=scorer,
        notes=notes,
        length_flag=length_flag,
        hedges=_hedges(text),
        off_topic=off_topic,
        rambling={**ramble.to_dict(), "capped": capped},
        topic={"asks": topic.asks, "shows": topic.shows, "asks_sure": topic.asks_sure}
        if topic
        else {},
        reflection=an.reflection,
        judge=judge_info,
        llm_error=llm_error,
    )
    if off_topic and topic and not an.gibberish:
        # Why it misses and the card's first line, for every front end (new keys only).
        hobby = bool(topic.features["hobby"]) or topic.outside_work
        ev.topic["kind"] = coaching.off_topic_kind(ev, hobby, topic.picked_other, topic.claims_only)
        ev.topic["headline"] = coaching.off_topic_headline(ev)
        # No time told, on the question's theme ("I'm pretty chill, I thrive on it" for
        # pressure, "i havent really led anything yet"): not a story for another question.
        # The STAR sets' writers call such answers fitting, 101 of 3,595, which the contract
        # called off topic; the card, tip and probe ask for one real time either way.
        ev.no_story = ev.topic["kind"] == "no_story" and not hobby
        ev.off_topic = not ev.no_story
        notes.insert(topic_note_at, NO_STORY_NOTE if ev.no_story else OFF_TOPIC_NOTE)
    ev.tips = coaching.tips(ev, an, question)
    ev.follow_up = coaching.follow_up(ev, an, question)
    if passed:  # not a description of themselves, as the no-story tip would say
        ev.tips = [PASS_TIPS[kind]]
        if kind == "clarify" and question:  # what an interviewer does: ask it again
            ev.follow_up = question
    ev.skeleton = coaching.skeleton(ev, an)
    return ev
