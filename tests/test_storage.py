"""The session store: round trips, one-transaction steps, ownership, versions, SQLite setup."""

from __future__ import annotations

import threading
from datetime import UTC

import pytest
from sqlalchemy import text

from interview_coach.errors import InputError
from interview_coach.models import PanelMember, SessionSetup, Turn
from interview_coach.storage import StaleSession, Store, UnknownSession


def evaluation(s: int, t: int, a: int, r: int) -> dict:
    comps = {"situation": s, "task": t, "action": a, "result": r}
    return {
        "components": {k: {"score": v, "evidence": []} for k, v in comps.items()},
        "scorer": "rules",
        "tips": ["Say what happened in the end."],
    }


@pytest.fixture
def store(settings) -> Store:
    s = Store(settings.db_url)
    yield s
    s.close()


def setup() -> SessionSetup:
    return SessionSetup(
        role="Engineer",
        company="Acme",
        interviewers=[PanelMember("Ada Lovelace", "CTO")],
        focus=["ownership"],
    )


def new_session(store: Store, user: str = "alex", qid: str | None = None):
    turns = [Turn("interviewer", "greeting", "Hello"), Turn("interviewer", "question", "Q?", qid)]
    return store.create_session(
        user, setup(), "awaiting_answer", {"machine": {"i": 0}}, turns=turns
    )


def test_round_trip_keeps_everything(store: Store) -> None:
    rec = new_session(store, qid="own-001")
    answer = Turn(
        "candidate",
        "answer",
        "I fixed <b>it</b> — with ünïcode.",
        "own-001",
        evaluation=evaluation(2, 1, 2, 0),
        sources=[{"source": "r.md", "title": "T", "company": "Acme"}],
        notes=["a note"],
        prompt_tokens=0,
    )
    probe = Turn("interviewer", "probe", "And the result?", "own-001", prompt_tokens=321)
    version = store.add_turns(
        rec.id, [answer, probe], state="awaiting_probe_answer", engine={"x": 1}, expected_version=2
    )
    assert version == 4
    got = store.get_session(rec.id, "alex")
    assert got.setup == setup()
    assert got.state == "awaiting_probe_answer" and got.engine == {"x": 1}
    assert got.status == "active"
    assert [t.index for t in got.turns] == [0, 1, 2, 3]
    assert got.turns[2].text == answer.text
    assert got.turns[2].evaluation == answer.evaluation
    assert got.turns[2].sources == answer.sources and got.turns[2].notes == ["a note"]
    assert got.turns[3].prompt_tokens == 321
    assert got.created_at.tzinfo is not None and got.turns[0].created_at.tzinfo == UTC
    assert got.answers == [got.turns[2]]
    history = store.component_history("alex")
    assert [(h["situation"], h["task"], h["action"], h["result"]) for h in history] == [
        (2, 1, 2, 0)
    ]


def test_a_failing_step_writes_nothing(store: Store) -> None:
    rec = new_session(store)
    good = Turn("candidate", "answer", "fine")
    broken = Turn("interviewer", "question", None)  # type: ignore[arg-type]  # NOT NULL fails
    with pytest.raises(Exception):  # noqa: B017 - any database error
        store.add_turns(rec.id, [good, broken], state="changed", engine={"changed": True})
    after = store.get_session(rec.id)
    assert len(after.turns) == 2 and after.state == "awaiting_answer"
    assert after.engine == {"machine": {"i": 0}}
    # the version did not move either: the next writer with the old version still succeeds
    store.add_turns(rec.id, [good], state="ok", engine={}, expected_version=2)
    assert len(store.get_session(rec.id).turns) == 3


def test_stale_version_is_refused(store: Store) -> None:
    rec = new_session(store)
    store.add_turns(
        rec.id, [Turn("candidate", "answer", "first")], state="s", engine={}, expected_version=2
    )
    with pytest.raises(StaleSession):
        store.add_turns(
            rec.id,
            [Turn("candidate", "answer", "second")],
            state="s",
            engine={},
            expected_version=2,
        )
    assert [t.text for t in store.get_session(rec.id).turns][2:] == ["first"]


def test_concurrent_writers_on_one_version_only_one_wins(store: Store) -> None:
    rec = new_session(store)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def write(n: int) -> None:
        barrier.wait()
        try:
            store.add_turns(
                rec.id,
                [Turn("candidate", "answer", f"w{n}")],
                state="s",
                engine={},
                expected_version=2,
            )
            outcomes.append("ok")
        except StaleSession:
            outcomes.append("stale")
        except Exception as exc:  # "database is locked" would also be a safe refusal
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    turns = store.get_session(rec.id).turns
    assert len(turns) == 3 and [t.index for t in turns] == [0, 1, 2]


def test_sessions_belong_to_their_user(store: Store) -> None:
    rec = new_session(store, user="alex")
    with pytest.raises(UnknownSession):
        store.get_session(rec.id, user="sam")
    with pytest.raises(UnknownSession):
        store.get_session("nope")
    with pytest.raises(UnknownSession):
        store.set_status(rec.id, "finished", user="sam")
    with pytest.raises(UnknownSession):
        store.add_turns("nope", [], state="s", engine={})
    assert store.get_session(rec.id, user="alex").id == rec.id


def test_listing_is_newest_first_and_per_user(store: Store) -> None:
    a = new_session(store, "alex")
    b = new_session(store, "sam")
    c = new_session(store, "alex")
    assert [r.id for r in store.list_sessions("alex")] == [c.id, a.id]
    assert [r.id for r in store.list_sessions()] == [c.id, b.id, a.id]
    quick = store.list_sessions("alex", with_turns=False)
    assert quick[0].turns == [] and quick[0].setup == setup()


