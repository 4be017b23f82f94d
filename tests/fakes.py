"""A fake OpenAI-compatible HTTP server for fault injection (stdlib only).

Use it where a real LLM cannot misbehave on demand: rate limits, stalls, server errors,
rejected keys, malformed JSON, streams that stop mid-way. Replies to chat requests come
from a script, one per request, in order::

    from fakes import FakeLLMServer, Reply

    with FakeLLMServer(["Hello!", Reply(status=429, headers={"Retry-After": "1"})]) as fake:
        settings = settings.with_(llm_backend="compatible", base_url=fake.base_url)
        ...
        fake.requests  # the JSON bodies received, for assertions

* a ``str`` is a normal answer (streamed in small chunks when the request asks for SSE);
* ``Reply(...)`` sets status, headers, a delay (stall), a raw body (malformed JSON) or
  ``truncate_after=n`` (the stream stops after n chunks, no finish_reason, no [DONE]);
* when the script is used up, ``fallback`` answers (default: HTTP 500, so a test that
  makes more calls than it scripted fails loudly).

``api_key="..."`` makes every request without that bearer token get 401.
``GET /v1/models`` lists ``models``. The server listens on 127.0.0.1 on a random port
(pytest's ``--block-network`` lets loopback through: see ``--allowed-hosts`` in pyproject).

Run as a script (``python tests/fakes.py --port N``) it stands in for the llama.cpp
server in process-lifecycle tests; ``--crash MESSAGE`` prints MESSAGE and exits 3.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One scripted answer to a chat request."""

    text: str = "OK"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (use > client timeout to stall)
    raw: bytes | None = None  # body sent verbatim, e.g. b"{not json"
    truncate_after: int | None = None  # streaming only: close after this many chunks
    finish_reason: str = "stop"
    usage: tuple[int, int] | None = (11, 7)  # (prompt, completion) tokens, None: omit


class FakeLLMServer:
    def __init__(
        self,
        script: Iterable[str | Reply] = (),
        *,
        fallback: str | Reply | None = None,
        models: Iterable[str] = ("fake-model",),
        api_key: str | None = None,
        port: int = 0,
    ) -> None:
        self.script: list[Reply] = [self._as_reply(r) for r in script]
        self.fallback = self._as_reply(fallback) if fallback is not None else None
        self.models = list(models)
        self.api_key = api_key
        self.requests: list[dict] = []  # JSON bodies of chat requests, in order
        self.model_list_calls = 0
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @staticmethod
    def _as_reply(item: str | Reply) -> Reply:
        return Reply(text=item) if isinstance(item, str) else item

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def add(self, *items: str | Reply) -> None:
        with self._lock:
            self.script.extend(self._as_reply(i) for i in items)

    def next_reply(self) -> Reply:
        with self._lock:
            if self.script:
                return self.script.pop(0)
        return self.fallback or Reply(status=500, raw=b'{"error": {"message": "script used up"}}')

    def start(self) -> FakeLLMServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._closing.set()  # wakes stalled handlers
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait(self, seconds: float) -> None:
        self._closing.wait(seconds)


def _completion(reply: Reply, model: str) -> dict:
    body: dict = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.text},
                "finish_reason": reply.finish_reason,
            }
        ],
    }
    if reply.usage:
        p, c = reply.usage
        body["usage"] = {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}
    return body


def _chunks(text: str) -> list[str]:
    """Split after each space so the pieces join back to exactly ``text``."""
    pieces, start = [], 0
    for i, ch in enumerate(text):
        if ch == " ":
            pieces.append(text[start : i + 1])
            start = i + 1
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _handler_for(fake: FakeLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request per connection; a stream ends at close

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def _authorized(self) -> bool:
            if fake.api_key is None or self.headers.get("Authorization") == (
                f"Bearer {fake.api_key}"
            ):
                return True
            err = {"error": {"message": "Incorrect API key provided.", "code": "invalid_api_key"}}
            self._send(401, json.dumps(err).encode())
            return False

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if not self._authorized():
                return
            if self.path.rstrip("/").endswith("/models"):
                fake.model_list_calls += 1
                data = [{"id": m, "object": "model", "owned_by": "fake"} for m in fake.models]
                self._send(200, json.dumps({"object": "list", "data": data}).encode())
            else:
                self._send(404, b'{"error": {"message": "not found"}}')

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if not self._authorized():
                return
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, b'{"error": {"message": "not found"}}')
                return
            body = json.loads(raw or b"{}")
            fake.requests.append(body)
            reply = fake.next_reply()
            if reply.delay:
                fake.wait(reply.delay)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client gave up
                self._answer(reply, body)

        def _answer(self, reply: Reply, body: dict) -> None:
            model = body.get("model", "fake-model")
            if reply.status != 200 or reply.raw is not None:
                default = {"error": {"message": f"fake error {reply.status}"}}
                data = reply.raw if reply.raw is not None else json.dumps(default).encode()
                self._send(reply.status, data, reply.headers)
                return
            if not body.get("stream"):
                self._send(200, json.dumps(_completion(reply, model)).encode(), reply.headers)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            for k, v in reply.headers.items():
                self.send_header(k, v)
            self.end_headers()
            base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": model}
            for i, piece in enumerate(_chunks(reply.text)):
                if reply.truncate_after is not None and i >= reply.truncate_after:
                    self.wfile.flush()
                    return  # connection closes: no finish_reason, no [DONE]
                delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
                event = {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                self.wfile.flush()
            last = {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            last["choices"][0]["finish_reason"] = reply.finish_reason
            self.wfile.write(f"data: {json.dumps(last)}\n\ndata: [DONE]\n\n".encode())
            self.wfile.flush()

    return Handler


def _die() -> Reply:
    print("general protection fault (simulated)", file=sys.stderr, flush=True)
    os._exit(139)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Fake OpenAI-compatible server (tests only).")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--reply", default="OK", help="text of every chat answer")
    p.add_argument("--startup-delay", type=float, default=0.0, help="seconds before listening")
    p.add_argument("--crash", help="print this to stderr and exit 3 instead of serving")
    p.add_argument(
        "--crash-on-completion",
        action="store_true",
        help="list models, then die (exit 139) on the first chat request, as a compute library "
        "built for another CPU does",
    )
    args, _unknown = p.parse_known_args(argv)  # tolerate llama.cpp-style extra flags
    if args.crash:
        print(args.crash, file=sys.stderr, flush=True)
        return 3
    time.sleep(args.startup_delay)
    fake = FakeLLMServer(fallback=args.reply, port=args.port)
    if args.crash_on_completion:
        fake.next_reply = _die  # type: ignore[method-assign]
    print(f"fake server on {fake.base_url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        fake._httpd.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())


def fake_llm(settings, fake, **changes):  # noqa: ANN001, ANN003, ANN201
    """Settings and an ``LLM`` aimed at ``fake``: no retries, no judge, a short timeout."""
    from interview_coach.llm.backends import select_backend
    from interview_coach.llm.client import LLM

    s = settings.with_(
        llm_backend="compatible",
        base_url=fake.base_url,
        model="fake-model",
        llm_max_retries=0,
        llm_timeout=5.0,
        judge="off",
    ).with_(**changes)
    return s, LLM(select_backend(s, probe=False), s)
