"""The contract check: mockhog's responses validated against PostHog's published OpenAPI schema."""
