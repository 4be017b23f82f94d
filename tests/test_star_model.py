"""The learned STAR layer: shipped weights, held-out styles, evidence spans, unpunctuated text."""

from __future__ import annotations

import importlib.util
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from interview_coach.star import COMPONENTS, model
from interview_coach.star.features import split_units
from interview_coach.star.scorer import analyse

ROOT = Path(__file__).resolve().parents[1]


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus():
    return _bench("star_accuracy").load_corpus()


def scored(text: str):
    return model.refine(analyse(text))


def test_shipped_weights_fit_the_features():
    w = model.weights()
    d = len(model.answer_features(analyse("I fixed the printer at the office last week.")))
    assert w.mean.shape == (d,)
    assert w.scores.shape == (d + 1, len(COMPONENTS))
    assert w.ownership.shape == (d + 1, len(model.OWNERSHIP))


def test_training_never_sees_a_held_out_row(corpus):
    train = _bench("star_accuracy")
    unseen = ("a/test", "c/test", "b", "d", "shared", "team/holdout")
    held = {r["id"] for r in corpus if r["set"] in unseen}
    rows = _bench("train_star_model").training_rows()
    assert rows and not held & {r["id"] for r in rows}
    assert len(train.select(corpus, "a/test")) >= 100


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_weights():
    """Stale weights (features changed, data changed, file hand-edited) fail here."""
    trainer = _bench("train_star_model")
    rows = trainer.training_rows()
    feats = np.vstack([model.answer_features(analyse(r["answer"])) for r in rows])
    w = trainer.fit(feats.astype(np.float64), rows, trainer.LAMBDA)
    shipped = model.weights()
    for name in ("mean", "scores", "quantified", "ownership"):
        assert np.allclose(getattr(w, name), getattr(shipped, name), atol=1e-4), name


def test_each_held_out_style_scores_presence_better_than_the_rules(corpus):
    """Styles the model never saw (present tense, result first, pure "we", numbers that are not
    results, failures). Measured on 4 December: 75-84% of component presences right per style
    (rules alone 44-77%); the issue's target of 90% is not reached yet."""
    model_hits: dict[str, list[bool]] = defaultdict(list)
    rules_hits: dict[str, list[bool]] = defaultdict(list)
    for r in corpus:
        if r["set"] != "a/test" or "style" not in r["heldout"]:
            continue
        rules = analyse(r["answer"]).scores
        learned = scored(r["answer"]).scores
        for style in r["style"].split("+"):
            for c in COMPONENTS:
                gold = r["labels"][c] > 0
                model_hits[style].append((learned[c] > 0) == gold)
                rules_hits[style].append((rules[c] > 0) == gold)
    assert len(model_hits) >= 5
    for style, hits in model_hits.items():
        if len(hits) >= 40:  # ten answers or more
            share = sum(hits) / len(hits)
            assert share >= 0.72, style
            assert share > sum(rules_hits[style]) / len(hits), style


def test_unseen_authors_score_presence_correctly(corpus):
    rows = [r for r in corpus if r["set"] == "b"]
    hits = [
        (scored(r["answer"]).scores[c] > 0) == (r["labels"][c] > 0)
        for r in rows
        for c in COMPONENTS
    ]
    assert len(rows) >= 100 and sum(hits) / len(hits) >= 0.83  # measured 0.851


def _flatten(text: str) -> str:
    """What speech-to-text gives: no capitals, no punctuation."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text.lower())).strip()


def test_scores_barely_move_without_punctuation_or_capitals(corpus):
    rows = [r for r in corpus if r["set"] == "a/test"]
    same = [
        (scored(r["answer"]).scores[c] > 0) == (scored(_flatten(r["answer"])).scores[c] > 0)
        for r in rows
        for c in COMPONENTS
    ]
    assert sum(same) / len(same) >= 0.85


def test_every_score_above_zero_quotes_exact_spans(corpus):
    for r in [r for r in corpus if r["set"] in ("a/test", "b")]:
        an = scored(r["answer"])
        for c in COMPONENTS:
            spans = an.evidence(c)
            assert bool(spans) == (an.scores[c] > 0), (r["id"], c)
            for s in spans:
                assert r["answer"][s["start"] : s["end"]] == s["text"]


def test_run_on_speech_is_cut_into_clauses_with_exact_offsets():
    text = (
        "ok so i work weekends at a phone kiosk and this guy came back furious because the screen "
        "we fitted had a dead strip and he needed his phone i was the only one on the kiosk so it "
        "was down to me i tested the screen in front of him then i fitted a new one while he waited"
    )
    units = split_units(text)
    assert len(units) >= 4
    assert any(u.text.startswith("i was the only one") for u in units)
    for u in units:
        assert text[u.start : u.end] == u.text
