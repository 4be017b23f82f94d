"""End to end in headless Chromium: Prepare → Interview → Feedback → Follow-up → History.

Drives the real page the way a person would (pick a sample company, upload research, read
the brief, answer, finish, edit an email) and saves a screenshot of each tab into
``tests/artifacts/``. Along the way it plants ``<script>`` and ``<img onerror>`` in an
answer and in uploaded research, and checks that they show up as text and never run.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CHROMIUM

from interview_coach.config import Settings

ARTIFACTS = Path(__file__).parent / "artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.block_network(allowed_hosts=["127.0.0.1", "localhost"]),
    pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword)"),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install -y chromium"
    ),
]

HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> ${7*7} {{7*7}}'
ANSWER = (
    "Last spring at Parcelwise our route-assignment service was timing out every evening. "
    "I owned the service, so it was my job to get p99 latency under 200 ms before the peak. "
    "I profiled it, found a lock around the job queue, split the queue into per-region shards "
    "and rolled it out region by region. As a result p99 fell from 820 ms to 140 ms and "
    "timeouts dropped from 2,000 a day to under 50. "
)
TOAST = "[data-testid='toast-body']"  # gradio's error pop-ups
MORE = [
    "To add to that: the result was that p99 stayed under 150 ms through the whole holiday "
    "peak, and the on-call team had zero latency pages that month.",
    "At Tallybook our nightly billing export failed twice a week and finance reran invoices by "
    "hand. I was responsible for making it reliable within a month. I traced the failures to a "
    "slow query, added an index and retries with alerts, and wrote a runbook. Over the next "
    "quarter it failed once instead of 24 times.",
    "Thanks for asking. As a result of the runbook, new on-call engineers resolved the same "
    "alert in 10 minutes instead of an hour.",
    "When I joined Brightdesk, agents copied customer details between three systems and got "
    "one ticket in twenty wrong. My task was to cut those errors before the busy season. I "
    "interviewed six agents and built a sidebar that filled the fields automatically. Within "
    "two months errors fell to one ticket in two hundred.",
    "The measurable part: handling time per ticket also fell by 15 percent, which the support "
    "lead used to justify two more automation projects.",
]
RESEARCH = (
    "# Quaylift field notes\n\n## Quaylift Robotics warehouse pilots\n\nQuaylift Robotics runs a "
    "pilot of its Conductor fleet software with a grocery chain in Leeds, starting in March. "
    f"Note for testing: {HOSTILE}\n"
)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, start_app: Callable[..., str]) -> str:
    from interview_coach.knowledge.store import KnowledgeStore

    settings = Settings(llm_backend="none", data_dir=tmp_path_factory.mktemp("ui") / "data")
    # The brief retrieves guidance and research: index just what it needs (embedding the
    # whole knowledge base takes most of a minute on two cores).
    subset = tmp_path_factory.mktemp("knowledge")
    (subset / "guidance").mkdir()
    shutil.copy(settings.knowledge_dir / "guidance" / "questions-to-ask.md", subset / "guidance")
    shutil.copytree(
        settings.knowledge_dir / "companies" / "quaylift-robotics",
        subset / "companies" / "quaylift-robotics",
    )
    KnowledgeStore(settings.with_(knowledge_dir=subset)).index_knowledge()
    return start_app(settings)


def field(page, elem_id: str):  # noqa: ANN001, ANN201
    return page.locator(f"#{elem_id}").locator("textarea, input").first


def shot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def pwned(page) -> object:  # noqa: ANN001
    return page.evaluate("() => window.pwned")


def test_click_through_every_tab(app_url: str, browser, tmp_path: Path) -> None:  # noqa: ANN001
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    try:
        click_through(page, app_url, tmp_path)
    except Exception:
        shot(page, "failure")  # what the page looked like when the test gave up
        raise


def click_through(page, app_url: str, tmp_path: Path) -> None:  # noqa: ANN001
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(app_url)
    page.wait_for_selector("#status:has-text('Offline mode')")

    # Prepare: a sample company fills in the role, job description and panel.
    field(page, "company").click()
    page.get_by_role("option", name="Quaylift Robotics").click()
    page.wait_for_function(
        "() => document.querySelector('#role textarea').value.includes('Fleet Orchestration')"
    )
    assert "Priya Ramanathan" in field(page, "interviewers").input_value()
    assert "Job Description" in field(page, "jd").input_value()

    good = tmp_path / "quaylift-notes.md"
    good.write_text(RESEARCH, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    page.get_by_text("Company research (optional)").click()
    # Choosing the files is the whole step: each is indexed at once and gets its own line.
    page.locator("#research-files input[type=file]").set_input_files([str(good), str(empty)])
    result = page.locator("#upload-result")
    page.wait_for_function(  # the result lines, not gradio's "Indexing empty.txt" progress
        "() => document.querySelector('#upload-result').innerText.includes('✗')"
    )
    text = result.inner_text()
    assert re.search(r"✓\s*quaylift-notes\.md", text), text
    assert re.search(r"✗\s*empty\.txt: .*empty", text), text

    page.locator("#brief-btn").click()
    brief = page.locator("#brief")
    brief.locator(":text('Questions to ask your interviewers')").wait_for()
    assert "Likely competencies" in brief.inner_text()
    assert "Source:" in brief.inner_text()
    shot(page, "01-prepare")

    # Interview: two questions, streamed replies, a STAR card after each answer.
    page.locator("#num input[type=number]").fill("2")
    page.locator("#num input[type=number]").press("Enter")
    page.locator("#mix input[value='behavioural']").check()  # STAR cards from the first answer
    page.locator("#start").click()
    page.wait_for_selector("#progress:has-text('Question 1 of 2')")
    page.wait_for_selector("#chat .message")
    # The bar: 2 questions + "your questions" + done = 4 stages, the first one reached.
    bar = page.locator("#progress [role=progressbar]")
    assert bar.get_attribute("aria-valuemax") == "4" and bar.get_attribute("aria-valuenow") == "1"
    # The typed answer is timed from the moment the question appeared.
    page.wait_for_function(TIMER_AT_LEAST, arg=2, timeout=6000)
    send(page, HOSTILE + " " + ANSWER)
    page.wait_for_selector("#latest-card .star-card[open]")  # right under the chat, open
    chat_text = page.locator("#chat").inner_text()
    assert "<script>window.pwned = 1</script>" in chat_text  # shown as text
    assert "${7*7}" in chat_text and "{{7*7}}" in chat_text  # no template or Markdown
    card = page.locator("#latest-card .star-card").first
    assert card.inner_text().startswith("Question 1 · STAR")
    assert card.locator("mark[data-component='result']").count() >= 1
    assert "STAR" in card.inner_text()
    stages = []
    for i in range(8):  # answer probes, the next question and the closing questions
        stages.append((bar.get_attribute("aria-valuenow"), page.locator("#progress").inner_text()))
        if page.locator("#progress:has-text('Interview complete')").count():
            break
        before = page.locator("#chat .message").count()
        closing = "questions do you have" in _last(page)
        if closing:  # the candidate's own questions are a stage of their own on the bar
            assert "Your questions" in stages[-1][1] and stages[-1][0] == "3", stages
            shot(page, "02-interview-your-questions")
        reply = "No, that's all from me, thanks." if closing else MORE[i % len(MORE)]
        send(page, reply)
        page.wait_for_function(
            f"() => document.querySelectorAll('#chat .message').length >= {before + 2}"
        )
        page.wait_for_timeout(300)
        if not page.locator("#progress:has-text('Interview complete')").count():
            # each new question restarts the clock: it reads well under the time spent so far.
            # The restart runs in a callback after the question lands, late on a loaded machine
            # (a fresh-clone CI run read 0:15 after a fixed pause): wait for it, then check.
            page.wait_for_function(RESTARTED, timeout=5000)
            assert timer_seconds(page) <= 2, page.locator("#answer-timer").inner_text()
    assert [n for n, _ in stages] == sorted(n for n, _ in stages), stages  # never goes back
    assert any("Question 2 of 2" in text for _, text in stages), stages
    assert stages[-1][0] == "4" and bar.get_attribute("aria-valuenow") == "4"
    assert page.locator("#answer-timer-value").inner_text() == "–"  # nothing left to answer
    shot(page, "02-interview")

    # Feedback: a summary first, then the report in the page itself, one download for all.
    page.locator("#finish").click()
    page.wait_for_selector("#summary:has-text('How it went')")
    assert "What to practise next" in page.locator("#summary").inner_text()
    report = page.locator("#report .report-inline")
    report.locator("h1:has-text('Interview feedback')").wait_for()
    scrolls_with_the_page(page)
    with page.expect_download() as got:
        page.locator("#downloads").click()
    zipped = tmp_path / "feedback.zip"
    got.value.save_as(zipped)
    with zipfile.ZipFile(zipped) as zf:
        names = zf.namelist()
    for suffix in ("report.md", "report.html", "report.pdf", "transcript.md", "transcript.json"):
        assert sum(n.endswith(suffix) for n in names) == 1, names
    assert not any(re.search(r"[0-9a-f]{8}", n) for n in names), names  # no session ids
    assert got.value.suggested_filename.startswith("quaylift-robotics-")
    shot(page, "03-feedback")

    # Follow-up: one editable email per interviewer; edits re-run the checks.
    page.get_by_role("tab", name="Follow-up").click()
    body = field(page, "body-0")
    page.wait_for_function("() => document.querySelector('#body-0 textarea')?.value.length > 50")
    assert "Priya" in body.input_value()
    assert field(page, "body-1").input_value()  # the second interviewer has an email too
    checks = page.locator("#checks-0")
    greeting = "#checks-0 li[data-check='greeting'][data-passed='{}']"
    page.wait_for_selector(greeting.format("true"))  # the draft opens with her name
    body.fill("")
    body.press_sequentially("Thanks.")  # typed: gradio's .input ignores a scripted fill
    page.wait_for_selector(greeting.format("false"), timeout=10000)
    assert "✗" in checks.inner_text()
    page.wait_for_function(  # typing fires several checks; wait for the last one
        "() => document.querySelector('#mailto-0 a.mailto').href.endsWith('body=Thanks.')"
    )
    assert page.locator("#mailto-0 a.mailto").get_attribute("href").startswith("mailto:?subject=")
    shot(page, "04-followup")

    # The edit survives a reload: back on the Follow-up tab, with the edited text.
    page.reload()
    page.wait_for_function(
        "() => document.querySelector('#body-0 textarea')?.value === 'Thanks.'", timeout=20000
    )
    assert page.get_by_role("tab", name="Follow-up").get_attribute("aria-selected") == "true"
    assert "Tomasz" in field(page, "body-1").input_value()  # the unedited one is as drafted
    page.wait_for_selector(greeting.format("false"))  # its checks are the edited text's
    shot(page, "04-followup-after-reload")

    # History: this session is listed with its score, a human date and no id; a click opens it.
    page.get_by_role("tab", name="History").click()
    page.wait_for_function(
        "() => document.querySelector('#history-table').innerText.includes('Quaylift Robotics')"
    )
    row = page.locator("#history-table tr.history-row").first
    assert re.search(r"today \d\d:\d\d", row.inner_text()), row.inner_text()
    table_text = page.locator("#history-table").inner_text()
    assert not re.search(r"\b[0-9a-f]{8}\b|\d{4}-\d\d-\d\d", table_text), table_text
    assert (
        row.get_by_role("button")
        .get_attribute("aria-label")
        .startswith("Open Quaylift Robotics · Senior")
    )
    shot(page, "05-history")
    row.locator("td").first.click()  # anywhere on the row: the handler moves to Feedback
    page.wait_for_selector("[role=tab][aria-selected=true]:has-text('Feedback')")
    page.wait_for_selector("#summary:has-text('How it went')")

    # Every tab, filled in, at desktop and phone sizes.
    for size, label in (((1280, 1000), "desktop"), ((390, 844), "phone")):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        for tab in ("Prepare", "Interview", "Feedback", "Follow-up", "History"):
            page.get_by_role("tab", name=tab).click()
            page.wait_for_timeout(400)
            shot(page, f"{label}-done-{tab.lower()}")
        page.get_by_role("tab", name="History").click()
        no_sideways_scroll(page)

    assert pwned(page) is None, "markup from an answer or research ran in the page"
    assert not errors, errors
    assert page.locator(TOAST).count() == 0, page.locator(TOAST).all_inner_texts()


#: The answer timer shows at least ``arg`` seconds.
TIMER_AT_LEAST = """s => {
  const t = document.querySelector('#answer-timer-value')?.innerText || '';
  const m = t.match(/^(\\d+):(\\d\\d)$/);
  return m && Number(m[1]) * 60 + Number(m[2]) >= s;
}"""


#: The answer clock shows two seconds or less (it shows "–" while nothing is to be answered).
RESTARTED = """() => {
  const [m, s] = document.querySelector('#answer-timer-value').textContent.split(':');
  return s !== undefined && Number(m) * 60 + Number(s) <= 2;
}"""


def timer_seconds(page) -> int:  # noqa: ANN001
    text = page.locator("#answer-timer-value").inner_text()
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def scrolls_with_the_page(page) -> None:  # noqa: ANN001
    """The report is part of the page: no frame, no scroll box of its own, all of it laid out."""
    assert page.locator("#report iframe").count() == 0
    sizes = page.locator("#report").evaluate(
        """el => {
          const boxes = [];
          for (let n = el; n && n !== document.body; n = n.parentElement) {
            const s = getComputedStyle(n);
            if (/(auto|scroll|hidden)/.test(s.overflowY) && n.scrollHeight > n.clientHeight + 2)
              boxes.push(n.id || n.className);
          }
          return {boxes, height: el.getBoundingClientRect().height,
                  page: document.documentElement.scrollHeight, view: innerHeight};
        }"""
    )
    assert not sizes["boxes"], sizes  # nothing between the report and the page scrolls it
    assert sizes["height"] > 1000 and sizes["page"] > sizes["view"] + 1000, sizes


def no_sideways_scroll(page) -> None:  # noqa: ANN001
    """Nothing on the History tab is cut off at the right edge: every cell and button of the
    table ends inside the window (a container may hide overflow, so the page width alone
    would not tell)."""
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1] + 1, width
    past = page.locator("#history-table").evaluate(
        """el => [...el.querySelectorAll('th, td, button')]
          .filter(c => c.getBoundingClientRect().width > 0)
          .filter(c => c.getBoundingClientRect().right > innerWidth)
          .map(c => c.innerText)"""
    )
    assert not past, past


def send(page, text: str) -> None:  # noqa: ANN001
    """Type an answer and send it; click again only if the app never took it.

    On a loaded machine a click can land while the previous reply is still
    streaming and be dropped; the app empties the box the moment it accepts an
    answer, so a box that still holds the text after a while means "not taken".
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    field(page, "answer").fill(text)
    for _ in range(3):
        page.locator("#send").click()
        try:
            page.wait_for_function(
                "() => document.querySelector('#answer textarea').value === ''", timeout=15000
            )
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError("the app never accepted the answer")


