"""The shared vocabulary: plain dataclasses that every layer passes around.

They hold no behaviour beyond (de)serialisation so that the engine, the stores,
the report and the UI can agree on shapes without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

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


@dataclass
class Turn:
    """One utterance; answers carry the STAR JSON of ``star.Evaluation.to_dict``."""

    speaker: Speaker
    kind: TurnKind
    text: str
    question_id: str | None = None
    evaluation: dict[str, Any] | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)  # {source, title, company}
    prompt_tokens: int = 0
    notes: list[str] = field(default_factory=list)  # visible notices (e.g. "LLM unavailable")
    created_at: datetime = field(default_factory=utcnow)
    index: int = -1  # position in the session, set by storage
    interviewer: str = ""  # who on the panel spoke (interviewer turns); derived, not stored

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
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
