"""The errors a HogQL query raises: PostHog shows their message to the caller as a 400."""

from __future__ import annotations


class ExposedHogQLError(Exception):
    """A query mockhog refuses, with the message PostHog's HogQL layer gives (or, where mockhog only
    serves a subset, one that names what is not supported)."""


class QuerySyntaxError(ExposedHogQLError):
    pass


class UnsupportedQuery(ExposedHogQLError):
    """Valid HogQL that mockhog's engine does not serve."""
