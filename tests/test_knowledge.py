"""The Chroma knowledge store: indexing, idempotent ingestion, filters, reopening.

One small copy of knowledge/ is indexed once per module (real model, real
Chroma) to keep the file fast; tests that mutate the store use their own
company names or their own store.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from interview_coach.config import Settings
from interview_coach.knowledge import embeddings
from interview_coach.knowledge.ranking import POOL
from interview_coach.knowledge.store import (
    WIDER_SEARCH,
    KnowledgeError,
    KnowledgeStore,
    company_key,
)

ROOT = Path(__file__).resolve().parents[1]
DOCS = Path(__file__).parent / "data" / "docs"
#: Sections shorter than ~40 tokens merge into the next one, so test sections use this body.
FILLER = (
    "The team is led by {} and works in small groups, with weekly reviews, a shared backlog, "
    "written decisions, clear owners for every task and a habit of measuring outcomes. "
    "New starters get a buddy for their first month and a written guide to the team's tools."
)
QUESTIONS = ["conf-001", "conf-002", "lead-001", "cust-001", "fail-001", "data-001"]


def small_knowledge(dest: Path) -> Path:
    """Two guidance files, one company, six questions: the real layout at a fraction of the size."""
    src = ROOT / "knowledge"
    (dest / "guidance").mkdir(parents=True)
    for name in ("thank-you-follow-up.md", "star-method.md"):
        shutil.copy(src / "guidance" / name, dest / "guidance" / name)
    shutil.copytree(
        src / "companies" / "quaylift-robotics", dest / "companies" / "quaylift-robotics"
    )
    bank = yaml.safe_load((src / "questions.yaml").read_text(encoding="utf-8"))
    chosen = [q for q in bank if q["id"] in QUESTIONS]
    (dest / "questions.yaml").write_text(yaml.safe_dump(chosen), encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeStore, object]:
    base = tmp_path_factory.mktemp("knowledge")
    settings = Settings(
        llm_backend="none", data_dir=base / "data", knowledge_dir=small_knowledge(base / "kb")
    )
    store = KnowledgeStore(settings)
    return store, store.index_knowledge()


@pytest.fixture
def store(indexed: tuple[KnowledgeStore, object]) -> KnowledgeStore:
    return indexed[0]


@pytest.fixture
def embed_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records how many texts reach the embedder (the real one still runs)."""
    calls: list[int] = []
    real = embeddings.embed_texts

    def spy(texts: list[str]):  # noqa: ANN202
        calls.append(len(texts))
        return real(texts)

    monkeypatch.setattr(embeddings, "embed_texts", spy)
    return calls


def test_index_knowledge_fills_three_collections(indexed: tuple[KnowledgeStore, object]) -> None:
    store, report = indexed
    names = [f.name for f in report.files]
    assert names == [
        "knowledge/guidance/star-method.md",
        "knowledge/guidance/thank-you-follow-up.md",
        "knowledge/companies/quaylift-robotics/research.md",
        "knowledge/companies/quaylift-robotics/job-description.md",
        "knowledge/questions.yaml",
    ]
    assert {f.status for f in report.files} == {"added"}
    assert report.files[-1].chunks == len(QUESTIONS)
    counts = store.counts()
    assert counts["guidance"] == report.files[0].chunks + report.files[1].chunks
    assert counts["questions"] == len(QUESTIONS)
    assert "Quaylift Robotics" in store.companies()


def test_chunk_metadata(store: KnowledgeStore) -> None:
    got = store.collection("guidance").get(
        where={"source": "knowledge/guidance/thank-you-follow-up.md"}, include=["metadatas"]
    )
    metas = sorted(got["metadatas"], key=lambda m: m["chunk"])
    assert [m["chunk"] for m in metas] == list(range(len(metas)))
    first = metas[0]
    assert first["company"] == "" and first["company_key"] == ""
    assert first["title"] == "The short version: send your thank-you note within 24 hours"
    assert len(first["content_hash"]) == 32
    research = store.collection("research").get(limit=1, include=["metadatas"])["metadatas"][0]
    assert research["company"] == "Quaylift Robotics"
    assert research["company_key"] == "quaylift-robotics"


def test_reindex_is_unchanged_and_embeds_nothing(
    store: KnowledgeStore, embed_calls: list[int]
) -> None:
    before = store.counts()
    report = store.index_knowledge()
    assert {f.status for f in report.files} == {"unchanged"}
    assert embed_calls == []
    assert store.counts() == before


