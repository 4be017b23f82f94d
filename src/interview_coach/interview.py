"""The interviewer as an explicit, pure state machine.

Peers' interviewers stall or loop because "what happens next" lives in a prompt. Here every
(state, input) pair has a written-down transition, the machine does no I/O, and its whole
state is a small JSON dict, so a session can be saved after every step, resumed after a
crash, and tested with thousands of random inputs in milliseconds. The session layer turns
each :class:`Move` into words (template or LLM); the machine only decides *what* comes next.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from .models import COMPONENTS, AnswerEvaluation, CriteriaEvaluation, StarEvaluation

#: When several parts are equally weak, ask about the one interviewers miss most: the result.
PROBE_PRIORITY = ("result", "action", "situation", "task")
#: Empty, gibberish or too-short replies (or questions back) to one question, or to one of its
#: follow-ups, before we move on anyway.
MAX_FAILED_ATTEMPTS = 2
#: Questions the candidate may ask at the end before we wrap up for them.
MAX_CANDIDATE_QUESTIONS = 5


class State(StrEnum):
    GREETING = "greeting"  # before the first step
    ASKING = "asking"  # transient: a question is being put
    AWAITING_ANSWER = "awaiting_answer"
    PROBING = "probing"  # transient: a follow-up is being put
    AWAITING_PROBE_ANSWER = "awaiting_probe_answer"
    CANDIDATE_QUESTIONS = "candidate_questions"
    WRAP_UP = "wrap_up"  # transient: closing words
    DONE = "done"


ANSWER_STATES = (State.AWAITING_ANSWER, State.AWAITING_PROBE_ANSWER)


@dataclass(frozen=True)
class Start:
    """Open the interview (greeting and first question)."""


@dataclass(frozen=True)
class Answer:
    """Whatever the candidate typed, and its evaluation when one was computed."""

    text: str
    evaluation: AnswerEvaluation | None = None


@dataclass(frozen=True)
class Finish:
    """The candidate (or the app) ends the interview now."""


Event = Start | Answer | Finish

MoveKind = Literal["greet", "ask", "probe", "reprompt", "invite", "answer_candidate", "wrap_up"]


@dataclass(frozen=True)
class Move:
    """One thing the interviewer must say next.

    ``ack`` tells the phrasing layer how to acknowledge the previous input (thanks, repeat,
    skipped, gave_up); ``hint`` carries the suggested follow-up, the re-prompt reason or the
    candidate's question; ``focus`` is the STAR part a probe asks for, or "probe" on a
    re-prompt that puts the follow-up again rather than the question.
    """

    kind: MoveKind
    question_index: int | None = None
    focus: str | None = None
    hint: str = ""
    ack: str | None = None


@dataclass
class Decision:
    moves: list[Move]
    #: How to record the candidate's words: "answer", "candidate_question" or None (no input).
    input_kind: str | None = None
    #: The question the input belongs to (None outside the question phase).
    question_index: int | None = None
    #: ok, empty, gibberish, too_short, skip, asks_back, clarify, repeat, question, closing, or
    #: "" for no input.
    classification: str = ""
    trace: list[State] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return bool(self.trace) and self.trace[-1] == State.DONE


# --- reading the candidate's input -----------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOPWORD_TEXT = (
    "a an the i we my our me us it its to of in on at for and or but so was were is are be "
    "been had have has did do that this with as by from he she they them their you your not "
    "then when after before there what which who all"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_SKIPS = frozenset(
    {"skip", "pass", "next", "next question", "skip this one", "skip this", "skip it"}
)
#: A short reply that passes on the question in other words ("Sorry, I'm not sure."): treated
#: as a skip, so the interviewer moves on kindly instead of probing it or calling it a repeat.
_PASSES = re.compile(
    r"\b(?:(?:do not|don't|dont) know|not sure|no idea|"
    r"(?:can't|cannot|can not) (?:think|recall|remember)|"
    r"(?:do not|don't|dont) have (?:an?|one|any)|"
    r"nothing(?:'s| is)? (?:comes?|coming|springs?|springing) to mind|come back to (?:that|this)|"
    r"(?:rather|like to) (?:skip|pass)|pass on (?:this|that)|"
    r"(?:mind|blank)(?: has)? gone blank|draw(?:ing)? a blank)\b"
)
MAX_PASS_WORDS = 15
_CLOSING_STARTS = ("no", "nope", "nothing", "none", "thanks", "thank", "nah", "all")
_CLOSING_PHRASES = (
    "that's all",
    "that is all",
    "i'm good",
    "im good",
    "i am good",
    "not really",
    "no questions",
    "i'm fine",
    "all good",
)
_INTERROGATIVES = (
    "what", "how", "why", "who", "whom", "when", "where", "which", "is", "are", "do", "does",
    "did", "can", "could", "would", "will", "should", "tell me", "i'd like to know",
    "i would like to know", "i'm curious", "i am curious",
)  # fmt: skip


#: A question back to the interviewer instead of an answer ("What would my first month look
#: like?", "Sorry, does it have to be from work?"): the last sentence asks, anything before it
#: is a few words of courtesy, and it is short. A tag on a story ("...lesson learned, right?")
#: is not one.
MAX_ASK_BACK_WORDS = 25
_COURTESY_WORDS = 6
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_TAG_QUESTION = re.compile(
    r"(?:,|\b)\s*(?:right|you know|isn'?t it|wasn'?t it|don'?t you think|yeah|ok|okay|eh)\s*\?$"
)


#: A request to have the question explained or said again: asked back, however it is worded
#: ("I don't know what you mean?" is not a pass on the question).
_CLARIFY = re.compile(
    r"\b(?:what (?:do|did) you mean|what you mean|do you mean|(?:could|can|would) you (?:repeat|"
    r"rephrase|explain|say that again)|say that again|(?:repeat|rephrase) (?:that|the question))\b"
)


def _asks_back(low: str, n_words: int) -> bool:
    if n_words > MAX_ASK_BACK_WORDS or not low.endswith("?") or _TAG_QUESTION.search(low):
        return False
    sentences = [m.group().strip() for m in _SENTENCE.finditer(low) if m.group().strip()]
    lead = sentences[:-1]
    return len(lead) <= 1 and all(len(_WORD.findall(x)) <= _COURTESY_WORDS for x in lead)


def _plausible(word: str) -> bool:
    """A word that could be English: has a vowel, no long consonant run, no triple letters."""
    if len(word) <= 2 or any(ch.isdigit() for ch in word):
        return True
    if not re.search(r"[aeiouy]", word):
        return False
    if re.search(r"[bcdfghjklmnpqrstvwxz]{5,}", word):
        return False
    return not re.search(r"(.)\1\1", word)


def classify_answer(text: str) -> str:
    """Sort a reply to a question into ok, empty, gibberish, too_short, skip ("skip", or a
    short "I'm not sure" / "I can't think of one"), clarify (a request to hear the question
    again or have it explained) or asks_back (any other question to the interviewer).

    Cheap on purpose: it runs before any scoring, so keyboard mashing never reaches the
    scorer and never burns a probe.
    """
    stripped = text.strip()
    if not stripped:
        return "empty"
    low = stripped.lower()
    if re.sub(r"[^a-z' ]", "", low).strip() in _SKIPS:
        return "skip"
    words = _WORD.findall(low)
    said = low.replace("\u2019", "'")  # a phone's curly apostrophe, for the phrase patterns
    if _CLARIFY.search(said) and len(words) <= MAX_ASK_BACK_WORDS:
        return "clarify"
    if len(words) <= MAX_PASS_WORDS and _PASSES.search(said):
        return "skip"
    visible = re.sub(r"\s", "", low)
    letters = sum(ch.isalpha() for ch in visible)
    if not words or letters < 0.5 * len(visible):
        return "gibberish"
    plausible = sum(_plausible(w) for w in words) / len(words)
    if plausible < 0.8:
        return "gibberish"
    if len(words) >= 3 and not any(w in _STOPWORDS for w in words):
        return "gibberish"
    if len(words) < 3:
        return "too_short"
    if _asks_back(said, len(words)):
        return "asks_back"
    return "ok"


def classify_candidate(text: str) -> str:
    """In the candidate's-questions phase: "question", or "closing" (no more questions)."""
    low = " ".join(text.strip().lower().split())
    if not low:
        return "closing"
    first = _WORD.findall(low)[:1]
    if "?" not in low and (
        (first and first[0] in _CLOSING_STARTS) or any(p in low for p in _CLOSING_PHRASES)
    ):
        return "closing"
    if "?" in low or low.startswith(_INTERROGATIVES):
        return "question"
    return "closing"


