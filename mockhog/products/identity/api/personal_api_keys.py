"""/api/personal_api_keys/: the user's keys (list, create, retrieve, update, delete, roll).

PostHog: posthog/api/personal_api_key.py PersonalAPIKeyViewSet. A personal API key may only read itself
(``@current`` or its own id); everything else takes a browser session, whose stand-in in mockhog is a key
marked ``session`` (records.PersonalApiKey).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from mockhog.http.context import RequestContext
from mockhog.http.responses import empty_response, json_response
from mockhog.products.identity.domain import personal_api_keys as keys
from mockhog.products.identity.render.identity import personal_api_key
from mockhog.products.identity.schemas.personal_api_keys import PersonalApiKeyCreate, PersonalApiKeyIn
from mockhog.state.records import PersonalApiKey, User
from mockhog.state.store import Store
from mockhog.wire.validation import validate_input


def check_session_key(store: Store, user: User, key: PersonalApiKey, params: dict[str, Any]) -> None:
    """Every action but retrieve refuses a personal API key (403, before the key is looked up)."""
    keys.require_session(key)


def _key(ctx: RequestContext) -> PersonalApiKey:
    assert ctx.key is not None
    return keys.find_key(ctx.store, ctx.user, ctx.key, str(ctx.params["key_ref"]))


def list_personal_api_keys(ctx: RequestContext) -> Response:
    # PostHog: the list is not paginated
    return json_response([personal_api_key(k) for k in keys.keys_of(ctx.store, ctx.user)])


def create_personal_api_key(ctx: RequestContext) -> Response:
    data = validate_input(PersonalApiKeyCreate, ctx.body_dict())
    created = keys.create_key(ctx.store, ctx.user, data)
    return json_response(personal_api_key(created, show_value=True), status=201)


def retrieve_personal_api_key(ctx: RequestContext) -> Response:
    return json_response(personal_api_key(_key(ctx)))


def update_personal_api_key(ctx: RequestContext) -> Response:
    key = _key(ctx)
    # PostHog: PUT is DRF's full update (the fields create requires), PATCH its partial one
    model = PersonalApiKeyCreate if ctx.request.method == "PUT" else PersonalApiKeyIn
    data = validate_input(model, ctx.body_dict())
    return json_response(personal_api_key(keys.update_key(ctx.store, ctx.user, key, data)))


def destroy_personal_api_key(ctx: RequestContext) -> Response:
    keys.delete_key(ctx.store, _key(ctx))
    return empty_response(204)


def roll_personal_api_key(ctx: RequestContext) -> Response:
    rolled = keys.roll_key(ctx.store, _key(ctx))
    return json_response(personal_api_key(rolled, show_value=True))
