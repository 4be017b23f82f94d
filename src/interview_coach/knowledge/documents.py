"""Turn a user's file (or uploaded bytes) into clean text, or say clearly why not.

Research documents come from outside, so every loader enforces limits and
fails with a :class:`DocumentError` that names the file instead of indexing
mangled text. Research is *data*: lines that read like instructions to an AI
model are removed before indexing, because retrieved chunks end up inside
prompts (see :mod:`..untrusted`); hidden HTML and invisible PDF text are dropped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..errors import CoachError
from ..untrusted import hidden_element, markdown_to_text, scrub_injections

MAX_BYTES = 10 * 1024 * 1024
MAX_PDF_PAGES = 300
MARKDOWN_SUFFIXES = {".md", ".markdown"}
TEXT_SUFFIXES = MARKDOWN_SUFFIXES | {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf"}


class DocumentError(CoachError):
    """A file that cannot be indexed; the message names the file and says what to do."""


@dataclass
class Document:
    name: str  # base name only: never a path a user supplied
    title: str
    text: str  # Markdown-ish: HTML headings become '#' lines so chunking can split on them
    warnings: list[str] = field(default_factory=list)


# --- names and limits ------------------------------------------------------------------------


def safe_name(filename: str) -> str:
    """The base name of an uploaded file; directories (and '../' tricks) are dropped."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if base in {"", ".", ".."}:
        raise DocumentError(f"{filename!r} is not a usable file name")
    return base


def _check_suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        shown = suffix or "no extension"
        raise DocumentError(f"{name}: unsupported file type ({shown}); use one of {kinds}")
    return suffix


def _check_size(name: str, size: int) -> None:
    if size > MAX_BYTES:
        raise DocumentError(
            f"{name}: file is {size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB. Split it or keep only the relevant part."
        )
    if size == 0:
        raise DocumentError(f"{name}: file is empty")


#: Signatures of common binary formats, so a file with the wrong extension gets a useful hint.
_MAGIC = {
    b"%PDF-": "a PDF, not text: rename it to end in .pdf",
    b"\x89PNG": "a PNG image, not text",
    b"\xff\xd8\xff": "a JPEG image, not text",
    b"GIF87a": "a GIF image, not text",
    b"GIF89a": "a GIF image, not text",
    b"PK\x03\x04": "a ZIP archive or Office document, not text: export it as .txt or .pdf",
    b"\x7fELF": "a program, not text",
}


def _decode(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM) or a clear error: guessing another encoding would mangle text."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            hint = "" if ":" in what else "; research must be Markdown, text, HTML or PDF"
            raise DocumentError(f"{name}: this file is {what}{hint}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(f"{name}: file is UTF-16 encoded; save it as UTF-8 and try again")
    if b"\x00" in data:
        raise DocumentError(f"{name}: contains binary data (NUL bytes); is it really a text file?")
    try:
        return data.decode("utf-8-sig")  # plain UTF-8, or UTF-8 behind a byte-order mark
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{name}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at position "
            f"{exc.start}); save it as UTF-8 and try again"
        ) from exc


# --- loaders ---------------------------------------------------------------------------------


def check_file(filename: str, size: int) -> str:
    """Name, type and size checks without the content: lets an upload be refused before it is read.

    Returns the safe base name; raises :class:`DocumentError` like the loaders do.
    """
    name = safe_name(filename)
    _check_suffix(name)
    _check_size(name, size)
    return name


def load_path(path: str | Path) -> Document:
    p = Path(path)
    name = p.name
    _check_suffix(name)
    if not p.exists():
        raise DocumentError(f"{name}: file not found ({p})")
    if not p.is_file():
        raise DocumentError(f"{name}: not a regular file")
    _check_size(name, p.stat().st_size)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read file ({exc.strerror or exc})") from exc
    return load_bytes(data, name)


def expand_paths(paths: Iterable[str | Path]) -> Iterable[tuple[Path, str]]:
    """Files to ingest, folders expanded; yields (path, problem) with problem '' when fine.

    A folder contributes only the supported files outside hidden folders, so pointing at a
    notes folder does not pull in ``.git`` or other hidden files; an empty result is a problem.
    """
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
                yield path, f"{path}: folder has no supported files ({kinds})"
            for p in found:
                yield p, ""
        elif path.exists():
            yield path, ""
        else:
            yield path, f"{path}: no such file or folder"


def load_bytes(data: bytes, filename: str) -> Document:
    """Load uploaded content; ``filename`` only picks the loader and names the document."""
    name = safe_name(filename)
    suffix = _check_suffix(name)
    _check_size(name, len(data))
    warnings: list[str] = []
    if suffix == ".pdf":
        title, text, warnings = _pdf(name, data)
    elif suffix in HTML_SUFFIXES:
        title, text = _html(_decode(name, data))
    else:
        text = _decode(name, data).replace("\r\n", "\n").replace("\r", "\n")
        if suffix in MARKDOWN_SUFFIXES:  # links, images and HTML become text (or nothing)
            text = markdown_to_text(text)
        title = _markdown_title(text)
    text = _tidy(text)
    if not text.strip():
        raise DocumentError(f"{name}: no text found (the file is empty or whitespace only)")
    return Document(name=name, title=title or Path(name).stem, text=text, warnings=warnings)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _markdown_title(text: str) -> str:
    for line in text.split("\n"):
        m = re.match(r"\s{0,3}#\s+(.+?)\s*#*\s*$", line)
        if m:
            return m.group(1)
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return first.lstrip("#").strip()[:80]


