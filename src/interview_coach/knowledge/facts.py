"""Whole-sentence facts from research, and the words that build questions around them.

A retrieved chunk is a window of text: cut mid-list, headed by a section title, written
in whatever voice its author used. The brief, the research-built interview question and
the suggested questions to ask all need single clean sentences instead, each with the
file it came from, so they can be quoted as written and checked by the candidate.
A sentence counts as a fact when it says something specific (a number, a name, a plan
or a change) and is not the note-taker talking about themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from ..text import sentences as split_sentences

MIN_WORDS, MAX_WORDS = 6, 45
_MARKUP = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+|\*\*|__|`|^#+\s*")
_PERSONAL = re.compile(r"\b(I|I'm|I've|me|my|mine|myself)\b|\bnote to self\b", re.IGNORECASE)
_SPECIFIC = re.compile(r"\d|£|\$|€|%")
_CHANGE = re.compile(
    r"\b(launch\w*|plan\w*|target\w*|aim\w*|goal\w*|priorit\w*|challeng\w*|risk\w*|"
    r"mov(?:e|es|ing) to|migrat\w*|roll\w* out|introduc\w*|expan\w*|grow\w*|bet|"
    r"replac\w*|pilot\w*|new|committed|strategy|by (?:the end of )?20\d\d)\b",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(r"\b(fictional|invented|practice example|for interview-coach)\b", re.I)
_NAME = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


@dataclass(frozen=True)
class Fact:
    text: str  # one whole sentence, as the research wrote it
    source: str  # the file it came from (base name)
    heading: str = ""  # its section heading, for context only

    @property
    def file(self) -> str:
        return PurePath(self.source).name

    @property
    def forward_looking(self) -> bool:
        """A plan, target, launch or challenge: what a question can be built around."""
        return bool(_CHANGE.search(self.text))


def sentences(text: str) -> list[str]:
    """Sentences and list items of a chunk, markup removed, whitespace tidied."""
    out = []
    for raw in split_sentences(text):
        sentence = " ".join(_MARKUP.sub("", raw).split()).strip(" -–—")
        if sentence:
            out.append(sentence)
    return out


def fact_score(sentence: str) -> float:
    """How much a sentence says: 0 for chatter, more for numbers, names and plans."""
    words = sentence.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or sentence.endswith("?"):
        return 0.0
    if _PERSONAL.search(sentence) or not (sentence[0].isupper() or sentence[0].isdigit()):
        return 0.0
    if _DISCLAIMER.search(sentence):
        return 0.0
    if not re.search(r"[.!)\"”]$", sentence) and len(words) < 10:
        return 0.0  # a heading or a label, not a statement
    score = 1.0
    score += 1.0 if _SPECIFIC.search(sentence) else 0.0
    score += 0.5 if _NAME.search(sentence) else 0.0
    score += 1.0 if _CHANGE.search(sentence) else 0.0
    return score


def facts_from_hits(hits: Iterable[object], limit: int = 6, min_score: float = 2.0) -> list[Fact]:
    """The best whole-sentence facts in ``hits`` (best hit first), one per sentence."""
    ranked: list[tuple[float, int, Fact]] = []
    seen: set[str] = set()
    for rank, hit in enumerate(hits):
        text = getattr(hit, "text", "")
        for sentence in sentences(text):
            key = sentence.casefold()
            score = fact_score(sentence)
            if key in seen or score < min_score:
                continue
            seen.add(key)
            fact = Fact(sentence, getattr(hit, "source", ""), getattr(hit, "title", ""))
            ranked.append((score - 0.25 * rank, rank, fact))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    return [fact for _, _, fact in ranked[:limit]]


#: What a brief's key facts should cover: one search each, so no single topic fills the list.
FACT_QUERIES = (
    "what the company does, its products and its customers",
    "plans, targets, launches and challenges for this year",
    "the team, how it works, its culture and benefits",
    "results, growth, revenue and other numbers",
)


def research_facts(search: Callable[[str], Sequence[object]], limit: int = 6) -> list[Fact]:
    """Key facts for a brief: the best sentences from a few topic searches, taken in turn."""
    per_query = [facts_from_hits(search(q), limit=limit) for q in FACT_QUERIES]
    out: list[Fact] = []
    for rank in range(limit):
        for facts in per_query:
            if rank < len(facts) and facts[rank].text not in {f.text for f in out}:
                out.append(facts[rank])
    return out[:limit]


def research_hook(
    queries: Sequence[str], search: Callable[[str], Sequence[object]], known: str = ""
) -> tuple[int, Fact] | None:
    """The (query index, fact) pair that fits best: a question to build around research.

    Each query is a planned interview question; its best research passages are searched and
    their facts scored by how close the passage is, with plans and challenges preferred
    because they make a natural lead-in ("You'd be joining as the team rolls out X").
    A fact the candidate already gave in ``known`` (the job description) is not research.
    """
    seen = " ".join(known.replace("*", "").casefold().split())
    best: tuple[float, int, Fact] | None = None
    for index, query in enumerate(queries):
        for rank, hit in enumerate(list(search(query))[:3]):
            for fact in facts_from_hits([hit], limit=2):
                if " ".join(fact.text.casefold().split()) in seen:
                    continue
                score = float(getattr(hit, "score", 0.0)) - 0.02 * rank
                score += 0.05 if fact.forward_looking else 0.0
                if best is None or score > best[0]:
                    best = (score, index, fact)
    return None if best is None else (best[1], best[2])
