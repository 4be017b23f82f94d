"""The feedback report of a practice session: what to keep, what to practise, and how.

Everything in it is observable (STAR parts with quoted evidence, numbers, "I" vs "we",
length, fillers) and points at the answer it comes from, so a user can check every claim.
The structure is built once (:func:`build_report`); ``render`` turns it into Markdown,
HTML and JSON, and ``charts`` draws the charts and the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..models import (
    COMPONENTS,
    AnswerEvaluation,
    SessionRecord,
    StarEvaluation,
    Turn,
    question_title,
)
from ..star.coaching import NAMES, numbers_told, quote
from ..voice.delivery import PACE_GUIDE
from ..voice.delivery import summary as delivery_summary
from .advice import HINTS, details_to_add, rewrite, skeleton_of
from .types import TypedSection, typed_sections

if TYPE_CHECKING:
    from ..llm.protocol import ChatModel

LABELS = NAMES  # render.py imports the name from here
FILLER_GUIDE = 4.0  # fillers per 100 words; coaching tools aim for under ~4%
LENGTH_GUIDE = (200, 450)  # words: 1.5 to 3 minutes spoken at that pace
WEAK_AVERAGE = 1.5  # a component averaging below this in a session is "weak" there


@dataclass
class Part:
    """One spoken piece under a question; marks are (start, end, component) in ``text``."""

    kind: str  # "answer" or "probe"
    text: str
    marks: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class QuestionReport:
    number: int
    question_id: str | None
    question: str
    parts: list[Part]
    scores: dict[str, int]
    evidence: dict[str, list[str]]
    quantified_result: bool
    ownership: str
    hypothetical: bool
    word_count: int
    speaking_seconds: float
    fillers: dict[str, float]
    tips: list[str]
    follow_up: str
    missing: list[str]
    off_topic: bool = False
    no_story: bool = False  # no time told, on the question's theme
    #: Why the answer rambled ({"minutes", "repeats": [...]}) or empty when it did not.
    rambling: dict[str, Any] = field(default_factory=dict)
    details_to_add: list[str] = field(default_factory=list)
    skeleton: dict[str, str] = field(default_factory=dict)
    rewrite: str | None = None
    notes: list[str] = field(default_factory=list)
    # From a recording (voice answers): None / empty when the answer was typed.
    words_per_minute: int | None = None
    pauses: list[dict[str, Any]] = field(default_factory=list)
    delivery_line: str | None = None

    @property
    def measured(self) -> bool:
        return self.delivery_line is not None

    @property
    def answer_text(self) -> str:
        return " ".join(p.text for p in self.parts if p.kind == "answer")

    @property
    def misfit(self) -> bool:
        """Off topic or no time told (``StarEvaluation.misfit``): however well built, it did not
        answer what was asked."""
        return self.off_topic or self.no_story

    @property
    def weak(self) -> bool:
        """Weak whenever a part is, or the story answers another question, or it rambles."""
        return any(self.scores[c] < 2 for c in COMPONENTS) or self.off_topic or bool(self.rambling)


@dataclass
class Report:
    session_id: str
    user: str
    role: str
    company: str
    date: str
    status: str
    interviewers: list[dict[str, str]]
    questions: list[QuestionReport]
    strengths: list[str]
    practise: list[str]
    delivery: dict[str, Any]
    trend: list[dict[str, Any]]
    recurring: list[str]
    notes: list[str] = field(default_factory=list)
    #: The résumé's stories and whether an answer told them: [{"text", "practised"}].
    resume_stories: list[dict[str, Any]] = field(default_factory=list)
    #: Opening and motivation answers, coached on their own criteria (not STAR).
    openers: list[TypedSection] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def aware(dt: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; treat those as UTC so comparisons work."""
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def question_groups(
    record: SessionRecord, kind: str | None = "behavioural"
) -> list[tuple[Turn, list[Turn]]]:
    """Each question with the probes and answers that followed it, in spoken order.

    Grouping by position rather than ``question_id`` keeps working when an engine leaves
    ids empty; questions nobody answered are left out. ``kind`` keeps the behavioural
    (STAR-scored) questions by default; ``None`` keeps every type.
    """
    groups: list[tuple[Turn, list[Turn]]] = []
    for turn in record.turns:
        if turn.kind == "question":
            groups.append((turn, []))
        elif turn.kind in ("probe", "answer") and groups:
            groups[-1][1].append(turn)
    answered = [(q, ts) for q, ts in groups if any(t.kind == "answer" and t.evaluation for t in ts)]
    if kind is None:
        return answered
    return [(q, ts) for q, ts in answered if final_evaluation(ts).question_type == kind]


