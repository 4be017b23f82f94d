"""The server child process: xllamacpp's prebuilt llama.cpp server, until it is terminated.

``LocalServer`` runs ``python -m interview_coach.llm.engine --model … --port …``. Only this
process loads the 100 MB compute library and the model, so if either crashes the app
survives and can start another.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence

from .localserver import MODEL_ALIAS, N_CTX


def serve(model: str, port: int, threads: int, n_ctx: int = N_CTX) -> None:
    """Run llama.cpp's HTTP server in this process until it is terminated."""
    import xllamacpp  # 100 MB: only in the child

    params = xllamacpp.CommonParams()
    params.model.path = model
    params.model_alias = {MODEL_ALIAS}  # a set: a plain str would become one alias per letter
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.n_ctx = n_ctx
    params.n_parallel = 1  # one slot: a session's prompt prefix stays cached between turns
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    server = xllamacpp.Server(params)
    print(f"serving {MODEL_ALIAS} at {server.listening_address}/v1", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    wait_until_stopped(stop, os.getppid())


def wait_until_stopped(stop: threading.Event, parent: int, poll: float = 2.0) -> str:
    """Wait for a stop signal, or for the process that started us to be gone.

    A parent killed without a chance to stop us (SIGTERM to ``prepare-local --serve`` or to
    the app, SIGKILL, a crash) would otherwise leave the model holding 2 GB of RAM and the
    port; an orphan is re-parented, so its parent id changes.
    """
    while not stop.wait(poll):
        if os.getppid() != parent:
            return "parent gone"
    return "stopped"


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="The embedded llama.cpp server (run by the app).")
    p.add_argument("--model", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--ctx", type=int, default=N_CTX)
    args = p.parse_args(argv)
    serve(args.model, args.port, args.threads, args.ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
