"""The result of coaching an opening or motivation answer: one line per criterion.

Its dictionary is the ``evaluate --json`` contract for those types: ``question_type``,
``criteria`` (each ``{"name", "met", "evidence": [{"start", "end", "text"}], "tip"}`` plus
what the criterion needs to explain itself), the probe, tips and what to add.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .text import Span


@dataclass
class Criterion:
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


@dataclass
class TypedEvaluation:
    """An opening or motivation answer, coached on its own terms (never scored on STAR)."""

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
    llm_error: Exception | None = field(default=None, repr=False, compare=False)

    def criterion(self, name: str) -> Criterion:
        for c in self.criteria:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def met(self) -> int:
        return sum(c.met for c in self.criteria)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "question_type": self.question_type,
            "criteria": [c.to_dict() for c in self.criteria],
            "met": self.met,
            "total": len(self.criteria),
            "missing": [c.name for c in self.criteria if not c.met],
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
        return d
