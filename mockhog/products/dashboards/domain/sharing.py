"""Sharing of dashboards and insights: the singleton configuration, token refresh with a grace period,
share passwords, and what the public link may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from mockhog.errors import NotFound, PermissionDenied, PlainError, ValidationError
from mockhog.products.dashboards.domain.dashboards import project_dashboards, require_edit
from mockhog.products.dashboards.domain.sharing_images import export_opengraph_image
from mockhog.products.identity.domain.access import (
    ADVANCED_PERMISSIONS,
    ORGANIZATION_SECURITY_SETTINGS,
    Actor,
)
from mockhog.state.records import Dashboard, Insight, SharePassword, SharingConfiguration, sharing_target
from mockhog.state.store import Store
from mockhog.wire.fields import drf_bool
from mockhog.wire.tokens import check_password, decode_jwt, encode_jwt, hash_password

# PostHog: posthog/settings SHARING_TOKEN_GRACE_PERIOD_SECONDS
GRACE_PERIOD = timedelta(seconds=300)
# PostHog: posthog/schema.py SharingConfigurationSettings (optional booleans, in schema order, and theme)
SETTINGS_KEYS = ("detailed", "hideExtraDetails", "legend", "noHeader", "showInspector", "whitelabel")
THEMES = ("light", "dark", "system")
MIN_PASSWORD_LENGTH = 8
UNLOCK_LIFETIME = timedelta(hours=24)
UNLOCK_AUDIENCE = "posthog:sharing_password_protected"


@dataclass(frozen=True)
class Shared:
    """What a sharing configuration shares: a dashboard or an insight."""

    kind: str  # "dashboard" or "insight"
    id: int
    team_id: int
    created_by_id: int | None
    dashboard: Dashboard | None = None

    def configuration(self, config_id: int, access_token: str) -> SharingConfiguration:
        """A new configuration sharing this object."""
        return SharingConfiguration(
            id=config_id,
            team_id=self.team_id,
            dashboard_id=self.id if self.kind == "dashboard" else None,
            insight_id=self.id if self.kind == "insight" else None,
            access_token=access_token,
        )


def sharing_dashboard(store: Store, actor: Actor, dashboard_id: int) -> Shared:
    # PostHog: posthog/api/sharing.py get_serializer_context ("Dashboard not found.")
    dashboard = next((d for d in project_dashboards(store, actor) if d.id == dashboard_id), None)
    if dashboard is None:
        raise NotFound("Dashboard not found.")
    return Shared("dashboard", dashboard.id, dashboard.team_id, dashboard.created_by_id, dashboard)


def sharing_insight(store: Store, actor: Actor, insight_id: int) -> Shared:
    # PostHog: posthog/api/sharing.py get_serializer_context (Insight by numeric id in the project)
    insight = store.insights.get(insight_id)
    teams = {t.id for t in store.teams_of_project(actor.project.id)}
    if insight is None or insight.deleted or insight.team_id not in teams:
        raise NotFound("Insight not found.")
    return Shared("insight", insight.id, insight.team_id, insight.created_by_id)


def require_sharing_edit(store: Store, actor: Actor, target: Shared, *, enabling: bool = False) -> None:
    # PostHog: posthog/api/sharing.py check_can_edit_sharing_configuration
    org = actor.organization
    if (
        enabling
        and ORGANIZATION_SECURITY_SETTINGS in org.features
        and not org.allow_publicly_shared_resources
    ):
        raise PermissionDenied("Public sharing is disabled for this organization.")
    if target.dashboard is not None:
        require_edit(store, actor, target.dashboard)
    # mockhog models no per-insight access control: everyone in the project may edit an insight's sharing


def current_configuration(store: Store, target: Shared) -> SharingConfiguration:
    """The saved configuration, or PostHog's unsaved default (id 0, a fresh token that is not kept)."""
    saved = store.active_sharing(target.id, target.kind)
    if saved is not None:
        return saved
    return target.configuration(0, store.rng.token_urlsafe(22))


