"""Which competency a question asks about, and which one a story shows, each read from a MiniLM
vector by a small learned model.

Interviewers rarely use the competency's own word: "Give me an example of bringing someone round
when they were dead set against your view" asks about influence, "What's a puzzle at work you
had to get to the bottom of?" about problem solving. The question bank's nearest question by
meaning placed such questions right about one time in four on questions by interviewers nobody
had seen (it answers "which bank question is worded most like this one", and wording is mostly
the frame: "Can you think of an occasion when..."), and a list of phrasings fits only the
phrasings it names. A linear model over the same vector, fitted on many interviewers' questions
labelled by what they ask, reads the content under the frame: about three in four.

The story model is the same kind of reader over the vector of a story's narrated steps, fitted
on labelled answers, each labelled with what its question asks. Alone it separates fitting
stories from neighbouring-question ones about as well as the relevance model does; the two err
on different stories, so the off-topic check adds them (``relevance.judge``).

One one-vs-rest logistic model per competency (``model_data/asks_model.npz`` and
``story_model.npz``, both written by ``benchmarks/train_asks_model.py``, which prints the
figures); the probabilities are the normalised sigmoids. Each costs one matrix product on a
vector the caller already has.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .model import shipped_arrays, sigmoid

WEIGHTS = "asks_model.npz"
STORY_WEIGHTS = "story_model.npz"


@dataclass(frozen=True)
class AsksModel:
    """One reader of competencies from a MiniLM vector (the question model or the story one)."""

    competencies: tuple[str, ...]
    weights: np.ndarray  # (384 + 1, n): one column of logits per competency; last row is bias

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        """How likely the text behind ``vector`` is about each competency (summing to one)."""
        logits = np.append(vector, 1.0) @ self.weights
        p = sigmoid(logits)
        p = p / p.sum()
        return dict(zip(self.competencies, p.tolist(), strict=True))


@lru_cache(maxsize=2)
def load(filename: str = WEIGHTS) -> AsksModel:
    data = shipped_arrays(filename, ("competencies", "weights"))
    return AsksModel(tuple(str(c) for c in data["competencies"]), data["weights"])
