"""The flags of the SDK oracle: one flag per kind PostHog serves, and random people to evaluate them for.

Every property domain is one where PostHog's flags service and its SDKs decide alike (the places they
are documented to differ, such as legacy ``exact`` truthiness on non-boolean values or string-vs-number
comparisons, are left out of the random values on purpose).
"""

from __future__ import annotations

import random
import string
from typing import Any

COMPANY = 0
COHORT, NESTED_COHORT, STATIC_COHORT = 10, 11, 12


def _p(key: str, operator: str, value: Any, kind: str = "person", **extra: Any) -> dict[str, Any]:
    return {"key": key, "type": kind, "operator": operator, "value": value, **extra}


def _c(percentage: float | None, *properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"properties": list(properties), "rollout_percentage": percentage, **extra}


def _flag_ref(flag_id: int, value: bool | str) -> dict[str, Any]:
    return {"key": str(flag_id), "type": "flag", "value": value, "operator": "flag_evaluates_to"}


def _variants(*shares: tuple[str, int]) -> dict[str, Any]:
    return {"variants": [{"key": key, "name": None, "rollout_percentage": share} for key, share in shares]}


def _cohort(cohort_id: int) -> dict[str, Any]:
    return {"key": "id", "type": "cohort", "value": cohort_id}


FLAG_FILTERS: list[tuple[int, str, dict[str, Any]]] = [
    (1, "rollout-25", {"groups": [_c(25)]}),
    (2, "rollout-0", {"groups": [_c(0)]}),
    (3, "plan-pro", {"groups": [_c(100, _p("plan", "exact", ["pro", "enterprise"]))]}),
    (4, "not-free", {"groups": [_c(100, _p("plan", "is_not", "free"))]}),
    (5, "email-domain", {"groups": [_c(100, _p("email", "icontains", "@hedgebank"))]}),
    (6, "not-test-email", {"groups": [_c(100, _p("email", "not_icontains", "test"))]}),
    (7, "name-regex", {"groups": [_c(100, _p("name", "regex", "^[a-m]"))]}),
    (8, "name-not-regex", {"groups": [_c(100, _p("name", "not_regex", "x$"))]}),
    (9, "working-age", {"groups": [_c(50, _p("age", "gte", "18"), _p("age", "lt", "65"))]}),
    (10, "over-40", {"groups": [_c(100, _p("age", "gt", "40"), _p("age", "lte", "80"))]}),
    (11, "has-country", {"groups": [_c(100, _p("country", "is_set", "is_set"))]}),
    (12, "no-country", {"groups": [_c(100, _p("country", "is_not_set", "is_not_set"))]}),
    (13, "early-signup", {"groups": [_c(100, _p("signup", "is_date_before", "2025-06-01"))]}),
    (14, "late-signup", {"groups": [_c(100, _p("signup", "is_date_after", "2025-03-15T12:00:00Z"))]}),
    (15, "app-1x", {"groups": [_c(100, _p("app", "semver_gte", "1.4.0"), _p("app", "semver_lt", "2.0.0"))]}),
    (16, "app-tilde", {"groups": [_c(100, _p("app", "semver_tilde", "1.2.0"))]}),
    (17, "app-caret", {"groups": [_c(100, _p("app", "semver_caret", "0.3.0"))]}),
    (18, "app-wildcard", {"groups": [_c(100, _p("app", "semver_wildcard", "2.*"))]}),
    (
        19,
        "checkout",
        {
            "groups": [_c(100, _p("plan", "exact", "enterprise"), variant="third"), _c(60)],
            "multivariate": _variants(("control", 34), ("test", 33), ("third", 33)),
        },
    ),
    (
        20,
        "banner",
        {
            "groups": [_c(80)],
            "multivariate": _variants(("a", 50), ("b", 50)),
            "payloads": {"a": '{"x": 1}', "b": '"hello"'},
        },
    ),
    (21, "discount", {"groups": [_c(70)], "payloads": {"true": '{"discount": 10}'}}),
    (22, "in-cohort", {"groups": [_c(100, _cohort(COHORT))]}),
    (23, "not-in-cohort", {"groups": [_c(100, {**_cohort(COHORT), "operator": "not_in"})]}),
    (24, "nested-cohort", {"groups": [_c(100, _cohort(NESTED_COHORT))]}),
    (25, "static-cohort", {"groups": [_c(100, _cohort(STATIC_COHORT))]}),
    (
        26,
        "big-company",
        {
            "aggregation_group_type_index": COMPANY,
            "groups": [_c(80, _p("size", "gt", "50", "group", group_type_index=COMPANY))],
        },
    ),
    (27, "company-rollout", {"aggregation_group_type_index": COMPANY, "groups": [_c(30)]}),
    (28, "after-plan-pro", {"groups": [_c(100, _flag_ref(3, True))]}),
    (29, "after-checkout-test", {"groups": [_c(100, _flag_ref(19, "test"))]}),
    (30, "outside-rollout-25", {"groups": [_c(100, _flag_ref(1, False))]}),
    (
        32,
        "holdout",
        {
            "groups": [_c(100)],
            "multivariate": _variants(("control", 50), ("test", 50)),
            "holdout": {"id": 4, "exclusion_percentage": 10},
        },
    ),
    (
        33,
        "enrollment",
        {
            "groups": [_c(0)],
            "feature_enrollment": True,
            "super_groups": [_c(100, _p("$feature_enrollment/enrollment", "exact", ["true"]))],
        },
    ),
    (35, "beta-users", {"groups": [_c(100, _p("beta_user", "exact", [True]))]}),
    (
        36,
        "two-conditions",
        {"groups": [_c(10, _p("plan", "exact", "free")), _c(90, _p("country", "exact", ["US", "GB"]))]},
    ),
]
INACTIVE = (31, "inactive", {"groups": [_c(100)]})
CONTINUITY = (34, "continuity", {"groups": [_c(50)]})
# what the SDKs hand to the server by design: continuity and static cohorts are never local
REMOTE_ONLY = {"continuity", "static-cohort"}


