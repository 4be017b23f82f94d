"""Readable text out of page layouts: a web page's main content, a PDF's paragraphs.

A saved careers page is mostly menus, cookie banners, sidebars and footers, and those
chunks matched every question better than the content did. trafilatura (a maintained
main-content extractor, offline, no model) keeps the article with its headings as
Markdown. A PDF's extracted text has a line break wherever the layout wrapped, the
running header on every page and no headings at all; reflowing it into paragraphs,
dropping repeated page furniture and marking heading lines lets the chunker follow the
author's sections as it does for Markdown.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence

#: Below this many words the extractor probably missed the content (e.g. a page that is
#: one long table): the caller falls back to all visible text.
MIN_MAIN_WORDS = 25
_PAGE_NUMBER = re.compile(r"(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;)\"'”’]$")
_BULLET = re.compile(r"^([-•*–·▪]|\d{1,2}[.)])\s+")


def html_main_text(source: str) -> str | None:
    """The page's main content as Markdown (headings as '#'), or None if too little was found."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        text = trafilatura.extract(
            source,
            output_format="markdown",
            include_tables=True,
            include_comments=False,
            include_images=False,
            include_links=False,
        )
    except Exception:  # a page lxml cannot parse: the caller reads all visible text instead
        return None
    if not text or len(text.split()) < MIN_MAIN_WORDS:
        return None
    return _tidy_markdown(text)


def _tidy_markdown(text: str) -> str:
    """One line per paragraph (the extractor keeps the page source's line breaks), no bold."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.replace("**", "").replace("__", "")):
        lines = [" ".join(line.split()) for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        structured = any(re.match(r"#{1,6} |[-*+] |\d+[.)] |\|", line) for line in lines)
        blocks.append("\n".join(lines) if structured else " ".join(lines))
    return "\n\n".join(blocks)


def reflow_pdf(pages: Sequence[str], title: str = "") -> str:
    """Paragraphs and '## ' headings from per-page extracted text, without page furniture."""
    lines = _without_furniture([p.split("\n") for p in pages], title)
    if not lines:
        return ""
    typical = sorted(len(line) for line in lines)[int(len(lines) * 0.75)]
    out: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(" ".join(para))
            para.clear()

    for n, line in enumerate(lines):
        ended = not para or bool(_SENTENCE_END.search(para[-1]))
        if _is_heading(line, ended, n + 1 < len(lines)):
            flush()
            out.append(f"## {line}")
            continue
        if _BULLET.match(line) or (para and ended and len(para[-1]) < 0.8 * typical):
            flush()
        para.append(line)
    flush()
    return "\n\n".join(out)


def _without_furniture(pages: list[list[str]], title: str) -> list[str]:
    """Lines minus page numbers, lines repeated on most pages and repeats of the title."""
    seen = Counter(line.strip() for page in pages for line in {x.strip() for x in page})
    repeated = max(2, len(pages) // 2 + 1)
    kept: list[str] = []
    title_seen = False
    for page in pages:
        for raw in page:
            line = " ".join(raw.split())
            if not line or _PAGE_NUMBER.fullmatch(line):
                continue
            if len(pages) > 1 and seen[raw.strip()] >= repeated:
                continue
            if title and line == title:
                if title_seen:
                    continue
                title_seen = True
            kept.append(line)
    return kept


def _is_heading(line: str, after_sentence_end: bool, has_next: bool) -> bool:
    """A short, unpunctuated, capitalised line standing between sentences."""
    return (
        has_next
        and after_sentence_end
        and len(line) <= 70
        and len(line.split()) <= 10
        and not _SENTENCE_END.search(line)
        and not line.endswith(",")
        and line[:1].isupper()
        and not _BULLET.match(line)
    )
