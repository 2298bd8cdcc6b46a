"""Renders cohorts as CohortSerializer does (``filters`` worked out from the legacy groups when unset)."""

from __future__ import annotations

from mockhog.products.flags.domain.cohort_properties import filters_out
from mockhog.products.flags.schemas.cohorts import CohortOut
from mockhog.products.view import View
from mockhog.state.flag_records import Cohort


def cohort_out(view: View, cohort: Cohort) -> CohortOut:
    return {
        "id": cohort.id,
        "name": cohort.name,
        "description": cohort.description,
        "groups": cohort.groups,
        "deleted": cohort.deleted,
        "filters": filters_out(cohort),
        "query": cohort.query,
        "is_calculating": cohort.is_calculating,
        "created_by": view.user(cohort.created_by_id),
        "created_at": cohort.created_at,
        "last_calculation": cohort.last_calculation,
        "errors_calculating": cohort.errors_calculating,
        "count": cohort.count,
        "is_static": cohort.is_static,
        "cohort_type": cohort.cohort_type,
        # mockhog keeps no experiments (PostHog: the experiments using the cohort as exposure cohort)
        "experiment_set": [],
    }
