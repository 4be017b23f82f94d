"""Checking that what a candidate says about a company is in their own research.

"You opened a hub in Manchester" said with confidence, when the research says Leicester,
is worse in an interview than saying nothing, so a fact counts only when one sentence of the
research carries it: at least two of the claim's meaningful stems, every number the claim
gives (as a value: "forty" is 40) and every name. Research comes from the knowledge store's
own company-scoped search (:class:`StoreResearch`) or, for benchmarks and files given on
the command line, straight from files (:class:`FileResearch`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, Protocol

from .text import STOPWORDS, Span, content_stems, number_values, sentences, span, words

_CLAUSE_CUT = re.compile(
    r"\s*(?:[;:,()]|->|→|—|–| - |\band\b|\bbecause\b|\bwhich\b|\bbut\b|\bso\b|\bwhere\b)\s*", re.I
)
_ABOUT_THEM = re.compile(r"\b(?:you|your|you're|youre|you've|youve|they|their|the company)\b", re.I)
#: Said to the interviewer about their company; "they"/"their" in a sentence of the candidate's
#: own is usually someone in their story ("before their contract renewal").
_ADDRESSED = re.compile(r"\b(?:you|your|you're|youre|you've|youve|the company)\b", re.I)
#: Capitalised words that are dates, not names a claim rests on.
_CALENDAR = frozenset(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september")
    + ("october", "november", "december", "monday", "tuesday", "wednesday", "thursday")
    + ("friday", "saturday", "sunday", "q1", "q2", "q3", "q4")
)
_YEARS_ONLY = re.compile(r"^(?:19|20)\d\d$")
_REPORTING = re.compile(
    r"^\s*(?:and |so |but |also )?(?:i (?:read|saw|know|heard|learned|learnt|noticed|found out|"
    r"understand|liked|like|love|loved)|i'?ve (?:read|seen|heard|noticed))\b(?: that)?",
    re.I,
)
_OWN = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|my|me|we|our|mine)\b", re.I)


@dataclass(frozen=True)
class Passage:
    """A piece of research and the file it came from."""

    source: str
    text: str


class Research(Protocol):
    def passages(self, query: str, k: int | None = None) -> list[Passage]:
        """Research passages that may hold the fact ``query`` states."""
        ...


@dataclass
class FileResearch:
    """Research read from files: every sentence is a candidate (a company's notes are short)."""

    files: dict[str, str]

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path]) -> FileResearch:
        return cls({Path(p).name: Path(p).read_text(encoding="utf-8") for p in paths})

    def passages(self, query: str, k: int | None = None) -> list[Passage]:
        return [Passage(name, text) for name, text in self.files.items()]

    def __bool__(self) -> bool:
        return bool(self.files)


@dataclass
class StoreResearch:
    """One company's research through the knowledge store's public search.

    ``search`` is the store's method (or anything with its signature); ``filters`` are
    passed through, so per-user ownership of research applies here as everywhere else.
    """

    search: Any
    company: str
    filters: dict[str, Any] = field(default_factory=dict)
    k: int = 4
    #: Why the store could not be searched (unreachable server, empty store), if it could not.
    error: str = ""
    _cache: dict[str, list[Passage]] = field(default_factory=dict)

    #: Broad searches made once per answer: a company's notes are usually a few dozen chunks,
    #: so these find most of them and a claim is not lost to one narrow search's ranking.
    BROAD = ("{company}", "{company} news products values", "job description requirements")
    BROAD_K = 12

    def passages(self, query: str, k: int | None = None) -> list[Passage]:
        found = {(p.source, p.text): p for p in self._search(query, k)}
        for broad in self.BROAD:
            for p in self._search(broad.format(company=self.company), self.BROAD_K):
                found.setdefault((p.source, p.text), p)
        return list(found.values())

    def _search(self, query: str, k: int | None) -> list[Passage]:
        key = f"{k or self.k}:{query}"
        if key not in self._cache:
            try:
                hits = self.search(
                    query,
                    company=self.company,
                    k=k or self.k,
                    collections=("research",),
                    **self.filters,
                )
            except Exception as exc:  # the answer is still coached; the note says why not
                self.error = str(exc) or type(exc).__name__
                hits = []
            self._cache[key] = [
                Passage(h.source, h.text) for h in hits if getattr(h, "company", None)
            ]
        return self._cache[key]


