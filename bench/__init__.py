"""Benchmarks: embedding-model candidates, ingest throughput, search latency (see README.md).

Scripts run as modules (`.venv/bin/python -m bench.NAME`) and print markdown; nothing here is
imported by the library, and no test asserts on a timing.
"""
