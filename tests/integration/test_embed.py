"""The real embedding model, loaded from its installed packages."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from rag.embed import EmbeddingError, load_embedder


def test_vectors_are_unit_length_fixed_size_and_deterministic(embedder: Any) -> None:
    texts = ["Reward models for image editing.", "A survey of alignment goals for big models.", ""]
    first = embedder.embed_documents(texts)
    assert first.shape == (3, 384)
    assert np.allclose(np.linalg.norm(first[:2], axis=1), 1.0, atol=1e-5)
    assert np.allclose(first, embedder.embed_documents(texts), atol=1e-6)
    assert np.allclose(embedder.embed_query(texts[0]), first[0], atol=1e-5)


def test_batching_and_padding_do_not_change_vectors(embedder: Any) -> None:
    short, long = "policy optimization", "policy optimization " * 200
    together = embedder.embed_documents([short, long])
    assert np.allclose(together[0], embedder.embed_documents([short])[0], atol=1e-4)
    assert np.allclose(together[1], embedder.embed_documents([long])[0], atol=1e-4)


def test_related_texts_are_closer_than_unrelated(embedder: Any) -> None:
    query = embedder.embed_query("aligning language models with human preferences")
    related = embedder.embed_documents(["RLHF trains a policy against a reward model of human preferences."])[
        0
    ]
    unrelated = embedder.embed_documents(["A recipe for sourdough bread with a long cold proof."])[0]
    assert float(query @ related) > float(query @ unrelated) + 0.15


def test_unknown_model_name_is_a_clear_error() -> None:
    with pytest.raises(EmbeddingError, match="unknown embedding model 'bert-huge'"):
        load_embedder("bert-huge")


def test_a_repeated_query_is_embedded_once_and_cannot_be_altered(embedder: Any) -> None:
    embedder.forget_queries()
    first = embedder.embed_query("sparse attention for long documents")
    again = embedder.embed_query("sparse attention for long documents")
    assert again is first
    with pytest.raises(ValueError, match="read-only"):
        first[0] = 1.0
    embedder.forget_queries()
    fresh = embedder.embed_query("sparse attention for long documents")
    assert fresh is not first
    np.testing.assert_allclose(fresh, first, atol=1e-6)
    np.testing.assert_allclose(
        fresh, embedder.embed_documents(["sparse attention for long documents"])[0], atol=1e-5
    )
