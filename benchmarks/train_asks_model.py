"""Train the question, story and setting models (``star/asks_model.py``) and print how often the
question model names what a question asks, on questions by interviewers it never saw.

Usage:
    python benchmarks/train_asks_model.py            # cross-validate, fit, write, measure
    python benchmarks/train_asks_model.py --check    # measure the shipped weights only

Training questions, each labelled with the one competency it asks about:
    bank          knowledge/questions.yaml's story questions (their first competency)
    train_1       tests/data/question_competencies/train_1.jsonl: 216 questions by 12 imagined
                  interviewers, written from the competency descriptions alone; scored once by
                  the phrase lists before it became training data (5 December, fourth session)
    train_a, _b   train_a.jsonl, train_b.jsonl: 270 each by 15 more interviewers
    pairs         the off-topic pair sets' questions up to offtopic_unseen8 (those labelled with
                  one of the 18 competencies)
Measured on, never trained on:
    unseen        tests/data/question_competencies/unseen.jsonl: 216 questions by 12 other
                  interviewers, committed before any reader of questions ran on it
    pairs u9-u14  the questions of offtopic_unseen9 to unseen14

The story model is fitted on the vectors of stories' pieces (``pieces.piece_texts``): the
labelled STAR answers of ``STAR_SETS`` plus j_ and k_, each labelled with what its
question asks as read above (the bank's tag or the question model); the off-topic pair sets up
to unseen8, each story labelled with what it shows; and ``tests/data/story_competencies``
(train_a-d: 576 stories written to show one competency each; train_e, train_f: 320 twin
stories, two by one teller in one setting showing neighbouring competencies). The
never-trained STAR sets stay out, so ``benchmarks/offtopic.py`` can count how many of them it
calls off topic, and so do the pair sets unseen9-14, on which its fit is measured here (AUC of
a fitting story's fit over a neighbouring-question story's).

The setting model (one column, "private") is fitted on the same pieces of 3,339 stories: the
private-life stories of ``tests/data/story_settings`` (300, by 60 imagined speakers) and the
pair sets' hobby stories up to unseen8 against that folder's work stories that look private
(180: a paid youth coach, a nanny, a family farm), the other pair-set stories, the STAR model's
training answers and the competency stories; each story weighs one, each class half. It is
measured as ``relevance.judge`` uses it, with a sign of private life: hobby stories of
unseen9-14 set outside work, and never-trained STAR answers wrongly so.

"as used" is ``relevance.question_competencies``: the bank's own question (or one worded almost
like it), then a competency the question names (``knowledge/competency_asks.yaml``) if the
model does not rule it out, then the model.

Last run (5 December, sixth session): leaving one training source out, the model alone names
.75-.87 of its questions rightly (lambda 0.1). Never trained on: unseen .764 alone, .778 as
used, .259 for the nearest bank question; pairs u9-u14 .879, .901, .550 (u9-u13 .878, .906;
u9-u10 alone, as in the fourth session: .974, .987, .636). The reading it replaced (the phrase
lists as they were, then the nearest bank question) scored unseen .282. The story model, 2,902
stories, its fit's AUC (fitting over neighbouring-question stories): unseen9 .881, unseen10
.948, unseen11 .879, unseen12 .894, unseen13 .877, unseen14 .898 (without the twin stories
.852, .940, .850, .873, .865, .881; unseen14 was scored only at the end). In the experiment that
chose pieces (unseen9-10, mean): one vector of the narrated steps fitted on the STAR answers
alone, as before, .69; pieces on the same data .77; one vector with the pair sets added .78;
pieces with them .86. Set outside work by ``judge``, with the setting model: hobby stories unseen9
7/7, unseen10 2/7, unseen11 6/7, unseen12 5/7, unseen13 4/7, unseen14 3/7; other stories 5 of 318
(2 of them fitting; all by the older pattern rules, none by this model); never-trained STAR answers
1 of 450, j_ and k_ 0 of 200. Alone, at its bar, the setting model took organ builders, a golf
greenkeeper and a tattooist for hobbyists (14 never-trained answers and 12 of j_ and k_), hence the
sign it needs.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from star_accuracy import NEVER_TRAINED, ROOT, load_corpus  # noqa: E402
from train_star_model import logistic  # noqa: E402

from interview_coach.knowledge.embeddings import embed_texts  # noqa: E402
from interview_coach.questions import DEFAULT_KNOWLEDGE, load_bank, load_competencies  # noqa: E402
from interview_coach.star import asks_model, model, pieces, relevance  # noqa: E402
from interview_coach.star.scorer import analyse  # noqa: E402

DATA = ROOT / "tests" / "data"
LABELLED = DATA / "question_competencies"
OUT = ROOT / "src" / "interview_coach" / "model_data" / asks_model.WEIGHTS
TRAIN_PAIRS = ("seen", "unseen", *(f"unseen{i}" for i in range(2, 9)))
TEST_PAIRS = tuple(f"unseen{i}" for i in range(9, 17))
#: L2 penalty, chosen by leaving out one training source at a time (printed by a full run).
LAMBDA = 0.1
LAMBDAS = (0.03, 0.1, 0.3, 1.0)
#: The story model's penalty: of 0.3 and 1, the one that separated fitting answers never trained
#: on from the neighbouring-question stories of unseen9-12 better (AUC .827 against .826).
STORY_LAMBDA = 0.3
STORIES = DATA / "story_competencies"
#: The written stories the shipped story model was fitted on. train_g and train_h (288 twin
#: stories in eight styles, fourteenth session) are not: fitted with them and with the pair sets
#: up to unseen16, the story model separated fitting from neighbouring-question stories better
#: on unseen17-20 (AUC .825/.890/.854/.910 -> .835/.902/.883/.927 against a refit on the old
#: data) and ``evaluate`` scored those sets .721 -> .746, but it called more fitting answers off
#: topic where it matters most: 28 -> 31 of 448 never-trained STAR answers, a ward nurse's
#: story for "a patient whose condition changed quickly", a story for the open "Tell me about a
#: time things got hard", and an answer in the session tests.
#: Nineteenth session, the same again with the pair sets up to unseen20 (no twin stories):
#: the story model's AUC on unseen21-25 rose .975/.867/.831/.952/.942 -> .988/.877/.898/.967/
#: .948, but ``evaluate`` scored unseen21-26 .778 -> .783 and called 34 never-trained STAR
#: answers off topic instead of 28; with the story bar moved so that as many of the STAR
#: answers outside its training are flagged as before (6.7%), unseen21-26 scored .786 against
#: .781. A surer story model flags more fitting answers as well as more neighbouring ones.
STORY_FILES = ("train_a", "train_b", "train_c", "train_d", "train_e", "train_f")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def sources() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Training and test questions by source: {source: {question: competency}}."""
    ids = set(load_competencies(DEFAULT_KNOWLEDGE))
    train: dict[str, dict[str, str]] = defaultdict(dict)
    test: dict[str, dict[str, str]] = defaultdict(dict)
    for q in load_bank(DEFAULT_KNOWLEDGE):
        if q.competencies:
            train["bank"][q.text] = q.competencies[0]
    for path in sorted(LABELLED.glob("*.jsonl")):
        into = test if path.stem.startswith("unseen") else train
        for r in _jsonl(path):
            into[path.stem][r["question"]] = r["competency"]
    for path in sorted(DATA.glob("offtopic_*.jsonl")):
        for r in _jsonl(path):
            label = r.get("question_competency")
            if label in ids and r["split"] in TRAIN_PAIRS:
                train["pairs"][r["question"]] = label
            elif label in ids and r["split"] in TEST_PAIRS:
                test["pairs u9-u14"][r["question"]] = label
    return dict(train), dict(test)


