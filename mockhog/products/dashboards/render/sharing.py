"""Renders sharing configurations (SharingConfigurationSerializer) and a new share password."""

from __future__ import annotations

from mockhog.products.dashboards.domain.sharing import Shared, active_passwords
from mockhog.products.dashboards.schemas.sharing import CreatedPasswordOut, SharingOut
from mockhog.products.identity.domain.access import user_access_level
from mockhog.products.view import View
from mockhog.state.records import SharePassword, SharingConfiguration
from mockhog.state.store import Store


def _email(store: Store, user_id: int | None) -> str:
    user = store.users.get(user_id) if user_id is not None else None
    # PostHog: SharePassword created_by_email for a creator who is gone
    return user.email if user else "deleted user"


def sharing_out(view: View, target: Shared, config: SharingConfiguration) -> SharingOut:
    store = view.store
    return {
        "created_at": config.created_at,
        "enabled": config.enabled,
        "access_token": config.access_token,
        "settings": config.settings,
        "password_required": config.password_required,
        "share_passwords": [
            {
                "id": p.id,
                "created_at": p.created_at,
                "note": p.note,
                "created_by_email": _email(store, p.created_by_id),
                "is_active": p.is_active,
            }
            for p in active_passwords(store, config)
        ],
        # PostHog: resolved on the configuration, which has no creator: the shared object's creator gets
        # no more than any other member (org admins still manage it)
        "user_access_level": user_access_level(view.actor, None),
    }


def created_password_out(store: Store, record: SharePassword, password: str) -> CreatedPasswordOut:
    """The answer to creating a password: the only time its raw value is shown."""
    return {
        "id": record.id,
        "password": password,
        "note": record.note,
        "created_at": record.created_at,
        "created_by_email": _email(store, record.created_by_id),
    }
