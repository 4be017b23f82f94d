"""How well the STAR scorer agrees with human labels, and how fast it is.

Usage:
    python benchmarks/star_accuracy.py                 # rules scorer, dev and holdout
    python benchmarks/star_accuracy.py --llm auto      # also the LLM judge, if one is configured
    python benchmarks/star_accuracy.py --check         # exit 1 if the dev split misses a target
    python benchmarks/star_accuracy.py --split dev     # one split (tuning never uses holdout)

Rules were tuned on the ``dev`` split only; ``holdout`` is reported as it comes.
Presence accuracy compares score > 0 with label > 0; QWK is quadratic weighted
kappa on the 0/1/2 scores. Timing is the median wall time of ``evaluate`` per answer
(best of three runs each) after the embedding model is loaded, and of the rules alone;
the machine's load average is printed because other processes skew it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from interview_coach.star import COMPONENTS, evaluate  # noqa: E402
from interview_coach.star.scorer import analyse  # noqa: E402

DATA = ROOT / "tests" / "data" / "star_labelled.jsonl"
TARGETS = {"presence": 0.90, "qwk": 0.70, "median_ms": 20.0}


def load_labelled(path: Path = DATA, split: str | None = None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if split is None or r["split"] == split]


def qwk(gold: list[int], pred: list[int], k: int = 3) -> float:
    """Quadratic weighted kappa; 1.0 when both sides use a single identical value."""
    observed = [[0.0] * k for _ in range(k)]
    for g, p in zip(gold, pred, strict=True):
        observed[g][p] += 1
    n = len(gold)
    rows = [sum(observed[i]) for i in range(k)]
    cols = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            w = (i - j) ** 2 / (k - 1) ** 2
            num += w * observed[i][j]
            den += w * rows[i] * cols[j] / n
    return 1.0 if den == 0 else 1 - num / den


def measure(rows: Iterable[dict[str, Any]], score: Callable[[dict], dict]) -> dict[str, Any]:
    """Agreement of ``score(row) -> evaluate-JSON`` with the labels of ``rows``."""
    rows = list(rows)
    preds = [score(r) for r in rows]
    out: dict[str, Any] = {"n": len(rows), "components": {}}
    for c in COMPONENTS:
        gold = [r["labels"][c] for r in rows]
        pred = [p["components"][c]["score"] for p in preds]
        out["components"][c] = {
            "presence": sum((g > 0) == (p > 0) for g, p in zip(gold, pred, strict=True))
            / len(rows),
            "exact": sum(g == p for g, p in zip(gold, pred, strict=True)) / len(rows),
            "qwk": qwk(gold, pred),
        }
    for key in ("quantified_result", "ownership", "hypothetical"):
        out[key] = sum(r[key] == p[key] for r, p in zip(rows, preds, strict=True)) / len(rows)
    if all("off_topic" in p for p in preds):
        out["on_topic"] = sum(
            r["on_topic"] != p["off_topic"] for r, p in zip(rows, preds, strict=True)
        ) / len(rows)
    return out


def timing(rows: list[dict[str, Any]], repeats: int = 3) -> dict[str, float]:
    """Median over answers of the best of ``repeats`` runs (other processes add noise).

    CPU time is reported too: it barely moves with the machine's load, wall time does.
    """
    evaluate(rows[0]["question"], rows[0]["answer"])  # load the embedding model once
    full, cpu, rules = [], [], []
    for r in rows:
        best = {"full": float("inf"), "cpu": float("inf"), "rules": float("inf")}
        for _ in range(repeats):
            t, c = time.perf_counter(), time.process_time()
            evaluate(r["question"], r["answer"])
            best["full"] = min(best["full"], (time.perf_counter() - t) * 1000)
            best["cpu"] = min(best["cpu"], (time.process_time() - c) * 1000)
            t = time.perf_counter()
            analyse(r["answer"])
            best["rules"] = min(best["rules"], (time.perf_counter() - t) * 1000)
        full.append(best["full"])
        cpu.append(best["cpu"])
        rules.append(best["rules"])
    return {
        "median_ms": statistics.median(full),
        "cpu_median_ms": statistics.median(cpu),
        "rules_median_ms": statistics.median(rules),
    }


def rules_scorer(row: dict[str, Any]) -> dict[str, Any]:
    return evaluate(row["question"], row["answer"]).to_dict()


def meets_targets(m: dict[str, Any]) -> list[str]:
    """Names of the targets ``m`` misses (empty when all are met)."""
    misses = []
    for c, v in m["components"].items():
        if v["presence"] < TARGETS["presence"]:
            misses.append(f"{c} presence {v['presence']:.3f}")
        if v["qwk"] < TARGETS["qwk"]:
            misses.append(f"{c} QWK {v['qwk']:.3f}")
    return misses


def table(title: str, m: dict[str, Any]) -> str:
    ok = lambda good: " " if good else "*"  # noqa: E731
    lines = [f"{title} (n={m['n']})", f"  {'component':<12}{'presence':>10}{'exact':>8}{'QWK':>8}"]
    for c, v in m["components"].items():
        lines.append(
            f"  {c:<12}{v['presence']:>9.3f}{ok(v['presence'] >= TARGETS['presence'])}"
            f"{v['exact']:>8.3f}{v['qwk']:>7.3f}{ok(v['qwk'] >= TARGETS['qwk'])}"
        )
    checks = ["quantified_result", "ownership", "hypothetical", "on_topic"]
    lines.append("  " + "  ".join(f"{k} {m[k]:.3f}" for k in checks if k in m))
    if "median_ms" in m:
        lines.append(
            f"  median {m['median_ms']:.1f} ms per answer"
            f"{ok(m['median_ms'] <= TARGETS['median_ms'])} "
            f"(CPU {m['cpu_median_ms']:.1f} ms; rules alone {m['rules_median_ms']:.2f} ms, the "
            "rest is the relevance embedding)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--llm", choices=["none", "auto"], default="none")
    p.add_argument("--check", action="store_true", help="exit 1 if dev misses a target")
    p.add_argument("--json", action="store_true")
    p.add_argument("--split", choices=["dev", "holdout"], help="score this split only")
    args = p.parse_args(argv)
    splits = (args.split,) if args.split else ("dev", "holdout")

    results: dict[str, Any] = {}
    for split in splits:
        rows = load_labelled(args.data, split)
        if not rows:
            continue
        m = measure(rows, rules_scorer)
        m.update(timing(rows))
        results[f"rules/{split}"] = m
    if args.llm == "auto":
        from interview_coach.config import load_settings
        from interview_coach.llm.client import open_llm

        settings = load_settings()
        backend, llm = open_llm(settings)
        if llm is None or not backend.judge_capable:
            print(f"no judge-capable LLM configured ({backend.reason}); judge rows skipped")
        else:
            for split in splits:
                rows = load_labelled(args.data, split)
                results[f"judge/{split}"] = measure(
                    rows,
                    lambda r: evaluate(
                        r["question"], r["answer"], llm=llm, settings=settings
                    ).to_dict(),
                )
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(
            f"STAR scorer agreement with {args.data.name} (* = below target: presence "
            f">= {TARGETS['presence']}, QWK >= {TARGETS['qwk']}, <= {TARGETS['median_ms']} ms)"
        )
        for name, m in results.items():
            print()
            print(table(name, m))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"\nload average during the run: {load:.2f} on {os.cpu_count()} cores")
    misses = meets_targets(results["rules/dev"]) if "rules/dev" in results else ["no dev rows"]
    if args.check and misses:
        print("dev misses targets: " + "; ".join(misses), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
