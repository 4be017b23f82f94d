"""Retrain the learned STAR layer (``star/model.py``) and write its weights, reproducibly.

Usage:
    python benchmarks/train_star_model.py            # cross-validate, train, write the weights
    python benchmarks/train_star_model.py --cv-only  # just print the cross-validation table

Training rows: the 'train' parts of tests/data/star_corpus/a_*.jsonl and c_*.jsonl (authors
and styles not held out in a_split.json / c_split.json) plus the dev split of
tests/data/star_labelled.jsonl. Never the held-out a_ and c_ rows, b_*.jsonl (other authors),
the old holdout or the shared style examples: those are what ``star_accuracy.py`` reports as
unseen.

The learner is ridge regression in closed form (dual, since rows < features), so the same
data gives the same weights to the last bit, in about a second, with numpy alone; scikit-learn
would add ~40 MB for the same maths. The ridge strength and the margins by which the model
must disagree with the rules to overrule them (``model.decide``: one for text written the way
the rules were tuned on, ``model.FAMILIAR_MARGIN``, one for the rest) were chosen by
leave-one-author-out cross-validation on the training rows (printed), averaging the team's
rows and the other authors' rows; nothing is tuned on a test row. Measured on 4 December with
the c_ authors: lambda 1 / margins 0.5 (0.75 on familiar text) gave presence 0.919 / QWK 0.776
on other authors' rows and 0.908 / 0.714 on the team's (rules alone: 0.812 / 0.599 and, tuned
on them, 0.989 / 0.961). A single margin of 0.5 scored 0.924 / 0.801 and 0.893 / 0.624: it
let the model overrule the rules on textbook answers they get right (a story with its result
removed scored result 1). MiniLM clause vectors (max- and mean-pooled, and by thirds of the
answer) in place of or beside the hashed word pairs moved held-out presence by under 0.01 for
about 8 ms more per answer, so they are not used.

Feature groups (issue #18, 4 December, before the d_ set was scored): with 4,096 hashed words
and word pairs the model fitted its training rows almost perfectly (presence 0.96-0.99) and
held-out rows much worse (0.79-0.96; result QWK 0.45). Chosen on the training rows only, by
leave-one-author-out and by leave-one-style-out, other authors' rows (presence / QWK, mean of
the four parts, margins 0.5 / 0.75):
    rules' features alone          lambda 1: 0.900/0.746  3: 0.901/0.749  10: 0.906/0.753
    + tense-free cues              lambda 1: 0.914/0.776  3: 0.909/0.765  10: 0.910/0.761
    + cues + hashed pairs (x0.3)   lambda 1: 0.915/0.775  3: 0.909/0.768  10: 0.909/0.760
    + cues + hashed pairs          lambda 1: 0.916/0.777  3: 0.914/0.767  10: 0.912/0.766
    leave-one-style-out, lambda 1: rules 0.890/0.727, + cues 0.905/0.756, + pairs 0.906/0.763
The word pairs add nothing measurable (under 0.01 either way) for 4,096 more weights that only
memorise, so they were dropped (feature version 4). Retrained with the rule fixes of the same
day, the same rule as above (the mean of the two parts) picks lambda 3 and margins 0.5 / 1.0:
other authors 0.906 / 0.766, team 0.927 / 0.749 (lambda 1, 0.5 / 0.75: 0.910 / 0.776 and
0.917 / 0.714). Said plainly, since it is a look at test rows: lambda 1 / 0.75 was tried (never
landed) after held-out result presence looked lower with this choice; it let the model give a
textbook answer with no result a result of 1 (tests/test_session.py), and the rule chosen
before any test row was seen is the one to keep.

It lives beside star_accuracy.py because it reads the same labelled files and prints the same
kind of numbers.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from star_accuracy import COMPONENTS, ROOT, SEEN, load_corpus, qwk  # noqa: E402

from interview_coach.star import model  # noqa: E402
from interview_coach.star.scorer import analyse  # noqa: E402

OUT = ROOT / "src" / "interview_coach" / "model_data" / model.WEIGHTS
LAMBDA = 3.0
MARGIN = 0.5
CV_LAMBDAS = (1.0, 3.0, 10.0)
CV_MARGINS = (0.5, 0.75)
CV_FAMILIAR_MARGINS = (0.5, 0.75, 1.0)  # on familiar text (model.FAMILIAR_MARGIN)


def training_rows() -> list[dict[str, Any]]:
    return [r for r in load_corpus() if r["set"] in SEEN]


def ridge(x: np.ndarray, t: np.ndarray, lam: float) -> np.ndarray:
    """Weights for the design matrix ``x`` (bias column included): (X'X + lam I)^-1 X't."""
    return x.T @ np.linalg.solve(x @ x.T + lam * np.eye(len(x)), t)


def fit(
    feats: np.ndarray, rows: list[dict[str, Any]], lam: float, margin: float = 0.5
) -> model.Weights:
    mean = feats.mean(axis=0)
    x = np.hstack([feats - mean, np.ones((len(feats), 1), dtype=feats.dtype)])
    y = np.array([[r["labels"][c] for c in COMPONENTS] for r in rows], dtype=float)
    scores = ridge(x, y - 1.0, lam)
    scores[-1] += 1.0
    q = np.array([float(r["quantified_result"]) for r in rows])
    quantified = ridge(x, q - 0.5, lam)
    quantified[-1] += 0.5
    own = np.array([[2.0 * (r["ownership"] == o) - 1 for o in model.OWNERSHIP] for r in rows])
    ownership = ridge(x, own, lam)
    f32 = np.float32
    return model.Weights(
        mean.astype(f32), scores.astype(f32), quantified.astype(f32), ownership.astype(f32), margin
    )


def _decide(
    rules: np.ndarray, raw: np.ndarray, margin: float, familiar: np.ndarray, fam_margin: float
) -> np.ndarray:
    """``model.decide`` over arrays: the rules' score unless the model is ``margin`` away
    (``fam_margin`` on familiar text, as ``model.refine`` does)."""
    return np.array(
        [
            model.decide(int(r), float(x), max(margin, fam_margin) if f else margin)
            for r, x, f in zip(rules, raw, familiar, strict=True)
        ]
    )


def cross_validate(rows: list[dict[str, Any]], feats: np.ndarray, rules: list[Any]) -> None:
    """Leave one author out; the team's own dev rows count as one author. Reported separately
    for the team's rows (the rules were tuned on them) and for the other authors' rows."""
    authors = np.array([r["author"] for r in rows])
    print(
        f"leave-one-author-out on {len(rows)} training rows ({len(set(authors))} authors): "
        "presence accuracy / QWK"
    )
    gold = {c: np.array([r["labels"][c] for r in rows]) for c in COMPONENTS}
    rule = {c: np.array([a.scores[c] for a in rules]) for c in COMPONENTS}
    familiar = np.array([model.is_familiar(a) for a in rules])
    variants: dict[str, dict[str, np.ndarray]] = {"rules": rule}
    for lam in CV_LAMBDAS:
        raw = {c: np.zeros(len(rows)) for c in COMPONENTS}
        for a in sorted(set(authors)):
            test = authors == a
            w = fit(feats[~test], [r for r, t in zip(rows, test, strict=True) if not t], lam)
            x = np.hstack([feats[test] - w.mean, np.ones((int(test.sum()), 1))])
            for k, c in enumerate(COMPONENTS):
                raw[c][test] = x @ w.scores[:, k]
        for margin in CV_MARGINS:
            for fam in CV_FAMILIAR_MARGINS:
                variants[f"lambda={lam} margin={margin}/{fam}"] = {
                    c: _decide(rule[c], raw[c], margin, familiar, fam) for c in COMPONENTS
                }
    team = authors == "team"
    for part, mask in (("other authors", ~team), ("team dev", team)):
        print(f" {part} ({int(mask.sum())} rows)")
        for name, pred in variants.items():
            cells, pres, kap = [], [], []
            for c in COMPONENTS:
                g, q = gold[c][mask], pred[c][mask]
                pres.append(float(np.mean((g > 0) == (q > 0))))
                kap.append(qwk(list(g), list(q)))
                cells.append(f"{c[:4]} {pres[-1]:.3f}/{kap[-1]:.3f}")
            print(
                f"  {name:<29}"
                + "  ".join(cells)
                + f"  | mean {np.mean(pres):.3f}/{np.mean(kap):.3f}"
            )


def save(w: model.Weights, path: Path = OUT) -> None:
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        mean=w.mean,
        scores=w.scores,
        quantified=w.quantified,
        ownership=w.ownership,
        feature_version=np.int32(model.FEATURE_VERSION),
        margin=np.float32(w.margin),
    )
    path.write_bytes(buf.getvalue())
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cv-only", action="store_true")
    p.add_argument("--no-cv", action="store_true", help="just train and write the weights")
    args = p.parse_args(argv)
    rows = training_rows()
    rules = [analyse(r["answer"]) for r in rows]
    feats = np.vstack([model.answer_features(a) for a in rules]).astype(np.float64)
    if not args.no_cv:
        cross_validate(rows, feats, rules)
    if not args.cv_only:
        save(fit(feats, rows, LAMBDA, MARGIN))
    return 0


if __name__ == "__main__":
    sys.exit(main())
