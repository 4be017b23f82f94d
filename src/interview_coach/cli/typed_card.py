"""The plain-text card for an opening or motivation answer, as ``evaluate`` prints it."""

from __future__ import annotations

import textwrap
from typing import Any

NAMES = {
    "present_role": "Where you are now",
    "strengths_match_job": "Strengths the job asks for",
    "quantified_achievement": "A number for what you achieved",
    "why_now": "Why this move, why now",
    "length_60_120s": "One to two minutes",
    "not_life_story": "Starts from today, not school",
    "not_resume_readout": "Not the CV read out",
    "linked_to_role": "Linked to this role",
    "research_fact": "A fact from your research",
    "specific": "Something specific about them",
    "own_goals": "Tied to your own goals",
    "no_generic_praise": "No generic praise",
    "role_match": "The job's duties matched to your experience",
}
TITLES = {"opening": "Tell me about yourself", "motivation": "Why us / why this role"}


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(text, 96, initial_indent=indent, subsequent_indent=indent)


def format_card(d: dict[str, Any]) -> str:
    """Criteria met and not, with the words that decided each, then tips and the probe."""
    kind = d["question_type"]
    lines = [
        f"{TITLES.get(kind, kind)}: {d['met']} of {d['total']} criteria met "
        f"({d['word_count']} words, about {d['speaking_seconds']:.0f} s)"
    ]
    for c in d["criteria"]:
        mark = "✓" if c["met"] else "✗"
        lines.append(f"  {mark} {NAMES.get(c['name'], c['name'])}")
        for src in c.get("sources", []):
            lines.append(_wrap(f"“{src['text']}” — in {src['source']}: “{src['quote']}”"))
        for claim in c.get("not_in_research", []):
            lines.append(_wrap(f"“{claim['text']}” — not in your research"))
        if c.get("requirements"):
            lines.append(_wrap("job asks: " + "; ".join(c["requirements"])))
        if not c.get("sources"):
            for e in c["evidence"][:2]:
                lines.append(_wrap(f"“{e['text']}”"))
    if d["tips"]:
        lines.append("Tips:")
        lines.extend(_wrap(f"- {t}", "  ") for t in d["tips"])
    if d["to_add"]:
        lines.append("What you could add:")
        lines.extend(_wrap(f"- {a['text']} ({a['source']})", "  ") for a in d["to_add"])
    if d["follow_up"]:
        lines.append(f"An interviewer might ask: {d['follow_up']}")
    lines.extend(f"note: {n}" for n in d["notes"])
    return "\n".join(lines)
