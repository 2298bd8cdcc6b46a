"""The store and what it is loaded from: the fixture format, the table registry, records, the event log,
clock, RNG and the state file.
"""
