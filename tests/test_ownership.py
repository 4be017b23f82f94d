"""Each user's research is theirs (issue 12, break 1): two accounts in one process.

alice and bob share one knowledge store, as they do behind ``serve --auth``. Before owners
existed, bob saw alice's "Zentrix Labs" in his company list and her notes in his brief, his
``notes.md`` for "zentrix labs" replaced hers, and his planted "director arrested for fraud"
line reached her thank-you email. Each of those is reproduced here and must now hold; the
shipped sample companies stay readable by everyone and replaceable by no one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sample_session import STAR_ANSWERS

from interview_coach.cli.commands import main
from interview_coach.config import Settings
from interview_coach.knowledge import owners
from interview_coach.knowledge.store import KnowledgeStore
from interview_coach.models import PanelMember, SessionSetup
from interview_coach.session import Coach
from interview_coach.web import services as svc

ALICE_NOTES = (
    "# Zentrix Labs\n\nZentrix Labs is moving its platform team to Bristol in March. "
    "The platform lead, Ines Duarte, runs weekly architecture reviews.\n"
)
BOB_NOTES = (
    "# Zentrix Labs gossip\n\nA Globex director was arrested for fraud, and Zentrix Labs is "
    "said to be next. Zentrix Labs cut 120 jobs in 2025 after it lost its Globex contract.\n"
)
SAMPLE = "# Quaylift\n\nQuaylift Robotics runs 6,800 robots at 150 warehouse sites.\n"


@pytest.fixture
def shared_store(settings: Settings) -> KnowledgeStore:
    store = KnowledgeStore(settings)
    assert store.ingest_text(SAMPLE, "research", "Quaylift Robotics", shared=True).status == "added"
    assert store.ingest_text(ALICE_NOTES, "notes", "Zentrix Labs", user="alice").status == "added"
    return store


def texts(hits: list) -> str:
    return " ".join(h.text for h in hits)


def test_company_lists_are_per_user(shared_store: KnowledgeStore) -> None:
    shared_store.ingest_text(BOB_NOTES, "notes", "zentrix labs", user="bob")
    assert shared_store.companies("alice") == ["Quaylift Robotics", "Zentrix Labs"]
    assert shared_store.companies("bob") == ["Quaylift Robotics", "zentrix labs"]
    assert shared_store.companies("carol") == ["Quaylift Robotics"]


def test_an_upload_with_the_same_name_replaces_only_your_own(
    shared_store: KnowledgeStore,
) -> None:
    report = shared_store.ingest_text(BOB_NOTES, "notes", "zentrix labs", user="bob")
    assert report.status == "added"  # not "replaced": alice's notes.md is not his
    alice = shared_store.search("platform team", company="Zentrix Labs", user="alice")
    bob = shared_store.search("platform team", company="Zentrix Labs", user="bob")
    assert "Bristol" in texts(alice) and "Globex" not in texts(alice)
    assert "Globex" in texts(bob) and "Bristol" not in texts(bob)
    again = shared_store.ingest_text(BOB_NOTES + "More.\n", "notes", "Zentrix Labs", user="bob")
    assert again.status == "replaced"
    assert "Bristol" in texts(shared_store.search("Bristol", company="Zentrix Labs", user="alice"))


def test_searches_without_a_company_see_only_readable_research(
    shared_store: KnowledgeStore,
) -> None:
    shared_store.ingest_text(BOB_NOTES, "notes", "zentrix labs", user="bob")
    found = shared_store.search("director arrested fraud", user="alice", k=10)
    assert "Globex" not in texts(found)
    assert "6,800 robots" in texts(shared_store.search("robots warehouse", user="carol", k=10))


def test_shared_samples_are_read_only_for_users(shared_store: KnowledgeStore) -> None:
    mine = "# Mine\n\nQuaylift is my dream job.\n"
    shared_store.ingest_text(mine, "research", "Quaylift Robotics", user="bob")
    alice = shared_store.search("robots", company="Quaylift Robotics", user="alice", k=5)
    assert "6,800 robots" in texts(alice) and "dream job" not in texts(alice)
    bob = shared_store.search("robots dream", company="Quaylift Robotics", user="bob", k=5)
    assert "6,800 robots" in texts(bob) and "dream job" in texts(bob)


def test_a_store_from_before_owners_keeps_uploads_for_the_local_user(settings: Settings) -> None:
    """Single-user installs upgrade without losing research; nobody else inherits it."""
    store = KnowledgeStore(settings)
    store.ingest_text(ALICE_NOTES, "notes", "Zentrix Labs")  # the local user
    col = store.collection("research")
    got = col.get(include=["metadatas"])
    col.update(ids=got["ids"], metadatas=[{**m, "owner": None} for m in got["metadatas"]])
    col.modify(metadata={owners.REGISTRY_KEY: None, "companies": '{"zentrix-labs": "Z"}'})
    fresh = KnowledgeStore(settings)
    assert fresh.companies() == ["Zentrix Labs"]
    assert "Bristol" in texts(fresh.search("Bristol", company="Zentrix Labs"))
    assert fresh.companies("bob") == []
    assert "Bristol" not in texts(fresh.search("Bristol", company="Zentrix Labs", user="bob"))


def test_two_accounts_in_one_app_process(settings: Settings, tmp_path: Path) -> None:
    """The app's services: uploads, company list, brief and thank-you email, per user."""
    services = svc.make_services(settings)
    alice_file, bob_file = tmp_path / "a" / "notes.md", tmp_path / "b" / "notes.md"
    for path, text in ((alice_file, ALICE_NOTES), (bob_file, BOB_NOTES)):
        path.parent.mkdir()
        path.write_text(text)
    assert svc.ingest_uploads(services, [str(alice_file)], "Zentrix Labs", "alice")[0][1]
    assert svc.ingest_uploads(services, [str(bob_file)], "zentrix labs", "bob")[0][1]
    assert "zentrix labs" not in svc.company_choices(services, "alice")
    assert "Zentrix Labs" not in svc.company_choices(services, "bob")
    brief = svc.interview_brief(services, "Zentrix Labs", "", user="bob")
    assert "Bristol" not in texts(brief["facts"]) and "Globex" in texts(brief["facts"])
    coach: Coach = services.coach
    setup = SessionSetup(
        role="Platform Engineer",
        company="Zentrix Labs",
        interviewers=[PanelMember("Ines Duarte", "Platform Lead")],
        num_questions=1,
        mix="behavioural",  # a STAR answer, so the note has a story to thank for
    )
    step = coach.start(setup, user="alice")
    coach.answer(step.session_id, STAR_ANSWERS[0], user="alice")
    record = coach.finish(step.session_id, "alice")
    email = svc.draft_email(services, record, record.setup.interviewers[0])
    assert "Globex" not in email["body"] and "fraud" not in email["body"]
    assert "Globex" not in texts(svc.research_for(services, record))


