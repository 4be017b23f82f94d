"""The STAR evaluation as one typed value: what ``evaluate`` returns and every layer passes on.

It is serialised (``to_dict``) only at the edges: the CLI's JSON, the API, the database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any


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
    #: Repeats and length that make the answer ramble; ``capped`` lists parts held to 1.
    rambling: dict[str, Any] = field(default_factory=dict)
    #: Competency ids: what the question asks about and what the story shows most (or None).
    topic: dict[str, Any] = field(default_factory=dict)
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
