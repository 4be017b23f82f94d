"""The plain-text card for an opening or motivation answer, as ``evaluate`` prints it."""

from __future__ import annotations

import textwrap

from ..models import CriteriaEvaluation

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


def format_card(ev: CriteriaEvaluation) -> str:
    """Criteria met and not, with the words that decided each, then tips and the probe."""
    kind = ev.question_type
    lines = [
        f"{TITLES.get(kind, kind)}: {ev.met} of {len(ev.criteria)} criteria met "
        f"({ev.word_count} words, about {ev.speaking_seconds:.0f} s)"
    ]
    for c in ev.criteria:
        mark = "✓" if c.met else "✗"
        lines.append(f"  {mark} {NAMES.get(c.name, c.name)}")
        sources = c.details.get("sources", [])
        for src in sources:
            lines.append(_wrap(f"“{src['text']}” — in {src['source']}: “{src['quote']}”"))
        for claim in c.details.get("not_in_research", []):
            lines.append(_wrap(f"“{claim['text']}” — not in your research"))
        if c.details.get("requirements"):
            lines.append(_wrap("job asks: " + "; ".join(c.details["requirements"])))
        if not sources:
            for e in c.evidence[:2]:
                lines.append(_wrap(f"“{e.text}”"))
    if ev.tips:
        lines.append("Tips:")
        lines.extend(_wrap(f"- {t}", "  ") for t in ev.tips)
    if ev.to_add:
        lines.append("What you could add:")
        lines.extend(_wrap(f"- {a['text']} ({a['source']})", "  ") for a in ev.to_add)
    if ev.follow_up:
        lines.append(f"An interviewer might ask: {ev.follow_up}")
    lines.extend(f"note: {n}" for n in ev.notes)
    return "\n".join(lines)
