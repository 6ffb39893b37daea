"""Sentence-aware chunks of an abstract, with stable ids `<paper_id>#<n>`.

Sentences come from llama-index's sentence tokenizer (punkt, bundled with llama-index-core);
whole sentences are packed greedily, so no chunk ever ends mid-sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from rag.model import Chunk, Paper

# Chunks are about one sentence: they are what the extractive answerer quotes, and the
# whole-abstract record already serves topical retrieval (dev-set numbers in docs/design.md).
# Short sentences are packed together up to this many words; no overlap.
CHUNK_WORDS = 40


@functools.cache
def _sentence_splitter() -> Callable[[str], list[str]]:
    # Imported on first use: llama-index-core takes 1-3 s to import, and answering a question
    # (`paperbot ask`, the bots) never splits sentences.
    from llama_index.core.node_parser.text.utils import split_by_sentence_tokenizer

    splitter: Callable[[str], list[str]] = split_by_sentence_tokenizer()
    return splitter


# Where punkt cuts inside a sentence: after an abbreviation it does not know ("e.g."), or inside
# brackets; the piece after such a cut is glued back on (up to a sentence's length: a bracket an
# abstract never closes does not swallow the rest of it).
_ABBREVIATION_END = re.compile(r"(?:\b(?:e\.g|i\.e|et al|cf|vs|approx|resp|incl|viz|Fig|Eq|Sec|No)\.)$", re.I)
_CONTINUATION = re.compile(r"^[a-z)\]},;:%]")
_SENTENCE_WORDS = 80


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, whole: a cut punkt makes inside brackets, after an abbreviation or
    before a word that continues the sentence ("... (e.g." | "helpfulness), which ...") is undone."""
    sentences: list[str] = []
    for piece in (s.strip() for s in _sentence_splitter()(text)):
        if not piece:
            continue
        if sentences and _inside(sentences[-1], piece):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def _inside(before: str, piece: str) -> bool:
    """Whether `piece` continues the sentence `before` rather than starting a new one."""
    if len(before.split()) + len(piece.split()) > _SENTENCE_WORDS:
        return False
    unclosed = before.count("(") > before.count(")") or before.count("[") > before.count("]")
    return unclosed or bool(_ABBREVIATION_END.search(before)) or bool(_CONTINUATION.match(piece))


def chunk_paper(paper: Paper, max_words: int = CHUNK_WORDS, overlap_sentences: int = 0) -> list[Chunk]:
    """The abstract cut at sentence boundaries; an empty abstract gives no chunks."""
    sentences = split_sentences(paper.abstract)
    pieces: list[list[str]] = []
    current: list[str] = []
    for sentence in sentences:
        words = sum(len(s.split()) for s in current) + len(sentence.split())
        if current and words > max_words:
            pieces.append(current)
            # Carry the last sentence over unless it alone would fill the next chunk.
            carried = current[-overlap_sentences:] if overlap_sentences else []
            overlap = carried if len(" ".join([*carried, sentence]).split()) <= max_words else []
            current = [*overlap]
        current.append(sentence)
    if current and (not pieces or current != pieces[-1][-len(current) :]):
        pieces.append(current)
    return [Chunk(paper.id, index, " ".join(piece)) for index, piece in enumerate(pieces)]


def chunk_embedding_text(paper: Paper, chunk: Chunk) -> str:
    """What the model sees for a chunk: the sentence alone, so scores say how well it answers."""
    return chunk.text