def research_filters(store: Any, user: str | None) -> dict[str, Any]:
    """Whose research a search may read: ``user=`` when the store keeps research per user."""
    import inspect

    try:
        takes_user = "user" in inspect.signature(store.search).parameters
    except (TypeError, ValueError):
        takes_user = False
    return {"user": user} if takes_user and user else {}


_JOB_SOURCE = re.compile(r"job|description|vacanc|posting|\bjd\b", re.I)


def is_job_description(source: str) -> bool:
    """A research file named like a job description: the sample companies ship theirs as
    job-description.md, and candidates upload theirs beside their notes."""
    return bool(_JOB_SOURCE.search(PurePath(source).name))


def job_description_from(research: Research) -> str:
    """The job description among the research (a file named like one), joined in order;
    empty when there is none. The sample companies ship theirs as job-description.md."""
    seen: dict[str, str] = {}
    for query in ("job description: responsibilities and requirements", "what you will do"):
        for p in research.passages(query, k=12):
            if is_job_description(p.source):
                seen.setdefault(p.text, p.source)
    return "\n\n".join(seen)


@dataclass(frozen=True)
class Fact:
    """A claim in the answer and, when verified, the research sentence that carries it."""

    evidence: Span
    source: str = ""
    quote: str = ""

    @property
    def verified(self) -> bool:
        return bool(self.quote)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = self.evidence.to_dict()
        if self.verified:
            d.update(source=self.source, quote=self.quote)
        else:
            d["note"] = "not in your research"
        return d


def clauses(text: str) -> list[Span]:
    """Sentences cut at commas, 'and', 'because' and the like: one fact per piece, so a
    candidate's own figure in the same sentence never has to be found in the research."""
    out: list[Span] = []
    for s in sentences(text):
        begin = 0
        for m in _CLAUSE_CUT.finditer(s.text):
            if m.start() > begin:
                piece = span(text, s.start + begin, s.start + m.start())
                if piece.text:
                    out.append(piece)
            begin = m.end()
        if begin < len(s.text):
            piece = span(text, s.start + begin, s.end)
            if piece.text:
                out.append(piece)
    return out


def _names(text: str) -> set[str]:
    """Capitalised words inside sentences: names of products, places, people, events."""
    found: set[str] = set()
    for s in sentences(text):
        for k, m in enumerate(re.finditer(r"[A-Za-z][\w'’&-]*", s.text)):
            w = m.group()
            if k and w[0].isupper() and w.lower() not in STOPWORDS and w not in ("I", "I'm"):
                found.add(w.lower())
    return found


@dataclass
class _Sentence:
    source: str
    text: str
    stems: set[str]
    numbers: set[float]
    words: set[str]


