"""How well the opening and motivation rubrics agree with human labels, seen vs unseen.

Usage:
    python benchmarks/interview_types.py                    # both splits, both types
    python benchmarks/interview_types.py --errors seen      # list disagreements (seen only)
    python benchmarks/interview_types.py --json

The labelled set (tests/data/interview_types/labelled.jsonl) is split by author: rules were
written and tuned reading the ``seen`` split only; ``unseen`` (other authors, styles,
companies and industries) is reported as it comes. Each answer's research is every file in
its company folder, read directly (the store path is covered by tests); its job description
is that folder's job-description.md. Accuracy is per criterion: rule says met == label.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from interview_coach.criteria import motivation, opening  # noqa: E402
from interview_coach.criteria.research import FileResearch  # noqa: E402

DATA = ROOT / "tests" / "data" / "interview_types" / "labelled.jsonl"
TARGET = 0.90


def load(path: Path = DATA) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score(row: dict[str, Any]) -> dict[str, bool]:
    folder = ROOT / row["company_dir"]
    jd_path = folder / "job-description.md"
    jd = jd_path.read_text(encoding="utf-8") if jd_path.is_file() else ""
    if row["type"] == "opening":
        ev = opening.evaluate(
            row["question"], row["answer"], job_description=jd, company=row["company"]
        )
    else:
        research = FileResearch.from_paths(
            sorted(
                p
                for p in folder.iterdir()
                if p.is_file() and p.suffix in (".md", ".txt") and p.name != "company.yaml"
            )
        )
        ev = motivation.evaluate(
            row["question"],
            row["answer"],
            research=research,
            job_description=jd,
            company=row["company"],
            focus=row.get("focus"),
        )
    return {c.name: c.met for c in ev.criteria}


def measure(rows: list[dict[str, Any]]) -> dict[str, Any]:
    per: dict[str, list[bool]] = {}
    errors: list[tuple[str, str, bool]] = []
    times = []
    for r in rows:
        t = time.perf_counter()
        got = score(r)
        times.append((time.perf_counter() - t) * 1000)
        for name, gold in r["labels"].items():
            ok = got[name] == gold
            per.setdefault(name, []).append(ok)
            if not ok:
                errors.append((r["id"], name, gold))
    cells = [ok for oks in per.values() for ok in oks]
    return {
        "n": len(rows),
        "criteria": {k: sum(v) / len(v) for k, v in per.items()},
        "overall": sum(cells) / len(cells) if cells else 0.0,
        "median_ms": statistics.median(times) if times else 0.0,
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--errors", choices=["seen"], help="list disagreements on the seen split")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    rows = load()
    results = {
        f"{kind}/{split}": measure([r for r in rows if r["type"] == kind and r["split"] == split])
        for kind in ("opening", "motivation")
        for split in ("seen", "unseen")
    }
    if args.json:
        print(
            json.dumps(
                {k: {x: y for x, y in v.items() if x != "errors"} for k, v in results.items()},
                indent=2,
            )
        )
        return 0
    for kind in ("opening", "motivation"):
        seen, unseen = results[f"{kind}/seen"], results[f"{kind}/unseen"]
        print(
            f"\n{kind}: criterion accuracy (seen n={seen['n']}, unseen n={unseen['n']}; "
            f"* = unseen below {TARGET})"
        )
        print(f"  {'criterion':<24}{'seen':>8}{'unseen':>9}")
        for name in seen["criteria"]:
            u = unseen["criteria"].get(name, float("nan"))
            flag = "*" if u < TARGET else " "
            print(f"  {name:<24}{seen['criteria'][name]:>8.3f}{u:>9.3f}{flag}")
        print(
            f"  {'all criteria':<24}{seen['overall']:>8.3f}{unseen['overall']:>9.3f}"
            f"{'*' if unseen['overall'] < TARGET else ' '}"
        )
        print(
            f"  median {statistics.median([seen['median_ms'], unseen['median_ms']]):.1f} ms "
            "per answer (rules, research read from files)"
        )
    if args.errors:
        for key, m in results.items():
            if key.endswith("/seen"):
                for rid, name, gold in m["errors"]:
                    print(f"{key}: {rid} {name}: label {gold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
