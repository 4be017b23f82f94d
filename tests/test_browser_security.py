"""In headless Chromium: research never makes the page fetch anything, stale tabs are told.

Reproduced breaks (issue 12): research Markdown rendered live links and remote images in the
brief (the browser fetched a tracking pixel on every view), and a second tab's answer to
question 1 was stored as the answer to a probe it never saw. Here a local "tracker" counts
every request it gets while the page shows the brief, and two tabs answer one session.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_browser import TOAST, field, pytestmark  # noqa: F401  (same markers and skips)

from interview_coach.config import Settings

VAGUE = "I fixed a slow service once and it was fine after that."
OTHER = (
    "At Tallybook our nightly billing export failed twice a week. I was responsible for making "
    "it reliable within a month. I traced the failures to a slow query, added an index and "
    "retries with alerts. Over the next quarter it failed once instead of 24 times."
)


@pytest.fixture(scope="module")
def tracker() -> Iterator[list[str]]:
    """A stand-in for a remote server: records the path of every request it receives."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hits.append(f"port {server.server_address[1]}")
    yield hits
    server.shutdown()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, start_app: Callable[..., str]) -> str:
    settings = Settings(llm_backend="none", data_dir=tmp_path_factory.mktemp("sec") / "data")
    return start_app(settings)


def pick_company(page, name: str) -> None:  # noqa: ANN001
    field(page, "company").click()
    page.get_by_role("option", name=name).click()
    page.wait_for_function("() => document.querySelector('#role textarea').value.length > 0")


def test_viewing_research_makes_no_request(app_url: str, browser, tracker, tmp_path: Path) -> None:  # noqa: ANN001
    port = tracker[0].split()[1]
    base = f"http://127.0.0.1:{port}"
    planted = (
        "Quaylift Robotics grew revenue 40% in 2025 across 150 warehouse sites, and it hires "
        f"through [Apply on the portal]({base}/phish) ![pixel]({base}/pixel.png) "
        f'<img src="{base}/img.png"> {base}/bare and <{base}/auto>.\n'
    )
    files = []
    for name in ("notes.md", "notes.txt"):
        path = tmp_path / name
        path.write_text("# Quaylift notes\n\n" + planted, encoding="utf-8")
        files.append(str(path))
    page = browser.new_context().new_page()
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(app_url)
    page.wait_for_selector("#status")
    pick_company(page, "Quaylift Robotics")
    page.get_by_text("Company research (optional)").click()
    page.locator("#research-files input[type=file]").set_input_files(files)
    slow = 120_000  # ms: uploads and indexing crawl on a loaded two-core machine
    page.wait_for_function(
        "() => document.querySelector('#research-files').innerText.includes('.txt')",
        timeout=slow,
    )
    page.locator("#upload").click()
    page.wait_for_function(
        "() => document.querySelector('#upload-result').innerText.includes('notes.txt')",
        timeout=slow,
    )
    page.locator("#brief-btn").click()
    brief = page.locator("#brief")
    brief.locator(":text('Questions to ask your interviewers')").wait_for(timeout=slow)
    page.wait_for_timeout(1500)  # time for any image the brief asked for
    assert "Apply on the portal" in brief.inner_text()  # the research is shown, as text
    assert brief.locator(f"a[href*='{port}'], img[src*='{port}']").count() == 0
    assert [u for u in requests if f":{port}" in u] == []
    assert tracker[1:] == []  # the "remote" server saw nothing


def test_a_second_tab_is_told_the_interview_moved_on(app_url: str, browser) -> None:  # noqa: ANN001
    context = browser.new_context()
    one = context.new_page()
    one.goto(app_url)
    one.wait_for_selector("#status")
    pick_company(one, "Clinibell Health")
    one.locator("#start").click()
    one.wait_for_selector("#progress:has-text('Question 1 of')")

    two = context.new_page()  # the same person, a second tab, on the same session
    two.goto(app_url)
    two.wait_for_selector("#status")
    two.get_by_role("tab", name="History").click()
    # On the first run on a fresh machine (cold caches) this button took over 30 s to appear,
    # twice (why is not yet known); every later run passed the whole test in about 19 s. What
    # this test checks is the stale-tab answer, not how fast History draws (speed is measured
    # by benchmarks), so it waits longer here rather than failing on a cold start.
    resume = two.get_by_role("button", name=re.compile(r"^Resume Clinibell Health")).first
    resume.click(timeout=120_000)
    two.wait_for_selector("#progress:has-text('Question 1 of')")

    field(one, "answer").fill(VAGUE)
    one.locator("#send").click()
    one.wait_for_function("() => document.querySelectorAll('#chat .message').length >= 4")

    field(two, "answer").fill(OTHER)
    two.locator("#send").click()
    two.get_by_text("moved on in another tab").first.wait_for()
    assert two.locator(TOAST).count() >= 1
    chat = two.locator("#chat").inner_text()
    assert VAGUE in chat  # tab 2 now shows what tab 1 answered...
    assert OTHER not in chat  # ...and its own answer was not filed under the probe
    assert field(two, "answer").input_value() == OTHER  # nothing typed is lost