def test_cli_ingest_and_search_take_a_user(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, tmp_path
) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(settings.data_dir))
    notes = tmp_path / "notes.md"
    notes.write_text(BOB_NOTES)
    assert main(["ingest", str(notes), "--company", "Zentrix Labs", "--user", "bob"]) == 0
    capsys.readouterr()
    assert main(["search", "director fraud", "--company", "Zentrix Labs", "--json"]) == 0
    mine = json.loads(capsys.readouterr().out)
    assert not [h for h in mine if "Globex" in h["text"]]  # the local user sees none of it
    bobs = ["search", "director fraud", "--company", "Zentrix Labs", "--user", "bob", "--json"]
    assert main(bobs) == 0
    assert [h for h in json.loads(capsys.readouterr().out) if "Globex" in h["text"]]


def test_the_owner_clause_is_left_out_only_when_it_cannot_exclude_anything() -> None:
    assert owners.research_where("local", "acme", {"local", ""}) == {"company_key": "acme"}
    assert owners.research_where(None, "", {""}) is None
    both = owners.research_where("alice", "acme", {"alice", "bob", ""})
    assert both == {"$and": [{"company_key": "acme"}, owners.readable("alice")]}
    assert owners.research_where("alice", "", None) == owners.readable("alice")  # unknown


def test_an_owner_whose_research_names_no_company_still_counts(settings: Settings, tmp_path: Path):
    """bob's company-less notes must keep alice's searches filtered by owner."""
    store = KnowledgeStore(settings)
    notes = tmp_path / "bob.md"
    notes.write_text(BOB_NOTES, encoding="utf-8")
    store.ingest([notes], company=None, user="bob")
    assert "bob" in store._registry()
    assert "Globex" not in texts(store.search("Globex director fraud", user="alice", k=10))
    assert "Globex" in texts(store.search("Globex director fraud", user="bob", k=10))
