"""Chroma-backed knowledge store: guidance, company research and the question bank.

Retrieval grounds every fact the coach states, so the store must be cheap to
keep fresh: chunk ids are content hashes, which makes re-indexing an unchanged
file a metadata lookup with no embedding at all, and an edited file replaces
exactly its own chunks. chromadb (and the embedding model, which imports it)
load lazily because importing them costs over a second.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..config import Settings
from ..errors import CoachError
from ..models import FileReport, Hit, IngestReport
from . import owners
from .chunking import chunk_document
from .companies import company_name
from .documents import (
    Document,
    DocumentError,
    expand_paths,
    load_bytes,
    load_path,
    scrub_document,
)

COLLECTIONS = ("guidance", "research", "questions")
ADD_BATCH = 256
#: How much wider a company-scoped search looks when the first try came back short.
WIDER_SEARCH = 20


class KnowledgeError(CoachError):
    """The store cannot be used (server unreachable, folder unwritable, bad query)."""


def company_key(name: str | None) -> str:
    """'Clinibell Health', 'clinibell-health' and 'CLINIBELL  HEALTH' all match one company."""
    return re.sub(r"[^0-9a-z]+", "-", (name or "").casefold()).strip("-")


def _query(col: Any, vector: Any, where: dict | None, k: int, wider: int = 1) -> dict:
    """Chroma's nearest ``k``; ``wider`` asks for more (hnswlib then walks more of the graph)."""
    res = col.query(
        query_embeddings=[vector],
        where=where,
        n_results=k * wider,
        include=["documents", "metadatas", "distances"],
    )
    return {key: [res[key][0][:k]] for key in ("ids", "documents", "metadatas", "distances")}


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:32]


