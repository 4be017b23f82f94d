"""Coaching built from the candidate's own words: tips, one probe, a STAR skeleton.

Every tip quotes the answer, so advice is specific and checkable; nothing here
invents a fact. Generated text (rewrites, emails) is checked separately, by
:func:`grounding.check_grounded`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

import yaml

from ..models import question_title
from ..questions import DEFAULT_KNOWLEDGE, load_competencies
from ..text import quote_start
from .cues import (
    DATED,
    LEAD_ROLES,
    NUMBER,
    OCCASION,
    ORGANISATION,
    OUTCOME_UNKNOWN,
    PLACE,
    ROLES,
    VAGUE_CONTEXT,
)
from .relevance import ASKS_IN_GENERAL, named_competencies

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .result import Evaluation
    from .scorer import Analysis

NAMES = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result"}
HINTS = {
    "situation": "where were you, what was your role, and what was going on?",
    "task": "what were you responsible for or asked to achieve, and by when?",
    "action": "what did you personally do, step by step, and why?",
    "result": "what changed because of it, and how did you know? Add a number if you can.",
}
#: Words that answer nothing ("Honestly, I can't think of one"): never a line of the skeleton.
NON_ANSWER = re.compile(
    r"\b(?:can'?t|cannot) (?:think of|remember)|\bdon'?t (?:really )?(?:know|remember)|"
    r"\bno idea\b|\bnot sure\b|\bhaven'?t (?:really )?(?:had|done)|"
    # the speaker's "I've never really had one", not the outcome "he never had a late one again"
    r"\b(?:I|I've|I have) never (?:really )?had\b",
    re.I,
)
WHEN = re.compile(
    r"\b(?:(?:19|20)\d\d|q[1-4]|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|spring|summer|autumn|winter|christmas|last (?:year|month|week)|"
    r"\w+ (?:years?|months?|weeks?) ago|(?:mon|tues|wednes|thurs|fri|satur|sun)day|night shift|"
    r"(?:first|second|third) (?:week|month|year|day))\b",
    re.I,
)
FILLER_LIMIT = 4.0  # per 100 words; speech coaches aim for under ~4%
#: A long answer's scene is worth trimming when it holds this share of its words or more (a
#: few sentences of a 400-word answer are not where the time went); set by hand.
LONG_SCENE_SHARE = 0.3


# --- quoting the candidate --------------------------------------------------------------------


def quote(answer: str, start: int, end: int, max_words: int = 8) -> str:
    """A few words of ``answer[start:end]``, verbatim, without leading "so, um, and" or the
    comma a false start leaves ("I'd, I'd go out…")."""
    start = quote_start(answer, start, end)
    words = list(re.finditer(r"\S+", answer[start:end]))
    if not words:
        return ""
    cut = words[min(len(words), max_words) - 1].end()
    text = answer[start : start + cut].rstrip(",;:-\u2013\u2014 ")
    if len(words) > max_words:
        return text + "\u2026"
    return text.rstrip(".!?")


def _task_guessed(an: Analysis) -> bool:
    """Whether the task's quote is the model's guess at a clause with no word of a job in it
    ("it was like four grand"): the card then asks for the goal instead of quoting it back."""
    cues = ("task_i", "task_we", "task_weak", "task_duty", "task_other")
    tagged = [u for u in an.units if "task" in u.tags]
    return bool(tagged) and not any(u.f.get(k) for u in tagged for k in cues)


def _team_goal(an: Analysis) -> bool:
    """Whether the only job stated is the team's ("the shift lead told everyone to clear the
    returns by Monday"): the rubric's task 1 however clear its deadline, so the card asks which
    part was the speaker's rather than for a target they already gave."""
    tagged = [u for u in an.units if "task" in u.tags]
    return bool(tagged) and all(u.f.get("team_task") for u in tagged)


#: Where an outcome starts inside a clause that also tells a step: "I coordinated the schedule
#: and made sure everything was on track and in the end it was a success".
_OUTCOME_STARTS = re.compile(
    r"\b(?:in the end|as a result|eventually|finally|which meant|the (?:result|outcome) was|"
    r"by the end of)\b",
    re.I,
)