def fit(labels: list[str], vectors: np.ndarray, lam: float) -> asks_model.AsksModel:
    """One-vs-rest logistic models on the raw (already normalised) MiniLM vectors."""
    names = tuple(sorted(set(labels)))
    x = np.hstack([vectors, np.ones((len(vectors), 1))])
    labels = np.array(labels)
    w = np.column_stack([logistic(x, (labels == c).astype(float), lam) for c in names])
    return asks_model.AsksModel(names, w)


def accuracy(m: asks_model.AsksModel, questions: dict[str, str], vectors: np.ndarray) -> float:
    hits = [
        max((p := m.probabilities(v)), key=p.__getitem__) == gold
        for v, gold in zip(vectors, questions.values(), strict=True)
    ]
    return float(np.mean(hits))


def as_used(questions: dict[str, str], vectors: np.ndarray) -> tuple[float, float]:
    """Accuracy of ``question_competencies`` as shipped, and of the bank's nearest question."""
    bank = [q for q in load_bank(DEFAULT_KNOWLEDGE) if q.competencies]
    bank_vectors = embed_texts([q.text for q in bank])
    used = nearest = 0
    for (q, gold), v in zip(questions.items(), vectors, strict=True):
        weights, *_ = relevance.question_competencies(q, v)
        used += max(weights, key=weights.__getitem__) == gold
        nearest += bank[int(np.argmax(bank_vectors @ v))].competencies[0] == gold
    return used / len(questions), nearest / len(questions)


Label = TypeVar("Label", str, float)

