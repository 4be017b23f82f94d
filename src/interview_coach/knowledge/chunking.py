"""Cut a loaded document into pieces the embedder can see whole, each readable on its own.

Retrieval quality depends on chunk boundaries more than on anything else we control:
a chunk must fit the embedder's 256 word-piece window (or its tail is silently ignored),
should follow the author's sections, and carries its heading as metadata so a retrieved
chunk makes sense inside a prompt without its neighbours. The heading is not part of the
embedded text: a document title repeated in every chunk ("Acme prep notes") made every
chunk look alike to the embedder, and that intro-like chunk won most questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import sentences
from .documents import Document

#: The embedder truncates at 256 word-pieces, ~1.05-1.17 per o200k token on our texts: 240
#: tokens keeps a whole chunk visible to it while staying close to the ~300 the guidance targets.
CHUNK_TOKENS = 240
OVERLAP_TOKENS = 40
MIN_SECTION_TOKENS = 40
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass
class Chunk:
    title: str  # the section heading (or the document title before the first heading)
    text: str  # the section's words only: what the embedder and the reader see


def chunk_document(doc: Document, max_tokens: int = CHUNK_TOKENS) -> list[Chunk]:
    """Split on Markdown headings, then paragraphs, lines, sentences and words, in that order."""
    from ..tokens import count_tokens

    chunks = []
    sections = _sections(doc.text, doc.title)
    for n, (title, body) in enumerate(sections):
        if count_tokens(body) < MIN_SECTION_TOKENS and n + 1 < len(sections):
            # A one-line preamble ("X is a fictional company…") would otherwise become a tiny
            # chunk that matches every query naming the company; it joins the next section.
            sections[n + 1] = (sections[n + 1][0], f"{body}\n\n{sections[n + 1][1]}")
            continue
        for piece in _pack(_units(body, max_tokens, count_tokens), max_tokens):
            chunks.append(Chunk(title, piece))
    return chunks


def _sections(text: str, default_title: str) -> list[tuple[str, str]]:
    sections: list[tuple[str, str]] = []
    title, body, fenced = default_title, [], False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        m = None if fenced else _HEADING.match(line)
        if m:
            if "\n".join(body).strip():
                sections.append((title, "\n".join(body).strip()))
            title, body = m.group(2).strip(), []
        else:
            body.append(line)
    if "\n".join(body).strip():
        sections.append((title, "\n".join(body).strip()))
    return sections


# A unit is (text, joiner to the previous unit, tokens); packing glues units back together.
Unit = tuple[str, str, int]


def _units(body: str, budget: int, count) -> list[Unit]:  # noqa: ANN001 (count_tokens)
    units: list[Unit] = []

    def split(text: str, level: int, joiner: str) -> None:
        tokens = count(text)
        if tokens <= budget:
            units.append((text, joiner, tokens))
            return
        if level == 0:
            parts, inner = text.split("\n"), "\n"
        elif level == 1:
            parts, inner = sentences(text), " "
        else:
            _words(text, budget, count, units, joiner)
            return
        parts = [p.strip() for p in parts if p.strip()]
        if len(parts) == 1:
            split(parts[0], level + 1, joiner)
            return
        for n, part in enumerate(parts):
            split(part, level + 1, joiner if n == 0 else inner)

    for para in re.split(r"\n\s*\n", body):
        if para.strip():
            split(para.strip(), 0, "\n\n")
    return units


def _words(text: str, budget: int, count, units: list[Unit], joiner: str) -> None:  # noqa: ANN001
    """Last resort for run-on text: windows of words (and of characters for giant 'words')."""
    current: list[str] = []
    for word in text.split():
        while count(word) > budget:  # e.g. a pasted base64 blob
            units.append((word[: budget * 2], joiner, count(word[: budget * 2])))
            word, joiner = word[budget * 2 :], " "
        if current and count(" ".join([*current, word])) > budget:
            piece = " ".join(current)
            units.append((piece, joiner, count(piece)))
            current, joiner = [], " "
        current.append(word)
    if current:
        piece = " ".join(current)
        units.append((piece, joiner, count(piece)))


def _pack(units: list[Unit], budget: int) -> list[str]:
    """Greedy packing; a new chunk repeats the previous one's last sentence(s) as overlap."""
    chunks: list[str] = []
    current: list[Unit] = []
    used = 0
    for unit in units:
        if current and used + unit[2] + 1 > budget:
            chunks.append(_join(current))
            tail = _tail(current[-1])
            current = [tail] if tail and tail[2] + unit[2] + 1 <= budget else []
            used = sum(u[2] + 1 for u in current)
        current.append(unit)
        used += unit[2] + 1
    if current:
        chunks.append(_join(current))
    return chunks


def _tail(unit: Unit) -> Unit | None:
    said = sentences(unit[0])
    if len(said) < 2 and unit[2] > OVERLAP_TOKENS:
        return None
    from ..tokens import count_tokens

    kept: list[str] = []
    for sentence in reversed(said):
        if count_tokens(" ".join([sentence, *kept])) > OVERLAP_TOKENS:
            break
        kept.insert(0, sentence)
    if not kept:
        return None
    text = " ".join(kept)
    return (text, "\n\n", count_tokens(text))


def _join(units: list[Unit]) -> str:
    return "".join(text if n == 0 else joiner + text for n, (text, joiner, _) in enumerate(units))
