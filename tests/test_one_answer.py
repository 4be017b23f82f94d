"""One answer, one question (issue 12, break 4): stale tabs are told, answers never misfiled.

Two tabs (or two API clients) on one session used to interleave turns: tab 2's answer to
question 1 was stored as the answer to a probe it never saw. Now every answer says which
turn it answers, and the candidate's words are stored before any LLM call, so a crash while
the interviewer is still writing loses nothing (``test_crash`` kills the real server then).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fakes import Reply, fake_llm
from sample_session import STAR_ANSWERS
from test_faults import FaultyLLMServer

from interview_coach.config import Settings
from interview_coach.models import PanelMember, SessionSetup
from interview_coach.session import MOVED_ON, Coach, SessionMovedOn
from interview_coach.storage import Store, UnknownSession

pytestmark = pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword)")

SETUP = dict(
    role="Senior Software Engineer",
    company="Quaylift Robotics",
    job_description="Own services in production and lead postmortems.",
    interviewers=[PanelMember("Priya Ramanathan", "Director of Engineering")],
    num_questions=2,
    mix="behavioural",
)
VAGUE = "I fixed a slow service once and it was fine after that."


def said(coach: Coach, sid: str) -> list[str]:
    return [t.text for t in coach.get(sid).turns if t.speaker == "candidate"]


def test_an_answer_to_a_question_already_answered_is_refused(settings: Settings) -> None:
    coach = Coach(settings)
    first = coach.start(SessionSetup(**SETUP))
    seen = first.version  # both tabs show question 1
    tab1 = coach.answer(first.session_id, VAGUE, turn=seen)
    assert tab1.version > seen and tab1.turns[-1].kind == "probe"
    with pytest.raises(SessionMovedOn, match="moved on in another tab") as err:
        coach.answer(first.session_id, STAR_ANSWERS[0], turn=seen)  # tab 2, still on question 1
    assert str(err.value) == MOVED_ON
    assert said(coach, first.session_id) == [VAGUE]  # nothing misfiled under the probe
    after = coach.answer(first.session_id, STAR_ANSWERS[0], turn=tab1.version)
    assert after.turns[0].question_id == tab1.turns[0].question_id


def test_two_api_clients_cannot_alternate_turns(
    tmp_path_factory: pytest.TempPathFactory, start_app: Callable[..., str]
) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    settings = Settings(llm_backend="none", data_dir=tmp_path_factory.mktemp("api") / "data")
    url = start_app(settings)
    one, two = (Client(url, verbose=False, download_files=False) for _ in range(2))
    started = one.predict(
        role=SETUP["role"],
        company=SETUP["company"],
        job_description=SETUP["job_description"],
        interviewers="Priya Ramanathan, Director of Engineering",
        num_questions=2,
        mix="behavioural",
        api_name="/start_session",
    )
    sid, seen = started["session_id"], started["turn"]
    out = one.predict(session_id=sid, text=VAGUE, turn=seen, api_name="/answer")
    assert out["turn"] > seen
    with pytest.raises(AppError, match="moved on in another tab"):
        two.predict(session_id=sid, text=STAR_ANSWERS[0], turn=seen, api_name="/answer")
    nxt = two.predict(session_id=sid, text=STAR_ANSWERS[0], turn=out["turn"], api_name="/answer")
    assert nxt["turn"] > out["turn"]


def test_the_answer_is_stored_before_the_llm_is_asked(settings: Settings) -> None:
    """While the interviewer's reply is being written, the answer is already on disk."""
    seen_during_call: list[list[str]] = []
    with FaultyLLMServer() as fake:
        settings, llm = fake_llm(settings, fake)
        coach = Coach(settings, llm=llm)
        step = coach.start(SessionSetup(**SETUP))
        store = Store(settings.db_url)

        def peek(body: dict) -> Reply | None:
            record = store.get_session(step.session_id)
            seen_during_call.append([t.text for t in record.turns if t.speaker == "candidate"])
            return None

        fake.fault = peek
        coach.answer(step.session_id, STAR_ANSWERS[0], turn=step.version)
        store.close()
    assert seen_during_call and all(texts == [STAR_ANSWERS[0]] for texts in seen_during_call)


def test_an_answer_left_pending_by_a_crash_is_finished_by_a_retry(settings: Settings) -> None:
    """A crash between storing the answer and the reply: resending it completes that step."""
    coach = Coach(settings)
    step = coach.start(SessionSetup(**SETUP))
    record = coach.get(step.session_id)
    from interview_coach.models import Turn

    pending = dict(record.engine, pending=len(record.turns))
    coach.store.add_turns(  # what the crashed process had written
        record.id,
        [Turn("candidate", "answer", STAR_ANSWERS[0])],
        state=record.state,
        engine=pending,
        expected_version=len(record.turns),
    )
    again = Coach(settings)  # a restarted process
    done = again.answer(step.session_id, STAR_ANSWERS[0], turn=step.version)
    assert done.evaluation is not None and done.turns[0].text == STAR_ANSWERS[0]
    assert said(again, step.session_id) == [STAR_ANSWERS[0]]  # once, not twice
    assert again.get(step.session_id).turns[-1].speaker == "interviewer"


def test_bad_session_ids_are_cheap_and_short(settings: Settings) -> None:
    coach = Coach(settings)
    huge = "x" * 1_000_000
    for sid in (huge, "../etc", "", "a" * 65):
        with pytest.raises(UnknownSession) as err:
            coach.answer(sid, "hello")
        assert len(str(err.value)) < 120
    step = coach.start(SessionSetup(**SETUP))
    coach.answer(step.session_id, VAGUE)
    with pytest.raises(UnknownSession):
        coach.answer("0" * 32, "hello")
    assert coach._locks == {}  # every lock was freed once its step ended
