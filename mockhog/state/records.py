"""The records the store keeps: one pydantic model per PostHog table, also the fixture file's rows."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from typing_extensions import Self

# PostHog: posthog/models/organization.py OrganizationMembership.Level
MEMBER, ADMIN, OWNER = 1, 8, 15
# PostHog: posthog/models/dashboard.py Dashboard.RestrictionLevel / PrivilegeLevel
EVERYONE_IN_PROJECT_CAN_EDIT, ONLY_COLLABORATORS_CAN_EDIT = 21, 37
CAN_VIEW, CAN_EDIT = 21, 37

CreationMode = Literal["default", "template", "duplicate", "unlisted"]


def _restriction_level(value: int) -> int:
    if value not in (EVERYONE_IN_PROJECT_CAN_EDIT, ONLY_COLLABORATORS_CAN_EDIT):
        raise ValueError("restriction_level must be 21 or 37")
    return value


class Record(BaseModel):
    """Rows are plain mutable models: validated when loaded, assigned freely by the domain.

    A row in a store's table points at the store's tracker (mockhog/state/tracking.py), which sees each field
    assigned before it changes; a row outside any store (a fixture's, a snapshot's) has none.
    """

    __slots__ = ("_tracker",)
    model_config = ConfigDict(extra="forbid")

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            tracker = _TRACKER_SLOT.__get__(self)
        except AttributeError:
            pass
        else:
            tracker.row_write(self, name, value)
        if name in type(self).__pydantic_fields__:
            # what pydantic does for a declared field of a model without assignment validation, minus
            # the dispatch it goes through first (a row's stamp is written on every read)
            self.__dict__[name] = value
            self.__pydantic_fields_set__.add(name)
        else:
            super().__setattr__(name, value)

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        """pydantic's deep copy, specialised to rows of JSON values (several times faster on a big seed)."""
        cls = type(self)
        copied = cls.__new__(cls)
        fields = {name: _copy_json(value, memo) for name, value in self.__dict__.items()}
        object.__setattr__(copied, "__dict__", fields)
        object.__setattr__(copied, "__pydantic_fields_set__", all_fields(cls))
        object.__setattr__(copied, "__pydantic_extra__", None)
        object.__setattr__(copied, "__pydantic_private__", None)
        return copied


_TRACKER_SLOT = Record.__dict__["_tracker"]
_ALL_FIELDS: dict[type, set[str]] = {}


def all_fields(cls: type[Record]) -> set[str]:
    """One set of every field name per record class, shared by the rows a store keeps.

    pydantic gives each row its own set of the fields it was given (a kilobyte for a dashboard); the
    store never asks which fields a row was given, so its rows share one set that names them all (adding
    a name already there, as pydantic does on assignment, changes nothing).
    """
    found = _ALL_FIELDS.get(cls)
    if found is None:
        found = _ALL_FIELDS[cls] = set(cls.model_fields)
    return found


_IMMUTABLE = (type(None), bool, int, float, str, datetime)


def _copy_json(value: Any, memo: dict[int, Any] | None) -> Any:
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is dict:
        return {key: _copy_json(item, memo) for key, item in value.items()}
    if kind is list:
        return [_copy_json(item, memo) for item in value]
    return copy.deepcopy(value, memo)


class Organization(Record):
    id: str
    name: str
    slug: str | None = None
    created_at: datetime | None = None
    # AvailableFeature keys, e.g. "tagging", "advanced_permissions", "access_control"
    features: list[str] = Field(default_factory=list)
    members_can_use_personal_api_keys: bool = True
    allow_publicly_shared_resources: bool = True
    # PostHog feature flags on for this organization (off by default, as on PostHog Cloud), e.g.
    # "customer-dashboard-template-authoring"
    feature_flags: list[str] = Field(default_factory=list)


class User(Record):
    id: int
    uuid: str = ""  # generated on load when left out
    email: str
    first_name: str = ""
    last_name: str = ""
    distinct_id: str | None = None
    is_email_verified: bool | None = True
    is_active: bool = True
    is_staff: bool = False
    date_joined: datetime | None = None
    current_organization_id: str | None = None
    current_team_id: int | None = None
    role_at_organization: str | None = None