def answer_digest(text: str) -> str:
    """Same words, same digest: case, spacing and punctuation do not make an answer new."""
    norm = " ".join(_WORD.findall(text.lower()))
    return hashlib.sha1(norm.encode()).hexdigest()[:16]


def star_scores(evaluation: AnswerEvaluation | None) -> list[int] | None:
    """The four STAR scores in order; None for an answer not scored on STAR."""
    if not isinstance(evaluation, StarEvaluation):
        return None
    return [evaluation.score(c) for c in COMPONENTS]


#: Opening and motivation answers: the criteria worth one follow-up, most telling first. A
#: missing number or a long answer is left to the feedback; a missing reason is asked about.
CRITERIA_PROBE_PRIORITY = (
    "not_life_story", "present_role", "specific", "strengths_match_job", "role_match",
    "why_now", "own_goals", "quantified_achievement",
)  # fmt: skip


def probe_focus(evaluation: AnswerEvaluation | None) -> str | None:
    """The part worth a follow-up, or None when the answer covers STAR well enough.

    Opening and motivation answers carry ``criteria`` instead of STAR parts: the focus is
    then the first missing criterion in :data:`CRITERIA_PROBE_PRIORITY`.
    """
    if evaluation is None:
        return None
    if isinstance(evaluation, CriteriaEvaluation):
        missing = set(evaluation.missing)
        return next((c for c in CRITERIA_PROBE_PRIORITY if c in missing), None)
    if evaluation.off_topic:  # steer back to the question before polishing a story
        return "off_topic"
    if evaluation.no_story:  # a time it happened, before any part of one
        return "no_story"
    if evaluation.hypothetical:
        return "habit" if evaluation.habit else "hypothetical"
    if evaluation.rambles:
        return "concise"
    scores = evaluation.scores
    weakest = min(PROBE_PRIORITY, key=lambda c: scores[c])
    return weakest if scores[weakest] <= 1 else None


