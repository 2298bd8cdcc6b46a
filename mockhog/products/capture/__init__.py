"""Capture and persons: the capture endpoints, ingestion (persons, groups, merges), the persons and groups
APIs.
"""
