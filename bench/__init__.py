"""Benchmark and synthetic-data tooling (not part of the product)."""
