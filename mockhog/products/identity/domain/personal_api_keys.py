"""A user's personal API keys: who may manage them, the scopes a key may name, create, update, roll."""

from __future__ import annotations

import uuid

from mockhog.errors import NotFound, PermissionDenied, ValidationError
from mockhog.products.identity.schemas.personal_api_keys import PersonalApiKeyIn
from mockhog.state.records import PersonalApiKey, User
from mockhog.state.store import Store

# PostHog: posthog/api/personal_api_key.py MAX_API_KEYS_PER_USER
MAX_KEYS = 10
VALUE_PREFIX, VALUE_LENGTH = "phx_", 43
NOT_FOR_KEYS = "This action does not support personal API key access"
LLM_GATEWAY = "llm_gateway"


def require_session(key: PersonalApiKey) -> None:
    # PostHog: posthog/api/personal_api_key.py PersonalApiKeySelfAccessPermission: a personal API key may
    # only retrieve itself; listing, creating, changing, rolling and deleting keys take a browser session
    # Divergence: mockhog's stand-in for that session is a key marked ``session`` (records.PersonalApiKey)
    if not key.session:
        raise PermissionDenied(NOT_FOR_KEYS)


def keys_of(store: Store, user: User) -> list[PersonalApiKey]:
    # PostHog: the user's own keys, newest first
    mine = [k for k in store.personal_api_keys.values() if k.user_id == user.id]
    return sorted(mine, key=lambda k: (k.created_at is not None, k.created_at), reverse=True)


def find_key(store: Store, user: User, current: PersonalApiKey, ref: str) -> PersonalApiKey:
    """The key a URL names: ``@current`` (the one authenticating), or one of the user's by id."""
    if ref == "@current":
        # Divergence: for a session PostHog has no current key (an unhandled error); mockhog's stand-in
        # answers itself
        return current
    found = next((k for k in keys_of(store, user) if k.id == ref), None)
    if found is None:
        raise NotFound()
    if not current.session and found.id != current.id:
        # PostHog: has_object_permission: a key reaches no other key, not even its user's
        raise PermissionDenied(NOT_FOR_KEYS)
    return found


def _check_scopes(scopes: list[str], before: list[str]) -> None:
    # PostHog: PersonalAPIKeySerializer.validate_scopes (each scope's form: schemas/personal_api_keys.py)
    added = [s for s in scopes if s.partition(":")[0] == LLM_GATEWAY and s not in before]
    if added:
        # PostHog: the LLM gateway scope sits behind a feature flag (checked only when a key gains it)
        # Divergence: PostHog turns that flag on per customer; mockhog keeps it off for everyone
        raise ValidationError(
            "LLM gateway scope is not available. Contact support to enable this feature.", attr="scopes"
        )


def _check_teams(store: Store, user: User, team_ids: list[int]) -> None:
    # PostHog: validate_scoped_teams (every team exists and the user belongs to its organization)
    for team_id in team_ids:
        team = store.teams.get(team_id)
        if team is None or store.membership(store.organization_of_team(team).id, user.id) is None:
            raise ValidationError(
                "You must be a member of all teams that you are scoping the key to.", attr="scoped_teams"
            )


def _check_organizations(store: Store, user: User, organization_ids: list[str]) -> None:
    # PostHog: validate_scoped_organizations (UUIDs of organizations the user is a member of)
    try:
        parsed = [str(uuid.UUID(o)) for o in organization_ids]
    except ValueError:
        raise ValidationError("Invalid organization UUID", attr="scoped_organizations") from None
    for organization_id in parsed:
        membership = store.membership(organization_id, user.id)
        if membership is None or not membership.level:
            raise ValidationError(
                "You must be a member of all organizations that you are scoping the key to.",
                attr="scoped_organizations",
            )


def _check(store: Store, user: User, data: PersonalApiKeyIn, before: list[str]) -> None:
    sent = data.model_fields_set
    if "scopes" in sent:
        _check_scopes(data.scopes, before)
    if "scoped_teams" in sent:
        _check_teams(store, user, data.scoped_teams)
    if "scoped_organizations" in sent:
        _check_organizations(store, user, data.scoped_organizations)


def _new_value(store: Store) -> str:
    # PostHog: generate_random_token_personal ("phx_" and a random token); mockhog draws it from its RNG
    while True:
        value = VALUE_PREFIX + store.rng.alphanumeric(VALUE_LENGTH)
        if store.key_by_value(value) is None:
            return value


def create_key(store: Store, user: User, data: PersonalApiKeyIn) -> PersonalApiKey:
    _check(store, user, data, [])
    if len(keys_of(store, user)) >= MAX_KEYS:
        raise ValidationError(
            f"You can only have {MAX_KEYS} personal API keys. "
            "Remove an existing key before creating a new one."
        )
    key = PersonalApiKey(
        id=store.rng.alphanumeric(12),
        user_id=user.id,
        label=data.label,
        description=data.description or None,
        value=_new_value(store),
        scopes=data.scopes,
        scoped_teams=data.scoped_teams,
        scoped_organizations=data.scoped_organizations,
        created_at=store.now(),
    )
    store.add_personal_api_key(key)
    return key


def update_key(store: Store, user: User, key: PersonalApiKey, data: PersonalApiKeyIn) -> PersonalApiKey:
    _check(store, user, data, key.scopes)
    for name in data.model_fields_set:
        value = getattr(data, name)
        if name == "description":
            value = value or None  # PostHog: a blank description is kept as null
        setattr(key, name, value)
    return key


def roll_key(store: Store, key: PersonalApiKey) -> PersonalApiKey:
    """A new secret for the key (the old one stops working); its id, label and scopes stay."""
    store.remove_personal_api_key(key)
    key.value = _new_value(store)
    key.last_rolled_at = store.now()
    store.add_personal_api_key(key)
    return key


def delete_key(store: Store, key: PersonalApiKey) -> None:
    store.remove_personal_api_key(key)
