"""Backend selection, calls, retries, JSON repair and prompts, against the fake server."""

from __future__ import annotations

import json
import logging
import socket
import time
from pathlib import Path

import pytest
from fakes import FakeLLMServer, Reply

from interview_coach.cli import commands as cli
from interview_coach.config import Settings
from interview_coach.llm import backends, localserver
from interview_coach.llm.client import (
    LLM,
    LLMError,
    PromptError,
    check_schema,
    load_prompt,
    open_llm,
    parse_json,
    render,
    select_backend,
)

SECRET = "sk-test-SECRET-0123456789"
HI = [{"role": "user", "content": "Tell me about a time you led a project."}]
SCHEMA = {
    "type": "object",
    "properties": {"score": {"type": "integer"}, "tip": {"type": "string"}},
    "required": ["score", "tip"],
    "additionalProperties": False,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def fake():
    with FakeLLMServer() as server:
        yield server


@pytest.fixture
def no_llama(monkeypatch):
    monkeypatch.setattr(localserver, "engine_installed", lambda: False)


def compatible(settings: Settings, fake: FakeLLMServer, **kw) -> Settings:
    changes = {"llm_backend": "compatible", "base_url": fake.base_url, "llm_max_retries": 0}
    return settings.with_(**{**changes, **kw})


def make_llm(settings: Settings, fake: FakeLLMServer, **kw) -> LLM:
    s = compatible(settings, fake, **kw)
    return LLM(select_backend(s, probe=False), s)


# --- backend selection -----------------------------------------------------------------------


def test_auto_prefers_openai_when_a_key_is_set(settings, fake, monkeypatch):
    monkeypatch.setattr(backends, "OPENAI_URL", fake.base_url)
    s = settings.with_(llm_backend="auto", openai_api_key=SECRET, base_url="http://unused/v1")
    b = select_backend(s)
    assert (b.name, b.model, b.judge_capable, b.notice) == ("openai", "gpt-4o-mini", True, None)
    assert fake.model_list_calls == 1  # the probe really ran


def test_auto_uses_the_compatible_server_and_its_first_model(settings, fake):
    b = select_backend(settings.with_(llm_backend="auto", base_url=fake.base_url + "/"))
    assert (b.name, b.model, b.base_url) == ("compatible", "fake-model", fake.base_url)
    assert b.judge_capable and "INTERVIEW_COACH_BASE_URL" in b.reason


def test_configured_model_wins_over_the_server_list(settings, fake):
    b = select_backend(settings.with_(llm_backend="auto", base_url=fake.base_url, model="m7"))
    assert b.model == "m7"


def test_auto_without_anything_is_none(settings, no_llama):
    b = select_backend(settings.with_(llm_backend="auto"))
    assert b.name == "none" and "xllamacpp is not installed" in b.reason
    assert b.notice is None  # nothing was asked for, so nothing to warn about


def test_auto_picks_local_when_installed_and_the_model_is_there(settings, monkeypatch):
    monkeypatch.setattr(localserver, "engine_installed", lambda: True)
    path = localserver.model_path(settings)
    path.parent.mkdir(parents=True)
    with path.open("wb") as f:  # sparse: the right size is all the cheap check looks at
        f.truncate(localserver.QWEN_1_5B.size)
    s = settings.with_(llm_backend="auto", local_port=free_port())
    b = select_backend(s)
    assert (b.name, b.model) == ("local", localserver.MODEL_ALIAS)
    assert b.base_url == f"http://127.0.0.1:{s.local_port}/v1"
    assert b.judge_capable is False
    assert select_backend(s.with_(judge="on")).judge_capable is True


def test_judge_setting_overrides(settings, fake):
    s = compatible(settings, fake)
    assert select_backend(s).judge_capable is True
    assert select_backend(s.with_(judge="off")).judge_capable is False


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"llm_backend": "openai"}, "OPENAI_API_KEY is not set"),
        ({"llm_backend": "compatible"}, "INTERVIEW_COACH_BASE_URL is not set"),
        ({"llm_backend": "local"}, "xllamacpp is not installed"),
    ],
)
def test_asked_for_but_unusable_falls_back_with_a_notice(settings, no_llama, changes, words):
    b = select_backend(settings.with_(local_port=free_port(), **changes))
    assert b.name == "none"
    assert words in b.notice and b.notice.endswith("Running in offline rules mode.")


