"""How well the STAR scorer agrees with human labels, and how fast it is.

Usage:
    python benchmarks/star_accuracy.py                 # every labelled set, rules vs rules+model
    python benchmarks/star_accuracy.py --llm auto      # also the LLM judge, if one is configured
    python benchmarks/star_accuracy.py --check         # exit 1 if held-out rows miss a target
    python benchmarks/star_accuracy.py --set e         # one set

The sets, and what each has seen (``load_corpus``):
    seen          the shipped model's training rows (``POOL``): the team's dev split (the
                  rules were tuned on it) and a_, b_, c_, f_, g_, h_, i_, s_ to z_*.jsonl,
                  q_, r_, o_, ua_, ub_ and uc_, 2,405 answers by 212 authors
    held-out      the style-held-out split: POOL rows in one of the five styles of the *_split.json
                  (present tense, result first, pure "we", numbers that are not results,
                  failures with a lesson) or by one of its held-out authors, scored by a model
                  trained here, by the same code and settings, on the other POOL rows only;
                  broken down into unseen style / unseen author
    never trained team/holdout, d, e, shared, l, m, n and p together: no model trains on them (one
                  setting, the action threshold ``model.UNCUED_PRESENCE``, was chosen with the
                  shared calibration and these sets in view; see its comment)
    team/holdout  the team's old holdout (40 plainly written answers)
    d             d_*.jsonl, 40 answers by 8 authors in their own voices (voice dictation,
                  fragments, non-native, verbose, result-first, thin experience, numbers
                  without steps, failures)
    e             e_*.jsonl, 60 answers by 12 authors in trades the rest lacks (mining, court
                  clerk, social work, orchestra, pharmacy, port...), every failing style,
                  labelled blind before any scorer ran on them
    shared        ../shared/data/star_style_examples.jsonl (30 real-style answers):
                  calibration of the labelling; its errors were read
    j, k          j_*/k_*.jsonl, 100 answers each by 10 authors (5 December); errors read:
                  j's task, k's action (half its authors) and, in the later session, k's task
    l             l_*.jsonl, 80 answers by 8 authors; scored only at the end of 5 December,
                  then its situation and action errors read in the later session
    m             m_*.jsonl, 100 answers by 10 authors in 17 styles, labelled against the
                  shared calibration (5 December, later session); committed before any
                  scorer ran, its rows not read
    n, p          n_*/p_*.jsonl, 50 answers by 5 authors each in 17 styles (5 December, third
                  session), p_ leaning on non-native, speech-to-text, implicit-task and result-
                  first; committed before any scorer ran, their rows not read
    q             q_*.jsonl, 80 answers by 8 authors in 18 styles (6 December): committed before
                  any scorer ran and scored once; trained on since the thirteenth session, as
                  are r, o, ua, ub and uc (``POOL``), so their rows below are seen ones
    r             r_*.jsonl, 80 answers by 8 authors in 19 styles (eighth session): committed
                  before any scorer ran and scored once, at that session's end
    o             o_*.jsonl, 80 answers by 8 authors in 20 styles (ninth session): committed
                  before any scorer ran and scored once, at that session's end
    ua, ub, uc    60 answers by 6 authors each (tenth, eleventh and twelfth sessions): ua_ all
                  lower case without a full stop, ub_ and uc_ punctuated but for 5; each
                  committed before any scorer ran and scored once, at its session's end
    ud            60 answers by 6 authors (thirteenth session: ferry deckhand, hotel night
                  auditor, hospital porter supervisor, archive conservator, dry-stone waller,
                  bicycle courier dispatcher), 16 styles; committed before any scorer ran and
                  scored once, at the session's end; not trained on
    ue, uf, ug,   60 answers by 6 authors each (fourteenth session: church organist, tram driver,
    uh, ui        locksmith, quarry shotfirer, lifeguard supervisor, tattoo studio owner;
                  fifteenth: brewery cellar manager, dairy herd manager, bus depot controller,
                  opticians dispensing assistant, harbour master assistant, pest control
                  technician; sixteenth: funeral director's assistant, roofing firm owner,
                  airport ramp lead, hospital phlebotomist, dog groomer, coffee roaster;
                  seventeenth: piano tuner, debt-collection call handler, mountain rescue
                  coordinator, pool plant operator, hair salon owner, heritage stonemason;
                  eighteenth: luthier, hydrographic survey chief, saffron grower, sommelier,
                  airport falconer, orthotist); each committed before any scorer ran and
                  scored at its session's start and end; not trained on
Presence accuracy compares score > 0 with label > 0; QWK is quadratic weighted
kappa on the 0/1/2 scores. Timing is the median wall time of ``evaluate`` per answer
(best of three runs each) after the embedding model is loaded, of the rules alone and of
the learned layer alone; the machine's load average is printed because other processes
skew it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from interview_coach.star import (  # noqa: E402
    COMPONENTS,
    evaluate,
    model,  # noqa: E402
    pieces,
)
from interview_coach.star.boundaries import normalise  # noqa: E402
from interview_coach.star.scorer import Analysis, analyse  # noqa: E402

DATA = ROOT / "tests" / "data" / "star_labelled.jsonl"
CORPUS = ROOT / "tests" / "data" / "star_corpus"
# ../shared from the repository (a git worktree sits one level deeper than the main checkout)
SHARED = next(
    (
        d / "shared" / "data" / "star_style_examples.jsonl"
        for d in (ROOT.parent, ROOT.parents[1])
        if (d / "shared" / "data" / "star_style_examples.jsonl").is_file()
    ),
    ROOT.parent / "shared" / "data" / "star_style_examples.jsonl",
)
#: What the shipped model is trained on (the rules were tuned on team/dev). q, r, o, ua, ub and
#: uc joined in the thirteenth session, each after it had been scored once as a fresh set: on
#: the never-trained sets, trained with them against without (rules of the session's start),
#: situation .911/.770 -> .913/.777, task .851/.782 -> .853/.792, action .931/.793 -> .940/.817,
#: result .900/.736 -> .909/.781; k rose, j fell (situation .940/.879 -> .910/.841, task
#: .900/.825 -> .870/.790) and the 30 shared examples lost one answer per part.
POOL = ("team/dev", "a", "b", "c", "f", "g", "h", "i", "s", "t", "u", "v", "w", "x", "y", "z")
POOL += ("q", "r", "o", "ua", "ub", "uc")
#: Never trained or tuned on, by the shipped model or the split one.
NEVER_TRAINED = ("team/holdout", "d", "e", "shared", "l", "m", "n", "p")
TARGETS = {"presence": 0.90, "qwk": 0.75, "median_ms": 50.0, "checks": 0.90}
SETS = (
    "seen",
    "held-out",
    "held-out: unseen style",
    "held-out: unseen author",
    # the same rows as speech-to-text without punctuation or a phone gives them: lower case,
    # no punctuation but inside numbers ("3.5%"), so one sentence per answer
    "held-out, unpunctuated",
    "never trained",
    "team/holdout",
    "d",
    "e",
    "shared",
    # j_ (5 December): scored once as never trained, then the task cues were widened after
    # reading its errors; the model does not train on it (it moved two textbook fixtures
    # across their borderline for no gain on the never-trained sets), so it is its own row
    "j",
    # k_ (5 December): scored once as never trained; the action errors of half its authors
    # (bernie, bishnu, clifford, ffion, gianluca) were then read; in the later session that
    # day, its task errors
    "k",
    # l_ (5 December): 80 answers by 8 authors, committed before any scorer ran on them and
    # scored only at the end of the session; in "never trained"; its situation and action
    # errors read in the later session
    "l",
    # m_ (5 December, later session): 100 answers by 10 authors in 17 styles, committed
    # before any scorer ran on them; in "never trained", its errors not read while tuning
    "m",
    # n_ and p_ (5 December, third session): 50 answers by 5 authors each (cheesemaker, lift
    # technician, hotel laundry, tower crane, ballpark; borehole drilling, shrimp hatchery, weld
    # inspection, coffee grading, bus bodies), 17 styles, p_ leaning on non-native, speech-to-
    # text, implicit-task and result-first; committed before any scorer ran on them
    "n",
    "p",
    # q_ (6 December): 80 answers by 8 authors (ferry bosun, organ-building apprentice, grain
    # elevator, sterile services, tea factory, geothermal control room, railway signalling,
    # blood service director), 18 styles, written and labelled by a helper blind to the
    # scorer; committed before any scorer ran on them and scored once, at the end of the
    # session; kept apart from "never trained" so that session's figures compare like for like
    "q",
    # r_ (fifteenth session): 80 answers by 8 authors (textile conservator, wind-farm
    # technician, veterinary nurse, salmon farm manager, translation agency director, vineyard
    # apprentice, dental practice manager, deputy stage manager), 19 styles, written and
    # labelled by a helper blind to the scorer; committed before any scorer ran on them
    "r",
    # o_ (ninth session): 80 answers by 8 authors (locksmith, piano tuner, water treatment
    # operator, court interpreter, orthodontic nurse, tyre centre manager, boarding kennels,
    # solar installer), 20 styles, by a helper blind to the scorer; committed before any scorer
    # ran on them, its habit answers re-judged by the calibration set's rule before scoring
    "o",
    # ua_ (tenth session): 60 answers by 6 authors (chimney sweep, radiographer, energy call
    # centre, flooring fitter, school cook, removals), every one lower case with no full stop,
    # as speech-to-text or a phone gives it; by a helper blind to the scorer, committed before
    # any scorer ran on them, scored once at the end of the session
    "ua",
    # ub_ (eleventh session): 60 answers by 6 authors (dairy herd manager, sign-language
    # interpreter, tram driver, ambulance dispatch, quarry shot-firer, hotel night manager), 17
    # styles, written with punctuation but for 5; by a helper blind to the scorer, committed
    # before any scorer ran on them, scored once at the end of the session
    "ub",
    # uc_ (twelfth session): 60 answers by 6 authors (theatre stage manager, wind-turbine
    # technician, mushroom farm manager, sheep-shearing contractor, court interpreter, rail track
    # inspector), 16 styles, punctuated but for 5; by a helper blind to the scorer, committed
    # before any scorer ran on them, scored once at the end of the session
    "uc",
    # ud_ (thirteenth session): 60 answers by 6 authors (ferry deckhand, hotel night auditor,
    # hospital porter supervisor, archive conservator, dry-stone waller, bicycle courier
    # dispatcher), 16 styles; by a helper blind to the scorer, committed before any scorer ran
    # on them, scored once at the end of the session
    "ud",
    # ue_ (fourteenth session): 60 answers by 6 authors (church organist and choir leader, tram
    # driver, locksmith, quarry shotfirer, lifeguard supervisor, tattoo studio owner), 17
    # styles, punctuated but for 5; by a helper blind to the scorer, committed before any scorer
    # ran on them, scored once at the end of the session
    "ue",
    # uf_ (fifteenth session): 60 answers by 6 authors (brewery cellar manager, dairy herd
    # manager, bus depot controller, opticians dispensing assistant, harbour master assistant,
    # pest control technician), 17 styles, 20 non-native, 3 lower case; by a helper blind to the
    # scorer, committed before any scorer ran on them, scored once at the end of the session
    "uf",
    # ug_ (sixteenth session): 60 answers by 6 authors (funeral director's assistant, roofing
    # firm owner, airport ramp lead, hospital phlebotomist, dog groomer, coffee roaster), 17
    # styles, 10 non-native, 7 lower case; by a helper blind to the scorer, committed before any
    # scorer ran on them, scored at the start and the end of the session
    "ug",
    # uh_ (seventeenth session): 60 answers by 6 authors (piano tuner, debt-collection call
    # handler, mountain rescue volunteer coordinator, leisure-centre pool plant operator, hair
    # salon owner, heritage stonemason), 17 styles, 6 non-native, 3 lower case; by a helper
    # blind to the scorer, committed before any scorer ran on them, scored at the start and the
    # end of the session
    "uh",
    # ui_ (eighteenth session): 60 answers by 6 authors (luthier, hydrographic survey party
    # chief, saffron grower and cooperative secretary, head sommelier, airport falconer,
    # children's orthotist), 17 styles, 10 non-native, 10 lower case; by a helper blind to the
    # scorer, committed before any scorer ran on them, scored at the start and the end of the
    # session
    "ui",
    # uj_ (nineteenth session): 60 answers by 6 authors (museum taxidermy preparator,
    # hydrographic survey party chief (ui_ had one too, in another country and voice), abalone
    # hatchery technician, ice-road dispatcher, cartographer, apprentice jockey), 17 styles, 15
    # plainly written; by a helper blind to the scorer, committed before any scorer ran on them,
    # scored at the start and the end of the session
    "uj",
    # uk_ (twentieth session): 60 answers by 6 authors (volcano observatory director, sewer
    # flusher, marionette puppeteer, tournament racquet stringer, trademark attorney, seaweed-
    # farming cooperative chair), 17 styles, 15 plainly written, 12 non-native; by a helper
    # blind to the scorer, committed before any scorer ran on them, scored at the start and the
    # end of the session
    "uk",
    # ul_ (twenty-second session): 60 answers by 6 authors (cathedral bell-ringing tower
    # captain, offshore wind turbine technician, farmstead cheesemaker, arborist crew leader,
    # blood bank dispatch rider, court interpreter), 17 styles, 12 plainly written, 10 lower
    # case; by a helper blind to the scorer, committed before any scorer ran on them, scored at
    # the start and the end of the session
    "ul",
    # um_ (twenty-third session): 60 answers by 6 authors (lighthouse technician, commercial
    # beekeeper, theatre wig-and-makeup supervisor, snow-plough dispatcher, paediatric speech
    # therapist, port crane shift lead), 17 styles, 10 lower case, 10 non-native; by a helper
    # blind to the scorer, committed before any scorer ran on them, scored at the start and the
    # end of the session
    "um",
    # un_ (twenty-fourth session): 60 answers by 6 authors (fruit-ripening room supervisor,
    # livestock haulier, head housekeeper, tunnel-boring machine night engineer, field
    # archaeology supervisor, stadium head groundsman), 17 styles, 12 lower case, 10 non-native,
    # 12 with fillers; by a helper blind to the scorer, committed before any scorer ran on them
    "un",
    # uo_ (twenty-fifth session): 60 answers by 6 authors (refuelling-barge master, glaciologist,
    # alpaca cooperative technician, mountain hut warden, chimney sweep journeyman, music
    # therapist), 17 styles, 10 lower case, 6 non-native, 10 with fillers; by a helper blind to
    # the scorer, committed before any scorer ran on them
    "uo",
)
#: Scored by the split model (trained on ``split/train`` only); the rest by the shipped one.
SPLIT_SETS = (
    "held-out",
    "held-out: unseen style",
    "held-out: unseen author",
    "held-out, unpunctuated",
)


def load_labelled(path: Path = DATA, split: str | None = None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if split is None or r["split"] == split]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def held_out_split() -> tuple[set[str], set[str]]:
    """The styles and authors kept out of the split model (every ``*_split.json``)."""
    styles: set[str] = set()
    authors: set[str] = set()
    for path in sorted(CORPUS.glob("*_split.json")):
        split = json.loads(path.read_text(encoding="utf-8"))
        styles |= set(split["held_out_styles"])
        authors |= set(split["held_out_authors"])
    return styles, authors


def load_corpus() -> list[dict[str, Any]]:
    """Every labelled answer, each with ``set`` (team/dev, team/holdout, a, b, c, d, e, f,
    shared) and, on the rows the shipped model trains on (``POOL``), ``heldout``: what the
    style-held-out split keeps from the split model, "style", "author" or both (empty: the
    split model trains on the row)."""
    styles, authors = held_out_split()
    rows: list[dict[str, Any]] = []
    for r in load_labelled():
        row = {**r, "set": f"team/{r['split']}", "author": "team", "style": r["category"]}
        rows.append({**row, "heldout": []})
    for part in sorted({p.name.split("_", 1)[0] for p in CORPUS.glob("*_*.jsonl")}):
        for path in sorted(CORPUS.glob(f"{part}_*.jsonl")):
            for r in _jsonl(path):
                unseen = []
                if set(r["style"].split("+")) & styles:
                    unseen.append("style")
                if r["author"] in authors:
                    unseen.append("author")
                rows.append({**r, "set": part, "heldout": unseen})
    if SHARED.is_file():
        rows += [
            {
                **r,
                "set": "shared",
                "hypothetical": r.get("hypothetical", False),
                "on_topic": True,
                "heldout": [],
            }
            for r in _jsonl(SHARED)
        ]
    return rows


def select(rows: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    if name == "seen":
        return [r for r in rows if r["set"] in POOL]
    if name == "split/train":
        return [r for r in rows if r["set"] in POOL and not r["heldout"]]
    if name == "held-out":
        return [r for r in rows if r["set"] in POOL and r["heldout"]]
    if name.startswith("held-out: unseen "):
        kind = name.rsplit(" ", 1)[1]
        return [r for r in rows if r["set"] in POOL and kind in r["heldout"]]
    if name == "held-out, unpunctuated":
        return [{**r, "answer": as_dictated(r["answer"])} for r in select(rows, "held-out")]
    if name == "never trained":
        return [r for r in rows if r["set"] in NEVER_TRAINED]
    return [r for r in rows if r["set"] == name]


def qwk(gold: list[int], pred: list[int], k: int = 3) -> float:
    """Quadratic weighted kappa; 1.0 when both sides use a single identical value."""
    observed = [[0.0] * k for _ in range(k)]
    for g, p in zip(gold, pred, strict=True):
        observed[g][p] += 1
    n = len(gold)
    rows = [sum(observed[i]) for i in range(k)]
    cols = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            w = (i - j) ** 2 / (k - 1) ** 2
            num += w * observed[i][j]
            den += w * rows[i] * cols[j] / n
    return 1.0 if den == 0 else 1 - num / den


def as_dictated(text: str) -> str:
    """``text`` as speech-to-text without punctuation gives it (``boundaries.normalise``)."""
    return " ".join(w for w in (normalise(t) for t in text.split()) if w)


def measure(rows: Iterable[dict[str, Any]], score: Callable[[dict], dict]) -> dict[str, Any]:
    """Agreement of ``score(row) -> evaluate-JSON`` with the labels of ``rows``."""
    rows = list(rows)
    preds = [score(r) for r in rows]
    out: dict[str, Any] = {"n": len(rows), "components": {}}
    for c in COMPONENTS:
        gold = [r["labels"][c] for r in rows]
        pred = [p["components"][c]["score"] for p in preds]
        out["components"][c] = {
            "presence": sum((g > 0) == (p > 0) for g, p in zip(gold, pred, strict=True))
            / len(rows),
            "exact": sum(g == p for g, p in zip(gold, pred, strict=True)) / len(rows),
            "qwk": qwk(gold, pred),
        }
    for key in ("quantified_result", "ownership", "hypothetical"):
        out[key] = sum(r[key] == p[key] for r, p in zip(rows, preds, strict=True)) / len(rows)
    if all("off_topic" in p for p in preds):
        out["on_topic"] = sum(
            r["on_topic"] != p["off_topic"] for r, p in zip(rows, preds, strict=True)
        ) / len(rows)
    return out


def timing(rows: list[dict[str, Any]], repeats: int = 3) -> dict[str, float]:
    """Median over answers of the best of ``repeats`` runs (other processes add noise).

    CPU time is reported too: it barely moves with the machine's load, wall time does.
    """
    evaluate(rows[0]["question"], rows[0]["answer"])  # load the embedding model once
    keys = ("full", "cpu", "rules", "model")
    samples: dict[str, list[float]] = {k: [] for k in keys}
    for r in rows:
        best = dict.fromkeys(keys, float("inf"))
        for _ in range(repeats):
            pieces.forget()  # each run embeds the answer afresh, as a new answer is
            t, c = time.perf_counter(), time.process_time()
            evaluate(r["question"], r["answer"])
            best["full"] = min(best["full"], (time.perf_counter() - t) * 1000)
            best["cpu"] = min(best["cpu"], (time.process_time() - c) * 1000)
            t = time.perf_counter()
            an = analyse(r["answer"])
            best["rules"] = min(best["rules"], (time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            model.refine(an)
            best["model"] = min(best["model"], (time.perf_counter() - t) * 1000)
        for k in keys:
            samples[k].append(best[k])
    return {
        "median_ms": statistics.median(samples["full"]),
        "cpu_median_ms": statistics.median(samples["cpu"]),
        "rules_median_ms": statistics.median(samples["rules"]),
        "model_median_ms": statistics.median(samples["model"]),
    }


def full_scorer(row: dict[str, Any]) -> dict[str, Any]:
    """What ``evaluate`` returns: rules plus the learned layer."""
    return evaluate(row["question"], row["answer"]).to_dict()


def split_scorer() -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Scores like ``full_scorer`` but with a model trained here on ``split/train`` only (the
    held-out styles and authors never in it), by the same code and settings as the shipped one.

    ``refine`` alone, not the whole ``evaluate``: the off-topic and length checks that
    ``evaluate`` adds read the shipped model's output and are measured by their own benchmarks.
    """
    if str(Path(__file__).parent) not in sys.path:
        sys.path.insert(0, str(Path(__file__).parent))
    import train_star_model as trainer

    rows = select(load_corpus(), "split/train")
    w = trainer.train([analyse(r["answer"]) for r in rows], rows)

    return lambda row: as_scored(model.refine(analyse(row["answer"]), w))


