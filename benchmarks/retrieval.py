"""Retrieval benchmark: ingest N synthetic research chunks, then time k=5 searches.

Goes through the real path (chunking, injection scrub, content-hash ids,
batched embedding, Chroma) so the numbers are what `interview-coach ingest`
and the app's search would see. Synthetic text is assembled from interview-
topic vocabulary so that chunks differ enough for HNSW to do real work.

    .venv/bin/python benchmarks/retrieval.py               # 10,000 chunks
    .venv/bin/python benchmarks/retrieval.py --chunks 100000 --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(Path(__file__).parent)]

from _serve import percentile  # noqa: E402,F401  (also sets the offline environment)

from interview_coach.config import Settings  # noqa: E402
from interview_coach.knowledge.store import KnowledgeStore  # noqa: E402

SECTIONS_PER_DOC = 20
TARGETS = {"ingest_chunks_per_s": 100.0, "query_p50_ms": 30.0}

PEOPLE = [
    "the support lead",
    "our data team",
    "a new product manager",
    "the on-call engineer",
    "two designers",
    "the finance partner",
    "a regional sales manager",
    "the QA group",
]
VERBS = [
    "reduced",
    "rebuilt",
    "measured",
    "negotiated",
    "simplified",
    "automated",
    "piloted",
    "escalated",
    "documented",
    "prioritised",
    "migrated",
    "redesigned",
]
THINGS = [
    "the onboarding flow",
    "refund handling",
    "the release process",
    "warehouse picking",
    "appointment reminders",
    "the pricing page",
    "incident reviews",
    "the data pipeline",
    "customer interviews",
    "the hiring loop",
    "energy tariffs",
    "fleet scheduling",
]
METRICS = [
    "churn",
    "response time",
    "error rate",
    "no-shows",
    "cost per order",
    "lead time",
    "customer satisfaction",
    "ticket backlog",
    "conversion",
    "uptime",
]
CONTEXTS = [
    "after a difficult quarter",
    "during a reorganisation",
    "before a regulatory audit",
    "while the team doubled in size",
    "with a fixed budget",
    "under a tight deadline",
    "after a major outage",
    "when a key customer threatened to leave",
]
VALUES = [
    "ownership",
    "curiosity",
    "plain speaking",
    "customer obsession",
    "craft",
    "safety",
    "learning from mistakes",
    "bias for action",
]


def sentence(rng: random.Random) -> str:
    form = rng.randrange(4)
    if form == 0:
        return (
            f"{rng.choice(PEOPLE).capitalize()} {rng.choice(VERBS)} {rng.choice(THINGS)} "
            f"{rng.choice(CONTEXTS)}, and {rng.choice(METRICS)} moved by {rng.randint(2, 60)}%."
        )
    if form == 1:
        return (
            f"The company says it values {rng.choice(VALUES)} and {rng.choice(VALUES)}, "
            f"which shows in how it handles {rng.choice(THINGS)}."
        )
    if form == 2:
        return (
            f"Interviewers often ask how a candidate {rng.choice(VERBS)} {rng.choice(THINGS)} "
            f"and what happened to {rng.choice(METRICS)} as a result."
        )
    return (
        f"In {rng.randint(2015, 2026)} it {rng.choice(VERBS)} {rng.choice(THINGS)} "
        f"for about {rng.randint(20, 900)} customers {rng.choice(CONTEXTS)}."
    )


def section(rng: random.Random, company: str, n: int) -> str:
    """A ## section of 60-120 words: one chunk after splitting."""
    words: list[str] = []
    target = rng.randint(60, 120)
    while len(words) < target:
        words += sentence(rng).split()
    return f"## {company}: {rng.choice(THINGS)} notes {n}\n\n{' '.join(words)}"


