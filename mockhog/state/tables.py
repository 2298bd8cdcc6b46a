"""THE table registry: every table the store keeps and a fixture holds, declared once.

The fixture's reference and duplicate checks, the store's state dump and id counters, the state-change
journal and the tenants' ownership tests are read from here, so a table cannot be half-added. (The
fixture model itself stays written out for its types; a test pins it against this registry and the
README's fixture table.)
"""

from __future__ import annotations

from dataclasses import dataclass

from mockhog.state import flag_records, person_records, records


@dataclass(frozen=True)
class Ref:
    """A field of a row naming a row of another table (None is allowed and names nothing)."""

    field: str
    table: str
    what: str  # how a message names the target: "team", "user", ...
    # a tenant copy of the row needs the target copied too (else the reference is dropped to None)
    required: bool = False


@dataclass(frozen=True)
class Fill:
    """A field a hand-written fixture may leave out, and what a load puts there when it is empty.

    ``source``: "now" (the load's time), "uuid", "person_uuid" (PostHog's uuid of the first distinct
    id), "alphanumeric" (``size`` characters after ``prefix``), "token" (``size`` random bytes, URL-safe
    base64), "derived" (``prefix`` and ``size`` hex digits of a sha256 of the row's field ``other``: no
    RNG draw) or "field" (the value of the row's field ``other``, filled before it). The order of the
    fills, table by table and row by row, is the order of the RNG draws: part of the fixture format
    (the same fixture, the same tokens).
    """

    field: str
    source: str
    size: int = 0
    prefix: str = ""
    other: str = ""


def _now(field: str) -> Fill:
    return Fill(field, "now")


def _uuid(field: str = "id") -> Fill:
    return Fill(field, "uuid")


@dataclass(frozen=True)
class Table:
    """One table: its record, how rows are keyed, what they refer to, and who owns them."""

    name: str  # the fixture's key and the Store's attribute
    record: type[records.Record]
    # "counter": integer ids from the store's counters; "given": ids the row brings or the RNG fills
    # (uuids, key ids); "none": a log of events without ids, kept as a list
    ids: str
    refs: tuple[Ref, ...] = ()
    # which rows a tenant owns: "team" (by team_id), or a reference the tenants' code resolves itself
    owner: str = ""
    # fields a read stamps (the time a row was last opened): a write of one changes what renders of the
    # row itself show, so it bumps the tracker's stamp version and not its content version
    stamps: tuple[str, ...] = ()
    # what a load fills in when a fixture row leaves it empty (mockhog/state/fill.py applies them in order)
    fill: tuple[Fill, ...] = ()

    @property
    def keyed(self) -> bool:
        return self.ids != "none"

    @property
    def counted(self) -> bool:
        return self.ids == "counter"


def _team() -> Ref:
    return Ref("team_id", "teams", "team", required=True)


def _user(field: str, *, required: bool = False) -> Ref:
    return Ref(field, "users", "user", required)


def _org(field: str = "organization_id", *, required: bool = True) -> Ref:
    return Ref(field, "organizations", "organization", required)


def _dashboard(*, required: bool = True) -> Ref:
    return Ref("dashboard_id", "dashboards", "dashboard", required)


def _insight(*, required: bool = False) -> Ref:
    return Ref("insight_id", "insights", "insight", required)


