"""Sentence-aware chunks of an abstract, with stable ids `<paper_id>#<n>`.

Uses llama-index's SentenceSplitter with a plain word tokenizer: tiktoken (its default) would
measure the wrong model, and sizes here only need to stay well under MiniLM's 256 tokens.
"""

from __future__ import annotations

import re

from llama_index.core.node_parser import SentenceSplitter

from rag.papers import Paper
from rag.store import Chunk

_WORD = re.compile(r"\w+|[^\w\s]")
# About three abstract sentences per chunk; a one-sentence overlap keeps claims that span
# a boundary findable from either side.
CHUNK_WORDS = 90
OVERLAP_WORDS = 20


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def build_splitter(chunk_words: int = CHUNK_WORDS, overlap_words: int = OVERLAP_WORDS) -> SentenceSplitter:
    return SentenceSplitter(
        chunk_size=chunk_words, chunk_overlap=overlap_words, tokenizer=_words, include_metadata=False
    )


def chunk_paper(paper: Paper, splitter: SentenceSplitter | None = None) -> list[Chunk]:
    """The abstract cut at sentence boundaries; an empty abstract gives no chunks."""
    if not paper.abstract.strip():
        return []
    pieces = (splitter or build_splitter()).split_text(paper.abstract)
    return [Chunk(paper.id, index, piece.strip()) for index, piece in enumerate(pieces) if piece.strip()]


def chunk_embedding_text(paper: Paper, chunk: Chunk) -> str:
    """What the model sees for a chunk: the title anchors a chunk that never names its topic."""
    return f"{paper.title}. {chunk.text}"
