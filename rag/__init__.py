"""The knowledge base: papers, the Chroma store, embeddings, retrieval. Imports neither `ingest` nor `bot`."""
