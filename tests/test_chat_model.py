"""The real client and the in-process MockModel keep the same ChatModel contract.

Unit tests above the model use ``conftest.MockModel``; that is only sound while it answers
as the real client would. Each case runs the same script through both: the real ``LLM``
against the fake OpenAI-compatible server (tests/fakes.py), and the MockModel in process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from conftest import MockModel
from fakes import FakeLLMServer, fake_llm

from interview_coach.config import Settings
from interview_coach.llm.client import LLM, LLMError
from interview_coach.llm.protocol import ChatModel

SCHEMA = {
    "type": "object",
    "properties": {"verdict": {"type": "string", "enum": ["yes", "no"]}, "n": {"type": "integer"}},
    "required": ["verdict", "n"],
    "additionalProperties": False,
}
ASK = [{"role": "user", "content": "Is this a test?"}]


@contextmanager
def real(settings: Settings, *replies: str) -> Iterator[ChatModel]:
    with FakeLLMServer(replies) as fake:
        yield fake_llm(settings, fake)[1]


@contextmanager
def mock(settings: Settings, *replies: str) -> Iterator[ChatModel]:
    yield MockModel(*replies, settings=settings)


BOTH = pytest.mark.parametrize("model", [real, mock], ids=["LLM", "MockModel"])
Make = Callable[..., object]


def test_both_are_chat_models(settings: Settings) -> None:
    with real(settings) as one, mock(settings) as two:
        assert isinstance(one, LLM) and isinstance(one, ChatModel)
        assert isinstance(two, ChatModel)


@BOTH
def test_a_plain_reply(settings: Settings, model: Make) -> None:
    with model(settings, "Yes, it is.") as llm:
        reply = llm.chat(ASK)
    assert reply.text == "Yes, it is." and reply.prompt_tokens > 0


@BOTH
def test_a_streamed_reply_joins_to_the_text(settings: Settings, model: Make) -> None:
    with model(settings, "Yes, it is a test of streaming.") as llm:
        chunks = list(llm.stream(ASK))
    assert "".join(chunks) == "Yes, it is a test of streaming." and len(chunks) > 1


@BOTH
def test_json_is_repaired_once(settings: Settings, model: Make) -> None:
    with model(
        settings, '{"verdict": "maybe", "n": 1}', '```json\n{"verdict": "yes", "n": 2}\n```'
    ) as llm:
        assert llm.json(ASK, SCHEMA) == {"verdict": "yes", "n": 2}


@BOTH
def test_json_wrong_twice_is_an_llm_error(settings: Settings, model: Make) -> None:
    with (
        model(settings, '{"verdict": "yes"}', "not json at all") as llm,
        pytest.raises(LLMError, match="did not return valid JSON after one retry"),
    ):
        llm.json(ASK, SCHEMA)


def test_the_mock_raises_what_it_is_given(settings: Settings) -> None:
    llm = MockModel(LLMError("The LLM timed out after 60 s.", outage=True), settings=settings)
    with pytest.raises(LLMError) as caught:
        llm.chat(ASK)
    assert caught.value.outage and llm.calls[0]["messages"] == ASK