def test_unreachable_server_gives_one_clear_notice(settings, caplog):
    url = f"http://127.0.0.1:{free_port()}/v1"
    s = settings.with_(llm_backend="compatible", base_url=url)
    with caplog.at_level(logging.WARNING):
        first, second = select_backend(s), select_backend(s)
    assert first.name == "none"
    assert first.notice.startswith(f"Could not reach the LLM at {url}: connection failed")
    assert first.notice.endswith("Running in offline rules mode.")
    assert second.notice == first.notice
    assert caplog.text.count("Could not reach") == 1  # logged once, not per call


def test_rejected_key_is_reported_without_the_key(settings, caplog):
    with FakeLLMServer(api_key="the-right-key") as fake, caplog.at_level(logging.DEBUG):
        b = select_backend(compatible(settings, fake, api_key=SECRET))
        reply_error = None
        try:
            make_llm(settings, fake, api_key=SECRET).chat(HI)
        except LLMError as exc:
            reply_error = str(exc)
    assert b.name == "none" and "API key was rejected (HTTP 401)" in b.notice
    assert reply_error is not None and "rejected the API key (HTTP 401)" in reply_error
    for text in (b.notice, b.reason, reply_error, caplog.text, json.dumps(b.to_dict())):
        assert SECRET not in text


def test_rejected_openai_key(settings, monkeypatch):
    with FakeLLMServer(api_key="the-right-key") as fake:
        monkeypatch.setattr(backends, "OPENAI_URL", fake.base_url)
        b = select_backend(settings.with_(llm_backend="openai", openai_api_key=SECRET))
    assert b.name == "none" and "rejected" in b.notice and SECRET not in b.notice


# --- calls -----------------------------------------------------------------------------------


def test_chat_returns_text_and_server_usage(settings, fake):
    fake.add("Thanks. What was the outcome?", Reply("Second.", usage=None))
    llm = make_llm(settings, fake)
    reply = llm.chat(HI, temperature=0.2, max_tokens=64)
    assert reply.text == "Thanks. What was the outcome?"
    assert (reply.prompt_tokens, reply.completion_tokens, reply.finish_reason) == (11, 7, "stop")
    counted = llm.chat(HI)  # no usage from the server: count the prompt ourselves
    assert counted.prompt_tokens > 10 and counted.completion_tokens > 0
    sent = fake.requests[0]
    assert sent["messages"] == HI and sent["temperature"] == 0.2
    # llama.cpp ignores max_completion_tokens, so compatible servers get max_tokens
    assert sent["max_tokens"] == 64 and "max_completion_tokens" not in sent


def test_openai_gets_max_completion_tokens(settings, fake, monkeypatch):
    monkeypatch.setattr(backends, "OPENAI_URL", fake.base_url)
    s = settings.with_(llm_backend="openai", openai_api_key=SECRET, llm_max_retries=0)
    fake.add("ok")
    LLM(select_backend(s, probe=False), s).chat(HI, max_tokens=33)
    assert fake.requests[0]["max_completion_tokens"] == 33
    assert fake.requests[0]["model"] == "gpt-4o-mini"


def test_stream_yields_chunks_that_join_to_the_reply(settings, fake):
    fake.add("Walk me through the result you measured.")
    llm = make_llm(settings, fake)
    chunks = list(llm.stream(HI))
    assert len(chunks) == 7 and "".join(chunks) == "Walk me through the result you measured."
    assert llm.last_reply.text == "".join(chunks) and fake.requests[0]["stream"] is True


def test_truncated_stream_raises_after_the_partial_text(settings, fake):
    fake.add(Reply("one two three four five", truncate_after=2))
    got: list[str] = []
    with pytest.raises(LLMError, match="broke off"):
        for chunk in make_llm(settings, fake).stream(HI):
            got.append(chunk)
    assert got == ["one ", "two "]


def test_rate_limit_then_success_honours_retry_after(settings, fake):
    fake.add(Reply(status=429, headers={"Retry-After": "1"}), "finally")
    start = time.monotonic()
    reply = make_llm(settings, fake, llm_max_retries=2).chat(HI)
    assert reply.text == "finally" and len(fake.requests) == 2
    assert time.monotonic() - start >= 0.9