def test_status_changes_and_is_checked(store: Store) -> None:
    rec = new_session(store)
    store.set_status(rec.id, "finished")
    assert store.get_session(rec.id).status == "finished"
    with pytest.raises(InputError, match="status"):
        store.set_status(rec.id, "paused")


def test_recent_question_ids_cover_the_last_sessions_only(store: Store) -> None:
    for n in range(5):
        rec = new_session(store, "alex", qid=f"q-{n}")
        store.add_turns(
            rec.id, [Turn("candidate", "answer", "text", f"q-{n}")], state="s", engine={}
        )
    new_session(store, "sam", qid="q-sam")  # someone else's history does not count
    assert store.recent_question_ids("alex", sessions=3) == {"q-4", "q-3", "q-2"}
    assert store.recent_question_ids("nobody") == set()


def test_sqlite_runs_with_wal_foreign_keys_and_normal_sync(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_bad_user_name_is_refused(store: Store) -> None:
    with pytest.raises(InputError, match="user name"):
        store.create_session("", setup(), "s", {})


STAR_Q = "Tell me about a time you improved a process."
STAR_A = (
    "Last spring our release took two days because every step was manual. I was asked to "
    "shorten it. I scripted the build, added checks and trained the team. Releases now take "
    "forty minutes and we ship weekly instead of monthly."
)
HEARD = {
    "transcript": STAR_A,
    "speaking_seconds": 31.5,
    "words_per_minute": 92,
    "pauses": [{"at": 4.1, "seconds": 2.6, "after": "manual.", "before": "I"}],
    "delivery": {"measured": True, "pace": "slow", "pace_guide": [130, 170]},
}


def _rewrite_payloads(store: Store, payload: dict) -> None:
    """Put ``payload`` in every evaluation row, as an earlier version would have left it."""
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from interview_coach.storage import EvaluationRow

    with Session(store.engine) as db:
        db.execute(update(EvaluationRow).values(payload=payload))
        db.commit()


@pytest.mark.parametrize("shape", ["star", "star_spoken", "criteria_spoken"])
def test_stored_json_loads_typed_and_serialises_back_byte_for_byte(
    store: Store, shape: str
) -> None:
    """A row is plain JSON: it loads as the typed evaluation and its JSON is unchanged, with
    a recording's measurement in place and keys from another version kept, not dropped."""
    import json

    from interview_coach import criteria, star
    from interview_coach.models import CriteriaEvaluation, StarEvaluation

    if shape.startswith("star"):
        stored = star.evaluate(STAR_Q, STAR_A).to_dict()
        kind: type = StarEvaluation
    else:
        stored = criteria.evaluate("Tell me about yourself.", STAR_A, "opening").to_dict()
        kind = CriteriaEvaluation
    if shape.endswith("spoken"):
        stored = {**stored, **HEARD, "kept_from_a_later_version": {"x": [1, 2]}}
    rec = new_session(store, qid="q-1")
    answer = Turn("candidate", "answer", STAR_A, "q-1", evaluation=evaluation(2, 2, 2, 2))
    store.add_turns(rec.id, [answer], state="s", engine={}, expected_version=2)
    _rewrite_payloads(store, stored)

    loaded = store.get_session(rec.id).turns[2].evaluation
    assert isinstance(loaded, kind)
    assert json.dumps(loaded.to_dict()) == json.dumps(stored)
    if shape.endswith("spoken"):
        assert loaded.spoken is not None and loaded.spoken.words_per_minute == 92
        assert loaded.speaking_seconds == 31.5  # the measurement, not the estimate
        assert loaded.extra == {"kept_from_a_later_version": {"x": [1, 2]}}
    # stored back through the typed value, the row is the same JSON again
    store.add_turns(rec.id, [Turn("candidate", "answer", "again", "q-1", evaluation=loaded)],
                    state="s", engine={}, expected_version=3)  # fmt: skip
    again = store.get_session(rec.id).turns[3].evaluation
    assert again is not None and json.dumps(again.to_dict()) == json.dumps(stored)


def test_a_row_from_before_question_types_loads_as_star(store: Store) -> None:
    """Rows written before opening and motivation questions existed have no question_type:
    they are STAR evaluations, and say so once loaded; their JSON stays as it was stored."""
    import json

    from interview_coach.models import StarEvaluation

    rec = new_session(store, qid="q-1")
    answer = Turn("candidate", "answer", STAR_A, "q-1", evaluation=evaluation(2, 1, 2, 0))
    store.add_turns(rec.id, [answer], state="s", engine={}, expected_version=2)
    _rewrite_payloads(store, evaluation(2, 1, 2, 0))  # no question_type, few keys
    loaded = store.get_session(rec.id).turns[2].evaluation
    assert isinstance(loaded, StarEvaluation) and loaded.question_type == "behavioural"
    assert loaded.scores == {"situation": 2, "task": 1, "action": 2, "result": 0}
    assert loaded.tips == ["Say what happened in the end."] and loaded.spoken is None
    assert json.dumps(loaded.to_dict()) == json.dumps(evaluation(2, 1, 2, 0))
    loaded.notes.append("changed")  # a key the row lacked is written once it says something
    assert loaded.to_dict()["notes"] == ["changed"]
    assert StarEvaluation.from_dict({}).notes == []  # and defaults are never shared
