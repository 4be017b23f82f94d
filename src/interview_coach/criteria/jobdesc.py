"""What a job description asks for, and which of it an answer claims.

"Name two or three strengths tied to the job" can only be checked against the job's own
words: each bullet (or sentence) under a responsibilities or requirements heading becomes a
requirement, and an answer's sentence about the candidate meets it when they share at least
two of its distinctive stems. Stems common to every job ("experience", "years", "strong")
are ignored, and stems that recur across many requirements count for less.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..text import list_items
from .text import Span, content_stems, number_values, sentences, stem, stem_groups

_GENERIC_TEXT = (
    "experience experienced years year strong ability able skills skill skilled including "
    "include work working role job good great clear clearly evidence track record comfort "
    "comfortable knowledge demonstrated proven plus similar such etc responsibilities "
    "requirements looking someone candidate ideally preferably degree equivalent new help "
    "helping ensure across within using use closely day through better per"
)
_GENERIC = {stem(w) for w in _GENERIC_TEXT.split()}
#: A few everyday words for what job descriptions say formally ("devs" for engineers).
_SYNONYMS = {
    stem(a): stem(b)
    for a, b in (
        ("dev", "engineers"),
        ("devs", "engineers"),
        ("sprints", "agile"),
        ("scrum", "agile"),
        ("users", "customers"),
        ("clients", "customers"),
        ("members", "customers"),
        ("interviews", "research"),
        ("usability", "research"),
        ("coaching", "coach"),
        ("hired", "hiring"),
        ("hire", "hiring"),
        ("onboarded", "onboarding"),
        ("led", "lead"),
    )
}
#: Requirements that ask for measured results: any quantified achievement speaks to them.
_MEASURED = {
    stem(w) for w in ("numbers", "measurable", "measures", "metrics", "outcome", "outcomes")
}
_HEADING = re.compile(r"^\s*(?:#+\s*(.+?)\s*#*|(.{3,80}?):)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+(.*\S)\s*$")
_RESPONSIBILITY = re.compile(r"responsib|you will|you'll|what you.ll do|what you will do|duties|"
                             r"the role|day to day|key tasks", re.I)  # fmt: skip
_REQUIREMENT = re.compile(r"requirement|looking for|you bring|about you|you have|qualif|skills|"
                          r"what we need|essential|who you are", re.I)  # fmt: skip
#: A prose sentence longer than this is read as a list of asks when it is one.
LISTING_WORDS = 12
_NICE = re.compile(r"nice|bonus|desirable|welcome|helpful|plus", re.I)
_SELF = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|my|me|we|our)\b", re.I)
_RESUME_LIST = re.compile(r"^\s*(?:skills|tools|languages|certificates?|education)\b.*:", re.I)


@dataclass(frozen=True)
class Requirement:
    """One thing the job asks for, as the job description words it."""

    text: str
    section: str  # responsibility, requirement or nice
    stems: frozenset[str]
    #: The stems word by word: "mid-level" is one word however many stems it shares.
    groups: tuple[frozenset[str], ...] = ()

    @property
    def label(self) -> str:
        """The requirement in at most a dozen words, for a report line or a tip."""
        words = self.text.rstrip(".").split()
        return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def parse(job_description: str, company: str = "") -> list[Requirement]:
    """Requirements and responsibilities from a pasted job description (Markdown or plain).

    Bullets under a heading take the heading's kind; a job description with no bullets is
    read sentence by sentence. Nice-to-haves are kept but marked, so they are never the
    only strengths a candidate is told to name.
    """
    skip = content_stems(company)
    out: list[Requirement] = []
    section = "requirement"
    bullets = 0
    for line in (job_description or "").splitlines():
        head = _HEADING.match(line)
        # a heading without its "#" (text from the knowledge store): short, no full stop
        bare = (
            not _BULLET.match(line)
            and 0 < len(line.split()) <= 10
            and not re.search(r"[.!?;,]\s*$", line)
        )
        if (head and not _BULLET.match(line)) or bare:
            title = (head.group(1) or head.group(2) or "") if head else line
            section = (
                "nice"
                if _NICE.search(title)
                else "responsibility"
                if _RESPONSIBILITY.search(title)
                else "requirement"
                if _REQUIREMENT.search(title)
                else "other"
            )
            continue
        bullet = _BULLET.match(line)
        if bullet and section != "other":
            bullets += 1
            out.append(_requirement(bullet.group(1), section, skip))
    if not bullets:  # prose: each ask of each sentence, the title line ("Role, Company") not
        for s in sentences(job_description or ""):
            if s.text.startswith("#") or len(s.text.split()) < 4 or _title_like(s.text):
                continue
            parts = list_items(s.text) if len(s.text.split()) > LISTING_WORDS else [s.text]
            out.extend(_requirement(p, "requirement", skip) for p in parts)
    return [r for r in out if len(r.stems) >= 2]


def _title_like(text: str) -> bool:
    """A heading-like line: most of its words capitalised ("Operations Manager, Acme (Leeds)")."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def stems_of(text: str) -> set[str]:
    """Content stems with everyday synonyms folded onto the job description's words; figures
    over 10 count too ("from 74% towards 80%" is met by "FCR 74% -> 80%")."""
    figures = {f"#{n:g}" for n in number_values(text) if n > 10 and not 1900 < n < 2100}
    return {_SYNONYMS.get(x, x) for x in content_stems(text)} | figures


