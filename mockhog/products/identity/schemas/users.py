"""Wire shape of PostHog's nested user (UserBasicSerializer)."""

from __future__ import annotations

from typing import Any, TypedDict


class UserBasic(TypedDict):
    # PostHog: posthog/api/shared.py UserBasicSerializer
    id: int
    uuid: str
    distinct_id: str | None
    first_name: str
    last_name: str
    email: str
    is_email_verified: bool | None
    hedgehog_config: dict[str, Any] | None
    role_at_organization: str | None
