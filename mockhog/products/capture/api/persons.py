"""Person endpoints: list, retrieve, update via $set, delete, values, property actions, bulk delete."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from mockhog.errors import ApiError, MethodNotAllowed, NotFound, PlainError, ValidationError
from mockhog.http.context import RequestContext
from mockhog.http.responses import empty_response, json_response
from mockhog.products.capture.domain import person_list
from mockhog.products.capture.render.persons import person_list_item, person_out, property_values_out
from mockhog.state.person_records import Person

# PostHog: PersonViewSet.create
_CREATE_REFUSED = (
    "Creating persons via this API is not allowed. Please create persons by sending an $identify event. "
    "See https://posthog.com/docs/product-analytics/identify for details."
)


def _required(attr: str) -> PlainError:
    # PostHog: PersonViewSet.update / update_property build this body by hand, code and detail swapped
    body = {"attr": attr, "code": "This field is required.", "detail": "required", "type": "validation_error"}
    return PlainError(400, body)


def _data(ctx: RequestContext) -> dict[str, Any]:
    # Divergence: PostHog fails with a 500 (request.data.get) on a body that is no object; mockhog reads it as
    # an empty one
    return ctx.data if isinstance(ctx.data, dict) else {}


def _person(ctx: RequestContext) -> Person:
    return person_list.get_person(ctx.store, ctx.actor.team, str(ctx.params["person_ref"]))


def list_persons(ctx: RequestContext) -> Response:
    params = dict(ctx.query)
    found = person_list.list_persons(ctx.store, ctx.actor.team, params)
    page = person_list.page_persons(found, params, ctx.url)
    body: dict[str, Any] = {
        "results": [person_list_item(p) for p in page.items],
        "next": page.next,
        "previous": page.previous,
    }
    if page.count is not None:
        body["count"] = page.count
    return json_response(body)


def create_person(ctx: RequestContext) -> Response:
    error: ApiError = MethodNotAllowed("POST")
    error.detail = _CREATE_REFUSED
    raise error


def retrieve_person(ctx: RequestContext) -> Response:
    return json_response(person_out(_person(ctx)))


def update_person(ctx: RequestContext) -> Response:
    # PostHog: PersonViewSet.update (PATCH too): the body is checked before the person is looked up
    properties = _data(ctx).get("properties")
    if properties is None:
        raise _required("properties")
    person_list.set_properties(ctx.store, ctx.actor.team, _person(ctx), properties)
    return empty_response(202)


def destroy_person(ctx: RequestContext) -> Response:
    # PostHog: PersonViewSet.destroy (202; keep_person only queues the other deletions)
    person = _person(ctx)
    if "keep_person" not in ctx.query:
        person_list.delete_persons(ctx.store, [person])
    return empty_response(202)


def retrieve_person_values(ctx: RequestContext) -> Response:
    values = person_list.property_values(
        ctx.store, ctx.actor.team, ctx.query.get("key"), ctx.query.get("value")
    )
    return json_response(property_values_out(values), headers={"Cache-Control": "max-age=10"})


def update_person_property(ctx: RequestContext) -> Response:
    # PostHog: PersonViewSet.update_property ("value" must be present, "key" not null)
    data = _data(ctx)
    if "value" not in data:
        raise _required("value")
    if data.get("key") is None:
        raise _required("key")
    person = _person(ctx)
    person_list.set_properties(ctx.store, ctx.actor.team, person, {data["key"]: data["value"]})
    return empty_response(202)


def delete_person_property(ctx: RequestContext) -> Response:
    # PostHog: PersonViewSet.delete_property looks the person up itself, without get_object's id check.
    # Divergence: PostHog answers a missing person (or a missing "$unset") with a 500; mockhog with 404 / 400
    person = person_list.find_person(ctx.store, ctx.actor.team, str(ctx.params["person_ref"]))
    if person is None:
        raise NotFound()
    data = _data(ctx)
    if "$unset" not in data:
        raise ValidationError("This field is required.", code="required", attr="$unset")
    person_list.delete_property(ctx.store, ctx.actor.team, person, data["$unset"])
    return json_response({"success": True}, status=201)


def bulk_delete_persons(ctx: RequestContext) -> Response:
    summary = person_list.bulk_delete(ctx.store, ctx.actor.team, _data(ctx))
    return json_response(summary, status=202)
