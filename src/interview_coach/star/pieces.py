"""An answer cut into pieces of whole clauses, and the pieces' MiniLM vectors.

Three readers take an answer in pieces rather than whole: the story and setting models
(``asks_model``, for ``relevance``) and the STAR layer's clause reader (``model``), which finds
which piece tells a result or a step wherever it sits. One vector of a whole story is mostly
its setting; a vector per clause costs a model run per clause (about 25 ms an answer); pieces
of at least ``PIECE_WORDS`` words are the middle way. They are embedded once per answer and
shared (``piece_vectors`` caches by text), so adding a reader adds no model run.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .scorer import Analysis

#: Only an answer's first STORY_WORDS words are cut: a story is told by then (later talk is
#: rambling, flagged on its own) and the model run stays cheap on a 5,000-word paste.
STORY_WORDS = 600
#: Pieces are runs of whole clauses of at least this many words.
PIECE_WORDS = 15


def piece_runs(an: Analysis) -> list[tuple[int, str]]:
    """The pieces, each with the index of the unit it starts at. Clauses, not sentences, so
    speech-to-text with no full stops is cut as finely as written prose; a short tail joins
    the last run."""
    pieces: list[tuple[int, str]] = []
    run: list[str] = []
    first = in_run = told = 0
    for i, u in enumerate(an.units):
        n = len(u.text.split())
        if not run:
            first = i
        run.append(u.text)
        in_run += n
        told += n
        if in_run >= PIECE_WORDS:
            pieces.append((first, " ".join(run)))
            run, in_run = [], 0
        if told >= STORY_WORDS:
            break
    if run:
        if pieces and in_run < PIECE_WORDS // 2:
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + " " + " ".join(run))
        else:
            pieces.append((first, " ".join(run)))
    return pieces or [(0, an.text[:4000])]


def piece_texts(an: Analysis) -> list[str]:
    return [text for _, text in piece_runs(an)]


def piece_vectors(an: Analysis) -> np.ndarray:
    """The pieces' unit-length vectors, (len(piece_texts(an)), 384): one model run per answer
    however many readers ask."""
    return _embedded(tuple(piece_texts(an)))


@lru_cache(maxsize=64)
def _embedded(pieces: tuple[str, ...]) -> np.ndarray:
    from ..knowledge.embeddings import embed_texts

    out = embed_texts(list(pieces))
    out.setflags(write=False)  # shared by every reader of the answer
    return out


def forget() -> None:
    """Drop the cached vectors, so a benchmark times a first reading of each answer."""
    _embedded.cache_clear()