def _first_span(ev: Evaluation, component: str) -> tuple[int, int] | None:
    """The first evidence span; for the result the last, where the outcome usually sits, from
    where its outcome starts (a tip on the result quotes the result, not the step before it)."""
    spans = ev.components[component]["evidence"]
    if not spans:
        return None
    span = spans[-1] if component == "result" else spans[0]
    start = span["start"]
    if component == "result":
        marks = list(_OUTCOME_STARTS.finditer(span["text"]))
        if marks and marks[-1].start() > 0:
            start += marks[-1].start()
    return start, span["end"]


def _q(an: Analysis, span: tuple[int, int] | None, max_words: int = 8) -> str:
    return f"\u201c{quote(an.text, *span, max_words=max_words)}\u201d" if span else "this"


def _unit_span(an: Analysis, which: str) -> tuple[int, int] | None:
    if not an.units:
        return None
    u = an.units[0] if which == "first" else an.units[-1]
    return u.start, u.end


def _unknown_span(an: Analysis) -> tuple[int, int] | None:
    """The last clause saying the outcome is not known ("we are still waiting for the budget
    decision"), which the scorer does not count as a result (``model.refine``)."""
    for u in reversed(an.units):
        if OUTCOME_UNKNOWN.search(u.text):
            return u.start, u.end
    return None


def _we_span(an: Analysis) -> tuple[int, int] | None:
    """The first "we did X" step, which is where "what did you do?" should point."""
    steps = [u for u in an.units if u.f.get("we") and not u.f.get("i")]
    steps.sort(key=lambda u: ("action" not in u.tags, "situation" in u.tags))
    return (steps[0].start, steps[0].end) if steps else None


def numbers_told(texts: Iterable[str]) -> bool:
    """Whether the result as quoted already holds a number ("maybe 200 downloads in three
    months"). The quantified verdict also asks whether the number measures the outcome, so it
    may say no; asking such a candidate for "a number" then reads as unheard."""
    return any(NUMBER.search(t) for t in texts)


def _result_texts(ev: Evaluation) -> list[str]:
    return [s["text"] for s in ev.components["result"]["evidence"]]


def _hyp_span(an: Analysis) -> tuple[int, int] | None:
    for u in an.units:
        if u.f.get("hyp"):
            return u.start, u.end
    return _unit_span(an, "first")


#: A habit's words ("I always try to be first in"), which no "would" or "I'll" turns into a plan.
_HABIT_WORDS = re.compile(
    r"\b(?:always|usually|normally|generally|typically|tend to|try to|like to|whenever|"
    r"my (?:approach|rule|process) is)\b",
    re.I,
)
_PLAN_WORDS = re.compile(r"\b(?:would|I'd|id|I'll|will)\b", re.I)


#: A question that asks for one occasion, whatever its opening: "Can you tell me about a time...",
#: "How do you...? Give me an example." A habit or a plan does not answer it.
ASKS_FOR_A_TIME = re.compile(
    r"\b(?:a time|an? (?:example|instance|occasion|situation)|the last time|once)\b", re.I
)


def tells_habit(an: Analysis) -> bool:
    """Whether what was described instead of an event is a habit ("I always try to be the first
    in") rather than a plan ("I would sit them down"): the card, the tip and the probe then say
    "what you usually do", where "what you would do" reads as unheard."""
    span = _hyp_span(an)
    said = an.text[span[0] : span[1]] if span else ""
    return bool(_HABIT_WORDS.search(said)) and not _PLAN_WORDS.search(said)


def _hyp_said(ev: Evaluation, an: Analysis) -> str:
    """What the candidate described instead of an event, quoted, as ``ev.habit`` read it."""
    return f"what you {'usually' if ev.habit else 'would'} do ({_q(an, _hyp_span(an))})"


# --- tips -------------------------------------------------------------------------------------


def _label(competency: str | None) -> str:
    """'conflict' -> 'conflict resolution', for a sentence."""
    comps = load_competencies(DEFAULT_KNOWLEDGE)
    if not competency or competency not in comps:
        return ""
    return comps[competency].label.lower()


def _asked(ev: Evaluation) -> str | None:
    """What the question asks, for an off-topic card to name: only when it is known or read
    surely. A guess stated as "the question asks about prioritisation" for "What's a time you
    went above and beyond?" tells the candidate the wrong thing to fix."""
    return ev.topic.get("asks") if ev.topic.get("asks_sure", True) else None


def _probed_for(ev: Evaluation, question: str) -> str | None:
    """What a task probe is tailored to: what the question surely asks, or what it names in
    words ("...improved a process" names innovation, though the model reads it unsurely). A
    mere guess gets the plain probe: "What's a time you went the extra mile?" is read as
    prioritisation, and "...which deadline mattered most?" after a vet receptionist drove a
    grieving owner home reads as unheard."""
    asks = ev.topic.get("asks")
    return _asked(ev) or (asks if asks in named_competencies(question) else None)


