"""Shared test setup: offline environment, a throwaway data folder, cassette config.

The environment is fixed before any library is imported so that tiktoken,
gradio and huggingface_hub never try the network.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_TIKTOKEN = ROOT.parent / "shared" / "tiktoken"
CASSETTES = ROOT / "cassettes"

if SHARED_TIKTOKEN.is_dir():
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(SHARED_TIKTOKEN))
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
# Nothing from the developer's shell may pick a real backend during tests.
for var in ("OPENAI_API_KEY", "INTERVIEW_COACH_LLM", "INTERVIEW_COACH_BASE_URL", "DATABASE_URL"):
    os.environ.pop(var, None)

from interview_coach.config import Settings  # noqa: E402


class MockModel:
    """An in-process chat model that implements ``llm.protocol.ChatModel`` like the real one.

    Unit tests of what sits above the model (judges, wording, emails) use it instead of an
    HTTP server, as simonw/llm's tests use their registered ``MockModel``. Each reply in the
    script is text, a dict (a JSON reply), an exception to raise, or a function of the
    messages; they are used in order and the last one repeats. ``json()`` checks replies
    with the same ``parse_json``/``check_schema`` as :class:`~interview_coach.llm.client.LLM`
    and repairs once, so a test of a bad reply sees what production would. Every request is
    kept in ``calls``. Faults of the protocol itself (timeouts, 429s, broken streams) belong
    to the fake server in ``tests/fakes.py``.
    """

    def __init__(
        self, *replies: object, judge_capable: bool = True, settings: Settings | None = None
    ) -> None:
        from interview_coach.llm.backends import Backend

        self.script = list(replies)
        self.backend = Backend(
            "mock", "mock-model", "mock://in-process", reason="tests", judge_capable=judge_capable
        )
        self.settings = settings or Settings(llm_backend="none")
        self.calls: list[dict] = []

    @property
    def judge_capable(self) -> bool:
        return self.backend.judge_capable

    @property
    def down(self) -> str | None:
        return None

    def usage(self) -> dict:
        return {"backend": "mock", "model": "mock-model", "calls": len(self.calls), "failed": 0}

    def _next(self, messages: list[dict]) -> object:
        if not self.script:
            raise AssertionError("MockModel was asked more than its script holds")
        reply = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        reply = reply(messages) if callable(reply) else reply
        if isinstance(reply, BaseException):
            raise reply
        return reply

    def chat(self, messages: list[dict], *, temperature: float = 0.3, max_tokens: int = 512):
        from interview_coach import tokens
        from interview_coach.llm.client import LLMReply

        self.calls.append({"method": "chat", "messages": messages, "max_tokens": max_tokens})
        text = str(self._next(messages))
        return LLMReply(text, tokens.count_message_tokens(messages), tokens.count_tokens(text))

    def stream(self, messages: list[dict], *, temperature: float = 0.3, max_tokens: int = 512):
        self.calls.append({"method": "stream", "messages": messages, "max_tokens": max_tokens})
        words = str(self._next(messages)).split(" ")
        yield from (word if i == 0 else " " + word for i, word in enumerate(words))

    def json(self, messages: list[dict], schema: object, *, max_tokens: int = 600,
             name: str = "result") -> object:  # fmt: skip
        import json

        from interview_coach.llm.client import LLMError, structured_reply

        problem = ""
        for _attempt in (1, 2):
            self.calls.append({"method": "json", "messages": messages, "schema": schema})
            reply = self._next(messages)
            try:
                return structured_reply(
                    reply if isinstance(reply, str) else json.dumps(reply), schema
                )
            except ValueError as exc:
                problem = str(exc)
        raise LLMError(f"The LLM did not return valid JSON after one retry ({problem}).")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh data folder and no LLM."""
    return Settings(llm_backend="none", data_dir=tmp_path / "data")


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    """Cassettes never hold a key, and replays must match the request body exactly."""
    return {
        "filter_headers": [
            "authorization",
            "x-stainless-arch",
            "x-stainless-os",
            "x-stainless-runtime-version",
            "x-stainless-package-version",
            "x-stainless-lang",
            "x-stainless-runtime",
            "user-agent",
        ],
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """``cassettes/<test module>/``: one folder per module, one file per test."""
    return str(CASSETTES / Path(request.module.__file__).stem)


@pytest.fixture(scope="module")
def start_app() -> Iterator[Callable[..., str]]:
    """Serve the Gradio app in this process on a free loopback port; closed after the module.

    Call it with the module's own settings (and ``auth`` users, if any) once they are
    ready, e.g. after indexing the knowledge the page needs; it returns the URL.
    """
    from interview_coach.web.app import build_app, launch

    demos = []

    def start(settings: Settings, auth: list[tuple[str, str]] | None = None) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        demos.append(build_app(settings))
        return launch(demos[-1], "127.0.0.1", port, auth=auth, block=False)

    yield start
    for demo in demos:
        demo.close()


#: Debian's Chromium, started headless with no network of its own (see the offline notes).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium per test module (playwright, pointed at Debian's binary)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
