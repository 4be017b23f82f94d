"""PDF text with limits: a file built to be slow or huge is refused, and hidden text dropped.

pypdf reads PDFs in pure Python, so a small file can keep it busy for hours: 300 pages that
all draw one 3 MB content stream are 60 KB on disk and 1.8 million characters *per page*.
Extraction therefore runs in a child process that is killed after ``seconds``, with a memory
cap, and inside it the decompressed drawing instructions and the extracted text each have a
budget checked page by page. Text drawn so that no reader sees it (render mode 3 or 7, white
or near-white fill, under 2 points) is dropped: it can only be there for a machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MAX_PAGES = 300
MAX_CONTENT_BYTES = 20 * 1024 * 1024  # decompressed drawing instructions, all pages together
MAX_TEXT_CHARS = 1_000_000  # about 400 pages of prose: more than any research needs
EXTRACT_SECONDS = 30.0
MEMORY_BYTES = 1024 * 1024 * 1024
#: Fill lighter than this (0 black … 1 white) is taken as invisible on a white page.
NEAR_WHITE = 0.9
MIN_POINTS = 2.0


class PdfError(Exception):
    """Why a PDF's text cannot be used; the message finishes the sentence "<file>: …"."""


@dataclass
class PdfText:
    title: str
    pages: list[str]
    hidden: int  # pieces of invisible text that were dropped


def extract(
    data: bytes,
    *,
    max_pages: int = MAX_PAGES,
    max_chars: int = MAX_TEXT_CHARS,
    seconds: float = EXTRACT_SECONDS,
) -> PdfText:
    """The visible text of each page, from a child process killed after ``seconds``."""
    src = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    reader, problem = _open(data, max_pages, MAX_CONTENT_BYTES)  # refuse early, in-process
    if reader is None:
        raise PdfError(problem["error"])
    limits = [str(max_pages), str(MAX_CONTENT_BYTES), str(max_chars)]
    try:
        done = subprocess.run(
            [sys.executable, "-m", __name__, *limits],
            input=data,
            capture_output=True,
            timeout=seconds,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PdfError(
            f"reading this PDF took over {seconds:g} s, so it was stopped (it may be built to "
            "slow readers down); print it to a new PDF or keep only the relevant pages"
        ) from None
    try:
        out = json.loads(done.stdout)
    except ValueError:
        why = "it needed too much memory" if done.returncode else "no result"
        raise PdfError(f"cannot read this PDF ({why}); save or export a fresh copy") from None
    if "error" in out:
        raise PdfError(out["error"])
    return PdfText(out["title"], out["pages"], out["hidden"])


# --- the child process ---------------------------------------------------------------------


def _visible_text(page: object, hidden: list[str]) -> str:
    """Page text with invisible pieces removed (pypdf reports colour and mode to visitors)."""
    state = {"fill": 0.0, "mode": 0}
    stack: list[dict] = []

    def before(op: bytes, args: list, cm: list, tm: list) -> None:
        try:
            if op == b"q":
                stack.append(dict(state))
            elif op == b"Q" and stack:
                state.update(stack.pop())
            elif op == b"rg" and len(args) == 3:
                state["fill"] = min(float(a) for a in args)
            elif op == b"g" and args:
                state["fill"] = float(args[0])
            elif op == b"k" and len(args) == 4:
                state["fill"] = 1.0 - max(float(a) for a in args)
            elif op == b"Tr" and args:
                state["mode"] = int(args[0])
        except (TypeError, ValueError):
            pass

    def text(t: str, cm: list, tm: list, font: object, size: float) -> None:
        points = abs(float(size) * float(tm[0]) * float(cm[0]))
        invisible = state["fill"] >= NEAR_WHITE or state["mode"] in (3, 7) or points < MIN_POINTS
        if invisible and t.strip():
            hidden.append(t.strip())

    out = page.extract_text(visitor_operand_before=before, visitor_text=text)  # type: ignore[attr-defined]
    return out


def _damaged(exc: Exception) -> dict:
    detail = " ".join(str(exc).split())[:120] or "unreadable structure"
    return {
        "error": f"cannot read this PDF; it looks damaged or incomplete ({detail}). "
        "Open it and save or export a fresh copy."
    }


def _open(data: bytes, max_pages: int, max_content: int) -> tuple[object | None, dict]:
    """(reader, {}) for a PDF within the page and content budgets, else (None, {"error"}).

    Cheap enough to run in the server itself (opening, counting, unpacking), so a refused file
    costs no child process; only text extraction, the slow part, needs one.
    """
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        return None, {"error": "not a PDF file (no %PDF header); is the extension right?"}
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return None, {"error": "PDF is password-protected; save an unlocked copy"}
        try:  # the page tree's own count: refusing on it skips building 3,000 page objects
            count = int(reader.trailer["/Root"]["/Pages"]["/Count"])
        except (KeyError, TypeError, ValueError):
            count = 0
        count = count if count > max_pages else len(reader.pages)
        if count > max_pages:
            return None, {
                "error": f"PDF has {count} pages; the limit is {max_pages}. "
                "Keep only the relevant pages."
            }
        content = 0  # measured before any text is extracted: unpacking is cheap, parsing is not
        for page in reader.pages:
            stream = page.get_contents()
            content += len(stream.get_data()) if stream is not None else 0
            if content > max_content:
                return None, {
                    "error": f"PDF pages hold over {max_content // 2**20} MB of drawing "
                    "instructions (a tiny file can unpack to this); print it to a new PDF or "
                    "keep only the relevant pages"
                }
    except Exception as exc:  # pypdf raises many types for damaged files
        return None, _damaged(exc)
    return reader, {}


def _child(data: bytes, max_pages: int, max_content: int, max_chars: int) -> dict:
    reader, problem = _open(data, max_pages, max_content)
    if reader is None:
        return problem
    try:
        pages, chars, hidden = [], 0, []
        for page in reader.pages:  # type: ignore[attr-defined]
            before = len(hidden)
            text = _visible_text(page, hidden)
            for piece in hidden[before:]:
                text = text.replace(piece, "", 1)
            chars += len(text)
            if chars > max_chars:
                return {
                    "error": f"PDF holds over {max_chars:,} characters of text; keep only "
                    "the relevant pages"
                }
            pages.append(text)
        title = str((reader.metadata or {}).get("/Title") or "").strip()  # type: ignore[attr-defined]
    except Exception as exc:  # pypdf raises many types for damaged files
        return _damaged(exc)
    return {"title": title, "pages": pages, "hidden": len(hidden)}


def main() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    max_pages, max_content, max_chars = (int(a) for a in sys.argv[1:4])
    json.dump(_child(sys.stdin.buffer.read(), max_pages, max_content, max_chars), sys.stdout)


if __name__ == "__main__":
    main()