#: The STAR sets whose answers teach the story model (the never-trained ones stay out).
#: The STAR sets the shipped story and setting models train on: the STAR model's training sets
#: as they were when these models were fitted. The later ones (s_ to z_, 640 answers) were
#: tried in the ninth session and lowered the story model's AUC on six of the eight
#: never-trained pair sets (unseen11 .879 -> .858, unseen14 .898 -> .881; unseen16 .854 ->
#: .867): each is labelled with what its question asks as the question model reads it, which
#: is noisier than the written stories. Pinned, so that a run reproduces the shipped weights,
#: with one exception: since the tenth session the pieces of an unpunctuated story are cut at
#: the breaks ``star/boundaries.py`` restores, and a run gives slightly different story and
#: setting weights. Refitted, each pair set moved by at most one pair either way, two more
#: j_/k_ answers were called off topic (5.5% -> 6.5%), and so was a fitting-enough success
#: story told for "initiative that turned out to be the wrong call" in the session tests; the
#: weights fitted before stay shipped until a refit gains.
STAR_SETS = ("team/dev", "a", "b", "c", "f", "g", "h", "i")
STORY_SETS = (*STAR_SETS, "j", "k")


def story_rows() -> tuple[list[str], np.ndarray]:
    """What each training story shows, and the vectors of its pieces (one label per piece).

    The labelled STAR answers of ``STORY_SETS`` show what their question asks (read as
    above: the bank's tag or the question model); the off-topic pair sets up to unseen8 say
    what each story shows (the asked competency for a fitting one, another for a story told
    for a neighbouring question); ``tests/data/story_competencies`` holds stories written to
    show one competency each, many close to a neighbouring one.
    """
    ids = set(load_competencies(DEFAULT_KNOWLEDGE))
    rows = [r for r in load_corpus() if r["set"] in STORY_SETS and r.get("on_topic", True)]
    questions = embed_texts([r["question"] for r in rows])
    stories: list[tuple[str, str]] = []
    for r, v in zip(rows, questions, strict=True):
        weights, *_ = relevance.question_competencies(r["question"], v)
        stories.append((max(weights, key=weights.__getitem__), r["answer"]))
    for path in sorted(DATA.glob("offtopic_*.jsonl")):
        for r in _jsonl(path):
            shows = r["question_competency"] if r["on_topic"] else r.get("story_competency")
            if r["split"] in TRAIN_PAIRS and shows in ids:
                stories.append((shows, r["answer"]))
    for path in sorted(STORIES.glob("*.jsonl")):
        if path.stem in STORY_FILES:
            stories += [(r["competency"], r["answer"]) for r in _jsonl(path)]
    labels, _, pieces = _cut(stories)
    print(f"story model: {len(stories)} stories, {len(pieces)} pieces")
    return labels, embed_texts(pieces)


@cache
def _pieces(answer: str) -> tuple[str, ...]:
    """``pieces.piece_texts`` of an answer as ``evaluate`` reads it (the story and setting
    models train on many of the same answers)."""
    return tuple(pieces.piece_texts(model.refine(analyse(answer))))


def _cut(stories: list[tuple[Label, str]]) -> tuple[list[Label], list[float], list[str]]:
    """Each story's pieces, with the story's label and a weight of one over its piece count
    (a story weighs one however many pieces it has) for every piece."""
    labels: list[Label] = []
    weights: list[float] = []
    pieces: list[str] = []
    for label, answer in stories:
        cut = _pieces(answer)
        labels += [label] * len(cut)
        weights += [1 / len(cut)] * len(cut)
        pieces += cut
    return labels, weights, pieces


SETTINGS = DATA / "story_settings"
#: The setting model's penalty, the story model's: not tuned.
SETTING_LAMBDA = STORY_LAMBDA