class Membership(Record):
    id: str = ""  # generated on load when a fixture leaves it out
    organization_id: str
    user_id: int
    level: int = MEMBER
    joined_at: datetime | None = None


class Project(Record):
    id: int
    organization_id: str
    name: str
    created_at: datetime | None = None


class Team(Record):
    """An environment. A project's primary team has the project's id."""

    id: int
    project_id: int
    name: str
    uuid: str = ""  # generated on load when left out
    api_token: str = ""  # generated on load when left out
    # the project secret API key (phs_...) local evaluation accepts; derived on load when left out
    secret_api_token: str = ""
    timezone: str = "UTC"
    created_at: datetime | None = None
    # PostHog: Team.extra_settings (free-form; e.g. full_video_exports_limit, a support-raised quota)
    extra_settings: dict[str, Any] | None = None


class PersonalApiKey(Record):
    id: str = ""  # generated on load when left out
    user_id: int
    label: str
    description: str | None = None
    value: str
    scopes: list[str] = Field(default_factory=lambda: ["*"])
    # PostHog: keys made in PostHog's UI (and its API, which requires both) hold lists; null is kept only
    # for a fixture that writes it, as PostHog's oldest keys have it
    scoped_teams: list[int] | None = Field(default_factory=list)
    scoped_organizations: list[str] | None = Field(default_factory=list)
    created_at: datetime | None = None
    last_used_at: datetime | None = None
    last_rolled_at: datetime | None = None
    # Divergence: mockhog has no browser session login. A key marked ``session`` stands in for one on the
    # personal API key endpoints, which PostHog opens to sessions only (a key may read just itself).
    session: bool = False


class Insight(Record):
    id: int
    team_id: int
    short_id: str = ""  # generated on load when left out
    name: str | None = None
    derived_name: str | None = None
    description: str | None = ""
    query: dict[str, Any] | None = None
    filters: dict[str, Any] = Field(default_factory=dict)
    order: int | None = None
    created_at: datetime | None = None
    created_by_id: int | None = None
    last_modified_at: datetime | None = None
    last_modified_by_id: int | None = None
    updated_at: datetime | None = None
    last_refresh: datetime | None = None
    deleted: bool = False
    saved: bool = True
    favorited: bool = False
    is_sample: bool = False
    tags: list[str] = Field(default_factory=list)


class Dashboard(Record):
    id: int
    team_id: int
    name: str | None = None
    description: str = ""
    pinned: bool = False
    created_at: datetime | None = None
    created_by_id: int | None = None
    deleted: bool = False
    last_accessed_at: datetime | None = None
    last_refresh: datetime | None = None
    filters: dict[str, Any] = Field(default_factory=dict)
    variables: dict[str, Any] | None = Field(default_factory=dict)
    breakdown_colors: Any = Field(default_factory=list)
    data_color_theme_id: int | None = None
    creation_mode: CreationMode = "default"
    restriction_level: Annotated[int, AfterValidator(_restriction_level)] = EVERYONE_IN_PROJECT_CAN_EDIT
    quick_filter_ids: list[str] | None = Field(default_factory=list)
    # PostHog: products/dashboards/backend/migrations/0015_dashboard_customization.py (default {})
    customization: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)


TemplateScope = Literal["team", "global", "feature_flag"]


class DashboardTemplate(Record):
    """A dashboard template: PostHog's official ones have no team; a team's own have scope "team"."""

    id: str = ""  # generated on load when left out
    team_id: int | None = None
    template_name: str | None = None
    dashboard_description: str | None = None
    dashboard_filters: Any = None
    tags: list[str] | None = None
    tiles: Any = None
    variables: Any = None
    # PostHog: the model's deleted is a nullable boolean that starts as null
    deleted: bool | None = None
    created_at: datetime | None = None
    created_by_id: int | None = None
    image_url: str | None = None
    scope: TemplateScope | None = "team"
    availability_contexts: list[str] | None = None
    is_featured: bool = False


