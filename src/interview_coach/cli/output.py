"""What every command prints the same way: JSON for scripts."""

from __future__ import annotations

import json


def print_json(obj: object) -> None:
    """Indented and with non-ASCII kept, so names and quotes stay readable in a terminal."""
    print(json.dumps(obj, indent=2, ensure_ascii=False))
