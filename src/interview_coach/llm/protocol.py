"""What the rest of the app may ask of a chat model, and nothing more.

The interviewer's voice, the STAR and criteria judges, the competency picker, the answer
rewriter and the email drafter all take a :class:`ChatModel`. :class:`~.client.LLM` is the
one real implementation (any OpenAI-compatible server, through langchain-openai); the tests
hold an in-process one (``MockModel`` in ``tests/conftest.py``) so that behaviour above the
HTTP layer is tested without a server. Fault injection (timeouts, 429s, broken streams)
still needs the fake HTTP server, because those faults live in the protocol itself.

Keeping the surface this small is the point: a caller that needs something else from the
model (the base URL, the langchain client) is reaching below the seam.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..config import Settings
    from .backends import Backend
    from .client import LLMReply


@runtime_checkable
class ChatModel(Protocol):
    """A chat model: plain replies, streamed replies and schema-checked JSON.

    Every method raises only :class:`~.backends.LLMError`; ``outage`` on it says whether
    the model is down (skip it for the rest of the step) or just answered badly.
    """

    backend: Backend
    settings: Settings

    @property
    def judge_capable(self) -> bool:
        """Trusted with judgement (scoring, picking competencies), not only with wording."""
        ...

    @property
    def down(self) -> str | None:
        """Why the model was given up on for this process, or None while it is usable."""
        ...

    def usage(self) -> dict[str, Any]:
        """Which model answered and how many calls were made and failed."""
        ...

    def chat(
        self, messages: list[dict], *, temperature: float = 0.3, max_tokens: int = 512
    ) -> LLMReply: ...

    def stream(
        self, messages: list[dict], *, temperature: float = 0.3, max_tokens: int = 512
    ) -> Iterator[str]: ...

    def json(
        self,
        messages: list[dict],
        schema: dict | type[BaseModel],
        *,
        max_tokens: int = 600,
        name: str = "result",
    ) -> Any:
        """A reply that fits ``schema``: an instance of a pydantic model, or a dict checked
        against a plain JSON schema (required keys, top-level types, enums)."""
        ...


__all__ = ["ChatModel"]