def final_evaluation(turns: list[Turn]) -> AnswerEvaluation:
    """The evaluation of a question's last scored answer: it covers the probe replies too."""
    return [t.evaluation for t in turns if t.kind == "answer" and t.evaluation][-1]


def star_evaluations(record: SessionRecord) -> list[StarEvaluation]:
    """Each behavioural question's final evaluation, in the order they were asked."""
    evs = [final_evaluation(ts) for _, ts in question_groups(record)]
    return [e for e in evs if isinstance(e, StarEvaluation)]


def find_marks(text: str, ev: StarEvaluation, trust_offsets: bool) -> list[tuple[int, int, str]]:
    """Locate evidence in ``text``: offsets when they verifiably fit, else the quoted words.

    An evaluation may cover the answer plus its probe reply, so its offsets only hold for
    the text it was computed on; quotes found nowhere are simply not highlighted.
    """
    found = []
    for comp in COMPONENTS:
        for s in ev.evidence(comp):
            start, end, quote = s.start, s.end, s.text
            ok = 0 <= start < end <= len(text)
            if trust_offsets and ok and (not quote or text[start:end] == quote):
                found.append((start, end, comp))
            elif quote and (i := text.find(quote)) >= 0:
                found.append((i, i + len(quote), comp))
    marks, last_end = [], 0
    for start, end, comp in sorted(found):
        if start >= last_end:
            marks.append((start, end, comp))
            last_end = end
    return marks


def _question_report(number: int, question: Turn, turns: list[Turn]) -> QuestionReport:
    ev = final_evaluation(turns)
    assert isinstance(ev, StarEvaluation), "question_groups keeps the STAR-scored questions"
    scored = [t for t in turns if t.kind == "answer" and t.evaluation][-1]
    parts = [
        Part(t.kind, t.text, find_marks(t.text, ev, t is scored) if t.kind == "answer" else [])
        for t in turns
    ]
    scores = ev.scores
    q = QuestionReport(
        number=number,
        question_id=question.question_id,
        question=question_title(question.text, question.interviewer or ""),
        parts=parts,
        scores=scores,
        evidence={c: [s.text for s in ev.evidence(c)] for c in COMPONENTS},
        quantified_result=ev.quantified_result,
        ownership=ev.ownership if ev.ownership in ("i", "we", "mixed") else "i",
        hypothetical=ev.hypothetical,
        word_count=ev.word_count or sum(len(t.text.split()) for t in turns),
        speaking_seconds=float(ev.speaking_seconds),
        fillers={
            "count": int(ev.fillers.get("count", 0)),
            "per_100_words": float(ev.fillers.get("per_100_words", 0.0)),
        },  # fmt: skip
        tips=list(ev.tips),
        follow_up=ev.follow_up,
        missing=list(ev.missing),
        delivery_line=delivery_summary(ev.spoken),
        off_topic=ev.off_topic,
        no_story=ev.no_story,
        rambling=ev.rambling if ev.rambles else {},
    )
    if q.measured and ev.spoken:
        q.words_per_minute = ev.spoken.words_per_minute
        q.pauses = list(ev.spoken.pauses)
    if q.weak or not q.quantified_result:
        q.details_to_add = details_to_add(ev, scores)
        q.skeleton = skeleton_of(ev, scores)
    return q


def _strengths(qs: list[QuestionReport]) -> list[str]:
    """What went well, from answers that fit their question: an off-topic story earns none,
    nor does an answer with no story ("Told in the first person" for "I'm pretty chill")."""
    qs = [q for q in qs if not q.misfit]
    out = [f"Q{q.number}: a complete STAR answer, every part scored 2" for q in qs if not q.weak]
    for q in qs:
        if q.quantified_result and q.evidence["result"]:
            out.append(
                f"Q{q.number}: your result had numbers (\u201c{q.evidence['result'][0]}\u201d)"
            )
    for comp in COMPONENTS:
        good = [q for q in qs if q.scores[comp] == 2]
        # by answer, not by position: an off-topic answer left out shifts the positions
        said = comp == "result" and all(q.quantified_result for q in good)
        nums = [q.number for q in good]
        if len(nums) >= 2 and any(q.weak for q in qs) and not said:
            out.append(f"{LABELS[comp]} scored 2 in " + ", ".join(f"Q{n}" for n in nums))
    first_person = [q.number for q in qs if q.ownership == "i"]
    if first_person:
        out.append(
            "Told in the first person (\u201cI\u2026\u201d): "
            + ", ".join(f"Q{n}" for n in first_person)
        )
    return out[:4]


