"""The persons and groups routes (PostHog: posthog/api/person.py, ee/clickhouse/views/groups.py)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from mockhog.http.api_route import TEAM_PREFIX as P
from mockhog.http.api_route import team_route
from mockhog.http.dispatch import Action
from mockhog.products.capture.api import groups, persons


def person_routes() -> list[BaseRoute]:
    """PostHog: PersonViewSet (scope object "person"), GroupsViewSet and GroupsTypesViewSet ("group")."""
    return [*_persons(), *_groups()]


def _persons() -> list[BaseRoute]:
    read, write = "person:read", "person:write"
    one = P + "/persons/{person_ref}"
    return [
        team_route(
            P + "/persons",
            "person-list",
            "person",
            GET=Action(persons.list_persons, read),
            # PostHog: create is a write action that answers 405 with its own message
            POST=Action(persons.create_person, write),
        ),
        # PostHog: the detail=False actions, registered before the detail route so they win
        team_route(
            P + "/persons/values", "person-values", "person", GET=Action(persons.retrieve_person_values, read)
        ),
        team_route(
            P + "/persons/bulk_delete",
            "person-bulk-delete",
            "person",
            POST=Action(persons.bulk_delete_persons, write),
        ),
        team_route(
            one,
            "person-detail",
            "person",
            GET=Action(persons.retrieve_person, read),
            PATCH=Action(persons.update_person, write),
            PUT=Action(persons.update_person, write),
            DELETE=Action(persons.destroy_person, write),
        ),
        team_route(
            one + "/update_property",
            "person-update-property",
            "person",
            POST=Action(persons.update_person_property, write),
        ),
        team_route(
            one + "/delete_property",
            "person-delete-property",
            "person",
            POST=Action(persons.delete_person_property, write),
        ),
    ]


def _groups() -> list[BaseRoute]:
    read = "group:read"
    return [
        team_route(P + "/groups", "group-list", "group", GET=Action(groups.list_groups, read)),
        team_route(P + "/groups/find", "group-find", "group", GET=Action(groups.find_group, read)),
        team_route(
            P + "/groups/property_values",
            "group-property-values",
            "group",
            GET=Action(groups.retrieve_group_property_values, read),
        ),
        team_route(
            P + "/groups_types", "group-type-list", "group", GET=Action(groups.list_group_types, read)
        ),
    ]
