"""The candidate's résumé: read it, find the stories in it, tell which were practised.

A résumé is the candidate's own material, so it never goes into the shared research
store: its text travels with the session setup. Stories are the lines that say what
the candidate did (an action verb, usually a number or a name), which is what an
interviewer picks up on: "You led the billing migration at Tallybook — tell me about it."
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import CoachError
from .ranking import terms

MAX_RESUME_BYTES = 2 * 1024 * 1024
MAX_RESUME_CHARS = 20_000
RESUME_SUFFIXES = (".pdf", ".docx", ".txt", ".md")
_ACTION = re.compile(
    r"^(led|lead|built|build|launched|shipped|delivered|designed|redesigned|created|founded|"
    r"grew|increased|reduced|cut|saved|migrated|moved|managed|ran|owned|introduced|"
    r"automated|negotiated|improved|rebuilt|scaled|set up|established|drove|coached|"
    r"mentored|hired|developed|implemented|streamlined|won|organised|organized|wrote|"
    r"resolved|turned around|rolled out|replaced|consolidated|partnered|spearheaded)\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*+•▪·–]|\d{1,2}[.)])\s+")
#: Words too common in résumés and answers to show that a story was told.
_GENERIC = frozenset(terms("team teams company new work worked project projects role"))


class ResumeError(CoachError):
    """A résumé that cannot be used; the message says what to do instead."""


@dataclass(frozen=True)
class Story:
    text: str  # one line of the résumé, as written

    @property
    def words(self) -> frozenset[str]:
        return content_words(self.text)


def content_words(text: str) -> frozenset[str]:
    """Stemmed words that carry meaning (the hybrid search's own tokenizer)."""
    return frozenset(terms(text)) - _GENERIC


def check_resume_text(text: str, name: str = "") -> str:
    """The pasted or extracted text, tidied; a clear error when it is empty or too long."""
    text = "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    where = f"{name}: the résumé" if name else "The résumé"
    if not text:
        raise ResumeError(f"{where} is empty; paste its text or upload the file")
    if len(text) > MAX_RESUME_CHARS:
        raise ResumeError(
            f"{where} is {len(text):,} characters; the limit is {MAX_RESUME_CHARS:,}. "
            "Keep the last few roles and try again."
        )
    return text


def read_resume(data: bytes, filename: str) -> str:
    """Text of an uploaded résumé (.pdf, .docx, .txt, .md), or a :class:`ResumeError`."""
    from .documents import DocumentError, docx_text, load_bytes, safe_name

    try:
        name = safe_name(filename)
    except DocumentError as exc:
        raise ResumeError(str(exc)) from exc
    if not name.lower().endswith(RESUME_SUFFIXES):
        kinds = ", ".join(RESUME_SUFFIXES)
        raise ResumeError(f"{name}: a résumé must be one of {kinds}")
    if len(data) > MAX_RESUME_BYTES:
        raise ResumeError(
            f"{name}: file is {len(data) / 1024 / 1024:.1f} MB; a résumé may be at most "
            f"{MAX_RESUME_BYTES // 1024 // 1024} MB. Export it again without images."
        )
    if not data.strip():
        raise ResumeError(f"{name}: the file is empty")
    try:
        if name.lower().endswith(".docx"):
            text = docx_text(name, data)[1]
        else:
            text = load_bytes(data, name).text
    except DocumentError as exc:
        raise ResumeError(str(exc)) from exc
    return check_resume_text(text, name)


def pair_story(
    found: Sequence[Story], questions: Sequence[tuple[int, str]]
) -> tuple[int, Story] | None:
    """The (question index, story) pair closest in meaning: which question to lead with it."""
    if not found or not questions:
        return None
    from .embeddings import embed_texts

    q = embed_texts([text for _, text in questions])
    s = embed_texts([story.text for story in found])
    sims = q @ s.T
    i, j = divmod(int(sims.argmax()), len(found))
    return questions[i][0], found[j]


def stories(text: str, limit: int = 12) -> list[Story]:
    """Lines that say what the candidate did, in résumé order, at most ``limit``."""
    out: list[Story] = []
    for raw in (text or "").split("\n"):
        line = " ".join(_BULLET.sub("", raw).split()).strip(" .;")
        if len(line.split()) < 5 or len(line) > 300:
            continue
        if _ACTION.match(line) and line not in {s.text for s in out}:
            out.append(Story(line))
    return out[:limit]


def practised(found: Sequence[Story], answers: Iterable[str]) -> list[tuple[Story, bool]]:
    """Each story and whether an answer told it (shares 60% of its distinctive words, 3+)."""
    said = [content_words(a) for a in answers]
    result = []
    for story in found:
        words = story.words
        need = max(3, math.ceil(0.6 * len(words)))
        result.append((story, any(len(words & a) >= min(need, len(words)) for a in said)))
    return result