def _practise(qs: list[QuestionReport]) -> list[str]:
    """The three most useful fixes, most severe first, preferring different kinds of fix."""
    items: list[tuple[int, int, str, str]] = []  # (priority, question, kind, text)
    for q in qs:
        n = q.number

        def add(priority: int, kind: str, text: str, n: int = n) -> None:
            items.append((priority, n, kind, f"Q{n}: {text}"))

        if q.rambling:  # first: nothing else lands while the answer buries it
            reps = q.rambling.get("repeats") or []
            said = reps[0]["text"] if reps else ""
            echo = f"; you said \u201c{quote(said, 0, len(said), 10)}\u201d again" if reps else ""
            minutes = q.rambling.get("minutes", 0)
            add(12, "concise", f"be concise: about {minutes:.0f} minutes spoken{echo}. "
                "Tell it once, in under 3 minutes")  # fmt: skip
        if q.off_topic:
            add(11, "off_topic", "the story did not answer the question asked; pick one that does")
        if q.no_story:
            add(11, "no_story", "you described yourself, not a time it happened; tell one real "
                "example")  # fmt: skip
        elif q.hypothetical:
            add(
                9,
                "hypothetical",
                "you told a plan or a habit, not a real event; tell one that happened",
            )
        for comp in COMPONENTS:
            if q.scores[comp] == 0:
                add(10, comp, f"no clear {comp}: {HINTS[comp]}")
            elif q.scores[comp] == 1 and comp != "result":
                add(6, comp, f"the {comp} was thin: {HINTS[comp]}")
        if (
            q.scores["result"] > 0
            and not q.quantified_result
            and not numbers_told(q.evidence["result"])
        ):
            add(8, "numbers", "your result had no numbers: say by how much things changed")
        elif q.scores["result"] == 1:
            add(6, "result", f"the result was thin: {HINTS['result']}")
        if q.ownership in ("we", "mixed"):
            said = (
                "\u201cwe\u201d more than \u201cI\u201d"
                if q.ownership == "we"
                else "\u201cwe\u201d a lot"
            )
            add(5, "we", f"you said {said}: say which part was yours")
        if (rate := q.fillers["per_100_words"]) > FILLER_GUIDE:
            add(4, "fillers", f"{rate:.1f} fillers per 100 words (guide: under ~4); pause instead")
        if q.word_count < LENGTH_GUIDE[0] / 2:
            add(3, "short", f"a short answer ({q.word_count} words): add the steps you took")
    items.sort(key=lambda i: (-i[0], i[1]))
    chosen: list[tuple[int, int, str, str]] = []
    for item in items:  # first pass: one per kind of fix
        if item[2] not in {c[2] for c in chosen} and len(chosen) < 3:
            chosen.append(item)
    chosen += [i for i in items if i not in chosen][: 3 - len(chosen)]
    return [text for *_, text in sorted(chosen, key=lambda i: (-i[0], i[1]))]


def _delivery(qs: list[QuestionReport]) -> dict[str, Any]:
    """Length and fillers from every answer; pace only from recorded ones, where it was measured.

    A typed answer's speaking time is words at 150 a minute, so its "pace" would only echo
    that assumption back: the pace line appears once at least one answer was spoken.
    """
    if not qs:
        return {"answers": 0}
    words = sum(q.word_count for q in qs)
    seconds = sum(q.speaking_seconds for q in qs)
    fillers = sum(q.fillers["count"] for q in qs)
    per100 = round(100 * fillers / words, 1) if words else 0.0
    spoken = [q for q in qs if q.measured and q.words_per_minute]
    spoken_seconds = sum(q.speaking_seconds for q in spoken)
    pace = (
        round(sum(q.words_per_minute * q.speaking_seconds for q in spoken) / spoken_seconds)
        if spoken_seconds
        else None
    )
    return {
        "answers": len(qs),
        "average_words": round(words / len(qs)),
        "average_seconds": round(seconds / len(qs), 1),
        "fillers": fillers,
        "fillers_per_100_words": per100,
        "filler_guide": FILLER_GUIDE,
        "fillers_ok": per100 <= FILLER_GUIDE,
        "pace_wpm": pace,
        "pace_guide": list(PACE_GUIDE),
        "pace_ok": pace is None or PACE_GUIDE[0] <= pace <= PACE_GUIDE[1],
        "spoken_answers": len(spoken),
        "long_pauses": sum(len(q.pauses) for q in spoken),
        "length_guide": list(LENGTH_GUIDE),
    }


