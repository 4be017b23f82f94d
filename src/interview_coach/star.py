"""Score one interview answer against STAR, with evidence quoted from the answer itself.

The rules scorer is the product's backbone: deterministic, offline, about a
millisecond per answer, and measured against a labelled set
(``benchmarks/star_accuracy.py``). An LLM judge (``judge.py``) may add a second
opinion, but every score shown can be traced to exact spans of what the
candidate said, and nothing is ever scored when nothing could be checked.
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from . import star_features as F
from .config import Settings
from .star_tags import COMPONENTS, tag

MAX_WORDS = 5000
WPM = 150
TOO_SHORT, TOO_LONG = 80, 450
# Cosine below which an answer is almost surely about something else. MiniLM cannot do finer:
# on the dev split (40-word openings) on-topic answers go down to ~0.06, while an off-topic
# answer that tells a real story on a neighbouring theme can reach ~0.55.
OFF_TOPIC_BELOW = 0.05
RELEVANCE_WORDS = 40
VAGUE_ACTION = re.compile(
    r"\b(?:a lot of|(?:and )?stuff|things like that|tried to|made sure|sorted (?:it|them|things)|"
    r"helped out|got through|dealt with it|did what I could|kept on top|handled it|did my best|"
    r"a lot|just|(?:stayed|kept) (?:calm|late|positive|going)|worked (?:\w+ )?hard|reassured|"
    r"got on with it|kept things)\b",
    re.I,
)
PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+|\d")


class EmptyAnswerError(ValueError):
    """The answer has no text to score."""


@dataclass
class Evaluation:
    """The evaluate contract (see the common brief) plus a few extra keys."""

    components: dict[str, dict[str, Any]]
    quantified_result: bool
    ownership: str
    hypothetical: bool
    relevance: float
    word_count: int
    speaking_seconds: float
    fillers: dict[str, Any]
    missing: list[str]
    tips: list[str]
    follow_up: str
    scorer: str
    notes: list[str]
    length_flag: str = "ok"
    skeleton: dict[str, str] = field(default_factory=dict)
    hedges: list[str] = field(default_factory=list)
    off_topic: bool = False
    reflection: bool = False
    judge: dict[str, Any] | None = None
    #: Why the judge failed, if it did: not part of the contract, but a caller that has
    #: more LLM calls to make for this answer needs to know the server is down.
    llm_error: Exception | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(replace(self, llm_error=None))
        d.pop("llm_error")
        if d["judge"] is None:
            d.pop("judge")
        return d

    def score(self, component: str) -> int:
        return int(self.components[component]["score"])


@dataclass
class Analysis:
    """What the rules found: unit tags and component scores, before any judge or coaching."""

    text: str
    units: list[F.Unit]
    scores: dict[str, int]
    quantified_result: bool
    ownership: str
    hypothetical: bool
    reflection: bool
    gibberish: bool

    def evidence(self, component: str) -> list[dict[str, Any]]:
        """Spans of the units tagged with ``component``; neighbouring clauses are merged."""
        spans: list[list[int]] = []
        last = None
        for i, u in enumerate(self.units):
            if component not in u.tags:
                continue
            if spans and last == i - 1 and self.units[last].sentence == u.sentence:
                spans[-1][1] = u.end
            else:
                spans.append([u.start, u.end])
            last = i
        return [{"start": s, "end": e, "text": self.text[s:e]} for s, e in spans]


# --- scoring ----------------------------------------------------------------------------------


def _ownership(units: list[F.Unit]) -> str:
    i_n = sum(u.f["i"] + u.f["extra"] for u in units if "action" in u.tags and u.f["i"])
    # "I spoke to him and we agreed a plan": a "we" riding on the candidate's own step is joint.
    we_n = sum(u.f["we"] - u.f["we_joint"] for u in units if "action" in u.tags)
    if not i_n and not we_n:
        text = " ".join(u.text for u in units)
        i_p = len(F.PRONOUN_I.findall(text))
        we_p = len(re.findall(r"\bwe\b", text, re.I))
        return "we" if we_p > 2 * max(i_p, 1) else "i"
    if not we_n or i_n >= 2 * we_n:
        return "i"
    if not i_n:
        return "we"
    return "mixed"


def _joined(units: list[F.Unit], tag: str) -> list[F.Unit]:
    return [u for u in units if tag in u.tags]


def _scores(units: list[F.Unit], ownership: str, hypothetical: bool, total_words: int) -> dict:
    s_units, t_units = _joined(units, "situation"), _joined(units, "task")
    a_units, r_units = _joined(units, "action"), _joined(units, "result")
    scores = dict.fromkeys(COMPONENTS, 0)

    if s_units:
        words = sum(u.f["words"] for u in s_units)
        # A time alone ("one week") is a vague scene; a place, organisation or role is not.
        vague = any(u.f["vague_ctx"] for u in s_units)
        specific = any(u.f["setting"] > int(vague) for u in s_units)
        scores["situation"] = 2 if words >= 9 and specific and total_words >= 45 else 1
    if hypothetical:
        first = [u for u in units if u.sentence == 0]
        opening = F.plain(" ".join(u.text for u in first))
        place = F.PLACE.search(opening) or F.ORGANISATION.search(opening)  # "on the ward"
        personal = F.SPEAKER.search(opening) and not place
        scores["situation"] = 0 if personal else 1  # a general scene-setter, but no real event
        for u in first:
            if personal:
                u.tags.discard("situation")
            else:
                u.tags.add("situation")
    if t_units and not hypothetical:
        own = any(u.f["task_i"] and not u.f["task_hedge"] for u in t_units)
        vague = all(u.f["task_weak"] or F.TASK_VAGUE.search(u.text) for u in t_units)
        scores["task"] = 2 if own and ownership != "we" and not vague else 1
    if hypothetical:
        for u in units:  # what they say they would do is the only "action" there is
            if u.f["hyp"] or u.f["present"]:
                u.tags.add("action")
        scores["action"] = 1 if any("action" in u.tags for u in units) else 0
    elif a_units:
        i_verbs = sum(u.f["i"] + u.f["extra"] for u in a_units if u.f["i"])
        words = sum(u.f["words"] for u in a_units if u.f["i"])
        text = " ".join(u.text for u in a_units if u.f["i"])
        vague = len(VAGUE_ACTION.findall(text))
        specific = bool(PROPER.search(text))
        clear = (
            (i_verbs >= 3 and words >= 25 and vague * 20 <= words)
            or (i_verbs >= 2 and words >= 12 and not vague)
            or (i_verbs >= 1 and words >= 12 and specific and not vague)
            or (i_verbs >= 2 and words >= 8 and total_words < 50 and not vague)  # short answer
        )
        scores["action"] = 2 if clear and (ownership != "we" or i_verbs >= 3) else 1
    if r_units:
        # Someone else acting ("they renewed", "he came back and bought") is evidence, unless
        # the outcome is also described in vague words ("it went fine").
        vague = any(u.f["vague_res"] for u in r_units)
        concrete = any(
            u.f["nums"]
            or u.f["concrete"]
            or u.f["outcome_obj"]
            or ((u.f["other_event"] or u.f["now"]) and not vague)
            for u in r_units
        )
        scores["result"] = 2 if concrete and not hypothetical else 1
    return scores


def _is_hypothetical(units: list[F.Unit]) -> bool:
    hyp = sum(u.f["hyp"] for u in units)
    present = sum(u.f["present"] for u in units)
    past = sum(u.f["i"] + u.f["we"] for u in units)
    return (hyp >= 1 and past <= 1) or (hyp + present >= 3 and past <= 2 and hyp > past)


def analyse(text: str) -> Analysis:
    """Rules-only STAR analysis of ``text`` (already truncated and known to be non-empty)."""
    units = F.split_units(text)
    share, distinct = F.real_word_share(text)
    if share < 0.5 or distinct < 3:
        return Analysis(text, units, dict.fromkeys(COMPONENTS, 0), False, "i", False, False, True)
    tag(units)
    hypothetical = _is_hypothetical(units)
    if hypothetical:
        for u in units:
            if F.HYPO_I.search(u.text):
                u.tags.discard("result")  # "then I'd set up a clearer process" is a plan
    ownership = _ownership(units)
    scores = _scores(units, ownership, hypothetical, len(F.words(text)))
    for c in COMPONENTS:
        if not scores[c]:
            for u in units:
                u.tags.discard(c)
    quantified = not hypothetical and any(u.f["nums"] for u in units if "result" in u.tags)
    reflection = any("reflection" in u.tags for u in units)
    return Analysis(
        text, units, scores, quantified, ownership, hypothetical, reflection, gibberish=False
    )


# --- the public entry point -------------------------------------------------------------------


def _truncate(answer: str) -> tuple[str, bool]:
    """The first MAX_WORDS words, as a prefix of ``answer`` so evidence offsets stay valid."""
    for k, m in enumerate(re.finditer(r"\S+", answer)):
        if k == MAX_WORDS:
            return answer[: m.start()].rstrip(), True
    return answer, False


_QUESTION_VECTORS: dict[str, Any] = {}
_QUESTION_LOCK = threading.Lock()


def relevance(question: str, answer: str) -> float:
    """Cosine of the question's embedding and the answer's opening, clipped to 0..1.

    The opening (first RELEVANCE_WORDS words) is where a story names its topic; on the dev
    split 40 words separate on- from off-topic answers as well as 80 or the whole answer,
    at half the cost of 80. A new question is embedded in the same batch as the opening,
    so every call is one model run. MiniLM puts unrelated texts near 0 and a fitting story
    around 0.15-0.6; it cannot tell a success story from the "mistake" that was asked for,
    so treat the number as a hint.
    """
    from .embeddings import embed_texts

    opening = " ".join(answer.split()[:RELEVANCE_WORDS])
    q = _QUESTION_VECTORS.get(question)
    if q is None:
        q, a = embed_texts([question, opening])
        with _QUESTION_LOCK:
            if len(_QUESTION_VECTORS) >= 256:
                _QUESTION_VECTORS.pop(next(iter(_QUESTION_VECTORS)))
            _QUESTION_VECTORS[question] = q
    else:
        a = embed_texts([opening])[0]
    return round(min(1.0, max(0.0, float(q @ a))), 3)


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


def evaluate(
    question: str, answer: str, *, llm: Any = None, settings: Settings | None = None
) -> Evaluation:
    """Score ``answer`` to ``question``: rules always, plus the LLM judge when one is capable.

    Raises :class:`EmptyAnswerError` for an empty answer. Judge failures never raise:
    the rules result comes back with a note saying why the judge is missing.
    """
    from . import coaching, judge

    if answer is None or not str(answer).strip():
        raise EmptyAnswerError("the answer is empty: type or paste what you would say")
    question = (question or "").strip()
    notes: list[str] = []
    text, truncated = _truncate(answer)
    if truncated:
        notes.append(
            f"The answer is over {MAX_WORDS:,} words; only the first {MAX_WORDS:,} were scored."
        )
    an = analyse(text)
    if an.gibberish:
        notes.append("This doesn't read as an answer: most of it isn't recognisable words.")

    n_words = len(F.words(answer))
    rel = relevance(question, text) if question else 0.0
    if not question:
        notes.append("No question was given, so relevance to the question was not checked.")
    no_story = not an.gibberish and not any(an.scores.values())
    off_topic = bool(question) and (rel < OFF_TOPIC_BELOW or no_story or an.gibberish)
    if off_topic and not an.gibberish:
        notes.append(f"Off topic? This answer may not address the question (relevance {rel:.2f}).")

    components = {c: {"score": an.scores[c], "evidence": an.evidence(c)} for c in COMPONENTS}
    judge_info, llm_error = None, None
    scorer = "rules"
    # A model that is not judge-capable (the local 1.5B one, or INTERVIEW_COACH_JUDGE=off) is
    # a setting, not a failure: scorer "rules" says it, without a note on every answer.
    if llm is not None and getattr(llm, "judge_capable", False) and not an.gibberish:
        outcome = judge.judge_and_combine(question, text, components, llm, settings)
        components, judge_info, scorer = outcome.components, outcome.info, outcome.scorer
        notes.extend(outcome.notes)
        llm_error = outcome.error

    length_flag = "too_short" if n_words < TOO_SHORT else "too_long" if n_words > TOO_LONG else "ok"
    ev = Evaluation(
        components=components,
        quantified_result=an.quantified_result and components["result"]["score"] > 0,
        ownership=an.ownership,
        hypothetical=an.hypothetical,
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
        reflection=an.reflection,
        judge=judge_info,
        llm_error=llm_error,
    )
    ev.tips = coaching.tips(ev, an, question)
    ev.follow_up = coaching.follow_up(ev, an, question)
    ev.skeleton = coaching.skeleton(ev, an)
    return ev
