"""Cold start: seconds from launching ``interview-coach serve`` to the first page served.

Starts the installed command as a user would (``INTERVIEW_COACH_LLM=none`` so no LLM
server is probed or started, fresh data folder each time), polls ``GET /`` until it
returns 200, then stops it. Median of ``--runs`` (default 3). Most of the time is
importing gradio (~5 s on an idle 2-core machine), so the load average is printed.

    .venv/bin/python benchmarks/cold_start.py
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _serve import load_line, serving  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")
    times = []
    env = {"INTERVIEW_COACH_LLM": "none"}
    for _ in range(args.runs):
        with (
            tempfile.TemporaryDirectory(prefix="ic-cold-") as tmp,
            serving(Path(tmp) / "data", env=env) as (_, _, up),
        ):
            times.append(up)
    result = {
        "runs": [round(t, 2) for t in times],
        "median_s": round(statistics.median(times), 2),
        "min_s": round(min(times), 2),
        "max_s": round(max(times), 2),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        runs = ", ".join(f"{t:.1f}" for t in times)
        print(f"interview-coach serve → first page: median {result['median_s']:.1f} s")
        print(f"  runs: {runs} s")
        print(f"  {load_line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
