"""Running for a team: Chroma as a server, PostgreSQL for sessions.

(a) ``chroma run`` as a subprocess, the knowledge store pointed at it with
``INTERVIEW_COACH_CHROMA_HOST/PORT``: indexing, search, the company registry and
re-indexing all work over HTTP. The server only stores the embedding function's *name*
(chromadb 1.5 keeps ``{"type": "known", "name": ..., "config": ...}`` in the collection's
configuration); each client process rebuilds the function from its own registry, so any
process that imports ``interview_coach.knowledge.embeddings`` can query by text and nothing needs
registering server-side.

(b) The core storage and session tests, run again against PostgreSQL (``DATABASE_URL``)
when ``INTERVIEW_COACH_TEST_POSTGRES_URL`` points at a database the tests may use; each
test gets its own schema, dropped afterwards. ``.ci/run`` installs and starts one.
"""

from __future__ import annotations

import gc
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

# The storage and session tests below are collected again in this module, where the
# ``store`` and ``settings`` fixtures point at PostgreSQL instead of SQLite.
from test_session import (  # noqa: F401
    test_finish_early_and_resume,
    test_recent_questions_are_not_asked_again,
    test_sessions_without_interviewer_state_are_treated_as_over,
    test_two_answers_at_once_are_serialised,
    test_two_processes_answering_one_session_cannot_interleave,
)
from test_storage import (  # noqa: F401
    test_a_failing_step_writes_nothing,
    test_a_row_from_before_question_types_loads_as_star,
    test_bad_user_name_is_refused,
    test_concurrent_writers_on_one_version_only_one_wins,
    test_listing_is_newest_first_and_per_user,
    test_recent_question_ids_cover_the_last_sessions_only,
    test_round_trip_keeps_everything,
    test_sessions_belong_to_their_user,
    test_stale_version_is_refused,
    test_status_changes_and_is_checked,
    test_stored_json_loads_typed_and_serialises_back_byte_for_byte,
)

from interview_coach.config import Settings
from interview_coach.knowledge.store import KnowledgeError, KnowledgeStore
from interview_coach.models import SessionSetup

PG_ENV = "INTERVIEW_COACH_TEST_POSTGRES_URL"


# --- (a) Chroma in client/server mode ---------------------------------------------------------


def chroma_cli() -> str | None:
    beside = Path(sys.executable).parent / "chroma"
    return str(beside) if beside.exists() else shutil.which("chroma")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path):
    cli = chroma_cli()
    if cli is None:
        pytest.skip("the `chroma` CLI (shipped with the chromadb package) is not installed")
    port = free_port()
    log = (tmp_path / "chroma.log").open("wb")
    proc = subprocess.Popen(
        [
            cli,
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "chroma.log").read_text(errors="replace")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "chroma run did not come up within 60 s"
                time.sleep(0.1)
        yield port, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=20)
        log.close()


def small_knowledge(root: Path) -> Path:
    """A knowledge folder in the shape of the shipped one, small enough to embed in a second."""
    (root / "guidance").mkdir(parents=True)
    (root / "guidance" / "star-method.md").write_text(
        "# The STAR method\n\n## Result\n\nEnd every answer with the result: what changed, "
        "ideally with a number, and what you learned.\n",
        encoding="utf-8",
    )
    company = root / "companies" / "tallybook"
    company.mkdir(parents=True)
    (company / "company.yaml").write_text("name: Tallybook\n", encoding="utf-8")
    (company / "research.md").write_text(
        "# Tallybook\n\n## Engineering\n\nTallybook's billing team runs a weekly on-call rota "
        "and writes a blameless postmortem after every incident.\n\n## Customers\n\n"
        "Tallybook sends invoices for 12,000 small businesses across Europe.\n",
        encoding="utf-8",
    )
    (root / "questions.yaml").write_text(
        '- id: own-001\n  text: "Tell me about a time you owned a problem end to end."\n'
        "  competencies: [ownership]\n  seniority: [mid, senior]\n",
        encoding="utf-8",
    )
    return root


