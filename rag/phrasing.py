"""Whether a question asks for several papers, read from its wording by a fitted model.

The router's list patterns catch the usual forms ("which papers …", "any work on …"); people ask
for sets in many more ("methods that replace the reverse-KL regularizer", "weak-to-strong stuff:
a small model supervising a bigger one", "anything connecting to classical planning"). A logistic
regression over the words and word pairs of the question (and its first word) learns those forms
from the question sets' list questions against their one-paper questions: scripts/fit_list_cue.py
writes rag/list_cue_model.py. It speaks only where the patterns found nothing and the question
names no paper.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass

_WORD = re.compile(r"[a-z]+")


def grams(text: str) -> frozenset[str]:
    """The question's features: its words, its adjacent word pairs ("papers_that") and its first
    word ("^which")."""
    words = _WORD.findall(text.lower())
    if not words:
        return frozenset()
    pairs = (f"{a}_{b}" for a, b in itertools.pairwise(words))
    return frozenset((*words, *pairs, "^" + words[0]))


@dataclass(frozen=True, slots=True)
class ListCue:
    """P(the question asks for several papers) = sigmoid(bias + the sum of its grams' weights);
    read as a list at `cut` and above."""

    weights: dict[str, float]
    bias: float
    cut: float
    provenance: str

    def probability(self, text: str) -> float:
        z = self.bias + sum(self.weights.get(gram, 0.0) for gram in grams(text))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def asks_for_several(self, text: str) -> bool:
        return self.probability(text) >= self.cut


@functools.cache
def list_cue() -> ListCue:
    """The shipped model (rag/list_cue_model.py), read on first use."""
    from rag import list_cue_model

    return ListCue(list_cue_model.WEIGHTS, list_cue_model.BIAS, list_cue_model.CUT, list_cue_model.PROVENANCE)
