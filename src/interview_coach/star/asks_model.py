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

The story model is the same kind of reader over pieces of a story (a few clauses each, about
fifteen words and up), fitted on labelled answers, each labelled with what its question asks or,
for a story told for another question, what it shows; its reading of a story is the average over
its pieces. One vector of the whole story was tried first: it is mostly the story's setting (the
caretaker, the playground), and the pieces separated fitting stories from neighbouring-question
ones better on sets nobody trained on (``benchmarks/train_asks_model.py``).

The setting model reads the same pieces for one thing only: is the story from the speaker's
private life (a choir, a daughter's quinceañera, a caravan holiday) or from work? Its one column
is "private", and its reading of a story is the mean log-odds over the pieces. It is a
second opinion, never the only one: alone it takes organ builders, greenkeepers and carnival
float makers for hobbyists (``relevance.judge`` asks for a sign of private life as well).

One one-vs-rest logistic model per competency (``model_data/asks_model.npz`` and
``story_model.npz``, both written by ``benchmarks/train_asks_model.py``, which prints the
figures, with ``setting_model.npz``); the probabilities are the normalised sigmoids. Each
costs one matrix product on vectors the caller already has.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .model import sigmoid
from .shipped import shipped_arrays

WEIGHTS = "asks_model.npz"
STORY_WEIGHTS = "story_model.npz"
SETTING_WEIGHTS = "setting_model.npz"


@dataclass(frozen=True)
class AsksModel:
    """One reader of competencies from a MiniLM vector (the question model or the story one)."""

    competencies: tuple[str, ...]
    weights: np.ndarray  # (384 + 1, n): one column of logits per competency; last row is bias

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        """How likely the text behind ``vector`` is about each competency (summing to one)."""
        return self.mean_probabilities(vector[None, :])

    def mean_probabilities(self, vectors: np.ndarray) -> dict[str, float]:
        """The same over several pieces of one text (rows of ``vectors``), each piece's
        probabilities averaged: a story's point sits in a clause or two, which one vector of
        the whole story blurs into its setting (the trade, the place)."""
        x = np.hstack([vectors, np.ones((len(vectors), 1), dtype=vectors.dtype)])
        p = sigmoid(x @ self.weights).mean(axis=0)
        p = p / p.sum()
        return dict(zip(self.competencies, p.tolist(), strict=True))

    def mean_log_odds(self, vectors: np.ndarray) -> dict[str, float]:
        """Each column's log-odds averaged over the pieces, not normalised: for a model with
        one column (the setting model), where normalising would always give one."""
        x = np.hstack([vectors, np.ones((len(vectors), 1), dtype=vectors.dtype)])
        return dict(zip(self.competencies, (x @ self.weights).mean(axis=0).tolist(), strict=True))


@lru_cache(maxsize=3)
def load(filename: str = WEIGHTS) -> AsksModel:
    data = shipped_arrays(filename, ("competencies", "weights"))
    return AsksModel(tuple(str(c) for c in data["competencies"]), data["weights"])
