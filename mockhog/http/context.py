"""What an endpoint receives: the store, the caller, the team the URL names, the parsed body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request

from mockhog.errors import ValidationError
from mockhog.products.identity.domain.access import Actor
from mockhog.state.records import PersonalApiKey, User
from mockhog.state.store import Store

ORIGINAL_PATH = "mockhog.original_path"
_NO_QUERY = QueryParams()
# the id of the user a request authenticated as, for the journal
USER_ID = "mockhog.user_id"


def original_path(request: Request) -> str:
    """The path as the client sent it (before the trailing-slash and environments rewrites)."""
    return str(request.scope.get(ORIGINAL_PATH, request.scope["path"]))


def absolute_url(request: Request) -> str:
    """``request.build_absolute_uri()``: scheme, Host header, the client's path and query."""
    # Divergence: behind PostHog's environments rewrite, links may name /api/projects/ (unverified);
    # mockhog keeps the path the client used, which works under either prefix.
    host = request.headers.get("host") or "{}:{}".format(*(request.scope.get("server") or ("localhost", 80)))
    query = request.scope.get("query_string", b"").decode("latin-1")
    url = f"{request.scope.get('scheme', 'http')}://{host}{original_path(request)}"
    return f"{url}?{query}" if query else url


def site_url(request: Request) -> str:
    host = request.headers.get("host") or "localhost"
    return f"{request.scope.get('scheme', 'http')}://{host}"


@dataclass
class RequestContext:
    request: Request
    store: Store
    user: User
    key: PersonalApiKey | None
    params: dict[str, Any]
    data: Any
    team_actor: Actor | None = None

    @property
    def actor(self) -> Actor:
        assert self.team_actor is not None, "only team-scoped routes have an actor"
        return self.team_actor

    @property
    def query(self) -> QueryParams:
        if not self.request.scope.get("query_string"):
            return _NO_QUERY  # most reads have no query string: nothing to parse
        return self.request.query_params

    @property
    def url(self) -> str:
        return absolute_url(self.request)

    def body_dict(self) -> dict[str, Any]:
        """The body as a serializer sees it; a non-object is DRF's non-field error."""
        if self.data is None:
            # PostHog: rest_framework/serializers.py Serializer.errors words a null body (JSON ``null``)
            raise ValidationError("No data provided", code="null")
        if not isinstance(self.data, dict):
            # PostHog: rest_framework/serializers.py Serializer.to_internal_value
            raise ValidationError(f"Invalid data. Expected a dictionary, but got {type(self.data).__name__}.")
        return self.data