def rules_scorer(row: dict[str, Any]) -> dict[str, Any]:
    """The rules alone, as before the learned layer (no embedding pass)."""
    return as_scored(analyse(row["answer"]))


def as_scored(an: Analysis) -> dict[str, Any]:
    """The parts of ``evaluate``'s JSON that ``measure`` reads, from an analysis alone."""
    return {
        "components": {c: {"score": an.scores[c]} for c in COMPONENTS},
        "quantified_result": an.quantified_result and an.scores["result"] > 0,
        "ownership": an.ownership,
        "hypothetical": an.hypothetical,
    }


def meets_targets(m: dict[str, Any]) -> list[str]:
    """Names of the targets ``m`` misses (empty when all are met)."""
    misses = []
    for c, v in m["components"].items():
        if v["presence"] < TARGETS["presence"]:
            misses.append(f"{c} presence {v['presence']:.3f}")
        if v["qwk"] < TARGETS["qwk"]:
            misses.append(f"{c} QWK {v['qwk']:.3f}")
    for key in ("quantified_result", "ownership"):
        if key in m and m[key] < TARGETS["checks"]:
            misses.append(f"{key} {m[key]:.3f}")
    return misses


def table(title: str, m: dict[str, Any]) -> str:
    ok = lambda good: " " if good else "*"  # noqa: E731
    lines = [f"{title} (n={m['n']})", f"  {'component':<12}{'presence':>10}{'exact':>8}{'QWK':>8}"]
    for c, v in m["components"].items():
        lines.append(
            f"  {c:<12}{v['presence']:>9.3f}{ok(v['presence'] >= TARGETS['presence'])}"
            f"{v['exact']:>8.3f}{v['qwk']:>7.3f}{ok(v['qwk'] >= TARGETS['qwk'])}"
        )
    checks = ["quantified_result", "ownership", "hypothetical", "on_topic"]
    lines.append("  " + "  ".join(f"{k} {m[k]:.3f}" for k in checks if k in m))
    if "median_ms" in m:
        lines.append(
            f"  median {m['median_ms']:.1f} ms per answer"
            f"{ok(m['median_ms'] <= TARGETS['median_ms'])} "
            f"(CPU {m['cpu_median_ms']:.1f} ms; rules alone {m['rules_median_ms']:.2f} ms, "
            f"learned layer {m['model_median_ms']:.2f} ms; the rest is mostly one MiniLM run over "
            "the answer's pieces, which the clause reader and the off-topic check share)"
        )
    return "\n".join(lines)


