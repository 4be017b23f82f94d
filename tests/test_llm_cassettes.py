"""Replays of real calls to the local llama.cpp server (Qwen2.5-Coder-1.5B, Q4_K_M).

Recorded against llama.cpp's own server (xllamacpp 2026.10.11549) on 127.0.0.1:8765, then
replayed with recording off; the requests must stay byte-identical, so settings, messages
and limits here are constants. To re-record (needs the ``local`` extra):

    INTERVIEW_COACH_THREADS=1 interview-coach prepare-local --serve    # port 8765
    pytest tests/test_llm_cassettes.py --record-mode=rewrite
"""

from __future__ import annotations

from pathlib import Path

import pytest
from recorded import CASSETTES, check_cassettes, local_llm

from interview_coach.llm.client import LLM

CASSETTE_DIR = CASSETTES / Path(__file__).stem
SYSTEM = {"role": "system", "content": "You are a concise interview coach. Answer briefly."}


@pytest.fixture
def llm(tmp_path: Path) -> LLM:
    return local_llm(tmp_path)[1]


@pytest.mark.vcr
def test_chat_round_trip(llm: LLM):
    question = "In one sentence: what should the Result part of a STAR answer contain?"
    reply = llm.chat([SYSTEM, {"role": "user", "content": question}], max_tokens=40)
    assert len(reply.text.split()) >= 3
    assert reply.finish_reason in {"stop", "length"}
    # usage came from the server, which counts the chat template too: more than the content
    assert reply.prompt_tokens > 20
    assert 0 < reply.completion_tokens <= 40


@pytest.mark.vcr
def test_streamed_chat_joins_to_the_full_reply(llm: LLM):
    messages = [SYSTEM, {"role": "user", "content": "Name two habits of a strong interviewee."}]
    chunks = list(llm.stream(messages, max_tokens=40))
    assert len(chunks) > 3
    assert llm.last_reply is not None
    assert "".join(chunks) == llm.last_reply.text
    assert llm.last_reply.text.strip()


@pytest.mark.vcr
def test_json_follows_the_schema(llm: LLM):
    schema = {
        "type": "object",
        "properties": {
            "question": {"type": "string"},
            "competency": {"type": "string", "enum": ["leadership", "conflict", "ownership"]},
        },
        "required": ["question", "competency"],
        "additionalProperties": False,
    }
    messages = [
        SYSTEM,
        {
            "role": "user",
            "content": "Write one behavioural interview question about resolving a "
            "disagreement with a colleague, and name its competency. Reply as JSON.",
        },
    ]
    result = llm.json(messages, schema, max_tokens=120, name="question")
    # llama.cpp's own server takes OpenAI's json_schema format (llama-cpp-python's did not)
    assert llm.json_mode == "json_schema"
    assert set(result) == {"question", "competency"}
    assert result["competency"] in {"leadership", "conflict", "ownership"}
    assert len(result["question"].split()) >= 5


def test_cassettes_exist_and_hold_no_secrets():
    names = {
        "test_chat_round_trip",
        "test_streamed_chat_joins_to_the_full_reply",
        "test_json_follows_the_schema",
    }
    check_cassettes(CASSETTE_DIR, names)
