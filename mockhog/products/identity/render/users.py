"""Renders users as PostHog nests them."""

from __future__ import annotations

from mockhog.products.identity.schemas.users import UserBasic
from mockhog.state.records import User
from mockhog.state.store import Store


def user_basic(user: User) -> UserBasic:
    return {
        "id": user.id,
        "uuid": user.uuid,
        "distinct_id": user.distinct_id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_email_verified": user.is_email_verified,
        "hedgehog_config": None,
        "role_at_organization": user.role_at_organization,
    }


def user_ref(store: Store, user_id: int | None) -> UserBasic | None:
    """The nested user of a ``created_by``-style foreign key (null when unset or gone)."""
    user = store.users.get(user_id) if user_id is not None else None
    return user_basic(user) if user else None