def test_knowledge_store_over_a_chroma_server(chroma_server, tmp_path: Path) -> None:
    import chromadb

    from interview_coach.knowledge.embeddings import CoachEmbeddingFunction

    port, proc = chroma_server
    settings = Settings(
        llm_backend="none",
        data_dir=tmp_path / "data",
        chroma_host="127.0.0.1",
        chroma_port=port,
        knowledge_dir=small_knowledge(tmp_path / "knowledge"),
    )
    store = KnowledgeStore(settings)
    report = store.index_knowledge()
    assert [f.status for f in report.files] == ["added"] * 3, report.files
    assert (
        store.ingest_text(
            "# Notes\n\n## Culture\n\nQuaylift's robots move 40,000 parcels a day.",
            "notes",
            "Quaylift",
        ).status
        == "added"
    )

    hits = store.search("weekly on-call rota", company="Tallybook", k=2, collections=("research",))
    assert hits and hits[0].company == "Tallybook" and "on-call rota" in hits[0].text
    hits = store.search("how should an answer end?", k=1, collections=("guidance",))
    assert hits[0].source == "knowledge/guidance/star-method.md"
    assert store.search_questions("owned a problem from start to finish", k=1)[0][0] == "own-001"
    assert store.companies() == ["Quaylift", "Tallybook"]
    assert not settings.chroma_dir.exists()  # nothing was written locally: it is on the server

    # another app process sharing the server sees the same data; re-indexing embeds nothing
    other = KnowledgeStore(settings)
    assert other.companies() == ["Quaylift", "Tallybook"]
    assert {f.status for f in other.index_knowledge().files} == {"unchanged"}

    # a plain client gets our embedding function back by name and can query by text
    client = chromadb.HttpClient(host="127.0.0.1", port=port)
    col = client.get_collection("research")
    config = col.configuration_json["embedding_function"]
    assert config["type"] == "known" and config["name"] == CoachEmbeddingFunction.name()
    assert isinstance(col.configuration["embedding_function"], CoachEmbeddingFunction)
    found = col.query(query_texts=["how many parcels do the robots move"], n_results=1)
    assert "40,000 parcels" in found["documents"][0][0]

    proc.terminate()
    proc.wait(timeout=20)
    with pytest.raises(KnowledgeError, match=f"Chroma server at 127.0.0.1:{port}"):
        KnowledgeStore(settings).search("anything")


# --- (b) PostgreSQL via DATABASE_URL ---------------------------------------------------------


@pytest.fixture
def pg_url():
    """A fresh schema in the test database for one test; dropped afterwards."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set (e.g. postgresql+psycopg://user:pw@127.0.0.1/db)")
    pytest.importorskip("psycopg", reason="pip install 'interview-coach[postgres]'")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(base)
    schema = f"ic_test_{uuid.uuid4().hex[:12]}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    # A server time zone far from UTC: stored times must still come back in UTC.
    options = f"-csearch_path={schema} -ctimezone=Pacific/Auckland"
    url = make_url(base).update_query_dict({"options": options})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        gc.collect()  # engines the test left open return their connections
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, pg_url: str) -> Settings:
    return Settings(llm_backend="none", data_dir=tmp_path / "data", database_url=pg_url)


@pytest.fixture
def store(settings: Settings):
    from interview_coach.storage import Store

    s = Store(settings.db_url)
    assert s.engine.dialect.name == "postgresql"
    yield s
    s.close()


def test_postgres_is_really_used(settings: Settings) -> None:
    """The imported tests above run on PostgreSQL, not on a SQLite file beside the data."""
    from sqlalchemy import text

    from interview_coach.session import Coach

    coach = Coach(settings)
    step = coach.start(SessionSetup(role="Engineer", company="Acme", num_questions=1))
    with coach.store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM turns")).scalar() == len(step.turns)
        assert conn.execute(text("SHOW search_path")).scalar().startswith("ic_test_")
    assert not (settings.data_dir / "sessions.db").exists()
    coach.store.close()
