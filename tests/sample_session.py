"""Realistic finished practice sessions for tests of the report, the emails and the UI.

Built by hand in the evaluate JSON shape (``star.Evaluation.to_dict``) so that tests of
the output layers do not depend on the scorer. Evidence offsets are computed from the
answer text, never typed in, so they always point at real words.

``finished_session()`` is a three-question senior-engineer interview with a two-person
panel: one strong answer with numbers, one with a vague result that drew a probe, and one
told in "we" with fillers and an answer that quotes ``<script>`` markup.
``earlier_sessions()`` gives two older sessions of the same user for trends.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from interview_coach.models import PanelMember, SessionRecord, SessionSetup, Turn

COMPONENTS = ("situation", "task", "action", "result")
FILLERS = ("um", "uh", "like", "basically", "you know")
START = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)

ROLE = "Senior Software Engineer, Fleet Orchestration"
COMPANY = "Quaylift Robotics"
PANEL = [
    PanelMember("Priya Ramanathan", "Director of Engineering, Fleet Orchestration"),
    PanelMember("Tomasz Kowalczyk", "Staff Software Engineer, Conductor Platform"),
]
RESEARCH = [
    "## Quaylift Robotics recent news (2026)\n\n- **22 April 2026**: Conductor 5 launched with "
    "multi-vendor fleet support, letting one site run Quaylift robots alongside third-party "
    "robots.\n- **14 October 2026**: Quaylift robots completed their 50 millionth autonomous "
    "mission.",
    '## Quaylift Robotics mission\n\nThe Quaylift Robotics mission is "to make every warehouse '
    'shift safer and less exhausting by letting robots carry the weight." Quaylift talks about '
    "its robots as helpers for warehouse staff rather than replacements.",
    "Since April 2026, fleet software rolls out in stages: one internal test site, then 5% of "
    "customer sites, then 25%, then all sites, over about ten days. The service-level objective "
    "is 99.95% fleet availability during customer shift hours.",
]

Q1 = "Describe a piece of work you owned from start to finish."
A1 = (
    "At Parcelwise, our route-assignment service was timing out during the evening peak: p99 "
    "latency had crept up to 820 ms and drivers were waiting for their next stop. I owned the "
    "service, so it was my job to get p99 under 200 ms before the holiday season without a "
    "rewrite. I profiled it under production-like load and found that most of the time went "
    "into a lock around the shared job queue. I redesigned the queue into per-region shards, "
    "wrote a load test that replayed a week of real traffic, and rolled the change out behind a "
    "flag to one region at a time. I also wrote a short design doc so the on-call team knew how "
    "to roll it back. After three weeks p99 was down to 140 ms, timeouts dropped from about "
    "2,000 a day to under 50, and we went through the holiday peak without a single latency page."
)
Q2 = "Describe a time you were responsible for responding to a serious incident or crisis."
A2 = (
    "Last year one of our database replicas filled its disk on a Saturday night and the order "
    "API started returning errors. I was on call, so I was the first to respond. I, um, "
    "basically failed traffic over to the healthy replica, cleared the old write-ahead logs "
    "that had filled the disk, and posted updates in the incident channel every half hour. Then "
    "I led the postmortem on Monday. Things were much better after that."
)
P2 = "What changed after the postmortem? Did you measure the difference?"
A2B = (
    "We added disk-usage alerts at 70% and a runbook for failover, and I think we haven't had "
    "that kind of outage since."
)
Q3 = (
    "Tell me about a time you strongly disagreed with a colleague about how to approach a "
    "piece of work."
)
A3 = (
    "So, like, at my last job we had a disagreement with Dana, our front-end lead, about how to "
    "fix a bug where user names like <script>alert(1)</script> were being rendered raw on the "
    "admin page. We wanted to, um, sanitise the input on the way in, and she wanted to escape "
    "everything on output. We, like, argued about it for a couple of days in the pull request. "
    "In the end we basically went with her approach and we added a template linter, you know, "
    "so it wouldn't happen again."
)


def span(text: str, quote: str) -> dict[str, Any]:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote), "text": quote}


def evaluation(
    answer: str,
    scores: dict[str, int],
    evidence: dict[str, list[str]],
    *,
    quantified: bool,
    ownership: str = "i",
    tips: list[str] | None = None,
    follow_up: str = "",
    missing: list[str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An evaluate-JSON dict whose counts are measured from ``answer``."""
    words = len(answer.split())
    lowered = answer.lower()
    pattern = r"(?<![\w-]){}(?![\w-])"
    fillers = sum(len(re.findall(pattern.format(re.escape(f)), lowered)) for f in FILLERS)
    # "user names like <script>" is a comparison, not a filler.
    fillers -= lowered.count("names like")
    return {
        "components": {
            c: {"score": scores[c], "evidence": [span(answer, q) for q in evidence.get(c, [])]}
            for c in COMPONENTS
        },
        "quantified_result": quantified,
        "ownership": ownership,
        "hypothetical": False,
        "relevance": 0.8,
        "word_count": words,
        "speaking_seconds": round(words / 150 * 60, 1),
        "fillers": {"count": fillers, "per_100_words": round(100 * fillers / words, 1)},
        "missing": missing or [c for c in COMPONENTS if scores[c] < 2],
        "tips": tips or [],
        "follow_up": follow_up,
        "scorer": "rules",
        "notes": [],
        **extra,
    }