class _HTMLText(HTMLParser):
    """Visible text with headings kept as Markdown; scripts, styles and navigation dropped."""

    SKIP = {"script", "style", "nav", "noscript", "template", "svg", "head", "iframe"}
    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col", "embed"}
    BLOCK = re.compile(
        r"p|div|section|article|main|br|hr|tr|table|[uod]l|li|d[td]|blockquote|pre|"
        r"header|footer|aside|figure"
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.title = ""
        self.h1 = ""
        self.heading: int | None = None
        self.heading_text: list[str] = []
        self.hidden: list[str] = []  # open elements a reader cannot see (display:none, hidden)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden or hidden_element(attrs):
            if tag not in self.VOID:
                self.hidden.append(tag)
            return
        if tag == "title":
            self.in_title = True
        elif tag in self.SKIP:
            self.skip_depth += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.heading, self.heading_text = int(tag[1]), []
            self.parts.append("\n\n")
        elif self.BLOCK.fullmatch(tag):
            self.parts.append("\n- " if tag == "li" else "\n\n" if tag == "p" else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "hr"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag in self.hidden:  # close it and anything left open inside it
                del self.hidden[len(self.hidden) - 1 - self.hidden[::-1].index(tag) :]
            return
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif re.fullmatch(r"h[1-6]", tag) and self.heading is not None:
            text = " ".join("".join(self.heading_text).split())
            if text:
                self.parts.append(f"{'#' * self.heading} {text}\n\n")
                if self.heading == 1 and not self.h1:
                    self.h1 = text
            self.heading = None
        elif self.BLOCK.fullmatch(tag) and tag != "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.in_title:
            self.title += data
        elif self.skip_depth:
            return
        elif self.heading is not None:
            self.heading_text.append(data)
        else:
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def _html(source: str) -> tuple[str, str]:
    """The page's main content (menus, banners, sidebars and footers removed) and its title.

    When the extractor finds too little, all visible text is kept instead: a page of
    boilerplate is better than losing the one table a user saved the page for.
    """
    from .layout import html_main_text

    parser = _HTMLText()
    parser.feed(source)
    parser.close()
    title = " ".join(parser.title.split()) or parser.h1
    main = html_main_text(source)
    if main is not None:
        return title, main
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return title, "\n".join(lines)


def _pdf(name: str, data: bytes) -> tuple[str, str, list[str]]:
    from .pdf import PdfError, extract

    try:
        got = extract(data, max_pages=MAX_PDF_PAGES)
    except PdfError as exc:
        raise DocumentError(f"{name}: {exc}") from None
    if not any(t.strip() for t in got.pages):
        raise DocumentError(f"{name}: PDF has no extractable text (is it scanned images?)")
    from .layout import reflow_pdf

    first = next((ln.strip() for t in got.pages for ln in t.split("\n") if ln.strip()), "")
    title = got.title or first[:80]
    warnings = []
    if got.hidden:
        n = got.hidden
        warnings.append(f"left out {n} piece{'s' if n != 1 else ''} of invisible text")
    return title, reflow_pdf(list(got.pages), title), warnings


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: A .docx is a zip: its text part may unpack to many times the file's size; refuse bombs.
MAX_DOCX_XML = 8 * MAX_BYTES


def docx_text(name: str, data: bytes) -> tuple[str, str]:
    """Title and paragraph text of a Word file (stdlib zip + XML), headings as '#' lines.

    Used for résumés; research stays Markdown, text, HTML and PDF.
    """
    import zipfile
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = archive.getinfo("word/document.xml")
            if part.file_size > MAX_DOCX_XML:
                raise DocumentError(f"{name}: the document's text is too large to read")
            root = ElementTree.fromstring(archive.read(part))
    except KeyError as exc:
        raise DocumentError(f"{name}: not a Word document (no word/document.xml inside)") from exc
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError) as exc:
        raise DocumentError(
            f"{name}: cannot read this Word file; it looks damaged. Save it again, or export "
            "it as PDF or text."
        ) from exc
    lines, title = [], ""
    for para in root.iter(f"{_W}p"):
        parts = []
        for node in para.iter():
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            elif node.tag in {f"{_W}tab", f"{_W}br"}:
                parts.append(" ")
        text = " ".join("".join(parts).split())
        if not text:
            continue
        style = para.find(f"{_W}pPr/{_W}pStyle")
        kind = style.get(f"{_W}val", "") if style is not None else ""
        level = re.fullmatch(r"(?i)heading\s?([1-6])", kind)
        if kind.lower() == "title" or level:
            title = title or text
            text = f"{'#' * (int(level.group(1)) if level else 1)} {text}"
        elif para.find(f"{_W}pPr/{_W}numPr") is not None:
            text = f"- {text}"
        lines.append(text)
    return title, "\n\n".join(lines)


# --- prompt-injection scrubbing -------------------------------------------------------------


def scrub_document(doc: Document) -> Document:
    """Remove instruction-like lines and record a warning the user will see."""
    text, removed = scrub_injections(doc.text)
    if not removed:
        return doc
    n = len(removed)
    warning = f"removed {n} line{'s' if n != 1 else ''} that read like instructions to an AI model"
    if not text.strip():
        raise DocumentError(f"{doc.name}: nothing left to index after it {warning}")
    return Document(doc.name, doc.title, _tidy(text), [*doc.warnings, warning])