def _last(page) -> str:  # noqa: ANN001
    return page.locator("#chat .message").last.inner_text().lower()


def test_sessions_do_not_leak_between_browsers(app_url: str, browser) -> None:  # noqa: ANN001
    first = browser.new_context().new_page()
    first.goto(app_url)
    first.wait_for_selector("#status")
    field(first, "company").click()
    first.get_by_role("option", name="Clinibell Health").click()
    first.wait_for_function("() => document.querySelector('#role textarea').value.length > 0")
    first.locator("#start").click()
    first.wait_for_selector("#progress:has-text('Question 1 of')")

    second = browser.new_context().new_page()
    second.goto(app_url)
    second.wait_for_selector("#status")
    second.get_by_role("tab", name="Interview").click()
    assert second.locator("#chat .message").count() == 0
    field(second, "answer").fill(ANSWER)
    second.locator("#send").click()
    second.get_by_text("Start an interview on the Prepare tab first").first.wait_for()
    assert second.locator(TOAST).count() == 1  # the selector the other test relies on
    assert first.locator("#chat .message").count() >= 1

    # History lists the unfinished session for resuming.
    first.get_by_role("tab", name="History").click()
    first.get_by_role("button", name=re.compile(r"^Resume Clinibell Health")).first.click()
    first.wait_for_selector("#progress:has-text('Question 1 of')")
    assert "Clinibell" in first.locator("#chat").inner_text()