TABLES: tuple[Table, ...] = (
    Table("organizations", records.Organization, "given", owner="organization", fill=(_now("created_at"),)),
    Table(
        "users",
        records.User,
        "counter",
        (
            Ref("current_organization_id", "organizations", "organization"),
            Ref("current_team_id", "teams", "team"),
        ),
        owner="user",
        fill=(_uuid("uuid"), Fill("distinct_id", "alphanumeric", 43), _now("date_joined")),
    ),
    Table(
        "memberships",
        records.Membership,
        "given",
        (_org(), _user("user_id", required=True)),
        owner="membership",
        fill=(_uuid(), _now("joined_at")),
    ),
    Table(
        "projects",
        records.Project,
        "counter",
        (_org(),),
        owner="project",
        fill=(_now("created_at"),),
    ),
    Table(
        "teams",
        records.Team,
        "counter",
        (Ref("project_id", "projects", "project", required=True),),
        owner="team_row",
        fill=(
            _uuid("uuid"),
            Fill("api_token", "alphanumeric", 43, prefix="phc_"),
            # derived from the public token, so that adding it moved no other row's RNG draws
            Fill("secret_api_token", "derived", 43, prefix="phs_", other="api_token"),
            _now("created_at"),
        ),
    ),
    Table(
        "personal_api_keys",
        records.PersonalApiKey,
        "given",
        (_user("user_id", required=True),),
        owner="user_key",
        # PostHog: posthog/models/personal_api_key.py (authentication stamps last_used_at, at most hourly)
        stamps=("last_used_at",),
        fill=(Fill("id", "alphanumeric", 12), _now("created_at")),
    ),
    Table(
        "insights",
        records.Insight,
        "counter",
        (_team(), _user("created_by_id"), _user("last_modified_by_id")),
        owner="team",
        fill=(
            Fill("short_id", "alphanumeric", 8),
            _now("created_at"),
            Fill("last_modified_at", "field", other="created_at"),
            Fill("updated_at", "field", other="last_modified_at"),
        ),
    ),
    Table(
        "dashboards",
        records.Dashboard,
        "counter",
        (_team(), _user("created_by_id")),
        owner="team",
        # PostHog: DashboardsViewSet.retrieve saves last_accessed_at on every read
        stamps=("last_accessed_at",),
        fill=(_now("created_at"),),
    ),
    Table(
        "texts",
        records.Text,
        "counter",
        (_team(), _user("created_by_id"), _user("last_modified_by_id")),
        owner="team",
        fill=(_now("last_modified_at"),),
    ),
    Table(
        "tiles",
        records.Tile,
        "counter",
        (_dashboard(), _insight(), Ref("text_id", "texts", "text")),
        owner="dashboard",
    ),
    Table(
        "collaborators",
        records.Collaborator,
        "given",
        (_dashboard(), _user("user_id", required=True)),
        owner="dashboard",
        fill=(_uuid(), _now("added_at"), Fill("updated_at", "field", other="added_at")),
    ),
    Table(
        "sharing_configurations",
        records.SharingConfiguration,
        "counter",
        (_dashboard(required=False), _insight(), _team()),
        owner="team",
        fill=(Fill("access_token", "token", 22), _now("created_at")),
    ),
    Table(
        "share_passwords",
        records.SharePassword,
        "counter",
        (
            Ref("sharing_configuration_id", "sharing_configurations", "sharing configuration", required=True),
            _user("created_by_id"),
        ),
        owner="sharing_configuration",
        fill=(_now("created_at"),),
    ),
    Table(
        "exports",
        records.ExportedAsset,
        "counter",
        (_team(), _dashboard(required=False), _insight(), _user("created_by_id")),
        owner="team",
        fill=(_now("created_at"),),
    ),
    Table(
        "dashboard_templates",
        records.DashboardTemplate,
        "given",
        (_team(), _user("created_by_id")),
        owner="team",
        fill=(_uuid(), _now("created_at")),
    ),
    Table(
        "file_system",
        records.FileSystemEntry,
        "given",
        (_team(), _user("created_by_id")),
        owner="team",
        fill=(_uuid(), _now("created_at")),
    ),
    Table(
        "file_system_views",
        records.FileSystemView,
        "none",
        (_team(), _user("user_id", required=True)),
        owner="team",
    ),
    Table(
        "file_system_shortcuts",
        records.FileSystemShortcut,
        "given",
        (_team(), _user("user_id", required=True)),
        owner="team",
        fill=(_uuid(), _now("created_at")),
    ),
    Table(
        "insight_views",
        records.InsightView,
        "none",
        (_team(), _user("user_id"), _insight(required=True)),
        owner="team",
    ),
    Table(
        "dashboard_nudges",
        records.DashboardNudge,
        "none",
        (_team(), _user("user_id", required=True), _dashboard()),
        owner="team",
    ),
    # persons and groups: made by captured events as PostHog's ingestion makes them, or by a fixture
    Table(
        "persons",
        person_records.Person,
        "counter",
        (_team(),),
        owner="team",
        fill=(Fill("uuid", "person_uuid"), _now("created_at")),
    ),
    Table("groups", person_records.Group, "counter", (_team(),), owner="team", fill=(_now("created_at"),)),
    Table(
        "group_type_mappings",
        person_records.GroupTypeMapping,
        "counter",
        (_team(),),
        owner="team",
        fill=(_now("created_at"),),
    ),
    # feature flags, the cohorts they target, experience continuity's pinned hash keys, tests' overrides
    Table(
        "cohorts",
        flag_records.Cohort,
        "counter",
        (_team(), _user("created_by_id")),
        owner="team",
        fill=(_now("created_at"),),
    ),
    Table(
        "feature_flags",
        flag_records.FeatureFlag,
        "counter",
        (
            _team(),
            _user("created_by_id"),
            _user("last_modified_by_id"),
            Ref("usage_dashboard_id", "dashboards", "dashboard"),
        ),
        owner="team",
        fill=(_now("created_at"), Fill("updated_at", "field", other="created_at")),
    ),
    Table(
        "flag_hash_key_overrides",
        flag_records.FlagHashKeyOverride,
        "none",
        (_team(), Ref("person_id", "persons", "person", required=True)),
        owner="team",
    ),
    Table("flag_overrides", flag_records.FlagOverride, "counter", (_team(),), owner="team"),
)
BY_NAME = {table.name: table for table in TABLES}
NAMES = tuple(table.name for table in TABLES)
KEYED = tuple(table.name for table in TABLES if table.keyed)
COUNTED = tuple(table.name for table in TABLES if table.counted)
TEAM_OWNED = tuple(table.name for table in TABLES if table.owner == "team")
TABLE_OF_RECORD = {table.record: table.name for table in TABLES}
STAMPS = {table.record: frozenset(table.stamps) for table in TABLES if table.stamps}
