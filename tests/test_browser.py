"""End to end in headless Chromium: Prepare → Interview → Feedback → Follow-up → History.

Drives the real page the way a person would (pick a sample company, upload research, read
the brief, answer, finish, edit an email) and saves a screenshot of each tab into
``tests/artifacts/``. Along the way it plants ``<script>`` and ``<img onerror>`` in an
answer and in uploaded research, and checks that they show up as text and never run.
"""

from __future__ import annotations

import re
import shutil
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
    page.wait_for_function(
        "() => document.querySelector('#upload-result').innerText.includes('empty')"
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
    send(page, HOSTILE + " " + ANSWER)
    page.wait_for_selector("#latest-card .star-card[open]")  # right under the chat, open
    chat_text = page.locator("#chat").inner_text()
    assert "<script>window.pwned = 1</script>" in chat_text  # shown as text
    assert "${7*7}" in chat_text and "{{7*7}}" in chat_text  # no template or Markdown
    card = page.locator("#latest-card .star-card").first
    assert card.inner_text().startswith("Question 1 · STAR")
    assert card.locator("mark[data-component='result']").count() >= 1
    assert "STAR" in card.inner_text()
    for i in range(8):  # answer probes, the next question and the closing questions
        if page.locator("#progress:has-text('Interview complete')").count():
            break
        before = page.locator("#chat .message").count()
        closing = "questions do you have" in _last(page)
        reply = "No, that's all from me, thanks." if closing else MORE[i % len(MORE)]
        send(page, reply)
        page.wait_for_function(
            f"() => document.querySelectorAll('#chat .message').length >= {before + 2}"
        )
        page.wait_for_timeout(300)
    shot(page, "02-interview")

    # Feedback: a summary first, the report in a sandboxed frame, five downloads in one place.
    page.locator("#finish").click()
    page.wait_for_selector("#summary:has-text('How it went')")
    assert "What to practise next" in page.locator("#summary").inner_text()
    page.get_by_text("Download the report and transcript").click()
    page.wait_for_selector("#report iframe.report-frame")
    frame = page.frame_locator("#report iframe.report-frame")
    frame.locator("text=Interview feedback").first.wait_for()
    downloads = page.locator("#downloads").inner_text().replace("\n", "")
    for suffix in ("report.md", "report.html", "report.pdf", "transcript.md", "transcript.json"):
        assert suffix in downloads, downloads
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

    # History: this session is listed with its score.
    page.get_by_role("tab", name="History").click()
    page.wait_for_function(
        "() => document.querySelector('#history-table').innerText.includes('Quaylift Robotics')"
    )
    shot(page, "05-history")

    assert pwned(page) is None, "markup from an answer or research ran in the page"
    assert not errors, errors
    assert page.locator(TOAST).count() == 0, page.locator(TOAST).all_inner_texts()


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
    field(first, "chosen").click()
    first.get_by_role("option", name=re.compile(r"Clinibell Health.*\(resume\)")).first.click()
    first.locator("#open").click()
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
