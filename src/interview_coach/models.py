"""The shared vocabulary: plain dataclasses that every layer passes around.

They hold no behaviour beyond (de)serialisation so that the engine, the stores,
the report and the UI can agree on shapes without importing each other.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal, TypeAlias

from .text import sentences

Speaker = Literal["interviewer", "candidate"]
TurnKind = Literal[
    "greeting", "question", "probe", "answer", "candidate_question", "reply", "wrap_up", "notice"
]
Seniority = Literal["junior", "mid", "senior"]
#: The four STAR parts, in the order every score, card, chart and email lists them.
COMPONENTS = ("situation", "task", "action", "result")
Style = Literal["friendly", "neutral", "tough"]
Mix = Literal["full", "behavioural"]


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class PanelMember:
    name: str
    title: str = ""

    @classmethod
    def parse(cls, text: str) -> PanelMember:
        """Accept the 'Name, Title' form people type into one box."""
        name, _, title = text.partition(",")
        return cls(name=name.strip(), title=title.strip())


@dataclass
class SessionSetup:
    role: str
    company: str
    seniority: Seniority = "mid"
    job_description: str = ""
    interviewers: list[PanelMember] = field(default_factory=list)
    num_questions: int = 5
    focus: list[str] = field(default_factory=list)  # competency ids
    style: Style = "neutral"
    #: Bank question ids to ask again first, in order ("practise these questions again").
    repeat: list[str] = field(default_factory=list)
    resume: str = ""  # the candidate's résumé text, if given: never shared, never indexed
    candidate_name: str = ""  # signs the thank-you notes
    #: "full": opening and motivation questions first; "behavioural": STAR questions only.
    mix: Mix = "full"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SessionSetup:
        d = dict(d)
        d["interviewers"] = [
            i if isinstance(i, PanelMember) else PanelMember(**i) for i in d.get("interviewers", [])
        ]
        return cls(**d)


# --- one answer's evaluation ----------------------------------------------------------------
# Typed from the scorer to the edges: storage, the JSON API, the CLI and gradio state call
# ``to_dict``; whatever reads a stored or sent dict back calls :func:`load_evaluation`.


@dataclass(frozen=True)
class Span:
    """A stretch of the answer, by offsets into the exact string the candidate gave."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))


@dataclass
class Spoken:
    """What a recording measured about the answer (``voice.delivery.annotate``'s keys):
    the measured ``speaking_seconds`` replaces the word-count estimate in the JSON."""

    KEYS: ClassVar = ("transcript", "speaking_seconds", "words_per_minute", "pauses", "delivery")
    transcript: str
    speaking_seconds: float
    words_per_minute: float | None
    pauses: list[dict[str, Any]]
    delivery: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.KEYS}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Spoken | None:
        """The measurement in an evaluation JSON, or None for a typed answer."""
        if "transcript" not in d or "delivery" not in d:
            return None
        return cls(**{k: d.get(k) for k in cls.KEYS})


@dataclass(kw_only=True)
class _Carried:
    """What an answer's evaluation carries beside the scoring: the recording's measurement
    and, from rows stored by other versions, keys this one does not know (kept, not lost),
    keys it added since (left out again while they hold their default) and their order, so
    a stored row's JSON comes back byte for byte."""

    #: Why the judge failed, if it did: not part of the contract, but a caller that has
    #: more LLM calls to make for this answer needs to know the server is down.
    llm_error: Exception | None = field(default=None, repr=False, compare=False)
    spoken: Spoken | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    absent: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    order: tuple[str, ...] = field(default=(), repr=False, compare=False)
    #: What a key the JSON lacked stands for, where the field itself has no default.
    _DEFAULTS: ClassVar[dict[str, Any]] = {}

    def _default(self, name: str) -> Any:
        if name in self._DEFAULTS:
            return self._DEFAULTS[name]
        f = next(f for f in fields(self) if f.name == name)  # type: ignore[arg-type]
        return f.default_factory() if f.default_factory is not MISSING else f.default

    def _with_edges(self, d: dict[str, Any]) -> dict[str, Any]:
        for name in self.absent:
            if name in d and d[name] == self._default(name):
                d.pop(name)
        if self.spoken is not None:
            d.update(self.spoken.to_dict())  # speaking_seconds keeps its place
        d.update(self.extra)
        if self.order:  # a loaded row: its keys in the order it had them, anything new after
            d = {**{k: d[k] for k in self.order if k in d}, **d}
        return d


