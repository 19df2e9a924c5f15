"""Benchmarks: each measures ratios against a baseline within one run (see README)."""