def _capped(ev: Evaluation) -> set[str]:
    return set((ev.rambling or {}).get("capped") or [])


def ramble_tip(ev: Evaluation) -> str:
    """A "be concise" tip with the evidence: how long it ran and what came back."""
    ramble = ev.rambling or {}
    said = f"At {ev.word_count:,} words (about {ramble.get('minutes', 0):.0f} minutes spoken)"
    reps = ramble.get("repeats") or []
    if reps:
        first = reps[0]
        said += (
            f" and with {len(reps)} sentence{'s' if len(reps) > 1 else ''} that say again what "
            f"you had said (\u201c{quote(first['text'], 0, len(first['text']), 10)}\u201d "
            f"repeats \u201c{quote(first['echoes'], 0, len(first['echoes']), 10)}\u201d)"
        )
    return (
        f"Be concise. {said}, a listener loses the thread. Tell it once, in under 3 minutes: "
        "a sentence or two of scene, your task, three or four steps you took, the result."
    )


# --- an answer to a different question -------------------------------------------------------

#: "Tell me about a time you X." -> "a time you X": what the question asks for, said back.
_ASK = re.compile(
    r"\b(?:tell me about|describe|give me an example of|walk me through|talk me through)\s+"
    r"((?:a |an |the |how |something |your |one )[^.?!]*)",
    re.I,
)


def asked_for(question: str) -> str | None:
    """What the question asks for, in its own words ("a time you convinced someone to change
    their mind"), so the probe can say it back; None when it is not phrased that way."""
    m = _ASK.search(question_title(question or ""))
    if not m or len(m.group(1).split()) > 22:
        return None
    return m.group(1).strip().rstrip(",;:")


@lru_cache(maxsize=4)
def _per_competency(name: str) -> dict[str, str]:
    """One sentence per competency from ``knowledge/<name>.yaml``: how an interviewer names what
    a story shows (``competency_story``), how they ask for the candidate's part
    (``competency_task_probe``)."""
    path = DEFAULT_KNOWLEDGE / f"{name}.yaml"
    return {str(k): str(v) for k, v in yaml.safe_load(path.read_text(encoding="utf-8")).items()}


def _story_phrases() -> dict[str, str]:
    return _per_competency("competency_story")


def _task_probes() -> dict[str, str]:
    return _per_competency("competency_task_probe")


def off_topic_kind(
    ev: Evaluation, hobby: bool, picked_other: bool = False, claims_only: bool = False
) -> str:
    """Why the answer misses: another work story ("other_story"), a story from outside work
    ("hobby"), no story at all ("no_story": a trait, a habit), talk on the theme then a story
    chosen for another reason whose own theme is not clear ("picked_other"), or not clear
    ("unclear").
    The card, the tip and the probe each say it differently.

    ``picked_other``: talk on the theme, then a story chosen for another reason. Its talk
    often reads as habits ("I always say..."), but a story was told, so it is not "no_story".
    ``claims_only``: a claim about oneself with no occasion ("Offshore, everything is under
    pressure. I don't really get stressed."), "no_story" whatever part the scorer credited.
    """
    asks, shows = _asked(ev), ev.topic.get("shows")
    if picked_other and not hobby:
        return "other_story" if shows and asks and shows != asks else "picked_other"
    if claims_only or ev.hypothetical or not any(ev.components[c]["score"] for c in NAMES):
        return "no_story"
    if hobby:
        return "hobby"
    if shows and asks and shows != asks:
        return "other_story"
    return "unclear"


def off_topic_headline(ev: Evaluation) -> str:
    """The card's first line for an off-topic answer: its STAR parts belong to another
    question, so no part of it is "clear" for the one asked."""
    asks, shows = _label(_asked(ev)), _label(ev.topic.get("shows"))
    kind = ev.topic.get("kind")
    about = f"the question asks about {asks}" if asks else "see the question above"
    if kind == "other_story" and shows:
        return f"This story answers a different question (it shows {shows}; {about})."
    if kind == "hobby":
        return f"This story answers a different question (it is from outside work; {about})."
    if kind == "no_story":
        return f"This doesn't answer the question yet (no specific time it happened; {about})."
    if kind == "picked_other":
        return f"This turns from the question to a story picked for another reason ({about})."
    return f"This story may answer a different question ({about})."