def side_by_side(name: str, rules: dict[str, Any], full: dict[str, Any]) -> str:
    """One line per component: rules alone -> rules + model (presence / QWK)."""
    out = [f"{name} (n={full['n']})   presence / QWK: rules alone -> with the learned layer"]
    for c in COMPONENTS:
        r, f = rules["components"][c], full["components"][c]
        out.append(
            f"  {c:<10} {r['presence']:.3f} / {r['qwk']:.3f}  ->  "
            f"{f['presence']:.3f} / {f['qwk']:.3f}"
        )
    out.append(
        "  "
        + "  ".join(
            f"{k} {rules[k]:.3f} -> {full[k]:.3f}" for k in ("quantified_result", "ownership")
        )
    )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--llm", choices=["none", "auto"], default="none")
    p.add_argument("--check", action="store_true", help="exit 1 if held-out misses a target")
    p.add_argument("--json", action="store_true")
    p.add_argument("--set", choices=SETS, help="score this set only")
    p.add_argument("--no-timing", action="store_true")
    args = p.parse_args(argv)
    names = (args.set,) if args.set else SETS
    corpus = load_corpus()

    results: dict[str, Any] = {}
    split = split_scorer() if set(names) & set(SPLIT_SETS) else None
    for name in names:
        rows = select(corpus, name)
        if not rows:
            continue
        results[f"rules/{name}"] = measure(rows, rules_scorer)
        scorer = split if split and name in SPLIT_SETS else full_scorer
        results[f"model/{name}"] = m = measure(rows, scorer)
        if name == "held-out" and not args.no_timing:
            m.update(timing(rows))
    if args.llm == "auto":
        from interview_coach.config import load_settings
        from interview_coach.llm.client import open_llm

        settings = load_settings()
        backend, llm = open_llm(settings)
        if llm is None or not backend.judge_capable:
            print(f"no judge-capable LLM configured ({backend.reason}); judge rows skipped")
        else:
            for name in names:
                results[f"judge/{name}"] = measure(
                    select(corpus, name),
                    lambda r: evaluate(
                        r["question"], r["answer"], llm=llm, settings=settings
                    ).to_dict(),
                )
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(
            f"STAR scorer agreement with the labelled sets (* = below target: presence "
            f">= {TARGETS['presence']}, QWK >= {TARGETS['qwk']}, <= {TARGETS['median_ms']} ms)"
        )
        for name in names:
            if f"model/{name}" in results:
                print()
                print(side_by_side(name, results[f"rules/{name}"], results[f"model/{name}"]))
        for name, m in results.items():
            if name.startswith(("model/", "judge/")):
                print()
                print(table(name, m))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"\nload average during the run: {load:.2f} on {os.cpu_count()} cores")
    key = "model/held-out"
    misses = meets_targets(results[key]) if key in results else ["no held-out rows"]
    if args.check and misses:
        print("held-out rows miss targets: " + "; ".join(misses), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