@dataclass
class StarEvaluation(_Carried):
    """A behavioural answer scored on STAR: the ``evaluate --json`` contract, typed.

    ``components`` stays ``{part: {"score", "evidence": [{"start", "end", "text"}]}}``: the
    scorer, the judge and the coaching edit it as such; readers use :meth:`score`,
    :attr:`scores` and :meth:`evidence`.
    """

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
    #: No time told at all, on the question's theme ("I'm pretty chill, I thrive on it",
    #: "I always listen first"): not another question's story, so not ``off_topic``, but the
    #: same single root cause for the card, the tip and the probe (``misfit``).
    no_story: bool = False
    #: The no-event answer (``hypothetical``) is a habit ("I always check twice"), not a plan
    #: ("I would check twice"): the card and the probe say "what you usually do".
    habit: bool = False
    #: Repeats and length that make the answer ramble; ``capped`` lists parts held to 1.
    rambling: dict[str, Any] = field(default_factory=dict)
    #: Competency ids: what the question asks about and what the story shows most (or None).
    topic: dict[str, Any] = field(default_factory=dict)
    reflection: bool = False
    judge: dict[str, Any] | None = None

    question_type: ClassVar[str] = "behavioural"
    _EDGES: ClassVar = ("llm_error", "spoken", "extra", "absent", "order")
    #: What ``from_dict`` fills in for an evaluate key an old or hand-made dict lacks.
    _DEFAULTS: ClassVar[dict[str, Any]] = {
        "components": {}, "quantified_result": False, "ownership": "i", "hypothetical": False,
        "relevance": 0.0, "word_count": 0, "speaking_seconds": 0.0, "fillers": {},
        "missing": [], "tips": [], "follow_up": "", "scorer": "rules", "notes": [],
        "question_type": "behavioural",
    }  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """The evaluate JSON, tagged ``question_type`` as every edge has always sent it."""
        d = asdict(replace(self, llm_error=None, spoken=None, extra={}))
        for k in self._EDGES:
            d.pop(k)
        if d["judge"] is None:
            d.pop("judge")
        d["question_type"] = self.question_type
        return self._with_edges(d)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StarEvaluation:
        names = {f.name for f in fields(cls)} - set(cls._EDGES)
        known = names | {"question_type", *Spoken.KEYS}
        defaults = {k: v for k, v in deepcopy(cls._DEFAULTS).items() if k in names}
        return cls(
            **{**defaults, **{k: v for k, v in d.items() if k in names}},
            spoken=Spoken.from_dict(d),
            extra={k: v for k, v in d.items() if k not in known},
            absent=frozenset((names | {"question_type"}) - set(d)),
            order=tuple(d),
        )

    def score(self, component: str) -> int:
        return int(self.components.get(component, {}).get("score", 0))

    @property
    def scores(self) -> dict[str, int]:
        return {c: self.score(c) for c in COMPONENTS}

    def evidence(self, component: str) -> list[Span]:
        """The answer's words for one STAR part, by offsets into the scored text."""
        found = self.components.get(component, {}).get("evidence", [])
        return [Span.from_dict(e) for e in found]

    @property
    def rambles(self) -> bool:
        return bool(self.rambling.get("rambling"))

    @property
    def misfit(self) -> bool:
        """Off topic or no story told: either way no STAR part, number or delivery habit is
        worth coaching until the candidate gives a time that answers the question."""
        return self.off_topic or self.no_story


