"""JSON as PostHog's SafeJSONRenderer writes it: orjson, UTC datetimes ending in "Z"."""

from __future__ import annotations

from typing import Any

import orjson


def encode(data: Any) -> bytes:
    # PostHog: posthog/renderers.py SafeJSONRenderer (orjson, OPT_UTC_Z)
    return orjson.dumps(data, option=orjson.OPT_UTC_Z)