BADGES = "#chat .error, #answer .error, #progress .error, #latest-card .error"


def typeable(page) -> None:  # noqa: ANN001
    """The answer box takes a real click and typed keys: nothing covers or disables it."""
    box = field(page, "answer")
    box.click(timeout=5000)  # playwright refuses a click that another element would receive
    page.keyboard.type("x")
    assert box.input_value().endswith("x")
    box.fill("")


@pytest.mark.parametrize(
    "size",
    [{"width": 1280, "height": 1000}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_mistakes_never_block_and_a_reload_forgets_nothing(
    app_url: str,
    browser,
    size: dict,  # noqa: ANN001
) -> None:
    name = "desktop" if size["width"] > 600 else "phone"
    page = browser.new_context(viewport=size).new_page()
    try:
        mistakes_and_reload(page, app_url, name)
    except Exception:
        shot(page, f"failure-{name}")
        raise


def mistakes_and_reload(page, app_url: str, name: str) -> None:  # noqa: ANN001
    page.goto(app_url)
    page.wait_for_selector("#status")
    for tab in ("Prepare", "Interview", "Feedback", "Follow-up", "History"):
        page.get_by_role("tab", name=tab).click()  # every tab reachable, phone included
        page.wait_for_timeout(200)
        shot(page, f"{name}-empty-{tab.lower()}")

    # Mistaken clicks: a toast each, no error badges, and the box still takes typing.
    page.get_by_role("tab", name="Interview").click()
    page.locator("#send").click()
    page.get_by_text("Start an interview on the Prepare tab first").first.wait_for()
    page.locator("#finish").click()
    page.get_by_text("There is no interview to finish").first.wait_for()
    assert page.locator(BADGES).count() == 0
    typeable(page)

    page.get_by_role("tab", name="Prepare").click()
    field(page, "company").click()
    page.get_by_role("option", name="Clinibell Health").click()
    page.wait_for_function("() => document.querySelector('#role textarea').value.length > 0")
    role = field(page, "role").input_value()
    page.locator("#start").click()
    page.wait_for_selector("#progress:has-text('Question 1 of')")
    question = page.locator("#chat .message").last.inner_text()
    question_and_box_on_screen(page)
    page.locator("#send").click()  # empty box
    page.get_by_text("Type your answer first").first.wait_for()
    assert page.locator(BADGES).count() == 0 and question in page.locator("#chat").inner_text()
    typeable(page)
    draft = "At Clinibell I was the shift lead when the booking system"
    field(page, "answer").press_sequentially(draft)
    page.wait_for_timeout(1500)  # the draft is saved as it is typed
    shot(page, f"{name}-interview-draft")

    # A reload: same question, same draft, same Prepare form, without visiting History.
    page.reload()
    page.wait_for_selector("#progress:has-text('Question 1 of')")
    page.wait_for_function(f"() => document.querySelector('#answer textarea').value === {draft!r}")
    assert question in page.locator("#chat").inner_text()
    assert field(page, "role").input_value() == role
    shot(page, f"{name}-after-reload")

    # Start during an interview asks first: the first press only warns.
    page.get_by_role("tab", name="Prepare").click()
    page.locator("#start").click()
    page.get_by_text("You have an interview in progress").first.wait_for()
    page.get_by_role("tab", name="Interview").click()
    assert question in page.locator("#chat").inner_text()
    if name == "desktop":
        practise_again(page)


def question_and_box_on_screen(page) -> None:  # noqa: ANN001
    """The progress, the question and the whole answer box are on the first screen, unscrolled
    by the user (the app brings them into view when a question appears)."""
    page.wait_for_timeout(500)  # the question's reveal, then the app's scroll
    view = page.viewport_size["height"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"first-screen-{page.viewport_size['width']}.png"))
    for what in ("#progress", "#chat .message >> nth=-1", "#answer textarea"):
        box = page.locator(what).bounding_box()
        assert box and box["y"] >= -1 and box["y"] + min(box["height"], 200) <= view + 1, (
            what, box, view,
        )  # fmt: skip


def practise_again(page) -> None:  # noqa: ANN001
    """A one-question interview answered weakly; the summary offers it again, and it comes."""
    page.get_by_role("tab", name="Prepare").click()
    page.get_by_label("Behavioural only").check()  # a STAR question, so it can score low
    page.locator("#num input[type=number]").fill("1")
    page.locator("#num input[type=number]").press("Enter")
    page.locator("#mix input[value='behavioural']").check()  # one STAR question, to practise again
    page.locator("#start").click()  # the second press: starts a new interview
    page.wait_for_selector("#progress:has-text('Question 1 of 1')")
    for _ in range(6):
        # the reply settles first: on a loaded machine the send button is still disabled
        # (the interview finishing, or a reply streaming) for a moment after the message shows
        page.wait_for_function(
            "() => document.querySelector('#progress').innerText.includes('Interview complete')"
            " || !document.querySelector('#send').disabled",
            timeout=60000,
        )
        if page.locator("#progress:has-text('Interview complete')").count():
            break
        before = page.locator("#chat .message").count()
        closing = "questions do you have" in _last(page)
        send(page, "No, that's all, thanks." if closing else "I just helped out where I could.")
        page.wait_for_function(
            f"() => document.querySelectorAll('#chat .message').length >= {before + 2}"
        )
    page.locator("#finish").click()
    page.wait_for_selector("#summary:has-text('Worth another go')")
    weak = page.locator("#summary .summary-weak li").first.inner_text()
    title = weak.split(": ", 1)[1].rstrip(".…")[:40]
    shot(page, "desktop-summary")
    page.locator("#again").click()
    page.wait_for_selector("#progress:has-text('Question 1 of 1')")
    page.wait_for_function(
        "t => document.querySelector('#chat').innerText.includes(t)", arg=title, timeout=30000
    )


#: A rough accessible name, as a screen reader would build it, for each visible control that
#: takes focus; the ones without any are returned.
UNNAMED = """root => {
  const sel = 'button, input, textarea, select, a[href], [role=tab], [role=button], [tabindex]';
  const out = [];
  for (const el of root.querySelectorAll(sel)) {
    if (el.tabIndex < 0 || el.disabled || el.type === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
    const by = (el.getAttribute('aria-labelledby') || '').split(' ')
      .map(id => document.getElementById(id)?.innerText || '').join(' ');
    const labels = [...(el.labels || [])].map(l => l.innerText).join(' ');
    const name = [el.getAttribute('aria-label'), by, labels, el.closest('label')?.innerText,
                  el.title, el.alt, ['BUTTON', 'A'].includes(el.tagName) || el.role === 'tab'
                  ? el.innerText : ''].join(' ').trim();
    if (!name) out.push(el.outerHTML.slice(0, 160));
  }
  return out;
}"""


def focused(page) -> str:  # noqa: ANN001
    """What has the keyboard: the nearest element id (or the tab's name)."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el === document.body) return 'body';
          if (el.getAttribute('role') === 'tab') return 'tab:' + el.innerText.trim();
          const holder = el.id ? el : el.closest('[id]');
          return (holder ? holder.id : el.tagName) + ':' + el.tagName.toLowerCase();
        }"""
    )


