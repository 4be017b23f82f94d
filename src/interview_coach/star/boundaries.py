"""Where the sentences of an unpunctuated answer end, read by a small learned model.

Speech-to-text without punctuation and phone typing run a whole story into one "sentence",
and every rule that reads sentences then reads one: the outcome at the end is tagged with the
steps before it, the scene with the first step. Hand-written cuts ("and i rang", "by sunday
lunchtime") catch the breaks that have a cue word; most have none ("...set up a drop-in clinic
for the first fortnight after go-live all forty-two staff completed the training...").

This model restores the breaks from the words either side of each gap between two words: a
logistic regression over hashed word and word-pair features, trained on where writers put full
stops in about 2,000 punctuated stories (``benchmarks/train_boundary_model.py``, which prints
how well it finds them in answers it never read). It only cuts: the text is never changed, so
evidence stays exact character spans. It is used only on text with almost no punctuation of
its own (``features.unpunctuated``), and ``features`` drops the cuts that the words around them
rule out.

It cuts where the model gives a break ``CUT_AT`` or more, far below one half: a cut where the
writer had put a comma is as good for the rules as a full stop, and a missed break costs more
than an extra one (the bar was chosen on the training rows, two-fold by author).
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from .shipped import shipped_arrays

WEIGHTS = "boundary_model.npz"
#: Features are hashed into 2**HASH_BITS weights: no vocabulary file to ship, few collisions.
HASH_BITS = 18
#: Cut where the model's probability of a sentence end is at least this (as log-odds, what the
#: summed weights are compared with).
CUT_AT = 0.1
CUT_LOG_ODDS = math.log(CUT_AT / (1.0 - CUT_AT))
#: No cut leaves fewer words than these before it (since the last cut) or after it.
MIN_BEFORE, MIN_AFTER = 4, 4

TOKEN = re.compile(r"\S+")
#: Spoken fillers: not words of a sentence when a piece's length is counted.
FILLERS = frozenset(
    {"um", "uh", "er", "erm", "uhm", "like", "so", "well", "right", "okay", "ok", "yeah"}
)
#: A written sentence end, on a raw token: "returns." "true?!" "said.\u201d"
SENTENCE_END = re.compile(r"[.!?]+[\"')\u201d\u2019]*$")
#: Words whose full stop ends no sentence, written without it.
ABBREVIATIONS = frozenset(
    {"a.m", "p.m", "e.g", "i.e", "dr", "mr", "mrs", "ms", "st", "vs", "approx", "no", "etc"}
)


def normalise(token: str) -> str:
    """A token as phone typing gives it: lower case, no punctuation but inside numbers ("3.5")."""
    t = token.lower().replace("\u2019", "'")
    t = re.sub(r"(?<!\d)[.,;:!?]+|[.,;:!?]+(?!\d)", "", t)
    return re.sub('["\u201c\u201d()\u2026\u2018]', "", t)


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[re.Match[str], str]]:
    """Each token as written (its match, for offsets) and normalised; tokens that are only
    punctuation dropped. The trainer reads the same tokens, so the gaps it learns are these."""
    out = []
    for m in TOKEN.finditer(text, start, len(text) if end is None else end):
        word = normalise(m.group())
        if word:
            out.append((m, word))
    return out


def gap_features(words: list[str], i: int) -> list[str]:
    """What the model reads at the gap after ``words[i]``: the two words either side, alone and
    in pairs, and whether a number is next to it."""

    def at(k: int) -> str:
        return words[k] if 0 <= k < len(words) else ("<s>" if k < 0 else "</s>")

    p1, p2, n1, n2 = at(i), at(i - 1), at(i + 1), at(i + 2)
    out = [
        "bias",
        f"p1={p1}",
        f"n1={n1}",
        f"p2={p2}",
        f"n2={n2}",
        f"p12={p2}_{p1}",
        f"n12={n1}_{n2}",
        f"pn={p1}_{n1}",
    ]
    if n1[:1].isdigit():
        out.append("n1=<num>")
    if p1[:1].isdigit():
        out.append("p1=<num>")
    return out


def feature_index(features: list[str]) -> np.ndarray:
    """Stable hashes (crc32, not Python's salted ``hash``) into the weight vector."""
    return np.array(
        [zlib.crc32(f.encode()) & ((1 << HASH_BITS) - 1) for f in features], dtype=np.int64
    )


@lru_cache(maxsize=1)
def weights() -> np.ndarray:
    return shipped_arrays(WEIGHTS, ("weights",))["weights"].astype(np.float64)


def sentence_starts(
    text: str, start: int, end: int, allowed: Callable[[int], bool] = lambda _: True
) -> list[int]:
    """Offsets in ``text[start:end]`` where the model starts a new sentence with probability
    ``CUT_AT`` or more and ``allowed(offset)`` agrees, strongest first, none closer than the
    minimum piece to a cut already taken or to either end.

    Strongest first, not left to right: two candidate breaks a word or two apart ("her cake |
    order was wrong | it said") are one break, and the better placed one should win, not the
    earlier. Fillers ("so um last month | a lady comes in") are not counted as words of a piece:
    a piece of fillers and a time phrase is no sentence."""
    w = weights()
    found = tokens(text, start, end)
    words = [word for _, word in found]
    counted = np.cumsum([word not in FILLERS for word in words])  # words up to and with i
    total = int(counted[-1]) if len(words) else 0
    candidates = sorted(
        (-z, i)
        for i in range(len(words) - 1)
        if (z := w[feature_index(gap_features(words, i))].sum()) >= CUT_LOG_ODDS
        and MIN_BEFORE <= counted[i] <= total - MIN_AFTER
        and allowed(found[i + 1][0].start())
    )
    taken: list[int] = []
    for _, i in candidates:
        if all(abs(int(counted[i]) - int(counted[j])) >= MIN_BEFORE for j in taken):
            taken.append(i)
    return sorted(found[i + 1][0].start() for i in taken)