def test_persistent_server_error_raises_within_bounded_time(settings):
    fast_500 = Reply(status=500, headers={"retry-after-ms": "20"})
    with FakeLLMServer(fallback=fast_500) as fake:
        start = time.monotonic()
        with pytest.raises(LLMError, match=r"failed with HTTP 500") as info:
            make_llm(settings, fake, llm_max_retries=2).chat(HI)
        assert len(fake.requests) == 3  # first try + 2 retries, then give up
    assert info.value.outage  # the caller stops asking this server for the step
    assert time.monotonic() - start < 5


def test_persistent_rate_limit(settings):
    with FakeLLMServer(fallback=Reply(status=429, headers={"retry-after-ms": "20"})) as fake:
        with pytest.raises(LLMError, match=r"\(HTTP 429\) after 1 retry\.") as info:
            make_llm(settings, fake, llm_max_retries=1).chat(HI)
        assert len(fake.requests) == 2
    assert info.value.outage


def test_stalled_server_times_out(settings, fake):
    fake.add(Reply("late", delay=10))
    start = time.monotonic()
    with pytest.raises(LLMError, match=r"did not answer within 0.3 s") as info:
        make_llm(settings, fake, llm_timeout=0.3).chat(HI)
    assert info.value.outage
    assert time.monotonic() - start < 3


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(raw=b'{"choices": [oops'), "malformed response"),
        (Reply(""), "empty reply"),
        (Reply(status=404), "has no model"),
        (Reply(status=400, raw=b'{"error": {"message": "context too long"}}'), "context too long"),
    ],
)
def test_bad_replies_become_llm_errors(settings, fake, reply, words):
    fake.add(reply)
    with pytest.raises(LLMError, match=words) as info:
        make_llm(settings, fake).chat(HI)
    assert "Traceback" not in str(info.value) and "\n" not in str(info.value)
    assert not info.value.outage  # the server is up: a later call in the step may work


def test_none_backend_has_no_llm(settings):
    backend, llm = open_llm(settings)
    assert backend.name == "none" and llm is None
    with pytest.raises(ValueError):
        LLM(backend, settings)


def test_open_llm_downgrades_when_the_local_server_fails(settings, monkeypatch):
    monkeypatch.setattr(localserver, "healthy", lambda url, timeout=1.0: True)

    def broken(_settings):
        raise localserver.LocalServerError("the server exited with code 1")

    monkeypatch.setattr(localserver, "ensure_server", broken)
    backend, llm = open_llm(settings.with_(llm_backend="local"))
    assert backend.name == "none" and llm is None
    assert "could not start" in backend.notice and "offline rules mode" in backend.notice


# --- JSON ------------------------------------------------------------------------------------


def test_json_sends_a_strict_schema_at_temperature_zero(settings, fake):
    fake.add('{"score": 2, "tip": "Quantify the result."}')
    result = make_llm(settings, fake).json(HI, SCHEMA, name="feedback")
    assert result == {"score": 2, "tip": "Quantify the result."}
    sent = fake.requests[0]
    assert sent["temperature"] == 0 and sent["max_tokens"] == 600
    assert sent["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "feedback", "schema": SCHEMA, "strict": True},
    }


def test_json_repairs_once(settings, fake):
    fake.add('{"score": 2, "tip": "unterminated', '{"score": 1, "tip": "Say I, not we."}')
    assert make_llm(settings, fake).json(HI, SCHEMA) == {"score": 1, "tip": "Say I, not we."}
    repair = fake.requests[1]["messages"]
    assert repair[:-2] == HI
    assert repair[-2] == {"role": "assistant", "content": '{"score": 2, "tip": "unterminated'}
    assert "not valid JSON" in repair[-1]["content"]


def test_json_missing_key_triggers_the_repair(settings, fake):
    fake.add('{"score": 1}', '{"score": 1, "tip": "t"}')
    assert make_llm(settings, fake).json(HI, SCHEMA)["tip"] == "t"
    assert "missing keys: tip" in fake.requests[1]["messages"][-1]["content"]


def test_json_gives_up_after_one_repair(settings, fake):
    fake.add("not json at all", '{"score": "high", "tip": "x"}', "never used")
    with pytest.raises(LLMError, match="valid JSON after one retry .score should be a integer"):
        make_llm(settings, fake).json(HI, SCHEMA)
    assert len(fake.requests) == 2


def test_json_cut_off_by_max_tokens_is_repaired(settings, fake):
    fake.add(Reply('{"score": 1, "tip": "aaaa', finish_reason="length"), '{"score":1,"tip":"b"}')
    assert make_llm(settings, fake).json(HI, SCHEMA, max_tokens=20) == {"score": 1, "tip": "b"}
    assert "20-token limit" in fake.requests[1]["messages"][-1]["content"]


