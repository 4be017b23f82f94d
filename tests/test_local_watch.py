"""The watched local server: a server killed mid-session is restarted once, then given up on.

A fake OpenAI-compatible server script (``fakes.py`` run as a process) stands in for the
llama.cpp child so it can be killed on cue and made to crash on its first completion, the
way the non-portable source build did. The real model gets the same treatment in
``test_local_model.py`` where the model file is present.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sample_session import STAR_ANSWERS

from interview_coach.config import Settings
from interview_coach.llm import localserver as ls
from interview_coach.llm.client import LLM, OFFLINE_NOTICE, Backend, LLMError
from interview_coach.models import PanelMember, SessionSetup
from interview_coach.session import Coach

FAKES = Path(__file__).with_name("fakes.py")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fake_command(port: int, *extra: str) -> list[str]:
    return [sys.executable, str(FAKES), "--port", str(port), *extra]


class NoResearch:
    def search(self, *a: Any, **kw: Any) -> list:
        return []


def kill(server: ls.LocalServer) -> None:
    assert server.pid is not None
    os.kill(server.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while server.exit_code() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.exit_code() == -signal.SIGKILL


@pytest.fixture
def watched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    port = free_port()
    settings = Settings(
        llm_backend="local",
        local_port=port,
        data_dir=tmp_path / "data",
        llm_timeout=5,
        llm_max_retries=0,
        judge="off",
    )
    server = ls.LocalServer(settings, command=fake_command(port), completion_timeout=5)
    monkeypatch.setitem(ls._servers, port, server)
    llm = LLM(Backend("local", ls.MODEL_ALIAS, server.base_url, reason="test"), settings)
    yield settings, server, llm
    server.stop()


def setup() -> SessionSetup:
    return SessionSetup(
        role="Backend Engineer",
        company="Quaylift Robotics",
        interviewers=[PanelMember("Priya Ramanathan", "Director of Engineering")],
        num_questions=3,
        mix="behavioural",  # tailored questions: every turn calls the model
    )


def test_a_killed_server_is_restarted_then_given_up_on_with_one_notice(watched):
    settings, server, llm = watched
    coach = Coach(settings, llm=llm, knowledge=NoResearch())
    step = coach.start(setup())
    assert llm.watch.calls >= 1 and llm.watch.failed == 0 and server.restarts == 0
    first_pid = server.pid

    kill(server)  # dies between turns: the next call notices and restarts it
    step = coach.answer(step.session_id, STAR_ANSWERS[0])
    assert server.restarts == 1 and server.pid != first_pid and server.down is None
    assert step.notes == [] and llm.watch.failed == 0
    assert any("restarted after it exited with code -9" in c for c in server.checks)

    # Dies again, and now the restarted server crashes on its first completion.
    server._command = fake_command(server.port, "--crash-on-completion")
    kill(server)
    step = coach.answer(step.session_id, STAR_ANSWERS[1])
    assert server.down == (
        "it exited with code -9, and the restart failed: "
        "the local LLM server exited with code 139 on its first completion"
    )
    assert step.notes == [OFFLINE_NOTICE.format(reason=server.down)]
    assert step.evaluation is not None and step.evaluation.scorer  # rules still score
    calls = llm.watch.calls

    step = coach.answer(step.session_id, STAR_ANSWERS[2])  # offline: no call, no second note
    assert step.notes == [] and llm.watch.calls == calls and step.evaluation is not None

    record = coach.get(step.session_id)
    said = [t.text for t in record.turns if t.speaker == "candidate"]
    assert said == STAR_ANSWERS[:3]  # nothing typed was lost
    notes = [n for t in record.turns for n in t.notes]
    assert notes.count(OFFLINE_NOTICE.format(reason=server.down)) == 1
    assert record.engine["llm_offline"] == server.down
    usage = llm.usage()
    assert usage["restarts"] == 2 and usage["down"] == server.down
    assert usage["failed"] >= 1 and usage["backend"] == "local"


def test_a_server_that_crashes_on_its_first_completion_fails_the_start_check(watched):
    settings, server, _llm = watched
    server._command = fake_command(server.port, "--crash-on-completion")
    with pytest.raises(ls.LocalServerError, match="exited with code 139 on its first completion"):
        server.start()
    assert not server.running


def test_a_slow_but_live_server_is_not_restarted(watched, monkeypatch):
    settings, server, llm = watched
    server.start()
    pid = server.pid

    assert not llm.watch.recover(LLMError("timed out", outage=True))  # still completes a token
    assert server.pid == pid and server.restarts == 0


def test_the_status_line_says_when_the_model_is_down(watched):
    from interview_coach.web.render import status_markdown

    _settings, server, llm = watched
    assert status_markdown(llm.backend, "local", llm).startswith("**AI interviewer on**")
    server.down = "it exited with code -9, and the restart failed: no memory"
    line = status_markdown(llm.backend, "local", llm)
    assert line.startswith("**AI model down** (it exited with code -9, and the restart failed")
    assert "built-in questions" in line


def test_warm_up_reads_the_instructions_every_session_starts_with(tmp_path: Path):
    from fakes import FakeLLMServer

    with FakeLLMServer(fallback="OK") as fake:
        settings = Settings(
            llm_backend="compatible",
            base_url=fake.base_url,
            model="fake-model",
            data_dir=tmp_path / "data",
            llm_timeout=5,
            llm_max_retries=0,
            judge="off",
        )
        llm = LLM(Backend("compatible", "fake-model", fake.base_url, reason="test"), settings)
        coach = Coach(settings, llm=llm, knowledge=NoResearch())
        thread = coach.warm_up()
        assert thread is not None
        thread.join()
        (warm,) = fake.requests
        shared = warm["messages"][0]["content"]
        other = SessionSetup(
            role="Data Analyst",
            company="Acme Analytics",
            style="tough",
            interviewers=[PanelMember("Tomasz Kowalczyk", "Staff Engineer")],
            num_questions=1,
            mix="behavioural",
        )
        coach.start(setup())
        coach.start(other)
    systems = {r["messages"][0]["content"] for r in fake.requests[1:]}
    assert len(systems) == 2  # two sessions, two system prompts...
    assert all(s.startswith(shared) for s in systems)  # ...that share the warmed prefix
    assert len(shared) > 0.85 * max(len(s) for s in systems)
    assert "$" not in shared and "Quaylift" not in shared and "Priya" not in shared


def test_no_model_no_warm_up(tmp_path: Path):
    settings = Settings(llm_backend="none", data_dir=tmp_path / "data")
    assert Coach(settings, llm=None, knowledge=NoResearch()).warm_up() is None


def test_the_backend_command_says_what_was_checked(watched, monkeypatch, capsys):
    import re

    from interview_coach.cli.commands import main

    settings, server, _llm = watched
    server.start()
    monkeypatch.setenv("INTERVIEW_COACH_LLM", "local")
    monkeypatch.setenv("INTERVIEW_COACH_LOCAL_PORT", str(server.port))
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(settings.data_dir))
    assert main(["backend"]) == 0
    out = capsys.readouterr().out
    assert "backend:   local" in out and f"model:     {ls.MODEL_ALIAS}" in out
    assert re.search(
        r"checked:   (server started \(pid \d+\), model loaded in [\d.]+ s, "
        r"a one-token completion answered in [\d.]+ s"
        r"|.* on port \d+ completed a token in [\d.]+ s)",
        out,
    ), out
