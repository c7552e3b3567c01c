"""Benchmarks at archive scale: a synthetic archive and the harness (`python -m benchmarks`)."""
