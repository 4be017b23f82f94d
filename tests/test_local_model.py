"""The embedded model for real: a full practice session without one failed call, and a kill.

These start xllamacpp's llama.cpp server with the packaged Qwen2.5-Coder-1.5B on a free port,
one thread, exactly as ``make run-local`` does. They need the model file that
``make run-local`` (``interview-coach prepare-local``) assembles; where it is absent (a fresh
CI machine) they are skipped with that reason, shown by ``-ra``. Where the model is present
and xllamacpp is not, they fail: that is a broken install, not a missing model.

Timeouts are generous (600 s a call) because the machines that run them are shared and
loaded; the point here is that no call fails, not how fast it is (``benchmarks/first_token.py``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interview_coach.config import Settings, load_settings
from interview_coach.llm import localserver as ls
from interview_coach.llm.client import LLM, Backend
from interview_coach.models import PanelMember, SessionSetup
from interview_coach.session import Coach

MODEL = ls.model_path(load_settings())  # INTERVIEW_COACH_DATA_DIR, else ~/.interview-coach

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (MODEL.is_file() and MODEL.stat().st_size == ls.QWEN_1_5B.size),
        reason=f"the local model is not at {MODEL} (run `make run-local` once to assemble it)",
    ),
]

WEAK = (
    "At my last job the release process was slow and painful. I was asked to speed it up. "
    "I wrote scripts to automate the build and talked to every team about their steps."
)
WEAK_REPLY = "Builds went from 40 minutes to 9, and we released weekly instead of monthly."
ANSWERS = [WEAK, WEAK_REPLY, "How does on-call work for the team?", "No, that's all."]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def data_dir_with_model(tmp_path: Path) -> Path:
    """A fresh data folder holding (links to) the verified model and its hash record."""
    assert ls.engine_installed(), "the model is present but xllamacpp is not: pip install .[local]"
    models = tmp_path / "data" / "models"
    models.mkdir(parents=True)
    for name in (MODEL.name, MODEL.name + ".verified"):
        if (MODEL.parent / name).exists():
            (models / name).symlink_to(MODEL.parent / name)
    return tmp_path / "data"


def test_a_full_practice_session_makes_every_llm_call_without_failure(tmp_path: Path):
    data = data_dir_with_model(tmp_path)
    answers = tmp_path / "answers.txt"
    answers.write_text("\n\n".join(ANSWERS) + "\n", encoding="utf-8")
    env = dict(
        os.environ,
        INTERVIEW_COACH_DATA_DIR=str(data),
        INTERVIEW_COACH_LLM="local",
        INTERVIEW_COACH_LOCAL_PORT=str(free_port()),
        INTERVIEW_COACH_THREADS="1",
        INTERVIEW_COACH_LLM_TIMEOUT="600",
    )
    cmd = [sys.executable, "-m", "interview_coach.cli", "practice", "--company",
           "Quaylift Robotics", "--role", "Senior Software Engineer", "--questions", "1",
           "--interviewer", "Priya Ramanathan, Director of Engineering",
           "--mix", "behavioural", "--seed", "0", "--answers", str(answers), "--json"]  # fmt: skip
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    usage = result["llm"]
    assert usage["backend"] == "local" and usage["model"] == ls.MODEL_ALIAS
    assert usage["failed"] == 0 and usage["restarts"] == 0 and usage["down"] is None, usage
    assert usage["calls"] >= 3  # the welcome, the tailored question, the probe (the reply)
    kinds = [t["kind"] for t in result["turns"]]
    assert kinds[0] == "greeting" and kinds[-1] == "wrap_up" and "probe" in kinds
    notes = [n for t in result["turns"] for n in t["notes"]]
    assert not [n for n in notes if "unavailable" in n and "AI interviewer" in n], notes
    # the child server the CLI started is gone with it
    assert not ls.healthy(f"http://127.0.0.1:{env['INTERVIEW_COACH_LOCAL_PORT']}/v1")


class NoResearch:
    def search(self, *a: object, **kw: object) -> list:
        return []


def test_the_real_server_killed_mid_session_is_restarted_and_nothing_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    port = free_port()
    settings = Settings(
        llm_backend="local",
        local_port=port,
        data_dir=data_dir_with_model(tmp_path),
        threads=1,
        llm_timeout=600,
        llm_max_retries=0,
        judge="off",
    )
    server = ls.LocalServer(settings, completion_timeout=300)
    monkeypatch.setitem(ls._servers, port, server)
    llm = LLM(Backend("local", ls.MODEL_ALIAS, server.base_url, reason="test"), settings)
    coach = Coach(settings, llm=llm, knowledge=NoResearch())
    setup = SessionSetup(
        role="Backend Engineer",
        company="Quaylift Robotics",
        interviewers=[PanelMember("Priya Ramanathan", "Director of Engineering")],
        num_questions=1,
        mix="behavioural",  # a STAR question, so a weak answer earns a probe
    )
    try:
        step = coach.start(setup)
        assert llm.watch.calls >= 2 and llm.watch.failed == 0, step.notes
        assert any("one-token completion answered" in c for c in server.checks)
        first = server.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        while server.exit_code() is None:
            time.sleep(0.05)

        step = coach.answer(step.session_id, WEAK)  # the next turn restarts it
        assert server.restarts == 1 and server.pid != first and server.down is None
        assert llm.watch.failed == 0 and step.notes == [], step.notes
        assert step.turns[-1].kind == "probe" and step.turns[-1].prompt_tokens > 0
        record = coach.get(step.session_id)
        assert [t.text for t in record.turns if t.speaker == "candidate"] == [WEAK]
    finally:
        server.stop()