class Text(Record):
    id: int
    team_id: int
    body: str | None = None
    created_by_id: int | None = None
    last_modified_by_id: int | None = None
    last_modified_at: datetime | None = None


class Tile(Record):
    id: int
    dashboard_id: int
    insight_id: int | None = None
    text_id: int | None = None
    layouts: dict[str, Any] = Field(default_factory=dict)
    color: str | None = None
    filters_overrides: dict[str, Any] | None = Field(default_factory=dict)
    show_description: bool | None = None
    transparent_background: bool | None = None
    deleted: bool | None = None


class Collaborator(Record):
    """A DashboardPrivilege: an explicit level for one user on one dashboard."""

    id: str = ""  # generated on load when left out
    dashboard_id: int
    user_id: int
    level: int = CAN_EDIT
    added_at: datetime | None = None
    updated_at: datetime | None = None


class SharingConfiguration(Record):
    """A dashboard's or an insight's public link. A refresh expires the old row and creates a new one."""

    id: int
    team_id: int
    dashboard_id: int | None = None
    insight_id: int | None = None
    access_token: str = ""  # generated on load when left out
    enabled: bool = False
    settings: dict[str, Any] | None = None
    password_required: bool = False
    created_at: datetime | None = None
    expires_at: datetime | None = None


def sharing_target(config: SharingConfiguration) -> tuple[str, int]:
    """("dashboard", id) or ("insight", id): what a sharing configuration shares."""
    if config.dashboard_id is not None:
        return ("dashboard", config.dashboard_id)
    assert config.insight_id is not None, "a sharing configuration shares a dashboard or an insight"
    return ("insight", config.insight_id)


class SharePassword(Record):
    id: int
    sharing_configuration_id: int
    # sha256 of salt + password; mockhog never keeps the raw password after answering the create
    password_hash: str
    salt: str = ""
    note: str = ""
    created_by_id: int | None = None
    created_at: datetime | None = None
    is_active: bool = True


class ExportedAsset(Record):
    """An export of a dashboard or insight. Content is kept base64-encoded so state dumps stay JSON."""

    id: int
    team_id: int
    created_by_id: int | None = None
    dashboard_id: int | None = None
    insight_id: int | None = None
    export_format: str
    export_context: dict[str, Any] | None = None
    created_at: datetime | None = None
    expires_after: datetime | None = None
    content_base64: str | None = None
    exception: str | None = None
    # an export made by PostHog itself (a replay scan), not a user: it never counts against a quota
    is_system: bool = False


class FileSystemEntry(Record):
    """A row of the project tree: a folder, or a file pointing at an object by type and ref."""

    id: str = ""  # generated on load when left out
    team_id: int
    path: str
    type: str = ""
    ref: str | None = None
    href: str | None = None
    # PostHog: posthog/models/file_system/file_system.py (a JSONField: any JSON value, an object by default)
    meta: Any = Field(default_factory=dict)
    shortcut: bool | None = False
    created_at: datetime | None = None
    created_by_id: int | None = None


class FileSystemView(Record):
    """One user's view of an object (PostHog's FileSystemViewLog), behind log_view."""

    team_id: int
    user_id: int
    type: str
    ref: str
    viewed_at: datetime


class InsightView(Record):
    """A user's latest view of an insight (PostHog's InsightViewed: one row per team, user and insight).

    ``user_id`` None is the anonymous row a public share link's views update.
    """

    team_id: int
    user_id: int | None = None
    insight_id: int
    last_viewed_at: datetime


class DashboardNudge(Record):
    """A subscription nudge sent to a user for a dashboard (PostHog dedupes them for 30 days)."""

    team_id: int
    user_id: int
    dashboard_id: int
    nudged_at: datetime


class FileSystemShortcut(Record):
    """A user's starred tree item."""

    id: str = ""  # generated on load when left out
    team_id: int
    user_id: int
    path: str
    type: str = ""
    ref: str | None = None
    href: str | None = None
    order: int = 0
    created_at: datetime | None = None