def tab_to(page, target: str, limit: int = 60, back: bool = False) -> list[str]:  # noqa: ANN001
    """Press Tab (Shift+Tab with ``back``) until ``target`` has the focus; the stops on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        seen.append(focused(page))
        if seen[-1].startswith(target):
            return seen
    raise AssertionError(f"Tab never reached {target}: {seen}")


#: Interviewer messages in the chat (gradio nests a ``.message`` in a ``.message``, so
#: counting ``.message`` counts the candidate's own answer twice).
INTERVIEWER = "#chat [data-testid=bot]"


def press_to_send(page, key: str) -> None:  # noqa: ANN001
    """Send the answer box with ``key`` and wait until the reply is on screen, as a person would.

    The app empties the box once it accepts the answer, then the interviewer's reply is
    written out; only when that event is over does the page restart the timer and put the
    keyboard back in the box (``QUESTION_SHOWN_JS``, which leaves ``window.__coachSpeech``).
    Typing the next answer any sooner answers a question that is not on screen yet: with a
    cold app the first reply takes seconds, and the answer lands in the middle of it.
    """
    replies = page.locator(INTERVIEWER).count()
    page.evaluate("() => { window.__coachSpeech = null; }")
    page.keyboard.press(key)
    page.wait_for_function("() => document.querySelector('#answer textarea').value === ''")
    page.wait_for_function(
        f"n => document.querySelectorAll({INTERVIEWER!r}).length > n && !!window.__coachSpeech",
        arg=replies,
    )


def test_keyboard_only_start_answer_finish(app_url: str, browser) -> None:  # noqa: ANN001
    """Start → answer → finish with the keys alone, every control named for a screen reader."""
    from playwright.sync_api import expect

    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.goto(app_url)
    page.wait_for_selector("#status:has-text('Offline mode')")
    for role, name in [
        ("tab", "Prepare"), ("tab", "Interview"), ("tab", "Feedback"), ("tab", "Follow-up"),
        ("tab", "History"), ("combobox", "Company"), ("textbox", "Role"),
        ("textbox", "Job description"), ("button", "Start interview"),
    ]:  # fmt: skip
        # exactly one each, waited for: on a cold start the tab bar was once not yet drawn
        # when the status line already was
        expect(page.get_by_role(role, name=name, exact=True)).to_have_count(1)
    assert not page.locator("body").evaluate(UNNAMED)  # Prepare: every control has a name

    # Tabs first, then the form in reading order, then Start.
    stops = tab_to(page, "company")
    assert "tab:Prepare" in stops and "tab:History" in stops, stops
    page.keyboard.type("Clinibell Health")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#role textarea').value.length > 0")
    stops = tab_to(page, "num:input")
    assert stops.index(next(s for s in stops if s.startswith("role"))) < stops.index(
        next(s for s in stops if s.startswith("jd"))
    ), stops
    page.keyboard.press("Control+a")
    page.keyboard.type("1")
    tab_to(page, "mix")  # gradio gives each radio its own name: Tab moves, Space picks
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # "Behavioural only": one STAR question
    assert page.locator("#mix input[value='behavioural']").is_checked()
    tab_to(page, "start")
    page.keyboard.press("Enter")
    page.wait_for_selector("#progress:has-text('Question 1 of 1')")

    # The question is on screen and the keyboard is already in the answer box.
    page.wait_for_function("() => document.activeElement?.closest('#answer') !== null")
    assert not page.locator("body").evaluate(UNNAMED)  # Interview tab too
    assert page.get_by_role("textbox", name="Your answer", exact=True).count() == 1
    assert page.get_by_role("button", name="Send answer").count() == 1
    assert page.get_by_role("button", name="Finish and get feedback").count() == 1
    assert page.get_by_role("progressbar", name="Interview progress").count() == 1
    assert tab_to(page, "send", limit=3)[-1] == "send:button"  # answer box → Send → Finish
    assert tab_to(page, "finish", limit=2)[-1] == "finish:button"
    tab_to(page, "answer", limit=4, back=True)
    assert "Shift+Enter or Ctrl+Enter sends" in page.locator("#answer-hint").inner_text()

    # Enter is a new line; Ctrl+Enter (and Shift+Enter) send.
    page.keyboard.type("At Clinibell the booking system went down on a Monday.")
    page.keyboard.press("Enter")
    page.keyboard.type(ANSWER)
    assert "\n" in field(page, "answer").input_value()  # still there: Enter did not send
    press_to_send(page, "Control+Enter")
    keys = ["Shift+Enter", "Control+Enter"]
    for i in range(6):
        if page.locator("#progress:has-text('Interview complete')").count():
            break
        page.wait_for_function("() => document.activeElement?.closest('#answer') !== null")
        closing = "questions do you have" in _last(page)
        page.keyboard.type("No, that's all, thanks." if closing else MORE[i % len(MORE)])
        press_to_send(page, keys[i % 2])
    page.wait_for_selector("#progress:has-text('Interview complete')")

    # Finish is the next stop after the answer box (Send is off now), and Enter presses it.
    field(page, "answer").focus()
    assert tab_to(page, "finish", limit=2)[-1] == "finish:button"
    page.keyboard.press("Enter")
    page.wait_for_selector("#summary:has-text('How it went')")
    assert page.get_by_role("tab", name="Feedback").get_attribute("aria-selected") == "true"
    assert not page.locator("body").evaluate(UNNAMED)  # Feedback: the download is named too
    shot(page, "keyboard-feedback")
