"""A reply to a follow-up completes the answer it follows.

Scored as one text, the answer and its reply read like a story told out of order: the
scene given in reply to "can you set the scene?" comes last, where the rules do not look for
a situation, so the part the candidate just supplied would not count and the same tip would
come back. The exchange is therefore also scored with the reply first (where a scene, a task
or a correction belongs), and any part that reads better that way replaces the part from
the joined text, with its evidence mapped back to where the words really are.
"""

from __future__ import annotations

from typing import Any

from ..models import COMPONENTS
from .scorer import analyse


def complete_with_reply(
    components: dict[str, dict[str, Any]], text: str, reply_from: int
) -> tuple[dict[str, dict[str, Any]], list[str], bool]:
    """Components of ``text`` (answer, then the reply from ``reply_from``) with the reply's parts.

    Returns the components, the parts the reply supplied, and whether a result that now
    counts has numbers (so ``quantified_result`` follows it).
    """
    answer, reply = text[:reply_from].rstrip(), text[reply_from:]
    if not reply.strip() or not answer:
        return components, [], False
    sep = "\n"
    reordered = reply + sep + answer
    an = analyse(reordered)
    if an.gibberish:
        return components, [], False
    cut = len(reply) + len(sep)

    def back(span: dict[str, Any]) -> dict[str, Any] | None:
        start, end = span["start"], span["end"]
        if end <= len(reply):
            return {"start": start + reply_from, "end": end + reply_from, "text": span["text"]}
        if start >= cut:
            return {"start": start - cut, "end": end - cut, "text": span["text"]}
        return None  # straddles the join: no such span in the real text

    supplied: list[str] = []
    out = dict(components)
    for c in COMPONENTS:
        if an.scores[c] <= out[c]["score"]:
            continue
        spans = [s for s in (back(s) for s in an.evidence(c)) if s]
        if not any(s["start"] >= reply_from for s in spans):
            continue  # better only because of the new order, not because of the reply
        out[c] = {
            **out[c],
            "score": an.scores[c],
            "evidence": sorted(spans, key=lambda s: s["start"]),
        }
        supplied.append(c)
    return out, supplied, "result" in supplied and an.quantified_result