def off_topic_tip(ev: Evaluation, question: str, an: Analysis | None = None) -> str:
    asks, shows = _label(_asked(ev)), _label(ev.topic.get("shows"))
    ask = asked_for(question)
    # "the question asks about conflict resolution: ..."; when what it asks is not known
    # surely, nothing is said of it rather than a guess
    wanted = f"about {asks}: {ask}" if asks and ask else f"about {asks}"
    asked = f", and the question asks {wanted}" if asks else ""
    kind = ev.topic.get("kind")
    if kind == "other_story" and shows and asks:
        return (
            f"Your story shows {shows}, but the question asks {wanted}. Pick a time "
            "where that is the point, or if this story has such a moment, lead with it."
        )
    if kind == "hobby":
        point = "where that was the point" if asks else "that answers the question"
        return (
            f"This story is from outside work{asked}. Pick a time at work {point} (a "
            "placement, an internship or a part-time job counts too)."
        )
    if kind == "no_story":
        opening = f" ({_q(an, _unit_span(an, 'first'))})" if an is not None else ""
        asked = f"; the question asks {wanted}" if asks else ""
        return (
            f"You describe yourself{opening} rather than a time it happened{asked}. Tell one "
            "real example: what happened, what you did, and how it ended."
        )
    if kind == "picked_other":
        # "...I rank by pain, then surgeries. But the piece of work I'm proudest of isn't really
        # about any of that": the talk was the answer's start, the story another matter
        return (
            "You spoke about the topic in general, then turned to a story picked for another "
            "reason. "
            + (f"The question asks {wanted}. " if asks else "")
            + "Tell one time when that was the point, and start with it."
        )
    if asks:
        return (
            f"The question asks {wanted}, and this story does not show it. Pick a story where "
            "that is the point, or say in your first sentence how this one answers it."
        )
    return (
        f"This may not answer the question asked (\u201c{question.rstrip()}\u201d). Pick a "
        "story that does, or say in your first sentence how this one answers it."
    )


def off_topic_probe(ev: Evaluation, question: str) -> str:
    """What an interviewer says to a story that answers another question: what it is a good
    example of, what they were after, and a chance to give one (exactly one "?")."""
    asks = _label(_asked(ev))
    if not asks:
        return "Could you give me one specific example from your own experience for that question?"
    ask = asked_for(question)
    wanted = f"{asks}: {ask}" if ask else asks
    shows = ev.topic.get("shows")
    kind = ev.topic.get("kind")
    if kind == "other_story" and shows in _story_phrases():
        return (
            f"That's a good example of {_story_phrases()[shows]}, but I was after {wanted}. "
            "Can you think of one?"
        )
    if kind == "hobby":
        return (
            f"Thanks for telling me about that. For this one, though, I was after something from "
            f"work on {wanted}. Can you think of one?"
        )
    if kind == "no_story":
        return f"I was after one specific example of {wanted}. Can you think of one?"
    # When the story's own theme is unclear there is nothing good to say about it: only the
    # way back (this wording is also the hint the recorded LLM sessions replay).
    return (
        f"Let's come back to the question, which is about {asks}: can you think of a "
        "specific time that shows it?"
    )


#: A post named in the scene ("I was shift lead", "the night porter"): what ``_scene_lacks``
#: reads as the candidate's role.
_ROLE = re.compile(rf"\b(?:{ROLES}|{LEAD_ROLES})s?\b", re.I)


def _scene_lacks(an: Analysis) -> str:
    """What a thin scene should add, from what it already names: telling someone who gave the
    shop, the year and their role to "name the place, your role and when" reads as unread. The
    role is often its own sentence, read as the task ("I was assistant manager."), so that is
    read too."""
    told = " ".join(u.text for u in an.units if u.tags & {"situation", "task"})
    scene = VAGUE_CONTEXT.sub(" ", told)
    # notes drop the article: "Situation: hotel breakfast, 250 covers on weekends"
    noted = any(
        ORGANISATION.match("the " + u.text[quote_start(u.text, 0, len(u.text)) :])
        for u in an.units
        if "situation" in u.tags
    )
    named = {
        "the place": bool(PLACE.search(scene) or ORGANISATION.search(scene) or noted),
        "your role": bool(_ROLE.search(scene)),
        "when it happened": bool(DATED.search(scene) or OCCASION.search(scene)),
    }
    missing = [k for k, v in named.items() if not v]
    if not missing:
        return "add what was going wrong or at stake, so the listener knows why it mattered"
    if len(missing) == 1:
        return f"add {missing[0]}, so the rest of the story has context"
    listed = ", ".join(missing[:-1]) + " and " + missing[-1]
    return f"name {listed}, so the rest of the story has context"


