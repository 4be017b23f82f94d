"""Token counting works offline, with and without tiktoken's BPE files."""

from __future__ import annotations

import os

import pytest

from interview_coach import tokens

PROSE = (
    "Tell me about a time you disagreed with a stakeholder about priorities. "
    "I was the on-call lead when our checkout latency doubled, so I paged the "
    "database team, rolled back the release within 12 minutes and wrote the postmortem."
)


@pytest.mark.skipif(not os.environ.get("TIKTOKEN_CACHE_DIR"), reason="no shared tiktoken cache")
def test_tiktoken_counts_exactly_from_the_shared_cache():
    tokens._encoding.cache_clear()
    assert tokens.counter_name() == "o200k_base"
    assert tokens.count_tokens("hello world") == 2


def test_estimate_is_within_fifteen_percent_of_o200k():
    tokens._encoding.cache_clear()
    if tokens.counter_name() != "o200k_base":
        pytest.skip("needs the real encoding to compare against")
    exact = tokens.count_tokens(PROSE)
    assert abs(tokens.estimate_tokens(PROSE) - exact) / exact < 0.15


def test_missing_bpe_files_fall_back_to_the_estimate(monkeypatch, tmp_path, caplog):
    import tiktoken.registry

    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})  # forget encodings already loaded
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))  # empty cache, network blocked
    tokens._encoding.cache_clear()
    try:
        with caplog.at_level("WARNING"):
            n = tokens.count_tokens(PROSE)
        assert n == tokens.estimate_tokens(PROSE)
        assert tokens.counter_name() == "estimate"
        assert "estimate" in caplog.text
    finally:
        tokens._encoding.cache_clear()


def test_message_tokens_include_framing():
    msgs = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]
    assert tokens.count_message_tokens(msgs) > tokens.count_tokens("Be brief.Hi")