def test_json_switches_to_json_object_when_json_schema_is_rejected(settings, fake):
    err = b'{"error": {"message": "body.response_format.type: must be text or json_object"}}'
    fake.add(Reply(status=400, raw=err), '{"score": 0, "tip": "t"}', '{"score": 1, "tip": "u"}')
    llm = make_llm(settings, fake)
    assert llm.json(HI, SCHEMA)["score"] == 0
    assert llm.json(HI, SCHEMA)["score"] == 1  # remembered: no second rejected request
    formats = [r["response_format"] for r in fake.requests]
    assert formats[0]["type"] == "json_schema"
    assert formats[1] == formats[2] == {"type": "json_object", "schema": SCHEMA}


def test_local_backend_checks_a_running_server_with_one_token_then_reuses_it(settings, fake):
    s = settings.with_(llm_backend="local", local_port=fake.port, llm_max_retries=0)
    backend = select_backend(s)  # a healthy server on the port: no install check needed
    assert backend.name == "local"
    fake.add("OK", '{"score": 2, "tip": "t"}')
    assert LLM(backend, s).json(HI, SCHEMA)["score"] == 2
    check, call = fake.requests
    assert check["max_tokens"] == 1 and check["model"] == localserver.MODEL_ALIAS
    assert call["response_format"]["type"] == "json_schema"  # llama.cpp's server enforces it
    assert call["model"] == localserver.MODEL_ALIAS


@pytest.mark.parametrize(
    "text",
    [
        '```json\n{"score": 1, "tip": "a"}\n```',
        'Here you go: {"score": 1, "tip": "a"} Hope it helps.',
        '{"score": 1, "tip": "a\x07"}',
        '{"score": 1, "tip": "line one\nline two"}',  # raw newline in a string (llama.cpp)
    ],
)
def test_parse_json_tolerates_fences_prose_and_control_characters(text):
    value = parse_json(text)
    check_schema(value, SCHEMA)
    assert value["score"] == 1 and value["tip"].startswith(("a", "line one"))


@pytest.mark.parametrize(
    ("value", "words"),
    [({"score": True, "tip": "x"}, "score should be a integer"), ({"tip": "x"}, "missing keys")],
)
def test_check_schema_rejects(value, words):
    with pytest.raises(ValueError, match=words):
        check_schema(value, SCHEMA)


# --- prompts ---------------------------------------------------------------------------------


def test_render_fills_placeholders_and_reports_missing_ones(settings, tmp_path: Path):
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "ask.md").write_text("You interview for $role at ${company}. Cost: $$5.\n")
    s = settings.with_(prompts_dir=prompts)
    assert (
        render("ask", s, role="SRE", company="Acme") == "You interview for SRE at Acme. Cost: $5.\n"
    )
    with pytest.raises(PromptError, match=r"needs a value for \$company"):
        render("ask", s, role="SRE")
    with pytest.raises(PromptError, match="not found"):
        load_prompt("missing", s)
    with pytest.raises(PromptError, match="invalid prompt name"):
        load_prompt("../secrets", s)


def test_prompt_cache_notices_edits(settings, tmp_path: Path):
    path = tmp_path / "p.md"
    path.write_text("first")
    s = settings.with_(prompts_dir=tmp_path)
    assert load_prompt("p", s) == "first"
    path.write_text("second version")
    assert load_prompt("p", s) == "second version"


# --- CLI -------------------------------------------------------------------------------------


def test_cli_backend_reports_selection(fake, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("INTERVIEW_COACH_BASE_URL", fake.base_url)
    assert cli.main(["backend", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["name"] == "compatible" and shown["model"] == "fake-model"
    assert cli.main(["backend"]) == 0
    out = capsys.readouterr().out
    assert "backend:   compatible" in out and f"base URL:  {fake.base_url}" in out


def test_cli_backend_shows_the_notice(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("INTERVIEW_COACH_LLM", "compatible")
    monkeypatch.setenv("INTERVIEW_COACH_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("INTERVIEW_COACH_API_KEY", SECRET)
    assert cli.main(["backend"]) == 0
    out = capsys.readouterr().out
    assert "backend:   none" in out and "notice:    Could not reach the LLM" in out
    assert SECRET not in out
