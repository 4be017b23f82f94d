"""Research is shown as text (issue 12, break 2): no link, image or HTML from it anywhere.

A research file could phish (``[apply on the portal](http://…)``) and track
(``![x](http://…/pixel.png)``: the browser fetched it on every view of the brief). Research
Markdown is now reduced to text when it is indexed, and every untrusted string is escaped so
that no link or image can form when a Markdown view renders it. The browser test
(``test_browser_security``) checks the same in Chromium by watching its requests.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from interview_coach.asking import Suggestion
from interview_coach.knowledge.documents import load_bytes
from interview_coach.models import Hit, PanelMember, Turn
from interview_coach.web import render as ui

PLANTED = (
    "Quaylift opened a hub in Columbus. [Apply on the portal](http://127.0.0.1:9/phish) "
    "![x](http://127.0.0.1:9/pixel.png) <img src=http://127.0.0.1:9/i.png> "
    "<http://127.0.0.1:9/auto> http://127.0.0.1:9/bare www.example.com hr@example.com"
)


def html_of(markdown: str) -> str:
    """Markdown as a CommonMark renderer with GFM-style autolinks would show it."""
    return MarkdownIt("commonmark", {"linkify": False}).render(markdown)


def no_links(html: str) -> None:
    assert "<a " not in html and "<img" not in html, html


def test_markdown_research_is_indexed_as_text() -> None:
    doc = load_bytes(PLANTED.encode(), "notes.md")
    assert "Apply on the portal" in doc.text and "phish" not in doc.text
    assert "pixel.png" not in doc.text and "<img" not in doc.text


def test_the_brief_shows_research_as_text() -> None:
    hit = Hit(PLANTED, "notes.txt", "[Careers](http://127.0.0.1:9/t)", "Quaylift", "research", 1.0)
    ask = Suggestion("Ask about [this](http://127.0.0.1:9/q)", "see ![x](http://127.0.0.1:9/p.png)")
    person = PanelMember("Priya [R](http://127.0.0.1:9/n)", "Director")
    page = ui.brief_markdown("Quaylift", [], [hit], [(person, [ask])])
    html = html_of(page)
    no_links(html)
    assert "Apply on the portal" in html and "127.0.0.1:9/phish" in html  # as words


def test_chat_shows_interviewer_words_as_text() -> None:
    turn = Turn("interviewer", "reply", f"From my research notes (notes.txt): {PLANTED}")
    for message in ui.chat_messages([turn]):
        no_links(html_of(message["content"]))
    answer = Turn("candidate", "answer", "My site: [me](http://127.0.0.1:9/me) ![a](x.png)")
    no_links(html_of(ui.chat_messages([answer])[0]["content"]))
