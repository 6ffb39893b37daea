"""Benchmarks: embedding-model candidates, ingest throughput, search latency, scale, peers and
load through the Discord adapter (see README.md).

Scripts run as modules (`.venv/bin/python -m bench.NAME`) and print markdown; nothing here is
imported by the library, and no test asserts on a timing.
"""