def session_averages(record: SessionRecord) -> dict[str, float] | None:
    """Average score per STAR part over a session's scored answers (None if none)."""
    evs = star_evaluations(record)
    if not evs:
        return None
    return {c: round(sum(e.score(c) for e in evs) / len(evs), 2) for c in COMPONENTS}


@dataclass(frozen=True)
class SessionScore:
    """How a session went, in one place so the CLI, the API and History say the same."""

    questions_answered: int
    #: The STAR total out of 8 (four parts, 0-2 each), averaged over the answered questions.
    average_star: float | None
    #: Each part's average out of 2.
    averages: dict[str, float] | None


def session_score(record: SessionRecord) -> SessionScore:
    """Counted the way the report counts: a question's final evaluation after its probes."""
    averages = session_averages(record)
    total = round(sum(averages.values()), 1) if averages else None
    return SessionScore(len(question_groups(record, kind=None)), total, averages)


def _trend(record: SessionRecord, history: Sequence[SessionRecord]) -> list[dict[str, Any]]:
    sessions = [
        h for h in history if h.id != record.id and aware(h.created_at) <= aware(record.created_at)
    ] + [record]
    rows = []
    for s in sorted(sessions, key=lambda s: aware(s.created_at)):
        if (avg := session_averages(s)) is not None:
            rows.append(
                {
                    "session_id": s.id,
                    "date": aware(s.created_at).date().isoformat(),
                    "when": aware(s.created_at).isoformat(),
                    "label": _day(aware(s.created_at)),
                    "current": s.id == record.id,
                    **avg,
                }
            )
    # several sessions on one day: the chart's axis and the table would repeat the same label
    days = [r["label"] for r in rows]
    for r in rows:
        if days.count(r["label"]) > 1:
            r["label"] += datetime.fromisoformat(r["when"]).astimezone().strftime(" %H:%M")
    return rows


def _day(when: datetime) -> str:
    """'4 Dec 2026' in local time: how a person names the day of a session."""
    local = when.astimezone()
    return f"{local.day} {local:%b %Y}"


def _recurring(trend: list[dict[str, Any]], last: int = 3) -> list[str]:
    recent = trend[-last:]
    out = []
    for comp in COMPONENTS:
        weak = [r for r in recent if r[comp] < WEAK_AVERAGE]
        if len(weak) >= 2:
            values = ", ".join(f"{r[comp]:.1f}" for r in recent)
            out.append(
                f"{LABELS[comp]}: weak in {len(weak)} of your last {len(recent)} sessions "
                f"(average {values} out of 2): {HINTS[comp]}"
            )
    return out


def build_report(
    record: SessionRecord, history: Sequence[SessionRecord] = (), llm: ChatModel | None = None
) -> Report:
    """The whole report; ``history`` is the user's other sessions, ``llm`` adds rewrites."""
    groups = question_groups(record)
    openers = typed_sections(record)
    if not groups and not openers:
        # named as the user knows it (company and day), never by its internal id
        when = record.created_at.strftime("%d %b %Y").lstrip("0")
        raise InputError(
            f"The {record.setup.company} interview of {when} has no scored answers yet: "
            "there is nothing to report."
        )
    qs = [_question_report(n, q, ts) for n, (q, ts) in enumerate(groups, start=1)]
    notes = []
    if record.status != "finished":
        notes.append("This session is not finished; the report covers the answers so far.")
    if llm is not None:
        for q in qs:
            if q.weak:
                rewrite(q, record, llm)
    trend = _trend(record, history)
    return Report(
        session_id=record.id,
        user=record.user,
        role=record.setup.role,
        company=record.setup.company,
        date=aware(record.created_at).date().isoformat(),
        status=record.status,
        interviewers=[{"name": i.name, "title": i.title} for i in record.setup.interviewers],
        questions=qs,
        strengths=_strengths(qs),
        practise=_practise(qs),
        delivery=_delivery(qs),
        trend=trend,
        recurring=_recurring(trend),
        notes=notes,
        resume_stories=_resume_stories(record),
        openers=openers,
    )


def _resume_stories(record: SessionRecord) -> list[dict[str, Any]]:
    """Which of the résumé's stories the candidate told in an answer this session."""
    from ..knowledge.resume import practised, stories

    answers = [t.text for t in record.turns if t.kind == "answer"]
    found = stories(getattr(record.setup, "resume", "") or "")
    return [{"text": s.text, "practised": done} for s, done in practised(found, answers)]