def _component_tip(c: str, score: int, ev: Evaluation, an: Analysis) -> str:
    span = _first_span(ev, c)
    # "The bakery takes our flour every week now. It took us a year...": the answer opens on its
    # outcome, a good start; the scene and the job still need saying after it.
    result_first = bool(an.units) and "result" in an.units[0].tags
    if c == "situation":
        first = _unit_span(an, "first")
        # the opening clause may carry the outcome and the scene at once ("Emergency gas leak
        # call on Christmas Day, isolated the meter..."): then there is no scene after it to quote
        scene_in_opening = bool(span and first and span[0] < first[1])
        if result_first and (score == 0 or scene_in_opening):
            return (
                f"Opening with the outcome ({_q(an, first)}) is a strong start. Follow it with "
                "one or two sentences of scene: where you were, your role, and what was going on."
            )
        if score == 0:
            return (
                f"You open with {_q(an, first)}. Start with one or two "
                "sentences of scene: where you were, your role, and what was going on."
            )
        lacking = _scene_lacks(an)
        if result_first:
            return (
                f"Opening with the outcome ({_q(an, first)}) is a strong start. The scene after "
                f"it ({_q(an, span)}) is thin: {lacking}."
            )
        return f"Your scene-setting ({_q(an, span)}) is thin: {lacking}."
    if c == "task":
        if score == 0 and result_first and not _first_span(ev, "situation"):
            return (
                "Between the outcome you open with and your first step, add a sentence on what "
                "you were responsible for or asked to achieve, with any target or deadline."
            )
        if score == 0:
            before = _first_span(ev, "situation") or _unit_span(an, "first")
            return (
                f"After {_q(an, before)} you go straight into what happened next. Add a "
                "sentence on what you were responsible for or asked to achieve, with any "
                "target or deadline."
            )
        if ev.ownership != "i" or _team_goal(an):
            return (
                f"You say {_q(an, span)}. Make the goal yours: what were you personally "
                "responsible for?"
            )
        if _task_guessed(an):
            return (
                "Your goal is only implied. Say in one sentence what you were responsible for "
                "or asked to achieve, with a target or deadline if there was one."
            )
        return (
            f"Your task ({_q(an, span)}) is vague. Say what success looked like: a target, "
            "a deadline, or who was counting on you."
        )
    if c == "action":
        if score == 0:
            return (
                "You never say what you did. Add the two or three steps you personally took, "
                "in order, and why you chose them."
            )
        if ev.hypothetical:
            return (
                f"You describe {_hyp_said(ev, an)}. Tell one real time it happened and what you "
                "actually did."
            )
        if ev.ownership != "i":
            return (
                f"You say {_q(an, _we_span(an) or span)}. Say what you personally did: "
                "which step was yours?"
            )
        return (
            f"You say {_q(an, span)}. Walk through the specific steps you took, in order, "
            "and why you chose them."
        )
    # result
    if score == 0 and (unknown := _unknown_span(an)):
        return (
            f"You say {_q(an, unknown)}: the outcome isn't known yet. Say what has happened so "
            "far (a decision, a reaction, a first figure), or pick a story that has finished."
        )
    if score == 0:
        last = _first_span(ev, "action") and ev.components["action"]["evidence"][-1]
        end = (last["start"], last["end"]) if last else _unit_span(an, "last")
        return (
            f"The story stops at {_q(an, end)}. Finish with what changed because of what you "
            "did, and how you knew; a number if you have one."
        )
    return (
        f"You say {_q(an, span)}. Make the outcome concrete: by how much, for whom, by "
        "when? An honest estimate is fine if you say it is one."
    )


