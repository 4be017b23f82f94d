"""Crash safety of the real app process: ``kill -9`` mid-session loses nothing that was answered.

``interview-coach serve`` runs as a subprocess on a throwaway data folder and is driven with
gradio_client like any script would. It is killed twice: once right after an answer was
sent (the answer may or may not have been stored, but never half of it), and once while an
answer is certainly in flight (the LLM it waits on is stalled on purpose). Each restart must
show every acknowledged answer with its evaluation, and the session must carry on to its
report. SQLite must be in WAL mode and pass ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fakes import Reply
from sample_session import STAR_ANSWERS
from test_faults import FaultyLLMServer, on

from interview_coach.models import SessionRecord, StarEvaluation
from interview_coach.storage import Store

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

PANEL = "Priya Ramanathan, Director of Engineering"
ALL_ANSWERS = STAR_ANSWERS
START_TIMEOUT = 90.0  # gradio's import alone takes ~5 s; a loaded CI box is much slower


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command() -> list[str]:
    script = Path(sys.executable).parent / "interview-coach"
    return [str(script)] if script.exists() else [sys.executable, "-m", "interview_coach.cli"]


@contextmanager
def serving(data_dir: Path, log: Path, **env: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """``interview-coach serve`` until the block ends (or the test kills it first)."""
    port = free_port()
    environ = {
        **os.environ,
        "INTERVIEW_COACH_DATA_DIR": str(data_dir),
        "INTERVIEW_COACH_LLM": "none",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        **env,
    }
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [*command(), "serve", "--port", str(port)],
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"serve exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"serve did not answer within {START_TIMEOUT:g} s")
            time.sleep(0.2)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False, download_files=False)


def kill9(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


def said(record: SessionRecord) -> list:
    return [t for t in record.turns if t.speaker == "candidate"]


def check_database(
    db: Path, acknowledged: list[str], pending: str = "", *, maybe: bool = False
) -> SessionRecord:
    """The turns on disk: whole steps only, every acknowledged answer with its evaluation.

    ``pending`` is an answer sent while the LLM was still writing the reply when the server
    died: it must be stored (as the last turn, waiting for its reply). With ``maybe`` the
    kill may also have come before it was stored, or after its step was saved whole.
    """
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    store = Store(f"sqlite:///{db}")
    try:
        (record,) = store.list_sessions()
    finally:
        store.close()
    turns = record.turns
    assert [t.index for t in turns] == list(range(len(turns)))  # no gap, no duplicate
    if pending and (not maybe or record.engine.get("pending") is not None):
        assert turns[-1].speaker == "candidate" and turns[-1].text == pending
        assert record.engine.get("pending") == len(turns) - 1
        turns = turns[:-1]
    answers = [t for t in turns if t.speaker == "candidate"]
    texts = [t.text for t in answers]
    assert texts[: len(acknowledged)] == acknowledged
    assert len(texts) <= len(acknowledged) + 1  # at most the one sent before the kill
    for i, turn in enumerate(turns):
        if turn.speaker == "candidate":  # a step is stored whole: the reply came with it
            assert i + 1 < len(turns) and turns[i + 1].speaker == "interviewer", texts
        if turn.kind == "answer" and turn.question_id:  # an answer to a question is scored
            ev = turn.evaluation
            assert isinstance(ev, StarEvaluation), ev
            assert ev.scorer == "rules" and ev.word_count > 50
            assert set(ev.components) == {"situation", "task", "action", "result"}
    assert turns[-1].speaker == "interviewer"
    return record


def test_kill_9_mid_session_loses_no_answer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = data / "sessions.db"
    log = tmp_path / "serve.log"
    acknowledged: list[str] = []

    # 1. rules mode: start, two answers, then kill -9 just after sending a third
    with serving(data, log) as (url, proc):
        c = client(url)
        started = c.predict(
            role="Senior Software Engineer",
            company="Quaylift Robotics",
            job_description="Own services in production, lead postmortems, mentor engineers.",
            interviewers=PANEL,
            num_questions=3,
            mix="behavioural",
            api_name="/start_session",
        )
        sid = started["session_id"]
        for text in ALL_ANSWERS[:2]:
            out = c.predict(session_id=sid, text=text, api_name="/answer")
            assert out["evaluation"]["scorer"] == "rules" and not out["done"]
            acknowledged.append(text)
        c.submit(session_id=sid, text=ALL_ANSWERS[2], api_name="/answer")
        time.sleep(0.05)
        kill9(proc)
    record = check_database(db, acknowledged, pending=ALL_ANSWERS[2], maybe=True)
    if record.engine.get("pending") is not None:
        # killed between storing the answer and writing its reply: sent again, it finishes
        with serving(data, log) as (url, _proc):
            out = client(url).predict(session_id=sid, text=ALL_ANSWERS[2], api_name="/answer")
            assert out["reply"] and not out["done"]
        acknowledged.append(ALL_ANSWERS[2])
    elif len(said(record)) > len(acknowledged):  # it made it to disk before the kill: whole
        acknowledged.append(said(record)[-1].text)

    # 2. an LLM that never answers: kill -9 while the answer is certainly in flight
    with FaultyLLMServer() as fake:
        fake.fault = on({"json", "text", "stream"}, Reply("late", delay=60))
        env = {
            "INTERVIEW_COACH_LLM": "compatible",
            "INTERVIEW_COACH_BASE_URL": fake.base_url,
            "INTERVIEW_COACH_LLM_TIMEOUT": "60",
        }
        with serving(data, log, **env) as (url, proc):
            c = client(url)
            pending = (
                "Last year our builds took forty minutes and engineers batched changes to avoid "
                "them. I was asked to cut that before the spring release. I measured where the "
                "time went, split the test suite across eight runners, cached dependencies and "
                "removed two duplicate integration stages. Build times fell from forty minutes "
                "to eleven, and we shipped twice as many small changes the following month."
            )
            c.submit(session_id=sid, text=pending, api_name="/answer")
            deadline = time.monotonic() + 30
            while not fake.log and time.monotonic() < deadline:
                time.sleep(0.05)
            assert fake.log, "the answer never reached the LLM"
            kill9(proc)
    record = check_database(db, acknowledged, pending=pending)  # stored before the LLM call

    # 3. restart in rules mode and finish the interview from where it stopped
    with serving(data, log) as (url, _proc):
        c = client(url)
        (listed,) = c.predict(api_name="/history")
        assert listed["session_id"] == sid and listed["status"] == "active"
        out = c.predict(session_id=sid, text=pending, api_name="/answer")  # sent again
        assert out["reply"]  # ...finishes its step instead of storing it twice
        acknowledged.append(pending)
        state = out["state"]
        for n in range(8):
            if state == "candidate_questions":
                text = "No questions from me, thank you."
            else:
                text = f"{ALL_ANSWERS[n % len(ALL_ANSWERS)]} (after restart, {n})"
            out = c.predict(session_id=sid, text=text, api_name="/answer")
            state = out["state"]
            acknowledged.append(text)
            if out["done"]:
                break
        assert out["done"]
        report = c.predict(session_id=sid, api_name="/finish")["report_markdown"]
        assert report.startswith("# Interview feedback: Senior Software Engineer at Quaylift")
        assert "820 ms" in report  # the first answer, given before both crashes, is in it
    record = check_database(db, acknowledged)
    assert [t.text for t in said(record)] == acknowledged
    assert record.status == "finished"
