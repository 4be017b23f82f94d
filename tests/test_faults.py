"""Fault injection end to end: a practice session keeps going whatever the LLM server does.

A real :class:`Coach` (and once, the app's HTTP API) talks through the real ``LLM`` class to a
fake OpenAI-compatible server that answers sensibly until a test switches on a fault: a
stall, rate limits, server errors, malformed JSON, a stream that breaks off or stalls, a
rejected key. For each fault the step must come back within a bounded time after a bounded
number of requests, say what went wrong in a note, keep the candidate's turn on disk with
its rules-based STAR evaluation, and let the next question follow. The last tests check
that an API key never shows up in logs, notices, the database, reports or exceptions.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeLLMServer, Reply
from sample_session import STAR_ANSWERS

from interview_coach.config import Settings
from interview_coach.knowledge.store import KnowledgeStore
from interview_coach.llm.client import LLM, Backend, LLMError, select_backend
from interview_coach.models import COMPONENTS, PanelMember, SessionSetup, StarEvaluation
from interview_coach.session import Coach, Step
from interview_coach.storage import Store

pytestmark = pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword)")

ROOT = Path(__file__).resolve().parents[1]
SECRET = "sk-test-SECRET-1234"
TIMEOUT = 1.0  # llm_timeout for these tests: a stall costs about a second per attempt
RETRIES = 1  # llm_max_retries: each call is tried at most twice
ATTEMPTS = RETRIES + 1
BACKOFF = 1.0  # openai's first retry waits 0.375-0.5 s; generous for a loaded machine
SLACK = 4.0  # rules scoring, SQLite, Chroma search on a busy 2-core box
COMPANY = "Quaylift Robotics"
ANSWERS = STAR_ANSWERS[:2]
HEALTHY_TEXT = "Thanks for that. Could you tell me about a time you improved a system you owned?"


# --- a fake server that is healthy until told otherwise ----------------------------------------


@dataclass
class Stall(Reply):
    """A stream that sends ``after`` chunks, then goes silent with the connection open."""

    after: int = 2
    hold: float = 30.0


def kind_of(body: dict) -> str:
    if body.get("response_format"):
        return "json"
    return "stream" if body.get("stream") else "text"


def fill(schema: dict) -> Any:
    """The smallest value that satisfies a (simple) JSON schema."""
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        return {k: fill(v) for k, v in schema.get("properties", {}).items()}
    return {"array": [], "string": "", "integer": 0, "number": 0.0, "boolean": False}.get(kind)


def healthy(body: dict) -> Reply:
    """A well-behaved model: judge scores backed by real quotes, valid JSON, one question."""
    if kind_of(body) != "json":
        return Reply(HEALTHY_TEXT)
    fmt = body["response_format"]
    schema = fmt.get("json_schema", {}).get("schema") or fmt.get("schema") or {}
    props = schema.get("properties", {})
    if "situation" in props:  # the STAR judge: quote the answer it was given
        answer = json.loads(body["messages"][-1]["content"])["answer"]
        quote = " ".join(answer.split()[:8])
        part = {"score": 2, "quotes": [quote], "reason": "clear"}
        return Reply(json.dumps({c: part for c in ("situation", "task", "action", "result")}))
    return Reply(json.dumps(fill(schema)))


class FaultyLLMServer(FakeLLMServer):
    """Answers like a good model; ``fault`` (a function of the request) injects failures.

    Error bodies echo the bearer token the client sent, as some servers and proxies do, so
    the key-leak tests check that our side scrubs it.
    """

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.fault: Callable[[dict], Reply | None] = lambda body: None
        self.log: list[tuple[str, float]] = []  # (kind, time) of each chat request
        base = self._httpd.RequestHandlerClass
        fake = self

        class Handler(base):  # type: ignore[misc, valid-type]
            def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
                if status >= 400:
                    seen = self.headers.get("Authorization", "")
                    body = body.replace(b"}}", f', "sent": "{seen}"}}}}'.encode(), 1)
                super()._send(status, body, headers)

            def _answer(self, reply: Reply, body: dict) -> None:
                reply = fake.choose(body)
                if reply.delay:
                    fake.wait(reply.delay)
                if not (isinstance(reply, Stall) and body.get("stream")):
                    return super()._answer(reply, body)
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for piece in reply.text.split()[: reply.after]:
                    delta = {"role": "assistant", "content": piece + " "}
                    event = {"choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                fake.wait(reply.hold)

        self._httpd.RequestHandlerClass = Handler

    def next_reply(self) -> Reply:
        return Reply()  # placeholder: the handler asks choose() with its own request

    def choose(self, body: dict) -> Reply:
        """The reply to this request: a fault if one applies, else a healthy answer.

        Decided from the request itself (not the shared ``requests`` list), so concurrent
        clients (benchmarks/load.py) each get the right kind of answer.
        """
        with self._lock:
            self.log.append((kind_of(body), time.monotonic()))
            fault = self.fault(body)
        return fault or healthy(body)

    def count(self, since: int, kind: str | None = None) -> int:
        return sum(1 for k, _ in self.log[since:] if kind in (None, k))


def on(kinds: set[str], reply: Reply, times: int | None = None) -> Callable[[dict], Reply | None]:
    """Fail requests of these kinds with ``reply``: always, or the first ``times`` of each kind."""
    left: dict[str, int] = {}

    def fault(body: dict) -> Reply | None:
        kind = kind_of(body)
        if kind not in kinds:
            return None
        if times is not None:
            left[kind] = left.get(kind, times) - 1
            if left[kind] < 0:
                return None
        return reply

    return fault


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def research(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeStore:
    settings = Settings(llm_backend="none", data_dir=tmp_path_factory.mktemp("kb") / "data")
    store = KnowledgeStore(settings)
    store.ingest_text(
        "# Quaylift\n\n## Engineering\n\nQuaylift runs a weekly on-call rota and blameless "
        "postmortems; its robots move 40,000 parcels a day.",
        "notes",
        COMPANY,
    )
    return store


@pytest.fixture
def fake():
    with FaultyLLMServer() as server:
        yield server


def llm_settings(tmp_path: Path, base_url: str, **changes: Any) -> Settings:
    values: dict[str, Any] = dict(
        llm_backend="compatible",
        base_url=base_url,
        model="fake-model",
        api_key=SECRET,
        llm_timeout=TIMEOUT,
        llm_max_retries=RETRIES,
        data_dir=tmp_path / "data",
    )
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


def make_coach(
    tmp_path: Path, fake: FaultyLLMServer, research: KnowledgeStore, name: str = "compatible"
) -> Coach:
    settings = llm_settings(tmp_path, fake.base_url, openai_api_key=SECRET)
    backend = Backend(name, "fake-model", fake.base_url, reason="test", judge_capable=True)
    return Coach(settings, llm=LLM(backend, settings), knowledge=research)


def setup(questions: int = 2) -> SessionSetup:
    return SessionSetup(
        role="Senior Software Engineer",
        company=COMPANY,
        seniority="senior",
        job_description="Own services in production, lead postmortems, mentor engineers.",
        interviewers=[PanelMember("Priya Ramanathan", "Director of Engineering")],
        num_questions=questions,
        mix="behavioural",  # the faults are injected into STAR scoring and tailored questions
    )


# --- one fault per test ---------------------------------------------------------------------


@dataclass
class Case:
    fault: Callable[[], Callable[[dict], Reply | None]]
    stream: bool  # answer with on_token, so the interviewer's words are streamed
    requests: dict[str, int]  # requests of each kind during the faulty step
    seconds: tuple[float, float]  # the faulty step takes at least / at most this long
    judge_note: str | None  # words of the evaluation's note when the judge failed
    step_note: str | None  # words of the interviewer's note when phrasing failed


NOT_JSON = Reply("Sure! Here is my assessment: the candidate did well overall.")
CASES = {
    "stall": Case(
        lambda: on({"json", "text"}, Reply("late", delay=30)),
        stream=False,
        requests={"json": ATTEMPTS},  # the judge finds the outage; phrasing does not retry it
        seconds=(ATTEMPTS * TIMEOUT, ATTEMPTS * TIMEOUT + RETRIES * BACKOFF),
        judge_note="did not answer within 1 s",
        step_note="did not answer within 1 s",
    ),
    "429 then success": Case(
        lambda: on({"json", "text"}, Reply(status=429, headers={"Retry-After": "1"}), times=1),
        stream=False,
        requests={"json": 2, "text": 2},  # one refusal each, then the answer
        seconds=(2 * 1.0, 2 * 1.0 + BACKOFF),
        judge_note=None,
        step_note=None,
    ),
    "persistent 429": Case(
        lambda: on({"json", "text"}, Reply(status=429, headers={"Retry-After": "1"})),
        stream=False,
        requests={"json": ATTEMPTS},
        seconds=(RETRIES * 1.0, RETRIES * (1.0 + BACKOFF)),
        judge_note="rate-limiting requests (HTTP 429)",
        step_note="rate-limiting requests (HTTP 429)",
    ),
    "500": Case(
        lambda: on({"json", "text"}, Reply(status=500)),
        stream=False,
        requests={"json": ATTEMPTS},
        seconds=(0.0, RETRIES * BACKOFF),
        judge_note="HTTP 500",
        step_note="HTTP 500",
    ),
    "malformed JSON content": Case(
        lambda: on({"json"}, NOT_JSON),
        stream=False,
        requests={"json": 2, "text": 1},  # the one repair attempt, no HTTP retries
        seconds=(0.0, 0.0),
        judge_note="did not return valid JSON after one retry",
        step_note=None,
    ),
    "malformed response body": Case(
        lambda: on({"json"}, Reply(raw=b'{"choices": [{"message": oops')),
        stream=False,
        requests={"json": 1, "text": 1},
        seconds=(0.0, 0.0),
        judge_note="malformed response",
        step_note=None,
    ),
    "truncated stream": Case(
        lambda: on({"stream"}, Reply(HEALTHY_TEXT, truncate_after=3)),
        stream=True,
        requests={"json": 1, "stream": 1},
        seconds=(0.0, 0.0),
        judge_note=None,
        step_note="broke off",
    ),
    "stalled stream": Case(
        lambda: on({"stream"}, Stall(HEALTHY_TEXT, after=3)),
        stream=True,
        requests={"json": 1, "stream": 1},  # a half-read stream is not retried
        seconds=(TIMEOUT, 3 * TIMEOUT),
        judge_note=None,
        step_note="did not answer within 1 s",
    ),
}


SLOW = {"stall"}


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=[pytest.mark.slow] if n in SLOW else []) for n in CASES]
)
def test_a_fault_costs_bounded_time_and_the_session_goes_on(
    name: str, tmp_path: Path, fake: FaultyLLMServer, research: KnowledgeStore
) -> None:
    case = CASES[name]
    coach = make_coach(tmp_path, fake, research)
    first = coach.start(setup(), user="ann", seed="faults")
    sid = first.session_id
    assert not first.notes, first.notes  # the healthy fake really is healthy

    previews: list[str] = []
    fake.fault = case.fault()
    since, t0 = len(fake.log), time.monotonic()
    step = coach.answer(sid, ANSWERS[0], "ann", on_token=previews.append if case.stream else None)
    elapsed = time.monotonic() - t0
    fake.fault = lambda body: None

    # bounded: exactly the attempts the settings allow, within the time they imply
    for kind, n in case.requests.items():
        assert fake.count(since, kind) == n, (kind, fake.log[since:])
    assert fake.count(since) == sum(case.requests.values())
    low, high = case.seconds
    assert low <= elapsed <= high + SLACK, f"{name}: {elapsed:.2f} s"

    # visible: the judge's failure on the evaluation, the interviewer's on the step and turn
    ev = step.evaluation
    assert isinstance(ev, StarEvaluation) and set(ev.components) == set(COMPONENTS)
    if case.judge_note:
        assert ev.scorer == "rules" and ev.judge is None
        assert any(case.judge_note in n for n in ev.notes), ev.notes
    else:
        assert ev.scorer == "llm+rules", ev.notes
    asked = step.turns[-1]  # a probe when the rules alone find a part thin, else question 2
    assert asked.kind in ("probe", "question") and asked.question_id and asked.text.strip()
    if case.step_note:
        assert any(case.step_note in n for n in step.notes), step.notes
        # on the interviewer's turn when phrasing failed, on the answer when the judge did
        noted = [*step.turns[0].notes, *asked.notes]
        assert any("AI interviewer was unavailable" in n for n in noted), noted
        assert asked.prompt_tokens == 0  # the template spoke, not the model
    else:
        assert not step.notes and not asked.notes
        assert asked.prompt_tokens > 0
    if case.stream:
        assert previews  # the watcher saw words before the stream failed...
        assert "".join(previews).strip() != asked.text  # ...and the stored turn replaced them

    # kept: a fresh connection reads the answer, its evaluation and the notices from disk
    record = Store(coach.settings.db_url).get_session(sid, "ann")
    stored = [t for t in record.turns if t.speaker == "candidate"]
    assert [t.text for t in stored] == [ANSWERS[0]]
    assert stored[0].evaluation == ev
    assert record.turns[-1].text == asked.text and record.turns[-1].notes == asked.notes

    # and the interview continues normally once the server behaves again
    nxt = coach.answer(sid, ANSWERS[1], "ann")
    assert nxt.evaluation and nxt.evaluation.scorer == "llm+rules"
    assert nxt.turns[-1].kind == "question" and not nxt.notes
    assert nxt.asked == 2 or nxt.state == "candidate_questions"


def test_a_whole_session_on_a_dead_server_uses_rules_and_templates(
    tmp_path: Path, research: KnowledgeStore
) -> None:
    """The server vanishes after start: every later step falls back, nothing is lost."""
    with FaultyLLMServer() as fake:
        coach = make_coach(tmp_path, fake, research)
        sid = coach.start(setup(), user="ann").session_id
    steps: list[Step] = []
    t0 = time.monotonic()
    for text in [*ANSWERS, *ANSWERS, "No questions from me, thanks."]:
        if steps and steps[-1].state == "candidate_questions":
            text = "No questions from me, thanks."
        steps.append(coach.answer(sid, text, "ann"))
        if steps[-1].done:
            break
    elapsed = time.monotonic() - t0
    # one call a step: the judge meets the outage, then the templates speak
    assert elapsed <= len(steps) * RETRIES * BACKOFF + SLACK, elapsed
    assert steps[-1].done and steps[-1].state == "done"
    scored = [s.evaluation for s in steps if s.evaluation]
    assert len(scored) >= 2 and all(ev.scorer == "rules" for ev in scored)
    assert all(any("Could not reach" in n for n in ev.notes) for ev in scored)
    assert any("Could not reach" in n for n in steps[0].notes)
    record = Store(coach.settings.db_url).get_session(sid, "ann")
    assert record.status == "finished"
    answered = [t for t in record.turns if t.speaker == "candidate"]
    assert [t.text for t in answered] == [t.text for s in steps for t in s.turns[:1]]
    assert [t.evaluation for t in answered if t.evaluation] == scored


def test_a_session_starts_on_a_dead_server_after_one_call(
    tmp_path: Path, fake: FaultyLLMServer, research: KnowledgeStore
) -> None:
    """The first call (picking competencies) finds the outage; greeting and question use
    templates instead of waiting for the same dead server twice more."""
    coach = make_coach(tmp_path, fake, research)
    fake.fault = on({"json", "text", "stream"}, Reply(status=500))
    since = len(fake.log)
    step = coach.start(setup(), user="ann")
    assert fake.count(since) == ATTEMPTS and fake.count(since, "json") == ATTEMPTS
    assert [t.kind for t in step.turns] == ["greeting", "question"]
    assert all(t.prompt_tokens == 0 for t in step.turns)  # the templates spoke
    assert any("AI interviewer was unavailable" in n and "HTTP 500" in n for n in step.notes)
    assert Store(coach.settings.db_url).get_session(step.session_id, "ann").turns == step.turns


# --- the same through the app's HTTP API ------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
@pytest.mark.block_network(allowed_hosts=["127.0.0.1", "localhost"])
def test_the_api_reports_a_fault_and_keeps_the_turn(
    tmp_path: Path, fake: FaultyLLMServer, research: KnowledgeStore
) -> None:
    from gradio_client import Client

    from interview_coach.web import services as svc
    from interview_coach.web.app import build_app, launch

    coach = make_coach(tmp_path, fake, research)
    services = svc.Services(coach.settings, coach.llm.backend, coach.llm, research, coach)
    demo = build_app(coach.settings, services)
    url = launch(demo, "127.0.0.1", free_port(), block=False)
    try:
        c = Client(url, verbose=False, download_files=False)
        started = c.predict(
            role="Senior Software Engineer",
            company=COMPANY,
            job_description="Own services in production.",
            interviewers="Priya Ramanathan, Director of Engineering",
            num_questions=2,
            mix="behavioural",
            api_name="/start_session",
        )
        sid = started["session_id"]
        fake.fault = on({"json", "text", "stream"}, Reply(status=500))
        since = len(fake.log)
        out = c.predict(session_id=sid, text=ANSWERS[0], api_name="/answer")
        assert fake.count(since) == ATTEMPTS  # the judge's; phrasing skips the dead server
        assert out["evaluation"]["scorer"] == "rules" and out["reply"].strip()
        assert any("HTTP 500" in n for n in out["notes"]), out
        assert any("HTTP 500" in n for n in out["evaluation"]["notes"])
        assert out["state"] in ("awaiting_answer", "awaiting_probe_answer") and not out["done"]
        record = Store(coach.settings.db_url).get_session(sid)
        answered = [t for t in record.turns if t.speaker == "candidate"]
        assert [t.text for t in answered] == [ANSWERS[0]]
        assert any("AI interviewer was unavailable (" in n for n in answered[0].notes)
        fake.fault = lambda body: None
        out = c.predict(session_id=sid, text=ANSWERS[1], api_name="/answer")
        assert out["evaluation"]["scorer"] == "llm+rules" and out["notes"] == []
        assert out["asked"] == 2 or out["state"] == "candidate_questions"
    finally:
        demo.close()


# --- keys never leak --------------------------------------------------------------------------

KEY_FAULTS = [
    Reply(status=401, raw=json.dumps({"error": {"message": f"Bad key {SECRET}"}}).encode()),
    Reply(status=500),
    Reply(status=429, headers={"retry-after-ms": "10"}),
    Reply(status=400, raw=json.dumps({"error": {"message": f"echo: Bearer {SECRET}"}}).encode()),
    Reply("late", delay=30),
]


def no_secret(*texts: object) -> None:
    for text in texts:
        blob = text if isinstance(text, bytes) else str(text).encode()
        assert SECRET.encode() not in blob, str(text)[:400]
        assert SECRET[8:].encode() not in blob, str(text)[:400]  # nor its distinctive tail


def exception_texts(exc: BaseException) -> list[str]:
    """Everything an exception shows: message, repr, fields, and the chain a traceback prints.

    ``raise ... from None`` hides the client's own exception (which holds the request and so
    the Authorization header); a traceback, logging and error trackers skip it too.
    """
    out: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        out += [str(current), repr(current), repr(vars(current))]
        out += traceback.format_exception_only(type(current), current)
        hidden = current.__suppress_context__
        current = current.__cause__ or (None if hidden else current.__context__)
    out += traceback.format_exception(exc)
    return out


@pytest.mark.parametrize("name", ["compatible", "openai"])
def test_the_api_key_never_leaks(
    name: str,
    tmp_path: Path,
    research: KnowledgeStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A rejected key and other errors, seen through every output the app has."""
    from interview_coach.followup.email import draft_email, to_eml
    from interview_coach.report import model as rpt
    from interview_coach.report import render

    caplog.set_level(logging.DEBUG)
    with FaultyLLMServer(api_key="sk-the-right-one") as fake:  # our key gets 401, echoed
        settings = llm_settings(tmp_path, fake.base_url, openai_api_key=SECRET)
        backend = select_backend(settings)  # the probe sees 401 and falls back with a notice
        assert backend.name == "none" and "401" in (backend.notice or "")
        no_secret(backend.notice, backend.to_dict())

        coach = make_coach(tmp_path, fake, research, name)
        llm = coach.llm
        errors: list[LLMError] = []
        for call in (
            lambda: llm.chat([{"role": "user", "content": "hi"}]),
            lambda: list(llm.stream([{"role": "user", "content": "hi"}])),
            lambda: llm.json([{"role": "user", "content": "hi"}], {"type": "object"}),
        ):
            with pytest.raises(LLMError) as err:
                call()
            errors.append(err.value)
        assert "rejected the API key (HTTP 401)" in str(errors[0])

        step = coach.start(setup(1), user="ann")
        steps = [step, coach.answer(step.session_id, ANSWERS[0], "ann", on_token=lambda t: None)]
        fake.api_key = None  # the key is accepted now; other errors, some echoing it
        for reply in KEY_FAULTS:
            fake.fault = lambda body, r=reply: r
            try:
                llm.chat([{"role": "user", "content": "hi"}])
            except LLMError as exc:
                errors.append(exc)
        assert len(errors) == 3 + len(KEY_FAULTS)
        fake.fault = on({"json", "text", "stream"}, Reply(status=401, raw=KEY_FAULTS[0].raw))
        steps.append(coach.answer(step.session_id, "No questions, thank you.", "ann"))
        record = coach.finish(step.session_id, "ann")
        report = rpt.build_report(record, [record], llm=llm)
        email = draft_email(record, "Priya Ramanathan", ["Quaylift moves parcels."], llm=llm)

    notes = [n for s in steps for n in s.notes]
    assert any("rejected the API key" in n for n in notes), notes
    no_secret(*notes, *[t for s in steps for t in s.turns])
    for exc in errors:
        no_secret(*exception_texts(exc), exc.detail)
    no_secret(
        render.to_markdown(report),
        render.to_html(report),
        render.to_json(report),
        render.transcript_json(record),
        render.transcript_markdown(record),
        to_eml(email),
        email.to_dict(),
    )
    db = Path(coach.settings.db_url.removeprefix("sqlite:///"))
    coach.store.close()
    for path in db.parent.glob(db.name + "*"):  # the database, its WAL and shared memory
        no_secret(path.read_bytes())
    assert caplog.records
    for rec in caplog.records:
        no_secret(rec.getMessage(), rec.exc_text or "", repr(rec.args))
        if rec.exc_info:
            no_secret(*exception_texts(rec.exc_info[1]))
    no_secret(caplog.text)


def test_no_cassette_holds_a_key() -> None:
    files = [p for p in (ROOT / "cassettes").rglob("*") if p.is_file()]
    assert files, "no cassettes found"
    for path in files:
        data = path.read_bytes()
        no_secret(data)
        assert not re.search(rb"\bsk-[A-Za-z0-9_-]{16,}", data), path  # nor a real-looking key
        assert b"bearer " not in data.lower(), path
