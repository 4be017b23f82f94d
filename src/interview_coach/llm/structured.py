"""JSON replies described once, as pydantic models: the schema sent and the check made.

A caller that wants JSON from the model declares a pydantic model; :func:`strict_schema`
turns it into the response format the server constrains its output to (OpenAI's strict
mode: every property required, no extra keys, no titles or ``$ref`` indirection), and
``model_validate`` checks what came back, so the two cannot drift apart. The schema's key
order is fixed (type, properties, items, enum, required, additionalProperties) and
docstrings stay out of it (they are written for us, not the model): requests
are replayed from cassettes byte for byte, and the order is part of the bytes.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

#: Keys in the order the schema is written; anything else (none today) follows.
_ORDER = ("type", "properties", "items", "enum", "required", "additionalProperties")


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON schema as strict response formats want it (see the module doc)."""
    raw = model.model_json_schema()
    defs = raw.get("$defs", {})

    def clean(node: Any) -> Any:
        if isinstance(node, list):
            return [clean(n) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return clean(defs[node["$ref"].rsplit("/", 1)[-1]])
        out = {k: clean(v) for k, v in node.items() if k not in ("title", "description", "$defs")}
        if "properties" in out:
            out["properties"] = {k: clean(v) for k, v in node["properties"].items()}
            out["required"] = list(out["properties"])
            out["additionalProperties"] = False
        ordered = {k: out[k] for k in _ORDER if k in out}
        return {**ordered, **{k: v for k, v in out.items() if k not in ordered}}

    return clean(raw)


def problem(exc: ValidationError) -> str:
    """The first thing wrong with a reply, in a line a log (or the model) can read."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "the reply"
    more = exc.error_count() - 1
    return f"{where}: {first['msg']}" + (f" (+{more} more)" if more else "")


__all__ = ["ValidationError", "problem", "strict_schema"]
