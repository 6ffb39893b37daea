"""The file formats ingest reads, by extension: a constant the CLI's help can show without
importing the parsers (ingest/pipeline.py maps each to its reader; a unit test keeps them equal)."""

from __future__ import annotations

SUPPORTED_SUFFIXES = (".atom", ".json", ".jsonl", ".txt", ".xml")
