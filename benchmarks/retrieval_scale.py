"""Retrieval at scale: query latency of the research store at 10,000 and 100,000 chunks.

Embedding 100,000 chunks for real takes about an hour on 2 cores (~175 chunks/s), so
``--synthetic-vectors`` embeds a few thousand real chunks (``--real``, default 2,000) and
fills the rest with noisy copies of those vectors (Gaussian noise, re-normalised; the copy
keeps its source's text with a numbered suffix), inserted with precomputed embeddings.
Chroma's index then holds the requested number of distinct vectors, so the query figures
are what a store of that size costs; ingest speed is NOT measured this way (see
``benchmarks/retrieval.py`` for real ingest at 10k). Without the flag every chunk is embedded.

Queries go through ``KnowledgeStore.search`` (query embedding + Chroma, the app's path),
half filtered to one company; "index only" times Chroma with a precomputed query vector.

    .venv/bin/python benchmarks/retrieval_scale.py --synthetic-vectors
    .venv/bin/python benchmarks/retrieval_scale.py --synthetic-vectors --sizes 10000,100000,200000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(Path(__file__).parent)]
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from retrieval import CONTEXTS, METRICS, PEOPLE, percentile, rss_mb, section  # noqa: E402

from interview_coach.config import Settings  # noqa: E402
from interview_coach.knowledge import owners  # noqa: E402
from interview_coach.knowledge.store import KnowledgeStore, company_key  # noqa: E402

BATCH = 2000  # Chroma's max batch is larger; this keeps memory flat
# Per-dimension noise of a copy (--noise): cosine to its source about 0.7. At 0.02 (cosine
# ~0.9) each source and its copies form a tight island in the HNSW graph, and Chroma's
# company-filtered search then missed results in about half the queries at 100k ("short").
NOISE = 0.05


def texts(n: int, companies: list[str], seed: int) -> list[tuple[str, str]]:
    """(company, chunk text) pairs from retrieval.py's interview-topic generator."""
    rng = random.Random(seed)
    return [
        (company, section(rng, company, i))
        for i, company in ((i, companies[i % len(companies)]) for i in range(n))
    ]


def fill(
    store: KnowledgeStore,
    start: int,
    stop: int,
    base: list[tuple[str, str]],
    vectors: np.ndarray,
    synthetic: bool,
    rng: np.random.Generator,
    noise: float = NOISE,
) -> float:
    """Insert chunks ``start..stop``; returns seconds spent. Real ones reuse their vectors."""
    from interview_coach.knowledge.embeddings import embed_texts

    col = store.collection("research")
    spent = 0.0
    for lo in range(start, stop, BATCH):
        hi = min(stop, lo + BATCH)
        rows = [base[i % len(base)] for i in range(lo, hi)]
        docs = [
            text if i < len(base) else f"{text} (variant {i})"
            for i, (_, text) in zip(range(lo, hi), rows, strict=True)
        ]
        t = time.perf_counter()
        if not synthetic:
            vecs = embed_texts(docs)
        else:
            idx = np.arange(lo, hi) % len(base)
            vecs = vectors[idx].copy()
            copies = np.arange(lo, hi) >= len(base)
            vecs[copies] += rng.normal(0, noise, size=(int(copies.sum()), vecs.shape[1]))
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        metas = [
            {
                "company": company,
                "company_key": company_key(company),
                "source": f"synthetic-{i // 20:05d}.md",
                "title": f"{company} notes {i}",
                "chunk": i % 20,
                "origin": "upload",
                "owner": owners.LOCAL,  # the local user's uploads, as a single-user install
            }
            for i, (company, _) in zip(range(lo, hi), rows, strict=True)
        ]
        col.add(
            ids=[f"c{i:07d}" for i in range(lo, hi)],
            documents=docs,
            metadatas=metas,
            embeddings=[v.astype(np.float32) for v in vecs],
        )
        spent += time.perf_counter() - t
        print(f"  {hi:,} chunks stored", file=sys.stderr, flush=True)
    return spent


def query_latency(store: KnowledgeStore, companies: list[str], n: int, seed: int) -> dict:
    from interview_coach.knowledge.embeddings import embed_texts

    rng = random.Random(seed)
    full, index_only, short = [], [], 0
    col = store.collection("research")
    for i in range(n):
        query = f"how did {rng.choice(PEOPLE)} improve {rng.choice(METRICS)} {rng.choice(CONTEXTS)}"
        company = rng.choice(companies) if i % 2 else None
        t = time.perf_counter()
        hits = store.search(query, company=company, k=5, collections=("research",))
        full.append((time.perf_counter() - t) * 1000)
        short += len(hits) < 5  # every company has far more than 5 chunks: a recall failure
        vec = embed_texts([query])[0]
        where = owners.research_where(None, company_key(company) if company else "")
        t = time.perf_counter()
        col.query(query_embeddings=[vec], where=where, n_results=5, include=["distances"])
        index_only.append((time.perf_counter() - t) * 1000)
    return {
        "search_p50_ms": statistics.median(full),
        "search_p95_ms": percentile(full, 95),
        "index_p50_ms": statistics.median(index_only),
        "index_p95_ms": percentile(index_only, 95),
        "short_results": short,
    }


