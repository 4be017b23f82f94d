"""How much of the prompt-injection corpus the research scrubber keeps out of the store.

Prints, for the seen variants (the rules were designed on them) and the unseen ones (written
apart, never used for tuning) side by side: how many files still carry the planted
instruction after loading and scrubbing, which ones, and how many lines of the shipped
research and guidance (no instructions in them) were removed by mistake.

    .venv/bin/python benchmarks/injection.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from interview_coach.knowledge.documents import (  # noqa: E402
    DocumentError,
    load_path,
    scrub_document,
)
from interview_coach.untrusted import skeleton  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "injection_variants"
HARM = re.compile(r"withdraw|retir\w* (?:votre|su) candidatur|zuruckziehen|never hire", re.I)


def reaches_store(path: Path) -> bool:
    try:
        text = scrub_document(load_path(path)).text
    except DocumentError:
        return False  # nothing indexed at all
    return bool(HARM.search(skeleton(text)[0]))


def main() -> int:
    start = time.perf_counter()
    for group in ("seen", "unseen"):
        kinds = {".md", ".html", ".pdf"}
        files = sorted(p for p in (CORPUS / group).iterdir() if p.suffix in kinds)
        through = [p.name for p in files if reaches_store(p)]
        kept_out = len(files) - len(through)
        print(f"{group:<7} kept out of the store: {kept_out}/{len(files)}", end="")
        print(f"  (reach it: {', '.join(through)})" if through else "")
    removed = lines = 0
    for path in sorted((ROOT / "knowledge").rglob("*.md")):
        doc = load_path(path)
        lines += doc.text.count("\n") + 1
        removed += len(scrub_document(doc).warnings)
    print(f"false positives: {removed} files with removed lines, of {lines} shipped lines")
    print(f"time: {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