def documents(total_chunks: int, seed: int) -> list[tuple[str, str, str]]:
    """(name, company, markdown) triples holding ``total_chunks`` sections in all."""
    rng = random.Random(seed)
    companies = [f"Synthetic Co {i:03d}" for i in range(max(1, total_chunks // 200))]
    docs = []
    for d, start in enumerate(range(0, total_chunks, SECTIONS_PER_DOC)):
        company = companies[d % len(companies)]
        count = min(SECTIONS_PER_DOC, total_chunks - start)
        body = "\n\n".join(section(rng, company, start + i) for i in range(count))
        docs.append((f"doc-{d:05d}.md", company, f"# {company} research {d}\n\n{body}"))
    return docs


def rss_mb() -> tuple[float, float]:
    """Current and peak resident memory in MB (Linux)."""
    current = 0.0
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
    return current, max(current, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def run(chunks: int, queries: int, k: int, seed: int, data_dir: Path) -> dict[str, float]:
    docs = documents(chunks, seed)
    store = KnowledgeStore(Settings(llm_backend="none", data_dir=data_dir))
    store.search("warm up the model and open the collections", k=1)  # load cost is not ingest
    from interview_coach.knowledge.embeddings import embed_texts

    sample = [chunk for _, _, text in docs[:13] for chunk in text.split("\n\n## ")[1:]][:256]
    start = time.perf_counter()
    embed_texts(sample)
    embed_rate = len(sample) / (time.perf_counter() - start)  # the model's ceiling for ingest

    start, cpu_start = time.perf_counter(), time.process_time()
    stored = 0
    for name, company, text in docs:
        report = store.ingest_text(text, name, company=company)
        if report.status == "error":
            raise SystemExit(f"ingest failed: {report.message}")
        stored += report.chunks
        if stored % 2000 < report.chunks:  # long runs (100k chunks) should show they are alive
            rate = stored / (time.perf_counter() - start)
            print(f"  ingested {stored:,} chunks ({rate:.0f}/s)", file=sys.stderr, flush=True)
    ingest_s, ingest_cpu_s = time.perf_counter() - start, time.process_time() - cpu_start

    start = time.perf_counter()
    for name, company, text in docs[: max(1, len(docs) // 10)]:
        assert store.ingest_text(text, name, company=company).status == "unchanged"
    reingest_s = (time.perf_counter() - start) / max(1, len(docs) // 10) * len(docs)

    rng = random.Random(seed + 1)
    companies = sorted({c for _, c, _ in docs})
    latencies = []
    for i in range(queries):
        query = f"how did {rng.choice(PEOPLE)} improve {rng.choice(METRICS)} {rng.choice(CONTEXTS)}"
        company = rng.choice(companies) if i % 2 else None
        t = time.perf_counter()
        hits = store.search(query, company=company, k=k, collections=("research",))
        latencies.append((time.perf_counter() - t) * 1000)
        assert len(hits) == k
    start = time.perf_counter()
    listed = len(store.companies())
    companies_ms = (time.perf_counter() - start) * 1000
    current, peak = rss_mb()
    return {
        "companies": listed,
        "companies_ms": companies_ms,
        "chunks": stored,
        "ingest_s": ingest_s,
        "ingest_chunks_per_s": stored / ingest_s,
        "ingest_cpu_s": ingest_cpu_s,
        "embed_only_chunks_per_s": embed_rate,
        "reingest_unchanged_s": reingest_s,
        "queries": queries,
        "query_p50_ms": statistics.median(latencies),
        "query_p95_ms": percentile(latencies, 95),
        "query_max_ms": max(latencies),
        "rss_mb": current,
        "peak_rss_mb": peak,
        "cpus": os.cpu_count() or 0,
        "load_avg_1m": os.getloadavg()[0],
    }


def table(r: dict[str, float]) -> str:
    def mark(key: str, ok: bool) -> str:
        return (
            f"  (target {'>=' if key.startswith('ingest') else '<='} {TARGETS[key]:g}: "
            f"{'ok' if ok else 'MISSED'})"
        )

    rows = [
        ("chunks ingested", f"{r['chunks']:,.0f}", ""),
        ("ingest time", f"{r['ingest_s']:.1f} s", ""),
        (
            "ingest rate",
            f"{r['ingest_chunks_per_s']:.1f} chunks/s",
            mark("ingest_chunks_per_s", r["ingest_chunks_per_s"] >= TARGETS["ingest_chunks_per_s"]),
        ),
        ("ingest CPU time (all threads)", f"{r['ingest_cpu_s']:.1f} s", ""),
        ("embedding alone (256 chunks)", f"{r['embed_only_chunks_per_s']:.1f} chunks/s", ""),
        ("re-ingest unchanged (est.)", f"{r['reingest_unchanged_s']:.1f} s", ""),
        (
            f"query p50 (k=5, n={r['queries']:.0f})",
            f"{r['query_p50_ms']:.1f} ms",
            mark("query_p50_ms", r["query_p50_ms"] <= TARGETS["query_p50_ms"]),
        ),
        ("query p95", f"{r['query_p95_ms']:.1f} ms", ""),
        ("query max", f"{r['query_max_ms']:.1f} ms", ""),
        (f"companies() ({r['companies']:.0f})", f"{r['companies_ms']:.1f} ms", ""),
        ("RSS now / peak", f"{r['rss_mb']:.0f} / {r['peak_rss_mb']:.0f} MB", ""),
        ("machine", f"{r['cpus']:.0f} CPUs, load {r['load_avg_1m']:.1f}", ""),
    ]
    width = max(len(name) for name, _, _ in rows)
    return "\n".join(f"{name:<{width}}  {value:>20}{note}" for name, value, note in rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--chunks", type=int, default=10_000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--data-dir", help="keep the store here (default: a temporary folder)")
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = p.parse_args(argv)
    if args.chunks < args.k or args.queries < 1:
        p.error("need at least k chunks and one query")
    with tempfile.TemporaryDirectory(prefix="ic-bench-") as tmp:
        result = run(args.chunks, args.queries, args.k, args.seed, Path(args.data_dir or tmp))
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