@dataclass
class Criterion:
    """One line of an opening or motivation rubric: met or not, with the words that show it."""

    name: str
    met: bool
    evidence: list[Span] = field(default_factory=list)
    tip: str = ""
    #: Extra keys a criterion needs to explain itself (requirements, sources, quotes).
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "met": self.met,
            "evidence": [e.to_dict() for e in self.evidence],
            "tip": self.tip if not self.met else "",
        }
        d.update(self.details)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Criterion:
        core = ("name", "met", "evidence", "tip")
        return cls(
            name=str(d["name"]),
            met=bool(d["met"]),
            evidence=[Span.from_dict(e) for e in d.get("evidence", [])],
            tip=str(d.get("tip", "")),
            details={k: v for k, v in d.items() if k not in core},
        )


@dataclass
class CriteriaEvaluation(_Carried):
    """An opening or motivation answer, coached on its own terms (never scored on STAR).

    Its dictionary is the ``evaluate --json`` contract for those types: ``question_type``,
    ``criteria`` (each ``{"name", "met", "evidence": [{"start", "end", "text"}], "tip"}``
    plus what the criterion needs to explain itself), the probe, tips and what to add.
    """

    question_type: str
    criteria: list[Criterion]
    word_count: int
    speaking_seconds: float
    follow_up: str
    tips: list[str]
    to_add: list[dict[str, str]]
    summary: dict[str, Any]
    focus: str | None = None
    scorer: str = "rules"
    notes: list[str] = field(default_factory=list)
    judge: dict[str, Any] | None = None

    #: Keys of the JSON computed from the criteria, so never read back.
    _DERIVED: ClassVar = ("met", "total", "missing")
    _DEFAULTS: ClassVar[dict[str, Any]] = {
        "word_count": 0, "speaking_seconds": 0.0, "follow_up": "", "tips": [], "to_add": [],
        "summary": {},
    }  # fmt: skip

    def criterion(self, name: str) -> Criterion:
        for c in self.criteria:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def met(self) -> int:
        return sum(c.met for c in self.criteria)

    @property
    def missing(self) -> list[str]:
        return [c.name for c in self.criteria if not c.met]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "question_type": self.question_type,
            "criteria": [c.to_dict() for c in self.criteria],
            "met": self.met,
            "total": len(self.criteria),
            "missing": self.missing,
            "word_count": self.word_count,
            "speaking_seconds": self.speaking_seconds,
            "follow_up": self.follow_up,
            "tips": self.tips,
            "to_add": self.to_add,
            "summary": self.summary,
            "scorer": self.scorer,
            "notes": self.notes,
        }
        if self.focus:
            d["focus"] = self.focus
        if self.judge is not None:
            d["judge"] = self.judge
        return self._with_edges(d)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CriteriaEvaluation:
        plain = ("question_type", "word_count", "speaking_seconds", "follow_up", "tips",
                 "to_add", "summary", "focus", "scorer", "notes", "judge")  # fmt: skip
        known = {*plain, "criteria", *cls._DERIVED, *Spoken.KEYS}
        return cls(
            criteria=[Criterion.from_dict(c) for c in d.get("criteria", [])],
            spoken=Spoken.from_dict(d),
            extra={k: v for k, v in d.items() if k not in known},
            absent=frozenset(k for k in cls._DEFAULTS if k not in d),
            order=tuple(d),
            **{**deepcopy(cls._DEFAULTS), **{k: d[k] for k in plain if k in d}},
        )


#: What an answer turn carries: STAR for behavioural questions, criteria for the others.
AnswerEvaluation: TypeAlias = StarEvaluation | CriteriaEvaluation


def load_evaluation(d: dict[str, Any] | AnswerEvaluation) -> AnswerEvaluation:
    """An evaluation JSON (a stored row, the API's, gradio state's) as its typed value.

    Rows stored before ``question_type`` existed are STAR: only opening and motivation
    answers carry ``criteria``.
    """
    if isinstance(d, StarEvaluation | CriteriaEvaluation):
        return d
    return CriteriaEvaluation.from_dict(d) if "criteria" in d else StarEvaluation.from_dict(d)