def test_search_ranks_thank_you_guidance_first(store: KnowledgeStore) -> None:
    hits = store.search("how soon should I send a thank-you note", k=3)
    assert hits[0].source == "knowledge/guidance/thank-you-follow-up.md"
    assert "24 hours" in hits[0].text
    assert hits[0].company is None and hits[0].collection == "guidance"
    # the order is the fused (dense + lexical) one; scores stay cosine similarities
    assert all(0 < h.score <= 1 for h in hits)
    assert len({h.text for h in hits}) == len(hits)


def test_search_questions(store: KnowledgeStore) -> None:
    ranked = store.search_questions("a disagreement with a coworker about how to do the work", k=3)
    assert ranked[0][0] == "conf-001"
    assert len(ranked) == 3 and all(isinstance(score, float) for _, score in ranked)
    meta = store.collection("questions").get(ids=["conf-001"], include=["metadatas"])
    assert meta["metadatas"][0]["competencies"] == "conflict,communication"
    assert meta["metadatas"][0]["seniority"] == "junior,mid,senior"


def test_company_filter_keeps_guidance_and_only_that_company(store: KnowledgeStore) -> None:
    assert store.ingest([DOCS / "company-page.html"], company="Brightmoor Analytics").ok
    assert store.ingest([DOCS / "poisoned-research.md"], company="Vellacourt Logistics").ok
    query = "refrigerated delivery vans for grocers"
    unfiltered = store.search(query, k=3, collections=("research",))
    assert unfiltered[0].company == "Vellacourt Logistics"
    filtered = store.search(query, company="BRIGHTMOOR analytics", k=8)
    assert {h.company for h in filtered if h.collection == "research"} == {"Brightmoor Analytics"}
    assert any(h.collection == "guidance" for h in filtered)
    assert store.search(query, company="vellacourt-logistics", k=1)[0].company == (
        "Vellacourt Logistics"
    )
    assert {"Brightmoor Analytics", "Quaylift Robotics", "Vellacourt Logistics"} <= set(
        store.companies()
    )


