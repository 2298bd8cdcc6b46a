"""Feature flags and cohorts: the REST API, the flags service (remote evaluation), local-evaluation
definitions, and the matching rules.
"""