def run(
    sizes: list[int],
    real: int,
    synthetic: bool,
    queries: int,
    seed: int,
    data: Path,
    n_co: int,
    noise: float = NOISE,
):
    from interview_coach.knowledge.embeddings import embed_texts

    companies = [f"Scale Co {i:03d}" for i in range(n_co)]
    base = texts(min(real, max(sizes)) if synthetic else max(sizes), companies, seed)
    store = KnowledgeStore(Settings(llm_backend="none", data_dir=data))
    store.search("warm up", k=1)
    vectors = np.zeros((0, 384), dtype=np.float32)
    embed_s = 0.0
    if synthetic:
        t = time.perf_counter()
        order = sorted(range(len(base)), key=lambda i: len(base[i][1]))  # less padding
        vectors = np.empty((len(base), 384), dtype=np.float32)
        for lo in range(0, len(order), 256):
            chunk = order[lo : lo + 256]
            vectors[chunk] = embed_texts([base[i][1] for i in chunk])
            print(f"  {lo + len(chunk):,} real chunks embedded", file=sys.stderr, flush=True)
        embed_s = time.perf_counter() - t
    rng = np.random.default_rng(seed)
    rows, stored, insert_s = [], 0, 0.0
    for size in sorted(sizes):
        insert_s += fill(store, stored, size, base, vectors, synthetic, rng, noise)
        stored = size
        lat = query_latency(store, companies, queries, seed + size)
        current, peak = rss_mb()
        rows.append({"chunks": size, **lat, "rss_mb": current, "peak_rss_mb": peak})
    disk = sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 1e6
    return {
        "mode": "synthetic vectors" if synthetic else "all embedded",
        "noise": noise,
        "real_embedded": len(base),
        "embed_s": embed_s,
        "insert_s": insert_s,
        "disk_mb": disk,
        "companies": len(companies),
        "queries": queries,
        "rows": rows,
        "load_avg_1m": os.getloadavg()[0],
        "cpus": os.cpu_count(),
    }


def table(r: dict) -> str:
    lines = []
    if r["mode"] == "synthetic vectors":
        lines.append(
            f"SYNTHETIC VECTORS: {r['real_embedded']:,} chunks embedded for real "
            f"({r['embed_s']:.0f} s); the rest are noisy copies of their vectors (noise "
            f"{r['noise']:g} per dimension). Query figures only; ingest speed is not measured here."
        )
    else:
        lines.append(f"all {r['real_embedded']:,} chunks embedded for real")
    lines.append(
        f"{'chunks':>8} {'search p50':>11} {'search p95':>11} {'index p50':>10} "
        f"{'index p95':>10} {'RSS MB':>7} {'short':>6}"
    )
    for row in r["rows"]:
        lines.append(
            f"{row['chunks']:>8,} {row['search_p50_ms']:>9.1f}ms {row['search_p95_ms']:>9.1f}ms "
            f"{row['index_p50_ms']:>8.1f}ms {row['index_p95_ms']:>8.1f}ms {row['rss_mb']:>7.0f} "
            f"{row['short_results']:>6}"
        )
    lines.append(
        f"{r['queries']} queries per size (half filtered to one of {r['companies']} companies), "
        f"k=5; insert {r['insert_s']:.0f} s; store on disk {r['disk_mb']:.0f} MB"
    )
    if any(row["short_results"] for row in r["rows"]):
        lines.append(
            "WARNING 'short': searches that returned fewer than k=5 hits although the store "
            "holds far more (Chroma's filtered HNSW search missing them)"
        )
    lines.append(f"load average {r['load_avg_1m']:.2f} on {r['cpus']} cores")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--synthetic-vectors", action="store_true", help="see the module docstring")
    p.add_argument("--sizes", default="10000,100000", help="comma-separated chunk counts")
    p.add_argument("--real", type=int, default=2000, help="chunks embedded for real (synthetic)")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--companies", type=int, help="default: one per 1,000 chunks of the largest")
    p.add_argument("--noise", type=float, default=NOISE, help="per-dimension noise of copies")
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--data-dir", help="keep the store here (default: a temporary folder)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        p.error(f"--sizes must be numbers separated by commas, not {args.sizes!r}")
    if not sizes or sizes[0] < 10 or args.real < 10 or args.queries < 1:
        p.error("sizes and --real must be at least 10, and --queries at least 1")
    if not args.synthetic_vectors and sizes[-1] > 20_000:
        print(
            f"embedding {sizes[-1]:,} chunks for real takes about {sizes[-1] / 175 / 60:.0f} "
            "minutes on 2 cores; --synthetic-vectors measures queries in a few minutes",
            file=sys.stderr,
        )
    with tempfile.TemporaryDirectory(prefix="ic-scale-") as tmp:
        data = Path(args.data_dir or tmp)
        n_co = args.companies or max(1, sizes[-1] // 1000)
        result = run(
            sizes,
            args.real,
            args.synthetic_vectors,
            args.queries,
            args.seed,
            data,
            n_co,
            args.noise,
        )
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