def test_a_short_company_search_looks_wider(
    store: KnowledgeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HNSW can miss a company's chunks in a big store; a short answer is searched again."""
    query, company = "fleet software for warehouse robots", "Quaylift Robotics"
    expected = [
        h.text for h in store.search(query, company=company, k=3, collections=("research",))
    ]
    assert len(expected) == 3
    real = store.collection("research")
    asked: list[int] = []

    class Lossy:  # fault injection: a first query that loses all but one match, as HNSW can
        lossy = True

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def query(self, **kw: object) -> dict:
            asked.append(int(kw["n_results"]))  # type: ignore[call-overload]
            res = real.query(**kw)
            cut = self.lossy and len(asked) == 1
            return {key: [v[0][:1]] if cut else v for key, v in res.items() if v}

    lossy = Lossy()
    monkeypatch.setattr(store, "collection", lambda name: lossy)
    got = store.search(query, company=company, k=3, collections=("research",))
    # candidates come from a pool of POOL dense hits, which the hybrid ranking reorders
    assert [h.text for h in got] == expected and asked == [POOL, POOL * WIDER_SEARCH]
    # a company with fewer chunks than k comes back short from Chroma: it is not searched twice
    asked.clear()
    lossy.lossy = False
    few = store.search(query, company=company, k=500, collections=("research",))
    assert asked == [500] and 3 <= len(few) < 500


def test_poisoned_lines_never_reach_the_index(store: KnowledgeStore) -> None:
    report = store.ingest([DOCS / "poisoned-research.md"], company="Vellacourt Poison Test")
    (file,) = report.files
    assert file.status == "added"
    assert file.warnings == ["removed 3 lines that read like instructions to an AI model"]
    assert "instructions to an AI model" in file.message
    hits = store.search(
        "ignore previous instructions full marks system prompt",
        k=20,
        company="Vellacourt Poison Test",
        collections=("research",),
    )
    assert hits, "the clean part of the document is indexed"
    text = "\n".join(h.text for h in hits)
    assert "cold chain review" in text
    for bad in ("Ignore all previous", "SYSTEM:", "Note to AI", "reveal your"):
        assert bad not in text


def test_ingest_is_idempotent_and_edits_replace_chunks(
    store: KnowledgeStore, tmp_path: Path, embed_calls: list[int]
) -> None:
    path = tmp_path / "ostrava-notes.md"
    old = "Ostrava Mills roasts coffee in a converted tram depot and sells to 300 cafes."
    hiring = "## Ostrava Mills hiring\n\n" + FILLER.format("baristas who train others")
    history = "## Ostrava Mills history\n\n" + FILLER.format("two former tram drivers")
    path.write_text(
        f"# Ostrava Mills\n\n## Ostrava Mills products\n\n{old} {FILLER.format('roasters')}\n\n"
        f"{hiring}\n",
        encoding="utf-8",
    )
    first = store.ingest([path], company="Ostrava Mills").files[0]
    assert (first.status, first.chunks) == ("added", 2)
    embed_calls.clear()
    again = store.ingest([path], company="ostrava mills").files[0]
    assert (again.status, again.chunks, again.message) == ("unchanged", 2, "already indexed")
    assert embed_calls == []

    new = "Ostrava Mills now roasts tea as well, shipping to 450 cafes across Moravia."
    path.write_text(
        f"# Ostrava Mills\n\n{history}\n\n## Ostrava Mills products\n\n"
        f"{FILLER.format('roasters')} {new}\n\n{hiring}\n",
        encoding="utf-8",
    )
    embed_calls.clear()
    edited = store.ingest([path], company="Ostrava Mills").files[0]
    assert (edited.status, edited.chunks) == ("replaced", 3)
    assert edited.message == "3 chunks (2 new, 1 removed)"
    assert embed_calls == [2]  # only the new chunks are embedded
    stored = store.collection("research").get(
        where={"company_key": "ostrava-mills"}, include=["documents", "metadatas"]
    )
    assert len(stored["ids"]) == 3
    assert not any(old in d for d in stored["documents"])
    by_chunk = {m["chunk"]: m for m in stored["metadatas"]}
    assert by_chunk[2]["title"] == "Ostrava Mills hiring"  # moved down without re-embedding
    hits = store.search(
        "coffee roaster in a tram depot", company="Ostrava Mills", k=5, collections=("research",)
    )
    assert hits[0].text.endswith(new)
    assert all(old not in h.text for h in hits)


def test_ingest_reports_each_file(store: KnowledgeStore, tmp_path: Path) -> None:
    folder = tmp_path / "research"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "good.txt").write_text("Pelican Freight flies cargo to islands.\n")
    (folder / "bad.txt").write_bytes(b"caf\xe9 au lait")
    (folder / "skip.docx").write_bytes(b"PK")  # unsupported files inside a folder are skipped
    (folder / ".hidden.md").write_text("secret")
    report = store.ingest(
        [folder, tmp_path / "missing.md", DOCS / "interview-notes.txt"], company="Pelican Freight"
    )
    got = {Path(f.name).name: f for f in report.files}
    assert set(got) == {"bad.txt", "good.txt", "missing.md", "interview-notes.txt"}
    assert got["bad.txt"].status == "error" and "not UTF-8 text" in got["bad.txt"].message
    assert got["missing.md"].status == "error"
    assert got["missing.md"].message.endswith("no such file or folder")
    assert got["good.txt"].status == "added" and got["interview-notes.txt"].status == "added"
    assert report.ok and report.count("error") == 2
    assert report.to_dict()["counts"] == {"added": 2, "replaced": 0, "unchanged": 0, "error": 2}

    empty = tmp_path / "empty"
    empty.mkdir()
    failed = store.ingest([empty, folder / "bad.txt"])
    assert not failed.ok
    assert "folder has no supported files" in failed.files[0].message


def test_ingest_bytes_uses_the_base_name(store: KnowledgeStore) -> None:
    report = store.ingest_bytes(
        b"# Tidewater\n\nTidewater Ferries run 12 boats.",
        "../../etc/tidewater.md",
        company="Tidewater Ferries",
    )
    assert (report.name, report.status) == ("tidewater.md", "added")
    meta = store.collection("research").get(
        where={"company_key": "tidewater-ferries"}, include=["metadatas"]
    )["metadatas"]
    assert [m["source"] for m in meta] == ["tidewater.md"]
    bad = store.ingest_bytes(b"\x00\x01", "x.exe")
    assert bad.status == "error" and "unsupported file type (.exe)" in bad.message
    pasted = store.ingest_text(
        "Tidewater Ferries plan electric boats by 2030.",
        "pasted notes",
        company="Tidewater Ferries",
    )
    assert (pasted.name, pasted.status) == ("pasted notes.md", "added")