# --- the machine -----------------------------------------------------------------------------


@dataclass
class Interview:
    """Serialisable interview state; :meth:`handle` is the only way it changes."""

    setup: dict[str, Any]
    plan: list[str]  # question ids, in asking order
    probes_per_question: int = 1
    state: State = State.GREETING
    index: int = 0
    probes: list[int] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    scores: list[list[int] | None] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # digests of answers already given
    candidate_questions: int = 0
    steps: int = 0
    ended_early: bool = False
    askers: list[str] = field(default_factory=list)  # who on the panel puts each question

    def __post_init__(self) -> None:
        n = len(self.plan)
        self.probes = self.probes or [0] * n
        self.failures = self.failures or [0] * n
        self.scores = self.scores or [None] * n

    # serialisation -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "setup": self.setup,
            "plan": list(self.plan),
            "probes_per_question": self.probes_per_question,
            "state": self.state.value,
            "index": self.index,
            "probes": list(self.probes),
            "failures": list(self.failures),
            "scores": [list(s) if s else None for s in self.scores],
            "seen": list(self.seen),
            "candidate_questions": self.candidate_questions,
            "steps": self.steps,
            "ended_early": self.ended_early,
            "askers": list(self.askers),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Interview:
        d = dict(d)
        d["state"] = State(d.get("state", State.GREETING))
        return cls(**d)

    # views ---------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.plan)

    def asker(self, index: int | None) -> str:
        """The panel member who asks question ``index`` ("" for a one-person interview)."""
        if index is None or not 0 <= index < len(self.askers):
            return ""
        return self.askers[index]

    @property
    def done(self) -> bool:
        return self.state == State.DONE

    @property
    def asked(self) -> int:
        """Number of the question in progress (all of them once past the last)."""
        if self.state == State.GREETING:
            return 0
        return min(self.index + 1, self.total)

    @property
    def current_question_id(self) -> str | None:
        if self.state in ANSWER_STATES and self.index < self.total:
            return self.plan[self.index]
        return None

    def wants_evaluation(self, text: str) -> bool:
        """Whether ``text`` is a fresh, real answer that the session should score first."""
        return (
            self.state in ANSWER_STATES
            and classify_answer(text) == "ok"
            and answer_digest(text) not in self.seen
        )

    # transitions ---------------------------------------------------------------------------

    def handle(self, event: Event) -> Decision:
        """Apply one event; every state accepts every event, so the machine cannot stall."""
        self.steps += 1
        trace = [self.state]
        if isinstance(event, Finish):
            decision = self._finish(trace)
        else:
            handler = {
                State.GREETING: self._on_greeting,
                State.ASKING: self._on_interrupted_ask,
                State.AWAITING_ANSWER: self._on_answer,
                State.PROBING: self._on_interrupted_probe,
                State.AWAITING_PROBE_ANSWER: self._on_answer,
                State.CANDIDATE_QUESTIONS: self._on_candidate,
                State.WRAP_UP: self._on_interrupted_wrap_up,
                State.DONE: self._on_done,
            }[self.state]
            decision = handler(event, trace)
        decision.trace = trace
        return decision

    def _go(self, trace: list[State], *states: State) -> None:
        trace.extend(states)
        self.state = states[-1]

    def _ask(self, trace: list[State], ack: str | None) -> list[Move]:
        """Put the question at ``index``, or invite the candidate's questions after the last."""
        if self.index < self.total:
            self._go(trace, State.ASKING, State.AWAITING_ANSWER)
            return [Move("ask", self.index, ack=ack)]
        self._go(trace, State.CANDIDATE_QUESTIONS)
        return [Move("invite", ack=ack)]

    def _advance(self, trace: list[State], ack: str) -> list[Move]:
        self.index += 1
        return self._ask(trace, ack)

    def _on_greeting(self, event: Event, trace: list[State]) -> Decision:
        # An answer before the start cannot belong to any question: open the interview instead.
        moves = [Move("greet")] + self._ask(trace, None)
        return Decision(moves)

    def _on_interrupted_ask(self, event: Event, trace: list[State]) -> Decision:
        return Decision(self._ask(trace, None))  # saved mid-step: put the question again

    def _on_interrupted_probe(self, event: Event, trace: list[State]) -> Decision:
        return Decision(self._advance(trace, "thanks"))

    def _on_interrupted_wrap_up(self, event: Event, trace: list[State]) -> Decision:
        self._go(trace, State.DONE)
        return Decision([Move("wrap_up", hint="complete")])

    def _on_done(self, event: Event, trace: list[State]) -> Decision:
        return Decision([])

    def _finish(self, trace: list[State]) -> Decision:
        if self.state == State.DONE:
            return Decision([])
        early = self.state != State.CANDIDATE_QUESTIONS and self.index < self.total
        self.ended_early = early
        self._go(trace, State.WRAP_UP, State.DONE)
        return Decision([Move("wrap_up", hint="early" if early else "complete")])

    def _on_answer(self, event: Event, trace: list[State]) -> Decision:
        i = self.index
        if not isinstance(event, Answer):  # a second Start: put the current question again
            return Decision([Move("ask", i)])
        kind = classify_answer(event.text)
        decision = Decision([], input_kind="answer", question_index=i, classification=kind)
        # a question back ("What would my first month look like?") is put off to the end and
        # the question asked again, as it is for "Could you repeat that?"; either counts as an
        # attempt, so the interview cannot stall
        if kind in ("empty", "gibberish", "too_short", "asks_back", "clarify"):
            self.failures[i] += 1
            if self.failures[i] >= MAX_FAILED_ATTEMPTS:
                decision.moves = self._advance(trace, "gave_up")
            else:  # in reply to a follow-up, the follow-up is what is put again
                again = "probe" if self.state == State.AWAITING_PROBE_ANSWER else None
                decision.moves = [Move("reprompt", i, focus=again, hint=kind)]
            return decision
        if kind == "skip":
            decision.moves = self._advance(trace, "skipped")
            return decision
        digest = answer_digest(event.text)
        if digest in self.seen:
            decision.classification = "repeat"
            decision.moves = self._advance(trace, "repeat")
            return decision
        self.seen.append(digest)
        # a real answer ends that exchange: a follow-up starts with its own attempts, so
        # "What do you mean?" about a probe is put again, not taken as giving up
        self.failures[i] = 0
        self.scores[i] = star_scores(event.evaluation) or self.scores[i]
        focus = probe_focus(event.evaluation)
        if focus and self.probes[i] < self.probes_per_question:
            self.probes[i] += 1
            self._go(trace, State.PROBING, State.AWAITING_PROBE_ANSWER)
            hint = event.evaluation.follow_up if event.evaluation else ""
            decision.moves = [Move("probe", i, focus=focus, hint=hint)]
            return decision
        decision.moves = self._advance(trace, "thanks")
        return decision

    def _on_candidate(self, event: Event, trace: list[State]) -> Decision:
        if not isinstance(event, Answer):
            return Decision([Move("invite")])
        kind = classify_candidate(event.text)
        decision = Decision([], input_kind="answer", classification=kind)
        if kind == "closing":
            self._go(trace, State.WRAP_UP, State.DONE)
            decision.moves = [Move("wrap_up", hint="complete")]
            return decision
        self.candidate_questions += 1
        decision.input_kind = "candidate_question"
        decision.moves = [Move("answer_candidate", hint=event.text.strip())]
        if self.candidate_questions >= MAX_CANDIDATE_QUESTIONS:
            self._go(trace, State.WRAP_UP, State.DONE)
            decision.moves.append(Move("wrap_up", hint="complete"))
        return decision
