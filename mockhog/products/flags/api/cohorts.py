"""Cohort endpoints: list, create, retrieve, update (soft delete with PATCH), the 405 for DELETE, a static
cohort's members (add, remove, list)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from mockhog.http.context import RequestContext
from mockhog.http.pagination import Page
from mockhog.http.responses import empty_response, json_response
from mockhog.products.capture.domain import person_list
from mockhog.products.capture.render.persons import person_list_item
from mockhog.products.flags.domain import cohorts
from mockhog.products.flags.render.cohorts import cohort_out
from mockhog.products.view import View
from mockhog.state.flag_records import Cohort

# PostHog: CohortViewSet.persons serializes people with distinct_id_limit=10
_DISTINCT_IDS_SHOWN = 10


def _cohort(ctx: RequestContext) -> Cohort:
    return cohorts.get_cohort(ctx.store, ctx.actor, str(ctx.params["cohort_ref"]))


def _render(ctx: RequestContext, cohort: Cohort, status: int = 200) -> Response:
    return json_response(cohort_out(View(ctx.store, ctx.actor), cohort), status=status)


def list_cohorts(ctx: RequestContext) -> Response:
    found = cohorts.list_cohorts(ctx.store, ctx.actor, dict(ctx.query))
    page = Page(found, ctx.query.get("limit"), ctx.query.get("offset"), ctx.url)
    view = View(ctx.store, ctx.actor)
    return json_response(page.envelope([cohort_out(view, c) for c in page.items]))


def create_cohort(ctx: RequestContext) -> Response:
    data = cohorts.read_cohort(ctx.store, ctx.actor, ctx.body_dict(), "POST", None)
    return _render(ctx, cohorts.create_cohort(ctx.store, ctx.actor, data), status=201)


def retrieve_cohort(ctx: RequestContext) -> Response:
    return _render(ctx, _cohort(ctx))


def update_cohort(ctx: RequestContext) -> Response:
    cohort = _cohort(ctx)
    data = cohorts.read_cohort(ctx.store, ctx.actor, ctx.body_dict(), ctx.request.method, cohort)
    return _render(ctx, cohorts.update_cohort(ctx.store, ctx.actor, cohort, data))


def destroy_cohort(ctx: RequestContext) -> Response:
    # PostHog: ForbidDestroyModel, an empty 405 (cohorts are deleted with PATCH {"deleted": true})
    return empty_response(405)


def add_persons_to_static_cohort(ctx: RequestContext) -> Response:
    cohorts.add_persons(ctx.store, ctx.actor, _cohort(ctx), ctx.data)
    return json_response({"success": True})


def remove_person_from_static_cohort(ctx: RequestContext) -> Response:
    cohorts.remove_person(ctx.store, ctx.actor, _cohort(ctx), ctx.data)
    return json_response({"success": True})


def list_cohort_persons(ctx: RequestContext) -> Response:
    # PostHog: CohortViewSet.persons ({"results", "next", "previous"}: next when the page is full)
    found = cohorts.members(ctx.store, ctx.actor, _cohort(ctx))
    params = {key: value for key, value in ctx.query.items() if key in ("limit", "offset")}
    page = person_list.page_persons(found, params, ctx.url)
    results: list[dict[str, Any]] = []
    for person in page.items:
        item = person_list_item(person)
        item["distinct_ids"] = item["distinct_ids"][:_DISTINCT_IDS_SHOWN]
        results.append(item)
    return json_response({"results": results, "next": page.next, "previous": page.previous})