def test_duplicate_sections_in_one_file(store: KnowledgeStore) -> None:
    same = "## Same\n\n" + FILLER.format("the same people")
    text = f"{same}\n\n{same}\n"
    report = store.ingest_text(text, "dupes.md", company="Dupe Co")
    assert (report.status, report.chunks) == ("added", 2)
    assert store.ingest_text(text, "dupes.md", company="Dupe Co").status == "unchanged"


def test_reopened_collection_queries_without_passing_the_embedding_function(
    indexed: tuple[KnowledgeStore, object],
) -> None:
    import chromadb

    store = indexed[0]
    client = chromadb.PersistentClient(path=str(store.settings.chroma_dir))
    col = client.get_collection("guidance")  # no embedding_function: rebuilt from its name
    assert col.configuration["embedding_function"].name() == "interview-coach-minilm-int8"
    assert col.configuration["hnsw"]["space"] == "cosine"
    res = col.query(query_texts=["when to send a thank-you email"], n_results=1)
    assert res["metadatas"][0][0]["source"] == "knowledge/guidance/thank-you-follow-up.md"
    fresh = KnowledgeStore(store.settings)  # a new process would do this
    assert fresh.search("thank-you note timing", k=1)[0].source.endswith("thank-you-follow-up.md")


def test_removed_knowledge_files_leave_the_index(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    (kb / "guidance").mkdir(parents=True)
    (kb / "guidance" / "a.md").write_text("# A\n\n## Alpha tips\n\nAlpha advice.\n")
    (kb / "guidance" / "b.md").write_text("# B\n\n## Beta tips\n\nBeta advice.\n")
    company = kb / "companies" / "gone-co"
    company.mkdir(parents=True)
    (company / "company.yaml").write_text("name: Gone Co\n")
    (company / "research.md").write_text("# Gone Co\n\n## Gone Co mission\n\n" + FILLER.format("x"))
    store = KnowledgeStore(Settings(llm_backend="none", data_dir=tmp_path / "d", knowledge_dir=kb))
    assert store.index_knowledge().count("added") == 3
    assert store.companies() == ["Gone Co"]
    shutil.rmtree(company)
    (kb / "guidance" / "b.md").unlink()
    (kb / "guidance" / "a.md").write_text("# A\n\n## Alpha tips\n\nBetter alpha advice.\n")
    report = store.index_knowledge()
    assert [(f.name, f.status) for f in report.files] == [("knowledge/guidance/a.md", "replaced")]
    docs = store.collection("guidance").get()["documents"]
    assert docs == ["Better alpha advice."]
    assert store.collection("research").count() == 0
    assert store.companies() == []


def test_bad_company_yaml_is_reported(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    (kb / "companies" / "nameless").mkdir(parents=True)
    (kb / "companies" / "nameless" / "company.yaml").write_text("slug: nameless\n")
    store = KnowledgeStore(Settings(llm_backend="none", data_dir=tmp_path / "d", knowledge_dir=kb))
    report = store.index_knowledge()
    assert [(f.name, f.status) for f in report.files] == [("knowledge/companies/nameless", "error")]
    assert report.files[0].message == "nameless/company.yaml: needs a 'name'"
    with pytest.raises(KnowledgeError, match="knowledge folder not found"):
        KnowledgeStore(
            Settings(data_dir=tmp_path / "d", knowledge_dir=tmp_path / "nope")
        ).index_knowledge()


def test_bad_queries(store: KnowledgeStore) -> None:
    with pytest.raises(KnowledgeError, match="query is empty"):
        store.search("   ")
    with pytest.raises(KnowledgeError, match="k must be at least 1"):
        store.search("thank you", k=0)
    with pytest.raises(KnowledgeError, match="unknown collection 'nope'"):
        store.search("thank you", collections=("nope",))


def test_unreachable_chroma_server_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=9)
    with pytest.raises(KnowledgeError, match=r"cannot reach the Chroma server at 127.0.0.1:9"):
        KnowledgeStore(settings).search("anything")


def test_company_key() -> None:
    assert company_key("Clinibell Health") == company_key("clinibell-health") == "clinibell-health"
    assert company_key("  CLINIBELL   health ") == "clinibell-health"
    assert company_key(None) == company_key("") == ""


def test_importing_the_store_does_not_import_chromadb() -> None:
    """chromadb costs over a second to import; the CLI and app pay it only when they search."""
    import subprocess
    import sys

    code = "import interview_coach.knowledge.store, sys; print('chromadb' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "False"), done.stderr