def tips(ev: Evaluation, an: Analysis, question: str) -> list[str]:
    """One tip per missing or weak STAR part, then the separate checks, most useful first."""
    if an.gibberish:
        return [
            "This doesn't read as an answer. Pick one real example and tell it in a few "
            "sentences: the situation, your task, what you did, and the result."
        ]
    if ev.misfit and question:
        # One root cause: no STAR part, number or delivery habit helps if the story is the
        # wrong one, and coaching them would tell the candidate to polish it.
        out = [off_topic_tip(ev, question, an)]
        if (ev.rambling or {}).get("rambling"):
            out.insert(0, ramble_tip(ev))
        return out
    scores = {c: ev.components[c]["score"] for c in NAMES}
    if (
        ev.hypothetical
        and ASKS_IN_GENERAL.search(question)
        and not ASKS_FOR_A_TIME.search(question)
    ):
        # "How do you make sure...?", "What would you do if...?" ask for a habit or a plan:
        # the answer fits, and "not a time it happened" would fault it for doing so
        out = [
            f"You describe {_hyp_said(ev, an)}, which answers the question. Back it with one real "
            "time it happened: the situation, what you did and the result."
        ]
    elif ev.hypothetical:  # one root cause: no real event, so per-part tips would all repeat it
        out = [
            f"You describe {_hyp_said(ev, an)}, not a time it happened. Pick one real example "
            "and tell it in order: the situation, your task, what you did and the result."
        ]
    elif not any(scores.values()):
        out = [
            f"This doesn't describe a specific past event (it opens with "
            f"{_q(an, _unit_span(an, 'first'))}). Answer with one real example: the "
            "situation, your task, what you did and the result."
        ]
    else:  # a part held to "weak" only for rambling is there: the ramble tip covers it
        capped = _capped(ev)
        out = [
            _component_tip(c, scores[c], ev, an) for c in NAMES if scores[c] < 2 and c not in capped
        ]
    if (
        ev.components["result"]["score"] == 2
        and not ev.quantified_result
        and not numbers_told(_result_texts(ev))
    ):
        out.append(
            f"Your result is clear ({_q(an, _first_span(ev, 'result'))}); a number would make "
            "it stick. If you can stand behind one (time saved, a percentage, a count), add it."
        )
    if ev.ownership == "mixed" and ev.components["action"]["score"] == 2:
        out.append('You mix "we" and "I". Keep "we" for the team and "I" for your own steps.')
    fill = ev.fillers
    if fill["per_100_words"] > FILLER_LIMIT and fill["count"] >= 3:
        top = ", ".join(
            f"\u201c{w}\u201d \u00d7{n}"
            for w, n in sorted(fill["words"].items(), key=lambda kv: -kv[1])[:3]
        )
        out.append(
            f"You used {fill['count']} filler words ({top}). A short silent pause works "
            "better than a filler."
        )
    if ev.length_flag == "too_short":
        out.append(
            f"At {ev.word_count} words (about {round(ev.speaking_seconds)} seconds) this is "
            "short; strong answers usually run 1.5 to 3 minutes when spoken."
        )
    elif ev.length_flag == "too_long" and not (ev.rambling or {}).get("rambling"):
        # Where the words went: "trim the scene-setting" of a 464-word answer whose scene is
        # two sentences sent the candidate to cut the wrong part.
        scene = sum(len(s["text"].split()) for s in ev.components["situation"]["evidence"])
        trim = (
            f"Trim the scene-setting (about {scene} of those words) and spend the time on your "
            "actions and result."
            if scene >= LONG_SCENE_SHARE * ev.word_count
            else "Keep the two or three steps that mattered most, and end on the result."
        )
        out.append(
            f"At {ev.word_count} words (about {ev.speaking_seconds / 60:.1f} minutes) this "
            f"runs long. {trim}"
        )
    if (ev.rambling or {}).get("rambling"):  # at the top: nothing else lands until it is shorter
        out.insert(0, ramble_tip(ev))
    return out


# --- the interviewer's follow-up --------------------------------------------------------------

_ORDER_ZERO = ("result", "action", "task", "situation")
_ORDER_WEAK = ("action", "result", "task", "situation")


def weakest(ev: Evaluation) -> str | None:
    """The STAR part to probe: missing before vague; results and actions first."""
    scores = {c: ev.components[c]["score"] for c in NAMES}
    for c in _ORDER_ZERO:
        if scores[c] == 0:
            return c
    for c in _ORDER_WEAK:
        if scores[c] == 1:
            return c
    return None


