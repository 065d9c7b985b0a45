"""Kinerja BPOM warehouse: ingestion, validation and orchestration."""
