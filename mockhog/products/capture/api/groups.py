"""Group endpoints: the keyset-paged list, find, property values, and the group types list."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from starlette.responses import Response

from mockhog.http.context import RequestContext
from mockhog.http.responses import json_response
from mockhog.products.capture.domain import group_list
from mockhog.products.capture.render.groups import group_found, group_type_out, groups_page
from mockhog.products.capture.render.persons import property_values_out


def list_groups(ctx: RequestContext) -> Response:
    page = group_list.list_groups(ctx.store, ctx.actor.team, dict(ctx.query))
    next_url = None
    if page.next_query is not None:
        # PostHog: request.build_absolute_uri(f"{request.path}?{urlencode(params)}")
        scheme, netloc, path, _, _ = urlsplit(ctx.url)
        next_url = urlunsplit((scheme, netloc, path, urlencode(page.next_query), ""))
    return json_response(groups_page(page.groups, next_url))


def find_group(ctx: RequestContext) -> Response:
    return json_response(group_found(group_list.find_group(ctx.store, ctx.actor.team, dict(ctx.query))))


def retrieve_group_property_values(ctx: RequestContext) -> Response:
    values = group_list.property_values(ctx.store, ctx.actor.team, dict(ctx.query))
    return json_response(property_values_out(values))


def list_group_types(ctx: RequestContext) -> Response:
    # PostHog: GroupsTypesViewSet.list is not paginated: a bare list
    return json_response([group_type_out(m) for m in group_list.group_types(ctx.store, ctx.actor.team)])
