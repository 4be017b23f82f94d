"""STAR scorer throughput: answers per second, rules only, on the labelled answers.

``benchmarks/star_accuracy.py`` reports the median milliseconds per answer; this turns the
same work into a capacity figure: how many answers one process scores per second, single
threaded and with one thread per core (the app scores in request threads). The whole
``evaluate`` is timed (rules, coaching tips, relevance with the embedding model), after a
warm-up that loads the model.

    .venv/bin/python benchmarks/star_throughput.py
    .venv/bin/python benchmarks/star_throughput.py --rounds 5 --json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from interview_coach.star import evaluate  # noqa: E402

DATA = ROOT / "tests" / "data" / "star_labelled.jsonl"


def load(path: Path) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [(r["question"], r["answer"]) for r in rows]


def score_all(items: list[tuple[str, str]]) -> None:
    for question, answer in items:
        evaluate(question, answer)


def single(items: list[tuple[str, str]], rounds: int) -> tuple[float, float]:
    """(answers/s wall, answers/s of CPU time), best round."""
    best_wall = best_cpu = float("inf")
    for _ in range(rounds):
        t, c = time.perf_counter(), time.process_time()
        score_all(items)
        best_wall = min(best_wall, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    return len(items) / best_wall, len(items) / best_cpu


def threaded(items: list[tuple[str, str]], threads: int, rounds: int) -> float:
    """Answers/s with ``threads`` threads sharing the list (the GIL is what this measures)."""
    best = float("inf")
    for _ in range(rounds):
        parts = [items[i::threads] for i in range(threads)]
        workers = [threading.Thread(target=score_all, args=(p,)) for p in parts]
        t = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        best = min(best, time.perf_counter() - t)
    return len(items) / best


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if not args.data.is_file():
        p.error(f"no labelled answers at {args.data}")
    items = load(args.data)
    evaluate(*items[0])  # loads the embedding model once; not part of the figure
    words = sum(len(a.split()) for _, a in items) / len(items)
    wall, cpu = single(items, max(1, args.rounds))
    cores = os.cpu_count() or 1
    multi = threaded(items, cores, max(1, args.rounds))
    result = {
        "answers": len(items),
        "mean_words": round(words, 1),
        "answers_per_s": round(wall, 1),
        "answers_per_cpu_s": round(cpu, 1),
        "ms_per_answer": round(1000 / wall, 2),
        f"answers_per_s_{cores}_threads": round(multi, 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"STAR scorer (rules) on {len(items)} labelled answers, {words:.0f} words on average")
    print(f"  one thread:    {wall:7.1f} answers/s  ({1000 / wall:.1f} ms per answer)")
    print(f"  per CPU second:{cpu:7.1f} answers/s")
    print(f"  {cores} threads:     {multi:7.1f} answers/s")
    print(f"  load average {os.getloadavg()[0]:.2f} on {cores} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
