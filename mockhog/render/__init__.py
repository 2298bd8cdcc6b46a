"""Rendering: records -> the wire dicts of mockhog.schemas, computed fields included."""