def _turns(start: datetime, items: list[tuple[str, str, str, str | None, dict | None]]) -> list:
    turns = []
    for i, (speaker, kind, text, qid, ev) in enumerate(items):
        turns.append(
            Turn(
                speaker=speaker,  # type: ignore[arg-type]
                kind=kind,  # type: ignore[arg-type]
                text=text,
                question_id=qid,
                evaluation=ev,
                created_at=start + timedelta(minutes=3 * i),
                index=i,
            )
        )
    return turns


def finished_session(session_id: str = "s-quaylift-3", user: str = "alex") -> SessionRecord:
    """Three answered questions, one probe, a two-person panel, status finished."""
    e1 = evaluation(
        A1,
        {"situation": 2, "task": 2, "action": 2, "result": 2},
        {
            "situation": ["our route-assignment service was timing out during the evening peak"],
            "task": ["it was my job to get p99 under 200 ms before the holiday season"],
            "action": [
                "I profiled it under production-like load",
                "I redesigned the queue into per-region shards",
            ],
            "result": ["After three weeks p99 was down to 140 ms"],
        },
        quantified=True,
        tips=["Strong answer: keep the numbers, and add one line on what you would do next."],
    )
    e2_first = evaluation(
        A2,
        {"situation": 2, "task": 1, "action": 2, "result": 1},
        {
            "situation": ["one of our database replicas filled its disk on a Saturday night"],
            "task": ["I was on call, so I was the first to respond"],
            "action": ["failed traffic over to the healthy replica"],
            "result": ["Things were much better after that"],
        },
        quantified=False,
        follow_up=P2,
    )
    combined = A2 + " " + A2B
    e2 = evaluation(
        combined,
        {"situation": 2, "task": 1, "action": 2, "result": 1},
        {
            "situation": ["one of our database replicas filled its disk on a Saturday night"],
            "task": ["I was on call, so I was the first to respond"],
            "action": [
                "failed traffic over to the healthy replica",
                "I led the postmortem on Monday",
            ],
            "result": ["we haven't had that kind of outage since"],
        },
        quantified=False,
        ownership="mixed",
        tips=[
            "Say what changed after the postmortem, with a number: fewer pages, faster recovery."
        ],
        follow_up="",
    )
    e3 = evaluation(
        A3,
        {"situation": 2, "task": 1, "action": 1, "result": 0},
        {
            "situation": ["we had a disagreement with Dana, our front-end lead"],
            "task": ["how to fix a bug"],
            "action": ["we added a template linter"],
        },
        quantified=False,
        ownership="we",
        tips=["Say what you did yourself, and how the disagreement ended for the product."],
        follow_up="How did you and Dana reach the decision, and what happened afterwards?",
    )
    setup = SessionSetup(
        role=ROLE,
        company=COMPANY,
        seniority="senior",
        job_description="Design, build and operate Conductor services in Go. Lead the redesign "
        "of task allocation. Take part in on-call and lead blameless postmortems.",
        interviewers=list(PANEL),
        num_questions=3,
        focus=["ownership", "delivery_under_pressure", "conflict"],
        candidate_name="Alex Morgan",
    )
    items = [
        (
            "interviewer",
            "greeting",
            "Hi Alex, thanks for joining. We'll go through three questions.",
            None,
            None,
        ),
        ("interviewer", "question", Q1, "own-002", None),
        ("candidate", "answer", A1, "own-002", e1),
        ("interviewer", "question", Q2, "press-002", None),
        ("candidate", "answer", A2, "press-002", e2_first),
        ("interviewer", "probe", P2, "press-002", None),
        ("candidate", "answer", A2B, "press-002", e2),
        ("interviewer", "question", Q3, "conf-001", None),
        ("candidate", "answer", A3, "conf-001", e3),
        ("interviewer", "wrap_up", "That's all from us today. Thanks, Alex.", None, None),
    ]
    turns = _turns(START, items)
    return SessionRecord(
        id=session_id,
        user=user,
        setup=setup,
        state="done",
        status="finished",
        created_at=START,
        updated_at=turns[-1].created_at,
        turns=turns,
    )


def _simple_session(
    session_id: str, user: str, when: datetime, scores: list[dict]
) -> SessionRecord:
    """An older session: one plain answer per score dict, evidence one sentence per part."""
    items: list = []
    for n, sc in enumerate(scores, start=1):
        parts = {
            "situation": f"In project {n} the nightly import kept failing.",
            "task": "I had to make it reliable.",
            "action": "I added retries and alerts.",
            "result": "It failed less often.",
        }
        answer = " ".join(parts.values())
        ev = evaluation(
            answer,
            sc,
            {c: [parts[c]] for c in COMPONENTS if sc[c] > 0},
            quantified=False,
        )
        items.append(("interviewer", "question", f"Question {n}?", f"q-{n}", None))
        items.append(("candidate", "answer", answer, f"q-{n}", ev))
    setup = SessionSetup(role=ROLE, company=COMPANY, interviewers=[PANEL[0]], num_questions=2)
    turns = _turns(when, items)
    return SessionRecord(
        session_id, user, setup, "done", "finished", when, turns[-1].created_at, turns
    )