def _requirement(text: str, section: str, skip: set[str]) -> Requirement:
    stems = frozenset(stems_of(text) - _GENERIC - skip)
    groups = {frozenset(_SYNONYMS.get(x, x) for x in g) & stems for g in stem_groups(text)}
    groups |= {frozenset({x}) for x in stems if x.startswith("#")}
    return Requirement(text.strip(), section, stems, tuple(g for g in groups if g))


def asks_for_numbers(req: Requirement) -> bool:
    return bool(req.stems & _MEASURED)


def _weights(reqs: list[Requirement]) -> dict[str, float]:
    df: dict[str, int] = {}
    for r in reqs:
        for s in r.stems:
            df[s] = df.get(s, 0) + 1
    n = len(reqs)
    return {s: math.log((n + 1) / d) + 0.2 for s, d in df.items()}


@dataclass(frozen=True)
class Match:
    requirement: Requirement
    evidence: Span
    shared: frozenset[str]


def about_candidate(s: Span) -> bool:
    """A sentence that says something about the speaker (or a note line in their own list),
    not a bare list of skills or tools."""
    if _RESUME_LIST.match(s.text):
        return False
    return bool(_SELF.search(s.text)) or bool(re.match(r"^[A-Za-z]", s.text))


def matches(
    answer: str,
    reqs: list[Requirement],
    *,
    sections: tuple[str, ...] = ("responsibility", "requirement"),
    units: list[Span] | None = None,
    measured: list[Span] = (),
) -> list[Match]:
    """The requirements the answer's sentences about the candidate meet, best evidence each.

    ``measured`` are the answer's quantified achievements: they meet a requirement that asks
    for results with numbers, whatever words they use.
    """
    pool = [r for r in reqs if r.section in sections]
    if not pool:
        return []
    weight = _weights(pool)
    best: dict[int, tuple[float, Match]] = {}
    for k, r in enumerate(pool):
        if measured and asks_for_numbers(r):
            best[k] = (1.5, Match(r, measured[0], frozenset(r.stems & _MEASURED)))
    for s in units if units is not None else sentences(answer):
        if not about_candidate(s):
            continue
        have = stems_of(s.text)
        for k, r in enumerate(pool):
            shared = r.stems & have
            hit = [g for g in r.groups if g & have]
            score = sum(max(weight[x] for x in g) for g in hit)
            if len(hit) >= 2 and score >= 1.5 and score > best.get(k, (0.0, None))[0]:
                best[k] = (score, Match(r, s, frozenset(shared)))
    return [m for _, m in sorted(best.values(), key=lambda t: -t[0])]


def distinct(found: list[Match]) -> list[Match]:
    """One match per requirement and, as far as possible, per sentence of the answer: one
    sentence that happens to touch three bullets is one strength, not three."""
    used: set[int] = set()
    out: list[Match] = []
    for m in found:
        if m.evidence.start in used:
            continue
        used.add(m.evidence.start)
        out.append(m)
    return out