def follow_up(ev: Evaluation, an: Analysis, question: str) -> str:
    """One question an interviewer could ask next, aimed at the weakest part.

    Exactly one "?": it is the interviewer's probe whenever the LLM is off or fails, and an
    interviewer asks one thing at a time.
    """
    if an.gibberish:
        return "Could you answer that with one specific example from your own experience?"
    if ev.misfit:  # before "hypothetical": a trait told for the question is no story
        return off_topic_probe(ev, question)
    # No real event (what would be done, or only views: "Conflict is normal in teams..."): the
    # tip asks for one, so the probe does too, not for the outcome of a story never told.
    if ev.hypothetical or not any(ev.components[c]["score"] for c in NAMES):
        return (
            "Can you tell me about a specific time this actually happened: what was going on, "
            "and what did you do?"
        )
    if (ev.rambling or {}).get("rambling"):
        return "In two or three sentences, what did you do yourself and what changed as a result?"
    c = weakest(ev)
    score = ev.components[c]["score"] if c else 2
    span = _first_span(ev, c) if c else None
    if c == "result":
        if score == 0 and _unknown_span(an):
            return "Even if the final outcome isn't in yet, what has happened so far?"
        if score == 0:
            return "What was the outcome, and how did you know it had worked, in numbers if any?"
        return (
            f"You said {_q(an, span, 10)}. What changed, specifically, ideally as a number "
            "or a before-and-after?"
        )
    if c == "action":
        if score == 0:
            return "What did you personally do about it, step by step?"
        if ev.ownership != "i":
            return f"You said {_q(an, _we_span(an) or span, 10)}. What did you personally do?"
        return f"You said {_q(an, span, 10)}. Can you walk me through the specific steps?"
    if c == "task":
        if score == 1 and (ev.ownership != "i" or _team_goal(an)):
            return "Which part of that goal was yours personally?"
        if score == 1 and span:  # a goal was hinted at: ask what would have counted as done
            if _task_guessed(an):  # only the model heard it: ask without quoting a guess
                return (
                    "What would success have looked like for you there, as a target or a deadline?"
                )
            return (
                f"You said {_q(an, span, 10)}. What would success have looked like there, "
                "as a target or a deadline?"
            )
        return _task_probes().get(
            _probed_for(ev, question) or "",
            "What exactly were you responsible for there, and what were you asked to achieve?",
        )
    if c == "situation":
        if score == 1 and span:  # some scene was given: ask only for what would complete it
            given = " ".join(s["text"] for s in ev.components["situation"]["evidence"])
            where = PLACE.search(given) or ORGANISATION.search(given)
            missing = (
                "what was at stake at that point"
                if WHEN.search(given) and where
                else "when was this, and what was at stake"
                if where
                else "where were you working, and what was at stake"
            )
            return f"You mentioned {_q(an, span, 10)}. {missing[0].upper()}{missing[1:]}?"
        return (
            "Can you set the scene: where were you working, what was your role, and what was "
            "going on at the time?"
        )
    if not ev.quantified_result and not numbers_told(_result_texts(ev)):
        return "How did you measure the result, and do you have any numbers?"
    if not ev.reflection:
        return "Looking back, what would you do differently next time?"
    return "What was the hardest decision you made along the way, and why?"


# --- the STAR skeleton ------------------------------------------------------------------------


def skeleton(ev: Evaluation, an: Analysis, max_words: int = 40) -> dict[str, str]:
    """The answer rearranged as S/T/A/R from the candidate's own sentences, gaps marked."""
    out: dict[str, str] = {}
    for c in NAMES:
        spans = ev.components[c]["evidence"]
        pieces = [s["text"].strip() for s in spans if not NON_ANSWER.search(s["text"])]
        if not pieces or ev.components[c]["score"] == 0:
            # no hint on how to complete a story that answers another question
            out[c] = (
                "[missing \u2014 not in this story]"
                if ev.off_topic
                else f"[missing \u2014 {HINTS[c]}]"
            )
            continue
        # A clause cut out of a longer sentence ends without punctuation: mark the gap.
        text = " ".join(
            p if k == len(pieces) - 1 or p[-1] in ".!?" else p + "\u2026"
            for k, p in enumerate(pieces)
        )
        words = text.split()
        if len(words) > max_words:
            text = " ".join(words[:max_words]).rstrip("\u2026,;:") + "\u2026"
        if ev.components[c]["score"] == 1 and c not in _capped(ev) and not ev.off_topic:
            text += f" [make it specific: {HINTS[c]}]"
        out[c] = text
    return out


def skeleton_text(sk: dict[str, str]) -> str:
    return "\n".join(f"{NAMES[c]}: {sk[c]}" for c in NAMES if c in sk)
