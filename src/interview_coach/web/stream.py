"""Live chat: the engine's words reach the page while it is still working.

``Coach`` calls block and report LLM tokens through a callback; gradio wants a generator
of page updates. ``stream_call`` bridges the two with a thread and a queue, and
``reveal`` types out a reply that no LLM streamed (a template), so both kinds of turn
appear the same way.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Generator, Iterator
from typing import Any

from . import render as ui


def stream_call(
    call: Callable[[Callable[[str], None]], Any],
    show: Callable[[str], Any] = lambda text: text,
    every: float = 0.05,
) -> Generator[Any, None, tuple[Any, str]]:
    """Run ``call(on_token)`` in a thread, yielding ``show(text so far)``; return
    ``(result, text)`` (``step, streamed = yield from stream_call(...)``).

    The engine streams LLM tokens through a callback while it blocks; a thread and a
    queue turn that into the generator gradio needs to update the chat progressively.
    """
    tokens: queue.Queue[str | None] = queue.Queue()
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = call(tokens.put)
        except BaseException as exc:  # re-raised in the caller's thread below
            box["error"] = exc
        finally:
            tokens.put(None)

    threading.Thread(target=run, daemon=True, name="coach-call").start()
    text, shown = "", 0.0
    while (item := tokens.get()) is not None:
        text += item
        if time.monotonic() - shown >= every:
            shown = time.monotonic()
            yield show(text)
    if "error" in box:
        raise box["error"]
    return box["result"], text


def typing(text: str) -> dict[str, str]:
    """The interviewer's message as the LLM is still writing it."""
    return {"role": "assistant", "content": ui.md_text(text)}


def reveal(chat: list[dict], pack: Callable[[list[dict]], tuple]) -> Iterator[tuple]:
    """Type out the last interviewer message a few words at a time when no LLM streamed it."""
    last = chat[-1] if chat and chat[-1]["role"] == "assistant" else None
    if last and not last.get("metadata"):
        shown = ""
        for piece in ui.stream_chunks(last["content"]):
            shown += piece
            yield pack([*chat[:-1], {"role": "assistant", "content": shown}])
            time.sleep(0.02)
    yield pack(chat)