class Checker:
    """Verifies an answer's claims against one company's research."""

    def __init__(self, research: Research, company: str = "") -> None:
        self.research = research
        self.company_words = set(words(company))
        self._split: dict[tuple[str, str], list[_Sentence]] = {}
        self._vocab: set[str] | None = None

    def _sentences(self, passages: list[Passage]) -> list[_Sentence]:
        out: list[_Sentence] = []
        for p in passages:
            key = (p.source, p.text)
            if key not in self._split:
                self._split[key] = [
                    _Sentence(
                        p.source,
                        re.sub(r"\*\*|__|`", "", s.text).lstrip("#-*• ").strip(),
                        content_stems(s.text) - content_stems(" ".join(self.company_words)),
                        number_values(s.text),
                        set(words(s.text)),
                    )
                    for s in sentences(p.text)
                    if not s.text.startswith("#")  # a heading or title is not a fact
                ]
            out.extend(self._split[key])
        return out

    def names_in_research(self, passages: list[Passage]) -> set[str]:
        """Proper names of the research: capitalised inside sentences, never lower-case."""
        found: set[str] = set()
        lower: set[str] = set()
        for p in passages:
            found |= _names(p.text)
            lower |= set(re.findall(r"\b[a-z][\w'’&-]*", p.text))
        return found - lower

    def anchors(self, piece: str, research_names: set[str]) -> tuple[set[float], set[str]]:
        """Numbers and names a claim rests on; a lower-case word counts as a name when the
        research spells it with a capital (speech-to-text loses capitals)."""
        numbers = {n for n in number_values(piece) if n >= 2 or n == 0.5}
        names = (_names(" " + piece) | (set(words(piece)) & research_names)) - self.company_words
        names -= {"i", "im", "i'm"}
        names = {n for n in names if n.casefold() not in _CALENDAR}
        return numbers, names

    def about_self(self, piece: str, story: bool = False) -> bool:
        """The candidate's own story ("I have led six postmortems"), not a claim about the
        company; "I read that you…" reports a company fact, so its lead-in does not count.
        ``story``: the clause before it in the sentence was the candidate's, so a clause that
        names neither them nor the company ("and on-time departures went from 88% to 97%")
        goes on with their story."""
        rest = _REPORTING.sub("", piece)
        named = set(words(rest)) & self.company_words
        if _OWN.search(rest):
            return not (_ADDRESSED.search(rest) or named)
        about_them = _ABOUT_THEM.search(rest) or named
        return story and not about_them

    def _verify(self, piece: Span, story: bool = False) -> tuple[Fact | None, bool]:
        """The research sentence carrying ``piece``, or whether it is an unverifiable claim."""
        if self.about_self(piece.text):
            return None, False
        passages = self.research.passages(piece.text)
        pool = self._sentences(passages)
        names_known = self.names_in_research(passages)
        numbers, names = self.anchors(piece.text, names_known)
        stems = content_stems(piece.text) - content_stems(" ".join(self.company_words))
        best: _Sentence | None = None
        best_shared = 0
        for r in pool:
            shared = len(stems & r.stems)
            if shared < 2 or not numbers <= r.numbers or not names <= r.words:
                continue
            if shared > best_shared:
                best, best_shared = r, shared
        if best is not None and (numbers or names or best_shared >= 3):
            return Fact(piece, best.source, best.text), False
        # In a "why us?" answer a figure or a name the research lacks is a claim about the
        # company that cannot be checked, unless the sentence is the candidate's own story.
        claims = {n for n in numbers if not _YEARS_ONLY.match(str(int(n)))} or (names - names_known)
        return None, bool(claims) and not self.about_self(piece.text, story)

    def facts(self, answer: str) -> list[Fact]:
        """Every claim about the company with a number or a name, verified or not.

        A clause is tried alone, then with its neighbour in the same sentence, since notes
        and speech cut one fact over two pieces ("Conductor 5: multi-vendor fleets").
        """
        out: list[Fact] = []
        pieces = clauses(answer)
        covered_until = -1
        story = False  # whether the previous clause of this sentence was the candidate's own
        for k, c in enumerate(pieces):
            if k and not _same_sentence(answer, pieces[k - 1], c):
                story = False
            own = self.about_self(c.text, story)
            if c.start < covered_until:
                story = own
                continue
            fact, unverified = self._verify(c, story)
            story = own
            nxt = pieces[k + 1] if k + 1 < len(pieces) else None
            if fact is None and nxt is not None and _same_sentence(answer, c, nxt):
                pair = span(answer, c.start, nxt.end)
                fact, unverified_pair = self._verify(pair, story)
                if fact is not None:
                    covered_until = nxt.end
                unverified = unverified or unverified_pair
            if fact is not None:
                out.append(fact)
            elif unverified:
                out.append(Fact(c))
        return out


def _same_sentence(text: str, a: Span, b: Span) -> bool:
    return not re.search(r"[.!?\n]", text[max(a.end - 1, a.start) : b.start])