@dataclass
class Turn:
    """One utterance; a scored answer carries its typed evaluation (a dict given here, as
    a test or an old caller may, is loaded into one)."""

    speaker: Speaker
    kind: TurnKind
    text: str
    question_id: str | None = None
    evaluation: AnswerEvaluation | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)  # {source, title, company}
    prompt_tokens: int = 0
    notes: list[str] = field(default_factory=list)  # visible notices (e.g. "LLM unavailable")
    created_at: datetime = field(default_factory=utcnow)
    index: int = -1  # position in the session, set by storage
    interviewer: str = ""  # who on the panel spoke (interviewer turns); derived, not stored

    def __post_init__(self) -> None:
        if isinstance(self.evaluation, dict):
            self.evaluation = load_evaluation(self.evaluation)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(replace(self, evaluation=None))
        d["evaluation"] = self.evaluation.to_dict() if self.evaluation else None
        d["created_at"] = self.created_at.isoformat()
        return d


@dataclass
class SessionRecord:
    id: str
    user: str
    setup: SessionSetup
    state: str  # the interviewer state machine's state name
    status: Literal["active", "finished"]
    created_at: datetime
    updated_at: datetime
    turns: list[Turn] = field(default_factory=list)
    engine: dict[str, Any] = field(default_factory=dict)  # serialised interviewer state

    @property
    def answers(self) -> list[Turn]:
        return [t for t in self.turns if t.kind == "answer" and t.evaluation]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "user": self.user,
            "setup": self.setup.to_dict(),
            "state": self.state,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "turns": [t.to_dict() for t in self.turns],
        }


# --- knowledge store results ---------------------------------------------------------------

STATUSES = ("added", "replaced", "unchanged", "error")  # what ingesting one file did


@dataclass
class Hit:
    text: str
    source: str
    title: str
    company: str | None
    collection: str
    score: float  # 1 - cosine distance: 1.0 is identical

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FileReport:
    name: str
    status: str  # one of STATUSES
    chunks: int = 0
    message: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def ok(self) -> bool:
        """At least one file is in the store (new, replaced or already there)."""
        return any(f.status != "error" for f in self.files)

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in STATUSES if self.count(s)]
        chunks = sum(f.chunks for f in self.files if f.status != "error")
        return f"{len(self.files)} files: {', '.join(parts) or 'nothing'} ({chunks} chunks)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": [asdict(f) for f in self.files],
            "counts": {s: self.count(s) for s in STATUSES},
            "ok": self.ok,
        }


#: How the interviewer says why a question is asked, after the question (questions.why_line).
_WHY = re.compile(r"(?:I'm asking|I am asking|I ask because|The reason I ask|This matters for)")
#: A sentence that puts the question: it asks, or it starts the way bank questions do.
_ASKS = re.compile(
    r"(?:(?:can|could|would) you |please )?(?:tell|give|walk|talk|describe|share|think|"
    r"introduce|take)\b",
    re.I,
)


def question_title(text: str, interviewer: str = "") -> str:
    """The question itself, as a card, a summary line or the report names it.

    What the interviewer says around it goes: an acknowledgement ("Thank you.", "No problem,
    let's move on."), the panel member's introduction ("I'm Priya Ramanathan, Director of
    Engineering."), a research fact leading into it ("Your research notes mention this
    (notes.md): …") and the closing "I'm asking because…".
    """
    said = sentences(text) or [text.strip()]
    while len(said) > 1 and _WHY.match(said[-1]):
        said.pop()
    start = next((k for k, s in enumerate(said) if s.endswith("?") or _ASKS.match(s)), None)
    if start is not None:
        return " ".join(said[start:])
    intro = f"I'm {interviewer}" if interviewer else None
    while (
        len(said) > 1
        and not said[0].endswith("?")
        and (len(said[0].split()) <= 3 or (intro and said[0].startswith(intro)))
    ):
        said.pop(0)
    return " ".join(said)