def saved_configuration(store: Store, target: Shared) -> SharingConfiguration | None:
    """The saved configuration alone: what the password actions read.

    PostHog's unsaved default has password_required False and no passwords, so those actions refuse it
    (400, 404) without keeping it; building it here would draw its token from the store's RNG, and a
    refused request would move the RNG on.
    """
    return store.active_sharing(target.id, target.kind)


def clean_settings(value: Any) -> dict[str, Any] | None:
    """Known settings as booleans in schema order, None values dropped; unknown keys silently dropped."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValidationError("Invalid settings format", attr="settings")
    cleaned: dict[str, Any] = {}
    for key in SETTINGS_KEYS:
        if value.get(key) is None:
            continue
        try:
            cleaned[key] = drf_bool()(value[key])
        except ValueError:
            raise ValidationError("Invalid settings format", attr="settings") from None
    theme = value.get("theme")
    if theme is not None:
        if theme not in THEMES:
            raise ValidationError("Invalid settings format", attr="settings")
        cleaned["theme"] = theme
    return cleaned


def _save(store: Store, config: SharingConfiguration) -> SharingConfiguration:
    if config.id == 0:
        config.id = store.next_id("sharing_configurations")
        config.created_at = store.now()
        store.add_sharing(config)
    return config


def update_sharing(
    store: Store, target: Shared, config: SharingConfiguration, changes: dict[str, Any]
) -> SharingConfiguration:
    was_enabled = config.enabled
    for name, value in changes.items():
        setattr(config, name, value)
    collapse_duplicates(store, target, config)
    if config.id != 0 and config.enabled and not was_enabled:
        # PostHog: re-enabling a disabled link issues a new one; earlier tokens (and their grace) end now
        _end_grace(store, target)
        config.access_token = store.rng.token_urlsafe(22)
    saved = _save(store, config)
    if saved.enabled and not was_enabled:
        # PostHog: turning sharing on exports the link's OpenGraph image
        export_opengraph_image(store, saved)
    return saved


def collapse_duplicates(store: Store, target: Shared, keep: SharingConfiguration) -> None:
    """End every other active configuration of the object: a write leaves exactly one."""
    # PostHog: posthog/api/sharing.py (duplicate active rows, left by old races, are collapsed on writes;
    # a read leaves them alone)
    now = store.now()
    for other in list(store.sharing_configurations.values()):
        same = sharing_target(other) == (target.kind, target.id)
        if same and other is not keep and other.expires_at is None:
            other.expires_at = now


def _end_grace(store: Store, target: Shared) -> None:
    now = store.now()
    for other in store.sharing_configurations.values():
        if (
            sharing_target(other) == (target.kind, target.id)
            and other.expires_at is not None
            and other.expires_at > now
        ):
            other.expires_at = now


def refresh_sharing(store: Store, target: Shared, config: SharingConfiguration) -> SharingConfiguration:
    # PostHog: posthog/models/sharing_configuration.py rotate_access_token (old token kept for a grace period)
    collapse_duplicates(store, target, config)
    now = store.now()
    fresh = target.configuration(store.next_id("sharing_configurations"), store.rng.token_urlsafe(22))
    fresh.enabled, fresh.settings = config.enabled, config.settings
    fresh.password_required, fresh.created_at = config.password_required, now
    if config.id != 0:
        config.expires_at = now + GRACE_PERIOD
    store.add_sharing(fresh)
    for password in active_passwords(store, config):
        copy = password.model_copy()
        copy.id = store.next_id("share_passwords")
        copy.sharing_configuration_id = fresh.id
        store.share_passwords[copy.id] = copy
    return fresh


def active_passwords(store: Store, config: SharingConfiguration) -> list[SharePassword]:
    """Active passwords, newest first (SharePassword's ordering)."""
    found = [
        p for p in store.share_passwords.values() if p.sharing_configuration_id == config.id and p.is_active
    ]
    return sorted(found, key=lambda p: (p.created_at is not None, p.created_at, p.id), reverse=True)


def require_password_feature(actor: Actor, message: str) -> None:
    if ADVANCED_PERMISSIONS not in actor.organization.features:
        raise PlainError(403, {"error": message})


def create_password(
    store: Store, actor: Actor, config: SharingConfiguration, raw_password: str, note: str
) -> tuple[SharePassword, str]:
    """A new password (generated when none is given) and its raw value, which is never shown again."""
    if raw_password and len(raw_password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("Password must be at least 8 characters long.", attr="raw_password")
    password = raw_password or store.rng.token_urlsafe(16)
    salt = store.rng.token_urlsafe(12)
    saved = _save(store, config)
    record = SharePassword(
        id=store.next_id("share_passwords"),
        sharing_configuration_id=saved.id,
        password_hash=hash_password(password, salt),
        salt=salt,
        note=note,
        created_by_id=actor.user.id,
        created_at=store.now(),
    )
    store.share_passwords[record.id] = record
    return record, password


def delete_password(store: Store, config: SharingConfiguration | None, password_id: Any) -> None:
    # PostHog: posthog/api/sharing.py delete_password (sharing_config.share_passwords.get(...))
    found = store.share_passwords.get(password_id) if isinstance(password_id, int) else None
    if config is None or found is None or found.sharing_configuration_id != config.id or not found.is_active:
        raise NotFound("Password not found")
    found.is_active = False


# -- the public side --------------------------------------------------------------------------------------


def public_configuration(store: Store, access_token: str) -> SharingConfiguration | None:
    """The configuration a public link opens: enabled, not expired, its dashboard not deleted."""
    # PostHog: posthog/api/sharing.py SharingViewerPageViewSet
    config = store.sharing_by_token(access_token)
    if config is None or not config.enabled:
        return None
    if config.expires_at is not None and config.expires_at <= store.now():
        return None
    team = store.teams[config.team_id]
    org = store.organization_of_team(team)
    if ORGANIZATION_SECURITY_SETTINGS in org.features and not org.allow_publicly_shared_resources:
        return None
    shared: Dashboard | Insight | None
    if config.dashboard_id is not None:
        shared = store.dashboards.get(config.dashboard_id)
    else:
        shared = store.insights.get(config.insight_id) if config.insight_id is not None else None
    return None if shared is None or shared.deleted else config


def _jwt_secret(store: Store) -> str:
    return f"mockhog-sharing-{store.rng.seed}"


def unlock(store: Store, config: SharingConfiguration, password: Any) -> str:
    """The unlock token for a right password; 401 {"error": "Incorrect password"} otherwise."""
    for candidate in active_passwords(store, config):
        if isinstance(password, str) and check_password(password, candidate.salt, candidate.password_hash):
            expires = store.now() + UNLOCK_LIFETIME
            payload = {
                "share_password_id": candidate.id,
                "team_id": config.team_id,
                "access_token": config.access_token,
                "exp": int(expires.timestamp()),
                "aud": UNLOCK_AUDIENCE,
            }
            return encode_jwt(payload, _jwt_secret(store))
    raise PlainError(401, {"error": "Incorrect password"})


def unlocked(store: Store, config: SharingConfiguration, token: str | None) -> bool:
    """Whether an unlock token still opens this configuration (its password active, not expired)."""
    payload = decode_jwt(token, _jwt_secret(store)) if token else None
    if payload is None or payload.get("aud") != UNLOCK_AUDIENCE:
        return False
    if payload.get("access_token") != config.access_token:
        return False
    exp = payload.get("exp")
    if not isinstance(exp, int) or exp <= store.now().timestamp():
        return False
    password_id = payload.get("share_password_id")
    password = store.share_passwords.get(password_id) if isinstance(password_id, int) else None
    return password is not None and password.is_active and password.sharing_configuration_id == config.id