def fixture_tables() -> dict[str, list[dict[str, Any]]]:
    """The flags, cohorts and group type of the oracle project (project 1's production team)."""
    flags = [{"id": i, "team_id": 1, "key": key, "filters": filters} for i, key, filters in FLAG_FILTERS]
    flags.append(
        {"id": INACTIVE[0], "team_id": 1, "key": INACTIVE[1], "filters": INACTIVE[2], "active": False}
    )
    flags.append(
        {
            "id": CONTINUITY[0],
            "team_id": 1,
            "key": CONTINUITY[1],
            "filters": CONTINUITY[2],
            "ensure_experience_continuity": True,
        }
    )
    cohort_properties = {
        "type": "OR",
        "values": [
            {"type": "AND", "values": [_p("plan", "exact", ["pro", "enterprise"]), _p("age", "gte", "21")]},
            {
                "type": "AND",
                "values": [
                    _p("email", "icontains", "@hedgebank"),
                    {**_p("country", "exact", "DE"), "negation": True},
                ],
            },
        ],
    }
    nested = {
        "type": "AND",
        "values": [{"type": "AND", "values": [_cohort(COHORT), _p("beta_user", "exact", [True])]}],
    }
    cohorts = [
        {"id": COHORT, "team_id": 1, "name": "paying adults", "filters": {"properties": cohort_properties}},
        {"id": NESTED_COHORT, "team_id": 1, "name": "beta payers", "filters": {"properties": nested}},
        {"id": STATIC_COHORT, "team_id": 1, "name": "hand-picked", "is_static": True},
    ]
    mapping = [{"id": 1, "team_id": 1, "group_type": "company", "group_type_index": COMPANY}]
    return {"feature_flags": flags, "cohorts": cohorts, "group_type_mappings": mapping}


def definitions_as_created() -> dict[str, Any]:
    """The local-evaluation definitions as the flags were created: what an SDK would evaluate if the
    server passed the rows through untouched."""
    tables = fixture_tables()
    return {
        "flags": [
            {"active": True, "ensure_experience_continuity": False, "version": 1, **row}
            for row in tables["feature_flags"]
        ],
        "group_type_mapping": {"0": "company"},
        "cohorts": {
            str(c["id"]): c["filters"]["properties"] for c in tables["cohorts"] if not c.get("is_static")
        },
    }


def _distinct_id(rng: random.Random, n: int) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return f"user-{n}"
    if kind == 1:
        return "".join(rng.choice("0123456789abcdef") for _ in range(32))
    if kind == 2:
        return f"{n}"
    if kind == 3:
        return f"ünï-{n}-ß"
    return "".join(rng.choice(string.ascii_letters) for _ in range(rng.randrange(3, 20)))


def _person(rng: random.Random) -> dict[str, Any]:
    props: dict[str, Any] = {}
    if rng.random() < 0.85:
        props["plan"] = rng.choice(["free", "pro", "enterprise", "Pro", "ENTERPRISE", "team"])
    if rng.random() < 0.85:
        name = "".join(rng.choice(string.ascii_letters) for _ in range(rng.randrange(2, 9)))
        props["name"] = name
        props["email"] = f"{name.lower()}@" + rng.choice(
            ["hedgebank.example", "test.example", "HEDGEBANK.io"]
        )
    if rng.random() < 0.85:
        age = rng.randrange(0, 95)
        props["age"] = str(age) if rng.random() < 0.2 else age
    if rng.random() < 0.7:
        props["country"] = rng.choice(["US", "GB", "DE", "FR"])
    if rng.random() < 0.85:
        props["signup"] = (
            f"2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:17:09Z"
        )
    if rng.random() < 0.85:
        props["app"] = f"{rng.randrange(4)}.{rng.randrange(6)}.{rng.randrange(10)}"
    if rng.random() < 0.85:
        props["beta_user"] = rng.random() < 0.5
    if rng.random() < 0.4:
        props["$feature_enrollment/enrollment"] = rng.choice([True, False, "true", "false"])
    return props


def people(count: int, seed: int = 20261207) -> list[dict[str, Any]]:
    """``count`` random callers: distinct id, person properties, and (most of them) a company."""
    rng = random.Random(seed)
    cases = []
    for n in range(count):
        case: dict[str, Any] = {"distinct_id": _distinct_id(rng, n), "person_properties": _person(rng)}
        if rng.random() < 0.6:
            key: str | int = rng.randrange(1000) if rng.random() < 0.3 else f"co-{rng.randrange(1000)}"
            case["groups"] = {"company": key}
            case["group_properties"] = {"company": {"size": rng.randrange(1, 200)}}
        cases.append(case)
    return cases
