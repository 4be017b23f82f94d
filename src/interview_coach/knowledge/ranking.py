"""Hybrid ranking: dense similarity fused with BM25 on the question's rare words.

Candidates ask in their own words ("Who are they losing customers to?") and the
embedder handles that well; BM25 on the same question mostly adds noise (measured in
``benchmarks/retrieval_quality.py``: plain fusion cut top-3 on paraphrased questions
from 0.94 to 0.85). BM25 is what finds a name the embedder has never seen ("What is
Keystone?": dense 0.71 top-3, hybrid 1.0). So the lexical ranking only lists chunks
that share a *rare* word with the question (one found in at most a tenth of the
candidates), and reciprocal-rank fusion with a small constant lets a strong lexical
match move up without letting weak ones reorder the dense list.

Candidates come from the dense search (``POOL`` of them, the whole scope for a
typical company), so ranking stays within a few milliseconds at any store size.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

POOL = 40  # dense candidates the lexical ranking may reorder
RRF_K = 2  # small: rank 1 counts 3x rank 4, so only clear lexical matches move up
LEXICAL_WEIGHT = 0.5
RARE_SHARE = 0.1  # a word in more than this share of candidates is not distinctive
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@lru_cache(maxsize=1)
def _stemmer():  # noqa: ANN202 (PyStemmer has no type hints)
    import Stemmer

    return Stemmer.Stemmer("english")


#: Function words and the words every candidate question uses; a stop word never counts
#: as a rare word, however few chunks contain it.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing don down during each
    few for from further had has have having he her here hers him his how i if in into is it
    its itself just me more most my no nor not now of off on once only or other our ours out
    over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours anything something thing things like
    tell know get got much many really actually kind sort way lot
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
K1, B = 1.5, 0.75  # the usual BM25 constants


@lru_cache(maxsize=50_000)
def terms(text: str) -> tuple[str, ...]:
    """Stemmed words without stop words; cached because chunks recur across queries."""
    words = [w for w in _WORD.findall(text.casefold().replace("’", "'")) if w not in STOPWORDS]
    return tuple(_stemmer().stemWords(words))


def lexical_order(query: str, texts: Sequence[str]) -> list[int]:
    """Indices of ``texts`` sharing a rare word with ``query``, best BM25 score first.

    BM25 is computed over the candidates directly: bm25s builds a sparse index per call,
    which cost ~13 ms for 40 candidates against ~0.5 ms here (measured on this machine).
    """
    docs = [Counter(terms(t)) for t in texts]
    if not docs:
        return []
    limit = max(1, int(RARE_SHARE * len(docs)))
    df = {w: sum(w in d for d in docs) for w in dict.fromkeys(terms(query))}
    rare = {w: n for w, n in df.items() if 0 < n <= limit}
    if not rare:
        return []
    average = sum(d.total() for d in docs) / len(docs) or 1.0
    scores: dict[int, float] = {}
    for i, doc in enumerate(docs):
        norm = K1 * (1 - B + B * doc.total() / average)
        for word, n in rare.items():
            tf = doc[word]
            if tf:
                idf = math.log(1 + (len(docs) - n + 0.5) / (n + 0.5))
                scores[i] = scores.get(i, 0.0) + idf * tf * (K1 + 1) / (tf + norm)
    return sorted(scores, key=lambda i: -scores[i])


def fuse(rankings: Sequence[Sequence[int]], weights: Sequence[float], k: int = RRF_K) -> list[int]:
    """Reciprocal-rank fusion: each list adds weight / (k + rank) to the items it ranks."""
    score: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, 1):
            score[item] = score.get(item, 0.0) + weight / (k + rank)
    return sorted(score, key=lambda i: -score[i])


def hybrid_order(query: str, texts: Sequence[str]) -> list[int]:
    """``texts`` arrive in dense order; returns them fused with the lexical ranking."""
    dense = list(range(len(texts)))
    return fuse([dense, lexical_order(query, texts)], [1.0, LEXICAL_WEIGHT])