def earlier_sessions(user: str = "alex") -> list[SessionRecord]:
    """Two older sessions, newest first (as ``Store.list_sessions`` returns them).

    The result is weak in both, so with the current session it is a recurring weak spot.
    """
    older = _simple_session(
        "s-old-1",
        user,
        START - timedelta(days=14),
        [
            {"situation": 2, "task": 1, "action": 1, "result": 0},
            {"situation": 1, "task": 1, "action": 1, "result": 1},
        ],
    )
    newer = _simple_session(
        "s-old-2",
        user,
        START - timedelta(days=7),
        [
            {"situation": 2, "task": 2, "action": 2, "result": 1},
            {"situation": 2, "task": 1, "action": 2, "result": 1},
        ],
    )
    return [newer, older]


# Three complete STAR answers from different jobs, shared by the app, fault and crash tests.
STAR_ANSWERS = [
    "Last spring at Parcelwise our route-assignment service was timing out every evening and "
    "drivers waited for their next stop. I owned the service, so it was my job to get p99 "
    "latency under 200 ms before the holiday peak. I profiled it under production load, found "
    "a lock around the shared job queue, split the queue into per-region shards and rolled the "
    "change out region by region behind a flag. As a result p99 fell from 820 ms to 140 ms and "
    "timeouts dropped from 2,000 a day to under 50.",
    "In 2023 our nightly billing export at Tallybook started failing twice a week and finance "
    "had to rerun invoices by hand. As the engineer on that team I was responsible for making "
    "the export reliable within a month. I traced the failures to a timeout on one slow "
    "query, rewrote it with an index, added retries with alerts, and wrote a runbook for the "
    "on-call rota. Over the next quarter the export failed once instead of 24 times, and "
    "finance stopped losing about six hours a month to reruns.",
    "When I joined the support tools team at Brightdesk, agents were copying customer details "
    "between three systems and making mistakes on about one ticket in twenty. My task was to "
    "cut those errors before the busy season. I interviewed six agents, built a small sidebar "
    "that filled the fields automatically, and trained the team in two short sessions. Within "
    "two months the error rate dropped to one ticket in two hundred and handling time fell "
    "by 15 percent.",
]


#: A complete answer to "Tell me about a time you changed how your organisation thinks about its
#: customers" (A1, a latency fix, does not answer it).
CUSTOMERS = (
    "At Routely I led the driver app team. Our roadmap was set by what the sales team heard "
    "from big shippers, and nobody looked at what the drivers, our real daily users, "
    "complained about. I owned the app roadmap, so it was my job to get their problems taken "
    "seriously. I asked to sit in on the support queue for two weeks, tagged every driver "
    "ticket, and took the top five problems to the leadership meeting with the ticket counts. "
    "I proposed that every squad spend one day a quarter riding along with drivers, and I ran "
    "the first ride-alongs myself. The CEO agreed; over the next two quarters driver "
    "complaints fell by 40%, and driver minutes saved became one of the company's goals."
)


#: A complete answer to a conflict question ("two people on your team were in conflict", "built
#: agreement in a group that started out divided"), which A1, a latency fix, does not answer.
CONFLICT = (
    "At Parcelwise, two of my senior engineers, Dana and Luis, had been arguing for weeks "
    "about whether to rewrite our routing service or keep patching it, and the team had split"
    " behind them; design reviews had turned into shouting matches. As their tech lead it was"
    " my job to get us to one decision the whole team would back before planning in March. I "
    "met each of them alone first and asked what worried them: Dana feared another year of "
    "outages, Luis feared a rewrite that never shipped. Then I ran a joint session where we "
    "listed the outages of the last six months and costed both options against them, and I "
    "proposed a middle path they could both live with: rewrite the two modules behind 80% of "
    "the outages and freeze the rest. They agreed, the team signed off in one meeting, and we"
    " shipped the two modules in ten weeks; outages dropped from nine a quarter to two, and "
    "Dana and Luis now share the on-call rota."
)


#: A complete answer to "Tell me about a time you stepped up to lead something even though it
#: wasn't formally your role", the CLI tests' first question (A1's service was the speaker's own).
STEPPED_UP = (
    "Last spring our release manager at Parcelwise left, and nobody was named to replace her "
    "for two months. I wasn't a manager, but I offered to run releases until someone was "
    "hired, and my goal was to keep our weekly release going without missing a single week. I"
    " wrote a one-page checklist from her old notes, set up a fifteen-minute release meeting "
    "every Tuesday, and paired with a different engineer each week so that four of us could "
    "run it by the end. We shipped all eight releases on time, and when the new manager "
    "started she kept my checklist and the rota."
)
