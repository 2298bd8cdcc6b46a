"""Tags on taggable records: normalisation.

PostHog: posthog/api/tagged_item.py TaggedItemSerializerMixin (the newest sets and shows tags for every
organization: the TAGGING license gate older versions had is gone, so mockhog has none either).
"""

from __future__ import annotations

from typing import Any


def tagify(tag: Any) -> str:
    # PostHog: posthog/models/tag.py tagify (strip + lower case)
    return str(tag).strip().lower()


def normalize_tags(tags: list[Any]) -> list[str]:
    """De-duplicated, normalised tags. PostHog returns them in no set order; mockhog sorts them."""
    # Divergence: PostHog's tag order comes from the database; sorted here so output is deterministic.
    return sorted({tagify(tag) for tag in tags if tagify(tag)})