def setting_rows() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Private life (1) or work (0) for each training story's pieces, a weight per piece, and
    the pieces' vectors.

    Private: ``tests/data/story_settings``' private-life stories and the pair sets' hobby
    stories up to unseen8. Work: that folder's work stories (jobs that look like private life:
    a paid youth coach, a nanny, a family farm), every other pair-set story up to unseen8, the
    STAR answers of ``STAR_SETS`` and the written competency stories. Each story weighs one
    however many pieces it has, and each class weighs half; the never-trained STAR sets, j_
    and k_ and the pair sets from unseen9 stay out, to count what it flags.
    """
    stories = [(0.0, r["answer"]) for r in load_corpus() if r["set"] in STAR_SETS]
    for path in sorted(DATA.glob("offtopic_*.jsonl")):
        stories += [
            (float(r["kind"] == "hobby"), r["answer"])
            for r in _jsonl(path)
            if r["split"] in TRAIN_PAIRS
        ]
    for path in sorted(SETTINGS.glob("*.jsonl")):
        stories += [(float(r["setting"] == "private"), r["answer"]) for r in _jsonl(path)]
    for path in sorted(STORIES.glob("*.jsonl")):
        if path.stem in STORY_FILES:
            stories += [(0.0, r["answer"]) for r in _jsonl(path)]
    labels, weights, pieces = _cut(stories)
    y, w = np.array(labels), np.array(weights)
    w *= np.where(y == 1, 0.5 / w[y == 1].sum(), 0.5 / w[y == 0].sum()) * w.sum()
    print(f"setting model: {len(stories)} stories ({int(sum(p for p, _ in stories))} private)")
    return y, w, embed_texts(pieces)


def setting_check() -> None:
    """What ``relevance.judge`` calls a story from outside work, on stories no reader of
    settings was trained on: the pair sets' hobby stories, and the rest (which never are)."""

    def outside(r: dict) -> bool:
        return relevance.judge(r["question"], model.refine(analyse(r["answer"]))).outside_work

    print("\nset from outside work (relevance.judge), never trained on:")
    for name in TEST_PAIRS:
        rows = _jsonl(DATA / f"offtopic_{name}.jsonl")
        out = [outside(r) for r in rows]
        hobby = [o for o, r in zip(out, rows, strict=True) if r["kind"] == "hobby"]
        rest = [o for o, r in zip(out, rows, strict=True) if r["kind"] != "hobby"]
        print(
            f"  {name:<9} hobby stories {sum(hobby)}/{len(hobby)}, others {sum(rest)}/{len(rest)}"
        )
    corpus = load_corpus()
    for name, sets in (("never trained", NEVER_TRAINED), ("j_ and k_", ("j", "k"))):
        rows = [r for r in corpus if r["set"] in sets]
        out = sum(outside(r) for r in rows)
        print(f"  STAR {name}: {out}/{len(rows)}")


def story_auc(pairs: list[dict]) -> float:
    """How often a fitting story's fit (``relevance.features``' "story") beats a
    neighbouring-question story's, over all such pairs of ``pairs``."""
    fit: dict[bool, list[float]] = {True: [], False: []}
    for r in pairs:
        if r["on_topic"] or r["kind"] == "neighbour":
            feats, *_ = relevance.features(r["question"], model.refine(analyse(r["answer"])))
            fit[r["on_topic"]].append(feats["story"])
    on, off = np.array(fit[True])[:, None], np.array(fit[False])[None, :]
    return float((on > off).mean() + 0.5 * (on == off).mean())


def save(m: asks_model.AsksModel, path: Path = OUT) -> None:
    buf = io.BytesIO()
    np.savez_compressed(
        buf, competencies=np.array(m.competencies), weights=m.weights.astype(np.float32)
    )
    path.write_bytes(buf.getvalue())
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="measure the shipped weights only")
    args = p.parse_args(argv)
    train, test = sources()
    vec = {name: embed_texts(list(qs)) for name, qs in {**train, **test}.items()}
    print("training questions: " + ", ".join(f"{k} {len(v)}" for k, v in train.items()))
    if not args.check:
        print("\nleave one source out (model alone), by L2 penalty:")
        for lam in LAMBDAS:
            row = []
            for out in train:
                rest = [k for k in train if k != out]
                labels = [c for k in rest for c in train[k].values()]
                m = fit(labels, np.vstack([vec[k] for k in rest]), lam)
                row.append(f"{out} {accuracy(m, train[out], vec[out]):.3f}")
            print(f"  lambda {lam:<4} " + "  ".join(row))
        labels = [c for qs in train.values() for c in qs.values()]
        save(fit(labels, np.vstack([vec[k] for k in train]), LAMBDA))
        asks_model.load.cache_clear()
        labels, vectors = story_rows()  # labelled by the question model just written
        save(fit(labels, vectors, STORY_LAMBDA), OUT.with_name(asks_model.STORY_WEIGHTS))
        y, w, vectors = setting_rows()
        x = np.hstack([vectors, np.ones((len(vectors), 1))])
        weights = logistic(x, y, SETTING_LAMBDA, w)[:, None]
        save(asks_model.AsksModel(("private",), weights), OUT.with_name(asks_model.SETTING_WEIGHTS))
        asks_model.load.cache_clear()
    print("\nstory model, never trained on: AUC of its fit, fitting against neighbouring-question")
    for name in TEST_PAIRS:
        print(f"  {name:<9} {story_auc(_jsonl(DATA / f'offtopic_{name}.jsonl')):.3f}")
    setting_check()
    m = asks_model.load()
    print(f"\n{'never trained on':<14} {'n':>4} {'model':>7} {'as used':>8} {'nearest bank q':>15}")
    for name, qs in test.items():
        used, nearest = as_used(qs, vec[name])
        alone = accuracy(m, qs, vec[name])
        print(f"{name:<14} {len(qs):>4} {alone:>7.3f} {used:>8.3f} {nearest:>15.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
