"""Feature flags: PostHog's /flags matching engine as pure functions over flag, cohort and person data."""