class KnowledgeStore:
    """One Chroma client and its three collections; safe to share between threads."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: Any = None
        self._collections: dict[str, Any] = {}
        self._lock = threading.RLock()

    # --- plumbing ----------------------------------------------------------------------------

    @property
    def client(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = self._connect()
            return self._client

    def _connect(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        from . import embeddings  # noqa: F401  (registers the embedding function by name)

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        s = self.settings
        if s.chroma_host:
            try:
                client = chromadb.HttpClient(
                    host=s.chroma_host, port=s.chroma_port, settings=chroma_settings
                )
                client.heartbeat()
            except Exception as exc:
                raise KnowledgeError(
                    f"cannot reach the Chroma server at {s.chroma_host}:{s.chroma_port} "
                    f"({type(exc).__name__}); is it running?"
                ) from exc
            return client
        try:
            s.chroma_dir.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(s.chroma_dir), settings=chroma_settings)
        except Exception as exc:
            raise KnowledgeError(
                f"cannot open the knowledge store in {s.chroma_dir}: {exc}"
            ) from exc

    def collection(self, name: str) -> Any:
        if name not in COLLECTIONS:
            raise KnowledgeError(
                f"unknown collection {name!r}; use one of {', '.join(COLLECTIONS)}"
            )
        with self._lock:
            if name not in self._collections:
                from .embeddings import CoachEmbeddingFunction

                self._collections[name] = self.client.get_or_create_collection(
                    name,
                    embedding_function=CoachEmbeddingFunction(),
                    configuration={"hnsw": {"space": "cosine"}},
                )
            return self._collections[name]

    def counts(self) -> dict[str, int]:
        return {name: self.collection(name).count() for name in COLLECTIONS}

    def _add(self, col: Any, ids: list[str], docs: list[str], metas: list[dict]) -> None:
        """Embed and upsert in batches: one call per chunk would be many times slower."""
        from .embeddings import embed_texts

        for start in range(0, len(ids), ADD_BATCH):
            batch = range(start, min(start + ADD_BATCH, len(ids)))
            # Similar lengths share a padded batch inside the embedder, so less padding is computed.
            order = sorted(batch, key=lambda n: len(docs[n]))
            vectors = embed_texts([docs[n] for n in order])
            col.upsert(
                ids=[ids[n] for n in order],
                documents=[docs[n] for n in order],
                metadatas=[metas[n] for n in order],
                embeddings=list(vectors),
            )

    # --- writing -----------------------------------------------------------------------------

    def _store_document(
        self,
        collection: str,
        doc: Document,
        company: str | None,
        source: str,
        origin: str,
        owner: str = owners.SHARED,
    ) -> FileReport:
        """Make the store hold exactly this document's chunks, embedding only new ones.

        ``owner`` is the user the research belongs to (:mod:`.owners`): a file replaces only
        its owner's earlier copy, and only its owner (or everyone, when shared) finds it.
        """
        col = self.collection(collection)
        key = company_key(company)
        if key or collection == "research":  # every research owner is registered, and
            registry = self._registry()  # a company's first spelling stays its display name
            names = registry.setdefault(owner, {})
            if key:
                company = names.setdefault(key, (company or "").strip())
            self._save_registry(registry)
        chunks = chunk_document(doc)
        ids, docs, metas, seen = [], [], [], {}
        for i, chunk in enumerate(chunks):
            occurrence = seen.get(chunk.text, 0)
            seen[chunk.text] = occurrence + 1
            mine = (owner,) if owner != owners.SHARED else ()  # shared ids predate owners
            ids.append(_hash(collection, *mine, key, source, chunk.text, str(occurrence)))
            docs.append(chunk.text)
            metas.append(
                {
                    "company": (company or "").strip() if key else "",
                    "company_key": key,
                    "source": source,
                    "title": chunk.title,
                    "doc_title": doc.title,
                    "chunk": i,
                    "content_hash": _hash(chunk.text),
                    "origin": origin,
                    "owner": owner,
                }
            )
        old = col.get(where=owners.own_copy(owner, source, key), include=["metadatas"])
        old_meta = dict(zip(old["ids"], old["metadatas"], strict=True))
        new = [n for n, i in enumerate(ids) if i not in old_meta]
        stale = [i for i in old_meta if i not in set(ids)]
        moved = [n for n, i in enumerate(ids) if i in old_meta and old_meta[i] != metas[n]]
        note = "; ".join(doc.warnings)
        if not new and not stale and not moved:
            return FileReport(
                source, "unchanged", len(ids), note or "already indexed", doc.warnings
            )
        self._add(col, [ids[n] for n in new], [docs[n] for n in new], [metas[n] for n in new])
        if moved:  # same text, new position or title: no need to embed again
            col.update(ids=[ids[n] for n in moved], metadatas=[metas[n] for n in moved])
        if stale:
            col.delete(ids=stale)
        message = f"{len(ids)} chunks ({len(new)} new, {len(stale)} removed)"
        status = "replaced" if old_meta else "added"
        return FileReport(
            source, status, len(ids), "; ".join([message, *doc.warnings]), doc.warnings
        )

    def _guarded(self, name: str, work: Callable[[], FileReport]) -> FileReport:
        try:
            return work()
        except DocumentError as exc:
            return FileReport(name, "error", message=str(exc))

    def ingest(
        self,
        paths: Iterable[str | Path],
        company: str | None = None,
        *,
        user: str | None = None,
        shared: bool = False,
    ) -> IngestReport:
        """Add ``user``'s research files (folders recurse); one bad file never stops the others.

        ``shared`` files everyone reads (like the shipped samples): for an operator's opt-in.
        """
        owner = owners.SHARED if shared else owners.owner_of(user)
        report = IngestReport()
        done: set[str] = set()
        for path, problem in expand_paths(paths):
            if not problem and path.name in done:
                problem = f"{path.name}: another file with this name was already ingested"
            if problem:
                report.files.append(FileReport(str(path), "error", message=problem))
                continue
            done.add(path.name)
            work = lambda p=path: self._research(load_path(p), company, owner)  # noqa: E731
            report.files.append(self._guarded(path.name, work))
        return report

    def ingest_bytes(
        self,
        data: bytes,
        filename: str,
        company: str | None = None,
        *,
        user: str | None = None,
        shared: bool = False,
    ) -> FileReport:
        """An uploaded file: ``filename`` picks the loader; any directories in it are ignored."""
        owner = owners.SHARED if shared else owners.owner_of(user)
        load = lambda: self._research(load_bytes(data, filename), company, owner)  # noqa: E731
        return self._guarded(filename, load)

    def ingest_text(
        self,
        text: str,
        name: str,
        company: str | None = None,
        *,
        user: str | None = None,
        shared: bool = False,
    ) -> FileReport:
        """Pasted research notes, treated as Markdown (``.md`` is added to a bare ``name``)."""
        name = name if Path(name).suffix else f"{name}.md"
        return self.ingest_bytes(text.encode("utf-8"), name, company, user=user, shared=shared)

    def _research(self, doc: Document, company: str | None, owner: str) -> FileReport:
        doc = scrub_document(doc)
        return self._store_document("research", doc, company, doc.name, "upload", owner)

    def index_knowledge(self) -> IngestReport:
        """Index the shipped knowledge/ folder; unchanged files cost one lookup, no embedding."""
        root = Path(self.settings.knowledge_dir)
        if not root.is_dir():
            raise KnowledgeError(f"knowledge folder not found: {root}")
        report = IngestReport()
        sources: dict[str, set[str]] = {"guidance": set(), "research": set()}

        def index_file(collection: str, path: Path, company: str | None) -> None:
            source = f"knowledge/{path.relative_to(root).as_posix()}"
            sources[collection].add(source)
            work = lambda: self._store_document(  # noqa: E731
                collection, scrub_document(load_path(path)), company, source, "knowledge"
            )
            report.files.append(self._guarded(source, work))

        for path in sorted((root / "guidance").glob("*.md")):
            index_file("guidance", path, None)
        for folder in sorted(p for p in (root / "companies").glob("*") if p.is_dir()):
            try:
                name = company_name(folder)
            except DocumentError as exc:
                report.files.append(
                    FileReport(f"knowledge/companies/{folder.name}", "error", message=str(exc))
                )
                continue
            for filename in ("research.md", "job-description.md"):
                if (folder / filename).is_file():
                    index_file("research", folder / filename, name)
        for collection, keep in sources.items():
            col = self.collection(collection)
            old = col.get(where={"origin": "knowledge"}, include=["metadatas"])
            gone = [
                i
                for i, m in zip(old["ids"], old["metadatas"], strict=True)
                if m["source"] not in keep
            ]
            if gone:
                col.delete(ids=gone)
                self._forget_empty_companies({m["company_key"] for m in old["metadatas"]})
        if (root / "questions.yaml").is_file():
            work = lambda: self._index_questions(root)  # noqa: E731
            report.files.append(self._guarded("knowledge/questions.yaml", work))
        return report

    def _index_questions(self, root: Path) -> FileReport:
        path, source = root / "questions.yaml", "knowledge/questions.yaml"
        try:
            items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise DocumentError(f"{path.name}: cannot read the question bank ({exc})") from exc
        if not isinstance(items, list) or not all(
            isinstance(q, dict) and q.get("id") and q.get("text") for q in items
        ):
            raise DocumentError(f"{path.name}: expected a list of items with 'id' and 'text'")
        col = self.collection("questions")
        old = col.get(include=["metadatas"])
        old_hash = {
            i: m.get("content_hash") for i, m in zip(old["ids"], old["metadatas"], strict=True)
        }
        rows: dict[str, tuple[str, dict]] = {}
        for q in items:
            meta = {
                "question_id": str(q["id"]),
                "competencies": ",".join(map(str, q.get("competencies") or [])),
                "seniority": ",".join(map(str, q.get("seniority") or [])),
                "source": source,
                "title": str(q["id"]),
            }
            meta["content_hash"] = _hash(str(q["text"]), meta["competencies"], meta["seniority"])
            rows[str(q["id"])] = (str(q["text"]), meta)
        changed = [i for i, (_, m) in rows.items() if old_hash.get(i) != m["content_hash"]]
        gone = [i for i in old_hash if i not in rows]
        if not changed and not gone:
            return FileReport(source, "unchanged", len(rows), "already indexed")
        if changed:
            self._add(col, changed, [rows[i][0] for i in changed], [rows[i][1] for i in changed])
        if gone:
            col.delete(ids=gone)
        status = "replaced" if old_hash else "added"
        return FileReport(source, status, len(rows), f"{len(changed)} questions (re)embedded")

    # --- reading -----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        company: str | None = None,
        k: int = 5,
        collections: Sequence[str] = ("guidance", "research"),
        *,
        user: str | None = None,
    ) -> list[Hit]:
        """Best ``k`` chunks across collections; a company narrows research, never guidance.

        Research comes only from ``user``'s own uploads and the shared samples (:mod:`.owners`).

        Dense candidates from every collection (cosine scores compare directly, one embedder)
        are reordered by :func:`ranking.hybrid_order`, which fuses them with BM25 on the
        question's rare words; a text that appears twice (a page saved twice, a repeated
        paragraph) comes back once. ``Hit.score`` stays the cosine similarity, which callers
        use as a relevance floor.
        """
        from .embeddings import embed_texts
        from .ranking import POOL, hybrid_order

        query = (query or "").strip()
        if not query:
            raise KnowledgeError("the search query is empty")
        if k < 1:
            raise KnowledgeError(f"k must be at least 1 (got {k})")
        key = company_key(company)
        vector = embed_texts([query])[0]
        pool = max(k, POOL)
        candidates: dict[str, Hit] = {}  # normalised text -> best hit with that text
        present = set(self._registry()) if "research" in collections else None
        for name in collections:
            col = self.collection(name)
            where = owners.research_where(user, key, present) if name == "research" else None
            res = _query(col, vector, where, pool)
            # HNSW filters after its graph walk, so in a big store a company's (or a user's)
            # chunks can fall outside the walk: when there are more of them, search wider.
            short = len(res["ids"][0])
            more = where is not None and short < pool
            if more and len(col.get(where=where, limit=pool)["ids"]) > short:
                res = _query(col, vector, where, pool, wider=WIDER_SEARCH)
            for text, meta, dist in zip(
                res["documents"][0], res["metadatas"][0], res["distances"][0], strict=True
            ):
                hit = Hit(
                    text=text,
                    source=str(meta.get("source", "")),
                    title=str(meta.get("title", "")),
                    company=meta.get("company") or None,
                    collection=name,
                    score=round(1.0 - float(dist), 4),
                )
                same = " ".join(text.casefold().split())
                if same not in candidates or candidates[same].score < hit.score:
                    candidates[same] = hit
        dense = sorted(candidates.values(), key=lambda h: h.score, reverse=True)
        order = hybrid_order(query, [f"{h.title}\n{h.text}" for h in dense])
        return [dense[i] for i in order[:k]]

    def search_questions(self, query: str, k: int = 5) -> list[tuple[str, float]]:
        """Question-bank ids most similar to ``query`` (e.g. a job description), best first."""
        return [(h.title, h.score) for h in self.search(query, k=k, collections=("questions",))]

    def companies(self, user: str | None = None) -> list[str]:
        """Companies ``user`` has research on (their own and the shared samples), one name each."""
        return owners.company_names(self._registry(), user)

    # --- the company registry: key -> display name, kept in the research collection's
    # metadata so that listing companies never scans every chunk (100k chunks take seconds).

    def _registry(self) -> dict[str, dict[str, str]]:
        """{owner: {company key: display name}}, read fresh (another process may have written)."""
        self.collection("research")  # creates it on first use
        col = self.client.get_collection("research")
        registry = owners.load_registry(col.metadata)
        if registry is not None:
            return registry
        return self._adopt_unowned()

    def _adopt_unowned(self) -> dict[str, dict[str, str]]:
        """Give owners to chunks stored before owners existed, and build the registry once."""
        registry: dict[str, dict[str, str]] = {}
        for name in ("guidance", "research"):
            col = self.collection(name)
            got = col.get(include=["metadatas"])
            fix: dict[str, dict] = {}
            for chunk_id, meta in zip(got["ids"], got["metadatas"], strict=True):
                if meta.get("owner") is None:
                    meta = fix[chunk_id] = {**meta, "owner": owners.legacy_owner(meta)}
                if name == "research":
                    names = registry.setdefault(meta["owner"], {})
                    if key := meta.get("company_key"):
                        names.setdefault(key, meta.get("company") or key)
            ids = list(fix)
            for start in range(0, len(ids), ADD_BATCH):
                batch = ids[start : start + ADD_BATCH]
                col.update(ids=batch, metadatas=[fix[i] for i in batch])
        self._save_registry(registry)
        return registry

    def _save_registry(self, registry: dict[str, dict[str, str]]) -> None:
        col = self.client.get_collection("research")
        raw = owners.dump_registry(registry)
        if (col.metadata or {}).get(owners.REGISTRY_KEY) != raw:
            col.modify(metadata={owners.REGISTRY_KEY: raw})

    def _forget_empty_companies(self, keys: set[str]) -> None:
        """Shipped companies whose files are gone leave the shared list."""
        col, registry = self.collection("research"), self._registry()
        shared = registry.get(owners.SHARED, {})
        for key in keys - {""}:
            where = {"$and": [{"company_key": key}, {"owner": owners.SHARED}]}
            if not col.get(where=where, limit=1, include=[])["ids"]:
                shared.pop(key, None)
        self._save_registry(registry)
